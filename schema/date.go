package schema

import (
	"fmt"
	"strconv"
	"time"
)

// Date is a calendar day with no time zone, so that a row's date never
// shifts with the TZ of the machine that builds the release.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date, or an error when the day does not exist
// (30 February, month 13, year 0 or beyond 9999).
func NewDate(year int, month time.Month, day int) (Date, error) {
	d := Date{year, month, day}
	if year < 1 || year > 9999 {
		return Date{}, fmt.Errorf("year %d is out of range 1..9999", year)
	}
	if month < 1 || month > 12 {
		return Date{}, fmt.Errorf("month %d is out of range 1..12", month)
	}
	if day < 1 || day > DaysIn(year, month) {
		return Date{}, fmt.Errorf("%s %d has no day %d", month, year, day)
	}
	return d, nil
}

// DaysIn returns the number of days of the month in the proleptic
// Gregorian calendar.
func DaysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("date %q is not written YYYY-MM-DD", s)
	}
	y, err1 := strconv.Atoi(s[0:4])
	m, err2 := strconv.Atoi(s[5:7])
	d, err3 := strconv.Atoi(s[8:10])
	if err1 != nil || err2 != nil || err3 != nil {
		return Date{}, fmt.Errorf("date %q is not written YYYY-MM-DD", s)
	}
	return NewDate(y, time.Month(m), d)
}

// String formats the date as YYYY-MM-DD. Every CSV date cell goes through
// it, so the digits of a date in range are written without fmt (ten times
// quicker); anything else, such as a negative year, is left to fmt.
func (d Date) String() string {
	if d.Year < 0 || d.Year > 9999 || d.Month < 0 || d.Month > 99 || d.Day < 0 || d.Day > 99 {
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	y, m := d.Year, int(d.Month)
	b := [10]byte{
		byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-',
		byte('0' + d.Day/10), byte('0' + d.Day%10),
	}
	return string(b[:])
}

// IsZero reports whether d is the zero Date (no date).
func (d Date) IsZero() bool { return d == Date{} }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// Compare returns -1, 0 or +1.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	default:
		return cmpInt(d.Day, e.Day)
	}
}

// DaysSinceEpoch counts days from 1970-01-01, the representation of
// Parquet's DATE and Arrow's date32.
func (d Date) DaysSinceEpoch() int32 {
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	return int32(t.Unix() / 86400)
}

// Time returns midnight UTC of the day, for libraries that take a time.Time.
func (d Date) Time() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// ParsePartialDate reads a date written to the year ("2010"), the month
// ("2010-08") or the day ("2010-08-18") and returns the first and last day
// it covers with its precision ("year", "month" or "day").
func ParsePartialDate(s string) (first, last Date, precision string, err error) {
	switch len(s) {
	case 4:
		y, e := strconv.Atoi(s)
		if e != nil || s[0] == '-' || s[0] == '+' {
			return Date{}, Date{}, "", fmt.Errorf("%q is not a year (YYYY)", s)
		}
		if first, err = NewDate(y, 1, 1); err != nil {
			return Date{}, Date{}, "", err
		}
		return first, Date{y, 12, 31}, "year", nil
	case 7:
		if s[4] != '-' {
			break
		}
		y, e1 := strconv.Atoi(s[:4])
		m, e2 := strconv.Atoi(s[5:])
		if e1 != nil || e2 != nil {
			break
		}
		if first, err = NewDate(y, time.Month(m), 1); err != nil {
			return Date{}, Date{}, "", err
		}
		return first, Date{y, time.Month(m), DaysIn(y, time.Month(m))}, "month", nil
	case 10:
		d, e := ParseDate(s)
		if e != nil {
			return Date{}, Date{}, "", e
		}
		return d, d, "day", nil
	}
	return Date{}, Date{}, "", fmt.Errorf("%q is not a date written YYYY, YYYY-MM or YYYY-MM-DD", s)
}

// TimeLabel writes a row's time for a reader's label (a chart, the
// workbook's Balance sheet): "2009" for a whole calendar year, "2006–2016"
// for whole years, a day or "2020-09-27 – 2020-11-10" otherwise, "from …"
// or "until …" for an open end, "" for none. A time the text does not state
// (time_basis inferred_publication or inferred_context) is written with
// "c.", "c. 2010", "until c. 2009-12-31", so that an inferred year never
// reads as one the source gives.
func TimeLabel(start, end Value, basis string) string {
	about := ""
	if basis != "" && basis != "stated" {
		about = "c. "
	}
	switch {
	case start.IsNull() && end.IsNull():
		return ""
	case start.IsNull():
		return "until " + about + end.Text()
	case end.IsNull():
		return "from " + about + start.Text()
	}
	a, b := start.Date(), end.Date()
	switch {
	case a.Month == time.January && a.Day == 1 && b.Month == time.December && b.Day == 31:
		if a.Year == b.Year {
			return about + strconv.Itoa(a.Year)
		}
		return about + strconv.Itoa(a.Year) + "–" + strconv.Itoa(b.Year)
	case a == b:
		return about + start.Text()
	}
	return about + start.Text() + " – " + end.Text()
}
