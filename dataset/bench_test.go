package dataset

import "testing"

// BenchmarkBuild measures a whole build of the repository's seeds in memory:
// loading and checking the YAML and texts, matching every quote, coverage,
// links, claims and the release checks.
func BenchmarkBuild(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, ds := Build("../"); ds.Len() > 0 {
			b.Fatal(ds.Err())
		}
	}
}
