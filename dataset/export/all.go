package export

// Options are the choices of a build that change what the release holds.
type Options struct {
	// Partition writes the partitioned Parquet copy whatever the size of
	// the release (see PartitionedParquet).
	Partition bool
}

// All returns the exporters of a release with the default Options, in the
// order they run.
func All() []Exporter { return AllWith(Options{}) }

// AllWith returns the exporters of a release built with o, in the order
// they run: every file writer, then the data package, which describes
// their files, then the checksums, which list every file.
func AllWith(o Options) []Exporter {
	partitioned := PartitionedParquet{Force: o.Partition}
	return []Exporter{CSV{}, Parquet{}, partitioned, XLSX{}, SQLite{}, Dictionary{}, Site{}, DataPackage{Partitioned: partitioned}, SHA256Sums{}}
}
