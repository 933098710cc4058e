// Package english writes the few English forms the tool's messages need,
// in one place, so every message counts things the same way.
package english

import "strconv"

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
