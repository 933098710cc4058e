package schema

import (
	"fmt"
	"testing"
	"time"
)

// TestDateString: the digits written by hand are what fmt writes, for days
// in range and at and beyond its edges (the zero Date, negative and
// five-digit years, months and days out of range).
func TestDateString(t *testing.T) {
	for _, d := range []Date{
		{2009, time.February, 28}, {1, time.January, 1}, {9999, time.December, 31}, {1918, time.May, 8},
		{}, {-1, 1, 1}, {-2010, 3, 4}, {10000, 1, 1}, {2010, 0, 0}, {2010, 13, 32}, {2010, 99, 99}, {2010, 100, 1}, {2010, 1, 100}, {2010, -1, -5},
	} {
		want := fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
		if got := d.String(); got != want {
			t.Errorf("%#v.String() = %q, want %q", d, got, want)
		}
	}
}
