package figure

import "testing"

func BenchmarkParse(b *testing.B) {
	inputs := []string{"around $1.4 billion", "More than 3,500", "as many as 20,000", "some \\$22.7 billion", "270km", "more than three times", "in the hundreds"}
	b.ReportAllocs()
	for b.Loop() {
		for _, in := range inputs {
			if _, err := Parse(in); err != nil {
				b.Fatal(err)
			}
		}
	}
}
