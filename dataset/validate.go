package dataset

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/armsdata/armsdata/dataset/figure"
	"github.com/armsdata/armsdata/dataset/parallel"
	"github.com/armsdata/armsdata/dataset/quote"
	"github.com/armsdata/armsdata/dataset/when"
	"github.com/armsdata/armsdata/schema"
)

// validate checks the finished release against the schema before anything
// is written, so that every build (make as well as make test) runs the data
// tests: ids unique, required columns set, text never "" for unknown, coded
// columns within their vocabulary, every reference (foreign keys, actor
// lists, row references, links) pointing at an existing row, and every
// curated row's quote standing in its source at its offsets with its
// figures inside it, written whole, and every row of the derived tables
// (row_actors, indicators) what the row it comes from holds, with none
// missing. A failure here is a bug of the builder, reported as such. It
// tells prog of each row it has checked.
func validate(rel *Release, texts map[string]*quote.Text, prog Progress) []problem {
	var problems []problem
	ids := map[string]map[string]bool{} // "table.column" → keys
	rowTable := map[string]string{}     // row id → table, for row references
	for _, t := range rel.Tables {
		keys := map[string]bool{}
		for _, r := range t.Rows {
			id := r[0].String()
			if keys[id] {
				problems = append(problems, problem{id: id, msg: fmt.Sprintf("%s: duplicate id %q", t.Schema.Name, id)})
			}
			keys[id] = true
			rowTable[id] = t.Schema.Name
		}
		ids[t.Schema.Name+"."+t.Schema.Columns()[0].Name] = keys
	}
	actors := ids["actors.code"]

	for _, t := range rel.Tables {
		// Rows are checked on every core, in ranges whose problems are
		// merged in row order (the quote checks re-read each figure's
		// passage and are most of a large build's checking).
		chunks := make([][]problem, (len(t.Rows)+validateChunk-1)/validateChunk)
		parallel.Ranges(len(t.Rows), validateChunk, func(lo, hi int) {
			rc := rowChecker{ids: ids, rowTable: rowTable, actors: actors, texts: texts}
			for _, r := range t.Rows[lo:hi] {
				rc.row(t, r)
				prog.Add(1)
			}
			chunks[lo/validateChunk] = rc.problems
		})
		for _, c := range chunks {
			problems = append(problems, c...)
		}
	}
	problems = append(problems, validateItems(rel)...)
	// The derived tables against the rows they come from.
	problems = append(problems, checkRowActors(rel)...)
	problems = append(problems, checkIndicators(rel)...)
	return problems
}

// rowRef is a pair of columns that name a row and its table.
type rowRef struct{ row, table schema.Col }

// rowRefs are the pairs of columns of table t that name a row of another
// table and that table: the two sides of a link, an equipment item's
// parent.
func rowRefs(t *schema.Table) []rowRef {
	switch t {
	case schema.Links:
		lc := schema.LinksCols
		return []rowRef{{lc.RowA, lc.TableA}, {lc.RowB, lc.TableB}}
	case schema.Equipment:
		ec := schema.EquipmentCols
		return []rowRef{{ec.ParentID, ec.ParentTable}}
	}
	return nil
}

// validateChunk is how many rows one goroutine checks at a time: enough
// to make handing out work cheap, small enough to share a table's rows
// evenly between cores.
const validateChunk = 512

// rowChecker checks rows against the release's keys, collecting problems.
type rowChecker struct {
	ids      map[string]map[string]bool // "table.column" → keys
	rowTable map[string]string          // row id → table
	actors   map[string]bool
	texts    map[string]*quote.Text
	problems []problem
	current  string // the id of the row being checked
}

func (rc *rowChecker) bad(format string, args ...any) {
	rc.problems = append(rc.problems, problem{id: rc.current, msg: fmt.Sprintf(format, args...)})
}

func (rc *rowChecker) row(t *Table, r schema.Row) {
	cols := t.Schema.Columns()
	id := r[0].String()
	rc.current = id
	bad, ids, rowTable, actors := rc.bad, rc.ids, rc.rowTable, rc.actors
	for ci, c := range cols {
		v := r[ci]
		// where names the cell in a message; built only for one.
		where := func() string { return fmt.Sprintf("%s %s %s", t.Schema.Name, id, c.Name) }
		switch {
		case v.IsNull():
			if !c.Nullable {
				bad("%s: null in a required column", where())
			}
			continue
		case v.Type() != c.Type:
			bad("%s: %s value in a %s column", where(), v.Type(), c.Type)
		case v.Type() == schema.TypeString && v.String() == "":
			bad("%s: empty text; unknown must be null", where())
		case c.Vocab != nil && !c.Vocab.Has(v.String()):
			bad("%s: %q is not in vocabulary %s", where(), v.String(), c.Vocab.Name)
		case c.Ref != "" && !ids[c.Ref][v.String()]:
			bad("%s: %q has no row in %s", where(), v.String(), c.Ref)
		}
		if msg := writable(v); msg != "" {
			rc.problems = append(rc.problems, problem{id: id, msg: where() + ": " + msg, input: true})
		}
	}
	for i := range t.Schema.Fields {
		if f := &t.Schema.Fields[i]; f.Cols().Figure.Qualifier != schema.NoCol {
			rc.figureReading(t, r, f)
		}
	}
	for _, f := range t.Schema.Fields {
		if f.Kind != schema.KindActors && f.Kind != schema.KindRowRef {
			continue
		}
		v := r[f.Cols().Value]
		if v.IsNull() {
			continue
		}
		switch f.Kind {
		case schema.KindActors:
			codes := strings.Split(v.String(), ";")
			for _, code := range codes {
				if !actors[code] {
					bad("%s %s %s: actor %q is not in the actors table", t.Schema.Name, id, f.Name, code)
				}
			}
			if !slices.IsSorted(codes) || len(slices.Compact(slices.Clone(codes))) != len(codes) {
				bad("%s %s %s: %q is not a list of distinct codes in sorted order", t.Schema.Name, id, f.Name, v.String())
			}
		case schema.KindRowRef:
			if rowTable[v.String()] == "" {
				bad("%s %s %s: no row %q", t.Schema.Name, id, f.Name, v.String())
			}
		}
	}
	for _, side := range rowRefs(t.Schema) {
		row, table := r[side.row].String(), r[side.table].String()
		if rowTable[row] != table {
			bad("%s %s: %s %q is not a row of %s", t.Schema.Name, id, cols[side.row].Name, row, table)
		}
	}
	if t.Schema.Curated {
		for _, msg := range validateQuote(t, r, rc.texts) {
			bad("%s", msg)
		}
	}
}

// figureReading checks a figure field's value, _low and _high cells
// against what the dictionary says they hold for the row's qualifier
// (schema.FigureReadings): the value column set for a point only, the
// bounds set exactly where the qualifier gives them, low not above high,
// and nothing set without a qualifier.
func (rc *rowChecker) figureReading(t *Table, r schema.Row, f *schema.Field) {
	fc, cols := f.Cols().Figure, t.Schema.Columns()
	where := fmt.Sprintf("%s %s %s", t.Schema.Name, rc.current, f.Name)
	checks := []struct {
		col  schema.Col
		want func(schema.FigureReading) string
	}{
		{fc.Value, func(x schema.FigureReading) string { return x.Value }},
		{fc.Low, func(x schema.FigureReading) string { return x.Low }},
		{fc.High, func(x schema.FigureReading) string { return x.High }},
	}
	q := r[fc.Qualifier]
	if q.IsNull() {
		for _, c := range checks {
			if !r[c.col].IsNull() {
				rc.bad("%s: %s is %s without a qualifier", where, cols[c.col].Name, cellText(r[c.col]))
			}
		}
		return
	}
	reading, ok := schema.ReadingOf(q.String())
	if !ok {
		return // reported as a value outside the vocabulary
	}
	for _, c := range checks {
		switch set := !r[c.col].IsNull(); {
		case set && c.want(reading) == "":
			rc.bad("%s: %s is %s, but a figure of qualifier %s leaves it null", where, cols[c.col].Name, cellText(r[c.col]), reading.Qualifier)
		case !set && c.want(reading) != "":
			rc.bad("%s: %s is null, but a figure of qualifier %s sets it", where, cols[c.col].Name, reading.Qualifier)
		}
	}
	if lo, hi := r[fc.Low], r[fc.High]; !lo.IsNull() && !hi.IsNull() && number(hi) < number(lo) {
		rc.bad("%s: %s %s is above %s %s", where, cols[fc.Low].Name, cellText(lo), cols[fc.High].Name, cellText(hi))
	}
	if fc.KM != schema.NoCol && r[fc.KM].IsNull() != r[fc.Value].IsNull() {
		rc.bad("%s: %s is %s where %s is %s; it converts the point value", where, cols[fc.KM].Name, cellText(r[fc.KM]), cols[fc.Value].Name, cellText(r[fc.Value]))
	}
}

// number is a numeric cell as a float.
func number(v schema.Value) float64 {
	if v.Type() == schema.TypeInt {
		return float64(v.Int())
	}
	return v.Float()
}

// problem is a failed check and the id of the row it concerns. An input
// problem is a value the inputs gave that no format can write as it is (a
// cell too long, a number too large), not a bug of the builder.
type problem struct {
	id, msg string
	input   bool
}

// writable says why a value cannot be written by every writer of the
// release, or "" when it can: the same limits the writers apply (text
// within a cell's length and without control characters, numbers finite,
// integers exact in a spreadsheet), checked here so that check refuses,
// at the row's rule, whatever build would refuse while writing. Values
// that come straight from the inputs are refused by the loader already;
// this catches those the builder derives (a quote sliced from its text, a
// citation, names joined).
func writable(v schema.Value) string {
	switch v.Type() {
	case schema.TypeString:
		msg, _ := schema.TextProblem(v.String())
		return msg
	case schema.TypeFloat:
		if x := v.Float(); math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Sprintf("number %v cannot be written (not finite)", x)
		}
	case schema.TypeInt:
		if i := v.Int(); i > schema.MaxExactInt || i < -schema.MaxExactInt {
			return fmt.Sprintf("integer %d is larger than a spreadsheet number holds exactly (2^53)", i)
		}
	}
	return ""
}

// validateQuote checks a curated row's quote against its source and its
// figures, times and verbatim texts against the quote.
func validateQuote(t *Table, r schema.Row, texts map[string]*quote.Text) []string {
	ref, cols := t.Schema.Ref(), t.Schema.Columns()
	id := r[ref.ID].String()
	txt := texts[r[ref.SourceID].String()]
	if txt == nil {
		return []string{fmt.Sprintf("%s %s: source %q has no text", t.Schema.Name, id, r[ref.SourceID].String())}
	}
	start, end := int(r[ref.QuoteStart].Int()), int(r[ref.QuoteEnd].Int())
	q := r[ref.Quote].String()
	if start < 0 || end > txt.Len() || start >= end || txt.Slice(quote.Match{Start: start, End: end}) != q {
		return []string{fmt.Sprintf("%s %s: the quote is not at [%d,%d) of its source", t.Schema.Name, id, start, end)}
	}
	if line := int64(txt.Line(start)); line != r[ref.QuoteLine].Int() {
		return []string{fmt.Sprintf("%s %s: the quote starts on line %d, not %d", t.Schema.Name, id, line, r[ref.QuoteLine].Int())}
	}
	var problems []string
	// The display quote is Display of the quote, and the values that stand
	// in the quote are found in it as they are shown, then checked at
	// their places in the source.
	sq := showQuote(txt, start, end)
	if got := r[ref.QuoteDisplay]; got.IsNull() || got.String() != sq.shown.Text {
		problems = append(problems, fmt.Sprintf("%s %s: quote_display is %s, not the quote as displayed, %q", t.Schema.Name, id, cellText(got), sq.shown.Text))
	}
	for i := range t.Schema.Fields {
		f := &t.Schema.Fields[i]
		c := f.Cols().Quoted
		if c == schema.NoCol || r[c].IsNull() {
			continue
		}
		text := r[c].String()
		ms := sq.places(text)
		if len(ms) == 0 {
			problems = append(problems, fmt.Sprintf("%s %s: %s %q is not in the quote", t.Schema.Name, id, cols[c].Name, text))
			continue
		}
		if d := txt.Display(ms[0]); d != text {
			problems = append(problems, fmt.Sprintf("%s %s: %s %q is not shown as the quote shows it, %q", t.Schema.Name, id, cols[c].Name, text, d))
			continue
		}
		if msg := wholeProblem(f, r, cols, txt, ms); msg != "" {
			problems = append(problems, fmt.Sprintf("%s %s: %s %q %s", t.Schema.Name, id, cols[c].Name, text, msg))
		}
	}
	return problems
}

// cellText shows a value in a message.
func cellText(v schema.Value) string {
	if v.IsNull() {
		return "null"
	}
	return fmt.Sprintf("%q", v.Text())
}

// wholeProblem re-checks that a figure or time the quote holds at ms is
// written whole, as the builder checks its rule, and that a figure's value
// cells are what its text reads; "" when they are. A time's missing year
// is taken from its span, as the rule supplied it.
func wholeProblem(f *schema.Field, r schema.Row, cols []schema.Column, txt *quote.Text, ms []quote.Match) string {
	text := r[f.Cols().Quoted].String()
	switch f.Kind {
	case schema.KindCount, schema.KindAmount, schema.KindDistance, schema.KindRatio:
		fig, err := figure.Parse(text)
		if err != nil {
			return fmt.Sprintf("does not parse: %v", err)
		}
		if wide, omits, ok := widerFigure(txt, ms, fig); ok {
			return fmt.Sprintf("leaves out %s of %q", omits, txt.Plain(wide))
		}
		cells, ok := figureCells(f, text, fig)
		if !ok {
			return "is not a whole number"
		}
		for _, c := range cells {
			if got := r[c.col]; !got.Equal(c.v) {
				return fmt.Sprintf("reads %s %s, but the row has %s", cols[c.col].Name, cellText(c.v), cellText(got))
			}
		}
	case schema.KindWhen:
		year := 0
		if s, e := r[f.Cols().When.Start], r[f.Cols().When.End]; !s.IsNull() {
			year = s.Date().Year
		} else if !e.IsNull() {
			year = e.Date().Year
		}
		span, err := when.Parse(text, year)
		if err != nil {
			return "" // the rule gave start/end for a text the parser cannot read
		}
		if wide, _, ok := widerTime(txt, ms, span, year); ok {
			return fmt.Sprintf("leaves out part of %q", txt.Plain(wide))
		}
		// The span claims and links compare is the text's, when the
		// text can be read (start/end given beside it must agree).
		wc := f.Cols().When
		for _, c := range []cell{{wc.Start, schema.OptDate(span.Start)}, {wc.End, schema.OptDate(span.End)}} {
			if got := r[c.col]; !got.Equal(c.v) {
				return fmt.Sprintf("reads %s %s, but the row has %s", cols[c.col].Name, cellText(c.v), cellText(got))
			}
		}
	}
	return ""
}
