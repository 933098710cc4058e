package dataset

import (
	"fmt"
	"math"

	"github.com/armsdata/armsdata/dataset/figure"
	"github.com/armsdata/armsdata/schema"
)

// figureOf is the main figure of a row, as claims and links compare it.
type figureOf struct {
	text             string
	value            *float64 // the point value; nil for a bound, range or vague quantity
	low, high        *float64
	anchor           *float64 // the one number the figure writes (figure.Anchor); nil for a range
	qualifier        string
	measure          string // what the figure measures: its kind, with an amount's currency
	when             string // the row's time, for details
	start, end       schema.Date
	hasStart, hasEnd bool
}

// mainFigure is the table's main figure of a built row, as the builder
// parsed it; distances are taken in kilometres so that miles and
// kilometres compare. ok is false when the table has no figure or the row
// leaves it null.
func mainFigure(br *builtRow) (figureOf, bool) {
	t := br.rule.Table
	fld := t.MainFigure()
	if fld == nil {
		return figureOf{}, false
	}
	pf := br.figureFor(fld)
	if pf == nil {
		return figureOf{}, false
	}
	fig := pf.fig
	scale := 1.0
	if fld.Kind == schema.KindDistance && fig.Unit == "mi" {
		scale = 1.609344
	}
	// copies, scaled: the parsed figure stays as written
	scaled := func(p *float64) *float64 {
		if p == nil {
			return nil
		}
		x := *p
		if scale != 1 {
			x *= scale
		}
		return &x
	}
	f := figureOf{
		text:      pf.text,
		value:     scaled(fig.Value),
		low:       scaled(fig.Low),
		high:      scaled(fig.High),
		anchor:    scaled(fig.Anchor()),
		qualifier: string(fig.Qualifier),
		measure:   string(fld.Kind),
	}
	if fld.Kind == schema.KindAmount {
		f.measure += ", " + fig.Unit
	}
	if t.When() != nil {
		start, end, _ := happened(br)
		f.hasStart, f.hasEnd = !start.IsZero(), !end.IsZero()
		f.start, f.end = start, end
		f.when = spanText(schema.OptDate(start), schema.OptDate(end))
	}
	return f, true
}

// happened is the span of a row's time: its when, or in a table without
// one (agreements) its first time field, the day signed; a bound is zero
// when open or not given. ok is false when the table has no time field.
func happened(br *builtRow) (start, end schema.Date, ok bool) {
	t := br.rule.Table
	w := t.When()
	for i := 0; w == nil && i < len(t.Fields); i++ {
		if t.Fields[i].Kind == schema.KindWhen {
			w = &t.Fields[i]
		}
	}
	if w == nil {
		return start, end, false
	}
	if pt := br.timeFor(w); pt != nil {
		start, end = pt.start, pt.end
	}
	return start, end, true
}

func spanText(s, e schema.Value) string {
	switch {
	case s.IsNull() && e.IsNull():
		return "undated"
	case s.IsNull():
		return "until " + e.Text()
	case e.IsNull():
		return "from " + s.Text()
	case s.Equal(e):
		return s.Text()
	}
	return s.Text() + ".." + e.Text()
}

// claims checks every claim row against the rows it compares and fills its
// computed, result and detail columns. A claim the rows contradict is a
// finding, returned for the command to report; it does not stop the build.
func (b *builder) claims(built []*builtRow) []string {
	byID := map[string]*builtRow{}
	for _, br := range built {
		byID[br.rule.ID] = br
	}
	var findings []string
	for _, br := range built {
		if br.rule.Table != schema.Claims {
			continue
		}
		c, row := schema.ClaimsCols, br.row
		kind := row[c.Kind].String()
		subject, object := row[c.Subject.Value], row[c.Object.Value]
		subj, subjOK := figureFromRef(byID, subject)
		obj, objOK := figureFromRef(byID, object)
		figures := kind != "rank" && kind != "first" // the kinds that compare figures
		if figures && subjOK && objOK && subj.measure != obj.measure {
			// A dollar sum over a head count would "hold" or "fail" on
			// meaningless numbers.
			b.ds.Addf(br.rule.Value(c.Object.Field.Name).Pos, "rule %s: the claim compares %s (%s) with %s (%s); a claim compares figures of the same kind",
				br.rule.ID, subject.String(), subj.measure, object.String(), obj.measure)
			continue
		}
		var result, detail string
		var computed *float64
		switch {
		case kind == "first":
			result, detail = checkFirst(byID, subject, object)
		case kind == "rank":
			result, detail = "cannot_check", "a ranking is recorded, not checked: the dataset does not hold a row for every rival"
		case !subjOK || !objOK || subj.anchor == nil || obj.anchor == nil:
			result, detail = "cannot_check", "the claim needs a subject and an object row, each with a figure of one number (not a range)"
		case kind == "ratio" && *obj.anchor == 0:
			result, detail = "cannot_check", "the object's figure is zero; there is no ratio"
		case kind == "ratio":
			r := *subj.anchor / *obj.anchor
			computed = &r
			stated := br.figureFor(c.Stated.Field)
			if stated == nil || stated.fig.Anchor() == nil {
				result, detail = "cannot_check", "a ratio claim needs the stated multiple"
				break
			}
			x, q := *stated.fig.Anchor(), string(stated.fig.Qualifier)
			ok := ratioHolds(r, x, q)
			result = verdict(ok)
			detail = fmt.Sprintf("%s ÷ %s = %s; the text says %q (%s %s)", figure.Number(*subj.anchor), figure.Number(*obj.anchor), ratio(r),
				stated.text, q, figure.Number(x))
		case kind == "greater" || kind == "less":
			if *obj.anchor != 0 {
				r := *subj.anchor / *obj.anchor
				computed = &r
			}
			ok := *subj.anchor > *obj.anchor
			op := ">"
			if kind == "less" {
				ok, op = *subj.anchor < *obj.anchor, "<"
			}
			result = verdict(ok)
			detail = fmt.Sprintf("%s %s %s is %t", figure.Number(*subj.anchor), op, figure.Number(*obj.anchor), ok)
			if computed != nil {
				detail += fmt.Sprintf(" (ratio %s)", ratio(*computed))
			}
		}
		if figures && subjOK && objOK && result != "cannot_check" && (subj.qualifier != "exact" || obj.qualifier != "exact") {
			detail += fmt.Sprintf("; compared at the numbers as written, hedged %s and %s", subj.qualifier, obj.qualifier)
		}
		row[c.Computed] = schema.OptFloat(computed)
		row[c.Result] = schema.Str(result)
		row[c.Detail] = schema.Str(detail)
		if result == "fails" {
			findings = append(findings, fmt.Sprintf("claim %s (%s) fails: %s", br.rule.ID, br.rule.Pos, detail))
		}
	}
	return findings
}

// checkFirst checks a claim that the subject came first of its kind
// against the object, a rival the curator names from any source: the
// claim fails when the rival ended before the subject began. Nothing
// else settles it, since one earlier rival refutes a first and no set of
// rows proves one.
func checkFirst(byID map[string]*builtRow, subject, object schema.Value) (result, detail string) {
	const unproven = "a first is refuted by an earlier rival, and no set of rows proves one"
	s, o := rowFromRef(byID, subject), rowFromRef(byID, object)
	switch {
	case s == nil:
		return "cannot_check", "the claim needs the row it is about"
	case o == nil:
		return "cannot_check", "no earlier rival is named: " + unproven
	}
	sStart, sEnd, okS := happened(s)
	oStart, oEnd, okO := happened(o)
	when := func(br *builtRow, start, end schema.Date, ok bool) string {
		if !ok {
			return br.rule.ID + " (no time)"
		}
		return br.rule.ID + " (" + spanText(schema.OptDate(start), schema.OptDate(end)) + ")"
	}
	sw, ow := when(s, sStart, sEnd, okS), when(o, oStart, oEnd, okO)
	switch {
	case !okS || !okO || sStart.IsZero() || oEnd.IsZero():
		return "cannot_check", fmt.Sprintf("the times of %s and %s do not say which came first", sw, ow)
	case oEnd.Before(sStart):
		return "fails", fmt.Sprintf("%s came before %s: an earlier rival", ow, sw)
	}
	return "cannot_check", fmt.Sprintf("%s did not come before %s; %s", ow, sw, unproven)
}

func rowFromRef(byID map[string]*builtRow, ref schema.Value) *builtRow {
	if ref.IsNull() {
		return nil
	}
	return byID[ref.String()]
}

func figureFromRef(byID map[string]*builtRow, ref schema.Value) (figureOf, bool) {
	br := rowFromRef(byID, ref)
	if br == nil {
		return figureOf{}, false
	}
	return mainFigure(br)
}

// ratioHolds checks a computed ratio against the stated multiple and its
// hedge; "approx" and "exact" allow 10%, since the texts round.
func ratioHolds(r, stated float64, qualifier string) bool {
	switch qualifier {
	case "more_than":
		return r > stated
	case "at_least":
		return r >= stated
	case "less_than":
		return r < stated
	case "up_to", "nearly":
		return r <= stated
	}
	return math.Abs(r-stated) <= 0.1*stated
}

func verdict(ok bool) string {
	if ok {
		return "holds"
	}
	return "fails"
}

// ratio writes a computed ratio for readers, to three decimals at most;
// the computed column keeps the full value.
func ratio(x float64) string { return figure.Number(math.Round(x*1000) / 1000) }
