package site

import (
	"bytes"
	"strings"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// piece is a run of a source text as a page shows it: plain, or marked as
// the value of the columns Cols; Break puts a paragraph break before it
// (its text is then the blank lines, kept so that the page's text is the
// source's, character for character).
type piece struct {
	Text  string
	Break bool
	Cols  string
}

// pieces cuts text[from:to] at its paragraph breaks (white space holding
// a blank line), the runs in marks marked with their columns.
func pieces(text []rune, from, to int, marks []dataset.Mark) []piece {
	var out []piece
	emit := func(a, b int, cols string) {
		for a < b {
			// a paragraph break: white space with two line breaks or more
			i := a
			for i < b && !isSpace(text[i]) {
				i++
			}
			j, breaks := i, 0
			for j < b && isSpace(text[j]) {
				if text[j] == '\n' {
					breaks++
				}
				j++
			}
			switch {
			case i == b:
				out = append(out, piece{Text: string(text[a:b]), Cols: cols})
				return
			case breaks >= 2:
				if i > a {
					out = append(out, piece{Text: string(text[a:i]), Cols: cols})
				}
				out = append(out, piece{Text: string(text[i:j]), Break: true, Cols: cols})
			default:
				out = append(out, piece{Text: string(text[a:j]), Cols: cols})
			}
			a = j
		}
	}
	at := from
	for _, m := range marks {
		s, e := max(m.Start, from), min(m.End, to)
		if s >= e || s < at {
			continue
		}
		emit(at, s, "")
		emit(s, e, strings.Join(m.Columns, " "))
		at = e
	}
	emit(at, to, "")
	return merge(out)
}

// merge joins neighbouring pieces that a page shows alike.
func merge(ps []piece) []piece {
	var out []piece
	for _, p := range ps {
		if n := len(out); n > 0 && !p.Break && out[n-1].Cols == p.Cols {
			out[n-1].Text += p.Text
			continue
		}
		out = append(out, p)
	}
	return out
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\f' || r == '\v'
}

// evidence is a curated row's quote in its paragraph.
type evidence struct {
	SourceID, SourceTitle, SourceHref, Citation, URL, Lang string
	Before, Quote, After                                   []piece
	Cut, CutAfter                                          bool // the paragraph is cut short before or after
	Display                                                string
	Start, End, Line                                       int64
	File                                                   string
}

type linkView struct {
	Anchor, Relation, Description, Detail string
	Other                                 link
	OtherTable, OtherSource               string
}

type claimView struct {
	Row                   link
	Role, Kind, Result    string
	Detail, Stated, Quote string
}

type indicatorView struct {
	Anchor, Indicator, Actor, Text, Unit, Qualifier, Year string
	Chart                                                 string
}

type actorView struct {
	Anchor, Role string
	Actor        link
	Name         string
}

type itemView struct {
	Row                   link
	Description, Quantity string
}

type figureView struct {
	At                 link
	Kind, Line, Column string
}

// rowView is a row page.
type rowView struct {
	common
	Table      *schema.Table
	TableHref  string
	ID         string
	Headline   string // who, how much, when: the row at a glance
	Evidence   *evidence
	Values     []cell
	Rule       string
	Links      []linkView
	Claims     []claimView
	Indicators []indicatorView
	Actors     []actorView
	Items      []itemView
	Figures    []figureView
	Cite       string
}

// rowPage renders the page of row i of table t, at path p.
func (s *site) rowPage(t *dataset.Table, i int, p string) func(*bytes.Buffer) error {
	return func(b *bytes.Buffer) error {
		v := s.rowView(t, i, p)
		return page("row", v)(b)
	}
}

func (s *site) rowView(t *dataset.Table, i int, p string) *rowView {
	row, st := t.Rows[i], t.Schema
	ref := st.Ref()
	id := row[ref.ID].String()
	root := rootOf(p)
	v := &rowView{common: s.newCommon("row", id+" · "+st.Title, p), Table: st, TableHref: root + tablePage(st.Name), ID: id}
	skip := map[schema.Col]bool{}
	if st.Curated {
		for _, c := range st.SourceRef() {
			skip[c] = true
		}
		v.Evidence = s.evidence(st, row, root)
		v.Headline = headline(st, row)
		v.Cite = dataset.CiteRow(s.rel.Meta, st.Name, id, row[ref.Citation].String())
	}
	for c := range st.Columns() {
		if !skip[schema.Col(c)] {
			v.Values = append(v.Values, s.valueCell(st, schema.Col(c), row, root))
		}
	}
	if pos, ok := s.rel.RulePos[id]; ok {
		v.Rule = pos.String()
	}
	if lt := s.table(schema.Links); lt != nil {
		c := schema.LinksCols
		for _, k := range s.links[id] {
			lr := lt.Rows[k]
			other, otherTable, otherSource := lr[c.RowB], lr[c.TableB], lr[c.SourceB]
			if lr[c.RowB].String() == id {
				other, otherTable, otherSource = lr[c.RowA], lr[c.TableA], lr[c.SourceA]
			}
			v.Links = append(v.Links, linkView{
				Anchor: slug(lr[c.ID].String()), Relation: lr[c.Relation].String(),
				Description: lr[c.Description].String(), Detail: lr[c.Detail].String(),
				Other:      link{Text: other.String(), Href: root + rowPage(otherTable.String(), other.String())},
				OtherTable: otherTable.String(), OtherSource: otherSource.String(),
			})
		}
	}
	if ct := s.table(schema.Claims); ct != nil {
		c, cref := schema.ClaimsCols, schema.Claims.Ref()
		for _, k := range s.claims[id] {
			cr := ct.Rows[k]
			role := "subject"
			if cr[c.Subject.Value].String() != id {
				role = "object"
			}
			cid := cr[cref.ID].String()
			v.Claims = append(v.Claims, claimView{
				Row:  link{Text: cid, Href: root + rowPage(schema.Claims.Name, cid)},
				Role: role, Kind: cr[c.Kind].String(), Result: cr[c.Result].String(), Detail: cr[c.Detail].String(),
				Stated: cr[c.Stated.Figure.Text].String(), Quote: cr[cref.QuoteDisplay].String(),
			})
		}
	}
	if it := s.table(schema.Indicators); it != nil {
		c := schema.IndicatorsCols
		for _, k := range s.indicators[id] {
			ir := it.Rows[k]
			v.Indicators = append(v.Indicators, indicatorView{
				Anchor: slug(ir[c.ID].String()), Indicator: ir[c.Indicator].String(), Actor: ir[c.ActorName].String(),
				Text: ir[c.ValueText].String(), Unit: ir[c.Unit].String(), Qualifier: ir[c.Qualifier].String(),
				Year: ir[c.Year].Text(), Chart: root + s.chartHref(ir[c.Indicator].String(), ir[c.Unit].String()),
			})
		}
	}
	if at := s.table(schema.RowActors); at != nil {
		c := schema.RowActorsCols
		for _, k := range s.rowActors[id] {
			ar := at.Rows[k]
			code := ar[c.Actor].String()
			l := link{Text: code}
			if _, ok := s.actors[code]; ok {
				l.Href = root + actorPage(code)
			}
			v.Actors = append(v.Actors, actorView{Anchor: slug(ar[c.ID].String()), Role: ar[c.Role].String(), Actor: l, Name: ar[c.ActorName].String()})
		}
	}
	if et := s.table(schema.Equipment); et != nil {
		q := schema.Equipment.Field("quantity").Cols().Figure.Text
		d := schema.Equipment.Field("description").Cols().Value
		for _, k := range s.items[id] {
			er := et.Rows[k]
			eid := er[schema.EquipmentCols.ID].String()
			v.Items = append(v.Items, itemView{Row: link{Text: eid, Href: root + rowPage(schema.Equipment.Name, eid)},
				Description: er[d].String(), Quantity: er[q].String()})
		}
	}
	if ct := s.table(schema.Coverage); ct != nil {
		c := schema.CoverageCols
		for _, k := range s.claimedBy[id] {
			cr := ct.Rows[k]
			v.Figures = append(v.Figures, figureView{
				At:   link{Text: cr[c.Text].String(), Href: root + s.home(ct, k)},
				Kind: cr[c.Kind].String(), Line: cr[c.Line].Text(), Column: cr[c.Column].Text(),
			})
		}
	}
	return v
}

// headline is the row at a glance: the names of its actors, its main
// figure and its time, as written, joined by " · ".
func headline(t *schema.Table, r schema.Row) string {
	var parts []string
	add := func(c schema.Col) {
		if c != schema.NoCol && !r[c].IsNull() && r[c].String() != "" {
			parts = append(parts, r[c].String())
		}
	}
	for i := range t.Fields {
		f := &t.Fields[i]
		switch {
		case f.Kind == schema.KindActor || f.Kind == schema.KindActors:
			add(f.Cols().Name)
		case f == t.MainFigure():
			add(f.Cols().Figure.Text)
		case f == t.When():
			add(f.Cols().When.Text)
		}
	}
	return strings.Join(parts, " · ")
}

// evidence is the quote of row r of curated table t in its paragraph,
// each value the quote must hold marked.
func (s *site) evidence(t *schema.Table, r schema.Row, root string) *evidence {
	ref := t.Ref()
	src := r[ref.SourceID].String()
	text := s.texts[src]
	start, end := int(r[ref.QuoteStart].Int()), int(r[ref.QuoteEnd].Int())
	from, to := dataset.Paragraph(text, start, end)
	marks := dataset.QuoteMarks(t, r, s.matched[src])
	e := &evidence{
		SourceID: src, SourceHref: root + sourcePage(src) + "#" + quoteAnchor(r[ref.ID].String()),
		Citation: r[ref.Citation].String(), URL: external(r[ref.SourceURL].String()),
		Before: pieces(text, from, start, nil), Quote: pieces(text, start, end, marks), After: pieces(text, end, to, nil),
		// dataset.Paragraph stops at a blank line, the text's ends or
		// ParagraphReach code points from the quote: the last is a cut.
		Cut: from > 0 && start-from >= dataset.ParagraphReach, CutAfter: to < len(text) && to-end >= dataset.ParagraphReach,
		Display: r[ref.QuoteDisplay].String(),
		Start:   int64(start), End: int64(end), Line: r[ref.QuoteLine].Int(),
	}
	if at, ok := s.sources[src]; ok {
		sr := at.row()
		e.SourceTitle = sr[schema.SourcesCols.Title].String()
		e.Lang = sr[schema.SourcesCols.Language].String()
		e.File = sr[schema.SourcesCols.File].String()
	}
	return e
}
