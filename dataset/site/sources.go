package site

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// figure is a figure of the coverage table as a source page marks it.
type figure struct {
	ID             string // its anchor, on its first part only
	Status, Reason string
	text           string // as the coverage table gives it
}

// ref is a link, after a quote's last character, to the row it is the
// quote of.
type ref struct {
	N        int
	Href, ID string
}

// part is a run of a segment: plain text, or a figure.
type part struct {
	Text string
	Fig  *figure
}

// segment is a run of a source text on its page that the same rows quote
// all through (or none).
type segment struct {
	Parts   []part
	Break   bool     // a paragraph break: the blank lines, with a break before
	Anchors []string // the quotes that start here
	Rows    string   // ids of the rows quoting it, space-separated
	Depth   string   // "q2" where two rows quote it, "q3" for more: a darker mark
	Refs    []ref    // the quotes that end here
}

// sourceRow is a row of the source, as its page lists it.
type sourceRow struct {
	N                      int
	Row                    link
	Table, Figure, Display string
}

// waived is a waived figure, as its source page lists it.
type waived struct {
	At                                 link
	Line, Column, Reason, Waiver, Note string
}

// sourceView is a source page.
type sourceView struct {
	common
	TableHref                             string
	ID, Title, Citation, URL, Lang, Notes string
	Values                                []cell
	Segments                              []segment
	Rows                                  []sourceRow
	Waived                                []waived
	Unplaced                              []unplaced
	Claimed                               int
}

// unplaced is a figure of the coverage table that its source page cannot
// mark in the text: its offsets are outside the text, or inside a figure
// marked already. It is listed instead, so that it has its place.
type unplaced struct {
	ID, Text, Status, At string
}

// sourcePage renders the page of source row i, at path p.
func (s *site) sourcePage(t *dataset.Table, i int, p string) func(*bytes.Buffer) error {
	return func(b *bytes.Buffer) error { return page("source", s.sourceView(t, i, p))(b) }
}

func (s *site) sourceView(t *dataset.Table, i int, p string) *sourceView {
	sc, row, root := schema.SourcesCols, t.Rows[i], rootOf(p)
	id := row[sc.SourceID].String()
	v := &sourceView{
		common: s.newCommon("source", row[sc.Title].String(), p), TableHref: root + tablePage(t.Schema.Name),
		ID: id, Title: row[sc.Title].String(), Citation: row[sc.Citation].String(),
		URL: external(row[sc.URL].String()), Lang: row[sc.Language].String(), Notes: row[sc.Notes].String(),
	}
	for c := range t.Schema.Columns() {
		v.Values = append(v.Values, s.valueCell(t.Schema, schema.Col(c), row, root))
	}
	rows := s.bySource[id]
	number := map[string]int{}
	for n, at := range rows {
		number[at.id()] = n + 1
		st, r := at.t.Schema, at.row()
		sr := sourceRow{N: n + 1, Row: link{Text: at.id(), Href: root + rowPage(st.Name, at.id())}, Table: st.Name, Display: r[st.Ref().QuoteDisplay].String()}
		if f := st.MainFigure(); f != nil {
			sr.Figure = r[f.Cols().Figure.Text].String()
		}
		v.Rows = append(v.Rows, sr)
	}
	var figs []span
	if ct := s.table(schema.Coverage); ct != nil {
		c := schema.CoverageCols
		for _, k := range s.coverage[id] {
			cr := ct.Rows[k]
			f := &figure{ID: slug(cr[c.ID].String()), Status: cr[c.Status].String(), Reason: cr[c.Reason].String(), text: cr[c.Text].String()}
			figs = append(figs, span{int(cr[c.Start].Int()), int(cr[c.End].Int()), f})
			if cr[c.WaiverID].IsNull() {
				v.Claimed++
				continue
			}
			v.Waived = append(v.Waived, waived{
				At:   link{Text: cr[c.Text].String(), Href: "#" + f.ID},
				Line: cr[c.Line].Text(), Column: cr[c.Column].Text(), Reason: cr[c.Reason].String(),
				Waiver: cr[c.WaiverID].String(), Note: cr[c.WaiverNote].String(),
			})
		}
	}
	var quotes []span
	for _, at := range rows {
		ref := at.t.Schema.Ref()
		r := at.row()
		quotes = append(quotes, span{int(r[ref.QuoteStart].Int()), int(r[ref.QuoteEnd].Int()), at})
	}
	figs, left := placeable(figs, len(s.texts[id]))
	for _, f := range left {
		fig := f.what.(*figure)
		v.Unplaced = append(v.Unplaced, unplaced{ID: fig.ID, Text: fig.text, Status: fig.Status, At: fmt.Sprintf("%d–%d", f.start, f.end)})
	}
	v.Segments = segments(s.texts[id], quotes, figs, func(at rowAt) ref {
		return ref{N: number[at.id()], Href: root + rowPage(at.t.Schema.Name, at.id()), ID: at.id()}
	})
	return v
}

// span is a passage [start, end) of a text and what it is: a quote (a
// rowAt) or a figure (a *figure).
type span struct {
	start, end int
	what       any
}

// placeable splits figs into those a text of n code points can mark, in
// text order, and the rest: figures outside it, empty, or overlapping one
// before them.
func placeable(figs []span, n int) (placed, left []span) {
	sort.SliceStable(figs, func(i, j int) bool { return figs[i].start < figs[j].start })
	end := 0
	for _, f := range figs {
		if f.start < end || f.start >= f.end || f.end > n {
			left = append(left, f)
			continue
		}
		placed = append(placed, f)
		end = f.end
	}
	return placed, left
}

// segments cuts text into the runs the same rows quote all through: at
// every start and end of a quote and around every paragraph break; each
// run in parts at the figures. Figures do not overlap (the scanner finds
// each once, and placeable keeps them apart); quotes may.
func segments(text []rune, quotes, figs []span, refOf func(rowAt) ref) []segment {
	cuts := map[int]bool{0: true, len(text): true}
	for _, q := range quotes {
		cuts[q.start], cuts[q.end] = true, true
	}
	breaks := map[int]bool{} // starts of paragraph breaks
	for i := 0; i < len(text); {
		if !isSpace(text[i]) {
			i++
			continue
		}
		j, n := i, 0
		for j < len(text) && isSpace(text[j]) {
			if text[j] == '\n' {
				n++
			}
			j++
		}
		if n >= 2 {
			breaks[i] = true
			cuts[i], cuts[j] = true, true
		}
		i = j
	}
	at := make([]int, 0, len(cuts))
	for c := range cuts {
		if c >= 0 && c <= len(text) {
			at = append(at, c)
		}
	}
	sort.Ints(at)
	sort.SliceStable(quotes, func(i, j int) bool { return quotes[i].start < quotes[j].start })
	sort.SliceStable(figs, func(i, j int) bool { return figs[i].start < figs[j].start })
	var out []segment
	f := 0 // the first figure that may reach into the segment
	for k := 0; k+1 < len(at); k++ {
		a, b := at[k], at[k+1]
		seg := segment{Break: breaks[a]}
		var ids []string
		for _, q := range quotes {
			if q.start > a {
				break
			}
			r := q.what.(rowAt)
			if q.start == a {
				seg.Anchors = append(seg.Anchors, quoteAnchor(r.id()))
			}
			if q.end >= b && q.start < b {
				ids = append(ids, r.id())
			}
			if q.end == b {
				seg.Refs = append(seg.Refs, refOf(r))
			}
		}
		seg.Rows = strings.Join(ids, " ")
		switch {
		case len(ids) == 2:
			seg.Depth = "q2"
		case len(ids) > 2:
			seg.Depth = "q3"
		}
		for f < len(figs) && figs[f].end <= a {
			f++
		}
		from := a
		for g := f; g < len(figs) && figs[g].start < b; g++ {
			s, e := max(figs[g].start, a), min(figs[g].end, b)
			if s > from {
				seg.Parts = append(seg.Parts, part{Text: string(text[from:s])})
			}
			fig := *figs[g].what.(*figure)
			if s != figs[g].start {
				fig.ID = "" // the anchor is on the figure's first part
			}
			seg.Parts = append(seg.Parts, part{Text: string(text[s:e]), Fig: &fig})
			from = e
		}
		if from < b {
			seg.Parts = append(seg.Parts, part{Text: string(text[from:b])})
		}
		out = append(out, seg)
	}
	return out
}
