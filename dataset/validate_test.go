package dataset

import (
	"math"
	"strings"
	"testing"

	"github.com/armsdata/armsdata/dataset/quote"
	"github.com/armsdata/armsdata/schema"
)

// The checks every build runs must catch a broken release: each case
// corrupts one cell of the small base project's release.
func TestValidateCatchesBrokenRows(t *testing.T) {
	tests := []struct {
		table, id, column string
		value             schema.Value
		want              string
	}{
		{"military_expenditure", "tiny-budget-aze", "amount_qualifier", schema.Str("roughly"), "not in vocabulary qualifier"},
		{"military_expenditure", "tiny-budget-aze", "actor", schema.Str("XYZ"), "has no row in actors.code"},
		{"military_expenditure", "tiny-budget-aze", "measure", schema.Null(schema.TypeString), "null in a required column"},
		{"military_expenditure", "tiny-budget-aze", "note", schema.Str(""), "empty text"},
		{"military_expenditure", "tiny-budget-aze", "quote_start", schema.Int(52), "is not at [52,"},
		{"military_expenditure", "tiny-budget-aze", "quote_line", schema.Int(4), "starts on line 3, not 4"},
		{"military_expenditure", "tiny-budget-aze", "amount_text", schema.Str("around $1.5 billion"), "is not in the quote"},
		{"military_expenditure", "tiny-budget-aze", "amount_text", schema.Str("$1.4 billion"), `leaves out the hedge "around" of "around $1.4 billion"`},
		{"armed_forces", "tiny-gyumri-troops", "personnel_text", schema.Str("3,500"), `leaves out the hedge "more than" of "more than 3,500"`},
		// Display columns are Display of the source: the quote's, and
		// every value that stands in the quote as it is shown there.
		{"military_expenditure", "tiny-budget-aze", "quote_display", schema.Str("Azerbaijan's budget"), `quote_display is "Azerbaijan's budget", not the quote as displayed`},
		{"military_expenditure", "tiny-budget-aze", "quote_display", schema.Null(schema.TypeString), `quote_display is null, not the quote as displayed`},
		{"military_expenditure", "tiny-budget-aze", "amount_text", schema.Str("around  $1.4\nbillion"), `amount_text "around  $1.4\nbillion" is not shown as the quote shows it, "around $1.4 billion"`},
		{"military_expenditure", "tiny-budget-arm", "id", schema.Str("tiny-budget-aze"), "duplicate id"},
		{"claims", "tiny-budget-ratio", "subject", schema.Str("tiny-nothing"), "no row \"tiny-nothing\""},
		{"armed_forces", "tiny-gyumri-troops", "personnel", schema.Float(3500), "number value in a integer column"},
		// Value cells are what the figure's text reads: claims and links
		// compare the figure the builder parsed, which the cells must show.
		{"military_expenditure", "tiny-budget-aze", "amount", schema.Float(1.5e9), `reads amount "1400000000", but the row has "1500000000"`},
		{"military_expenditure", "tiny-budget-aze", "amount_currency", schema.Str("EUR"), `reads amount_currency "USD", but the row has "EUR"`},
		{"armed_forces", "tiny-gyumri-troops", "personnel_low", schema.Null(schema.TypeInt), `reads personnel_low "3500", but the row has null`},
		{"claims", "tiny-budget-ratio", "stated", schema.Float(4), `reads stated`},
		// One meaning per number: the value column holds a point only,
		// the bounds what the qualifier gives (schema.FigureReadings).
		{"armed_forces", "tiny-gyumri-troops", "personnel", schema.Int(3500), `personnel is "3500", but a figure of qualifier more_than leaves it null`},
		{"armed_forces", "tiny-gyumri-troops", "personnel_qualifier", schema.Str("exact"), `personnel is null, but a figure of qualifier exact sets it`},
		{"armed_forces", "tiny-gyumri-troops", "personnel_high", schema.Int(100), `personnel_low "3500" is above personnel_high "100"`},
		{"military_expenditure", "tiny-budget-aze", "amount_low", schema.Float(1e9), `amount_low is "1000000000", but a figure of qualifier approx leaves it null`},
		{"claims", "tiny-budget-ratio", "stated_qualifier", schema.Null(schema.TypeString), `stated_low is "3" without a qualifier`},
		{"military_expenditure", "tiny-budget-aze", "when_end", schema.DateValue(schema.Date{Year: 2010, Month: 12, Day: 31}), `reads when_end "2009-12-31", but the row has "2010-12-31"`},
		// Values the builder derives that no writer could write: the
		// checks every build (and check) runs refuse them, as input.
		{"military_expenditure", "tiny-budget-aze", "citation", schema.Str(strings.Repeat("x", schema.MaxCellChars+1)), "longer than a cell"},
		{"military_expenditure", "tiny-budget-aze", "note", schema.Str("page\fbreak"), "U+000C, a control character"},
		{"military_expenditure", "tiny-budget-aze", "amount", schema.Float(math.Inf(1)), "not finite"},
		{"armed_forces", "tiny-gyumri-troops", "personnel", schema.Int(schema.MaxExactInt + 1), "larger than a spreadsheet number holds"},
	}
	for _, tc := range tests {
		t.Run(tc.column, func(t *testing.T) {
			rel, texts := buildBase(t)
			if ps := validate(rel, texts, NoProgress{}); len(ps) > 0 {
				t.Fatalf("the base release fails its checks: %v", ps)
			}
			tab := rel.Table(tc.table)
			row := -1
			for i := range tab.Rows {
				if tab.Rows[i][0].String() == tc.id {
					row = i
				}
			}
			if row < 0 {
				t.Fatalf("no row %s", tc.id)
			}
			c := tab.Schema.Column(tc.column)
			if c < 0 {
				t.Fatalf("%s has no column %s", tc.table, tc.column)
			}
			tab.Rows[row][c] = tc.value
			var msgs []string
			for _, p := range validate(rel, texts, NoProgress{}) {
				msgs = append(msgs, p.msg)
			}
			if !strings.Contains(strings.Join(msgs, "\n"), tc.want) {
				t.Errorf("corrupting %s.%s: problems %q, want one containing %q", tc.table, tc.column, msgs, tc.want)
			}
		})
	}
}

func buildBase(t *testing.T) (*Release, map[string]*quote.Text) {
	t.Helper()
	rel, ds := Build("../testdata/base")
	if ds.Len() > 0 {
		t.Fatal(ds.Err())
	}
	p, _ := schema.Load("../testdata/base")
	texts := map[string]*quote.Text{}
	for _, s := range p.Sources {
		texts[s.ID] = quote.New(s.Text)
	}
	return rel, texts
}

// matchLines names each line once and stops after a few, however many
// places match: a quote found 94 times must not list 94 lines.
func TestMatchLines(t *testing.T) {
	tests := []struct {
		text, pattern, want string
	}{
		{"a x\nb\n", "x", "line 1"},
		{"x x\nx\n", "x", "lines 1 and 2"},
		{"x\nx\nx\n", "x", "lines 1, 2 and 3"},
		{"x\n\nx\nx\nx\nx\n", "x", "lines 1, 3, 4, 5 and 6"},
		{strings.Repeat("x x x\n", 94), "x", "lines 1, 2, 3, 4 and 90 more"},
	}
	for _, tc := range tests {
		txt := quote.New(tc.text)
		if got := matchLines(txt, txt.Find(tc.pattern)); got != tc.want {
			t.Errorf("matchLines(%q, %q) = %q, want %q", tc.text, tc.pattern, got, tc.want)
		}
	}
}
