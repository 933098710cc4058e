package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// chunkRows is the number of rows in a data file of a table page: about
// 200-400 kB for a curated table, so that the first rows show at once and
// a table of 100k rows loads in a few hundred files.
const chunkRows = 1000

// firstRows is the number of rows a table page holds in its HTML, for
// readers without JavaScript, and the number the script shows a page.
const firstRows = 100

// listing is how the page of a table shows it: the cells each row gives
// to the page's data (cell 0 is the row's home, relative to the site),
// the columns shown, the facets. It is derived from the table's fields,
// so a new field needs no change here.
type listing struct {
	cells  []func(row schema.Row) any
	Cols   []listCol   `json:"cols"`
	Facets []listFacet `json:"facets"`
	// The cells of the row's id, its quote as shown and its main figure
	// as written, for the search page; -1 where the table has none.
	id, quote, figure int
}

// listCol is a column of the page: the cell it shows and the cell it
// sorts by.
type listCol struct {
	Label string `json:"label"`
	Title string `json:"title,omitempty"`
	Show  int    `json:"show"`
	Sort  int    `json:"sort"`
	Num   bool   `json:"num,omitempty"`   // sorts as a number
	Group bool   `json:"group,omitempty"` // digits shown in groups of three
	Link  bool   `json:"link,omitempty"`  // links to the row's home
	Wide  bool   `json:"wide,omitempty"`  // long text
}

// listFacet is a facet of the page: the cell holding its value (or its
// ";"-separated values), and labels for values that are codes.
type listFacet struct {
	Name   string      `json:"name"`
	Label  string      `json:"label"`
	Cell   int         `json:"cell"`
	Multi  bool        `json:"multi,omitempty"`
	Num    bool        `json:"num,omitempty"` // values sort as numbers (years)
	Labels [][2]string `json:"labels,omitempty"`
}

// Facet values for rows whose time gives no years.
const (
	yearOpen = "open"
	yearNone = "none"
)

// maxYears is the longest span whose years a row is counted in; a longer
// one counts as open.
const maxYears = 100

// newListing derives the listing of table t.
func (s *site) newListing(t *schema.Table) *listing {
	l := &listing{id: -1, quote: -1, figure: -1}
	cell := func(f func(schema.Row) any) int {
		l.cells = append(l.cells, f)
		return len(l.cells) - 1
	}
	cell(nil) // the home, filled by rowCells
	colCell := func(c schema.Col) int {
		return cell(func(r schema.Row) any { return r[c].Native() })
	}
	var actorLabels [][2]string
	if at := s.table(schema.Actors); at != nil {
		for _, r := range at.Rows {
			actorLabels = append(actorLabels, [2]string{r[schema.ActorsCols.Code].String(), r[schema.ActorsCols.Name].String()})
		}
		sort.Slice(actorLabels, func(i, j int) bool { return actorLabels[i][0] < actorLabels[j][0] })
	}
	var actorCols []schema.Col
	// The year facet is of the table's first time: the years from start
	// to end of each row.
	yearDone := false
	yearFacet := func(field string, start, end schema.Col) {
		if yearDone {
			return
		}
		yearDone = true
		y := cell(func(r schema.Row) any { return years(r[start], r[end]) })
		l.Facets = append(l.Facets, listFacet{Name: "year", Label: "year (" + field + ")", Cell: y, Multi: true, Num: true})
	}
	cols := t.Columns()
	for i := range t.Fields {
		f := &t.Fields[i]
		fc := f.Cols()
		add := func(c listCol) { c.Title = f.Description; l.Cols = append(l.Cols, c) }
		switch f.Kind {
		case schema.KindID:
			c := colCell(fc.Value)
			add(listCol{Label: f.Name, Show: c, Sort: c, Link: true})
			l.id = c
		case schema.KindActor, schema.KindActors:
			code, name := colCell(fc.Value), colCell(fc.Name)
			add(listCol{Label: f.Name, Show: name, Sort: name})
			label := f.Name
			if af := actorField(t, f); af != nil && af.Role != f.Name {
				label = f.Name + " (" + af.Role + ")"
			}
			l.Facets = append(l.Facets, listFacet{Name: f.Name, Label: label, Cell: code, Multi: f.Kind == schema.KindActors, Labels: actorLabels})
			actorCols = append(actorCols, fc.Value)
		case schema.KindCount, schema.KindAmount, schema.KindDistance, schema.KindRatio:
			fig := fc.Figure
			text := colCell(fig.Text)
			num := cell(func(r schema.Row) any {
				for _, c := range []schema.Col{fig.Value, fig.Low, fig.High} {
					if !r[c].IsNull() {
						return r[c].Native()
					}
				}
				return nil
			})
			add(listCol{Label: f.Name, Show: text, Sort: num, Num: true})
			if f == t.MainFigure() {
				l.figure = text
				q := colCell(fig.Qualifier)
				l.Facets = append(l.Facets, listFacet{Name: cols[fig.Qualifier].Name, Label: cols[fig.Qualifier].Name, Cell: q})
			}
		case schema.KindWhen:
			w := fc.When
			text := cell(func(r schema.Row) any {
				if !r[w.Text].IsNull() {
					return r[w.Text].String()
				}
				if r[w.Start].IsNull() && r[w.End].IsNull() {
					return nil
				}
				return r[w.Start].Text() + "–" + r[w.End].Text()
			})
			start := colCell(w.Start)
			add(listCol{Label: f.Name, Show: text, Sort: start})
			yearFacet(f.Name, w.Start, w.End)
		case schema.KindDate:
			c := colCell(fc.Value)
			add(listCol{Label: f.Name, Show: c, Sort: c})
			yearFacet(f.Name, fc.Value, fc.Value)
		case schema.KindInt, schema.KindFloat:
			c := colCell(fc.Value)
			role := cols[fc.Value].Role
			add(listCol{Label: f.Name, Show: c, Sort: c, Num: true, Group: role == schema.RoleNumber || role == schema.RoleMoney})
		case schema.KindCode:
			c := colCell(fc.Value)
			add(listCol{Label: f.Name, Show: c, Sort: c})
			l.Facets = append(l.Facets, listFacet{Name: f.Name, Label: f.Name, Cell: c})
		default: // text, row references
			c := colCell(fc.Value)
			add(listCol{Label: f.Name, Show: c, Sort: c, Wide: !f.Verbatim && f.Role == schema.RolePlain && !f.Key})
			if f.Ref == schema.Sources.Name+".source_id" {
				l.Facets = append(l.Facets, listFacet{Name: f.Name, Label: f.Name, Cell: c})
			}
		}
	}
	if t.Curated {
		ref := t.Ref()
		src := colCell(ref.SourceID)
		l.Cols = append(l.Cols, listCol{Label: cols[ref.SourceID].Name, Title: cols[ref.SourceID].Description, Show: src, Sort: src})
		l.Facets = append(l.Facets, listFacet{Name: cols[ref.SourceID].Name, Label: "source", Cell: src})
		q := colCell(ref.QuoteDisplay)
		l.Cols = append(l.Cols, listCol{Label: "quote", Title: cols[ref.QuoteDisplay].Description, Show: q, Sort: q, Wide: true})
		l.quote = q
	}
	if len(actorCols) > 1 {
		anyActor := cell(func(r schema.Row) any {
			var codes []string
			for _, c := range actorCols {
				for _, code := range splitList(r[c].String()) {
					if !slices.Contains(codes, code) {
						codes = append(codes, code)
					}
				}
			}
			sort.Strings(codes)
			return strings.Join(codes, ";")
		})
		l.Facets = append([]listFacet{{Name: "any_actor", Label: "actor (any role)", Cell: anyActor, Multi: true, Labels: actorLabels}}, l.Facets...)
	}
	return l
}

// actorField returns the bridge's actor field for field f of table t, or
// nil (the builder's tables copy actors and have none).
func actorField(t *schema.Table, f *schema.Field) *schema.ActorField {
	for i := range schema.ActorFields {
		if af := &schema.ActorFields[i]; af.Table == t && af.Field.Name == f.Name {
			return af
		}
	}
	return nil
}

// years lists the years a span from start to end covers, ";"-separated,
// for the year facet: "open" when an end is unknown or the span is longer
// than maxYears, "none" when the row has no time.
func years(start, end schema.Value) string {
	switch {
	case start.IsNull() && end.IsNull():
		return yearNone
	case start.IsNull() || end.IsNull():
		return yearOpen
	}
	a, b := start.Date().Year, end.Date().Year
	if b < a || b-a >= maxYears {
		return yearOpen
	}
	ys := make([]string, 0, b-a+1)
	for y := a; y <= b; y++ {
		ys = append(ys, strconv.Itoa(y))
	}
	return strings.Join(ys, ";")
}

// rowCells returns the cells of row i of t.
func (s *site) rowCells(l *listing, t *dataset.Table, i int) []any {
	out := make([]any, len(l.cells))
	out[0] = s.home(t, i)
	for k := 1; k < len(l.cells); k++ {
		out[k] = l.cells[k](t.Rows[i])
	}
	return out
}

// tableMeta is what a table page's script reads: the listing, the number
// of rows and the data files, in the order to load them.
type tableMeta struct {
	Table  string      `json:"table"`
	Rows   int         `json:"rows"`
	Root   string      `json:"root"`
	Chunks []string    `json:"chunks"`
	Cols   []listCol   `json:"cols"`
	Facets []listFacet `json:"facets"`
	Page   int         `json:"page"`
}

// chunk is one data file of a table page.
type chunk struct {
	Table string  `json:"table"`
	N     int     `json:"n"`
	Rows  [][]any `json:"rows"`
}

// staticCell is a cell of a table page's first rows, for readers without
// JavaScript.
type staticCell struct {
	Text, Href string
	Wide, Num  bool
}

// tableView is a table page.
type tableView struct {
	common
	Table   *schema.Table
	Count   int
	Data    tableMeta
	Head    []listCol
	First   [][]staticCell
	Columns []schema.Column
}

// listingOf returns the listing of table t, derived once.
func (s *site) listingOf(t *schema.Table) *listing {
	s.listingsOnce.Do(func() {
		s.listings = map[*schema.Table]*listing{}
		for _, tab := range s.rel.Tables {
			s.listings[tab.Schema] = s.newListing(tab.Schema)
		}
	})
	return s.listings[t]
}

// tableFiles returns the page of table t and its data files.
func (s *site) tableFiles(t *dataset.Table) []file {
	p := tablePage(t.Schema.Name)
	l := s.listingOf(t.Schema)
	n := (len(t.Rows) + chunkRows - 1) / chunkRows
	meta := tableMeta{Table: t.Schema.Name, Rows: len(t.Rows), Root: rootOf(p), Cols: l.Cols, Facets: l.Facets, Page: firstRows}
	out := make([]file, 0, n+1)
	for k := 0; k < n; k++ {
		cp := chunkPath(t.Schema.Name, k)
		meta.Chunks = append(meta.Chunks, rootOf(p)+cp)
		lo, hi := k*chunkRows, min((k+1)*chunkRows, len(t.Rows))
		out = append(out, file{path: cp, render: func(b *bytes.Buffer) error {
			c := chunk{Table: t.Schema.Name, N: k, Rows: make([][]any, 0, hi-lo)}
			for i := lo; i < hi; i++ {
				c.Rows = append(c.Rows, s.rowCells(l, t, i))
			}
			js, err := json.Marshal(c)
			if err != nil {
				return err
			}
			b.WriteString("armsdataChunk(")
			b.Write(js)
			b.WriteString(");\n")
			return nil
		}})
	}
	out = append(out, file{path: p, render: func(b *bytes.Buffer) error {
		v := &tableView{common: s.newCommon("table", t.Schema.Title, p), Table: t.Schema, Count: len(t.Rows), Data: meta, Head: l.Cols, Columns: t.Schema.Columns()}
		root := rootOf(p)
		for i := 0; i < min(firstRows, len(t.Rows)); i++ {
			cells := s.rowCells(l, t, i)
			row := make([]staticCell, len(l.Cols))
			for k, c := range l.Cols {
				sc := staticCell{Text: cellText(cells[c.Show], c.Group), Wide: c.Wide, Num: c.Num}
				if c.Link {
					sc.Href = root + cells[0].(string)
				}
				row[k] = sc
			}
			v.First = append(v.First, row)
		}
		return page("table", v)(b)
	}})
	return out
}

// cellText is a cell's value as the page shows it, as the script does.
func cellText(v any, group bool) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		if group {
			return grouped(strconv.FormatInt(x, 10))
		}
		return strconv.FormatInt(x, 10)
	case float64:
		s := strconv.FormatFloat(x, 'f', -1, 64)
		if group {
			return grouped(s)
		}
		return s
	}
	return fmt.Sprint(v)
}
