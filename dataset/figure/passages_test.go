package figure

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode"
)

// TestPassagesParseIsParse: parsing a passage from a text's tokens gives
// what Parse gives the passage on its own, figure and error alike, for
// every passage between two places in windows around every number of the
// real texts and of the parser's test phrases (places at spaces and inside
// words, so that tokens running across an end are met).
func TestPassagesParseIsParse(t *testing.T) {
	var texts []string
	files, _ := filepath.Glob("../../seeds/sources/*/text.txt")
	base, _ := filepath.Glob("../../testdata/base/seeds/sources/*/text.txt")
	for _, f := range append(files, base...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	if len(texts) < 5 {
		t.Fatalf("only %d texts", len(texts))
	}
	texts = append(texts, "some \\$22.7 billion", "kilo-\nmetres", "US$100 million and twenty-odd 270km troops57 S-300",
		"more than 3,500 or so", "between 3,000 and 5,000 miles", "1,96 and 1.2.3")
	checked := 0
	for _, text := range texts {
		rs := []rune(text)
		for i, r := range rs {
			if !unicode.IsDigit(r) || i > 0 && unicode.IsDigit(rs[i-1]) {
				continue
			}
			lo, hi := max(0, i-40), min(len(rs), i+40)
			window := string(rs[lo:hi])
			ps := NewPassages(window)
			wr := []rune(window)
			var cuts []int
			for k := 0; k <= len(wr); k++ {
				if k == 0 || k == len(wr) || unicode.IsSpace(wr[k-1]) != unicode.IsSpace(wr[k]) || k%7 == 0 {
					cuts = append(cuts, k)
				}
			}
			for _, a := range cuts {
				for _, b := range cuts {
					if b <= a {
						continue
					}
					want, wantErr := Parse(string(wr[a:b]))
					got, gotErr := ps.Parse(a, b)
					if !reflect.DeepEqual(got, want) || errText(gotErr) != errText(wantErr) {
						t.Fatalf("passage %q: from the text's tokens %+v, %v; on its own %+v, %v", string(wr[a:b]), got, gotErr, want, wantErr)
					}
					checked++
				}
			}
		}
	}
	if checked < 100000 {
		t.Fatalf("only %d passages checked", checked)
	}
	t.Logf("%d passages", checked)
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
