package quote

import (
	"testing"
)

// Display shows a passage on one line as a reader reads it: white space
// joined, line-end hyphenation undone unless the hyphen is the word's own,
// Markdown escapes resolved, nothing else changed.
func TestDisplay(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"line break", "defence budget was\naround $1.4 billion", "defence budget was around $1.4 billion"},
		{"indented line and spaces", "the  troops\n   stay\t here", "the troops stay here"},
		{"no-break space", "US$\u00a0100 million", "US$ 100 million"},
		{"ends trimmed", "\n  at Gyumri. \n", "at Gyumri."},
		{"soft hyphen joined", "supplying weap-\nons to Armenia", "supplying weapons to Armenia"},
		{"soft hyphen with trailing space", "cu- \nrrently", "currently"},
		{"capital after the break: the hyphen is the word's", "a pro-\nRussian party", "a pro-Russian party"},
		{"digit after the break: a designation or a span", "the MiG-\n29 and 1994-\n97", "the MiG-29 and 1994-97"},
		{"digit before the break: a compound", "the valdai-club-transcript-17th-\nannual meeting", "the valdai-club-transcript-17th-annual meeting"},
		{"inside an address", "https://icds.ee/en/message-to-yerevan-have-\nyour-power-shift/ (last accessed)", "https://icds.ee/en/message-to-yerevan-have-your-power-shift/ (last accessed)"},
		{"the text writes the compound with its hyphen", "the co-\nchairs met; the co-chairs said", "the co-chairs met; the co-chairs said"},
		{"the text writes the word whole", "a second cease-\nfire; the ceasefire held", "a second ceasefire; the ceasefire held"},
		{"the text writes it both ways: joined", "air-\ndefence, airdefence and air-defence", "airdefence, airdefence and air-defence"},
		{"a compound written once is joined", "the air-\ndefence systems", "the airdefence systems"},
		{"case does not matter to the text's spelling", "Co-Chairs and co-\nchairs", "Co-Chairs and co-chairs"},
		{"blank line after a hyphen is not a word break", "agreed in Washing-\n\n8 PRESIDENT", "agreed in Washing- 8 PRESIDENT"},
		{"hyphen before a space on the same line stays", "Na- gorno", "Na- gorno"},
		{"dash between spaces stays", "Azerbaijan -\nthe first", "Azerbaijan - the first"},
		{"Markdown escape", `some \$22.7 billion`, "some $22.7 billion"},
		{"every ASCII punctuation escape", `\*a\* \_b\_ \[c\] \#d \\e \-f`, `*a* _b_ [c] #d \e -f`},
		{"a backslash before a letter is kept", `C:\temp`, `C:\temp`},
		{"curly quotes and case kept", "“Moscow’s” weapons", "“Moscow’s” weapons"},
		{"Markdown emphasis kept", "**Arms Race**", "**Arms Race**"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			txt := New(tc.text)
			if got := txt.Display(Match{0, txt.Len()}); got != tc.want {
				t.Errorf("Display(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

// The text's spelling is read from the whole text, not from the passage
// shown: "co-\nchairs" keeps its hyphen in a quote that does not itself
// write "co-chairs".
func TestDisplayReadsTheWholeText(t *testing.T) {
	text := "accused the co-\nchairs of supplying arms. Later the co-chairs met."
	txt := New(text)
	if got := txt.Display(Match{0, len([]rune("accused the co-\nchairs of"))}); got != "accused the co-chairs of" {
		t.Errorf("Display = %q", got)
	}
}

// Source maps a part of the shown passage back to the text it shows, so
// that a value found in the display quote can be checked at its place.
func TestShownSource(t *testing.T) {
	text := "was some \\$22.7 bil-\nlion, the pro-\nRussian"
	txt := New(text)
	sh := txt.Shown(Match{0, txt.Len()})
	if sh.Text != "was some $22.7 billion, the pro-Russian" {
		t.Fatalf("shown %q", sh.Text)
	}
	tests := []struct {
		shown, source string
	}{
		{"some $22.7 billion", "some \\$22.7 bil-\nlion"},
		{"$22.7", "\\$22.7"},
		{"pro-Russian", "pro-\nRussian"},
		{"was", "was"},
	}
	for _, tc := range tests {
		ms := New(sh.Text).Find(tc.shown)
		if len(ms) != 1 {
			t.Fatalf("%q found %d times in %q", tc.shown, len(ms), sh.Text)
		}
		if got := txt.Slice(sh.Source(ms[0])); got != tc.source {
			t.Errorf("Source of %q = %q, want %q", tc.shown, got, tc.source)
		}
	}
	if got := sh.Source(Match{3, 3}); got != (Match{}) {
		t.Errorf("Source of an empty match = %v", got)
	}
}
