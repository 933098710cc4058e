package schema

import (
	"slices"
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

// TextProblem is the one check of every text of the release: what a
// workbook cannot store, every other control character but tab and line
// feed, and more than a cell holds, counted in UTF-16 code units as Excel
// counts.
func TestTextProblem(t *testing.T) {
	tests := []struct {
		name, s string
		want    string // "" = fine
		at      int
	}{
		{"plain", "Azerbaijan’s 2009 defence budget", "", -1},
		{"tab and line feed", "a\tb\nc", "", -1},
		{"no-break space and line separator", "a\u00a0b\u2028c", "", -1},
		{"NUL", "ab\x00", "U+0000, a control character (character 3)", 2},
		{"vertical tab", "a\vb", "U+000B", 1},
		{"escape", "\x1b[0m", "U+001B", 0},
		{"carriage return", "a\rb", "U+000D", 1},
		{"DEL", "a\x7f", "U+007F", 1},
		{"C1 control", "a\u0085", "U+0085", 1},
		{"noncharacter", "a\uffff", "U+FFFF, not a character of text", 1},
		{"invalid UTF-8", "a\xff", "not valid UTF-8", -1},
		{"at the limit", strings.Repeat("é", MaxCellChars), "", -1},
		{"over the limit", strings.Repeat("a", MaxCellChars+1), "32768 characters is longer than a cell", -1},
		{"over in UTF-16", strings.Repeat("😀", MaxCellChars/2+1), "32768 characters", -1},
	}
	for _, tc := range tests {
		got, at := TextProblem(tc.s)
		switch {
		case tc.want == "" && got != "":
			t.Errorf("%s: TextProblem = %q, want none", tc.name, got)
		case tc.want != "" && !strings.Contains(got, tc.want):
			t.Errorf("%s: TextProblem = %q, want it to contain %q", tc.name, got, tc.want)
		case at != tc.at:
			t.Errorf("%s: at = %d, want %d", tc.name, at, tc.at)
		}
	}
}

// Every text scalar the loader accepts from YAML passes TextProblem, and a
// problem is reported at the character when the value is written on one
// line without escapes, else at the value.
func TestYAMLTextChecked(t *testing.T) {
	long := strings.Repeat("x", MaxCellChars+1)
	tests := []struct{ name, src, want string }{
		{"escape in double quotes", "a: \"x\\ey\"\n", "f.yaml:1:4: text holds U+001B"},
		{"NUL in a flow mapping", "a: {b: \"x\\0\"}\n", "f.yaml:1:8: text holds U+0000"},
		{"in a key", "\"k\\v\": 1\n", "f.yaml:1:1: text holds U+000B"},
		{"too long, plain", "a: " + long + "\n", "f.yaml:1:4: text of 32768 characters"},
		{"too long, literal block", "a: |\n  " + long + "\n", "f.yaml:1:4: text of 32769 characters"}, // with its line end
		{"raw control character", "a: x\x1by\n", "f.yaml:1:5: the file holds U+001B"},
		{"carriage returns", "a: x\r\nb: y\r\n", "f.yaml:1:5: carriage return (CRLF line ends); save the file with \\n line ends (2 in this file)"},
	}
	for _, tc := range tests {
		var ds Diagnostics
		ParseYAML("f.yaml", []byte(tc.src), &ds)
		if err := ds.Err(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

// Node.At places a character of a value by column when the value is
// written as it reads, on one line.
func TestNodeAt(t *testing.T) {
	tests := []struct {
		src  string
		i    int
		want Pos
	}{
		{"id: tiny-budаet\n", 8, Pos{"f", 1, 13}},
		{"id: tiny-budаet\nx: 1\n", 8, Pos{"f", 1, 13}}, // the token runs on to the next key
		{"id: \"tiny-budаet\"\n", 8, Pos{"f", 1, 14}},
		{"id: 'tiny-budаet'\n", 8, Pos{"f", 1, 14}},
		{"id: 'it''s'\n", 3, Pos{"f", 1, 5}},          // '' is one character: the value's position
		{"id: \"a\\u0430b\"\n", 1, Pos{"f", 1, 5}},    // an escape: the value's position
		{"id: >-\n  one\n  two\n", 4, Pos{"f", 1, 5}}, // a block: the value's position
	}
	for _, tc := range tests {
		var ds Diagnostics
		n := ParseYAML("f", []byte(tc.src), &ds)
		if n == nil || len(n.Pairs) == 0 {
			t.Fatalf("%q: %v", tc.src, ds.Err())
		}
		if got := n.Pairs[0].Value.At(tc.i); got != tc.want {
			t.Errorf("%q: At(%d) = %v, want %v", tc.src, tc.i, got, tc.want)
		}
	}
}

func TestQuoteWords(t *testing.T) {
	for q, want := range map[string]int{
		"…":                            0,
		"$400 million":                 1,
		"Gyumri":                       1,
		"more than":                    2,
		"Azerbaijan's 2009 defence":    2,
		"Nagorno-Karabakh’s forces":    2,
		"Russia is the main supplier.": 5,
		"67,000 - 47,000":              0,
		"in 2010- 2011 it":             2,
	} {
		if got := QuoteWords(q); got != want {
			t.Errorf("QuoteWords(%q) = %d, want %d", q, got, want)
		}
	}
}

// An identifier that is not one is explained by the character at fault,
// named, at its index.
func TestIDFault(t *testing.T) {
	tests := []struct {
		id   string
		at   int
		want string
	}{
		{"tiny-bud\u0430et", 8, "its character 9, U+0430 CYRILLIC SMALL LETTER A, is not an ASCII letter"},
		{"tiny-Budget", 5, `its character 6, 'B', is upper case`},
		{"tiny budget", 4, "its character 5, U+0020 SPACE, is neither a letter, a digit, - nor _"},
		{"tiny.budget", 4, "U+002E FULL STOP"},
		{"tiny-\u200bbudget", 5, "U+200B ZERO WIDTH SPACE"},
		{"-tiny", 0, `it starts with '-'`},
		{"tiny_", 4, `it ends with '_'`},
		{"tiny--budget", 4, "its characters 5 and 6 are two separators in a row"},
	}
	for _, tc := range tests {
		at, why := idFault(tc.id)
		if at != tc.at || !strings.Contains(why, tc.want) {
			t.Errorf("idFault(%q) = %d, %q; want %d, %q", tc.id, at, why, tc.at, tc.want)
		}
	}
}

// Every table is in reading order (see Place): the id first, the columns
// a reader needs next, the technical ones after, whatever the order of the
// fields. The expectations go by name, so that they hold the order to what
// the columns are, not to the places the schema gives them.
func TestColumnsInReadingOrder(t *testing.T) {
	// The technical columns of the tables the builder fills whole, which
	// the rules below do not name.
	alsoTechnical := map[string][]string{
		"links":      {"row_a", "table_a", "row_b", "table_b"},
		"indicators": {"low", "high", "when_precision", "when_basis", "table_name"},
		"equipment":  {"parent_table", "position"},
		"row_actors": {"table_name", "position"},
		"sources": {"published_earliest", "published_latest", "title_basis", "published_precision", "date_basis", "date_note",
			"bytes", "characters", "file", "sha256"},
		"actors":   {"iso_name"},
		"coverage": {"start", "end", "line", "column", "waiver_note"},
	}
	technical := func(tab *Table, c Column) bool {
		f := tab.Field(c.Field)
		switch {
		case slices.Contains(alsoTechnical[tab.Name], c.Name), strings.HasSuffix(c.Name, "_table"):
			return true
		case c.Name == "quote" || c.Name == "source_url" || c.Name == "note" || c.Name == "notes" ||
			strings.HasPrefix(c.Name, "quote_") && c.Name != "quote_display":
			return true
		case c.Ref != "" && c.Ref != "actors.code" || strings.HasSuffix(c.Name, "_id") || strings.HasSuffix(c.Name, "_ids") ||
			c.Name == "link_key" || c.Name == "deal" || c.Role == RoleID && c.Name != tab.Columns()[0].Name:
			return c.Name != tab.Columns()[0].Name // ids and keys of other rows
		case f != nil && f.Cols().Figure.Text != NoCol:
			return c.Name == f.Name+"_low" || c.Name == f.Name+"_high"
		case f != nil && f.Kind == KindWhen:
			return c.Name != f.Name+"_text" && c.Name != f.Name+"_start" && c.Name != f.Name+"_end"
		}
		return false
	}
	for _, tab := range All {
		cols := tab.Columns()
		if cols[0].Field != tab.Fields[0].Name || tab.Fields[0].Kind != KindID || cols[0].Place != PlaceID {
			t.Errorf("%s: column 0 is %s, want the id %s", tab.Name, cols[0].Name, tab.Fields[0].Name)
		}
		for i, c := range cols {
			if c.Name == "rule_id" {
				t.Errorf("%s: a rule_id column, though the row id is the rule's", tab.Name)
			}
			if i > 0 && c.Place < cols[i-1].Place {
				t.Errorf("%s: %s (place %d) after %s (place %d)", tab.Name, c.Name, c.Place, cols[i-1].Name, cols[i-1].Place)
			}
			if i > 0 && c.Place == PlaceID {
				t.Errorf("%s: %s in the id's place", tab.Name, c.Name)
			}
			if got, want := c.Place.Technical(), technical(tab, c); got != want {
				t.Errorf("%s.%s: technical %v, want %v", tab.Name, c.Name, got, want)
			}
		}
	}
	for _, tc := range []struct {
		table *Table
		first []string // the leading columns, in order
		order []string // columns further on, in this order
	}{
		{MilitaryExpenditure, []string{"id", "measure", "actor", "actor_name", "amount_text", "amount", "amount_qualifier", "amount_currency", "when_text", "when_start", "when_end"},
			[]string{"when_end", "attribution", "citation", "quote_display", "amount_low", "when_precision", "quote_start", "quote", "source_url", "link_key", "source_id", "note"}},
		{ArmsTransfers, []string{"id", "designation", "weapon", "category", "scope", "supplier", "supplier_name", "recipient", "recipient_name", "quantity_text", "quantity", "quantity_qualifier", "unit"},
			[]string{"unit", "value_text", "value_currency", "when_text", "when_end", "status", "condition", "citation", "quote_display", "quantity_low", "value_high", "when_basis", "quote_line", "quote", "source_url", "link_key", "deal", "source_id", "note"}},
		{Indicators, []string{"id", "indicator", "actor", "actor_name", "host", "host_name", "value_text", "value", "qualifier", "unit", "year", "when_start", "when_end", "citation"},
			[]string{"citation", "low", "high", "when_precision", "source_id", "row_id"}},
	} {
		cols := tc.table.Columns()
		for i, name := range tc.first {
			if i >= len(cols) || cols[i].Name != name {
				t.Errorf("%s: column %d is not %s", tc.table.Name, i, name)
			}
		}
		for i := 1; i < len(tc.order); i++ {
			if a, b := tc.table.Column(tc.order[i-1]), tc.table.Column(tc.order[i]); a < 0 || b <= a {
				t.Errorf("%s: %s (%d) not before %s (%d)", tc.table.Name, tc.order[i-1], a, tc.order[i], b)
			}
		}
	}
}

// A table of the schema whose first field is not its id, or with a
// second id, fails to define: column 0 is the id every tool reads.
func TestDefineWantsTheIDFirst(t *testing.T) {
	id := Field{Name: "id", Kind: KindID, Description: "Id."}
	text := Field{Name: "text", Kind: KindText, Description: "Text."}
	for _, fields := range [][]Field{{text, id}, {text}, {id, {Name: "id2", Kind: KindID, Description: "Another."}}, {}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("define accepted a table of fields %v", fields)
				}
			}()
			define(&Table{Name: "t", Fields: fields})
		}()
	}
	if tab := define(&Table{Name: "t", Fields: []Field{text, id}[1:]}); tab.Columns()[0].Name != "id" {
		t.Errorf("a table of its id alone: column 0 is %s", tab.Columns()[0].Name)
	}
}
