package schema

import (
	"fmt"
	"io"
	"strings"

	"github.com/armsdata/armsdata/dataset/english"
)

// FigureReading says, for one qualifier, what a figure field's value
// column and its _low and _high columns hold. It is the dataset's one
// statement of what a figure's numbers mean: the column descriptions, the
// README's "How to read a figure" and the dictionary are written from
// FigureReadings, and every build checks every row against it
// (dataset/validate.go).
//
// The value column is the point the text gives, as UCDP's best estimate
// is a point: the number written without a hedge or with an approximate
// one. A bound, a range or a vague quantity gives no point: its numbers
// stand in _low and _high and the value column is null, so that a sum or
// a chart of the value column never takes a floor or a ceiling for a point.
type FigureReading struct {
	Qualifier string
	Example   string // a figure as the texts write it
	// What each column holds, for readers; "" when it is null.
	Value, Low, High string
}

// FigureReadings gives the reading of every qualifier, in the vocabulary's
// order.
var FigureReadings = []FigureReading{
	{"exact", `"67,000"`, "67000", "", ""},
	{"approx", `"around $1.4 billion", "some 30", "100 or so"`, "1400000000", "", ""},
	{"more_than", `"more than 3,500", "over 100"`, "", "3500 (excluded)", ""},
	{"at_least", `"at least 50", "1,000 or more"`, "", "50", ""},
	{"up_to", `"as many as 20,000", "50 or fewer"`, "", "", "20000"},
	{"less_than", `"less than 1,000", "under 10"`, "", "", "1000 (excluded)"},
	{"nearly", `"nearly 40", "almost 40"`, "", "", "40 (excluded)"},
	{"range", `"3,000 to 5,000", "between 20 and 30"`, "", "3000", "5000"},
	{"order_of_magnitude", `"dozens of", "hundreds", "thousands", "tens of thousands"`, "", "12, 100, 1000, 10000 (the word's floor)", ""},
}

// ReadingOf returns the reading of a qualifier; ok is false for a code
// that is not one.
func ReadingOf(qualifier string) (FigureReading, bool) {
	for _, r := range FigureReadings {
		if r.Qualifier == qualifier {
			return r, true
		}
	}
	return FigureReading{}, false
}

// readingQualifiers lists, as `code` words joined for a sentence, the
// qualifiers whose reading sets the column that set picks.
func readingQualifiers(set func(FigureReading) string) string {
	var qs []string
	for _, r := range FigureReadings {
		if set(r) != "" {
			qs = append(qs, "`"+r.Qualifier+"`")
		}
	}
	if len(qs) == 0 {
		return "none"
	}
	return english.List(qs)
}

// figureColumnDescriptions are the descriptions of a figure field's value,
// _low and _high columns, written from FigureReadings; what names what
// the figure measures ("count", "amount").
func figureColumnDescriptions(fieldDescription, what string) (value, low, high string) {
	value = fmt.Sprintf("%s The point value the text gives, set only when it writes the number without a hedge or with an approximate one (qualifier %s); null for every bound, range or vague quantity, whose numbers are in _low and _high.",
		fieldDescription, readingQualifiers(func(r FigureReading) string { return r.Value }))
	low = fmt.Sprintf("Lowest %s the text allows, set for qualifier %s: the number after \"more than\" (itself excluded) or \"at least\", a range's low end, a vague quantity's floor (\"dozens\" 12, \"thousands\" 1,000); null otherwise.",
		what, readingQualifiers(func(r FigureReading) string { return r.Low }))
	high = fmt.Sprintf("Highest %s the text allows, set for qualifier %s: the number after \"up to\", or after \"less than\" or \"nearly\" (itself excluded), a range's high end; null otherwise.",
		what, readingQualifiers(func(r FigureReading) string { return r.High }))
	return value, low, high
}

// WriteFigureReadings writes the table of FigureReadings in Markdown: the
// README's "How to read a figure" and the dictionary's.
func WriteFigureReadings(w io.Writer) error {
	var b strings.Builder
	b.WriteString("| qualifier | as written | value (`x`) | `x_low` | `x_high` |\n|---|---|---|---|---|\n")
	cell := func(s string) string {
		if s == "" {
			return "null"
		}
		return escapeCell(s)
	}
	for _, r := range FigureReadings {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", r.Qualifier, escapeCell(r.Example), cell(r.Value), cell(r.Low), cell(r.High))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
