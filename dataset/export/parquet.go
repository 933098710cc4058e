package export

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
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
// A file holds a row group of every parquetBatchRows (16,384) rows, so one
// for every table of today's release, compressed with snappy,
// dictionary-encoded, with column statistics (min, max, null count) so
// that readers can skip data. The writer's created_by is pinned to "armsdata": by default it carries the
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
func (p Parquet) Export(dir string, r *dataset.Release) error { return p.exportRows(dir, r, uncounted) }

func (Parquet) rowsToWrite(r *dataset.Release) int { return r.Rows() }

func (Parquet) exportRows(dir string, r *dataset.Release, wrote func(n int)) error {
	if err := validateExportTables(r); err != nil {
		return err
	}
	out := filepath.Join(dir, "parquet")
	if err := makeFormatDir(out); err != nil {
		return err
	}
	for _, t := range r.Tables {
		err := writeFile(filepath.Join(out, t.Schema.Name+".parquet"), func(w io.Writer) error {
			sc, err := parquetSchema(t.Schema, r.Meta)
			if err != nil {
				return err
			}
			return writeParquet(w, t, sc, wrote)
		})
		if err != nil {
			return fmt.Errorf("table %s: %w", t.Schema.Name, err)
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

// parquetBatchRows is the number of rows of one Arrow record batch, and so
// of one row group: pqarrow's FileWriter.Write makes a row group of every
// record. It bounds the memory a file takes to write, and is more than any
// table of the real release holds, so each of those is one row group, as
// before. It is smaller than usual (DuckDB's row groups hold 122,880 rows)
// because arrow v15 grows the buffer of a nullable column's definition
// levels by 64 bytes, and copies it whole, at every literal run of its RLE
// encoding (PooledBufferWriter.Reserve with the 4-byte offset of version 1
// data pages; fixed in arrow-go v18): the cost grows with the square of a
// row group's rows. Measured on 1M synthetic arms_transfers rows: 18.8 GB
// allocated and 18 s of CPU with row groups of 65,536 rows, 8.5 GB and
// 14-16 s with 16,384.
const parquetBatchRows = 16 << 10

// parquetDictionaryLimit is the size past which a column chunk's
// dictionary would give way to plain pages (see parquetWriterProperties).
const parquetDictionaryLimit = 1 << 30

// parquetWriterProperties are the properties of every file.
func parquetWriterProperties(mem memory.Allocator) *parquet.WriterProperties {
	return parquet.NewWriterProperties(
		parquet.WithAllocator(mem),
		parquet.WithCompression(parquetCodec),
		parquet.WithDictionaryDefault(true),
		// No dictionary falls back to plain pages: arrow v15 then lists
		// the chunk's two page encodings in Go map order, and the
		// footer's bytes change from run to run (seen on 100,000-rule
		// builds, whose citation column outgrew the default 1 MiB). A
		// row group holds 16,384 rows, so the limit, 1 GiB of distinct
		// text in one column of one row group, needs 64 KiB in every cell:
		// 32,767 characters (a cell's most) of two bytes or more each,
		// which no real column comes near; only then could bytes differ.
		parquet.WithDictionaryPageSizeLimit(parquetDictionaryLimit),
		parquet.WithStats(true),
		parquet.WithCreatedBy(parquetCreatedBy),
		parquet.WithMaxRowGroupLength(parquetBatchRows),
	)
}

// writeParquet writes one table to w with the Arrow schema sc (the table's
// parquetSchema, or that with more metadata): a record batch of parquetBatchRows
// rows at a time, each checked against the schema as it is built (on other
// goroutines, while the batch before it is encoded), and written as a row
// group. A table without rows gives a file with its schema and metadata and
// one empty row group. wrote counts the rows written.
func writeParquet(w io.Writer, t *dataset.Table, sc *arrow.Schema, wrote func(n int)) error {
	if err := validateExportColumns(t); err != nil {
		return err
	}
	mem := memory.NewGoAllocator()
	bw := bufio.NewWriterSize(w, 1<<20)
	fw, err := pqarrow.NewFileWriter(sc, bw, parquetWriterProperties(mem),
		pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema(), pqarrow.WithAllocator(mem)))
	if err != nil {
		return err
	}
	err = inBatches(len(t.Rows), parquetBatchRows,
		func(from, to int) (arrow.Record, error) { return parquetRecord(mem, sc, t, from, to) },
		func(rec arrow.Record) error {
			defer rec.Release()
			if err := fw.Write(rec); err != nil {
				return err
			}
			wrote(int(rec.NumRows()))
			return nil
		})
	if err != nil {
		fw.Close()
		return err
	}
	if err := fw.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

// parquetRecord checks rows [from, to) of t against the schema and copies
// them into an Arrow record, row after row (a row's values lie together in
// memory, a column's do not).
func parquetRecord(mem memory.Allocator, sc *arrow.Schema, t *dataset.Table, from, to int) (arrow.Record, error) {
	cols := t.Schema.Columns()
	text := make([]int, len(cols)) // bytes of text per column, to reserve them at once
	for i := from; i < to; i++ {
		if err := validateExportRow(t, cols, i); err != nil {
			return nil, err
		}
		for j, v := range t.Rows[i] {
			if v.Type() == schema.TypeString {
				text[j] += len(v.String())
			}
		}
	}
	b := array.NewRecordBuilder(mem, sc)
	defer b.Release()
	type appender struct {
		str  *array.StringBuilder
		i64  *array.Int64Builder
		f64  *array.Float64Builder
		date *array.Date32Builder
	}
	apps := make([]appender, len(cols))
	for j, c := range cols {
		fb := b.Field(j)
		fb.Reserve(to - from)
		switch fb := fb.(type) {
		case *array.StringBuilder:
			fb.ReserveData(text[j])
			apps[j].str = fb
		case *array.Int64Builder:
			apps[j].i64 = fb
		case *array.Float64Builder:
			apps[j].f64 = fb
		case *array.Date32Builder:
			apps[j].date = fb
		default:
			return nil, fmt.Errorf("column %s: no builder for %T", c.Name, fb)
		}
	}
	// The rows are checked: every value is of its column's type, and null
	// only where the column is nullable.
	for i := from; i < to; i++ {
		for j, v := range t.Rows[i] {
			a := &apps[j]
			if v.IsNull() {
				b.Field(j).AppendNull()
				continue
			}
			switch {
			case a.str != nil:
				a.str.Append(v.String())
			case a.i64 != nil:
				a.i64.Append(v.Int())
			case a.f64 != nil:
				a.f64.Append(v.Float())
			case a.date != nil:
				a.date.Append(arrow.Date32(v.Date().DaysSinceEpoch()))
			}
		}
	}
	return b.NewRecord(), nil
}
