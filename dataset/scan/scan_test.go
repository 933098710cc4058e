package scan

import (
	"reflect"
	"testing"
)

func TestFind(t *testing.T) {
	type m = Mention
	tests := []struct {
		name, text string
		want       []Mention
	}{
		{"count with commas", "with 67,000 military", []m{{5, 11, "67,000", "number"}}},
		{"decimal and scale word", "around $1.4 billion", []m{{8, 11, "1.4", "number"}, {12, 19, "billion", "word"}}},
		{"escaped dollar", `some \$22.7 billion`, []m{{7, 11, "22.7", "number"}, {12, 19, "billion", "word"}}},
		{"year", "the 2009 defence budget", []m{{4, 8, "2009", "year"}}},
		{"range of years", "in 1994-97 and", []m{{3, 10, "1994-97", "range"}}},
		{"range of days with en dash", "Baku on 2–3 September", []m{{8, 11, "2–3", "range"}}},
		{"unit glued", "270km northwest", []m{{0, 5, "270km", "unit"}}},
		{"ordinal", "the 102nd military base", []m{{4, 9, "102nd", "ordinal"}}},
		{"footnote marker glued to a word", "troops57 have", []m{{6, 8, "57", "glued"}}},
		{"designations are not figures", "S-300, MiG-29, Kavkaz-2020 and T-72", nil},
		{"number words", "two batteries and dozens of soldiers", []m{{0, 3, "two", "word"}, {18, 24, "dozens", "word"}}},
		{"a bare one is a pronoun", "one rare case", nil},
		{"one before a scale word counts", "displaced one million", []m{{10, 13, "one", "word"}, {14, 21, "million", "word"}}},
		{"sentence full stop is not a decimal point", "in 1994.", []m{{3, 7, "1994", "year"}}},
		{"decade", "the late 1980s", []m{{9, 14, "1980s", "year"}}},
		{"code with letters after digits is not a footnote", "Su25x jets", nil},
		{"offsets in code points", "María’s 1,960", []m{{8, 13, "1,960", "number"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Find(tc.text); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Find(%q) =\n  %v\nwant\n  %v", tc.text, got, tc.want)
			}
		})
	}
}

// Every kind the scanner reports is documented.
func TestKindsAreDocumented(t *testing.T) {
	documented := map[string]bool{}
	for _, k := range Kinds {
		documented[k] = true
	}
	for _, text := range []string{"1 2009 1994-97 two 102nd 270km troops57"} {
		for _, m := range Find(text) {
			if !documented[m.Kind] {
				t.Errorf("kind %q of %q is not documented", m.Kind, m.Text)
			}
		}
	}
}
