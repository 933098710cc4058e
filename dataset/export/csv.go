package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
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
func (CSV) Export(dir string, r *dataset.Release) error {
	if err := validateExportTables(r); err != nil {
		return err
	}
	out := filepath.Join(dir, "csv")
	if err := makeFormatDir(out); err != nil {
		return err
	}
	for _, t := range r.Tables {
		b, err := encodeCSV(t)
		if err != nil {
			return fmt.Errorf("table %s: %w", t.Schema.Name, err)
		}
		if err := os.WriteFile(filepath.Join(out, t.Schema.Name+".csv"), b, 0o644); err != nil {
			return err
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

// csvCell is one cell as gocsv sees it: gocsv calls MarshalCSV for every
// field of the record type.
type csvCell struct{ v schema.Value }

// MarshalCSV implements gocsv.TypeMarshaller.
func (c csvCell) MarshalCSV() (string, error) { return c.v.Text(), nil }

var csvCellType = reflect.TypeFor[csvCell]()

// csvRecordType builds the struct type gocsv marshals for a table: one
// field C<i> of type csvCell per column, tagged csv:"<column name>".
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
			Type: csvCellType,
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

// encodeCSV renders one table.
func encodeCSV(t *dataset.Table) ([]byte, error) {
	if err := validateExportRows(t); err != nil {
		return nil, err
	}
	cols := t.Schema.Columns()
	rt, err := csvRecordType(cols)
	if err != nil {
		return nil, err
	}
	if len(cols) == 1 {
		// A one-column record with an empty cell is a blank line, which
		// CSV readers skip: the row would vanish.
		for i, row := range t.Rows {
			if row[0].Text() == "" {
				return nil, fmt.Errorf("row %d: an empty cell in a one-column table cannot be written", i+1)
			}
		}
	}
	recs := reflect.MakeSlice(reflect.SliceOf(rt), len(t.Rows), len(t.Rows))
	for i, row := range t.Rows {
		rec := recs.Index(i)
		for j, v := range row {
			rec.Field(j).Set(reflect.ValueOf(csvCell{v}))
		}
	}

	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Comma = ','
	w.UseCRLF = false // see the doc of CSV: CRLF would alter quoted text
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	// The writer is passed to gocsv explicitly, so gocsv's global writer
	// factory (SetCSVWriter, TagSeparator as delimiter) is neither used nor
	// changed.
	g := &csvGuard{w: gocsv.NewSafeCSVWriter(w), header: names}
	if err := gocsv.MarshalCSV(recs.Interface(), g); err != nil {
		return nil, err
	}
	if g.err != nil {
		return nil, g.err
	}
	if g.records != len(t.Rows)+1 {
		return nil, fmt.Errorf("gocsv wrote %d records for %d rows and a header", g.records, len(t.Rows))
	}
	return buf.Bytes(), nil
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

// validateExportRows checks every row against the schema: one value per column, of
// the column's type, null only where the column is nullable, finite numbers,
// real dates and valid UTF-8 text.
func validateExportRows(t *dataset.Table) error {
	cols := t.Schema.Columns()
	seen := make(map[string]bool, len(cols))
	for _, c := range cols {
		if seen[c.Name] {
			return fmt.Errorf("column %s appears twice", c.Name)
		}
		seen[c.Name] = true
	}
	for i, row := range t.Rows {
		if len(row) != len(cols) {
			return fmt.Errorf("row %d has %d values for %d columns", i+1, len(row), len(cols))
		}
		for j, v := range row {
			if err := validateExportCell(cols[j], v); err != nil {
				return fmt.Errorf("row %d (%s), column %s: %w", i+1, row[0].Text(), cols[j].Name, err)
			}
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
