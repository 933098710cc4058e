// Package scan finds, without any rule's help, every figure a text
// contains, so that coverage can prove each one is either claimed by a rule
// or waived with a reason. It errs on the side of finding too much: a
// mention that is no figure costs a waiver, a figure missed could cost a
// row nobody noticed was missing.
//
// A mention is a maximal run of:
//   - digits, with thousands commas and a decimal point ("67,000", "1.4",
//     "2009"), and a range of them joined by a hyphen or dash ("1994-97",
//     "2–3");
//   - a number word ("two", "twelve", "dozens", "hundreds", "thousands",
//     "million") — except a bare "one", which these texts use as a pronoun
//     far more often than as a number ("one million" is still found);
//   - digits glued to a unit ("270km") or an ordinal suffix ("102nd").
//
// Kinds tell curators what they are looking at: "number", "year" (four
// digits from 1000 to 2099), "range", "word", "ordinal", and "glued" for
// digits glued to the end of a word ("troops57"), which in these texts are
// footnote markers. Digits that belong to a designation ("S-300",
// "MiG-29", "Kavkaz-2020": letters, a hyphen, digits) are not figures and
// are not reported.
package scan

import (
	"strings"
	"unicode"
)

// Mention is one figure found in a text: [Start, End) in code points.
type Mention struct {
	Start, End int
	Text       string
	Kind       string
}

// Kinds names the kinds of mention, in the order the schema documents them
// (schema.MentionKinds holds their descriptions).
var Kinds = []string{"number", "year", "range", "word", "ordinal", "unit", "glued"}

var numberWords = map[string]bool{
	"two": true, "three": true, "four": true, "five": true, "six": true, "seven": true,
	"eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true, "thirteen": true,
	"fourteen": true, "fifteen": true, "sixteen": true, "seventeen": true, "eighteen": true,
	"nineteen": true, "twenty": true, "thirty": true, "forty": true, "fifty": true, "sixty": true,
	"seventy": true, "eighty": true, "ninety": true, "hundred": true, "thousand": true,
	"million": true, "billion": true, "trillion": true, "dozen": true, "dozens": true,
	"hundreds": true, "thousands": true, "millions": true, "billions": true, "twice": true,
	"half": true, "double": true, "doubled": true, "triple": true, "tripled": true,
}

var ordinalSuffixes = []string{"st", "nd", "rd", "th"}

// Find returns every mention in text, in order.
func Find(text string) []Mention {
	rs := []rune(text)
	var out []Mention
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case isDigit(r):
			m, next := digits(rs, i)
			if m.Kind != "" {
				out = append(out, m)
			}
			i = next
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && unicode.IsLetter(rs[j]) {
				j++
			}
			word := strings.ToLower(string(rs[i:j]))
			if numberWords[word] || (word == "one" && nextWordIsScale(rs, j)) {
				out = append(out, Mention{Start: i, End: j, Text: string(rs[i:j]), Kind: "word"})
			}
			// digits glued to this word are footnote markers or a designation
			i = j
			if j < len(rs) && isDigit(rs[j]) {
				k := j
				for k < len(rs) && isDigit(rs[k]) {
					k++
				}
				if !(k < len(rs) && unicode.IsLetter(rs[k])) { // "Su25x" is a code, not a figure
					out = append(out, Mention{Start: j, End: k, Text: string(rs[j:k]), Kind: "glued"})
				}
				i = k
			}
		default:
			i++
		}
	}
	return out
}

// digits reads a number starting at i and classifies it; an empty Kind
// means it is part of a designation.
func digits(rs []rune, i int) (Mention, int) {
	j := number(rs, i)
	kind := "number"
	// a range: 1994-97, 2–3
	if j+1 < len(rs) && isDash(rs[j]) && isDigit(rs[j+1]) {
		j = number(rs, j+1)
		kind = "range"
	} else if isYear(rs[i:j]) {
		kind = "year"
	}
	// glued letters: a unit (270km), an ordinal (102nd), or a code
	k := j
	for k < len(rs) && unicode.IsLetter(rs[k]) {
		k++
	}
	if k > j {
		suffix := strings.ToLower(string(rs[j:k]))
		switch {
		case isOrdinal(suffix):
			kind = "ordinal"
		case suffix == "km" || suffix == "m" || suffix == "mi" || suffix == "bn":
			kind = "unit"
		}
		j = k
	}
	m := Mention{Start: i, End: j, Text: string(rs[i:j]), Kind: kind}
	if designation(rs, i) {
		m.Kind = ""
	}
	return m, j
}

// number reads digits with thousands commas and one decimal point.
func number(rs []rune, i int) int {
	j := i
	for j < len(rs) {
		switch {
		case isDigit(rs[j]):
			j++
		case (rs[j] == ',' || rs[j] == '.') && j+1 < len(rs) && isDigit(rs[j+1]) && j > i:
			j++
		default:
			return j
		}
	}
	return j
}

// designation reports whether the digits at i follow "letters-" as in
// S-300 or MiG-29.
func designation(rs []rune, i int) bool {
	return i >= 2 && isDash(rs[i-1]) && unicode.IsLetter(rs[i-2])
}

func nextWordIsScale(rs []rune, j int) bool {
	k := j
	for k < len(rs) && unicode.IsSpace(rs[k]) {
		k++
	}
	e := k
	for e < len(rs) && unicode.IsLetter(rs[e]) {
		e++
	}
	switch strings.ToLower(string(rs[k:e])) {
	case "hundred", "thousand", "million", "billion":
		return true
	}
	return false
}

func isYear(rs []rune) bool {
	if len(rs) != 4 {
		return false
	}
	return (rs[0] == '1' || (rs[0] == '2' && rs[1] == '0'))
}

func isOrdinal(s string) bool {
	for _, o := range ordinalSuffixes {
		if s == o {
			return true
		}
	}
	return false
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

func isDash(r rune) bool { return r == '-' || r == '–' || r == '—' }
