// Package figure parses a figure as a source text writes it ("around
// $1.4 billion", "more than 100km", "dozens of") into a value, bounds and
// a qualifier that keeps the text's hedge.
//
// These are the dataset's published conventions.
//
// Numbers. Digits may carry thousands commas, which must group by three
// ("67,000", "1,960"; "1,96" is an error), and a decimal point ("22.7").
// Number words are "zero" to "nineteen", the tens "twenty" to "ninety" and
// their compounds ("twenty-five"; "twentyfive" too, because the texts break
// words across lines). A number may be followed by scale words, each larger
// than the one before: "hundred", "thousand", "million", "billion",
// "trillion" ("one million", "$1.4 billion", "two hundred thousand"), or by
// "dozen" alone (12). "a"/"an" stands for one before a scale word ("a
// hundred", "a dozen"). Additive compounds ("one hundred and fifty") are
// not parsed: no text writes one. "half" is not a figure: no text uses it.
//
// Hedges. The hedge before a number becomes the Qualifier. Value is the
// point the text gives, set only for a figure written without a hedge or
// with an approximate one, as UCDP's best estimate is a point; a bound
// goes to Low or High and leaves Value nil, so that a sum or a chart of
// values never takes a floor or a ceiling for a point:
//
//	no hedge                                       exact      Value
//	around, about, some, approximately, roughly,   approx     Value
//	  an estimated, estimated (at)
//	more than, over, above                         more_than  Low (excluded)
//	at least                                       at_least   Low
//	up to, as many as, as much as                  up_to      High
//	less than, fewer than, under, below            less_than  High (excluded)
//	nearly, almost                                 nearly     High (excluded)
//	between X and Y, from X to Y, X to Y, X–Y      range      Low=X, High=Y
//
// "nearly 40" is a ceiling, not a point: the text says the count did not
// reach 40, and how far below it is its own. Anchor returns the one number
// a hedged figure writes, for comparisons made at the number as written.
//
// A hedge may also follow the number: "X or more" is at_least, "X or so"
// and "X-odd" are approx, "X or fewer" and "X or less" are up_to. A figure
// takes one hedge, before or after; Hedge keeps its words as read.
//
// Bounds are the written number even when the hedge excludes it ("more
// than 3,500" gives Low 3,500); the qualifier says whether it is strict.
// In a range a scale word or unit written only on one end applies to both
// ("$1–2 billion" is 1e9..2e9), and the low end must not exceed the high
// end. A hedge cannot qualify a range.
//
// Vague quantities are coded as ACLED codes them: qualifier
// order_of_magnitude, Low = the conventional floor, Value nil and High
// open (the text gives no ceiling):
// "dozens (of)" 12, "hundreds (of)" and "in the hundreds" 100, "thousands
// (of)" and "in the thousands" 1,000, "millions (of)" 1,000,000; chained
// with "of" the floors multiply ("tens of thousands" 10,000, "hundreds of
// millions of dollars" 1e8 USD). Only an approximate hedge may precede one
// ("estimated in the thousands" stays order_of_magnitude). "several", "a
// few" and "many" are not figures and are errors: the texts use them only
// for counts nobody could check ("several ceasefire violations").
//
// Units. "$", the Markdown escape "\$", "US$", "USD", "dollars" and "US
// dollars" give Kind amount and Unit "USD"; no other currency is parsed,
// and none is ever assumed: a bare "1.4 billion" is a count. "km",
// "kilometre(s)", "kilometer(s)" (glued or spaced: "270km") give distance
// "km"; "mi", "mile(s)" give "mi". "N times" and "twice" give ratio
// "times". Anything else after the number ("cubic metres", "troops",
// "3,500x") is an error, so a figure field holds the figure and nothing
// more. KM converts miles for a normalised column; Value, Low and High
// keep the unit the text wrote.
//
// Layout. Any run of spaces, NBSPs and line breaks separates words;
// hyphen, en dash and em dash all mark a range; a word hyphenated across a
// line end is joined; case does not matter.
//
// Not quantities. Designations ("S-300", "MiG-29", "Kavkaz-2020") and
// ordinals ("102nd", "25th") are errors. A bare year such as "2009" parses
// as the count 2009: whether a number is a year is the caller's call.
package figure

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// Figure is one parsed figure.
type Figure struct {
	Text      string   // the input as given (trimmed)
	Kind      Kind     // count, amount, distance or ratio
	Value     *float64 // the point the text gives (exact and approx only); nil for a bound, range or vague quantity
	Low, High *float64 // bounds the text implies; nil when open
	Qualifier Qualifier
	Hedge     string // the hedge's words, lower case ("more than", "or so"); "" when there is none
	Unit      string // amount: ISO 4217 code; distance: "km" or "mi"; ratio: "times"; count: ""
}

// Kind says what a figure measures.
type Kind string

// The kinds of figure.
const (
	Count    Kind = "count"
	Amount   Kind = "amount"
	Distance Kind = "distance"
	Ratio    Kind = "ratio"
)

// Qualifier keeps the hedge the text puts on a figure.
type Qualifier string

// The qualifiers, see the package comment.
const (
	Exact            Qualifier = "exact"
	Approx           Qualifier = "approx"
	MoreThan         Qualifier = "more_than"
	AtLeast          Qualifier = "at_least"
	UpTo             Qualifier = "up_to"
	LessThan         Qualifier = "less_than"
	Nearly           Qualifier = "nearly"
	Range            Qualifier = "range"
	OrderOfMagnitude Qualifier = "order_of_magnitude"
)

// Qualifiers lists the qualifier vocabulary in a stable order; the
// schema (schema.Qualifiers) documents each for readers.
func Qualifiers() []Qualifier {
	return []Qualifier{Exact, Approx, MoreThan, AtLeast, UpTo, LessThan, Nearly, Range, OrderOfMagnitude}
}

// Kinds lists the figure kinds in a stable order.
func Kinds() []Kind { return []Kind{Count, Amount, Distance, Ratio} }

// KilometresPerMile converts the statute mile.
const KilometresPerMile = 1.609344

// KM returns a distance figure's value and bounds in kilometres, for a
// normalised column beside the figure as written; all nil for other kinds.
func KM(f Figure) (value, low, high *float64) {
	if f.Kind != Distance {
		return nil, nil, nil
	}
	factor := 1.0
	if f.Unit == "mi" {
		factor = KilometresPerMile
	}
	conv := func(p *float64) *float64 {
		if p == nil {
			return nil
		}
		v := *p * factor
		return &v
	}
	return conv(f.Value), conv(f.Low), conv(f.High)
}

// Anchor returns the one number a figure writes, whatever its hedge: the
// value, the bound a hedge puts on it ("more than 3,500": 3,500) or a
// vague quantity's floor; nil for a range, which writes two. It is for
// comparisons made at the number as written (claims say so in their
// detail), never a point value: that is Value.
func (f Figure) Anchor() *float64 {
	switch {
	case f.Qualifier == Range:
		return nil
	case f.Value != nil:
		return f.Value
	case f.Low != nil:
		return f.Low
	}
	return f.High
}

// Parse reads one figure as the texts write it and keeps its hedge.
func Parse(text string) (Figure, error) {
	f := Figure{Text: strings.TrimSpace(text)}
	toks, _, err := tokenize(f.Text)
	if err != nil {
		return Figure{}, err
	}
	return parseTokens(f, toks)
}

// parseTokens reads the figure of the tokens of f.Text.
func parseTokens(f Figure, toks []token) (Figure, error) {
	if len(toks) == 0 {
		return Figure{}, fmt.Errorf("figure %q is empty", f.Text)
	}
	p := &parser{text: f.Text, toks: toks}
	if err := p.figure(&f); err != nil {
		return Figure{}, err
	}
	return f, nil
}

// Passages parses many passages of one text, tokenizing it once: the
// whole-figure check parses up to 25 passages around each figure, and
// tokenizing each of them anew was most of the parser's time (6 of 9
// CPU-seconds of a 100,000-rule build).
type Passages struct {
	rs   []rune
	toks []token
	at   []span // where each token stands in rs
	ok   bool   // the text tokenized as written (else each passage is parsed on its own)
}

// span is a token's place in a text, in code points, end exclusive.
type span struct{ start, end int }

// NewPassages prepares text for Parse.
func NewPassages(text string) *Passages {
	ps := &Passages{rs: []rune(text)}
	// Tokenizing rewrites an escaped dollar and a word broken across a
	// line; then the tokens' places are not the text's.
	if strings.Contains(text, `\$`) || strings.Contains(text, "-") && strings.Contains(text, "\n") {
		return ps
	}
	toks, at, err := tokenize(text)
	ps.toks, ps.at, ps.ok = toks, at, err == nil
	return ps
}

// Parse is Parse of the passage [from, to) of the text (code points),
// with the same result and the same error. The passage is read from the
// text's tokens when no token runs across either of its ends: a token is
// made by what stands inside it and after it, and a tokenizer that read
// the whole text without an error read nothing after a token that would
// change it.
func (ps *Passages) Parse(from, to int) (Figure, error) {
	text := string(ps.rs[from:to])
	if !ps.ok {
		return Parse(text)
	}
	i := sort.Search(len(ps.at), func(k int) bool { return ps.at[k].end > from })
	j := sort.Search(len(ps.at), func(k int) bool { return ps.at[k].end > to })
	if i < len(ps.at) && ps.at[i].start < from || j < len(ps.at) && ps.at[j].start < to {
		return Parse(text) // a token runs across an end
	}
	return parseTokens(Figure{Text: strings.TrimSpace(text)}, ps.toks[i:j])
}

// Omits says what a figure read from part of a passage leaves out of the
// figure read from the whole passage, or "" when it leaves out nothing: a
// hedge ("$1.4 billion" of "around $1.4 billion"), a currency or unit
// ("110" of "110 miles") or a scale word ("$1.4" of "$1.4 billion"). A
// range is not a wider reading of one of its ends ("from 3,000 to 5,000"
// may be a change, not a range), a ratio is not one of a count ("three
// times" may count occasions), and a longer hedge with the same qualifier
// adds nothing ("an estimated" beside "estimated").
func Omits(part, whole Figure) string {
	eq := func(a, b *float64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }
	switch {
	case whole.Qualifier == Range, part.Kind == Count && whole.Kind == Ratio:
		return ""
	case whole.Hedge != "" && (part.Hedge == "" || part.Qualifier != whole.Qualifier):
		return fmt.Sprintf("the hedge %q", whole.Hedge)
	case part.Unit != whole.Unit && whole.Kind == Amount:
		return fmt.Sprintf("the currency (%s)", whole.Unit)
	case part.Unit != whole.Unit && whole.Unit != "":
		return fmt.Sprintf("the unit (%s)", whole.Unit)
	case part.Anchor() != nil && whole.Anchor() != nil && *part.Anchor() != *whole.Anchor():
		return fmt.Sprintf("the scale (%s, not %s)", Number(*whole.Anchor()), Number(*part.Anchor()))
	case !eq(part.Value, whole.Value) || !eq(part.Low, whole.Low) || !eq(part.High, whole.High):
		return "the scale"
	}
	return ""
}

// ---- tokens ----

type tokKind int

const (
	tWord   tokKind = iota // lower-cased letters, inner hyphens kept ("twenty-five")
	tNum                   // digits, thousands commas removed
	tDollar                // "$", "\$" or "US$"
	tDash                  // hyphen, en dash or em dash
)

type token struct {
	kind tokKind
	text string
	unit string // tNum only: a unit glued to the digits ("270km")
}

// softHyphen matches a word broken across a line end ("kilo-\nmetres").
var softHyphen = regexp.MustCompile(`(\pL)-[ \t\x{00A0}]*\r?\n\s*(\pL)`)

// tokenize reads the tokens of text and where each stands in it (in code
// points of the text after its rewriting: an escaped dollar and a word
// broken across a line are read as written whole).
func tokenize(text string) ([]token, []span, error) {
	s := strings.ReplaceAll(text, `\$`, "$")
	if strings.Contains(s, "-") && strings.Contains(s, "\n") {
		// Checked first: the regexp costs a quarter of a 100k-rule build
		// when run on every passage the whole-figure check reads.
		s = softHyphen.ReplaceAllString(s, "$1$2")
	}
	rs := []rune(s)
	var toks []token
	var at []span
	for i := 0; i < len(rs); {
		r, from := rs[i], i
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '$':
			toks = append(toks, token{kind: tDollar})
			i++
		case isDash(r):
			toks = append(toks, token{kind: tDash})
			i++
		case isDigit(r):
			j := i
			for j < len(rs) && (isDigit(rs[j]) || rs[j] == ',' && j+1 < len(rs) && isDigit(rs[j+1])) {
				j++
			}
			if j+1 < len(rs) && rs[j] == '.' && isDigit(rs[j+1]) {
				j++
				for j < len(rs) && isDigit(rs[j]) {
					j++
				}
			}
			num := string(rs[i:j])
			if !validGrouping(num) {
				return nil, nil, errorf(text, chunk(rs, i), "has misplaced thousands commas")
			}
			tok := token{kind: tNum, text: strings.ReplaceAll(num, ",", "")}
			k := j
			for k < len(rs) && unicode.IsLetter(rs[k]) {
				k++
			}
			suffix := strings.ToLower(string(rs[j:k]))
			switch {
			case suffix == "km" || suffix == "mi":
				tok.unit = suffix
			case suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th":
				return nil, nil, errorf(text, chunk(rs, i), "is an ordinal, not a quantity")
			case suffix != "":
				return nil, nil, errorf(text, chunk(rs, i), "has %q glued to the number", suffix)
			}
			if k < len(rs) && (isDigit(rs[k]) || rs[k] == '.' || rs[k] == ',') {
				return nil, nil, errorf(text, chunk(rs, i), "is not a well-formed number")
			}
			toks = append(toks, tok)
			i = k
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || rs[j] == '-' && j+1 < len(rs) && unicode.IsLetter(rs[j+1])) {
				j++
			}
			word := strings.ToLower(string(rs[i:j]))
			switch {
			case j+1 < len(rs) && isDash(rs[j]) && isDigit(rs[j+1]):
				// "S-300", "MiG-25", "Kavkaz-2020".
				return nil, nil, errorf(text, chunk(rs, i), "is a designation, not a quantity")
			case j < len(rs) && isDigit(rs[j]):
				// "T72", or a footnote number glued to a word ("troops57").
				return nil, nil, errorf(text, chunk(rs, i), "has digits glued to a word (a designation or a footnote marker)")
			case word == "us" && j < len(rs) && rs[j] == '$':
				toks = append(toks, token{kind: tDollar})
				j++
			case strings.HasSuffix(word, "-odd"):
				// "twenty-odd": the number word, then the hedge "-odd".
				toks = append(toks, token{kind: tWord, text: strings.TrimSuffix(word, "-odd")}, token{kind: tDash}, token{kind: tWord, text: "odd"})
			default:
				toks = append(toks, token{kind: tWord, text: word})
			}
			i = j
		default:
			return nil, nil, errorf(text, chunk(rs, i), "has an unexpected %q", string(r))
		}
		for len(at) < len(toks) { // the tokens read from rs[from:i]
			at = append(at, span{from, i})
		}
	}
	return toks, at, nil
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

func isDash(r rune) bool { return r == '-' || r == '–' || r == '—' || r == '‐' || r == '‑' }

// validGrouping checks that thousands commas group by three.
func validGrouping(num string) bool {
	intPart, _, _ := strings.Cut(num, ".")
	groups := strings.Split(intPart, ",")
	if len(groups) == 1 {
		return true
	}
	if len(groups[0]) < 1 || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// chunk returns the whitespace-delimited piece of rs around i, for errors.
func chunk(rs []rune, i int) string {
	a, b := i, i
	for a > 0 && !unicode.IsSpace(rs[a-1]) {
		a--
	}
	for b < len(rs) && !unicode.IsSpace(rs[b]) {
		b++
	}
	return string(rs[a:b])
}

// errorf names the whole figure, and the offending piece when it is not
// the whole: `figure "S-300" is a designation, not a quantity`.
func errorf(text, piece, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if piece == text {
		return fmt.Errorf("figure %q %s", text, msg)
	}
	return fmt.Errorf("figure %q: %q %s", text, piece, msg)
}

// ---- grammar ----

type parser struct {
	text string
	toks []token
	pos  int
}

// at reports whether the next tokens are the given words.
func (p *parser) at(words ...string) bool {
	if p.pos+len(words) > len(p.toks) {
		return false
	}
	for i, w := range words {
		if t := p.toks[p.pos+i]; t.kind != tWord || t.text != w {
			return false
		}
	}
	return true
}

// accept consumes the given words if they come next.
func (p *parser) accept(words ...string) bool {
	if p.at(words...) {
		p.pos += len(words)
		return true
	}
	return false
}

func (p *parser) fail(format string, args ...any) error {
	return fmt.Errorf("figure %q %s", p.text, fmt.Sprintf(format, args...))
}

// describe names the next token for an error message.
func (p *parser) describe() string {
	if p.pos >= len(p.toks) {
		return "the end"
	}
	t := p.toks[p.pos]
	switch t.kind {
	case tDollar:
		return `"$"`
	case tDash:
		return "a dash"
	}
	return strconv.Quote(t.text)
}

var hedges = []struct {
	words []string
	q     Qualifier
}{
	{[]string{"more", "than"}, MoreThan},
	{[]string{"over"}, MoreThan},
	{[]string{"above"}, MoreThan},
	{[]string{"at", "least"}, AtLeast},
	{[]string{"up", "to"}, UpTo},
	{[]string{"as", "many", "as"}, UpTo},
	{[]string{"as", "much", "as"}, UpTo},
	{[]string{"less", "than"}, LessThan},
	{[]string{"fewer", "than"}, LessThan},
	{[]string{"under"}, LessThan},
	{[]string{"below"}, LessThan},
	{[]string{"nearly"}, Nearly},
	{[]string{"almost"}, Nearly},
	{[]string{"an", "estimated"}, Approx},
	{[]string{"estimated", "at"}, Approx},
	{[]string{"estimated"}, Approx},
	{[]string{"around"}, Approx},
	{[]string{"about"}, Approx},
	{[]string{"some"}, Approx},
	{[]string{"approximately"}, Approx},
	{[]string{"roughly"}, Approx},
}

// trailingHedges follow the number ("1,000 or more"); "odd" comes after a
// dash ("3,000-odd", "twenty-odd").
var trailingHedges = []struct {
	words []string
	q     Qualifier
}{
	{[]string{"or", "more"}, AtLeast},
	{[]string{"or", "so"}, Approx},
	{[]string{"or", "fewer"}, UpTo},
	{[]string{"or", "less"}, UpTo},
}

// trailingHedge consumes a hedge written after the number.
func (p *parser) trailingHedge() (Qualifier, string, bool) {
	for _, h := range trailingHedges {
		if p.accept(h.words...) {
			return h.q, strings.Join(h.words, " "), true
		}
	}
	if p.pos+1 < len(p.toks) && p.toks[p.pos].kind == tDash && p.toks[p.pos+1].kind == tWord && p.toks[p.pos+1].text == "odd" {
		p.pos += 2
		return Approx, "odd", true
	}
	return "", "", false
}

// notFigures are quantity words the dataset deliberately does not code.
var notFigures = map[string]bool{"several": true, "few": true, "many": true}

func (p *parser) figure(f *Figure) error {
	hedge, hedgeText := Exact, ""
	for _, h := range hedges {
		if p.accept(h.words...) {
			hedge, hedgeText = h.q, strings.Join(h.words, " ")
			break
		}
	}
	if p.pos < len(p.toks) && p.toks[p.pos].kind == tWord && (notFigures[p.toks[p.pos].text] || p.at("a", "few")) {
		return p.fail("is a vague quantity the dataset does not code (several, a few, many)")
	}
	if p.at("in", "the") || p.pos < len(p.toks) && vagueFloors[p.toks[p.pos].text] > 0 {
		if hedge != Exact && hedge != Approx {
			return p.fail("puts %q on a vague quantity", hedgeText)
		}
		f.Hedge = hedgeText
		return p.vague(f)
	}
	// "between X and Y", "from X to Y", or a bare "X to Y", "X–Y".
	opener, joiner := "", ""
	if hedge == Exact && p.accept("between") {
		opener, joiner = "between", "and"
	} else if hedge == Exact && p.accept("from") {
		opener, joiner = "from", "to"
	}
	lo, err := p.quantity()
	if err != nil {
		return err
	}
	if q, words, ok := p.trailingHedge(); ok {
		if hedge != Exact {
			return p.fail("has two hedges, %q and %q", hedgeText, words)
		}
		if opener != "" {
			return p.fail("has %q where %q should be", words, joiner)
		}
		hedge, hedgeText = q, words
	}
	joined := false
	if opener != "" {
		joined = p.accept(joiner)
		if !joined {
			return p.fail("has %s where %q should be", p.describe(), joiner)
		}
	} else {
		joined = p.accept("to") || p.acceptDash()
	}
	if joined {
		if hedge != Exact {
			return p.fail("puts %q on a range", hedgeText)
		}
		hi, err := p.quantity()
		if err != nil {
			return err
		}
		if _, words, ok := p.trailingHedge(); ok {
			return p.fail("puts %q on a range", words)
		}
		if err := p.end(); err != nil {
			return err
		}
		return p.rangeOf(f, lo, hi)
	}
	if err := p.end(); err != nil {
		return err
	}
	v, err := p.value(lo)
	if err != nil {
		return err
	}
	f.Kind, f.Unit, f.Qualifier, f.Hedge = kindOf(lo.unit), lo.unit, hedge, hedgeText
	switch hedge {
	case MoreThan, AtLeast:
		f.Low = ptr(v)
	case UpTo, LessThan, Nearly:
		f.High = ptr(v)
	default: // exact, approx
		f.Value = ptr(v)
	}
	return nil
}

func (p *parser) acceptDash() bool {
	if p.pos < len(p.toks) && p.toks[p.pos].kind == tDash {
		p.pos++
		return true
	}
	return false
}

func (p *parser) end() error {
	if p.pos < len(p.toks) {
		return p.fail("has unexpected %s after the figure", p.describe())
	}
	return nil
}

// quantity is one number as written, before any range fills in its scale.
type quantity struct {
	mant   string // decimal digits
	exp    int    // power of ten from scale words
	dozen  bool
	scaled bool // a scale word was written
	unit   string
}

var smallWords = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	"thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19,
}

var tensWords = map[string]int{
	"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90,
}

var scaleExps = map[string]int{"hundred": 2, "thousand": 3, "million": 6, "billion": 9, "trillion": 12}

// numberWord reads "seven", "forty", "twenty-five" or "twentyfive".
func numberWord(w string) (int, bool) {
	if v, ok := smallWords[w]; ok {
		return v, true
	}
	for t, tv := range tensWords {
		if !strings.HasPrefix(w, t) {
			continue
		}
		rest := strings.TrimPrefix(strings.TrimPrefix(w, t), "-")
		if rest == "" && len(w) == len(t) {
			return tv, true
		}
		if u, ok := smallWords[rest]; ok && u >= 1 && u <= 9 {
			return tv + u, true
		}
	}
	return 0, false
}

func (p *parser) quantity() (quantity, error) {
	var q quantity
	if p.pos < len(p.toks) && p.toks[p.pos].kind == tDollar || p.at("usd") {
		q.unit = "USD"
		p.pos++
	}
	if p.pos >= len(p.toks) {
		return q, p.fail("has no number")
	}
	t := p.toks[p.pos]
	switch n, isWord := numberWord(t.text); {
	case t.kind == tNum:
		q.mant, q.unit = t.text, joinUnit(q.unit, t.unit)
		if q.unit == "" && t.unit != "" {
			return q, p.fail("writes both a currency and a distance")
		}
		p.pos++
	case t.kind == tWord && isWord:
		q.mant = strconv.Itoa(n)
		p.pos++
	case p.at("twice"):
		p.pos++
		if q.unit != "" {
			return q, p.fail("puts a currency on a ratio")
		}
		return quantity{mant: "2", unit: "times"}, nil
	case (p.at("a") || p.at("an")) && p.pos+1 < len(p.toks) && (scaleExps[p.toks[p.pos+1].text] > 0 || p.toks[p.pos+1].text == "dozen"):
		q.mant = "1"
		p.pos++
	default:
		return q, p.fail("has %s where a number should be", p.describe())
	}
	// Scale words, each larger than the last; "dozen" stands alone.
	last := 0
	for p.pos < len(p.toks) && p.toks[p.pos].kind == tWord {
		w := p.toks[p.pos].text
		if w == "dozen" && !q.scaled {
			q.dozen, q.scaled = true, true
			p.pos++
			break
		}
		e, ok := scaleExps[w]
		if !ok || e <= last {
			break
		}
		q.exp += e
		last, q.scaled = e, true
		p.pos++
	}
	if p.pos < len(p.toks) && p.toks[p.pos].kind == tWord {
		unit := ""
		switch w := p.toks[p.pos].text; w {
		case "km", "kilometre", "kilometres", "kilometer", "kilometers":
			unit = "km"
		case "mi", "mile", "miles":
			unit = "mi"
		case "times":
			unit = "times"
		case "dollar", "dollars", "usd":
			unit = "USD"
		case "us":
			if !p.at("us", "dollars") && !p.at("us", "dollar") {
				break
			}
			unit = "USD"
			p.pos++
		}
		if unit != "" {
			if q.unit != "" {
				return q, p.fail("writes more than one unit")
			}
			q.unit = unit
			p.pos++
		}
	}
	return q, nil
}

// joinUnit merges a prefix currency with a unit glued to the digits; ""
// when both are set (a conflict the caller reports).
func joinUnit(prefix, glued string) string {
	switch {
	case prefix == "":
		return glued
	case glued == "":
		return prefix
	}
	return ""
}

func kindOf(unit string) Kind {
	switch unit {
	case "USD":
		return Amount
	case "km", "mi":
		return Distance
	case "times":
		return Ratio
	}
	return Count
}

func (p *parser) value(q quantity) (float64, error) {
	// ParseFloat of "1.4e9" rounds once, so $1.4 billion is exactly 1.4e9.
	v, err := strconv.ParseFloat(q.mant+"e"+strconv.Itoa(q.exp), 64)
	if q.dozen {
		v *= 12
	}
	if err != nil || math.IsInf(v, 0) {
		return 0, p.fail("is too large")
	}
	return v, nil
}

// rangeOf fills a range; a scale or unit written on one end only applies
// to both ("$1–2 billion").
func (p *parser) rangeOf(f *Figure, lo, hi quantity) error {
	if !lo.scaled {
		lo.exp, lo.dozen = hi.exp, hi.dozen
	}
	switch {
	case lo.unit == "":
		lo.unit = hi.unit
	case hi.unit == "":
		hi.unit = lo.unit
	case lo.unit != hi.unit:
		return p.fail("has ends in different units (%s, %s)", lo.unit, hi.unit)
	}
	l, err := p.value(lo)
	if err != nil {
		return err
	}
	h, err := p.value(hi)
	if err != nil {
		return err
	}
	if l > h {
		return p.fail("is a range whose low end is above its high end")
	}
	f.Kind, f.Unit, f.Qualifier, f.Low, f.High = kindOf(lo.unit), lo.unit, Range, ptr(l), ptr(h)
	return nil
}

// vagueFloors are the conventional floors of plural quantity words.
var vagueFloors = map[string]float64{
	"dozens": 12, "tens": 10, "hundreds": 100, "thousands": 1e3, "millions": 1e6, "billions": 1e9,
}

// vague reads "dozens of", "in the thousands", "tens of thousands",
// "hundreds of millions of dollars".
func (p *parser) vague(f *Figure) error {
	p.accept("in", "the")
	floor, last, word := 1.0, 0.0, ""
	for p.pos < len(p.toks) {
		w := p.toks[p.pos].text
		v := vagueFloors[w]
		if p.toks[p.pos].kind != tWord || v == 0 {
			break
		}
		if v <= last {
			return p.fail("chains vague quantities in the wrong order")
		}
		floor, last, word = floor*v, v, w
		p.pos++
		if !p.accept("of") {
			break
		}
	}
	switch {
	case word == "":
		return p.fail("has %s where a quantity should be", p.describe())
	case word == "tens":
		return p.fail(`says "tens" without saying of what`)
	}
	unit := ""
	if p.accept("dollars") || p.accept("us", "dollars") || p.accept("usd") {
		unit = "USD"
	}
	if err := p.end(); err != nil {
		return err
	}
	f.Kind, f.Unit, f.Qualifier, f.Low = kindOf(unit), unit, OrderOfMagnitude, ptr(floor)
	return nil
}

func ptr(v float64) *float64 { return &v }

// Number writes a value as a reader writes it, without exponent or
// trailing zeros: 1400000000, 1.4.
func Number(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
