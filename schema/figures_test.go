package schema

import (
	"slices"
	"strings"
	"testing"
)

// FigureReadings states the reading of every qualifier, once, in the
// vocabulary's order: the data test and the descriptions rely on it.
func TestFigureReadingsCoverQualifiers(t *testing.T) {
	var got []string
	for _, r := range FigureReadings {
		got = append(got, r.Qualifier)
		if r.Value == "" && r.Low == "" && r.High == "" {
			t.Errorf("qualifier %s: its reading sets no column", r.Qualifier)
		}
		if r.Value != "" && (r.Low != "" || r.High != "") {
			t.Errorf("qualifier %s: a point value with a bound would give a number two meanings", r.Qualifier)
		}
	}
	if want := Qualifiers.Codes(); !slices.Equal(got, want) {
		t.Errorf("FigureReadings qualifiers = %v, want the vocabulary's %v", got, want)
	}
	if _, ok := ReadingOf("roughly"); ok {
		t.Errorf("ReadingOf accepts a code that is not a qualifier")
	}
}

// The value, _low and _high descriptions name the qualifiers that set
// each, as FigureReadings says.
func TestFigureColumnDescriptions(t *testing.T) {
	value, low, high := figureColumnDescriptions("Troops.", "count")
	for _, tc := range []struct{ desc, want string }{
		{value, "(qualifier `exact` and `approx`)"},
		{low, "set for qualifier `more_than`, `at_least`, `range` and `order_of_magnitude`:"},
		{high, "set for qualifier `up_to`, `less_than`, `nearly` and `range`:"},
	} {
		if !strings.Contains(tc.desc, tc.want) {
			t.Errorf("description %q lacks %q", tc.desc, tc.want)
		}
	}
}
