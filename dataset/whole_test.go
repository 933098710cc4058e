package dataset

import (
	"strings"
	"testing"

	"github.com/armsdata/armsdata/dataset/figure"
	"github.com/armsdata/armsdata/dataset/quote"
	"github.com/armsdata/armsdata/dataset/when"
	"github.com/armsdata/armsdata/schema"
)

// A figure must be written as the text writes it: a hedge, currency, unit
// or scale word next to it that the figure parser reads into it may not be
// left out. Each case gives the source text, the quote (the whole text when
// empty), the rule's figure and its field kind, and the end of the message
// (or "" when the figure is whole).
func TestWholeFigure(t *testing.T) {
	tests := []struct {
		name, text, quote, fig string
		kind                   schema.Kind
		want                   string
	}{
		{"hedge before", "budget was around $1.4 billion, more", "", "$1.4 billion", schema.KindAmount,
			`leaves out the hedge "around" that the text writes with it (t.txt:1:12); write "around $1.4 billion"`},
		{"two-word hedge across a line", "Russia keeps more than\n3,500 troops", "", "3,500", schema.KindCount,
			`leaves out the hedge "more than" that the text writes with it (t.txt:1:14); write "more than 3,500"`},
		{"hedge keeps the text's case", "More than 3,500 troops", "", "3,500", schema.KindCount,
			`leaves out the hedge "more than" that the text writes with it (t.txt:1:1); write "More than 3,500"`},
		{"three-word hedge", "may number as many as 20,000.", "", "20,000", schema.KindCount,
			`the hedge "as many as"`},
		{"hedge after", "1,000 or more troops", "", "1,000", schema.KindCount, `the hedge "or more"`},
		{"hedge glued after", "the 3,000-odd men", "", "3,000", schema.KindCount, `the hedge "odd"`},
		{"hedge word split across a line", "ap-\nproximately 300 men", "", "300", schema.KindCount,
			`the hedge "approximately" that the text writes with it (t.txt:1:1); write "approximately 300"`},
		{"hedge inside brackets", "a (around 3) b", "", "3", schema.KindCount, `the hedge "around"`},
		{"hedge on a vague quantity", "casualties estimated in the thousands", "", "in the thousands", schema.KindCount,
			`the hedge "estimated"`},
		{"hedge outside the quote", "Russia keeps more than 3,500 troops.", "3,500 troops", "3,500", schema.KindCount,
			`(t.txt:1:14); lengthen the quote and write "more than 3,500"`},
		{"one of two places hedged", "3,500 troops, later more than 3,500", "", "3,500", schema.KindCount,
			`write "more than 3,500", or shorten the quote to the place of "3,500" the rule means`},
		{"currency left out", "was $1.4 billion", "", "1.4 billion", schema.KindCount, `the currency (USD)`},
		{"unit left out", "extended 110 miles into", "", "110", schema.KindCount, `the unit (mi)`},
		{"scale word left out", "was $1.4 billion", "", "$1.4", schema.KindAmount, `the scale (1400000000, not 1.4)`},
		{"vague chain left out", "tens of thousands of people", "", "thousands", schema.KindCount, `the scale (10000, not 1000)`},

		{"hedge written", "budget was around $1.4 billion, more", "", "around $1.4 billion", schema.KindAmount, ""},
		{"punctuation between", "budget was around, $1.4 billion", "", "$1.4 billion", schema.KindAmount, ""},
		{"hedge word inside another", "Moreover 3 bases", "", "3", schema.KindCount, ""},
		{"a longer hedge of the same sense", "an estimated 10,000 men", "", "estimated 10,000", schema.KindCount, ""},
		{"of after a vague quantity", "dozens of soldiers", "", "dozens", schema.KindCount, ""},
		{"times after a count", "visited three times", "", "three", schema.KindCount, ""},
		{"end of a range", "rose from 3,000 to 5,000", "", "5,000", schema.KindCount, ""},
		{"start of a range", "3,000 to 5,000 men", "", "3,000", schema.KindCount, ""},
		{"words the parser does not read", "Azerbaijan's 67,000 troops", "", "67,000", schema.KindCount, ""},
		{"designation after", "two S-300 batteries", "", "two", schema.KindCount, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.quote
			if q == "" {
				q = tc.text
			}
			txt := quote.New(tc.text)
			at := txt.Find(q)
			if len(at) != 1 {
				t.Fatalf("quote %q not once in the text", q)
			}
			var ds schema.Diagnostics
			b := &builder{ds: &ds, texts: map[string]*quote.Text{"s": txt}}
			r := &schema.Rule{ID: "s-x", Source: &schema.Source{ID: "s", File: "t.txt"}}
			br := &builtRow{rule: r, start: at[0].Start, end: at[0].End}
			var ms []quote.Match
			for _, m := range quote.New(txt.Slice(at[0])).FindWord(tc.fig) {
				ms = append(ms, quote.Match{Start: br.start + m.Start, End: br.start + m.End})
			}
			if len(ms) == 0 {
				t.Fatalf("figure %q not in the quote", tc.fig)
			}
			fig, err := figure.Parse(tc.fig)
			if err != nil {
				t.Fatal(err)
			}
			v := &schema.RuleValue{Field: &schema.Field{Name: "x", Kind: tc.kind}, Text: tc.fig}
			checkVerdict(t, b.wholeFigure(br, ms, v, fig), &ds, tc.want)
		})
	}
}

// A time must be written as the text writes it: words next to it that the
// time parser reads into it and that change its span may not be left out;
// ranges and open spans are not read into it. Each case gives the text
// (the quote is all of it), the rule's time text and year, and the end of
// the message or "".
func TestWholeTime(t *testing.T) {
	tests := []struct {
		name, text, when string
		year             int
		want             string
	}{
		{"decade part", "troops at Gyumri in the late 1990s.", "1990s", 0,
			`when "1990s" (1990-01-01..1999-12-31) leaves out what the text writes with it: "in the late 1990s" is 1997-01-01..1999-12-31 (t.txt:1:18); write "in the late 1990s"`},
		{"the year after a day", "signed on 18 August 2009 in Yerevan", "18 August", 2010,
			`"on 18 August 2009" is 2009-08-18 (t.txt:1:8); write "on 18 August 2009" as a stated time, without year:`},
		{"the year after a day, the same year", "signed on 18 August 2010 in Yerevan", "18 August", 2010,
			`"on 18 August 2010" is 2010-08-18 (t.txt:1:8); write "on 18 August 2010" as a stated time, without year:`},
		{"the day before a month", "on 21 September 2016 the parade", "September 2016", 0, `"on 21 September 2016" is 2016-09-21`},

		{"no year in the text", "signed on 18 August in Yerevan", "18 August", 2010, ""},
		{"a leading word of the same span", "signed in 2009 in Yerevan", "2009", 0, ""},
		{"until belongs to the verb", "would continue until 1994, when the parties signed", "1994", 0, ""},
		{"not until", "it was not until 11 November, with", "11 November", 2020, ""},
		{"since", "Russia has kept troops there since 2009.", "2009", 0, ""},
		{"a range", "the 2009 and 2010 budgets", "2009", 0, ""},
		{"a range of days", "on 2–3 September", "3 September", 2010, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			txt := quote.New(tc.text)
			var ds schema.Diagnostics
			b := &builder{ds: &ds, texts: map[string]*quote.Text{"s": txt}}
			r := &schema.Rule{ID: "s-x", Source: &schema.Source{ID: "s", File: "t.txt"}}
			br := &builtRow{rule: r, start: 0, end: txt.Len()}
			ms := txt.FindWord(tc.when)
			if len(ms) == 0 {
				t.Fatalf("time %q not in the text", tc.when)
			}
			span, err := when.Parse(tc.when, tc.year)
			if err != nil {
				t.Fatal(err)
			}
			w := &schema.WhenSpec{Text: tc.when, Year: tc.year}
			v := &schema.RuleValue{Field: &schema.Field{Name: "when", Kind: schema.KindWhen}, When: w}
			checkVerdict(t, b.wholeTime(br, ms, v, span), &ds, tc.want)
		})
	}
}

// checkVerdict checks a wholeness check's verdict: accepted without a
// message when want is empty, else refused with a message holding want.
func checkVerdict(t *testing.T, ok bool, ds *schema.Diagnostics, want string) {
	t.Helper()
	var got string
	if list := ds.List(); len(list) > 0 {
		got = list[0].Msg
	}
	switch {
	case want == "" && (!ok || got != ""):
		t.Errorf("refused: %s", got)
	case want != "" && (ok || !strings.Contains(got, want)):
		t.Errorf("got %q (ok %v), want a message with %q", got, ok, want)
	}
}
