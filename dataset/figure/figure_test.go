package figure

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func p(v float64) *float64 { return &v }

type parseCase struct {
	in      string
	kind    Kind
	q       Qualifier
	unit    string
	val     *float64
	lo, hi  *float64
	wantErr string // substring of the error; "" when the parse must succeed
}

// Expected values are worked out by hand from the text; the source of each
// corpus form is noted.
var parseCases = []parseCase{
	// balance2010
	{in: "More than 3,500", kind: Count, q: MoreThan, lo: p(3500)},
	{in: "125 kilometres", kind: Distance, q: Exact, unit: "km", val: p(125)},
	{in: "more than 30,000", kind: Count, q: MoreThan, lo: p(30000)},
	{in: "one million", kind: Count, q: Exact, val: p(1e6)},
	{in: "more than 100km", kind: Distance, q: MoreThan, unit: "km", lo: p(100)},
	{in: "dozens of", kind: Count, q: OrderOfMagnitude, lo: p(12)},
	{in: "dozens", kind: Count, q: OrderOfMagnitude, lo: p(12)},
	{in: "270km", kind: Distance, q: Exact, unit: "km", val: p(270)},
	{in: "around $1.4 billion", kind: Amount, q: Approx, unit: "USD", val: p(1400000000)},
	{in: "more than three times", kind: Ratio, q: MoreThan, unit: "times", lo: p(3)},
	{in: "$400 million", kind: Amount, q: Exact, unit: "USD", val: p(400000000)},
	{in: "67,000", kind: Count, q: Exact, val: p(67000)},
	{in: "as many as 20,000", kind: Count, q: UpTo, hi: p(20000)},
	{in: "six", kind: Count, q: Exact, val: p(6)},
	{in: "two", kind: Count, q: Exact, val: p(2)},
	{in: "12", kind: Count, q: Exact, val: p(12)},
	// monitor2001
	{in: "more than US$1 billion", kind: Amount, q: MoreThan, unit: "USD", lo: p(1e9)},
	// caci2003
	{in: "about 100 million dollars", kind: Amount, q: Approx, unit: "USD", val: p(100000000)},
	{in: "5452 times", kind: Ratio, q: Exact, unit: "times", val: p(5452)},
	// moscowtimes2016
	{in: `some \$22.7 billion`, kind: Amount, q: Approx, unit: "USD", val: p(22700000000)},
	{in: "in the hundreds", kind: Count, q: OrderOfMagnitude, lo: p(100)},
	{in: "almost 40", kind: Count, q: Nearly, hi: p(40)},
	{in: "30,000", kind: Count, q: Exact, val: p(30000)},
	// ieee2021
	{in: "thousands of", kind: Count, q: OrderOfMagnitude, lo: p(1000)},
	{in: "in the thousands", kind: Count, q: OrderOfMagnitude, lo: p(1000)},
	{in: "estimated in the thousands", kind: Count, q: OrderOfMagnitude, lo: p(1000)},
	{in: "110 miles", kind: Distance, q: Exact, unit: "mi", val: p(110)},
	{in: "1,960", kind: Count, q: Exact, val: p(1960)},
	{in: "more than 3,000", kind: Count, q: MoreThan, lo: p(3000)},
	{in: "about 900", kind: Count, q: Approx, val: p(900)},
	{in: "8,000", kind: Count, q: Exact, val: p(8000)},
	{in: "320 billion", kind: Count, q: Exact, val: p(320000000000)},
	{in: "around 1,500", kind: Count, q: Approx, val: p(1500)},
	{in: "some 30", kind: Count, q: Approx, val: p(30)},
	{in: "Three", kind: Count, q: Exact, val: p(3)},
	{in: "2009", kind: Count, q: Exact, val: p(2009)},
	// Every other hedge.
	{in: "approximately 5,000", kind: Count, q: Approx, val: p(5000)},
	{in: "roughly 70", kind: Count, q: Approx, val: p(70)},
	{in: "an estimated 10,000", kind: Count, q: Approx, val: p(10000)},
	{in: "estimated at 10,000", kind: Count, q: Approx, val: p(10000)},
	{in: "over 100", kind: Count, q: MoreThan, lo: p(100)},
	{in: "above 100", kind: Count, q: MoreThan, lo: p(100)},
	{in: "at least 50", kind: Count, q: AtLeast, lo: p(50)},
	{in: "up to 20,000", kind: Count, q: UpTo, hi: p(20000)},
	{in: "as much as $2 billion", kind: Amount, q: UpTo, unit: "USD", hi: p(2e9)},
	{in: "less than 1,000", kind: Count, q: LessThan, hi: p(1000)},
	{in: "fewer than 10", kind: Count, q: LessThan, hi: p(10)},
	{in: "under 10", kind: Count, q: LessThan, hi: p(10)},
	{in: "below 10", kind: Count, q: LessThan, hi: p(10)},
	{in: "nearly 40", kind: Count, q: Nearly, hi: p(40)},
	// Hedges after the number.
	{in: "1,000 or more", kind: Count, q: AtLeast, lo: p(1000)},
	{in: "100 or so", kind: Count, q: Approx, val: p(100)},
	{in: "3,000-odd", kind: Count, q: Approx, val: p(3000)},
	{in: "twenty-odd", kind: Count, q: Approx, val: p(20)},
	{in: "50 or fewer", kind: Count, q: UpTo, hi: p(50)},
	{in: "$5 million or less", kind: Amount, q: UpTo, unit: "USD", hi: p(5e6)},
	{in: "100km or more", kind: Distance, q: AtLeast, unit: "km", lo: p(100)},
	// Ranges.
	{in: "between 20 and 30", kind: Count, q: Range, lo: p(20), hi: p(30)},
	{in: "from 20 to 30", kind: Count, q: Range, lo: p(20), hi: p(30)},
	{in: "20 to 30", kind: Count, q: Range, lo: p(20), hi: p(30)},
	{in: "20–30", kind: Count, q: Range, lo: p(20), hi: p(30)},
	{in: "20 — 30", kind: Count, q: Range, lo: p(20), hi: p(30)},
	{in: "20-30", kind: Count, q: Range, lo: p(20), hi: p(30)},
	{in: "$1–2 billion", kind: Amount, q: Range, unit: "USD", lo: p(1e9), hi: p(2e9)},
	{in: "between $500 million and $1.2 billion", kind: Amount, q: Range, unit: "USD", lo: p(5e8), hi: p(1.2e9)},
	{in: "100 to 125 km", kind: Distance, q: Range, unit: "km", lo: p(100), hi: p(125)},
	{in: "two to three times", kind: Ratio, q: Range, unit: "times", lo: p(2), hi: p(3)},
	{in: "30 to 30", kind: Count, q: Range, lo: p(30), hi: p(30)},
	// Number words and scales.
	{in: "twenty", kind: Count, q: Exact, val: p(20)},
	{in: "twenty-five", kind: Count, q: Exact, val: p(25)},
	{in: "ninety-nine", kind: Count, q: Exact, val: p(99)},
	{in: "nineteen", kind: Count, q: Exact, val: p(19)},
	{in: "a hundred", kind: Count, q: Exact, val: p(100)},
	{in: "a dozen", kind: Count, q: Exact, val: p(12)},
	{in: "more than a dozen", kind: Count, q: MoreThan, lo: p(12)},
	{in: "two dozen", kind: Count, q: Exact, val: p(24)},
	{in: "about a thousand", kind: Count, q: Approx, val: p(1000)},
	{in: "two hundred thousand", kind: Count, q: Exact, val: p(200000)},
	{in: "3,500 thousand", kind: Count, q: Exact, val: p(3500000)},
	{in: "1,234.5", kind: Count, q: Exact, val: p(1234.5)},
	{in: "1.4 billion", kind: Count, q: Exact, val: p(1.4e9)},
	{in: "twice", kind: Ratio, q: Exact, unit: "times", val: p(2)},
	{in: "more than twice", kind: Ratio, q: MoreThan, unit: "times", lo: p(2)},
	// Vague quantities.
	{in: "hundreds of", kind: Count, q: OrderOfMagnitude, lo: p(100)},
	{in: "hundreds", kind: Count, q: OrderOfMagnitude, lo: p(100)},
	{in: "thousands", kind: Count, q: OrderOfMagnitude, lo: p(1000)},
	{in: "tens of thousands", kind: Count, q: OrderOfMagnitude, lo: p(10000)},
	{in: "tens of thousands of", kind: Count, q: OrderOfMagnitude, lo: p(10000)},
	{in: "hundreds of thousands", kind: Count, q: OrderOfMagnitude, lo: p(100000)},
	{in: "hundreds of millions of dollars", kind: Amount, q: OrderOfMagnitude, unit: "USD", lo: p(1e8)},
	{in: "about dozens of", kind: Count, q: OrderOfMagnitude, lo: p(12)},
	// Currencies and units.
	{in: "USD 400 million", kind: Amount, q: Exact, unit: "USD", val: p(4e8)},
	{in: "400 million USD", kind: Amount, q: Exact, unit: "USD", val: p(4e8)},
	{in: "400 million US dollars", kind: Amount, q: Exact, unit: "USD", val: p(4e8)},
	{in: "us$5", kind: Amount, q: Exact, unit: "USD", val: p(5)},
	{in: "$ 5", kind: Amount, q: Exact, unit: "USD", val: p(5)},
	{in: "one dollar", kind: Amount, q: Exact, unit: "USD", val: p(1)},
	{in: "100 kilometers", kind: Distance, q: Exact, unit: "km", val: p(100)},
	{in: "1 kilometre", kind: Distance, q: Exact, unit: "km", val: p(1)},
	{in: "100 km", kind: Distance, q: Exact, unit: "km", val: p(100)},
	{in: "100KM", kind: Distance, q: Exact, unit: "km", val: p(100)},
	{in: "20mi", kind: Distance, q: Exact, unit: "mi", val: p(20)},
	{in: "20 mi", kind: Distance, q: Exact, unit: "mi", val: p(20)},
	{in: "one mile", kind: Distance, q: Exact, unit: "mi", val: p(1)},
	// Layout.
	{in: "  67,000\t", kind: Count, q: Exact, val: p(67000)},
	{in: "more\u00a0than\n3,500", kind: Count, q: MoreThan, lo: p(3500)},
	{in: "MORE   THAN  3,500", kind: Count, q: MoreThan, lo: p(3500)},
	{in: "125 kilo-\nmetres", kind: Distance, q: Exact, unit: "km", val: p(125)},
	{in: "twenty-\nfive", kind: Count, q: Exact, val: p(25)},
	{in: "around\u00a0$1.4\nbillion", kind: Amount, q: Approx, unit: "USD", val: p(1.4e9)},
	// Errors.
	{in: "S-300", wantErr: `figure "S-300" is a designation, not a quantity`},
	{in: "MiG-25", wantErr: `figure "MiG-25" is a designation, not a quantity`},
	{in: "MiG-29", wantErr: "designation"},
	{in: "T-72", wantErr: "designation"},
	{in: "Su-25", wantErr: "designation"},
	{in: "Kavkaz-2020", wantErr: "designation"},
	{in: "Kavkaz–2020", wantErr: "designation"},
	{in: "30 MiG-25", wantErr: `figure "30 MiG-25": "MiG-25" is a designation`},
	{in: "102nd", wantErr: `figure "102nd" is an ordinal, not a quantity`},
	{in: "25th", wantErr: "ordinal"},
	{in: "1st", wantErr: "ordinal"},
	{in: "1,500 troops57", wantErr: "glued to a word"},
	{in: "T72", wantErr: "glued to a word"},
	{in: "3,500x", wantErr: `"x" glued to the number`},
	{in: "1990s", wantErr: `"s" glued to the number`},
	{in: "1.2.3", wantErr: "not a well-formed number"},
	{in: "1.", wantErr: "not a well-formed number"},
	{in: "3,500,", wantErr: "not a well-formed number"},
	{in: "1,5", wantErr: "misplaced thousands commas"},
	{in: "1,0000", wantErr: "misplaced thousands commas"},
	{in: "1234,567", wantErr: "misplaced thousands commas"},
	{in: "$", wantErr: "has no number"},
	{in: `\$`, wantErr: "has no number"},
	{in: "", wantErr: `figure "" is empty`},
	{in: " \u00a0\n", wantErr: "is empty"},
	{in: "more than", wantErr: `figure "more than" has no number`},
	{in: "several", wantErr: "vague quantity the dataset does not code"},
	{in: "a few", wantErr: "vague quantity the dataset does not code"},
	{in: "many", wantErr: "vague quantity the dataset does not code"},
	{in: "several dozen", wantErr: "does not code"},
	{in: "half", wantErr: `"half" where a number should be`},
	{in: "a", wantErr: `"a" where a number should be`},
	{in: "tens", wantErr: `"tens" without saying of what`},
	{in: "tens of", wantErr: `"tens" without saying of what`},
	{in: "thousands of hundreds", wantErr: "wrong order"},
	{in: "more than dozens", wantErr: `puts "more than" on a vague quantity`},
	{in: "dozens of soldiers", wantErr: `unexpected "soldiers"`},
	{in: "about 20 to 30", wantErr: `puts "about" on a range`},
	{in: "20 to 30 or more", wantErr: `puts "or more" on a range`},
	{in: "20 or so to 30", wantErr: `puts "or so" on a range`},
	{in: "about 100 or so", wantErr: `two hedges, "about" and "or so"`},
	{in: "between 20 or more", wantErr: `"or more" where "and" should be`},
	{in: "thousands or more", wantErr: `unexpected "or"`},
	{in: "100 or", wantErr: `unexpected "or"`},
	{in: "odd", wantErr: `"odd" where a number should be`},
	{in: "between 20", wantErr: `has the end where "and" should be`},
	{in: "between 20 to 30", wantErr: `where "and" should be`},
	{in: "from 20 and 30", wantErr: `where "to" should be`},
	{in: "20 to", wantErr: "has no number"},
	{in: "1994-97", wantErr: "low end is above its high end"},
	{in: "30 to 20", wantErr: "low end is above its high end"},
	{in: "100 km to 20 miles", wantErr: "different units (km, mi)"},
	{in: "$100 km", wantErr: "writes more than one unit"},
	{in: "$100km", wantErr: "both a currency and a distance"},
	{in: "$100 dollars", wantErr: "writes more than one unit"},
	{in: "$twice", wantErr: "currency on a ratio"},
	{in: "twice times", wantErr: `unexpected "times"`},
	{in: "320 billion cubic metre", wantErr: `unexpected "cubic"`},
	{in: "two decades", wantErr: `unexpected "decades"`},
	{in: "100 euros", wantErr: `unexpected "euros"`},
	{in: "thousand hundred", wantErr: `where a number should be`},
	{in: "one thousand hundred", wantErr: `unexpected "hundred"`},
	{in: "one hundred and fifty", wantErr: `unexpected "and"`},
	{in: "-5", wantErr: "a dash where a number should be"},
	{in: "5%", wantErr: `unexpected "%"`},
	{in: "(5)", wantErr: `unexpected "("`},
	{in: "twentyten", wantErr: `"twentyten" where a number should be`},
	{in: strings.Repeat("9", 400), wantErr: "too large"},
	{in: "\xff", wantErr: "unexpected"},
}

func TestParse(t *testing.T) {
	for _, c := range parseCases {
		got, err := Parse(c.in)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("Parse(%q) error = %v, want one containing %q (got %+v)", c.in, err, c.wantErr, got)
			}
			if got != (Figure{}) {
				t.Errorf("Parse(%q) returned %+v alongside its error, want the zero Figure", c.in, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		want := Figure{Text: strings.TrimSpace(c.in), Kind: c.kind, Value: c.val, Low: c.lo, High: c.hi, Qualifier: c.q, Unit: c.unit}
		if !same(got, want) {
			t.Errorf("Parse(%q)\n got %s\nwant %s", c.in, show(got), show(want))
		}
	}
}

// Hedge keeps the hedge's words as the parser read them, wherever they
// stand, so that a caller can name a hedge a shorter reading leaves out.
func TestParseHedgeWords(t *testing.T) {
	tests := []struct{ in, hedge string }{
		{"3,500", ""},
		{"More than 3,500", "more than"},
		{"as  many\nas 20,000", "as many as"},
		{"an estimated 10,000", "an estimated"},
		{"estimated in the thousands", "estimated"},
		{"in the thousands", ""},
		{"1,000 or more", "or more"},
		{"3,000-odd", "odd"},
		{"20 to 30", ""},
	}
	for _, tc := range tests {
		f, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if f.Hedge != tc.hedge {
			t.Errorf("Parse(%q).Hedge = %q, want %q", tc.in, f.Hedge, tc.hedge)
		}
	}
}

// Omits names what a figure read from part of a passage leaves out of the
// figure read from all of it.
func TestOmits(t *testing.T) {
	tests := []struct{ part, whole, want string }{
		{"$1.4 billion", "around $1.4 billion", `the hedge "around"`},
		{"3,500", "More than 3,500", `the hedge "more than"`},
		{"1,000", "1,000 or more", `the hedge "or more"`},
		{"in the thousands", "estimated in the thousands", `the hedge "estimated"`},
		{"1.4 billion", "$1.4 billion", "the currency (USD)"},
		{"110", "110 miles", "the unit (mi)"},
		{"$1.4", "$1.4 billion", "the scale (1400000000, not 1.4)"},
		{"thousands", "tens of thousands", "the scale (10000, not 1000)"},
		{"more than 3", "more than 3 thousand", "the scale (3000, not 3)"},
		{"up to $2", "up to $2 billion", "the scale (2000000000, not 2)"},
		{"estimated 10,000", "an estimated 10,000", ""},
		{"dozens", "dozens of", ""},
		{"three", "three times", ""},
		{"5,000", "3,000 to 5,000", ""},
		{"3,500", "3,500", ""},
	}
	for _, tc := range tests {
		part, err1 := Parse(tc.part)
		whole, err2 := Parse(tc.whole)
		if err1 != nil || err2 != nil {
			t.Fatalf("%v %v", err1, err2)
		}
		if got := Omits(part, whole); got != tc.want {
			t.Errorf("Omits(%q, %q) = %q, want %q", tc.part, tc.whole, got, tc.want)
		}
	}
}

// Anchor is the one number a hedged figure writes, whichever column
// holds it; a range writes two and has none.
func TestAnchor(t *testing.T) {
	tests := []struct {
		in   string
		want *float64
	}{
		{"67,000", p(67000)},
		{"around $1.4 billion", p(1.4e9)},
		{"More than 3,500", p(3500)},
		{"at least 50", p(50)},
		{"as many as 20,000", p(20000)},
		{"nearly 40", p(40)},
		{"less than 1,000", p(1000)},
		{"thousands of", p(1000)},
		{"20 to 30", nil},
	}
	for _, tc := range tests {
		f, err := Parse(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.Anchor(); show1(got) != show1(tc.want) {
			t.Errorf("Parse(%q).Anchor() = %s, want %s", tc.in, show1(got), show1(tc.want))
		}
	}
}

// The bounds must be separate variables, so that a caller editing one
// cannot change another.
func TestParseBoundsDoNotAlias(t *testing.T) {
	f, err := Parse("30 to 30")
	if err != nil {
		t.Fatal(err)
	}
	*f.Low = 1
	if *f.High != 30 {
		t.Errorf("High changed with Low: %v", *f.High)
	}
}

func TestKM(t *testing.T) {
	eq := func(a *float64, b float64) bool { return a != nil && math.Abs(*a-b) < 1e-9 }
	f, _ := Parse("110 miles")
	v, lo, hi := KM(f)
	if !eq(v, 177.02784) || lo != nil || hi != nil {
		t.Errorf("KM(110 miles) = %v %v %v, want 177.02784 nil nil", show1(v), show1(lo), show1(hi))
	}
	if *f.Value != 110 {
		t.Errorf("KM changed the figure as written: %v", *f.Value)
	}
	f, _ = Parse("more than 100km")
	v, lo, hi = KM(f)
	if v != nil || !eq(lo, 100) || hi != nil {
		t.Errorf("KM(more than 100km) = %v %v %v", show1(v), show1(lo), show1(hi))
	}
	*lo = 5
	if *f.Low != 100 {
		t.Errorf("KM returned the figure's own pointer")
	}
	f, _ = Parse("10 to 20 mi")
	v, lo, hi = KM(f)
	if v != nil || !eq(lo, 16.09344) || !eq(hi, 32.18688) {
		t.Errorf("KM(10 to 20 mi) = %v %v %v", show1(v), show1(lo), show1(hi))
	}
	f, _ = Parse("$400 million")
	if v, lo, hi = KM(f); v != nil || lo != nil || hi != nil {
		t.Errorf("KM of an amount = %v %v %v, want nils", show1(v), show1(lo), show1(hi))
	}
}

func TestVocabularies(t *testing.T) {
	// Every qualifier the parser emits is in the vocabulary.
	known := map[Qualifier]bool{}
	for _, q := range Qualifiers() {
		known[q] = true
	}
	for _, c := range parseCases {
		if c.wantErr == "" && !known[c.q] {
			t.Errorf("case %q uses qualifier %q missing from Qualifiers()", c.in, c.q)
		}
	}
	kinds := map[Kind]bool{}
	for _, k := range Kinds() {
		kinds[k] = true
	}
	for _, c := range parseCases {
		if c.wantErr == "" && !kinds[c.kind] {
			t.Errorf("case %q has kind %q missing from Kinds()", c.in, c.kind)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, c := range parseCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := Parse(in)
		if err != nil {
			if got != (Figure{}) {
				t.Fatalf("Parse(%q) returned %+v with error %v", in, got, err)
			}
			return
		}
		if got.Text != strings.TrimSpace(in) {
			t.Fatalf("Parse(%q).Text = %q", in, got.Text)
		}
		for _, v := range []*float64{got.Value, got.Low, got.High} {
			if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0) || *v < 0) {
				t.Fatalf("Parse(%q) gave the number %v", in, *v)
			}
		}
		if got.Low != nil && got.High != nil && *got.Low > *got.High {
			t.Fatalf("Parse(%q): Low %v > High %v", in, *got.Low, *got.High)
		}
		if got.Value != nil && (got.Low != nil && *got.Value < *got.Low || got.High != nil && *got.Value > *got.High) {
			t.Fatalf("Parse(%q): Value %v outside [%v, %v]", in, *got.Value, show1(got.Low), show1(got.High))
		}
		// One meaning per number: a point for exact and approx only,
		// every other hedge a bound or two.
		if point := got.Qualifier == Exact || got.Qualifier == Approx; (got.Value != nil) != point || point && (got.Low != nil || got.High != nil) {
			t.Fatalf("Parse(%q): Value %v, Low %v, High %v with qualifier %s", in, show1(got.Value), show1(got.Low), show1(got.High), got.Qualifier)
		}
		if got.Qualifier != Range && got.Anchor() == nil {
			t.Fatalf("Parse(%q): no anchor for qualifier %s", in, got.Qualifier)
		}
		if kindOf(got.Unit) != got.Kind {
			t.Fatalf("Parse(%q): kind %s with unit %q", in, got.Kind, got.Unit)
		}
	})
}

func same(a, b Figure) bool {
	eq := func(x, y *float64) bool { return x == nil && y == nil || x != nil && y != nil && *x == *y }
	return a.Text == b.Text && a.Kind == b.Kind && a.Qualifier == b.Qualifier && a.Unit == b.Unit &&
		eq(a.Value, b.Value) && eq(a.Low, b.Low) && eq(a.High, b.High)
}

func show1(v *float64) string {
	if v == nil {
		return "nil"
	}
	return fmt.Sprint(*v)
}

func show(f Figure) string {
	return fmt.Sprintf("{Text:%q Kind:%s Q:%s Unit:%q Value:%s Low:%s High:%s}",
		f.Text, f.Kind, f.Qualifier, f.Unit, show1(f.Value), show1(f.Low), show1(f.High))
}
