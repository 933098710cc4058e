package when

import (
	"strings"
	"testing"

	"github.com/armsdata/armsdata/schema"
)

type parseCase struct {
	in         string
	dy         int    // defaultYear
	start, end string // YYYY-MM-DD; "" for an open end
	prec       Precision
	yearGiven  bool
	wantErr    string // substring of the error; "" when the parse must succeed
}

// Expected spans are worked out by hand; the source of each corpus form is
// noted.
var parseCases = []parseCase{
	// balance2010
	{in: "2–3 September", dy: 2010, start: "2010-09-02", end: "2010-09-03", prec: Days},
	{in: "on 20 August", dy: 2010, start: "2010-08-20", end: "2010-08-20", prec: Day},
	{in: "20 August", dy: 2010, start: "2010-08-20", end: "2010-08-20", prec: Day},
	{in: "until 2044", end: "2044-12-31", prec: Open, yearGiven: true},
	{in: "until 2015", end: "2015-12-31", prec: Open, yearGiven: true},
	{in: "in 1994", start: "1994-01-01", end: "1994-12-31", prec: Year, yearGiven: true},
	{in: "August 2008", start: "2008-08-01", end: "2008-08-31", prec: Month, yearGiven: true},
	{in: "since November 2008", start: "2008-11-01", prec: Open, yearGiven: true},
	{in: "November 2008", start: "2008-11-01", end: "2008-11-30", prec: Month, yearGiven: true},
	{in: "in June", dy: 2010, start: "2010-06-01", end: "2010-06-30", prec: Month},
	{in: "June", dy: 2010, start: "2010-06-01", end: "2010-06-30", prec: Month},
	{in: "on 18 August", dy: 2010, start: "2010-08-18", end: "2010-08-18", prec: Day},
	{in: "2009", start: "2009-01-01", end: "2009-12-31", prec: Year, yearGiven: true},
	{in: "18 August 2010", start: "2010-08-18", end: "2010-08-18", prec: Day, yearGiven: true},
	// monitor2001
	{in: "December 26", dy: 2000, start: "2000-12-26", end: "2000-12-26", prec: Day},
	{in: "from 1994 to 1997", start: "1994-01-01", end: "1997-12-31", prec: Period, yearGiven: true},
	{in: "1994 to 1997", start: "1994-01-01", end: "1997-12-31", prec: Period, yearGiven: true},
	{in: "in 1994-97", start: "1994-01-01", end: "1997-12-31", prec: Period, yearGiven: true},
	{in: "1994-97", start: "1994-01-01", end: "1997-12-31", prec: Period, yearGiven: true},
	{in: "1994–97", start: "1994-01-01", end: "1997-12-31", prec: Period, yearGiven: true},
	{in: "1999 and 2000", start: "1999-01-01", end: "2000-12-31", prec: Period, yearGiven: true},
	{in: "in 1999 and 2000", start: "1999-01-01", end: "2000-12-31", prec: Period, yearGiven: true},
	{in: "December 26-30, 2000", start: "2000-12-26", end: "2000-12-30", prec: Days, yearGiven: true},
	{in: "January 2-3", dy: 2001, start: "2001-01-02", end: "2001-01-03", prec: Days},
	{in: "January 4", dy: 2001, start: "2001-01-04", end: "2001-01-04", prec: Day},
	// caci2003
	{in: "Wednesday, 12 March 2003", start: "2003-03-12", end: "2003-03-12", prec: Day, yearGiven: true},
	{in: "at the end of February", dy: 2003, start: "2003-02-01", end: "2003-02-28", prec: Month},
	{in: "February 26 and 27", dy: 2003, start: "2003-02-26", end: "2003-02-27", prec: Days},
	{in: "on February 26 and 27", dy: 2003, start: "2003-02-26", end: "2003-02-27", prec: Days},
	{in: "May 2023", start: "2023-05-01", end: "2023-05-31", prec: Month, yearGiven: true},
	{in: "January 2, 2023", start: "2023-01-02", end: "2023-01-02", prec: Day, yearGiven: true},
	// moscowtimes2016
	{in: "November 21, 2016", start: "2016-11-21", end: "2016-11-21", prec: Day, yearGiven: true},
	{in: "in April", dy: 2016, start: "2016-04-01", end: "2016-04-30", prec: Month},
	{in: "In the late 1980s", start: "1987-01-01", end: "1989-12-31", prec: Decade, yearGiven: true},
	{in: "late 1980s", start: "1987-01-01", end: "1989-12-31", prec: Decade, yearGiven: true},
	{in: "on Sept. 21", dy: 2016, start: "2016-09-21", end: "2016-09-21", prec: Day},
	{in: "Sept. 21", dy: 2016, start: "2016-09-21", end: "2016-09-21", prec: Day},
	{in: "Nov. 17", dy: 2016, start: "2016-11-17", end: "2016-11-17", prec: Day},
	{in: "On Nov. 12", dy: 2016, start: "2016-11-12", end: "2016-11-12", prec: Day},
	{in: "At the end of October", dy: 2016, start: "2016-10-01", end: "2016-10-31", prec: Month},
	{in: "in September", dy: 2016, start: "2016-09-01", end: "2016-09-30", prec: Month},
	// ieee2021
	{in: "On 10 November", dy: 2020, start: "2020-11-10", end: "2020-11-10", prec: Day},
	{in: "27 September", dy: 2020, start: "2020-09-27", end: "2020-09-27", prec: Day},
	{in: "in 1918", start: "1918-01-01", end: "1918-12-31", prec: Year, yearGiven: true},
	{in: "1918", start: "1918-01-01", end: "1918-12-31", prec: Year, yearGiven: true},
	{in: "In December 1991", start: "1991-12-01", end: "1991-12-31", prec: Month, yearGiven: true},
	{in: "Between July and October 1993", start: "1993-07-01", end: "1993-10-31", prec: Months, yearGiven: true},
	{in: "the 1990s", start: "1990-01-01", end: "1999-12-31", prec: Decade, yearGiven: true},
	{in: "in the 1990s", start: "1990-01-01", end: "1999-12-31", prec: Decade, yearGiven: true},
	{in: "since 1994", start: "1994-01-01", prec: Open, yearGiven: true},
	{in: "since 1996", start: "1996-01-01", prec: Open, yearGiven: true},
	{in: "Since 2016", start: "2016-01-01", prec: Open, yearGiven: true},
	{in: "In April 2016", start: "2016-04-01", end: "2016-04-30", prec: Month, yearGiven: true},
	{in: "April 2016", start: "2016-04-01", end: "2016-04-30", prec: Month, yearGiven: true},
	{in: "On 12 July", dy: 2020, start: "2020-07-12", end: "2020-07-12", prec: Day},
	{in: "on 27 September 2020", start: "2020-09-27", end: "2020-09-27", prec: Day, yearGiven: true},
	{in: "27 September 2020", start: "2020-09-27", end: "2020-09-27", prec: Day, yearGiven: true},
	{in: "on 30 \nOctober", dy: 2020, start: "2020-10-30", end: "2020-10-30", prec: Day},
	{in: "midnight on 10 \nNovember", dy: 2020, start: "2020-11-10", end: "2020-11-10", prec: Day},
	{in: "from midnight on 10 \nNovember", dy: 2020, start: "2020-11-10", prec: Open},
	{in: "the 9 No-\nvember", dy: 2020, start: "2020-11-09", end: "2020-11-09", prec: Day},
	{in: "since 10 November", dy: 2020, start: "2020-11-10", prec: Open},
	{in: "11 November", dy: 2020, start: "2020-11-11", end: "2020-11-11", prec: Day},
	{in: "29 August \n1997", start: "1997-08-29", end: "1997-08-29", prec: Day, yearGiven: true},
	{in: "in December 2015", start: "2015-12-01", end: "2015-12-31", prec: Month, yearGiven: true},
	{in: "December 2015", start: "2015-12-01", end: "2015-12-31", prec: Month, yearGiven: true},
	{in: "In September 2020", start: "2020-09-01", end: "2020-09-30", prec: Month, yearGiven: true},
	{in: "between 1915 and 1917", start: "1915-01-01", end: "1917-12-31", prec: Period, yearGiven: true},
	{in: "In the period 2015 \nto 2019", start: "2015-01-01", end: "2019-12-31", prec: Period, yearGiven: true},
	{in: "in the period 2015 to 2019", start: "2015-01-01", end: "2019-12-31", prec: Period, yearGiven: true},
	{in: "2015 to 2019", start: "2015-01-01", end: "2019-12-31", prec: Period, yearGiven: true},
	{in: "on 21 \nAugust", dy: 2020, start: "2020-08-21", end: "2020-08-21", prec: Day},
	{in: "18 October 2020", start: "2020-10-18", end: "2020-10-18", prec: Day, yearGiven: true},
	{in: "In September 2017", start: "2017-09-01", end: "2017-09-30", prec: Month, yearGiven: true},
	{in: "on 27 February", dy: 2020, start: "2020-02-27", end: "2020-02-27", prec: Day},
	{in: "6 March 2020", start: "2020-03-06", end: "2020-03-06", prec: Day, yearGiven: true},
	{in: "between April and October", dy: 2020, start: "2020-04-01", end: "2020-10-31", prec: Months},
	{in: "07 August 2019", start: "2019-08-07", end: "2019-08-07", prec: Day, yearGiven: true},
	{in: "October 28 – November 10, 2020", start: "2020-10-28", end: "2020-11-10", prec: Days, yearGiven: true},
	{in: "November 11- December 1, 2020", start: "2020-11-11", end: "2020-12-01", prec: Days, yearGiven: true},
	{in: "7 December 2020", start: "2020-12-07", end: "2020-12-07", prec: Day, yearGiven: true},
	// Other forms of the same grammar.
	{in: "the early 2000s", start: "2000-01-01", end: "2003-12-31", prec: Decade, yearGiven: true},
	{in: "mid-1990s", start: "1994-01-01", end: "1996-12-31", prec: Decade, yearGiven: true},
	{in: "the mid 1990s", start: "1994-01-01", end: "1996-12-31", prec: Decade, yearGiven: true},
	{in: "the 1990’s", start: "1990-01-01", end: "1999-12-31", prec: Decade, yearGiven: true},
	{in: "the 1900s", start: "1900-01-01", end: "1909-12-31", prec: Decade, yearGiven: true},
	{in: "since the 1990s", start: "1990-01-01", prec: Open, yearGiven: true},
	{in: "from the 1980s to 1995", start: "1980-01-01", end: "1995-12-31", prec: Period, yearGiven: true},
	{in: "till June 2012", end: "2012-06-30", prec: Open, yearGiven: true},
	{in: "from 1996", start: "1996-01-01", prec: Open, yearGiven: true},
	{in: "1994 – 1997", start: "1994-01-01", end: "1997-12-31", prec: Period, yearGiven: true},
	{in: "1994 to 1994", start: "1994-01-01", end: "1994-12-31", prec: Year, yearGiven: true},
	{in: "1998-02", wantErr: "does not follow 1998"},
	{in: "26 and 27 February 2003", start: "2003-02-26", end: "2003-02-27", prec: Days, yearGiven: true},
	{in: "2 September to 3 October 2010", start: "2010-09-02", end: "2010-10-03", prec: Days, yearGiven: true},
	{in: "28 December 2003 to 3 January 2004", start: "2003-12-28", end: "2004-01-03", prec: Days, yearGiven: true},
	{in: "during 2009", start: "2009-01-01", end: "2009-12-31", prec: Year, yearGiven: true},
	{in: "the 10th of November 2020", start: "2020-11-10", end: "2020-11-10", prec: Day, yearGiven: true},
	{in: "November 21st, 2016", start: "2016-11-21", end: "2016-11-21", prec: Day, yearGiven: true},
	{in: "Nov 17", dy: 2016, start: "2016-11-17", end: "2016-11-17", prec: Day},
	{in: "Sep-\ntember 2020", start: "2020-09-01", end: "2020-09-30", prec: Month, yearGiven: true},
	{in: "  18\u00a0August\u00a0 2010 ", start: "2010-08-18", end: "2010-08-18", prec: Day, yearGiven: true},
	{in: "18 AUGUST 2010", start: "2010-08-18", end: "2010-08-18", prec: Day, yearGiven: true},
	{in: "29 February 2008", start: "2008-02-29", end: "2008-02-29", prec: Day, yearGiven: true},
	{in: "February", dy: 2008, start: "2008-02-01", end: "2008-02-29", prec: Month},
	{in: "2 to 2 September 2010", start: "2010-09-02", end: "2010-09-02", prec: Day, yearGiven: true},
	{in: "18 August 2010", dy: 1999, start: "2010-08-18", end: "2010-08-18", prec: Day, yearGiven: true},
	{in: "Sunday, 27 September 2020", start: "2020-09-27", end: "2020-09-27", prec: Day, yearGiven: true},
	{in: "0001", start: "0001-01-01", end: "0001-12-31", prec: Year, yearGiven: true},
	{in: "9999", start: "9999-01-01", end: "9999-12-31", prec: Year, yearGiven: true},
	// Errors.
	{in: "30 February 2010", wantErr: "February has no day 30"},
	{in: "29 February 2009", wantErr: "February 2009 has no day 29"},
	{in: "31 April", dy: 2010, wantErr: "April has no day 31"},
	{in: "31 April", wantErr: "April has no day 31"},
	{in: "32 March 2010", wantErr: "March has no day 32"},
	{in: "0 March 2010", wantErr: "March has no day 0"},
	{in: "0000", wantErr: "year 0000, out of range 1..9999"},
	{in: "20100", wantErr: "year 20100, out of range 1..9999"},
	{in: "since \n201950", wantErr: "year 201950, out of range"},
	{in: "10 November", dy: 20100, wantErr: "year 20100 is out of range"},
	{in: "10 November", dy: -5, wantErr: "year -5 is out of range"},
	{in: "Septmber 2010", wantErr: `"septmber", which is not a month`},
	{in: "18 Agust 2010", wantErr: `has unexpected "agust"`},
	{in: "Kavkaz-2020", wantErr: `"kavkaz", which is not a month`},
	{in: "18 August", wantErr: "gives no year; the year must be supplied"},
	{in: "Sept. 21", wantErr: "the year must be supplied"},
	{in: "June", wantErr: "the year must be supplied"},
	{in: "between April and October", wantErr: "the year must be supplied"},
	{in: "2–3 September", wantErr: "the year must be supplied"},
	{in: "3/12/2003", wantErr: "is a numeric date"},
	{in: "26/10/2020", wantErr: "is a numeric date"},
	{in: "the 10th", wantErr: "gives a day (10) but no month"},
	{in: "on the 10th", dy: 2020, wantErr: "gives a day (10) but no month"},
	{in: "2-3", dy: 2020, wantErr: "gives a day (2) but no month"},
	{in: "30, 2000", wantErr: "gives a day but no month"},
	{in: "last November", wantErr: `is relative ("last")`},
	{in: "the past decade", wantErr: `is relative ("past")`},
	{in: "between April and October61", wantErr: `"October61", a word with digits glued on`},
	{in: "Friday, 12 March 2003", wantErr: "says friday but 2003-03-12 is a Wednesday"},
	{in: "Wednesday", wantErr: "has the end where a date should be"},
	{in: "Wednesday 2003", wantErr: "puts a weekday on something other than a day"},
	{in: "1997-94", wantErr: "abbreviates its end year to 94, which does not follow 1997"},
	{in: "2020-09", wantErr: "does not follow 2020"},
	{in: "1994-7", wantErr: "abbreviates its end year to 7"},
	{in: "1997 to 1994", wantErr: "ends (1994-12-31) before it starts (1997-01-01)"},
	{in: "3–2 September", dy: 2010, wantErr: "before it starts"},
	{in: "1994 to March 1997", wantErr: "different precisions (year, month)"},
	{in: "26 February to March", dy: 2003, wantErr: "different precisions (day, month)"},
	{in: "early June", dy: 2010, wantErr: `uses "early", which the dataset applies only to decades`},
	{in: "late 2020", wantErr: "applies only to decades"},
	{in: "1995s", wantErr: "1995s, which is not a decade"},
	{in: "990s", wantErr: "990s, which is not a decade"},
	{in: "", wantErr: `date "" is empty`},
	{in: " \u00a0\n", wantErr: "is empty"},
	{in: "since", wantErr: "has the end where a date should be"},
	{in: "since 1994 to 1997", wantErr: `unexpected "to"`},
	{in: "between 1994 to 1997", wantErr: `has "to" where "and" should be`},
	{in: "June.", dy: 2010, wantErr: `unexpected "." after the date`},
	{in: "2009.", wantErr: `unexpected "."`},
	{in: "May 1, September 2", dy: 2000, wantErr: `unexpected ","`},
	{in: "midnight on 2009", wantErr: "puts midnight on something other than a day"},
	{in: "988", wantErr: "988, which is neither a four-digit year nor a day"},
	{in: "1990x", wantErr: `"x" glued to a number`},
	{in: "10nd November 2020", wantErr: `"nd" glued to a number`},
	{in: "11th November 2020", start: "2020-11-11", end: "2020-11-11", prec: Day, yearGiven: true},
	{in: "22nd November 2020", start: "2020-11-22", end: "2020-11-22", prec: Day, yearGiven: true},
	{in: "November 3rd", dy: 2020, start: "2020-11-03", end: "2020-11-03", prec: Day},
	{in: "(2009)", wantErr: `unexpected "("`},
	{in: "at 2009", wantErr: `"at", which is not a month`},
	{in: "at midnight on 10 November 2020", start: "2020-11-10", end: "2020-11-10", prec: Day, yearGiven: true},
	{in: "the end of the 1990s", start: "1990-01-01", end: "1999-12-31", prec: Decade, yearGiven: true},
	{in: "end of 2009", start: "2009-01-01", end: "2009-12-31", prec: Year, yearGiven: true},
	{in: "32", wantErr: "gives a day (32) but no month"},
	{in: "1994-", wantErr: "the end where a date should be"},
	{in: "\xff", wantErr: "unexpected"},
}

func date(t *testing.T, s string) schema.Date {
	t.Helper()
	if s == "" {
		return schema.Date{}
	}
	d, err := schema.ParseDate(s)
	if err != nil {
		t.Fatalf("bad expected date %q: %v", s, err)
	}
	return d
}

func TestParse(t *testing.T) {
	for _, c := range parseCases {
		got, err := Parse(c.in, c.dy)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("Parse(%q, %d) error = %v, want one containing %q (got %+v)", c.in, c.dy, err, c.wantErr, got)
			}
			if got != (Span{}) {
				t.Errorf("Parse(%q, %d) returned %+v alongside its error", c.in, c.dy, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q, %d): %v", c.in, c.dy, err)
			continue
		}
		want := Span{Start: date(t, c.start), End: date(t, c.end), Precision: c.prec, YearGiven: c.yearGiven}
		if got != want {
			t.Errorf("Parse(%q, %d)\n got %v..%v %s yearGiven=%v\nwant %v..%v %s yearGiven=%v",
				c.in, c.dy, got.Start, got.End, got.Precision, got.YearGiven,
				want.Start, want.End, want.Precision, want.YearGiven)
		}
	}
}

func TestPrecisions(t *testing.T) {
	known := map[Precision]bool{}
	for _, p := range Precisions() {
		known[p] = true
	}
	for _, c := range parseCases {
		if c.wantErr == "" && !known[c.prec] {
			t.Errorf("case %q uses precision %q missing from Precisions()", c.in, c.prec)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, c := range parseCases {
		f.Add(c.in, c.dy)
	}
	f.Fuzz(func(t *testing.T, in string, dy int) {
		got, err := Parse(in, dy)
		if err != nil {
			if got != (Span{}) {
				t.Fatalf("Parse(%q, %d) returned %+v with error %v", in, dy, got, err)
			}
			return
		}
		s, e := got.Start, got.End
		switch {
		case s.IsZero() && e.IsZero():
			t.Fatalf("Parse(%q, %d) gave no date at all", in, dy)
		case !s.IsZero() && !e.IsZero() && e.Before(s):
			t.Fatalf("Parse(%q, %d): End %v before Start %v", in, dy, e, s)
		case (s.IsZero() || e.IsZero()) != (got.Precision == Open):
			t.Fatalf("Parse(%q, %d): precision %s with span %v..%v", in, dy, got.Precision, s, e)
		case got.Precision == Day && s != e:
			t.Fatalf("Parse(%q, %d): day precision over %v..%v", in, dy, s, e)
		case !got.YearGiven && dy == 0:
			t.Fatalf("Parse(%q, 0) used a default year", in)
		}
		for _, d := range []schema.Date{s, e} {
			if !d.IsZero() {
				if _, err := schema.NewDate(d.Year, d.Month, d.Day); err != nil {
					t.Fatalf("Parse(%q, %d) gave an impossible date: %v", in, dy, err)
				}
			}
		}
	})
}

// NeedsContext tells "the text cannot say" from "the text is malformed",
// so the builder can suggest supplying a year only where that helps.
func TestNeedsContext(t *testing.T) {
	for text, want := range map[string]bool{
		"18 August":        true,
		"last November":    true,
		"3/12/2003":        true,
		"30 February 2010": false,
		"Agust 2010":       false,
		"20100":            false,
	} {
		_, err := Parse(text, 0)
		if err == nil {
			t.Errorf("Parse(%q) succeeded; want an error", text)
			continue
		}
		if got := NeedsContext(err); got != want {
			t.Errorf("NeedsContext(Parse(%q)) = %v (%v), want %v", text, got, err, want)
		}
	}
}

// A span a rule gives by its bounds is named by the days it covers, with
// the names Parse gives its spans; bounds written to different precisions
// ("2018" to "2018-06") name what they cover, never a run of years they
// are not.
func TestOf(t *testing.T) {
	tests := []struct {
		start, end string
		want       Precision
	}{
		{"2010-01-01", "2010-12-31", Year},
		{"2010-07-01", "2010-07-31", Month},
		{"2010-07-18", "2010-07-18", Day},
		{"", "2010-12-31", Open},
		{"1996-01-01", "", Open},
		{"2006-01-01", "2016-12-31", Period},
		{"1980-01-01", "1989-12-31", Period},
		{"2020-10-10", "2020-10-17", Days},
		{"2020-04-01", "2020-10-31", Months},
		{"2018-01-01", "2018-06-30", Months}, // "2018" to "2018-06": half a year
		{"2020-04-01", "2021-12-31", Months}, // "2020-04" to "2021"
		{"2020-11-10", "2020-12-31", Days},   // "2020-11-10" to "2020-12"
		{"2009-09-01", "2010-12-31", Months}, // "2009-09" to "2010-12"
		{"2020-02-01", "2020-02-29", Month},  // a leap February is whole
		{"2019-12-31", "2020-01-01", Days},   // across a year end
		{"2020-01-01", "2020-12-30", Days},   // a year less a day
	}
	for _, tc := range tests {
		var start, end schema.Date
		if tc.start != "" {
			start = date(t, tc.start)
		}
		if tc.end != "" {
			end = date(t, tc.end)
		}
		if got := Of(start, end); got != tc.want {
			t.Errorf("Of(%s, %s) = %s, want %s", tc.start, tc.end, got, tc.want)
		}
	}
}
