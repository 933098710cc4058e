package export

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/gocarina/gocsv"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// CSV writes dir/csv/<table>.csv for every table of the release. It is the
// faithful machine format: every cell is exactly the text of its value.
//
// Format decisions:
//
//   - UTF-8 without a byte-order mark. DuckDB, pandas, R and the command-line
//     tools read it as it is, while a BOM ends up in the first column name
//     in several of them (pandas without encoding="utf-8-sig", Python's csv
//     module, R's read.csv). Excel users have the XLSX workbook.
//   - One header row with the column names, then one record per row, quoted
//     as RFC 4180 says (a field is quoted when it holds a comma, a quote, a
//     line break or begins with white space; quotes are doubled).
//   - Records end in "\n", not RFC 4180's "\r\n". encoding/csv, when asked
//     for CRLF, also rewrites line breaks *inside* quoted fields (\n becomes
//     \r\n and a lone \r is dropped), which would change the text of quotes
//     and break their offsets into the source files. With LF every byte of a
//     text value is written as it is, and all the readers above accept LF.
//   - Null is an empty cell, and so is the empty text: CSV cannot tell them
//     apart. Parquet can, and the schema's Nullable says where null may occur.
//   - Integers in plain digits, numbers in the shortest form that reads back
//     exactly (never an exponent), dates as YYYY-MM-DD: schema.Value.Text.
//   - Text is written verbatim, also when it begins with "=", "+", "-" or "@".
//     Spreadsheets may take such a cell for a formula ("CSV injection"), but
//     prefixing or altering it would make the CSV lie about its source: a
//     quote must stay equal to source[quote_start:quote_end]. Spreadsheet
//     users get the XLSX, where such text is a plain string cell.
type CSV struct{}

var _ Exporter = CSV{}

// Name returns "csv".
func (CSV) Name() string { return "csv" }

// Export writes one CSV file per table under dir/csv.
func (c CSV) Export(dir string, r *dataset.Release) error { return c.exportRows(dir, r, uncounted) }

func (CSV) rowsToWrite(r *dataset.Release) int { return r.Rows() }

func (CSV) exportRows(dir string, r *dataset.Release, wrote func(n int)) error {
	if err := validateExportTables(r); err != nil {
		return err
	}
	out := filepath.Join(dir, "csv")
	if err := makeFormatDir(out); err != nil {
		return err
	}
	for _, t := range r.Tables {
		err := writeFile(filepath.Join(out, t.Schema.Name+".csv"), func(w io.Writer) error { return writeCSV(w, t, wrote) })
		if err != nil {
			return fmt.Errorf("table %s: %w", t.Schema.Name, err)
		}
	}
	return nil
}

// Verify checks that dir/csv holds a file with at least a header row for
// every table.
func (CSV) Verify(dir string, r *dataset.Release) error {
	return verifyTableFiles(dir, r, "csv", ".csv", func(b []byte) bool {
		return bytes.IndexByte(b, '\n') > 0
	})
}

// csvRecordType builds the struct type gocsv marshals for a table: one
// string field C<i> per column, tagged csv:"<column name>", which holds
// the cell's text (schema.Value.Text). gocsv takes a string field as it
// is, the quickest of its paths: a field with a MarshalCSV method costs a
// copy of the value and several reflection calls per cell.
// reflect.StructOf returns the same type for the same columns, so gocsv's
// per-type cache does not grow from export to export.
func csvRecordType(cols []schema.Column) (reflect.Type, error) {
	fields := make([]reflect.StructField, len(cols))
	for i, c := range cols {
		if err := csvCheckTagName(c.Name); err != nil {
			return nil, err
		}
		fields[i] = reflect.StructField{
			Name: "C" + strconv.Itoa(i),
			Type: reflect.TypeFor[string](),
			Tag:  reflect.StructTag(`csv:` + strconv.Quote(c.Name)),
		}
	}
	return reflect.StructOf(fields), nil
}

// csvSnakeCase is what gocsv can take as a tag and print back unchanged:
// its tag syntax splits on "," and gives "-", "omitempty", "partial…" and
// "default=…" special meanings, and it trims spaces. Our column names are
// snake_case identifiers anyway. Table names must match it too, which
// makes them safe file names.
var csvSnakeCase = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

func csvCheckTagName(name string) error {
	if !csvSnakeCase.MatchString(name) {
		return fmt.Errorf("column name %q is not a snake_case identifier", name)
	}
	if name == "omitempty" || strings.HasPrefix(name, "partial") {
		// gocsv reads these tags as options, not as names.
		return fmt.Errorf("column name %q cannot be a gocsv tag (reserved word or prefix)", name)
	}
	return nil
}

// csvBatchRows is the number of rows gocsv marshals at a time: a batch is
// rendered into memory by one goroutine while others render the next ones,
// and written out in row order (see inBatches). About 3 MB for the widest
// table.
const csvBatchRows = 2048

// writeCSV writes one table to w, the header and then its rows in batches,
// each checked against the schema as it is rendered; wrote counts the rows
// rendered.
func writeCSV(w io.Writer, t *dataset.Table, wrote func(n int)) error {
	if err := validateExportColumns(t); err != nil {
		return err
	}
	cols := t.Schema.Columns()
	rt, err := csvRecordType(cols)
	if err != nil {
		return err
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	// Record slices and output buffers go back to pools once used: they
	// would otherwise be most of what the writer allocates, and the
	// garbage collector would rescan the release's rows the more often.
	recPool := sync.Pool{New: func() any { return reflect.MakeSlice(reflect.SliceOf(rt), csvBatchRows, csvBatchRows) }}
	bufPool := sync.Pool{New: func() any { return new(bytes.Buffer) }}
	bw := bufio.NewWriterSize(w, 1<<20)
	err = inBatches(len(t.Rows), csvBatchRows,
		func(from, to int) (*bytes.Buffer, error) {
			recs := recPool.Get().(reflect.Value)
			defer recPool.Put(recs)
			buf := bufPool.Get().(*bytes.Buffer)
			buf.Reset()
			err := renderCSV(buf, recs.Slice(0, to-from), t, names, from, to)
			wrote(to - from)
			return buf, err
		},
		func(buf *bytes.Buffer) error {
			defer bufPool.Put(buf)
			_, err := bw.Write(buf.Bytes())
			return err
		})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// renderCSV renders rows [from, to) of t into buf, with the header before
// row 0, through recs, a slice of to-from records.
func renderCSV(buf *bytes.Buffer, recs reflect.Value, t *dataset.Table, names []string, from, to int) error {
	cols := t.Schema.Columns()
	for i := from; i < to; i++ {
		if err := validateExportRow(t, cols, i); err != nil {
			return err
		}
		row := t.Rows[i]
		if len(cols) == 1 && row[0].Text() == "" {
			// A one-column record with an empty cell is a blank line,
			// which CSV readers skip: the row would vanish.
			return fmt.Errorf("row %d: an empty cell in a one-column table cannot be written", i+1)
		}
		rec := recs.Index(i - from)
		for j, v := range row {
			rec.Field(j).SetString(v.Text())
		}
	}

	w := csv.NewWriter(buf)
	w.Comma = ','
	w.UseCRLF = false // see the doc of CSV: CRLF would alter quoted text
	// The writer is passed to gocsv explicitly, so gocsv's global writer
	// factory (SetCSVWriter, TagSeparator as delimiter) is neither used nor
	// changed.
	g := &csvGuard{w: gocsv.NewSafeCSVWriter(w), header: names}
	marshal := gocsv.MarshalCSV
	if from > 0 {
		// The header went with the first batch: the guard expects none.
		g.records = 1
		marshal = gocsv.MarshalCSVWithoutHeaders
	}
	if err := marshal(recs.Interface(), g); err != nil {
		return err
	}
	if g.err != nil {
		return g.err
	}
	if g.records != to-from+1 {
		return fmt.Errorf("gocsv wrote %d records for %d rows and a header", g.records, to-from)
	}
	return nil
}

// csvGuard sits between gocsv and the CSV writer and refuses output that
// does not match the schema: a header other than the column names (gocsv
// derives it from the tags through global settings — TagName, TagSeparator,
// a header normalizer — that other code may have changed) or a record of
// the wrong width.
type csvGuard struct {
	w       *gocsv.SafeCSVWriter
	header  []string
	records int
	err     error
}

func (g *csvGuard) Write(rec []string) error {
	if g.err != nil {
		return g.err
	}
	switch {
	case g.records == 0 && !slices.Equal(rec, g.header):
		g.err = fmt.Errorf("gocsv wrote the header %q, want the column names %q", rec, g.header)
	case len(rec) != len(g.header):
		g.err = fmt.Errorf("gocsv wrote a record of %d fields, want %d", len(rec), len(g.header))
	}
	if g.err != nil {
		return g.err
	}
	g.records++
	return g.w.Write(rec)
}

func (g *csvGuard) Flush() { g.w.Flush() }

func (g *csvGuard) Error() error { return g.w.Error() }

// The checks below are shared with the Parquet exporter: a release that
// does not match its schema is refused by every format alike.

// validateExportTables refuses table names that cannot be file names and
// tables that would overwrite each other.
func validateExportTables(r *dataset.Release) error {
	if r == nil {
		return fmt.Errorf("no release")
	}
	seen := make(map[string]bool, len(r.Tables))
	for i, t := range r.Tables {
		if t == nil || t.Schema == nil {
			return fmt.Errorf("table %d has no schema", i)
		}
		name := t.Schema.Name
		if !csvSnakeCase.MatchString(name) {
			return fmt.Errorf("table name %q is not a snake_case identifier", name)
		}
		if seen[name] {
			return fmt.Errorf("table %s appears twice", name)
		}
		seen[name] = true
	}
	return nil
}

// validateExportRows checks every row against the schema: see
// validateExportRow.
func validateExportRows(t *dataset.Table) error {
	if err := validateExportColumns(t); err != nil {
		return err
	}
	cols := t.Schema.Columns()
	for i := range t.Rows {
		if err := validateExportRow(t, cols, i); err != nil {
			return err
		}
	}
	return nil
}

// validateExportColumns refuses a schema that names a column twice.
func validateExportColumns(t *dataset.Table) error {
	cols := t.Schema.Columns()
	seen := make(map[string]bool, len(cols))
	for _, c := range cols {
		if seen[c.Name] {
			return fmt.Errorf("column %s appears twice", c.Name)
		}
		seen[c.Name] = true
	}
	return nil
}

// validateExportRow checks row i of t against the schema, whose columns are
// cols: one value per column, of the column's type, null only where the
// column is nullable, finite numbers, real dates and valid UTF-8 text.
func validateExportRow(t *dataset.Table, cols []schema.Column, i int) error {
	row := t.Rows[i]
	if len(row) != len(cols) {
		return fmt.Errorf("row %d has %d values for %d columns", i+1, len(row), len(cols))
	}
	for j, v := range row {
		if err := validateExportCell(cols[j], v); err != nil {
			return fmt.Errorf("row %d (%s), column %s: %w", i+1, row[0].Text(), cols[j].Name, err)
		}
	}
	return nil
}

func validateExportCell(c schema.Column, v schema.Value) error {
	if v.Type() != c.Type {
		return fmt.Errorf("value of type %s in a column of type %s", v.Type(), c.Type)
	}
	if v.IsNull() {
		if !c.Nullable {
			return fmt.Errorf("null in a column that is not nullable")
		}
		return nil
	}
	switch c.Type {
	case schema.TypeString:
		if !utf8.ValidString(v.String()) {
			return fmt.Errorf("text is not valid UTF-8: %q", v.String())
		}
	case schema.TypeFloat:
		if f := v.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("number %v is not finite", f)
		}
	case schema.TypeDate:
		d := v.Date()
		if _, err := schema.NewDate(d.Year, d.Month, d.Day); err != nil {
			return fmt.Errorf("invalid date: %w", err)
		}
	case schema.TypeInt:
	default:
		return fmt.Errorf("unknown column type %q", c.Type)
	}
	return nil
}
