package dataset

import (
	"fmt"
	"math"
	"sort"

	"github.com/armsdata/armsdata/dataset/figure"
	"github.com/armsdata/armsdata/schema"
)

// links pairs the rows that share a link key and says how each pair
// relates. Rows are never merged or averaged: both stay, each with its
// source. Figures are compared as intervals (see interval); facts without
// figures take the relation the curator gives the key in seeds/links/,
// or the one given for their pair, which also overrides a comparison.
func (b *builder) links(built []*builtRow) []schema.Row {
	byKey := map[string][]*builtRow{}
	for _, br := range built {
		if c := br.rule.Table.LinkKey(); c != schema.NoCol && !br.row[c].IsNull() {
			byKey[br.row[c].String()] = append(byKey[br.row[c].String()], br)
		}
	}
	var rows []schema.Row
	lc := schema.LinksCols
	for _, k := range b.project.Links {
		group := byKey[k.Key]
		sort.Slice(group, func(i, j int) bool { return group[i].rule.ID < group[j].rule.ID })
		if len(group) < 2 {
			b.ds.Addf(k.Pos, "link key %s links %d row; a link needs two", k.Key, len(group))
			continue
		}
		usedRelation := false
		usedPair := map[*schema.LinkPair]bool{}
		for i := range group {
			for j := i + 1; j < len(group); j++ {
				a, c := group[i], group[j]
				relation, detail, ok := compare(a, c)
				switch pair := k.Pair(a.rule.ID, c.rule.ID); {
				case pair != nil:
					relation, detail = pair.Relation, pair.Note
					usedPair[pair] = true
				case ok:
				case k.Relation == "":
					b.ds.Addf(k.Pos, "link key %s: rows %s and %s have no figures to compare; give the key a relation and a note", k.Key, a.rule.ID, c.rule.ID)
					continue
				default:
					relation, detail, usedRelation = k.Relation, k.Note, true
				}
				row := newRow(schema.Links)
				row[lc.ID] = schema.Str(k.Key + ":" + a.rule.ID + "~" + c.rule.ID)
				row[lc.LinkKey] = schema.Str(k.Key)
				row[lc.Description] = schema.Str(k.Description)
				row[lc.RowA] = schema.Str(a.rule.ID)
				row[lc.TableA] = schema.Str(a.rule.Table.Name)
				row[lc.SourceA] = schema.Str(a.rule.Source.ID)
				row[lc.RowB] = schema.Str(c.rule.ID)
				row[lc.TableB] = schema.Str(c.rule.Table.Name)
				row[lc.SourceB] = schema.Str(c.rule.Source.ID)
				row[lc.Relation] = schema.Str(relation)
				row[lc.Detail] = schema.Str(detail)
				rows = append(rows, row)
			}
		}
		if k.Relation != "" && !usedRelation {
			b.ds.Addf(k.Pos, "link key %s: every pair has figures to compare or a judgement of its own, so the key's relation is never used; remove it", k.Key)
		}
		for _, p := range k.Pairs {
			if !usedPair[p] {
				b.ds.Addf(p.Pos, "link key %s: the pair %s / %s is not a pair of rows with this key", k.Key, p.A, p.B)
			}
		}
	}
	return rows
}

// compare relates two rows by their main figures; ok is false when either
// has none.
func compare(a, c *builtRow) (relation, detail string, ok bool) {
	fa, okA := mainFigure(a)
	fc, okC := mainFigure(c)
	if !okA || !okC || a.rule.Table.Figure != c.rule.Table.Figure {
		return "", "", false
	}
	relation, why, ok := relate(fa, fc)
	if !ok {
		return "", "", false
	}
	la, ha, _ := interval(fa)
	lc, hc, _ := interval(fc)
	detail = fmt.Sprintf("%s: %q (%s) as [%s, %s]; %s: %q (%s) as [%s, %s]; %s",
		a.rule.Source.ID, fa.text, fa.when, figure.Number(la), bound(ha), c.rule.Source.ID, fc.text, fc.when, figure.Number(lc), bound(hc), why)
	return relation, detail, true
}

// relate judges two figures of the same kind. At overlapping or unknown
// times they report one state of affairs, so they agree when their
// intervals overlap and conflict when they do not. At different times
// they report two, and overlapping intervals prove nothing ("more than
// 3,500" in 2010 and "more than 3,000" in 2020 overlap, yet say the
// garrison changed): they agree only when the texts give the same figure
// (the same value and bounds, hedged alike or not), and otherwise differ
// over time. ok is false when either figure has no interval.
func relate(fa, fc figureOf) (relation, why string, ok bool) {
	la, ha, okA := interval(fa)
	lc, hc, okC := interval(fc)
	if !okA || !okC {
		return "", "", false
	}
	overlap := la <= hc && lc <= ha
	if timesDisjoint(fa, fc) {
		switch {
		case sameFigure(fa, fc):
			return "agree", "the figures are the same, at different times", true
		case overlap:
			return "differ_over_time", "the figures differ, at different times (their intervals overlap)", true
		}
		return "differ_over_time", "the intervals differ, at different times", true
	}
	if overlap {
		return "agree", "the intervals overlap, at overlapping or unknown times", true
	}
	return "conflict", "the intervals differ, at overlapping or unknown times", true
}

// sameFigure reports whether two figures give the same value and bounds.
func sameFigure(a, c figureOf) bool {
	eq := func(x, y *float64) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return eq(a.value, c.value) && eq(a.low, c.low) && eq(a.high, c.high)
}

// interval is the range of values a hedged figure allows: exact is the
// value; approx ±10%; a lower bound (more than, at least) from it up; an
// upper bound (up to, nearly, less than) from 0 to it; a range its bounds;
// an order of magnitude from its floor to ten times it (the next word:
// "thousands" is not "tens of thousands"). Strict bounds are taken as
// inclusive: "more than 3,000" and "3,000" may be one count, rounded.
func interval(f figureOf) (lo, hi float64, ok bool) {
	switch {
	case f.qualifier == "exact" && f.value != nil:
		return *f.value, *f.value, true
	case f.qualifier == "approx" && f.value != nil:
		return 0.9 * *f.value, 1.1 * *f.value, true
	case f.qualifier == "order_of_magnitude" && f.low != nil:
		return *f.low, 10 * *f.low, true
	case f.low == nil && f.high == nil:
		return 0, 0, false
	}
	lo, hi = 0, math.Inf(1)
	if f.low != nil {
		lo = *f.low
	}
	if f.high != nil {
		hi = *f.high
	}
	return lo, hi, true
}

func bound(x float64) string {
	if math.IsInf(x, 1) {
		return "∞"
	}
	return figure.Number(x)
}

// timesDisjoint reports whether two rows' spans are both known and do not
// overlap.
func timesDisjoint(a, c figureOf) bool {
	if !a.hasStart || !a.hasEnd || !c.hasStart || !c.hasEnd {
		return false
	}
	return a.end.Before(c.start) || c.end.Before(a.start)
}
