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
			rb := newRow(schema.Coverage)
			rb.set("id", schema.Str(fmt.Sprintf("%s@%06d", src.ID, m.Start)))
			rb.set("source_id", schema.Str(src.ID))
			rb.set("text", schema.Str(m.Text))
			rb.set("kind", schema.Str(m.Kind))
			rb.set("start", schema.Int(int64(m.Start)))
			rb.set("end", schema.Int(int64(m.End)))
			rb.set("line", schema.Int(int64(line)))
			rb.set("column", schema.Int(int64(col)))
			if ids := claimedBy(claims, m); len(ids) > 0 {
				rb.set("status", schema.Str("claimed"))
				rb.set("rule_ids", schema.Str(strings.Join(ids, ";")))
			} else if w := waivedBy(waivers, m, line); w != nil {
				w.used++
				rb.set("status", schema.Str("waived"))
				rb.set("waiver_id", schema.Str(w.ID))
				rb.set("reason", schema.Str(w.Reason))
				rb.set("waiver_note", schema.Str(w.Note))
			} else {
				b.ds.Addf(schema.Pos{File: src.File, Line: line, Col: col},
					"figure %q is neither claimed by a rule nor waived (%s/%s.yaml)", m.Text, schema.WaiversDir, src.ID)
				continue
			}
			rows = append(rows, rb.row)
		}
		for _, w := range waivers {
			if w.used == 0 {
				b.ds.Addf(w.Pos, "waiver %s covers no figure that is not already claimed; remove it", w.ID)
			}
		}
	}
	return rows
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

// waiverRegion is a waiver resolved against its text.
type waiverRegion struct {
	*schema.Waiver
	spans []span // the quote's places; nil = anywhere
	used  int
}

// region finds the passages a waiver's quote covers.
func (b *builder) region(w *schema.Waiver) *waiverRegion {
	wr := &waiverRegion{Waiver: w}
	if w.Quote == "" {
		return wr
	}
	txt := b.texts[w.Source.ID]
	ms := txt.Find(w.Quote)
	if len(ms) != w.Occurrences {
		b.ds.Addf(w.QuotePos, "waiver %s: quote matches %d %s in %s, expected %d",
			w.ID, len(ms), plural(len(ms), "place"), w.Source.File, w.Occurrences)
		return nil
	}
	for _, m := range ms {
		wr.spans = append(wr.spans, span{m.Start, m.End})
	}
	return wr
}

// waivedBy returns the first waiver (in file order) that covers the
// mention: inside its quote, its lines and of its kind, as far as it gives
// each.
func waivedBy(waivers []*waiverRegion, m scan.Mention, line int) *waiverRegion {
	for _, w := range waivers {
		if w.FromLine > 0 && (line < w.FromLine || line > w.ToLine) {
			continue
		}
		if w.Kind != "" && w.Kind != m.Kind {
			continue
		}
		if w.spans != nil {
			inside := false
			for _, s := range w.spans {
				inside = inside || (s.start <= m.Start && m.End <= s.end)
			}
			if !inside {
				continue
			}
		}
		return w
	}
	return nil
}
