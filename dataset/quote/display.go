package quote

import (
	"strings"
	"sync"
	"unicode"
)

// Display is how the release shows a passage of a text to readers: on one
// line, ready to read and paste, beside the passage as written (which stays
// the authority, at its offsets). It changes only what the texts' layout
// and conversion did to the words:
//
//   - each run of white space (line breaks, tabs, no-break spaces) becomes
//     one space, and white space at either end is dropped;
//   - a Markdown backslash escape becomes the character it escapes ("\$"
//     becomes "$"): CommonMark's escapes, a backslash before ASCII
//     punctuation;
//   - a word hyphenated across a line end (one line break, not a blank
//     line) is joined ("weap-\nons" becomes "weapons"), unless the hyphen is the word's own: it is kept, without
//     the line break, when the part after it starts with a capital letter
//     or a digit ("pro-\nRussian", "MiG-\n29", "1994-\n97"), when the part
//     before it holds a digit ("17th-\nannual"), when it is inside an
//     address or a path (a "/" before it in its run of non-space
//     characters: "…/have-\nyour-power-shift/"), or when the
//     text itself writes the word with that hyphen on one line and never
//     whole ("co-\nchairs" in a text that writes "co-chairs" elsewhere).
//     The text's own spelling decides, not a dictionary: a compound the
//     text writes only once, broken at its hyphen, is joined.
//
// Nothing else changes: case, punctuation, quotation marks and Markdown
// markup other than escapes stay as written.
func (t *Text) Display(m Match) string { return t.Shown(m).Text }

// Shown is a passage of a text as Display shows it, knowing which part
// of the text each of its characters shows.
type Shown struct {
	Text  string
	spans []Match // per code point of Text, the part of the text it shows
}

// Shown returns the passage m as Display shows it.
func (t *Text) Shown(m Match) Shown {
	rs := t.runes
	m.Start, m.End = max(m.Start, 0), min(m.End, len(rs))
	out := make([]rune, 0, m.End-m.Start)
	spans := make([]Match, 0, m.End-m.Start)
	emit := func(r rune, from, to int) {
		out = append(out, r)
		spans = append(spans, Match{Start: from, End: to})
	}
	for i := m.Start; i < m.End; {
		r := rs[i]
		switch {
		case isSpace(r):
			j := i
			for j < m.End && isSpace(rs[j]) {
				j++
			}
			if len(out) > 0 && j < m.End {
				emit(' ', i, j)
			}
			i = j
		case r == '\\' && i+1 < m.End && isASCIIPunct(rs[i+1]):
			emit(rs[i+1], i, i+2)
			i += 2
		case r == '-' && i > m.Start && isWordRune(rs[i-1]):
			j, breaks := i+1, 0
			for j < m.End && isSpace(rs[j]) {
				if rs[j] == '\n' {
					breaks++
				}
				j++
			}
			// One line break: a blank line after a hyphen ends a
			// paragraph or a page, it does not split a word.
			if breaks != 1 || j == m.End || !isWordRune(rs[j]) {
				emit(r, i, i+1)
				i++
				continue
			}
			if t.keepsHyphen(i, j) {
				emit(r, i, j)
			}
			i = j
		default:
			emit(r, i, i+1)
			i++
		}
	}
	return Shown{Text: string(out), spans: spans}
}

// Source returns the part of the text that the part m of the shown
// passage shows (m in code points of Text, end exclusive).
func (s Shown) Source(m Match) Match {
	if m.Start >= m.End || m.Start < 0 || m.End > len(s.spans) {
		return Match{}
	}
	return Match{Start: s.spans[m.Start].Start, End: s.spans[m.End-1].End}
}

// isASCIIPunct reports whether a backslash before r is a Markdown escape.
func isASCIIPunct(r rune) bool {
	return r <= unicode.MaxASCII && (unicode.IsPunct(r) || unicode.IsSymbol(r))
}

// keepsHyphen decides the hyphen at h, at a line end, whose word goes on
// at next (see Display).
func (t *Text) keepsHyphen(h, next int) bool {
	rs := t.runes
	if unicode.IsUpper(rs[next]) || unicode.IsDigit(rs[next]) {
		return true
	}
	start := h
	for start > 0 && (isWordRune(rs[start-1]) || rs[start-1] == '-' && start >= 2 && isWordRune(rs[start-2])) {
		start--
	}
	end := next
	for end < len(rs) && (isWordRune(rs[end]) || rs[end] == '-' && end+1 < len(rs) && isWordRune(rs[end+1])) {
		end++
	}
	first := strings.ToLower(string(rs[start:h]))
	second := strings.ToLower(string(rs[next:end]))
	// A word with a digit before the hyphen ("17th-\nannual") is a
	// compound, and an address or path is written as it is
	// ("…/the-kremlins-message-to-yerevan-have-\nyour-power-shift/"):
	// the hyphen is the word's own.
	if strings.ContainsFunc(first, unicode.IsDigit) {
		return true
	}
	token := h
	for token > 0 && !isSpace(rs[token-1]) {
		token--
	}
	if strings.ContainsRune(string(rs[token:h]), '/') {
		return true
	}
	words := t.lexicon()
	return words[first+"-"+second] && !words[first+second]
}

// lexicon is the set of words the text writes on one line, lower-cased:
// runs of letters and digits, with the hyphens inside them ("co-chairs").
type lexicon map[string]bool

// lexicon returns the text's words, gathered once, when first needed.
func (t *Text) lexicon() lexicon {
	t.words.once.Do(func() {
		rs := t.runes
		set := lexicon{}
		for i := 0; i < len(rs); {
			if !isWordRune(rs[i]) {
				i++
				continue
			}
			j := i
			for j < len(rs) && (isWordRune(rs[j]) || rs[j] == '-' && j+1 < len(rs) && isWordRune(rs[j+1])) {
				j++
			}
			set[strings.ToLower(string(rs[i:j]))] = true
			i = j
		}
		t.words.set = set
	})
	return t.words.set
}

// words holds a text's lexicon, built once by the first Display that
// needs it: most texts of a build (the quotes themselves) never do.
type words struct {
	once sync.Once
	set  lexicon
}
