package site

import (
	"bytes"
	"embed"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets/style.css
var styleCSS []byte

//go:embed assets/site.js
var siteJS []byte

// templates are the page templates, each the base layout with its own
// "main". They are parsed once, when the package initialises, and only
// executed after that.
var templates = func() map[string]*template.Template {
	out := map[string]*template.Template{}
	for _, name := range []string{"index", "row", "source", "table", "actor", "balance", "chart", "search"} {
		out[name] = template.Must(template.New(name).ParseFS(templateFS, "templates/base.html", "templates/charts.html", "templates/"+name+".html"))
	}
	return out
}()

// common is what every page shows: its title, the way back to the site's
// directory, the release.
type common struct {
	Kind  string // the template, also the body's class
	Title string
	Root  string // "" or "../" repeated: the site's directory from the page
	Meta  dataset.Meta
}

// page renders the template of kind with data, which embeds common.
func page(kind string, data any) func(*bytes.Buffer) error {
	return func(b *bytes.Buffer) error { return templates[kind].ExecuteTemplate(b, "page", data) }
}

// newCommon returns the common part of the page at path p.
func (s *site) newCommon(kind, title, p string) common {
	return common{Kind: kind, Title: title, Root: rootOf(p), Meta: s.rel.Meta}
}

// link is a piece of text, linked where Href is set.
type link struct {
	Text, Href string
}

// cell is a value as a page shows it: its text, and where it links to.
type cell struct {
	Name     string // the column
	Text     string
	Raw      string // the value as CSV writes it, for data attributes
	Null     bool
	Href     string // a page of the site, relative to the page
	External string // the source's own address (http or https only)
	Parts    []link // a list of actors, each linked
	Written  bool   // a value that stands in the quote as written
}

// external returns u when it is an absolute http or https address, the
// only links to outside the site a page has (the sources' own), and ""
// otherwise: a javascript: or data: address in a source's url is shown
// as text, never followed.
func external(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return u
}

// valueCell is column c of row as a page at root shows it: actor codes
// and source ids link to their pages, row ids to their rows, addresses
// outside.
func (s *site) valueCell(t *schema.Table, c schema.Col, row schema.Row, root string) cell {
	col := t.Columns()[c]
	v := row[c]
	out := cell{Name: col.Name, Text: v.Text(), Raw: v.Text(), Null: v.IsNull()}
	if out.Null {
		return out
	}
	if col.Role == schema.RoleNumber || col.Role == schema.RoleMoney {
		out.Text = grouped(out.Text)
	}
	f := t.Field(col.Field)
	switch {
	case f != nil && f.Kind == schema.KindActors && c == f.Cols().Value:
		for _, code := range splitList(v.String()) {
			l := link{Text: code}
			if _, ok := s.actors[code]; ok {
				l.Href = root + actorPage(code)
			}
			out.Parts = append(out.Parts, l)
		}
	case col.Ref == schema.Actors.Name+".code":
		if _, ok := s.actors[v.String()]; ok {
			out.Href = root + actorPage(v.String())
		}
	case col.Ref == schema.Sources.Name+".source_id":
		if _, ok := s.sources[v.String()]; ok {
			out.Href = root + sourcePage(v.String())
		}
	case col.Role == schema.RoleURL:
		out.External = external(v.String())
	case col.Role == schema.RoleID && c != t.Ref().ID:
		if h := s.rowHref(v.String()); h != "" {
			out.Href = root + h
		}
	}
	if f != nil && f.Cols().Quoted == c {
		out.Written = true
	}
	return out
}

// grouped writes the digits of a whole number in groups of three
// ("1,400,000,000"), for reading; other numbers stay as they are.
func grouped(s string) string {
	digits := strings.TrimPrefix(s, "-")
	if _, err := strconv.ParseUint(digits, 10, 64); err != nil || len(digits) <= 4 {
		return s
	}
	var b strings.Builder
	if len(digits) != len(s) {
		b.WriteByte('-')
	}
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String()
}

// asset is a file of the site that is the same for every release.
func asset(b []byte) func(*bytes.Buffer) error {
	return func(buf *bytes.Buffer) error { buf.Write(b); return nil }
}

// files lists every file of the site.
func (s *site) files() []file {
	out := []file{
		{path: stylePath, render: asset(styleCSS)},
		{path: scriptPath, render: asset(siteJS)},
		{path: indexPage, render: s.indexPage()},
		{path: balancePage, render: s.balancePage()},
	}
	out = append(out, s.chartPages()...)
	out = append(out, s.searchFile())
	for _, t := range s.rel.Tables {
		out = append(out, s.tableFiles(t)...)
		if ownsPage(t.Schema) {
			for i := range t.Rows {
				p := s.home(t, i)
				out = append(out, file{path: p, render: s.rowPage(t, i, p)})
			}
		}
	}
	if t := s.table(schema.Sources); t != nil {
		for i := range t.Rows {
			p := s.home(t, i)
			out = append(out, file{path: p, render: s.sourcePage(t, i, p)})
		}
	}
	if t := s.table(schema.Actors); t != nil {
		for i := range t.Rows {
			p := s.home(t, i)
			out = append(out, file{path: p, render: s.actorPage(t, i, p)})
		}
	}
	return out
}
