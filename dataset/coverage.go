package dataset

import (
	"fmt"
	"sort"
	"strings"

	"github.com/armsdata/armsdata/dataset/scan"
	"github.com/armsdata/armsdata/schema"
)

// coverage accounts for every figure the scanner finds in every text: each
// must be claimed (a row's figure, time or verbatim text stands on it) or
// waived. A figure that is neither is an error at its place in the text,
// so a text cannot be half-curated by accident.
func (b *builder) coverage(built []*builtRow, skip map[*schema.Source]bool) []schema.Row {
	var rows []schema.Row
	for _, src := range b.project.Sources {
		txt := b.texts[src.ID]
		if txt == nil || skip[src] {
			continue
		}
		var claims []*builtRow
		for _, br := range built {
			if br.rule.Source == src {
				claims = append(claims, br)
			}
		}
		var waivers []*waiverRegion
		for _, w := range b.project.Waivers {
			if w.Source == src {
				if wr := b.region(w); wr != nil {
					waivers = append(waivers, wr)
				}
			}
		}
		for _, m := range scan.Find(src.Text) {
			line, col := txt.Line(m.Start), txt.Column(m.Start)
			at := schema.Pos{File: src.File, Line: line, Col: col}
			rb := newRow(schema.Coverage)
			rb.set("id", schema.Str(fmt.Sprintf("%s@%06d", src.ID, m.Start)))
			rb.set("source_id", schema.Str(src.ID))
			rb.set("text", schema.Str(m.Text))
			rb.set("kind", schema.Str(m.Kind))
			rb.set("start", schema.Int(int64(m.Start)))
			rb.set("end", schema.Int(int64(m.End)))
			rb.set("line", schema.Int(int64(line)))
			rb.set("column", schema.Int(int64(col)))
			// Every waiver whose scope holds the figure: the first takes an
			// unclaimed figure; the others, and all of them for a claimed
			// one, learn what took it.
			var covering []*waiverRegion
			for _, w := range waivers {
				if w.covers(m, line) {
					covering = append(covering, w)
				}
			}
			ids := claimedBy(claims, m)
			switch {
			case len(ids) > 0:
				rb.set("status", schema.Str("claimed"))
				rb.set("rule_ids", schema.Str(strings.Join(ids, ";")))
				for _, w := range covering {
					w.claimed = append(w.claimed, claimedFigure{m.Text, at, ids[0]})
				}
			case len(covering) > 0:
				w := covering[0]
				w.used++
				for _, o := range covering[1:] {
					o.takenBy = append(o.takenBy, w)
				}
				rb.set("status", schema.Str("waived"))
				rb.set("waiver_id", schema.Str(w.ID))
				rb.set("reason", schema.Str(w.Reason))
				rb.set("waiver_note", schema.Str(w.Note))
			default:
				b.ds.Addf(at, "figure %q is neither claimed by a rule nor waived (%s)", m.Text, schema.SourcePath(src.ID, schema.WaiversFile))
				continue
			}
			rows = append(rows, rb.row)
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

// claimedBy lists the rules whose rows stand on the mention, sorted.
func claimedBy(claims []*builtRow, m scan.Mention) []string {
	var ids []string
	for _, br := range claims {
		for _, s := range br.spans {
			if s.start <= m.Start && m.End <= s.end {
				ids = append(ids, br.rule.ID)
				break
			}
		}
	}
	sort.Strings(ids)
	return ids
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
			w.ID, len(ms), plural(len(ms), "place"), w.Source.File, where, w.Occurrences)
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
