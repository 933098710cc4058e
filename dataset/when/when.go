// Package when parses a date expression as a quote writes it ("18 August
// 2010", "Sept. 21", "1994-97", "the late 1980s", "since 1996") into a
// span: the earliest and the latest day it can mean, with a precision, as
// UCDP's event data codes dates.
//
// These are the dataset's published conventions.
//
// Spans. Start and End are inclusive. A day is itself; a month runs from
// its 1st to its last day; a year from 1 January to 31 December; a decade
// ("the 1990s") from its first to its last year, and "early", "mid" and
// "late" narrow it to the years ending in 0–3, 4–6 and 7–9 ("late 1980s"
// is 1987-01-01..1989-12-31). "the 1900s" is the decade 1900–1909, not the
// century.
//
// Ranges. "X–Y", "X to Y", "from X to Y", "between X and Y" and "X and
// Y" run from the start of X to the end of Y; for "X and Y" that is the
// envelope of the two. A part written on one end only is shared: "2–3
// September", "February 26 and 27", "Between July and October 1993",
// "December 26-30, 2000". A year abbreviated to two digits after a full
// year takes the same century and must be later ("1994-97" is 1994–1997;
// "2020-09" is an error, not 2109). Both ends must be written to the same
// precision, and the range must not run backwards.
//
// Open spans. "since X" and "from X" (with no end) set Start to the first
// day of X and leave End zero; "until X" leaves Start zero and sets End to
// the last day of X. Their precision is "open".
//
// Edges of a period are not narrowed: "at the end of October" is the whole
// of October (the texts use "the end of" loosely), "midnight on 10
// November" is the day. A weekday ("Wednesday, 12 March 2003") is checked
// against the date.
//
// Missing years. When the text gives a day or month but no year ("18
// August", "Sept. 21", "June") the caller's defaultYear is used and
// YearGiven is false; with defaultYear 0 such text is an error. Relative
// dates ("last November", "the past decade") are errors: only the caller
// can resolve them.
//
// Writing. Years have four digits (1–9999; "0000" and "20100" are
// errors, so a footnote number glued to a year, "201950", is refused, never
// trimmed). Days may be ordinal ("10th"); months are full English names or
// the abbreviations Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec, with
// or without a full stop. Case does not matter; any run of spaces, NBSPs and
// line breaks separates words; a word hyphenated across a line end is
// joined; hyphen, en dash and em dash all mark a range. Numeric dates such
// as "3/12/2003" are refused: the texts disagree on day/month order. Leading
// "in", "on", "during" and "in the period" are allowed.
package when

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/armsdata/armsdata/schema"
)

// Precision says how exactly a span is known.
type Precision string

// The precisions, see Precisions.
const (
	Day    Precision = "day"
	Days   Precision = "days"
	Month  Precision = "month"
	Months Precision = "months"
	Year   Precision = "year"
	Period Precision = "period"
	Decade Precision = "decade"
	Open   Precision = "open"
)

// Precisions lists the precision vocabulary in a stable order; the schema
// (schema.Precisions) documents each for readers.
func Precisions() []Precision {
	return []Precision{Day, Days, Month, Months, Year, Period, Decade, Open}
}

// Of names the precision of a span given by its bounds rather than read
// from a text (a rule's start and end), by the days it covers, with the
// names Parse gives: one bound only is open; one day is a day, a run of
// days that are not whole months is days; one whole month is a month,
// whole months that are not whole years are months ("2018" to "2018-06"
// is January to June); one whole year is a year, several a period. A
// decade given by its bounds is a period: only a text says "decade".
func Of(start, end schema.Date) Precision {
	switch {
	case start.IsZero() || end.IsZero():
		return Open
	case start == end:
		return Day
	case start.Day != 1 || end.Day != schema.DaysIn(end.Year, end.Month):
		return Days
	case start.Year == end.Year && start.Month == end.Month:
		return Month
	case start.Month != time.January || end.Month != time.December:
		return Months
	case start.Year == end.Year:
		return Year
	}
	return Period
}

// Span is the earliest and latest day a date expression can mean.
type Span struct {
	Start, End schema.Date // inclusive; the zero Date is an open end
	Precision  Precision
	YearGiven  bool // false when the text had no year and defaultYear was used
}

// Parse reads text; defaultYear (0 = none) supplies the year when the text
// gives only day and month ("18 August", "Sept. 21"); without it such text
// is an error.
func Parse(text string, defaultYear int) (Span, error) {
	toks, err := tokenize(text)
	if err != nil {
		return Span{}, err
	}
	p := &parser{text: strings.TrimSpace(text), toks: toks, defaultYear: defaultYear}
	if len(toks) == 0 {
		return Span{}, p.fail("is empty")
	}
	sp, err := p.expr()
	if err != nil {
		return Span{}, err
	}
	sp.YearGiven = !p.usedDefault
	return sp, nil
}

// ---- tokens ----

type tokKind int

const (
	tWord tokKind = iota // lower-cased letters
	tNum                 // digits
	tDash                // hyphen, en dash or em dash
	tComma
	tDot
)

type token struct {
	kind    tokKind
	text    string
	decade  bool // "1990s", "1990's"
	ordinal bool // "10th"
}

// softHyphen matches a word broken across a line end ("No-\nvember").
var softHyphen = regexp.MustCompile(`(\pL)-[ \t\x{00A0}]*\r?\n\s*(\pL)`)

func tokenize(text string) ([]token, error) {
	trimmed := strings.TrimSpace(text)
	fail := func(format string, args ...any) error {
		return fmt.Errorf("date %q %s", trimmed, fmt.Sprintf(format, args...))
	}
	rs := []rune(softHyphen.ReplaceAllString(text, "$1$2"))
	var toks []token
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '-' || r == '–' || r == '—' || r == '‐' || r == '‑':
			toks = append(toks, token{kind: tDash})
			i++
		case r == ',':
			toks = append(toks, token{kind: tComma})
			i++
		case r == '.':
			toks = append(toks, token{kind: tDot})
			i++
		case r == '/':
			return nil, &contextError{fail("is a numeric date; write the month name (the texts disagree on day/month order)").Error()}
		case '0' <= r && r <= '9':
			j := i
			for j < len(rs) && '0' <= rs[j] && rs[j] <= '9' {
				j++
			}
			tok := token{kind: tNum, text: string(rs[i:j])}
			k := j
			if k+1 < len(rs) && strings.ContainsRune("'’‘ʼ", rs[k]) && (rs[k+1] == 's' || rs[k+1] == 'S') {
				k++ // "1990's"
			}
			l := k
			for l < len(rs) && unicode.IsLetter(rs[l]) {
				l++
			}
			switch suffix := strings.ToLower(string(rs[k:l])); {
			case suffix == "":
			case suffix == "s":
				tok.decade = true
			case k == j && suffix == ordinalSuffix(tok.text):
				tok.ordinal = true
			default:
				return nil, fail("has %q glued to a number", string(rs[j:l]))
			}
			toks = append(toks, tok)
			i = l
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && unicode.IsLetter(rs[j]) {
				j++
			}
			if j < len(rs) && '0' <= rs[j] && rs[j] <= '9' {
				// "October61": a footnote marker, or a missing space?
				k := j
				for k < len(rs) && '0' <= rs[k] && rs[k] <= '9' {
					k++
				}
				return nil, fail("has %q, a word with digits glued on (a footnote marker?); remove them", string(rs[i:k]))
			}
			toks = append(toks, token{kind: tWord, text: strings.ToLower(string(rs[i:j]))})
			i = j
		default:
			return nil, fail("has an unexpected %q", string(r))
		}
	}
	return toks, nil
}

// ordinalSuffix returns the English suffix of a day number: 1st, 2nd,
// 3rd, 11th.
func ordinalSuffix(digits string) string {
	n, _ := strconv.Atoi(digits)
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			return "st"
		case 2:
			return "nd"
		case 3:
			return "rd"
		}
	}
	return "th"
}

// ---- grammar ----

type parser struct {
	text        string
	toks        []token
	pos         int
	defaultYear int
	usedDefault bool
}

func (p *parser) fail(format string, args ...any) error {
	return fmt.Errorf("date %q %s", p.text, fmt.Sprintf(format, args...))
}

// contextError is a date the text cannot resolve on its own: it is
// relative, numeric or lacks its year, and the caller must supply what is
// missing from elsewhere.
type contextError struct{ msg string }

func (e *contextError) Error() string { return e.msg }

// NeedsContext reports whether err says that the text needs context (a
// year, the date it is relative to) rather than that it is malformed.
func NeedsContext(err error) bool {
	var c *contextError
	return errors.As(err, &c)
}

func (p *parser) needContext(format string, args ...any) error {
	return &contextError{p.fail(format, args...).Error()}
}

func (p *parser) peek() *token {
	if p.pos < len(p.toks) {
		return &p.toks[p.pos]
	}
	return nil
}

// accept consumes the given words if they come next.
func (p *parser) accept(words ...string) bool {
	if p.pos+len(words) > len(p.toks) {
		return false
	}
	for i, w := range words {
		if t := p.toks[p.pos+i]; t.kind != tWord || t.text != w {
			return false
		}
	}
	p.pos += len(words)
	return true
}

func (p *parser) acceptKind(k tokKind) bool {
	if t := p.peek(); t != nil && t.kind == k {
		p.pos++
		return true
	}
	return false
}

func (p *parser) describe() string {
	t := p.peek()
	switch {
	case t == nil:
		return "the end"
	case t.kind == tDash:
		return "a dash"
	case t.kind == tComma:
		return `","`
	case t.kind == tDot:
		return `"."`
	}
	return strconv.Quote(t.text)
}

func (p *parser) end() error {
	if p.pos < len(p.toks) {
		return p.fail("has unexpected %s after the date", p.describe())
	}
	return nil
}

func (p *parser) expr() (Span, error) {
	if !p.accept("in", "the", "period") && !p.accept("in") && !p.accept("on") {
		p.accept("during")
	}
	switch {
	case p.accept("since"):
		return p.open(true)
	case p.accept("until"), p.accept("till"):
		return p.open(false)
	case p.accept("between"):
		a, err := p.point()
		if err != nil {
			return Span{}, err
		}
		if !p.accept("and") {
			return Span{}, p.fail(`has %s where "and" should be`, p.describe())
		}
		return p.rangeTo(a)
	case p.accept("from"):
		a, err := p.point()
		if err != nil {
			return Span{}, err
		}
		if p.accept("to") || p.accept("until") || p.acceptKind(tDash) {
			return p.rangeTo(a)
		}
		// "from midnight on 10 November" with no end: open, like "since".
		return p.openAt(a, true)
	}
	a, err := p.point()
	if err != nil {
		return Span{}, err
	}
	if p.accept("to") || p.accept("and") || p.acceptKind(tDash) {
		return p.rangeTo(a)
	}
	if err := p.end(); err != nil {
		return Span{}, err
	}
	start, end, err := p.dates(a)
	if err != nil {
		return Span{}, err
	}
	return Span{Start: start, End: end, Precision: a.level()}, nil
}

func (p *parser) open(since bool) (Span, error) {
	a, err := p.point()
	if err != nil {
		return Span{}, err
	}
	return p.openAt(a, since)
}

func (p *parser) openAt(a point, since bool) (Span, error) {
	if err := p.end(); err != nil {
		return Span{}, err
	}
	start, end, err := p.dates(a)
	if err != nil {
		return Span{}, err
	}
	if since {
		return Span{Start: start, Precision: Open}, nil
	}
	return Span{End: end, Precision: Open}, nil
}

// point is one end of a date expression as written; zero fields were not
// written.
type point struct {
	y1, y2   int // years; y2 > y1 only for decades
	m, d     int
	decade   bool
	bare     string // a lone number: a day, or a two-digit year after a year ("1994-97")
	ordinal  bool   // the lone number was written "10th"
	weekday  string
	midnight bool
}

func (pt point) level() Precision {
	switch {
	case pt.d > 0:
		return Day
	case pt.m > 0:
		return Month
	case pt.decade:
		return Decade
	}
	return Year
}

type monthName struct {
	m      time.Month
	abbrev bool
}

var months = map[string]monthName{
	"january": {1, false}, "february": {2, false}, "march": {3, false}, "april": {4, false},
	"may": {5, false}, "june": {6, false}, "july": {7, false}, "august": {8, false},
	"september": {9, false}, "october": {10, false}, "november": {11, false}, "december": {12, false},
	"jan": {1, true}, "feb": {2, true}, "mar": {3, true}, "apr": {4, true}, "jun": {6, true},
	"jul": {7, true}, "aug": {8, true}, "sep": {9, true}, "sept": {9, true}, "oct": {10, true},
	"nov": {11, true}, "dec": {12, true},
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

// decadeParts are the years of a decade that "early", "mid" and "late" mean.
var decadeParts = map[string][2]int{"": {0, 9}, "early": {0, 3}, "mid": {4, 6}, "late": {7, 9}}

var relative = map[string]bool{"last": true, "next": true, "past": true, "this": true, "recent": true, "ago": true}

// month consumes a month name (and the full stop of an abbreviation).
func (p *parser) month() (time.Month, bool) {
	t := p.peek()
	if t == nil || t.kind != tWord {
		return 0, false
	}
	mn, ok := months[t.text]
	if !ok {
		return 0, false
	}
	p.pos++
	if mn.abbrev {
		p.acceptKind(tDot)
	}
	return mn.m, true
}

// isYear reports whether t is written as a year; five digits or more
// count, so that "20100" is refused as a year rather than as junk.
func isYear(t *token) bool {
	return t != nil && t.kind == tNum && !t.ordinal && !t.decade && len(t.text) >= 4
}

func (p *parser) yearNum(text string) (int, error) {
	y, err := strconv.Atoi(text)
	if len(text) > 4 || err != nil || y == 0 {
		return 0, p.fail("has year %s, out of range 1..9999 (a footnote number glued to it?)", text)
	}
	return y, nil
}

// year consumes an optional year, with the comma of "November 21, 2016".
func (p *parser) year(pt *point) error {
	if t := p.peek(); t != nil && t.kind == tComma && p.pos+1 < len(p.toks) && isYear(&p.toks[p.pos+1]) {
		p.pos++
	}
	t := p.peek()
	if !isYear(t) {
		return nil
	}
	y, err := p.yearNum(t.text)
	if err != nil {
		return err
	}
	pt.y1, pt.y2 = y, y
	p.pos++
	return nil
}

func (p *parser) dayNum(text string, m time.Month) (int, error) {
	d, _ := strconv.Atoi(text)
	if d < 1 || m > 0 && d > schema.DaysIn(2000, m) || d > 31 {
		if m > 0 {
			return 0, p.fail("has no such day: %s has no day %s", m, text)
		}
		return 0, p.fail("has no such day: %s", text)
	}
	return d, nil
}

func (p *parser) point() (point, error) {
	var pt point
	// "at the end of October" is the whole month: the texts use it loosely.
	_ = p.accept("at", "the", "end", "of") || p.accept("the", "end", "of") || p.accept("end", "of")
	if p.accept("at", "midnight") || p.accept("midnight") {
		pt.midnight = true
		_ = p.accept("on") || p.accept("of")
	}
	if t := p.peek(); t != nil && t.kind == tWord {
		if _, ok := weekdays[t.text]; ok {
			pt.weekday = t.text
			p.pos++
			p.acceptKind(tComma)
		}
	}
	p.accept("the")
	sub := ""
	for _, s := range []string{"early", "mid", "late"} {
		if p.accept(s) {
			sub = s
			p.acceptKind(tDash) // "mid-1990s"
			break
		}
	}
	t := p.peek()
	switch {
	case t == nil:
		return pt, p.fail("has %s where a date should be", p.describe())
	case t.kind == tNum && t.decade:
		y, err := p.yearNum(t.text)
		if err != nil {
			return pt, err
		}
		if len(t.text) != 4 || y%10 != 0 {
			return pt, p.fail("has %ss, which is not a decade", t.text)
		}
		part := decadeParts[sub]
		pt.y1, pt.y2, pt.decade = y+part[0], y+part[1], true
		p.pos++
		return pt, nil
	case sub != "":
		return pt, p.fail("uses %q, which the dataset applies only to decades", sub)
	case isYear(t):
		return pt, p.year(&pt)
	case t.kind == tNum && len(t.text) <= 2:
		p.pos++
		if p.pos+1 < len(p.toks) && p.toks[p.pos].text == "of" && months[p.toks[p.pos+1].text].m > 0 {
			p.pos++ // "10th of November"
		}
		if m, ok := p.month(); ok {
			d, err := p.dayNum(t.text, m)
			if err != nil {
				return pt, err
			}
			pt.m, pt.d = int(m), d
			return pt, p.year(&pt)
		}
		if next := p.peek(); next != nil && next.kind == tComma && p.pos+1 < len(p.toks) && isYear(&p.toks[p.pos+1]) {
			// "30, 2000", the end of "December 26-30, 2000".
			d, err := p.dayNum(t.text, 0)
			if err != nil {
				return pt, err
			}
			pt.d = d
			return pt, p.year(&pt)
		}
		pt.bare, pt.ordinal = t.text, t.ordinal
		return pt, nil
	case t.kind == tNum:
		return pt, p.fail("has %s, which is neither a four-digit year nor a day", t.text)
	case t.kind == tWord && months[t.text].m > 0:
		m, _ := p.month()
		pt.m = int(m)
		if n := p.peek(); n != nil && n.kind == tNum && !n.decade && len(n.text) <= 2 {
			d, err := p.dayNum(n.text, m)
			if err != nil {
				return pt, err
			}
			pt.d = d
			p.pos++
		}
		return pt, p.year(&pt)
	case t.kind == tWord && relative[t.text]:
		return pt, p.needContext("is relative (%q); resolve it against the text's own date", t.text)
	case t.kind == tWord:
		return pt, p.fail("has %q, which is not a month or a date word (misspelt?)", t.text)
	}
	return pt, p.fail("has %s where a date should be", p.describe())
}

// rangeTo reads the second end of a range and joins the two.
func (p *parser) rangeTo(a point) (Span, error) {
	b, err := p.point()
	if err != nil {
		return Span{}, err
	}
	if err := p.end(); err != nil {
		return Span{}, err
	}
	// A lone number after a year abbreviates a year ("1994-97"); next to
	// a day it is a day ("2–3 September", "February 26 and 27").
	if b.bare != "" && !b.ordinal && a.level() == Year && a.y1 > 0 {
		n, _ := strconv.Atoi(b.bare)
		y := a.y1/100*100 + n
		if len(b.bare) != 2 || y <= a.y1 {
			return Span{}, p.fail("abbreviates its end year to %s, which does not follow %d in the same century", b.bare, a.y1)
		}
		b.y1, b.y2, b.bare = y, y, ""
	}
	if a.bare != "" && b.d > 0 {
		if a.d, err = p.dayNum(a.bare, time.Month(b.m)); err != nil {
			return Span{}, err
		}
		a.bare = ""
	}
	if b.bare != "" && a.d > 0 {
		if b.d, err = p.dayNum(b.bare, time.Month(a.m)); err != nil {
			return Span{}, err
		}
		b.bare = ""
	}
	if a.d > 0 && a.m == 0 {
		a.m = b.m
	}
	if b.d > 0 && b.m == 0 {
		b.m = a.m
	}
	if a.y1 == 0 && a.level() != Year {
		a.y1, a.y2 = b.y1, b.y1
	}
	if b.y1 == 0 && b.level() != Year {
		b.y1, b.y2 = a.y2, a.y2
	}
	la, lb := a.level(), b.level()
	if la == Decade {
		la = Year
	}
	if lb == Decade {
		lb = Year
	}
	if la != lb && a.bare == "" && b.bare == "" {
		return Span{}, p.fail("has ends written to different precisions (%s, %s)", a.level(), b.level())
	}
	start, _, err := p.dates(a)
	if err != nil {
		return Span{}, err
	}
	_, end, err := p.dates(b)
	if err != nil {
		return Span{}, err
	}
	if end.Before(start) {
		return Span{}, p.fail("ends (%s) before it starts (%s)", end, start)
	}
	a.weekday, b.weekday, a.midnight, b.midnight = "", "", false, false
	if a == b {
		return Span{Start: start, End: end, Precision: a.level()}, nil
	}
	prec := map[Precision]Precision{Day: Days, Month: Months, Year: Period}[la]
	return Span{Start: start, End: end, Precision: prec}, nil
}

// dates returns the first and last day of a complete point, taking the
// year from defaultYear when the text gives none.
func (p *parser) dates(pt point) (start, end schema.Date, err error) {
	switch {
	case pt.bare != "":
		return start, end, p.fail("gives a day (%s) but no month", pt.bare)
	case pt.d > 0 && pt.m == 0:
		return start, end, p.fail("gives a day but no month")
	case pt.y1 == 0 && pt.m == 0:
		return start, end, p.fail("gives no date")
	case pt.midnight && pt.level() != Day:
		return start, end, p.fail("puts midnight on something other than a day")
	case pt.weekday != "" && pt.level() != Day:
		return start, end, p.fail("puts a weekday on something other than a day")
	}
	if pt.y1 == 0 {
		if p.defaultYear == 0 {
			return start, end, p.needContext("gives no year; the year must be supplied (defaultYear)")
		}
		pt.y1, pt.y2 = p.defaultYear, p.defaultYear
		p.usedDefault = true
	}
	m1, m2, d1 := time.Month(pt.m), time.Month(pt.m), pt.d
	if pt.m == 0 {
		m1, m2, d1 = time.January, time.December, 1
	} else if pt.d == 0 {
		d1 = 1
	}
	if start, err = schema.NewDate(pt.y1, m1, d1); err != nil {
		return start, end, p.fail("is impossible: %v", err)
	}
	d2 := pt.d
	if d2 == 0 {
		d2 = schema.DaysIn(pt.y2, m2)
	}
	if end, err = schema.NewDate(pt.y2, m2, d2); err != nil {
		return start, end, p.fail("is impossible: %v", err)
	}
	if w, ok := weekdays[pt.weekday]; ok && start.Time().Weekday() != w {
		return start, end, p.fail("says %s but %s is a %s", pt.weekday, start, start.Time().Weekday())
	}
	return start, end, nil
}
