package export

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet"
	"github.com/apache/arrow/go/v15/parquet/compress"
	"github.com/apache/arrow/go/v15/parquet/file"
	"github.com/apache/arrow/go/v15/parquet/metadata"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"
	pqschema "github.com/apache/arrow/go/v15/parquet/schema"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// exportParquet exports r into a fresh directory and returns the path of
// dir/parquet/<table>.parquet.
func exportParquet(t *testing.T, r *dataset.Release, table string) string {
	t.Helper()
	dir := t.TempDir()
	if err := (Parquet{}).Export(dir, r); err != nil {
		t.Fatalf("Export: %v", err)
	}
	return filepath.Join(dir, "parquet", table+".parquet")
}

// openParquet opens a file with the low-level reader and its Arrow view.
func openParquet(t *testing.T, path string, mem memory.Allocator) (*file.Reader, *pqarrow.FileReader) {
	t.Helper()
	rdr, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatalf("not a Parquet file: %v", err)
	}
	t.Cleanup(func() { rdr.Close() })
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, mem)
	if err != nil {
		t.Fatal(err)
	}
	return rdr, fr
}

var parquetWantTypes = map[schema.Type]arrow.DataType{
	schema.TypeString: arrow.BinaryTypes.String,
	schema.TypeInt:    arrow.PrimitiveTypes.Int64,
	schema.TypeFloat:  arrow.PrimitiveTypes.Float64,
	schema.TypeDate:   arrow.FixedWidthTypes.Date32,
}

// checkParquetSchema checks the Arrow schema read back against the table:
// names, types, nullability and per-column metadata, and the Parquet
// schema: DATE and STRING logical types, REQUIRED/OPTIONAL repetition.
func checkParquetSchema(t *testing.T, rdr *file.Reader, fr *pqarrow.FileReader, tbl *schema.Table) {
	t.Helper()
	sc, err := fr.Schema()
	if err != nil {
		t.Fatal(err)
	}
	cols := tbl.Columns()
	if sc.NumFields() != len(cols) {
		t.Fatalf("%d fields, want %d", sc.NumFields(), len(cols))
	}
	pq := rdr.MetaData().Schema
	for j, c := range cols {
		f := sc.Field(j)
		if f.Name != c.Name {
			t.Errorf("field %d is %s, want %s", j, f.Name, c.Name)
		}
		if !arrow.TypeEqual(f.Type, parquetWantTypes[c.Type]) {
			t.Errorf("%s: type %s, want %s", c.Name, f.Type, parquetWantTypes[c.Type])
		}
		if f.Nullable != c.Nullable {
			t.Errorf("%s: nullable %v, want %v", c.Name, f.Nullable, c.Nullable)
		}
		want := map[string]string{"description": c.Description}
		if c.Vocab != nil {
			want["vocabulary"] = strings.Join(c.Vocab.Codes(), ",")
		}
		if c.Ref != "" {
			want["references"] = c.Ref
		}
		for k, v := range want {
			if got, ok := f.Metadata.GetValue(k); !ok || got != v {
				t.Errorf("%s: metadata %s = %q (present %v), want %q", c.Name, k, got, ok, v)
			}
		}
		for _, k := range []string{"vocabulary", "references"} {
			if _, wanted := want[k]; !wanted && f.Metadata.FindKey(k) >= 0 {
				t.Errorf("%s: unexpected metadata %s", c.Name, k)
			}
		}

		pc := pq.Column(j)
		wantRep := parquet.Repetitions.Optional
		if !c.Nullable {
			wantRep = parquet.Repetitions.Required
		}
		if rep := pc.SchemaNode().RepetitionType(); rep != wantRep {
			t.Errorf("%s: repetition %s, want %s", c.Name, rep, wantRep)
		}
		switch c.Type {
		case schema.TypeDate:
			if !pc.LogicalType().Equals(pqschema.DateLogicalType{}) {
				t.Errorf("%s: logical type %s, want Date", c.Name, pc.LogicalType())
			}
		case schema.TypeString:
			if !pc.LogicalType().Equals(pqschema.StringLogicalType{}) {
				t.Errorf("%s: logical type %s, want String", c.Name, pc.LogicalType())
			}
		}
	}
}

// checkParquetFileMeta checks the file's key-value metadata (table keys in
// a fixed order, then the stored Arrow schema) and created_by.
func checkParquetFileMeta(t *testing.T, rdr *file.Reader, tbl *schema.Table, version string) {
	t.Helper()
	kv := rdr.MetaData().KeyValueMetadata()
	wantKeys := []string{"table", "title", "description", "armsdata.version", "ARROW:schema"}
	if !slices.Equal(kv.Keys(), wantKeys) {
		t.Errorf("key-value metadata keys %q, want %q", kv.Keys(), wantKeys)
	}
	for k, want := range map[string]string{
		"table": tbl.Name, "title": tbl.Title, "description": tbl.Description, "armsdata.version": version,
	} {
		if got := kv.FindValue(k); got == nil || *got != want {
			t.Errorf("key-value %s = %v, want %q", k, got, want)
		}
	}
	if got := rdr.MetaData().GetCreatedBy(); got != "armsdata" {
		t.Errorf("created_by = %q, want armsdata", got)
	}
}

// parquetValue is the fixture value of row i of a read-back column.
func parquetValue(a arrow.Array, i int) schema.Value {
	switch a := a.(type) {
	case *array.String:
		if a.IsNull(i) {
			return schema.Null(schema.TypeString)
		}
		return schema.Str(a.Value(i))
	case *array.Int64:
		if a.IsNull(i) {
			return schema.Null(schema.TypeInt)
		}
		return schema.Int(a.Value(i))
	case *array.Float64:
		if a.IsNull(i) {
			return schema.Null(schema.TypeFloat)
		}
		return schema.Float(a.Value(i))
	case *array.Date32:
		if a.IsNull(i) {
			return schema.Null(schema.TypeDate)
		}
		tm := a.Value(i).ToTime()
		d, err := schema.NewDate(tm.Year(), tm.Month(), tm.Day())
		if err != nil {
			panic(err)
		}
		return schema.DateValue(d)
	}
	panic("unexpected array " + a.DataType().String())
}

// TestParquetName checks the format's short name.
func TestParquetName(t *testing.T) {
	if got := (Parquet{}).Name(); got != "parquet" {
		t.Errorf("Name() = %q, want parquet", got)
	}
}

// TestParquetRoundTrip reads the fixture export back with pqarrow: schema,
// metadata, and every value equal to the fixture, nulls and dates included.
func TestParquetRoundTrip(t *testing.T) {
	r := fixtureRelease()
	tbl := r.Tables[0]
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rdr, fr := openParquet(t, exportParquet(t, r, "fixture"), mem)

	checkParquetSchema(t, rdr, fr, tbl.Schema)
	checkParquetFileMeta(t, rdr, tbl.Schema, r.Meta.Version)

	at, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer at.Release()
	if got := at.NumRows(); got != int64(len(tbl.Rows)) {
		t.Fatalf("%d rows, want %d", got, len(tbl.Rows))
	}
	cols := tbl.Schema.Columns()
	for j, c := range cols {
		var got []schema.Value
		for _, chunk := range at.Column(j).Data().Chunks() {
			for i := 0; i < chunk.Len(); i++ {
				got = append(got, parquetValue(chunk, i))
			}
		}
		for i, row := range tbl.Rows {
			if got[i] != row[j] {
				t.Errorf("row %d column %s = %#v, want %#v", i+1, c.Name, got[i], row[j])
			}
		}
	}
}

// TestParquetColumnChunks checks the writer properties as they land in the
// file: snappy on every column, dictionary pages, and statistics with the
// right min, max and null count for the integer and date columns.
func TestParquetColumnChunks(t *testing.T) {
	r := fixtureRelease()
	rdr, _ := openParquet(t, exportParquet(t, r, "fixture"), memory.DefaultAllocator)
	if rdr.NumRowGroups() != 1 {
		t.Fatalf("%d row groups, want 1", rdr.NumRowGroups())
	}
	rg := rdr.MetaData().RowGroup(0)
	sc := r.Tables[0].Schema
	for j, c := range sc.Columns() {
		cc, err := rg.ColumnChunk(j)
		if err != nil {
			t.Fatal(err)
		}
		if cc.Compression() != compress.Codecs.Snappy {
			t.Errorf("%s: compression %s, want SNAPPY", c.Name, cc.Compression())
		}
		if !cc.HasDictionaryPage() {
			t.Errorf("%s: no dictionary page", c.Name)
		}
		if set, err := cc.StatsSet(); err != nil || !set {
			t.Errorf("%s: no statistics (%v)", c.Name, err)
		}
	}

	days := func(y, m, d int) int32 { return mustDate(y, time.Month(m), d).DaysSinceEpoch() }
	for _, c := range []struct {
		column         string
		min, max, null int64
	}{
		{"quote_start", 0, 100, 0},
		{"quote_line", 3, 3, 0},
		{"personnel", 3500, 3500, 2},
		{"when_start", int64(days(1918, 5, 28)), int64(days(2009, 1, 1)), 1},
		{"when_end", int64(days(1999, 12, 31)), int64(days(2009, 12, 31)), 1},
	} {
		cc, err := rg.ColumnChunk(sc.Column(c.column))
		if err != nil {
			t.Fatal(err)
		}
		st, err := cc.Statistics()
		if err != nil || st == nil || !st.HasMinMax() {
			t.Errorf("%s: no min/max statistics (%v)", c.column, err)
			continue
		}
		var lo, hi int64
		switch st := st.(type) {
		case *metadata.Int64Statistics:
			lo, hi = st.Min(), st.Max()
		case *metadata.Int32Statistics: // DATE is INT32 days
			lo, hi = int64(st.Min()), int64(st.Max())
		default:
			t.Fatalf("%s: statistics %T", c.column, st)
		}
		if lo != c.min || hi != c.max || st.NullCount() != c.null {
			t.Errorf("%s: min %d max %d nulls %d, want %d %d %d", c.column, lo, hi, st.NullCount(), c.min, c.max, c.null)
		}
	}
}

// TestParquetDeterministic exports twice and compares the bytes.
func TestParquetDeterministic(t *testing.T) {
	a, err := os.ReadFile(exportParquet(t, fixtureRelease(), "fixture"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(exportParquet(t, fixtureRelease(), "fixture"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two exports of the same release differ")
	}
	if bytes.Contains(a, []byte("parquet-go")) {
		t.Error("the file names the library version")
	}
}

// TestParquetDeterministicPastTheDictionaryLimit: columns whose distinct
// values outgrow a dictionary page of the library's default size (1 MiB):
// arrow v15 then falls back to plain pages and lists a column chunk's two
// page encodings in Go map order, so the footer's bytes changed from run
// to run (seen on a 100,000-rule build). 8,000 rows of unique 300-byte
// notes and ids, exported 8 times, must give one file.
func TestParquetDeterministicPastTheDictionaryLimit(t *testing.T) {
	r := fixtureRelease()
	tab := r.Tables[0]
	cols := tab.Schema.Columns()
	full := tab.Rows[0]
	var rows []schema.Row
	for i := range 8000 {
		row := append(schema.Row(nil), full...)
		row[0] = schema.Str(fmt.Sprintf("row-%05d-%s", i, strings.Repeat("x", 280)))
		row[tab.Schema.Column("note")] = schema.Str(fmt.Sprintf("%05d %s", i, strings.Repeat("note ", 60)))
		rows = append(rows, row)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i][0].String() < rows[j][0].String() })
	tab.Rows = rows
	if len(cols) == 0 {
		t.Fatal("no columns")
	}
	var first []byte
	for i := range 8 {
		b, err := os.ReadFile(exportParquet(t, r, "fixture"))
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = b
		} else if !bytes.Equal(b, first) {
			t.Fatalf("export %d differs from the first", i+1)
		}
	}
}

// TestParquetEmptyTable checks that a table without rows is a valid file
// with the full schema and metadata and no rows.
func TestParquetEmptyTable(t *testing.T) {
	r := fixtureRelease()
	r.Tables[0].Rows = nil
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rdr, fr := openParquet(t, exportParquet(t, r, "fixture"), mem)
	checkParquetSchema(t, rdr, fr, fixtureTable)
	checkParquetFileMeta(t, rdr, fixtureTable, r.Meta.Version)
	at, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer at.Release()
	if at.NumRows() != 0 || at.NumCols() != int64(len(fixtureTable.Columns())) {
		t.Errorf("read %d rows × %d columns, want 0 × %d", at.NumRows(), at.NumCols(), len(fixtureTable.Columns()))
	}
}

// TestParquetEveryTable checks that each table of a release gets its file.
func TestParquetEveryTable(t *testing.T) {
	r := fixtureRelease()
	r.Tables = append(r.Tables, smallRelease([]schema.Row{{schema.Str("a"), schema.Null(schema.TypeString)}}).Tables...)
	dir := t.TempDir()
	if err := (Parquet{}).Export(dir, r); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"fixture", "small"} {
		if _, err := os.Stat(filepath.Join(dir, "parquet", name+".parquet")); err != nil {
			t.Error(err)
		}
	}
}

// TestParquetRejectsInvalid checks that a release that does not match its
// schema (a null in a required column above all) is an error, not a file.
func TestParquetRejectsInvalid(t *testing.T) {
	for _, c := range invalidReleases() {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			err := (Parquet{}).Export(dir, c.release)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Export error = %v, want one mentioning %q", err, c.want)
			}
			if _, err := os.Stat(filepath.Join(dir, "parquet", "fixture.parquet")); err == nil {
				t.Error("a file was written for an invalid table")
			}
		})
	}
}
