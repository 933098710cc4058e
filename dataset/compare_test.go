package dataset

import (
	"math"
	"testing"
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

func TestSpanPrecision(t *testing.T) {
	tests := []struct{ start, end, pS, pE, want string }{
		{"2010", "2010", "year", "year", "year"},
		{"2010-07", "2010-07", "month", "month", "month"},
		{"", "2010", "", "year", "open"},
		{"1996", "", "year", "", "open"},
		{"2006", "2016", "year", "year", "period"},
		{"2020-10-10", "2020-10-17", "day", "day", "days"},
		{"2020-04", "2020-10", "month", "month", "months"},
		{"2020-04", "2021", "month", "year", "period"},
	}
	for _, tc := range tests {
		if got := spanPrecision(tc.start, tc.end, tc.pS, tc.pE); got != tc.want {
			t.Errorf("spanPrecision(%q, %q) = %q, want %q", tc.start, tc.end, got, tc.want)
		}
	}
}
