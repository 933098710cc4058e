package schema

import (
	"fmt"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/unicode/runenames"
)

// Limits of a value of the release, set by the formats it is written in.
// The loader and the release check refuse what goes beyond them, at the
// input's position, so that no writer has to refuse it later.
const (
	// MaxCellChars is the longest text one cell may hold, counted as Excel
	// counts, in UTF-16 code units (CellChars): Excel's limit per cell,
	// which the workbook writer would otherwise truncate silently.
	MaxCellChars = 32767
	// MaxExactInt is the largest integer a spreadsheet number (a double)
	// holds exactly.
	MaxExactInt = 1 << 53
)

// CellChars counts the characters of s as Excel does, in UTF-16 code units.
func CellChars(s string) int {
	n := 0
	for _, c := range s {
		n += utf16.RuneLen(c)
	}
	return n
}

// StorableChar reports whether c may appear in an XML 1.0 document, and so
// in a workbook.
func StorableChar(c rune) bool {
	return c == '\t' || c == '\n' || c == '\r' ||
		c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF
}

// refusedChar reports whether a text of the inputs may not hold c: what a
// workbook cannot store, and every other control character but tab and
// line feed (carriage return, DEL, the C1 controls), which no reader sees
// and the texts do not hold.
func refusedChar(c rune) bool {
	return c != '\t' && c != '\n' && (unicode.IsControl(c) || !StorableChar(c))
}

// firstRefusedChar returns the index in characters of the first character
// of s that a text may not hold, and the character; -1 when there is none.
func firstRefusedChar(s string) (int, rune) {
	i := 0
	for _, c := range s {
		if refusedChar(c) {
			return i, c
		}
		i++
	}
	return -1, 0
}

// TextProblem says why s cannot be a text of the release: it is not UTF-8,
// holds a character a text may not hold (at is its index in characters),
// or is longer than a cell holds (at is -1). It returns "" when s is fine.
func TextProblem(s string) (problem string, at int) {
	if !utf8.ValidString(s) {
		return "text is not valid UTF-8", -1
	}
	if i, c := firstRefusedChar(s); i >= 0 {
		return fmt.Sprintf("text holds %s (character %d), which a text of the release may not hold", CharName(c), i+1), i
	}
	if n := CellChars(s); n > MaxCellChars {
		return fmt.Sprintf("text of %d characters is longer than a cell of the release holds (%d, Excel's limit per cell)", n, MaxCellChars), -1
	}
	return "", -1
}

// CharName names a character for messages: its code point and Unicode
// name ("U+0430 CYRILLIC SMALL LETTER A"), or what it is when it has no
// name ("U+001B, a control character").
func CharName(c rune) string {
	switch name := runenames.Name(c); {
	case unicode.IsControl(c):
		return fmt.Sprintf("%U, a control character", c)
	case name == "":
		return fmt.Sprintf("%U, not a character of text", c)
	default:
		return fmt.Sprintf("%U %s", c, name)
	}
}
