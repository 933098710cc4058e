package schema

import (
	"strings"
	"testing"
	"time"
)

func TestUserAssigned(t *testing.T) {
	for code, want := range map[string]bool{
		"XNK": true, "XAA": true, "AAA": true, "AAZ": true, "QMA": true, "QZZ": true, "ZZA": true, "ZZZ": true,
		"ABA": false, "QLZ": false, "ZYZ": false, "ARM": false, "xnk": false, "XN": false, "XNKK": false,
	} {
		if got := UserAssigned(code); got != want {
			t.Errorf("UserAssigned(%q) = %v, want %v", code, got, want)
		}
	}
}

func TestISOName(t *testing.T) {
	for code, want := range map[string]string{"ARM": "Armenia", "AZE": "Azerbaijan", "RUS": "Russian Federation", "XNK": "", "USR": "", "arm": ""} {
		if got := isoName(code); got != want {
			t.Errorf("isoName(%q) = %q, want %q", code, got, want)
		}
	}
}

func TestParsePartialDate(t *testing.T) {
	tests := []struct {
		in, first, last, precision, err string
	}{
		{"2010", "2010-01-01", "2010-12-31", "year", ""},
		{"2008-02", "2008-02-01", "2008-02-29", "month", ""},
		{"2010-08-20", "2010-08-20", "2010-08-20", "day", ""},
		{"2010-02-30", "", "", "", "has no day 30"},
		{"20100", "", "", "", "not a date"},
		{"2010-13", "", "", "", "month 13"},
		{"0000", "", "", "", "out of range"},
		{"-201", "", "", "", "not a year"},
	}
	for _, tc := range tests {
		first, last, prec, err := ParsePartialDate(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParsePartialDate(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || first.String() != tc.first || last.String() != tc.last || prec != tc.precision {
			t.Errorf("ParsePartialDate(%q) = %s %s %s %v, want %s %s %s", tc.in, first, last, prec, err, tc.first, tc.last, tc.precision)
		}
	}
}

func TestDateBasics(t *testing.T) {
	d, _ := NewDate(1970, time.January, 2)
	if d.DaysSinceEpoch() != 1 {
		t.Errorf("1970-01-02 is day %d since the epoch, want 1", d.DaysSinceEpoch())
	}
	e, _ := NewDate(2016, time.November, 21)
	if e.DaysSinceEpoch() != 17126 {
		t.Errorf("2016-11-21 is day %d, want 17126", e.DaysSinceEpoch())
	}
	if !d.Before(e) || e.Before(d) || d.Compare(d) != 0 {
		t.Error("date ordering is wrong")
	}
}

func TestCitation(t *testing.T) {
	day, _ := NewDate(2016, time.November, 21)
	s := &Source{Authors: "Matthew Bodner", Title: "Russia Emerges", TitleBasis: "stated", Publisher: "The Moscow Times",
		Published: Published{Earliest: day, Latest: day, Precision: "day", Basis: "stated"}, URL: "https://example.org/a"}
	if got, want := s.Citation(), "Matthew Bodner, “Russia Emerges”, The Moscow Times, 21 November 2016. https://example.org/a"; got != want {
		t.Errorf("citation = %q, want %q", got, want)
	}
	jan, _ := NewDate(2001, time.January, 4)
	s = &Source{Title: "[Untitled]", TitleBasis: "supplied", Periodical: "Monitor, vol. 7, issue 4", Publisher: "The Jamestown Foundation",
		Published: Published{Earliest: jan, Latest: jan, Precision: "month", Basis: "inferred"}}
	if got, want := s.Citation(), "[Untitled], Monitor, vol. 7, issue 4, The Jamestown Foundation, c. January 2001 (date inferred)."; got != want {
		t.Errorf("citation = %q, want %q", got, want)
	}
}

func TestClosest(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"amout", "amount"}, {"qty", ""}, {"defense_budget", "defence_budget"}, {"aprox", "approx"},
	} {
		got := Closest(tc.in, append(Qualifiers.Codes(), "amount", "defence_budget", "quantity"))
		if got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Every table's columns have unique names, descriptions, and a vocabulary
// with descriptions wherever one is named.
func TestSchemaIsWellFormed(t *testing.T) {
	for _, tab := range All {
		seen := map[string]bool{}
		for _, c := range tab.Columns() {
			if seen[c.Name] {
				t.Errorf("%s: column %s twice", tab.Name, c.Name)
			}
			seen[c.Name] = true
			if strings.TrimSpace(c.Description) == "" {
				t.Errorf("%s.%s has no description", tab.Name, c.Name)
			}
			if c.Vocab != nil {
				for _, term := range c.Vocab.Terms {
					if term.Description == "" {
						t.Errorf("vocabulary %s: %s has no description", c.Vocab.Name, term.Code)
					}
				}
			}
		}
		if tab.Figure != "" && tab.Field(tab.Figure) == nil {
			t.Errorf("%s: main figure %s is not a field", tab.Name, tab.Figure)
		}
	}
}
