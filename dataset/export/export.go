// Package export writes a release in the formats readers open: CSV for
// everyone, XLSX for spreadsheets, Parquet for analysts. One file per format,
// all driven by the table schemas, so a new column needs no exporter change.
package export

import "github.com/armsdata/armsdata/dataset"

// Exporter writes a release into a directory.
type Exporter interface {
	// Name is the format's short name: "csv", "xlsx", "parquet".
	Name() string
	// Export writes the format's files under dir, which exists. The same
	// release must always produce the same bytes.
	Export(dir string, r *dataset.Release) error
}
