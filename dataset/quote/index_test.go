package quote

import (
	"reflect"
	"strings"
	"testing"
)

// A text searched many times finds its patterns through an index of
// character pairs; it must find exactly what a scan finds, across line
// breaks, hyphenations, curly quotes and runs of white space.
func TestFindIndexed(t *testing.T) {
	parts := []string{
		"defence budget was\naround $1.4 billion", "Silk Road\u00a0Paper  S.", "Russia’s primary",
		"said 'Let's not'", "“cooperation” between", "for Na-\ngorno-Karabakh", "the co-\nchairs of",
		"cu- \nrrently", "Na-\ngorno", "Nagorno", "co-chairs", "two S-300 and two S-300", "troops57 have",
		"Na- gorno", "María’s 1,960", "a-\nb a-b ab a- \nb",
	}
	text := strings.Repeat(strings.Join(parts, "\n\n")+"\n", 8)
	patterns := []string{
		"was around $1.4", "Road Paper S.", "Russia's primary", "said ‘Let’s not’", "\"cooperation\" between",
		"Nagorno-Karabakh", "co-chairs of", "currently", "Na-\ngorno", "Na-gorno", "Nagorno", "co-\nchairs",
		"two S-300", "troops have", "1,960", "ab", "a-b", "a-\nb", "a b", "n", "Na", "  abc\n", "b\n\nd",
	}
	indexed := New(text)
	if len(indexed.toks) < indexMin {
		t.Fatalf("the text has %d tokens, fewer than the %d from which it is indexed", len(indexed.toks), indexMin)
	}
	for range scansFirst {
		indexed.Find("warm up")
	}
	for _, p := range patterns {
		want := New(text).Find(p) // a text searched once is scanned
		if got := indexed.Find(p); !reflect.DeepEqual(got, want) {
			t.Errorf("Find(%q): indexed %v, scanned %v", p, got, want)
		}
	}
	if indexed.from == nil {
		t.Error("the text searched many times was never indexed")
	}
}
