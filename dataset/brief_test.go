package dataset

import (
	"testing"

	"github.com/armsdata/armsdata/schema"
)

// The figures of the design brief, checked by hand against the texts: the
// values, hedges, actors and years a reader must find in the release.
func TestBriefFigures(t *testing.T) {
	r := repoBuild(t)
	d := func(s string) schema.Value {
		dt, err := schema.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return schema.DateValue(dt)
	}
	null := func(t schema.Type) schema.Value { return schema.Null(t) }
	tests := []struct {
		table, id string
		want      map[string]schema.Value
	}{
		{"military_expenditure", "balance2010-budget-aze-2009", map[string]schema.Value{
			"actor": schema.Str("AZE"), "measure": schema.Str("defence_budget"),
			"amount": schema.Float(1.4e9), "amount_text": schema.Str("around $1.4 billion"),
			"amount_qualifier": schema.Str("approx"), "amount_currency": schema.Str("USD"),
			"amount_low": null(schema.TypeFloat), "amount_high": null(schema.TypeFloat),
			"when_start": d("2009-01-01"), "when_end": d("2009-12-31"), "when_basis": schema.Str("stated"),
		}},
		{"military_expenditure", "balance2010-budget-arm-2009", map[string]schema.Value{
			"actor": schema.Str("ARM"), "amount": schema.Float(400e6), "amount_qualifier": schema.Str("exact"),
			"amount_currency": schema.Str("USD"), "when_start": d("2009-01-01"), "when_end": d("2009-12-31"),
		}},
		{"armed_forces", "balance2010-forces-aze", map[string]schema.Value{
			"actor": schema.Str("AZE"), "counted": schema.Str("national_armed_forces"),
			"personnel": schema.Int(67000), "personnel_qualifier": schema.Str("exact"),
			"when_basis": schema.Str("inferred_publication"),
		}},
		{"armed_forces", "balance2010-forces-arm", map[string]schema.Value{
			"actor": schema.Str("ARM"), "personnel": schema.Int(47000),
		}},
		{"armed_forces", "balance2010-forces-xnk", map[string]schema.Value{
			"actor": schema.Str("XNK"), "counted": schema.Str("de_facto_forces"), "personnel": null(schema.TypeInt),
			"personnel_high": schema.Int(20000), "personnel_qualifier": schema.Str("up_to"),
		}},
		{"military_expenditure", "moscowtimes2016-aze-hardware-decade", map[string]schema.Value{
			"actor": schema.Str("AZE"), "measure": schema.Str("hardware_spending"),
			"amount": schema.Float(22.7e9), "amount_qualifier": schema.Str("approx"), "amount_currency": schema.Str("USD"),
			// The text's Markdown escape stays in quote, not in what a reader reads.
			"amount_text": schema.Str("some $22.7 billion"),
			"attribution": schema.Str("Stockholm International Peace Research Institute"),
			"when_start":  d("2006-01-01"), "when_end": d("2016-12-31"), "when_basis": schema.Str("inferred_publication"),
		}},
		{"arms_transfers", "balance2010-s300-reported", map[string]schema.Value{
			"supplier": schema.Str("RUS"), "recipient": schema.Str("AZE"), "designation": schema.Str("S-300"),
			"quantity": schema.Int(2), "unit": schema.Str("batteries"), "status": schema.Str("reported"),
			"attribution": schema.Str("Vedomosti"),
		}},
		{"arms_transfers", "balance2010-s300-denied", map[string]schema.Value{
			"supplier": schema.Str("RUS"), "recipient": schema.Str("AZE"), "designation": schema.Str("S-300"),
			"status": schema.Str("denied"), "attribution": schema.Str("Rosoboronexport"),
		}},
		{"arms_transfers", "moscowtimes2016-iskander-parade", map[string]schema.Value{
			"supplier": schema.Str("RUS"), "recipient": schema.Str("ARM"), "designation": schema.Str("Iskander"),
			"status": schema.Str("displayed"), "condition": schema.Str("new"),
			"when_start": d("2016-09-21"), "when_end": d("2016-09-21"), "when_basis": schema.Str("inferred_publication"),
		}},
		{"arms_transfers", "balance2010-mig25-ukraine", map[string]schema.Value{
			"supplier": schema.Str("UKR"), "recipient": schema.Str("AZE"), "designation": schema.Str("MiG-25"),
			"quantity": schema.Int(30), "status": schema.Str("delivered"), "condition": schema.Str("second_hand"),
		}},
		{"arms_transfers", "balance2010-missiles-ukraine", map[string]schema.Value{
			"supplier": schema.Str("UKR"), "recipient": schema.Str("AZE"), "category": schema.Str("missile"),
			"quantity": schema.Int(12), "weapon": schema.Str("long-range missiles"),
		}},
	}
	for _, tc := range tests {
		tab := r.Table(tc.table)
		row := -1
		for i := range tab.Rows {
			if tab.Get(i, "id").String() == tc.id {
				row = i
			}
		}
		if row < 0 {
			t.Errorf("%s: no row %s", tc.table, tc.id)
			continue
		}
		for col, want := range tc.want {
			if got := tab.Get(row, col); !got.Equal(want) {
				t.Errorf("%s %s: %s = %#v, want %#v", tc.table, tc.id, col, got, want)
			}
		}
	}
}
