// Package quote finds a rule's quote in its source text.
//
// A quote is an exact passage of the text. Matching tolerates only what the
// texts' layout does to a passage, and nothing else:
//   - a run of white space (spaces, tabs, line breaks, no-break spaces) matches
//     any other such run;
//   - curly quotation marks match straight ones (‘ ’ ‛ ′ as ', “ ” „ ″ as ");
//   - a word hyphenated across a line end ("Na-\ngorno") matches the word
//     written whole ("Nagorno") or with its hyphen ("co-chairs").
//
// Case, punctuation, digits, footnote numbers and mojibake must be as in the
// text. Offsets are Unicode code points from the start of the text, end
// exclusive, so that Python's text[start:end] returns the passage.
package quote

import (
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"unicode"
)

// Text is a source text prepared for matching.
type Text struct {
	runes []rune
	toks  []token
	lines []int // code-point offset of the start of each line

	// at lists where each pair of characters starts, hashed into buckets,
	// for Find in a text searched many times: every rule's quote is looked
	// for in its text, and a scan of the whole text for each made matching
	// quadratic in the number of rules of a text. Building it costs about
	// as much as ten scans, so a text is scanned until it has been searched
	// scansFirst times, and a short one (a quote) always.
	finds atomic.Int32
	once  sync.Once
	at    []int32 // tokens by bucket of their pair, each bucket in text order
	from  []int32 // bucket k is at[from[k]:from[k+1]]

	words words // the words the text writes, for Display
}

const (
	indexMin   = 1024 // tokens
	scansFirst = 16
	buckets    = 1 << 12
)

// bucket hashes a pair of consecutive characters of the canonical text.
// Pairs that share a bucket only add places for matchAt to refuse.
func bucket(a, b rune) int { return int((uint32(a)*0x9E3779B1 ^ uint32(b)*0x85EBCA6B) >> 20) }

// Match is one place a pattern was found: [Start, End) in code points.
type Match struct {
	Start, End int
}

// token is one unit of the canonical text: a character, a run of white
// space (as ' '), or a hyphen at a line break between two letters (soft).
type token struct {
	r          rune
	start, end int32 // code points of the original text the token covers (a text is at most 16 MiB)
	soft       bool
}

// New prepares text for matching.
func New(text string) *Text {
	t := &Text{runes: []rune(text)}
	t.toks = tokenize(t.runes)
	t.lines = []int{0}
	for i, r := range t.runes {
		if r == '\n' {
			t.lines = append(t.lines, i+1)
		}
	}
	return t
}

// Len is the text's length in code points.
func (t *Text) Len() int { return len(t.runes) }

// Slice returns the passage of the text a match covers, exactly as written.
func (t *Text) Slice(m Match) string { return string(t.runes[m.Start:m.End]) }

// Line returns the 1-based line on which the code point at offset stands.
func (t *Text) Line(offset int) int {
	return sort.Search(len(t.lines), func(i int) bool { return t.lines[i] > offset })
}

// Column returns the 1-based column (in code points) of offset on its line.
func (t *Text) Column(offset int) int {
	return offset - t.lines[t.Line(offset)-1] + 1
}

// Find returns every place the pattern occurs, in order. A pattern that is
// empty after trimming white space matches nowhere.
func (t *Text) Find(pattern string) []Match {
	p := tokenize([]rune(pattern))
	for len(p) > 0 && p[0].r == ' ' && !p[0].soft {
		p = p[1:]
	}
	for len(p) > 0 && p[len(p)-1].r == ' ' && !p[len(p)-1].soft {
		p = p[:len(p)-1]
	}
	if len(p) == 0 {
		return nil
	}
	var out []Match
	if len(t.toks) >= indexMin && len(p) >= 2 && !p[1].soft && t.finds.Add(1) > scansFirst {
		t.once.Do(t.index)
		k := bucket(p[0].r, p[1].r)
		for _, i := range t.at[t.from[k]:t.from[k+1]] {
			if end, ok := t.matchAt(p, int(i)); ok {
				out = append(out, Match{Start: int(t.toks[i].start), End: end})
			}
		}
		return out
	}
	for i, tk := range t.toks {
		if tk.soft || tk.r != p[0].r {
			continue
		}
		if end, ok := t.matchAt(p, i); ok {
			out = append(out, Match{Start: int(tk.start), End: end})
		}
	}
	return out
}

// index lists, for each pair of characters, the tokens at which a pattern
// starting with them may match: a token other than a soft hyphen (a
// pattern cannot start with one), with the character after it. After a
// soft hyphen ("Na-\ngorno") a pattern goes on with the hyphen
// ("Na-gorno") or with the next letter ("Nagorno"), so such a token is
// listed under both.
func (t *Text) index() {
	// key[i] is the bucket of token i, -1 for none; a token before a soft
	// hyphen has a second one, in second.
	key := make([]int32, len(t.toks))
	second := map[int]int32{}
	t.from = make([]int32, buckets+1)
	for i := range t.toks {
		key[i] = -1
		if i+1 == len(t.toks) || t.toks[i].soft {
			continue
		}
		tk, next := t.toks[i], t.toks[i+1]
		if !next.soft {
			key[i] = int32(bucket(tk.r, next.r))
		} else {
			key[i] = int32(bucket(tk.r, '-'))
			if i+2 < len(t.toks) {
				if k := int32(bucket(tk.r, t.toks[i+2].r)); k != key[i] {
					second[i] = k
					t.from[k+1]++
				}
			}
		}
		t.from[key[i]+1]++
	}
	// A counting sort: each bucket's tokens in text order.
	for k := range buckets {
		t.from[k+1] += t.from[k]
	}
	t.at = make([]int32, t.from[buckets])
	next := slices.Clone(t.from[:buckets])
	for i, k := range key {
		if k < 0 {
			continue
		}
		t.at[next[k]] = int32(i)
		next[k]++
		if k2, ok := second[i]; ok {
			t.at[next[k2]] = int32(i)
			next[k2]++
		}
	}
}

// FindWord is Find restricted to matches that do not begin or end inside a
// word or number: "1,500" is not found in "11,500", "30" in "1930", nor
// "25" in "MiG-25".
func (t *Text) FindWord(pattern string) []Match {
	var out []Match
	for _, m := range t.Find(pattern) {
		if m.Start > 0 && isWordRune(t.runes[m.Start]) && t.joined(m.Start) {
			continue
		}
		if m.End < len(t.runes) && isWordRune(t.runes[m.End]) && isWordRune(t.runes[m.End-1]) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// joined reports whether the code point before offset continues a word:
// a letter or digit, or a hyphen right after one.
func (t *Text) joined(offset int) bool {
	prev := t.runes[offset-1]
	if isWordRune(prev) {
		return true
	}
	return prev == '-' && offset >= 2 && isWordRune(t.runes[offset-2])
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// matchAt matches pattern p against the text from token ti and returns the
// end offset of the match.
func (t *Text) matchAt(p []token, ti int) (int, bool) {
	pi, end := 0, 0
	for pi < len(p) {
		if ti >= len(t.toks) {
			return 0, false
		}
		pt, tt := p[pi], t.toks[ti]
		switch {
		case pt.soft && tt.soft:
			pi, ti = pi+1, ti+1
		case tt.soft:
			if pt.r == '-' { // the word keeps its hyphen: "co-\nchairs" ~ "co-chairs"
				pi++
			}
			ti++ // otherwise the word was split: "Na-\ngorno" ~ "Nagorno"
		case pt.soft:
			if tt.r == '-' {
				ti++
			}
			pi++
		case pt.r == tt.r:
			pi, ti = pi+1, ti+1
		default:
			return 0, false
		}
		end = int(t.toks[ti-1].end)
	}
	return end, true
}

// tokenize canonicalises text: white-space runs become one ' ' token, curly
// quotes straight ones, and a hyphen between letters followed by white
// space that holds a line break becomes a soft token.
func tokenize(rs []rune) []token {
	toks := make([]token, 0, len(rs))
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case isSpace(r):
			j := i
			for j < len(rs) && isSpace(rs[j]) {
				j++
			}
			toks = append(toks, token{r: ' ', start: int32(i), end: int32(j)})
			i = j
		case r == '-' && i > 0 && unicode.IsLetter(rs[i-1]):
			j, newline := i+1, false
			for j < len(rs) && isSpace(rs[j]) {
				newline = newline || rs[j] == '\n'
				j++
			}
			if newline && j < len(rs) && unicode.IsLetter(rs[j]) {
				toks = append(toks, token{r: '-', soft: true, start: int32(i), end: int32(j)})
				i = j
				continue
			}
			toks = append(toks, token{r: r, start: int32(i), end: int32(i + 1)})
			i++
		default:
			toks = append(toks, token{r: fold(r), start: int32(i), end: int32(i + 1)})
			i++
		}
	}
	return toks
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u00A0' || r == '\u2007' || r == '\u202F'
}

func fold(r rune) rune {
	switch r {
	case '‘', '’', '‛', '′':
		return '\''
	case '“', '”', '„', '″':
		return '"'
	}
	return r
}

// Around finds the words next to a match, so that a caller can ask whether
// the text says more than the match does ("around" before "$1.4 billion").
// before[i] is where the (i+1)-th word before m starts, nearest first;
// after[i] is where the (i+1)-th word after m ends; at most n of each.
// Words are separated by white space only: a word whose near side is
// punctuation is not taken ("budget, around" stops at the comma), and one
// whose far side is punctuation is taken without it and ends the search
// ("(around", "billion."). Something glued to the match is a word too
// ("$" in "$1.4", "-odd" in "3,000-odd"), and so are the halves of a word
// hyphenated across a line end.
func (t *Text) Around(m Match, n int) (before, after []int) {
	rs := t.runes
	for i := m.Start; len(before) < n; {
		end := i
		for end > 0 && isSpace(rs[end-1]) {
			end--
		}
		start := end
		for start > 0 && !isSpace(rs[start-1]) {
			start--
		}
		if start == end || !isWordEdge(rs[end-1]) {
			break
		}
		from := start
		for !isWordEdge(rs[from]) {
			from++
		}
		before = append(before, from)
		if from > start {
			break
		}
		i = start
	}
	for i := m.End; len(after) < n; {
		start := i
		for start < len(rs) && isSpace(rs[start]) {
			start++
		}
		end := start
		for end < len(rs) && !isSpace(rs[end]) {
			end++
		}
		if start == end || !isWordEdge(rs[start]) {
			break
		}
		to := end
		for !isWordEdge(rs[to-1]) {
			to--
		}
		after = append(after, to)
		if to < end {
			break
		}
		i = end
	}
	return before, after
}

// isWordEdge reports whether r may begin or end a word for Around: a
// letter, a digit, a dash or hyphen, or a character of a currency sign
// ("$", "\$").
func isWordEdge(r rune) bool {
	return isWordRune(r) || r == '$' || r == '\\' || r == '-' || r == '–' || r == '—'
}

// Plain returns the passage a match covers on one line: each run of white
// space as one space and a word hyphenated across a line end joined, so
// that Find matches it again ("ap-\nproximately" becomes "approximately").
func (t *Text) Plain(m Match) string {
	var b []rune
	for _, tk := range t.toks {
		switch {
		case int(tk.end) <= m.Start || int(tk.start) >= m.End:
		case tk.soft:
		case tk.r == ' ':
			b = append(b, ' ')
		default:
			b = append(b, t.runes[tk.start])
		}
	}
	return string(b)
}
