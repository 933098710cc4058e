package quote

import (
	"reflect"
	"testing"
)

func TestFind(t *testing.T) {
	tests := []struct {
		name, text, pattern string
		want                []Match
	}{
		{"exact", "abc def", "c d", []Match{{2, 5}}},
		{"line break in text", "defence budget was\naround $1.4 billion", "was around $1.4", []Match{{15, 30}}},
		{"nbsp and runs of spaces", "Silk Road\u00a0Paper  S.", "Road Paper S.", []Match{{5, 19}}},
		{"line break in pattern", "Gyumri, 125 kilometres", "Gyumri,\n  125", []Match{{0, 11}}},
		{"curly apostrophe in text", "Russia’s primary", "Russia's primary", []Match{{0, 16}}},
		{"curly quotes in pattern", "said 'Let's not'", "said ‘Let’s not’", []Match{{0, 16}}},
		{"double quotes", "“cooperation” between", "\"cooperation\" between", []Match{{0, 21}}},
		{"hyphenation joined", "for Na-\ngorno-Karabakh", "Nagorno-Karabakh", []Match{{4, 22}}},
		{"hyphenation kept", "the co-\nchairs of", "co-chairs of", []Match{{4, 17}}},
		{"hyphenation with trailing space", "cu- \nrrently", "currently", []Match{{0, 12}}},
		{"pattern copied across the break", "Na-\ngorno", "Na-\ngorno", []Match{{0, 9}}},
		{"pattern soft, text whole", "Nagorno", "Na-\ngorno", []Match{{0, 7}}},
		{"pattern soft, text hyphen", "co-chairs", "co-\nchairs", []Match{{0, 9}}},
		{"two matches", "two S-300 and two S-300", "two S-300", []Match{{0, 9}, {14, 23}}},
		{"footnote number must be quoted", "troops57 have", "troops have", nil},
		{"case matters", "Moscow", "moscow", nil},
		{"dash is not hyphen", "Azerbaijan–the first", "Azerbaijan-the first", nil},
		{"space is not nothing", "MiG-25", "MiG -25", nil},
		{"hyphen before space on same line is kept", "Na- gorno", "Nagorno", nil},
		{"leading and trailing space trimmed", "abc", "  abc\n", []Match{{0, 3}}},
		{"empty pattern", "abc", " \n ", nil},
		{"escaped dollar is literal", `some \$22.7 billion`, `\$22.7 billion`, []Match{{5, 19}}},
		{"multibyte offsets in code points", "María’s 1,960", "1,960", []Match{{8, 13}}},
		{"pattern longer than text", "abc", "abcd", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := New(tc.text).Find(tc.pattern)
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Find(%q) in %q = %v, want %v", tc.pattern, tc.text, got, tc.want)
			}
			for _, m := range got {
				if s := New(tc.text).Slice(m); len([]rune(s)) != m.End-m.Start {
					t.Fatalf("slice %q does not span %v", s, m)
				}
			}
		})
	}
}

func TestFindWord(t *testing.T) {
	tests := []struct {
		text, pattern string
		want          int
	}{
		{"around 1,500 Syrian", "1,500", 1},
		{"around 11,500 Syrian", "1,500", 0},
		{"in 1930", "30", 0},
		{"30 MiG-25", "30", 1},
		{"MiG-25", "25", 0},
		{"1994-97", "97", 0},
		{"in - 25", "25", 1},
		{"270km northwest", "270km", 1},
		{"(1) no deliveries", "1", 1},
		{"troops57 have", "57", 0},
	}
	for _, tc := range tests {
		if got := len(New(tc.text).FindWord(tc.pattern)); got != tc.want {
			t.Errorf("FindWord(%q) in %q: %d matches, want %d", tc.pattern, tc.text, got, tc.want)
		}
	}
}

func TestLineColumn(t *testing.T) {
	txt := New("ab\ncd\n\nef")
	for _, tc := range []struct{ off, line, col int }{{0, 1, 1}, {1, 1, 2}, {2, 1, 3}, {3, 2, 1}, {6, 3, 1}, {7, 4, 1}, {8, 4, 2}} {
		if l, c := txt.Line(tc.off), txt.Column(tc.off); l != tc.line || c != tc.col {
			t.Errorf("offset %d: line %d col %d, want %d:%d", tc.off, l, c, tc.line, tc.col)
		}
	}
}

// FuzzFind checks that matching never panics and that every match covers a
// passage that matches the pattern again on its own.
func FuzzFind(f *testing.F) {
	f.Add("for Na-\ngorno-Karabakh", "Nagorno")
	f.Add("Russia’s “primary”\u00a0instrument", "Russia's \"primary\" instrument")
	f.Add("co-\n\nchairs - -\n-", "co-chairs -")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, text, pattern string) {
		txt := New(text)
		for _, m := range txt.Find(pattern) {
			if m.Start < 0 || m.End > txt.Len() || m.Start >= m.End {
				t.Fatalf("bad match %v in text of %d", m, txt.Len())
			}
			if len(New(txt.Slice(m)).Find(pattern)) == 0 {
				t.Fatalf("passage %q of match %v does not match %q again", txt.Slice(m), m, pattern)
			}
		}
	})
}

// Around gives the words next to a match as passages that begin or end at
// a word's edge; each case names the passages from each start to the
// match's end, and from the match's start to each end.
func TestAround(t *testing.T) {
	tests := []struct {
		text, match   string
		before, after []string
	}{
		{"budget was around $1.4 billion, more", "$1.4 billion",
			[]string{"around $1.4 billion", "was around $1.4 billion", "budget was around $1.4 billion"}, nil},
		{"Russia keeps more than\n3,500 troops at Gyumri.", "3,500",
			[]string{"than\n3,500", "more than\n3,500", "keeps more than\n3,500"},
			[]string{"3,500 troops", "3,500 troops at", "3,500 troops at Gyumri"}},
		{"budget, around 3 more", "3", []string{"around 3"}, []string{"3 more"}},
		{"a (around 3) b", "3", []string{"around 3"}, nil},
		{"was $1.4 billion", "1.4 billion", []string{"$1.4 billion", "was $1.4 billion"}, nil},
		{"some \\$22.7 billion", "22.7 billion", []string{"\\$22.7 billion", "some \\$22.7 billion"}, nil},
		{"the 3,000-odd men", "3,000", []string{"the 3,000"}, []string{"3,000-odd", "3,000-odd men"}},
		{"ap-\nproximately 300", "300", []string{"proximately 300", "ap-\nproximately 300"}, nil},
		{"(300)", "300", nil, nil},
		{"300", "300", nil, nil},
		{"troops, 300 or more.", "300", nil, []string{"300 or", "300 or more"}},
		{"one two three four 5 six", "5", []string{"four 5", "three four 5", "two three four 5"}, []string{"5 six"}},
	}
	for _, tc := range tests {
		txt := New(tc.text)
		ms := txt.Find(tc.match)
		if len(ms) != 1 {
			t.Fatalf("%q not once in %q", tc.match, tc.text)
		}
		m := ms[0]
		before, after := txt.Around(m, 3)
		var gotB, gotA []string
		for _, s := range before {
			gotB = append(gotB, txt.Slice(Match{s, m.End}))
		}
		for _, e := range after {
			gotA = append(gotA, txt.Slice(Match{m.Start, e}))
		}
		if !reflect.DeepEqual(gotB, tc.before) || !reflect.DeepEqual(gotA, tc.after) {
			t.Errorf("Around(%q) in %q:\n got %q %q\nwant %q %q", tc.match, tc.text, gotB, gotA, tc.before, tc.after)
		}
	}
}

// Plain writes a passage on one line so that it can be quoted again.
func TestPlain(t *testing.T) {
	tests := []struct{ text, want string }{
		{"more than\n3,500", "more than 3,500"},
		{"ap-\nproximately  300", "approximately 300"},
		{"co-\nchairs", "cochairs"},
		{"Russia’s\u00a0force", "Russia’s force"},
	}
	for _, tc := range tests {
		txt := New(tc.text)
		got := txt.Plain(Match{0, txt.Len()})
		if got != tc.want {
			t.Errorf("Plain(%q) = %q, want %q", tc.text, got, tc.want)
		}
		if len(txt.Find(got)) != 1 {
			t.Errorf("Plain(%q) = %q is not found again", tc.text, got)
		}
	}
}
