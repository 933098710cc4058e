// Package english writes the few English forms the tool's messages need,
// in one place, so every message counts things the same way.
package english

import (
	"strconv"
	"strings"
)

// Plural returns noun, or noun with an "s" unless n is 1: Plural(2,
// "row") is "rows". The nouns the tool counts all take a plain "s".
func Plural(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}

// Count returns n and its noun: Count(1, "row") is "1 row", Count(3,
// "row") "3 rows".
func Count(n int, noun string) string {
	return strconv.Itoa(n) + " " + Plural(n, noun)
}

// List joins words for a sentence: "a", "a and b", "a, b and c"; "" for
// none.
func List(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
