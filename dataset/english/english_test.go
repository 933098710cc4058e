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
