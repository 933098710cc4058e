package export

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/apache/arrow/go/v15/arrow"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// PartitionedParquet writes, for readers whose tools split the work over
// files (Spark, DuckDB, Trino, polars), a second copy of every table whose
// rows come from a source, hive-partitioned by the year of the source:
//
//	parquet-partitioned/<table>/source_year=<year>/part-0.parquet
//
// DuckDB reads a table with read_parquet('…/<table>/**/*.parquet',
// hive_partitioning = true), Spark with spark.read.parquet('…/<table>'),
// each as one table with a column source_year added from the directory
// names.
//
// When: only for a large release, since a small one gains nothing from it
// and its readers would meet the same rows twice: when a table it covers
// has at least PartitionMinRows rows, or when Force is set (armsdata build
// -partition). Then every covered table is written, and the per-table
// files of the Parquet exporter stay as they are (the copy is written
// alongside them, never instead).
//
// Decisions:
//
//   - The tables are those with a column source_id referring to the
//     sources table: the curated tables and coverage. sources, actors and
//     links are not copied (tables to join with, one row per source or
//     actor; a link has two sources); read them from parquet/.
//   - The partition is the year of the source's earliest possible
//     publication day (sources.published_earliest), not the source itself:
//     a corpus of 100,000 texts would give 100,000 directories per table of
//     a few rows each, which every engine reads slowly (and the build would
//     write a million files), while years stay a few dozen whatever the
//     corpus. Every row has a source and every source that day, so no row
//     is in a null partition.
//   - source_year is not stored in the files: it is derived, not a column
//     of the table, so each file has exactly the columns, types, order and
//     metadata of parquet/<table>.parquet (source_id included), and is a
//     valid part of that table on its own; readers add source_year, a whole
//     number (DuckDB BIGINT, Spark int), from the path, as the last column.
//     (Stored as well, it would be a second copy of the value that could
//     disagree with the path; DuckDB 1.5 and Spark 3.5, tried by hand, then
//     show the column once, but not every reader merges them.)
//     The file's key-value metadata adds "armsdata.partition" (for example
//     "source_year=2010"), for a reader who opens one file alone.
//   - One file per partition, part-0.parquet, written as the Parquet
//     exporter writes a table; rows in the release's order (by id),
//     partitions in the order of their years.
//   - A table without rows has no year to be filed under: it is written as
//     <table>/part-0.parquet, with the columns and no rows, so that readers
//     still find the table (a directory without files is an error in
//     Spark and DuckDB); source_year is then absent.
type PartitionedParquet struct {
	// Force writes the copy whatever the size of the release.
	Force bool
}

var _ Exporter = PartitionedParquet{}

// PartitionMinRows is the number of rows of one table from which a
// release carries the partitioned copy without being told to. Below it
// any engine reads a table's one Parquet file whole on one machine in
// seconds, and the copy would only double the files; the corpus this tool
// is sized for (a million rules) reaches it.
const PartitionMinRows = 1_000_000

// partitionedDir is the directory of the copy in the release.
const partitionedDir = "parquet-partitioned"

// partitionColumn is the hive partition key, the name readers see.
const partitionColumn = "source_year"

// partitionSource is the column of a covered table that names its source.
const partitionSource = "source_id"

// Name returns "parquet-partitioned".
func (PartitionedParquet) Name() string { return partitionedDir }

// partFile is one file of the copy.
type partFile struct {
	path  string // relative to the release directory, with forward slashes
	value string // the partition value, "" for the file of an empty table
	rows  []schema.Row
}

// partTable is one table of the copy and its files, in order.
type partTable struct {
	table *dataset.Table
	files []partFile
}

// partitionedTables returns the tables of r the copy covers, in the
// release's order.
func partitionedTables(r *dataset.Release) []*dataset.Table {
	var out []*dataset.Table
	for _, t := range r.Tables {
		if c := t.Schema.Column(partitionSource); c >= 0 && t.Schema.Columns()[c].Ref == schema.Sources.Name+"."+partitionSource {
			out = append(out, t)
		}
	}
	return out
}

// wanted reports whether r gets the copy.
func (p PartitionedParquet) wanted(r *dataset.Release) bool {
	if p.Force {
		return true
	}
	for _, t := range partitionedTables(r) {
		if len(t.Rows) >= PartitionMinRows {
			return true
		}
	}
	return false
}

// layout returns the files of the copy, or none when r does not get it.
func (p PartitionedParquet) layout(r *dataset.Release) ([]partTable, error) {
	if err := validateExportTables(r); err != nil {
		return nil, err
	}
	if !p.wanted(r) {
		return nil, nil
	}
	tables := partitionedTables(r)
	out := make([]partTable, 0, len(tables))
	var years map[string]int // read when a table has rows to file
	for _, t := range tables {
		name := t.Schema.Name
		if len(t.Rows) == 0 {
			out = append(out, partTable{table: t, files: []partFile{{path: partitionedDir + "/" + name + "/part-0.parquet"}}})
			continue
		}
		if years == nil {
			var err error
			if years, err = sourceYears(r); err != nil {
				return nil, err
			}
		}
		c := t.Schema.Column(partitionSource)
		byYear := map[int][]schema.Row{}
		for i, row := range t.Rows {
			if c >= len(row) {
				return nil, fmt.Errorf("table %s: row %d has %d values for %d columns", name, i+1, len(row), len(t.Schema.Columns()))
			}
			v := row[c]
			if v.IsNull() || v.Type() != schema.TypeString {
				return nil, fmt.Errorf("table %s: row %d (%s) has no %s to partition by", name, i+1, row[0].Text(), partitionSource)
			}
			y, ok := years[v.String()]
			if !ok {
				return nil, fmt.Errorf("table %s: row %d (%s): source %q is not in the sources table", name, i+1, row[0].Text(), v.String())
			}
			byYear[y] = append(byYear[y], row)
		}
		pt := partTable{table: t}
		for _, y := range slices.Sorted(maps.Keys(byYear)) {
			value := strconv.Itoa(y)
			pt.files = append(pt.files, partFile{
				path:  partitionedDir + "/" + name + "/" + partitionColumn + "=" + value + "/part-0.parquet",
				value: value,
				rows:  byYear[y],
			})
		}
		out = append(out, pt)
	}
	return out, nil
}

// sourceYears maps each source id to the year of its earliest possible
// publication day.
func sourceYears(r *dataset.Release) (map[string]int, error) {
	s := r.Table(schema.Sources.Name)
	if s == nil {
		return nil, fmt.Errorf("the release has no %s table, whose publication years partition the copy", schema.Sources.Name)
	}
	id, day := s.Schema.Column(partitionSource), s.Schema.Column("published_earliest")
	if id < 0 || day < 0 {
		return nil, fmt.Errorf("the %s table has no %s or published_earliest column", schema.Sources.Name, partitionSource)
	}
	years := make(map[string]int, len(s.Rows))
	for i, row := range s.Rows {
		if id >= len(row) || day >= len(row) {
			return nil, fmt.Errorf("table %s: row %d is short", schema.Sources.Name, i+1)
		}
		v, d := row[id], row[day]
		if v.IsNull() || v.Type() != schema.TypeString || d.IsNull() || d.Type() != schema.TypeDate {
			return nil, fmt.Errorf("table %s: row %d (%s) has no source id or no published_earliest day", schema.Sources.Name, i+1, row[0].Text())
		}
		years[v.String()] = d.Date().Year
	}
	return years, nil
}

// Export writes the copy under dir/parquet-partitioned, when r gets one.
func (p PartitionedParquet) Export(dir string, r *dataset.Release) error {
	return p.exportRows(dir, r, uncounted)
}

func (p PartitionedParquet) rowsToWrite(r *dataset.Release) int {
	if validateExportTables(r) != nil || !p.wanted(r) {
		return 0
	}
	n := 0
	for _, t := range partitionedTables(r) {
		n += len(t.Rows)
	}
	return n
}

func (p PartitionedParquet) exportRows(dir string, r *dataset.Release, wrote func(n int)) error {
	if err := validateExportTables(r); err != nil || !p.wanted(r) {
		return err
	}
	for _, t := range partitionedTables(r) {
		if err := validateExportRows(t); err != nil {
			return fmt.Errorf("table %s: %w", t.Schema.Name, err)
		}
	}
	tables, err := p.layout(r)
	if err != nil {
		return err
	}
	if err := makeFormatDir(filepath.Join(dir, partitionedDir)); err != nil {
		return err
	}
	for _, pt := range tables {
		if err := makeFormatDir(filepath.Join(dir, partitionedDir, pt.table.Schema.Name)); err != nil {
			return err
		}
		for _, f := range pt.files {
			path := filepath.Join(dir, filepath.FromSlash(f.path))
			if f.value != "" {
				if err := makeFormatDir(filepath.Dir(path)); err != nil {
					return err
				}
			}
			b, err := encodePartition(pt.table.Schema, f, r.Meta, wrote)
			if err != nil {
				return fmt.Errorf("table %s, %s: %w", pt.table.Schema.Name, f.path, err)
			}
			if err := os.WriteFile(path, b, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// encodePartition renders one file: the rows of one partition with the
// columns and metadata of the table's own Parquet file, and the partition
// in the key-value metadata.
func encodePartition(t *schema.Table, f partFile, meta dataset.Meta, wrote func(n int)) ([]byte, error) {
	sc, err := parquetSchema(t, meta)
	if err != nil {
		return nil, err
	}
	if f.value != "" {
		md := sc.Metadata()
		keys := append(slices.Clone(md.Keys()), "armsdata.partition")
		values := append(slices.Clone(md.Values()), partitionColumn+"="+f.value)
		kv := arrow.NewMetadata(keys, values)
		sc = arrow.NewSchema(sc.Fields(), &kv)
	}
	var buf bytes.Buffer
	if err := writeParquet(&buf, &dataset.Table{Schema: t, Rows: f.rows}, sc, wrote); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Verify checks that dir/parquet-partitioned holds exactly the files of
// the copy, each a whole Parquet file, or is absent when r gets no copy:
// a file left over or added there would be read by Spark and DuckDB as
// rows of the table.
func (p PartitionedParquet) Verify(dir string, r *dataset.Release) error {
	tables, err := p.layout(r)
	if err != nil {
		return err
	}
	root := filepath.Join(dir, partitionedDir)
	if tables == nil {
		if _, err := os.Lstat(root); !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s/ is there, but this release gets no partitioned copy (no table has %d rows, and -partition was not given)", partitionedDir, PartitionMinRows)
		}
		return nil
	}
	want := map[string]bool{}
	for _, pt := range tables {
		for _, f := range pt.files {
			want[f.path] = true
		}
	}
	var extra []string
	if _, err := os.Lstat(root); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("missing: %s/ (%d files)", partitionedDir, len(want))
	}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			return nil
		}
		if !want[rel] {
			extra = append(extra, rel)
			return nil
		}
		delete(want, rel)
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file", rel)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !parquetWhole(b) {
			return fmt.Errorf("%s is truncated or not a Parquet file", rel)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(want) > 0 {
		return fmt.Errorf("missing: %s", someOf(slices.Sorted(maps.Keys(want))))
	}
	if len(extra) > 0 {
		return fmt.Errorf("files that are not part of the copy (readers would take them for rows): %s", someOf(extra))
	}
	return nil
}
