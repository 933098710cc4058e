package dataset

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/armsdata/armsdata/schema"
)

// Each row of an indicator source gives one indicator: its figure's cells
// as they are (a count as a number), its actor, host and time, the year
// only when the span lies in one calendar year, and the unit of its kind.
func TestIndicatorRows(t *testing.T) {
	str, date := schema.Str, func(y, m, d int) schema.Value {
		return schema.DateValue(schema.Date{Year: y, Month: time.Month(m), Day: d})
	}
	source := map[string]schema.Value{"source_id": str("s"), "citation": str("S, 2010.")}
	with := func(a, b map[string]schema.Value) map[string]schema.Value {
		out := map[string]schema.Value{}
		for k, v := range a {
			out[k] = v
		}
		for k, v := range b {
			out[k] = v
		}
		return out
	}
	tests := []struct {
		name  string
		table *schema.Table
		cells map[string]schema.Value
		want  string // "" when the row gives no indicator
	}{
		{"budget of a year", schema.MilitaryExpenditure, with(source, map[string]schema.Value{
			"actor": str("AZE"), "actor_name": str("Azerbaijan"), "measure": str("defence_budget"),
			"amount_text": str("around $1.4 billion"), "amount": schema.Float(1.4e9), "amount_qualifier": str("approx"), "amount_currency": str("USD"),
			"when_start": date(2009, 1, 1), "when_end": date(2009, 12, 31), "when_precision": str("year"), "when_basis": str("stated"),
		}), "r/amount AZE Azerbaijan defence_budget null null 2009 2009-01-01 2009-12-31 year stated around $1.4 billion 1400000000 null null approx USD s S, 2010. military_expenditure r"},
		{"spending over a period: no year", schema.MilitaryExpenditure, with(source, map[string]schema.Value{
			"actor": str("AZE"), "actor_name": str("Azerbaijan"), "measure": str("hardware_spending"),
			"amount_text": str("more than $1 billion"), "amount": schema.Float(1e9), "amount_low": schema.Float(1e9), "amount_qualifier": str("more_than"), "amount_currency": str("USD"),
			"when_start": date(2006, 1, 1), "when_end": date(2016, 12, 31), "when_precision": str("period"), "when_basis": str("inferred_publication"),
		}), "r/amount AZE Azerbaijan equipment_spending null null null 2006-01-01 2016-12-31 period inferred_publication more than $1 billion 1000000000 1000000000 null more_than USD s S, 2010. military_expenditure r"},
		{"debt", schema.MilitaryExpenditure, with(source, map[string]schema.Value{
			"actor": str("RUS"), "actor_name": str("Russia"), "measure": str("debt"),
			"amount_text": str("about 100 million dollars"), "amount": schema.Float(1e8), "amount_qualifier": str("approx"), "amount_currency": str("USD"),
		}), "r/amount RUS Russia military_debt null null null null null null null about 100 million dollars 100000000 null null approx USD s S, 2010. military_expenditure r"},
		{"troops abroad, a count", schema.ArmedForces, with(source, map[string]schema.Value{
			"actor": str("RUS"), "actor_name": str("Russia"), "counted": str("foreign_troops_at_base"), "host": str("ARM"), "host_name": str("Armenia"),
			"personnel_text": str("More than 3,500"), "personnel": schema.Int(3500), "personnel_low": schema.Int(3500), "personnel_qualifier": str("more_than"),
			"when_start": date(2010, 1, 1), "when_end": date(2010, 12, 31), "when_precision": str("year"), "when_basis": str("inferred_publication"),
		}), "r/personnel RUS Russia foreign_troops_at_base ARM Armenia 2010 2010-01-01 2010-12-31 year inferred_publication More than 3,500 3500 3500 null more_than personnel s S, 2010. armed_forces r"},
		{"open span: no year", schema.ArmedForces, with(source, map[string]schema.Value{
			"actor": str("RUS"), "actor_name": str("Russia"), "counted": str("foreign_troops_at_base"),
			"personnel_text": str("about 900"), "personnel": schema.Int(900), "personnel_qualifier": str("approx"),
			"when_end": date(2009, 12, 31), "when_precision": str("open"), "when_basis": str("inferred_context"),
		}), "r/personnel RUS Russia foreign_troops_at_base null null null null 2009-12-31 open inferred_context about 900 900 null null approx personnel s S, 2010. armed_forces r"},
		{"a range: value null", schema.ArmedForces, with(source, map[string]schema.Value{
			"actor": str("XNK"), "actor_name": str("Nagorno-Karabakh authorities"), "counted": str("de_facto_forces"),
			"personnel_text": str("between 15,000 and 20,000"), "personnel_low": schema.Int(15000), "personnel_high": schema.Int(20000), "personnel_qualifier": str("range"),
			"when_start": date(2010, 3, 1), "when_end": date(2010, 3, 31), "when_precision": str("month"), "when_basis": str("stated"),
		}), "r/personnel XNK Nagorno-Karabakh authorities de_facto_forces null null 2010 2010-03-01 2010-03-31 month stated between 15,000 and 20,000 null 15000 20000 range personnel s S, 2010. armed_forces r"},
		{"no figure", schema.ArmedForces, with(source, map[string]schema.Value{"actor": str("ARM"), "counted": str("national_armed_forces")}), ""},
		{"not an indicator source", schema.Events, with(source, map[string]schema.Value{"count_text": str("3"), "count": schema.Int(3)}), ""},
	}
	// The cells compared, named so that the expectations do not depend on
	// the table's column order.
	cols := []string{"id", "actor", "actor_name", "indicator", "host", "host_name", "year", "when_start", "when_end", "when_precision",
		"when_basis", "value_text", "value", "low", "high", "qualifier", "unit", "source_id", "citation", "table_name", "row_id"}
	if n := len(schema.Indicators.Columns()); n != len(cols) {
		t.Fatalf("indicators has %d columns, the test compares %d", n, len(cols))
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rows := map[*schema.Table][]schema.Row{tc.table: {curatedRow(t, tc.table, "r", tc.cells)}}
			var got []string
			for _, r := range indicatorRows(rows) {
				got = append(got, rowText(schema.Indicators, r, cols...))
			}
			var want []string
			if tc.want != "" {
				want = []string{tc.want}
			}
			if !slices.Equal(got, want) {
				t.Errorf("got\n\t%s\nwant\n\t%s\n(columns %s)", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"), strings.Join(cols, " "))
			}
		})
	}
}

// Every term of what an indicator source's rows measure maps onto one
// indicator, and every indicator says which rows give it.
func TestEveryMeasureIsAnIndicator(t *testing.T) {
	seen := map[string]string{}
	for _, src := range schema.IndicatorSources {
		for _, term := range src.Code.Vocab.Codes() {
			ind := schema.IndicatorFor(src.Table, term)
			switch {
			case ind == "":
				t.Errorf("%s %s %s maps onto no indicator", src.Table.Name, src.Code.Name, term)
			case seen[ind] != "":
				t.Errorf("indicator %s comes from %s and %s.%s", ind, seen[ind], src.Table.Name, term)
			case !schema.IndicatorKinds.Has(ind):
				t.Errorf("indicator %s is not in vocabulary %s", ind, schema.IndicatorKinds.Name)
			}
			seen[ind] = src.Table.Name + "." + term
		}
	}
	for _, term := range schema.IndicatorKinds.Terms {
		if seen[term.Code] == "" {
			t.Errorf("indicator %s comes from no rows", term.Code)
		}
		if table, code, _ := strings.Cut(seen[term.Code], "."); !strings.Contains(term.Description, table) || !strings.Contains(term.Description, code) {
			t.Errorf("indicator %s: %q does not say it comes from %s rows with %s", term.Code, term.Description, table, code)
		}
	}
}
