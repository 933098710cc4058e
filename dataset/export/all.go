package export

// All returns the exporters of a release, in the order they run.
func All() []Exporter {
	return []Exporter{CSV{}, Parquet{}, XLSX{}, Dictionary{}, DataPackage{}, SHA256Sums{}}
}
