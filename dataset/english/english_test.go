package english

import "testing"

func TestPluralAndCount(t *testing.T) {
	for _, c := range []struct {
		n            int
		plural, text string
	}{
		{0, "rows", "0 rows"},
		{1, "row", "1 row"},
		{2, "rows", "2 rows"},
		{-1, "rows", "-1 rows"},
	} {
		if got := Plural(c.n, "row"); got != c.plural {
			t.Errorf("Plural(%d) = %q, want %q", c.n, got, c.plural)
		}
		if got := Count(c.n, "row"); got != c.text {
			t.Errorf("Count(%d) = %q, want %q", c.n, got, c.text)
		}
	}
}

func TestList(t *testing.T) {
	for _, c := range []struct {
		words []string
		want  string
	}{
		{nil, ""},
		{[]string{"a"}, "a"},
		{[]string{"a", "b"}, "a and b"},
		{[]string{"a", "b", "c"}, "a, b and c"},
	} {
		if got := List(c.words); got != c.want {
			t.Errorf("List(%q) = %q, want %q", c.words, got, c.want)
		}
	}
}
