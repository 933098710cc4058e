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

func TestTimeLabel(t *testing.T) {
	day := func(s string) Value {
		if s == "" {
			return Null(TypeDate)
		}
		d, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return DateValue(d)
	}
	for _, c := range []struct{ start, end, basis, want string }{
		{"2009-01-01", "2009-12-31", "stated", "2009"},
		{"2010-01-01", "2010-12-31", "inferred_publication", "c. 2010"},
		{"2006-01-01", "2016-12-31", "inferred_publication", "c. 2006–2016"},
		{"2006-01-01", "2016-12-31", "stated", "2006–2016"},
		{"2020-11-10", "2020-11-10", "inferred_context", "c. 2020-11-10"},
		{"2020-09-27", "2020-11-10", "stated", "2020-09-27 – 2020-11-10"},
		{"2020-09-01", "2020-09-30", "stated", "2020-09-01 – 2020-09-30"},
		{"", "2009-12-31", "inferred_context", "until c. 2009-12-31"},
		{"1996-01-01", "", "stated", "from 1996-01-01"},
		{"", "", "stated", ""},
		{"2009-01-01", "2009-12-31", "", "2009"},
	} {
		if got := TimeLabel(day(c.start), day(c.end), c.basis); got != c.want {
			t.Errorf("TimeLabel(%s, %s, %s) = %q, want %q", c.start, c.end, c.basis, got, c.want)
		}
	}
}
