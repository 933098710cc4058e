package dataset

import (
	"math"
	"testing"

	"github.com/armsdata/armsdata/schema"
)

func TestRatioHolds(t *testing.T) {
	tests := []struct {
		r, stated float64
		qualifier string
		want      bool
	}{
		{3.5, 3, "more_than", true}, // the brief: 1.4 billion / 400 million vs "more than three times"
		{3, 3, "more_than", false},
		{3, 3, "at_least", true},
		{2.9, 3, "at_least", false},
		{2.5, 3, "less_than", true},
		{3, 3, "less_than", false},
		{3, 3, "up_to", true},
		{2.95, 3, "nearly", true},
		{3.2, 3, "exact", true}, // within 10%
		{3.4, 3, "exact", false},
		{2.75, 3, "approx", true},
		{2.6, 3, "approx", false},
	}
	for _, tc := range tests {
		if got := ratioHolds(tc.r, tc.stated, tc.qualifier); got != tc.want {
			t.Errorf("ratioHolds(%v, %v, %s) = %v, want %v", tc.r, tc.stated, tc.qualifier, got, tc.want)
		}
	}
}

func TestInterval(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	inf := math.Inf(1)
	tests := []struct {
		name   string
		fig    figureOf
		lo, hi float64
		ok     bool
	}{
		{"exact", figureOf{value: f(30000), qualifier: "exact"}, 30000, 30000, true},
		{"approx", figureOf{value: f(900), qualifier: "approx"}, 810, 990, true},
		// Bounds are read from low and high: the value is null for them.
		{"more than", figureOf{low: f(3500), qualifier: "more_than"}, 3500, inf, true},
		{"at least", figureOf{low: f(12), qualifier: "at_least"}, 12, inf, true},
		{"up to", figureOf{high: f(20000), qualifier: "up_to"}, 0, 20000, true},
		{"less than", figureOf{high: f(1000), qualifier: "less_than"}, 0, 1000, true},
		{"nearly", figureOf{high: f(40), qualifier: "nearly"}, 0, 40, true},
		{"range", figureOf{low: f(20), high: f(30), qualifier: "range"}, 20, 30, true},
		{"order of magnitude", figureOf{low: f(100), qualifier: "order_of_magnitude"}, 100, 1000, true},
		{"no value", figureOf{qualifier: "exact"}, 0, 0, false},
	}
	for _, tc := range tests {
		lo, hi, ok := interval(tc.fig)
		if ok != tc.ok || (ok && (math.Abs(lo-tc.lo) > 1e-9 || hi != tc.hi && math.Abs(hi-tc.hi) > 1e-9)) {
			t.Errorf("%s: interval = [%v, %v] %v, want [%v, %v] %v", tc.name, lo, hi, ok, tc.lo, tc.hi, tc.ok)
		}
	}
}

// Rows of different times report two states of affairs: overlapping
// intervals do not make them agree, only the same figure does.
func TestRelate(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	d := func(s string) schema.Date {
		v, err := schema.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	at := func(fig figureOf, start, end string) figureOf {
		fig.start, fig.end, fig.hasStart, fig.hasEnd = d(start), d(end), true, true
		return fig
	}
	moreThan := func(x float64) figureOf { return figureOf{value: f(x), low: f(x), qualifier: "more_than"} }
	exact := func(x float64) figureOf { return figureOf{value: f(x), qualifier: "exact"} }
	about := func(x float64) figureOf { return figureOf{value: f(x), qualifier: "approx"} }
	tests := []struct {
		name   string
		a, c   figureOf
		want   string
		wantOK bool
	}{
		{"Gyumri: bounds that overlap, ten years apart", at(moreThan(3500), "2010-01-01", "2010-12-31"), at(moreThan(3000), "2020-01-01", "2020-12-31"), "differ_over_time", true},
		{"the same bound, years apart", at(moreThan(3000), "2010-01-01", "2010-12-31"), at(moreThan(3000), "2020-01-01", "2020-12-31"), "agree", true},
		{"the same value, hedged or not, years apart", at(about(900), "2001-01-01", "2001-12-31"), at(exact(900), "2009-01-01", "2009-12-31"), "agree", true},
		{"different values years apart", at(exact(6), "2001-01-01", "2001-01-31"), at(exact(7), "2010-01-01", "2010-12-31"), "differ_over_time", true},
		{"bounds that overlap at overlapping times", at(moreThan(3500), "2010-01-01", "2010-12-31"), at(moreThan(3000), "2009-01-01", "2010-12-31"), "agree", true},
		{"bounds that overlap at an unknown time", moreThan(3500), at(moreThan(3000), "2020-01-01", "2020-12-31"), "agree", true},
		{"different values at overlapping times", at(exact(6), "2001-01-01", "2001-01-31"), at(exact(7), "1994-01-01", "2020-12-31"), "conflict", true},
		{"different values at unknown times", exact(6), exact(7), "conflict", true},
		{"no value", figureOf{qualifier: "exact"}, exact(7), "", false},
	}
	for _, tc := range tests {
		got, _, ok := relate(tc.a, tc.c)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("%s: relate = %q %v, want %q %v", tc.name, got, ok, tc.want, tc.wantOK)
		}
	}
}

// A first is refuted by one earlier rival and proven by none: a rival that
// ended before the subject began makes the claim fail; a later, an
// overlapping or an undated one, or none, leaves it unchecked.
func TestCheckFirst(t *testing.T) {
	d := func(s string) schema.Date {
		if s == "" {
			return schema.Date{}
		}
		v, err := schema.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// agreements have no "when": a first is dated by the day signed.
	agreement := func(id, start, end string) *builtRow {
		return &builtRow{rule: &schema.Rule{ID: id, Table: schema.Agreements},
			times: []parsedTime{{field: schema.Agreements.Field("signed"), start: d(start), end: d(end)}}}
	}
	event := func(id, start, end string) *builtRow {
		return &builtRow{rule: &schema.Rule{ID: id, Table: schema.Events},
			times: []parsedTime{{field: schema.Events.When(), start: d(start), end: d(end)}}}
	}
	rows := map[string]*builtRow{}
	for _, br := range []*builtRow{
		agreement("mtc-2003", "2003-02-26", "2003-02-27"),
		agreement("defence-2000", "2000-12-26", "2000-12-27"),
		agreement("later-2010", "2010-08-20", "2010-08-20"),
		agreement("same-days", "2003-02-27", "2003-03-01"),
		agreement("undated", "", ""),
		event("visit-2001", "2001-01-08", "2001-01-14"),
		event("until-1994", "", "1994-12-31"),
	} {
		rows[br.rule.ID] = br
	}
	ref := func(id string) schema.Value {
		if id == "" {
			return schema.Null(schema.TypeString)
		}
		return schema.Str(id)
	}
	tests := []struct {
		subject, object, want string
	}{
		{"mtc-2003", "defence-2000", "fails"}, // caci2003 against monitor2001
		{"mtc-2003", "until-1994", "fails"},   // a rival of another table, open at its start
		{"mtc-2003", "later-2010", "cannot_check"},
		{"mtc-2003", "same-days", "cannot_check"},
		{"mtc-2003", "undated", "cannot_check"},
		{"undated", "defence-2000", "cannot_check"},
		{"visit-2001", "", "cannot_check"},
		{"", "defence-2000", "cannot_check"},
	}
	for _, tc := range tests {
		got, detail := checkFirst(rows, ref(tc.subject), ref(tc.object))
		if got != tc.want {
			t.Errorf("checkFirst(%q, %q) = %s (%s), want %s", tc.subject, tc.object, got, detail, tc.want)
		}
	}
}
