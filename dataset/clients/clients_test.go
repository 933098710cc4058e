//go:build cgo

// DuckDB's Go client is cgo: without cgo (CGO_ENABLED=0, which is the
// default when cross-compiling, as "make cross" does) this file is left out
// and nocgo_test.go fails the package instead, so that the tests are never
// skipped in silence.

package clients

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet/file"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"
	_ "github.com/duckdb/duckdb-go/v2" // the "duckdb" database/sql driver
	"github.com/xuri/excelize/v2"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/dataset/export"
	"github.com/armsdata/armsdata/schema"
)

// readmeQuery returns the DuckDB query the README gives analysts, word for
// word: the sql block after the "<!-- tested: duckdb -->" marker. It names
// the file relative to the repository root, where a reader runs it; the
// test points DuckDB's file_search_path at the fresh release.
func readmeQuery(t *testing.T) string {
	t.Helper()
	return readmeBlock(t, "<!-- tested: duckdb -->\n```sql\n")
}

// readmeBlock returns the README's code block that begins with marker
// (the comment and the opening fence), without its fences.
func readmeBlock(t *testing.T, marker string) string {
	t.Helper()
	if name, ok := strings.CutPrefix(strings.SplitN(marker, " -->", 2)[0], "<!-- tested: "); ok && strings.HasPrefix(name, "duckdb") && duckdbBlocks[name] == "" {
		t.Errorf("the README block %q is not in duckdbBlocks, which TestReadmeBlocksAreTested checks", name)
	}
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	i := strings.Index(s, marker)
	if i < 0 {
		t.Fatalf("README.md has no %q block", marker)
	}
	s = s[i+len(marker):]
	j := strings.Index(s, "```")
	if j < 0 {
		t.Fatalf("README.md: the block after %q is not closed", marker)
	}
	return strings.TrimSpace(s[:j])
}

// requireClientsEnv, set to 1 (CI does), turns a missing client program
// into a failure instead of a skip.
const requireClientsEnv = "ARMSDATA_REQUIRE_CLIENTS"

// pythonEnv names the interpreter that has openpyxl; the default is
// Debian's, where apt's python3-openpyxl installs it.
const (
	pythonEnv     = "ARMSDATA_PYTHON"
	defaultPython = "/usr/bin/python3"
)

// duckTypes is how DuckDB must see each column type, in Parquet and in a
// CSV read with the declared types.
var duckTypes = map[schema.Type]string{
	schema.TypeString: "VARCHAR",
	schema.TypeInt:    "BIGINT",
	schema.TypeFloat:  "DOUBLE",
	schema.TypeDate:   "DATE",
}

// parquetTypes is the physical type and converted type of each column type
// in the Parquet file (DuckDB's parquet_schema()).
var parquetTypes = map[schema.Type][2]string{
	schema.TypeString: {"BYTE_ARRAY", "UTF8"},
	schema.TypeInt:    {"INT64", "INT_64"},
	schema.TypeFloat:  {"DOUBLE", ""},
	schema.TypeDate:   {"INT32", "DATE"},
}

// built is one release, built from the repository's seeds into a
// temporary directory.
type built struct {
	root string // the repository
	base string // the temporary directory; the release is base/out
	dir  string // base/out
	rel  *dataset.Release
	err  error
}

func (b built) csvPath(table string) string {
	return filepath.Join(b.dir, "csv", table+".csv")
}

func (b built) parquetPath(table string) string {
	return filepath.Join(b.dir, "parquet", table+".parquet")
}

func (b built) workbook() string {
	return filepath.Join(b.dir, b.rel.Meta.Name+".xlsx")
}

var (
	buildOnce sync.Once
	shared    built
)

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.base != "" {
		os.RemoveAll(shared.base)
	}
	os.Exit(code)
}

// release builds the release once for all tests: in process, as
// `armsdata build` does, so the tests read what the code of this commit
// writes (make test's golden-out step proves out/ is the same bytes).
func release(t *testing.T) built {
	t.Helper()
	buildOnce.Do(func() { shared = buildRelease() })
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared
}

func buildRelease() built {
	root, err := repoRoot()
	if err != nil {
		return built{err: err}
	}
	rel, ds := dataset.Build(root)
	if ds.Len() > 0 || rel == nil {
		list := ds.List()
		var b strings.Builder
		for i, d := range list {
			if i == 10 {
				fmt.Fprintf(&b, "\t... and %d more\n", len(list)-i)
				break
			}
			fmt.Fprintf(&b, "\t%v\n", d)
		}
		return built{err: fmt.Errorf("the seeds do not build (%d problems; `make check` lists them):\n%s", len(list), b.String())}
	}
	base, err := os.MkdirTemp("", "armsdata-clients-")
	if err != nil {
		return built{err: err}
	}
	dir := filepath.Join(base, "out")
	if err := (export.Publisher{Project: root}).Publish(context.Background(), dir, rel, export.All()); err != nil {
		return built{base: base, err: fmt.Errorf("writing the release: %w", err)}
	}
	return built{root: root, base: base, dir: dir, rel: rel}
}

// repoRoot is the directory holding go.mod, above the package directory
// go test runs in.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the test directory")
		}
		dir = parent
	}
}

// table returns the release's table of s, failing the test when the
// release lacks it.
func (b built) table(t *testing.T, s *schema.Table) *dataset.Table {
	t.Helper()
	tbl := b.rel.Table(s.Name)
	if tbl == nil {
		t.Fatalf("the release has no table %s", s.Name)
	}
	return tbl
}

// TestEveryTableIsPublished: the release holds every table of schema.All,
// in order, as a CSV file, a Parquet file and a sheet, and nothing else.
func TestEveryTableIsPublished(t *testing.T) {
	b := release(t)
	var want, got []string
	for _, s := range schema.All {
		want = append(want, s.Name)
	}
	for _, tbl := range b.rel.Tables {
		got = append(got, tbl.Schema.Name)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("release tables %v, want schema.All %v", got, want)
	}
	for _, format := range []struct{ dir, ext string }{{"csv", ".csv"}, {"parquet", ".parquet"}} {
		entries, err := os.ReadDir(filepath.Join(b.dir, format.dir))
		if err != nil {
			t.Fatal(err)
		}
		var files []string
		for _, e := range entries {
			files = append(files, e.Name())
		}
		var wantFiles []string
		for _, n := range want {
			wantFiles = append(wantFiles, n+format.ext)
		}
		slices.Sort(wantFiles)
		if !slices.Equal(files, wantFiles) {
			t.Errorf("%s/ holds %v, want %v", format.dir, files, wantFiles)
		}
	}
	f, err := excelize.OpenFile(b.workbook())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// The Balance sheet, second, summarises the indicators table: it is no
	// table of its own.
	wantSheets := append(append([]string{"About", "Balance"}, want...), "Dictionary")
	if got := f.GetSheetList(); !slices.Equal(got, wantSheets) {
		t.Errorf("workbook sheets %v, want %v", got, wantSheets)
	}
}

// openDuckDB opens an in-memory DuckDB on a single connection, so that a
// SET applies to every later query.
func openDuckDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatalf("duckdb: %v", err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

// query runs q and returns every row, each value as the driver scans it
// into an any: nil, string, int64, float64, time.Time, []byte, ...
func query(t *testing.T, db *sql.DB, q string) (cols []string, out [][]any) {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("duckdb: %v\nquery: %s", err, q)
	}
	defer rows.Close()
	cols, err = rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("duckdb: %v\nquery: %s", err, q)
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("duckdb: %v\nquery: %s", err, q)
	}
	return cols, out
}

// lit quotes s as an SQL string literal.
func lit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// ident quotes s as an SQL identifier.
func ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// readCSV is the typed read an analyst who trusts the data dictionary
// writes: no sniffing, the dialect of our CSV files, every column with its
// declared type, empty cells as null.
func readCSV(path string, cols []schema.Column) string {
	types := make([]string, len(cols))
	for i, c := range cols {
		types[i] = lit(c.Name) + ": " + lit(duckTypes[c.Type])
	}
	return fmt.Sprintf("read_csv(%s, header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', "+
		"new_line = '\\n', nullstr = '', columns = {%s})", lit(path), strings.Join(types, ", "))
}

// TestParquetInDuckDB: DuckDB reads every table's Parquet file with the
// declared column names, order, types and nullability, and the file's
// key-value metadata names the table.
func TestParquetInDuckDB(t *testing.T) {
	b := release(t)
	db := openDuckDB(t)
	for _, s := range schema.All {
		t.Run(s.Name, func(t *testing.T) {
			tbl := b.table(t, s)
			cols := s.Columns()
			p := lit(b.parquetPath(s.Name))

			_, desc := query(t, db, "DESCRIBE SELECT * FROM read_parquet("+p+")")
			if len(desc) != len(cols) {
				t.Fatalf("DESCRIBE gives %d columns, the schema %d", len(desc), len(cols))
			}
			for i, c := range cols {
				if name, typ := desc[i][0], desc[i][1]; name != c.Name || typ != duckTypes[c.Type] {
					t.Errorf("column %d: DuckDB sees %v %v, want %s %s", i+1, name, typ, c.Name, duckTypes[c.Type])
				}
			}

			_, leaves := query(t, db, "SELECT name, type, repetition_type, converted_type FROM parquet_schema("+p+") WHERE type IS NOT NULL")
			if len(leaves) != len(cols) {
				t.Fatalf("parquet_schema gives %d columns, the schema %d", len(leaves), len(cols))
			}
			for i, c := range cols {
				want := parquetTypes[c.Type]
				rep := "REQUIRED"
				if c.Nullable {
					rep = "OPTIONAL"
				}
				conv, _ := leaves[i][3].(string)
				if leaves[i][0] != c.Name || leaves[i][1] != want[0] || leaves[i][2] != rep || conv != want[1] {
					t.Errorf("column %s: Parquet %v %v %v %v, want %s %s %s %s",
						c.Name, leaves[i][0], leaves[i][1], leaves[i][2], conv, c.Name, want[0], rep, want[1])
				}
			}

			// count(*) and count(column) for every column: a non-nullable
			// column has a value in every row.
			counts := []string{"count(*)"}
			for _, c := range cols {
				counts = append(counts, "count("+ident(c.Name)+")")
			}
			_, n := query(t, db, "SELECT "+strings.Join(counts, ", ")+" FROM read_parquet("+p+")")
			if rows := n[0][0].(int64); rows != int64(len(tbl.Rows)) {
				t.Errorf("DuckDB reads %d rows, the release has %d", rows, len(tbl.Rows))
			}
			for i, c := range cols {
				if nonNull := n[0][i+1].(int64); !c.Nullable && nonNull != n[0][0].(int64) {
					t.Errorf("column %s is not nullable but has %d nulls", c.Name, n[0][0].(int64)-nonNull)
				}
			}

			_, kv := query(t, db, "SELECT decode(key), decode(value) FROM parquet_kv_metadata("+p+")")
			meta := map[string]string{}
			for _, r := range kv {
				meta[r[0].(string)] = r[1].(string)
			}
			for k, want := range map[string]string{
				"table": s.Name, "title": s.Title, "description": s.Description, "armsdata.version": b.rel.Meta.Version,
			} {
				if got, ok := meta[k]; !ok || got != want {
					t.Errorf("key-value metadata %q = %q (present %v), want %q", k, got, ok, want)
				}
			}
			if _, ok := meta["ARROW:schema"]; !ok {
				t.Errorf("no ARROW:schema key: the column descriptions are not stored")
			}
			checkFieldDescriptions(t, b.parquetPath(s.Name), cols)
		})
	}
}

// checkFieldDescriptions reads the Arrow schema stored in the file (DuckDB
// does not show per-column metadata) and checks each column's description.
func checkFieldDescriptions(t *testing.T, path string, cols []schema.Column) {
	t.Helper()
	rdr, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Close()
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := fr.Schema()
	if err != nil {
		t.Fatal(err)
	}
	fields := sc.Fields()
	if len(fields) != len(cols) {
		t.Fatalf("stored schema has %d fields, want %d", len(fields), len(cols))
	}
	for i, c := range cols {
		md := fields[i].Metadata
		idx := md.FindKey("description")
		if idx < 0 || md.Values()[idx] != c.Description {
			t.Errorf("column %s: stored description %q, want %q", c.Name, md.Values(), c.Description)
		}
	}
}

// TestCSVInDuckDB: every CSV file has the column names as its header and
// loads in DuckDB with the declared types, the same number of rows as the
// Parquet file.
func TestCSVInDuckDB(t *testing.T) {
	b := release(t)
	db := openDuckDB(t)
	for _, s := range schema.All {
		t.Run(s.Name, func(t *testing.T) {
			tbl := b.table(t, s)
			cols := s.Columns()
			raw, err := os.ReadFile(b.csvPath(s.Name))
			if err != nil {
				t.Fatal(err)
			}
			if bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")) {
				t.Errorf("the file begins with a byte-order mark")
			}
			header, err := csv.NewReader(bytes.NewReader(raw)).Read()
			if err != nil {
				t.Fatalf("header: %v", err)
			}
			var names []string
			for _, c := range cols {
				names = append(names, c.Name)
			}
			if !slices.Equal(header, names) {
				t.Errorf("header %q, want the column names %q", header, names)
			}

			_, desc := query(t, db, "DESCRIBE SELECT * FROM "+readCSV(b.csvPath(s.Name), cols))
			if len(desc) != len(cols) {
				t.Fatalf("DuckDB reads %d columns, the schema has %d", len(desc), len(cols))
			}
			for i, c := range cols {
				if desc[i][0] != c.Name || desc[i][1] != duckTypes[c.Type] {
					t.Errorf("column %d: DuckDB sees %v %v, want %s %s", i+1, desc[i][0], desc[i][1], c.Name, duckTypes[c.Type])
				}
			}

			// Every row parses with the declared types (count(column)
			// forces it); non-nullable columns other than text (where an
			// empty cell may be the empty text) have a value in every row;
			// the row count is Parquet's.
			counts := []string{"count(*)", "(SELECT count(*) FROM read_parquet(" + lit(b.parquetPath(s.Name)) + "))"}
			for _, c := range cols {
				counts = append(counts, "count("+ident(c.Name)+")")
			}
			_, n := query(t, db, "SELECT "+strings.Join(counts, ", ")+" FROM "+readCSV(b.csvPath(s.Name), cols))
			csvRows, pqRows := n[0][0].(int64), n[0][1].(int64)
			if csvRows != pqRows || csvRows != int64(len(tbl.Rows)) {
				t.Errorf("rows: CSV %d, Parquet %d, release %d", csvRows, pqRows, len(tbl.Rows))
			}
			for i, c := range cols {
				if nonNull := n[0][i+2].(int64); !c.Nullable && c.Type != schema.TypeString && nonNull != csvRows {
					t.Errorf("column %s is not nullable but has %d empty cells", c.Name, csvRows-nonNull)
				}
			}
		})
	}
}

// null is the canonical form of a missing value. CSV and the workbook
// cannot tell null from the empty text (both are an empty cell), so the
// empty text compares as null in every format.
const null = "\x00null"

// canonRelease is the canonical text of a release value: integers as
// digits, numbers in the shortest form that reads back exactly, dates as
// YYYY-MM-DD. It is written out here rather than taken from Value.Text,
// which the CSV exporter uses, so that a fault there shows as a CSV
// disagreement.
func canonRelease(v schema.Value) string {
	if v.IsNull() {
		return null
	}
	switch v.Type() {
	case schema.TypeString:
		if v.String() == "" {
			return null
		}
		return v.String()
	case schema.TypeInt:
		return strconv.FormatInt(v.Int(), 10)
	case schema.TypeFloat:
		return strconv.FormatFloat(v.Float(), 'f', -1, 64)
	case schema.TypeDate:
		d := v.Date()
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	return fmt.Sprintf("<value of unknown type %s>", v.Type())
}

// canonDuck is the canonical text of a value DuckDB returns for a column.
func canonDuck(v any, typ schema.Type) (string, error) {
	if v == nil {
		return null, nil
	}
	switch x := v.(type) {
	case string:
		if typ == schema.TypeString {
			if x == "" {
				return null, nil
			}
			return x, nil
		}
	case int64:
		if typ == schema.TypeInt {
			return strconv.FormatInt(x, 10), nil
		}
	case float64:
		if typ == schema.TypeFloat {
			return strconv.FormatFloat(x, 'f', -1, 64), nil
		}
	case time.Time:
		if typ == schema.TypeDate {
			return x.Format(time.DateOnly), nil
		}
	}
	return "", fmt.Errorf("DuckDB returned a %T (%v) for a column of type %s", v, v, typ)
}

// workbook reads the data sheets back with excelize.
type workbook struct {
	f          *excelize.File
	dateStyles map[int]bool // style id -> has a date number format
}

func openWorkbook(t *testing.T, path string) *workbook {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return &workbook{f: f, dateStyles: map[int]bool{}}
}

// isDateStyle reports whether a cell style shows a number as a date.
func (w *workbook) isDateStyle(id int) (bool, error) {
	if ok, seen := w.dateStyles[id]; seen {
		return ok, nil
	}
	st, err := w.f.GetStyle(id)
	if err != nil {
		return false, err
	}
	ok := st.NumFmt >= 14 && st.NumFmt <= 17 // built-in date formats
	if st.CustomNumFmt != nil {
		f := strings.ToLower(*st.CustomNumFmt)
		ok = strings.Contains(f, "y") && strings.Contains(f, "d") && !strings.Contains(f, "h")
	}
	w.dateStyles[id] = ok
	return ok, nil
}

// cell returns the canonical text of the cell at ref, read as a spreadsheet
// program reads it: its stored type, its raw value, its number format.
func (w *workbook) cell(sheet, ref string, typ schema.Type) (string, error) {
	f := w.f
	if formula, err := f.GetCellFormula(sheet, ref); err != nil || formula != "" {
		return "", fmt.Errorf("a formula (%q, %v)", formula, err)
	}
	ct, err := f.GetCellType(sheet, ref)
	if err != nil {
		return "", err
	}
	raw, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		return "", err
	}
	text := ct == excelize.CellTypeInlineString || ct == excelize.CellTypeSharedString
	if !text && ct != excelize.CellTypeUnset && ct != excelize.CellTypeNumber {
		return "", fmt.Errorf("a cell of type %v (%q)", ct, raw)
	}
	if raw == "" {
		return null, nil
	}
	if typ == schema.TypeString {
		if !text {
			return "", fmt.Errorf("a number cell (%s), want text", raw)
		}
		return raw, nil
	}
	if text {
		if typ == schema.TypeDate && len(raw) == 10 && raw < "1900" {
			return raw, nil // Excel has no dates before 1900: text, as documented
		}
		return "", fmt.Errorf("a text cell %q in a column of type %s", raw, typ)
	}
	x, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return "", fmt.Errorf("number cell %q: %v", raw, err)
	}
	switch typ {
	case schema.TypeInt:
		if x != math.Trunc(x) || math.Abs(x) > 1<<53 {
			return "", fmt.Errorf("number %s in an integer column", raw)
		}
		return strconv.FormatInt(int64(x), 10), nil
	case schema.TypeFloat:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case schema.TypeDate:
		style, err := f.GetCellStyle(sheet, ref)
		if err != nil {
			return "", err
		}
		if ok, err := w.isDateStyle(style); err != nil || !ok {
			return "", fmt.Errorf("number %s without a date format (style %d, %v)", raw, style, err)
		}
		if x != math.Trunc(x) {
			return "", fmt.Errorf("date serial %s has a time of day", raw)
		}
		d, err := excelize.ExcelDateToTime(x, false)
		if err != nil {
			return "", err
		}
		return d.Format(time.DateOnly), nil
	}
	return "", fmt.Errorf("unknown column type %s", typ)
}

// sameValue compares canonical texts; tolerant says the value passed
// through the workbook, whose numbers keep 15 significant digits.
func sameValue(typ schema.Type, want, got string, tolerant bool) bool {
	if want == got {
		return true
	}
	if !tolerant || typ != schema.TypeFloat || want == null || got == null {
		return false
	}
	a, err1 := strconv.ParseFloat(want, 64)
	b, err2 := strconv.ParseFloat(got, 64)
	return err1 == nil && err2 == nil && math.Abs(a-b) <= 1e-14*math.Max(math.Abs(a), math.Abs(b))
}

// TestFormatsAgree: for every table, row and column, the CSV (read by
// DuckDB with the declared types), the Parquet file (read by DuckDB) and
// the workbook (read by excelize) hold the release's value.
func TestFormatsAgree(t *testing.T) {
	b := release(t)
	db := openDuckDB(t)
	wb := openWorkbook(t, b.workbook())
	for _, s := range schema.All {
		t.Run(s.Name, func(t *testing.T) {
			tbl := b.table(t, s)
			cols := s.Columns()
			_, pq := query(t, db, "SELECT * FROM read_parquet("+lit(b.parquetPath(s.Name))+")")
			_, cs := query(t, db, "SELECT * FROM "+readCSV(b.csvPath(s.Name), cols))
			if len(pq) != len(tbl.Rows) || len(cs) != len(tbl.Rows) {
				t.Fatalf("rows: Parquet %d, CSV %d, release %d", len(pq), len(cs), len(tbl.Rows))
			}
			sheet := s.Name
			grid, err := wb.f.GetRows(sheet, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatalf("sheet %s: %v", sheet, err)
			}
			if len(grid) == 0 {
				t.Fatalf("sheet %s is empty", sheet)
			}
			// The sheet shows every column, in the table's order.
			var names []string
			for _, c := range cols {
				names = append(names, c.Name)
			}
			if !slices.Equal(grid[0], names) {
				t.Errorf("sheet header %q, want %q", grid[0], names)
			}
			if len(grid) > len(tbl.Rows)+1 {
				t.Errorf("sheet has %d rows below the header, the release %d", len(grid)-1, len(tbl.Rows))
			}
			for i, r := range grid {
				if len(r) > len(names) {
					t.Errorf("sheet row %d has %d cells, the sheet %d columns", i+1, len(r), len(names))
				}
			}

			bad := 0
			report := func(format string, args ...any) {
				if bad++; bad <= 20 {
					t.Errorf(format, args...)
				}
			}
			cells := 0
			for i, row := range tbl.Rows {
				id := row[0].Text()
				for j, c := range cols {
					want := canonRelease(row[j])
					p, err := canonDuck(pq[i][j], c.Type)
					if err != nil || p != want {
						report("row %d (%s), %s: Parquet %q (%v), release %q", i+1, id, c.Name, p, err, want)
					}
					v, err := canonDuck(cs[i][j], c.Type)
					if err != nil || v != want {
						report("row %d (%s), %s: CSV %q (%v), release %q", i+1, id, c.Name, v, err, want)
					}
					ref, _ := excelize.CoordinatesToCellName(j+1, i+2)
					x, err := wb.cell(sheet, ref, c.Type)
					if err != nil || !sameValue(c.Type, want, x, true) {
						report("row %d (%s), %s: workbook %s!%s %q (%v), release %q", i+1, id, c.Name, sheet, ref, x, err, want)
					}
					cells++
				}
			}
			if bad > 20 {
				t.Errorf("... %d disagreements in all", bad)
			}
			t.Logf("%d rows, %d cells compared in CSV, Parquet and the workbook", len(tbl.Rows), cells)
		})
	}
}

// TestReadmeQuery runs the README's DuckDB query on the fresh release and
// checks it gives the 2009 defence budgets.
func TestReadmeQuery(t *testing.T) {
	b := release(t)
	db := openDuckDB(t)
	if _, err := db.Exec("SET file_search_path = " + lit(b.base)); err != nil {
		t.Fatal(err)
	}
	cols, rows := query(t, db, readmeQuery(t))
	if want := []string{"actor", "when_start", "amount", "amount_qualifier", "citation"}; !slices.Equal(cols, want) {
		t.Fatalf("columns %q, want %q", cols, want)
	}
	if len(rows) == 0 {
		t.Fatal("no rows")
	}
	type budget struct {
		amount    float64
		qualifier string
	}
	want := map[string]budget{"ARM": {4e8, "exact"}, "AZE": {1.4e9, "approx"}}
	found := map[string]bool{}
	var prev time.Time
	for i, r := range rows {
		if citation, _ := r[4].(string); citation == "" {
			t.Errorf("row %d: no citation", i+1)
		}
		start, ok := r[1].(time.Time)
		if !ok {
			continue // nulls sort last
		}
		if start.Before(prev) {
			t.Errorf("row %d: when_start %s after %s: not sorted", i+1, start.Format(time.DateOnly), prev.Format(time.DateOnly))
		}
		prev = start
		actor, _ := r[0].(string)
		amount, _ := r[2].(float64)
		qual, _ := r[3].(string)
		if w, ok := want[actor]; ok && start.Format(time.DateOnly) == "2009-01-01" && amount == w.amount && qual == w.qualifier {
			found[actor] = true
		}
	}
	for actor, w := range want {
		if !found[actor] {
			t.Errorf("no row for %s, 2009-01-01, amount %v (%s); got %v", actor, w.amount, w.qualifier, rows)
		}
	}
}

// xlsxExpect is what scripts/xlsx_check.py is told to find.
type xlsxExpect struct {
	Tables []xlsxExpectTable `json:"tables"`
}

type xlsxExpectTable struct {
	Name    string             `json:"name"`
	Rows    int                `json:"rows"`
	Columns []xlsxExpectColumn `json:"columns"`
}

type xlsxExpectColumn struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Nullable bool   `json:"nullable"`
	// Collapsed: a technical column, grouped and hidden (schema.Place).
	Collapsed bool `json:"collapsed"`
}

// TestOpenpyxl runs scripts/xlsx_check.py on the workbook: openpyxl loads
// it with warnings as errors and checks sheets, headers, cell types,
// frozen panes and tables. It skips when Python or openpyxl is missing,
// unless ARMSDATA_REQUIRE_CLIENTS=1 (CI), where it fails.
func TestOpenpyxl(t *testing.T) {
	py := os.Getenv(pythonEnv)
	if py == "" {
		py = defaultPython
	}
	missing := func(format string, args ...any) {
		t.Helper()
		msg := fmt.Sprintf(format, args...) + "; install it with `apt-get install python3-openpyxl` (or set " + pythonEnv + ")"
		if os.Getenv(requireClientsEnv) == "1" {
			t.Fatalf("%s (%s=1 requires it)", msg, requireClientsEnv)
		}
		t.Skip(msg)
	}
	if _, err := exec.LookPath(py); err != nil {
		missing("no Python at %s", py)
	}
	if out, err := exec.Command(py, "-c", "import openpyxl").CombinedOutput(); err != nil {
		missing("%s cannot import openpyxl: %s", py, bytes.TrimSpace(out))
	}

	b := release(t)
	var expect xlsxExpect
	for _, s := range schema.All {
		e := xlsxExpectTable{Name: s.Name, Rows: len(b.table(t, s).Rows)}
		for _, c := range s.Columns() {
			e.Columns = append(e.Columns, xlsxExpectColumn{Name: c.Name, Type: string(c.Type), Nullable: c.Nullable, Collapsed: c.Place.Technical()})
		}
		expect.Tables = append(expect.Tables, e)
	}
	js, err := json.Marshal(expect)
	if err != nil {
		t.Fatal(err)
	}
	expectPath := filepath.Join(t.TempDir(), "expect.json")
	if err := os.WriteFile(expectPath, js, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, filepath.Join(b.root, "scripts", "xlsx_check.py"), "--expect", expectPath, b.workbook())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("scripts/xlsx_check.py: %v\n%s", err, out)
	}
	t.Logf("%s", bytes.TrimSpace(out))
}
