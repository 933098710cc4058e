package export

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet"
	"github.com/apache/arrow/go/v15/parquet/compress"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// Parquet writes dir/parquet/<table>.parquet for every table of the
// release, for analysts (DuckDB, pandas, polars, R arrow, Spark).
//
// Column types: text is UTF8 (Arrow string), integers INT64, numbers DOUBLE,
// dates DATE (Arrow date32, days since 1970-01-01). A column is OPTIONAL
// when the schema says it is nullable and REQUIRED otherwise; a null in a
// column that is not nullable is an error, never written.
//
// Each file is one row group, compressed with snappy, dictionary-encoded,
// with column statistics (min, max, null count) so that readers can skip
// data. The
// writer's created_by is pinned to "armsdata": by default it carries the
// library version, and the same release must give the same bytes whatever
// the build.
//
// Metadata: the Arrow schema is stored in the file (key ARROW:schema), so
// each column keeps its "description", and, where they apply, "vocabulary"
// (the allowed codes, comma-separated) and "references" (the foreign key as
// table.column); Arrow-based readers (pyarrow, polars, R arrow) show these.
// The file's key-value metadata carries "table", "title", "description" and
// "armsdata.version", in that order, which DuckDB's parquet_kv_metadata()
// lists too.
type Parquet struct{}

var _ Exporter = Parquet{}

// parquetCreatedBy is the created_by field of every file.
const parquetCreatedBy = "armsdata"

// parquetCodec is the compression of every column.
// parquetCodec is snappy rather than zstd: arrow v15 makes a new zstd
// encoder for every page (about 3.5 MB each), so zstd took 30 times longer
// and 150 times the memory (BenchmarkExport/parquet: 540 ms and 1.7 GB per
// release against 18 ms and 12 MB), for files a few percent smaller.
var parquetCodec = compress.Codecs.Snappy

// Name returns "parquet".
func (Parquet) Name() string { return "parquet" }

// Export writes one Parquet file per table under dir/parquet.
func (Parquet) Export(dir string, r *dataset.Release) error {
	if err := validateExportTables(r); err != nil {
		return err
	}
	out := filepath.Join(dir, "parquet")
	if err := makeFormatDir(out); err != nil {
		return err
	}
	for _, t := range r.Tables {
		b, err := encodeParquet(t, r.Meta)
		if err != nil {
			return fmt.Errorf("table %s: %w", t.Schema.Name, err)
		}
		if err := os.WriteFile(filepath.Join(out, t.Schema.Name+".parquet"), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// parquetMagic begins and ends every Parquet file.
const parquetMagic = "PAR1"

// Verify checks that dir/parquet holds a file for every table that begins
// and ends with the Parquet magic bytes, which a truncated file lacks at
// its end.
func (Parquet) Verify(dir string, r *dataset.Release) error {
	return verifyTableFiles(dir, r, "parquet", ".parquet", parquetWhole)
}

// parquetWhole reports whether b begins and ends with the Parquet magic
// bytes, which a truncated file lacks at its end.
func parquetWhole(b []byte) bool {
	return len(b) >= 2*len(parquetMagic) && bytes.HasPrefix(b, []byte(parquetMagic)) && bytes.HasSuffix(b, []byte(parquetMagic))
}

// parquetArrowType maps a column type to its Arrow type.
func parquetArrowType(t schema.Type) (arrow.DataType, error) {
	switch t {
	case schema.TypeString:
		return arrow.BinaryTypes.String, nil
	case schema.TypeInt:
		return arrow.PrimitiveTypes.Int64, nil
	case schema.TypeFloat:
		return arrow.PrimitiveTypes.Float64, nil
	case schema.TypeDate:
		return arrow.FixedWidthTypes.Date32, nil
	}
	return nil, fmt.Errorf("unknown column type %q", t)
}

// parquetSchema is the Arrow schema of a table, with the column and table
// metadata described on Parquet.
func parquetSchema(t *schema.Table, meta dataset.Meta) (*arrow.Schema, error) {
	cols := t.Columns()
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		typ, err := parquetArrowType(c.Type)
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", c.Name, err)
		}
		keys, values := []string{"description"}, []string{c.Description}
		if c.Vocab != nil {
			keys = append(keys, "vocabulary")
			values = append(values, strings.Join(c.Vocab.Codes(), ","))
		}
		if c.Ref != "" {
			keys = append(keys, "references")
			values = append(values, c.Ref)
		}
		fields[i] = arrow.Field{Name: c.Name, Type: typ, Nullable: c.Nullable, Metadata: arrow.NewMetadata(keys, values)}
	}
	md := arrow.NewMetadata(
		[]string{"table", "title", "description", "armsdata.version"},
		[]string{t.Name, t.Title, t.Description, meta.Version},
	)
	return arrow.NewSchema(fields, &md), nil
}

// parquetWriterProperties are the properties of every file.
func parquetWriterProperties(mem memory.Allocator) *parquet.WriterProperties {
	return parquet.NewWriterProperties(
		parquet.WithAllocator(mem),
		parquet.WithCompression(parquetCodec),
		parquet.WithDictionaryDefault(true),
		parquet.WithStats(true),
		parquet.WithCreatedBy(parquetCreatedBy),
	)
}

// encodeParquet renders one table. A table without rows gives a file with
// its schema and metadata and one empty row group.
func encodeParquet(t *dataset.Table, meta dataset.Meta) ([]byte, error) {
	if err := validateExportRows(t); err != nil {
		return nil, err
	}
	sc, err := parquetSchema(t.Schema, meta)
	if err != nil {
		return nil, err
	}
	mem := memory.NewGoAllocator()
	rec, err := parquetRecord(mem, sc, t)
	if err != nil {
		return nil, err
	}
	defer rec.Release()
	return writeParquet(mem, sc, rec)
}

// writeParquet renders one record as a Parquet file with the properties
// described on Parquet, the Arrow schema stored.
func writeParquet(mem memory.Allocator, sc *arrow.Schema, rec arrow.Record) ([]byte, error) {
	var buf bytes.Buffer
	fw, err := pqarrow.NewFileWriter(sc, &buf, parquetWriterProperties(mem),
		pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema(), pqarrow.WithAllocator(mem)))
	if err != nil {
		return nil, err
	}
	if err := fw.Write(rec); err != nil {
		fw.Close()
		return nil, err
	}
	if err := fw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// parquetRecord copies the rows into one Arrow record. The rows have been
// validated, but a value that does not fit its column is still an error
// here rather than a silently wrong cell.
func parquetRecord(mem memory.Allocator, sc *arrow.Schema, t *dataset.Table) (arrow.Record, error) {
	b := array.NewRecordBuilder(mem, sc)
	defer b.Release()
	cols := t.Schema.Columns()
	n := len(t.Rows)
	for j, c := range cols {
		fb := b.Field(j)
		fb.Reserve(n)
		for i, row := range t.Rows {
			v := row[j]
			if v.Type() != c.Type {
				return nil, fmt.Errorf("row %d, column %s: value of type %s in a column of type %s", i+1, c.Name, v.Type(), c.Type)
			}
			if v.IsNull() {
				if !c.Nullable {
					return nil, fmt.Errorf("row %d, column %s: null in a column that is not nullable", i+1, c.Name)
				}
				fb.AppendNull()
				continue
			}
			switch fb := fb.(type) {
			case *array.StringBuilder:
				fb.Append(v.String())
			case *array.Int64Builder:
				fb.Append(v.Int())
			case *array.Float64Builder:
				fb.Append(v.Float())
			case *array.Date32Builder:
				fb.Append(arrow.Date32(v.Date().DaysSinceEpoch()))
			default:
				return nil, fmt.Errorf("column %s: no builder for %T", c.Name, fb)
			}
		}
	}
	return b.NewRecord(), nil
}
