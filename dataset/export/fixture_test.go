package export

import (
	"strings"
	"time"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// fixtureTable exercises every column type, nulls, and text a spreadsheet
// could mistake for a formula.
var fixtureTable = &schema.Table{
	Name:        "fixture",
	Title:       "Fixture",
	Description: "A table for exporter tests.",
	Curated:     true,
	Fields: []schema.Field{
		{Name: "id", Kind: schema.KindID, Description: "Row id."},
		{Name: "actor", Kind: schema.KindActor, Required: true, Description: "Actor."},
		{Name: "kind", Kind: schema.KindCode, Vocab: schema.Conditions, Description: "A coded column."},
		{Name: "amount", Kind: schema.KindAmount, Description: "A sum."},
		{Name: "personnel", Kind: schema.KindCount, Description: "A count."},
		{Name: "when", Kind: schema.KindWhen, Description: "When."},
		{Name: "note", Kind: schema.KindText, Place: schema.PlaceNotes, Description: "Free text, a note as the curated tables have."},
	},
}

func mustDate(y int, m time.Month, d int) schema.Date {
	dt, err := schema.NewDate(y, m, d)
	if err != nil {
		panic(err)
	}
	return dt
}

// fixtureRelease returns a release with one fixture table of three rows:
// a full row, a row of nulls, and a row of hostile text.
func fixtureRelease() *dataset.Release {
	row := func(vals map[string]schema.Value) schema.Row { return tableRow(fixtureTable, vals) }
	ref := func(id, quote string, start int64) map[string]schema.Value {
		return map[string]schema.Value{
			"id": schema.Str(id), "actor": schema.Str("AZE"), "actor_name": schema.Str("Azerbaijan"),
			"source_id": schema.Str("src"), "citation": schema.Str("Author, Title, 2010."),
			"quote": schema.Str(quote), "quote_display": schema.Str(strings.Join(strings.Fields(quote), " ")),
			"quote_start": schema.Int(start), "quote_end": schema.Int(start + int64(len([]rune(quote)))), "quote_line": schema.Int(3),
		}
	}
	full := ref("full", "Azerbaijan’s 2009 defence budget was around $1.4 billion,\nmore than three times", 100)
	for k, v := range map[string]schema.Value{
		"kind": schema.Str("new"), "amount_text": schema.Str("around $1.4 billion"), "amount": schema.Float(1.4e9),
		"amount_qualifier": schema.Str("approx"), "amount_currency": schema.Str("USD"),
		"personnel_text": schema.Str("3,500"), "personnel": schema.Int(3500),
		"personnel_qualifier": schema.Str("exact"), "when_text": schema.Str("2009"),
		"when_start": schema.DateValue(mustDate(2009, 1, 1)), "when_end": schema.DateValue(mustDate(2009, 12, 31)),
		"when_precision": schema.Str("year"), "when_basis": schema.Str("stated"),
		"source_url": schema.Str("https://example.org/a?b=1&c=2"), "note": schema.Str("Ünïcödé – “quoted” 0042"),
	} {
		full[k] = v
	}
	nulls := ref("nulls", "x", 0)
	hostile := ref("hostile", "=HYPERLINK(\"http://evil\",\"x\")", 5)
	for k, v := range map[string]schema.Value{
		"note":           schema.Str("+1 -2 @SUM(A1) \tTab \rCR " + strings.Repeat("long ", 10)),
		"personnel_text": schema.Str("-5"), "kind": schema.Str("unknown"),
		"when_start": schema.DateValue(mustDate(1918, 5, 28)), "when_end": schema.DateValue(mustDate(1999, 12, 31)),
	} {
		hostile[k] = v
	}
	return &dataset.Release{
		Meta:   dataset.Meta{Name: "fixture", Title: "Fixture release", Description: "For tests.", Version: "0.0.0-test", Licence: "CC-BY-4.0", LicenceURL: "https://creativecommons.org/licenses/by/4.0/"},
		Tables: []*dataset.Table{{Schema: fixtureTable, Rows: []schema.Row{row(full), row(hostile), row(nulls)}}},
	}
}
