package dataset

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/armsdata/armsdata/dataset/english"
	"github.com/armsdata/armsdata/dataset/scan"
	"github.com/armsdata/armsdata/schema"
)

// coverage accounts for every figure the scanner finds in every text: each
// must be claimed (a row's figure, time or verbatim text stands on it) or
// waived. A figure that is neither is an error at its place in the text,
// so a text cannot be half-curated by accident.
//
// It tells prog of each source it comes to.
func (b *builder) coverage(built []*builtRow, skip map[*schema.Source]bool, prog Progress) []schema.Row {
	// Each source's rows and waivers, in their order, found once.
	claims := map[*schema.Source][]*builtRow{}
	for _, br := range built {
		claims[br.rule.Source] = append(claims[br.rule.Source], br)
	}
	waived := map[*schema.Source][]*schema.Waiver{}
	for _, w := range b.project.Waivers {
		waived[w.Source] = append(waived[w.Source], w)
	}
	var rows []schema.Row
	cc := schema.CoverageCols
	for _, src := range b.project.Sources {
		prog.Add(1)
		txt := b.texts[src.ID]
		if txt == nil || skip[src] {
			continue
		}
		claimed := newClaimIndex(claims[src])
		var waivers []*waiverRegion
		for _, w := range waived[src] {
			if wr := b.region(w); wr != nil {
				waivers = append(waivers, wr)
			}
		}
		for _, m := range scan.Find(src.Text) {
			line, col := txt.Line(m.Start), txt.Column(m.Start)
			at := schema.Pos{File: src.File, Line: line, Col: col}
			row := newRow(schema.Coverage)
			row[cc.ID] = schema.Str(fmt.Sprintf("%s@%06d", src.ID, m.Start))
			row[cc.SourceID] = schema.Str(src.ID)
			row[cc.Text] = schema.Str(m.Text)
			row[cc.Kind] = schema.Str(m.Kind)
			row[cc.Start] = schema.Int(int64(m.Start))
			row[cc.End] = schema.Int(int64(m.End))
			row[cc.Line] = schema.Int(int64(line))
			row[cc.Column] = schema.Int(int64(col))
			// Every waiver whose scope holds the figure: the first takes an
			// unclaimed figure; the others, and all of them for a claimed
			// one, learn what took it.
			var covering []*waiverRegion
			for _, w := range waivers {
				if w.covers(m, line) {
					covering = append(covering, w)
				}
			}
			ids := claimed.by(m)
			switch {
			case len(ids) > 0:
				row[cc.Status] = schema.Str("claimed")
				row[cc.RuleIDs] = schema.Str(strings.Join(ids, ";"))
				for _, w := range covering {
					w.claimed = append(w.claimed, claimedFigure{m.Text, at, ids[0]})
				}
			case len(covering) > 0:
				w := covering[0]
				w.used++
				for _, o := range covering[1:] {
					o.takenBy = append(o.takenBy, w)
				}
				row[cc.Status] = schema.Str("waived")
				row[cc.WaiverID] = schema.Str(w.ID)
				row[cc.Reason] = schema.Str(w.Reason)
				row[cc.WaiverNote] = schema.Str(w.Note)
			default:
				b.ds.Addf(at, "figure %q is neither claimed by a rule nor waived (%s)", m.Text, schema.SourcePath(src.ID, schema.WaiversFile))
				continue
			}
			rows = append(rows, row)
		}
		for _, w := range waivers {
			b.reportWaiver(w)
		}
	}
	return rows
}

// claimedFigure is a figure a rule claims that lies in a waiver's scope.
type claimedFigure struct {
	text string
	at   schema.Pos
	rule string // the first rule that claims it
}

// reportWaiver refuses a waiver that covers a figure a rule claims (a
// figure is claimed or waived, never both: the waiver's scope is wider
// than what it means) and one that waives nothing, naming what took its
// figures: the rules that claim them, the waivers that waive them first.
func (b *builder) reportWaiver(w *waiverRegion) {
	if w.used > 0 {
		for _, c := range w.claimed {
			b.ds.Addf(w.Pos, "waiver %s covers figure %q (%s), which rule %s claims; a figure is claimed or waived, not both: narrow the waiver's quote, lines or kind",
				w.ID, c.text, c.at, c.rule)
		}
		return
	}
	var taken []string
	seen := map[*waiverRegion]bool{}
	for _, o := range w.takenBy {
		if !seen[o] {
			seen[o] = true
			taken = append(taken, fmt.Sprintf("waiver %s (%s)", o.ID, o.Pos))
			b.ds.Addf(o.Pos, "waiver %s waives figures that waiver %s (%s) covers too, leaving it none", o.ID, w.ID, w.Pos)
		}
	}
	if c := w.claimed; len(c) > 0 {
		more := ""
		if len(c) > 1 {
			more = fmt.Sprintf(", and %d more", len(c)-1)
		}
		taken = append(taken, fmt.Sprintf("the rules that claim them (rule %s claims %q, %s%s)", c[0].rule, c[0].text, c[0].at, more))
	}
	if len(taken) == 0 {
		b.ds.Addf(w.Pos, "waiver %s covers no figure; remove it", w.ID)
		return
	}
	b.ds.Addf(w.Pos, "waiver %s waives nothing: every figure it covers is taken, by %s; remove it", w.ID, strings.Join(taken, " and by "))
}

// claimIndex holds the spans a source's rows stand on, sorted by start,
// so that finding the rows of a mention does not go through every row of
// its text.
type claimIndex struct {
	spans   []claimSpan
	longest int // the longest span's length
}

type claimSpan struct {
	span
	rule string
}

func newClaimIndex(rows []*builtRow) claimIndex {
	var ix claimIndex
	for _, br := range rows {
		for _, s := range br.spans {
			ix.spans = append(ix.spans, claimSpan{s, br.rule.ID})
			ix.longest = max(ix.longest, s.end-s.start)
		}
	}
	sort.Slice(ix.spans, func(i, j int) bool { return ix.spans[i].start < ix.spans[j].start })
	return ix
}

// by lists the rules whose rows stand on the mention, sorted, each once. A
// span that holds the mention starts at or before it, and no further
// before its end than the longest span is long.
func (ix claimIndex) by(m scan.Mention) []string {
	from := sort.Search(len(ix.spans), func(i int) bool { return ix.spans[i].start >= m.End-ix.longest })
	var ids []string
	for _, s := range ix.spans[from:] {
		if s.start > m.Start {
			break
		}
		if m.End <= s.end {
			ids = append(ids, s.rule)
		}
	}
	sort.Strings(ids)
	return slices.Compact(ids)
}

// waiverRegion is a waiver resolved against its text, with what became of
// the figures in its scope.
type waiverRegion struct {
	*schema.Waiver
	spans   []span // the quote's places; nil = anywhere
	used    int    // figures it waives
	claimed []claimedFigure
	takenBy []*waiverRegion // earlier waivers that waive figures of its scope
}

// region finds the passages a waiver's quote covers.
func (b *builder) region(w *schema.Waiver) *waiverRegion {
	wr := &waiverRegion{Waiver: w}
	txt := b.texts[w.Source.ID]
	if last := txt.Line(max(txt.Len()-1, 0)); w.ToLine > last {
		// Lines past the end hold nothing now, but would waive whatever
		// a new version of the text put there.
		b.ds.Addf(w.Pos, "waiver %s: lines %d-%d run past the end of %s, whose last line is %d", w.ID, w.FromLine, w.ToLine, w.Source.File, last)
	}
	if w.Quote == "" {
		return wr
	}
	ms := txt.Find(w.Quote)
	if len(ms) != w.Occurrences {
		where := ""
		if len(ms) > 0 {
			where = " (" + matchLines(txt, ms) + ")"
		}
		b.ds.Addf(w.QuotePos, "waiver %s: quote matches %d %s in %s%s, expected %d",
			w.ID, len(ms), english.Plural(len(ms), "place"), w.Source.File, where, w.Occurrences)
		return nil
	}
	for _, m := range ms {
		wr.spans = append(wr.spans, span{m.Start, m.End})
	}
	return wr
}

// covers reports whether the mention lies in the waiver's scope: inside
// its quote, its lines and of its kind, as far as it gives each.
func (w *waiverRegion) covers(m scan.Mention, line int) bool {
	if w.FromLine > 0 && (line < w.FromLine || line > w.ToLine) {
		return false
	}
	if w.Kind != "" && w.Kind != m.Kind {
		return false
	}
	if w.spans == nil {
		return true
	}
	for _, s := range w.spans {
		if s.start <= m.Start && m.End <= s.end {
			return true
		}
	}
	return false
}
