package export

import (
	"testing"

	"github.com/armsdata/armsdata/dataset"
)

// The exporters on the repository's real release, one format each.
func BenchmarkExport(b *testing.B) {
	rel, ds := dataset.Build("../../")
	if ds.Len() > 0 {
		b.Fatal(ds.Err())
	}
	for _, e := range []Exporter{CSV{}, Parquet{}, XLSX{}} {
		b.Run(e.Name(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := e.Export(b.TempDir(), rel); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
