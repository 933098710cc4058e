package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// manyRows is a release of one two-column table, "small", of n rows, the
// notes holding what CSV must quote.
func manyRows(n int) *dataset.Release {
	rows := make([]schema.Row, n)
	for i := range rows {
		note := schema.Null(schema.TypeString)
		switch i % 4 {
		case 1:
			note = schema.Str(fmt.Sprintf("note %d, with \"quotes\"\nand a line break", i))
		case 2:
			note = schema.Str(strings.Repeat("x", i%97))
		}
		rows[i] = schema.Row{schema.Str(fmt.Sprintf("row-%07d", i)), note}
	}
	return smallRelease(rows)
}

// exportWith exports r with e at GOMAXPROCS procs and returns the bytes of
// dir/<sub>/<file>.
func exportWith(t *testing.T, e Exporter, r *dataset.Release, procs int, rel string) []byte {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	dir := t.TempDir()
	if err := e.Export(dir, r); err != nil {
		t.Fatalf("%s: %v", e.Name(), err)
	}
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCSVBatches: a table of several batches is the file encoding/csv
// writes of the same records in one go, on one processor as on eight.
func TestCSVBatches(t *testing.T) {
	r := manyRows(2*csvBatchRows + 7)
	var want bytes.Buffer
	w := csv.NewWriter(&want)
	w.Write(columnNames(r.Tables[0].Schema))
	for _, row := range r.Tables[0].Rows {
		w.Write([]string{row[0].Text(), row[1].Text()})
	}
	w.Flush()
	for _, procs := range []int{1, 8} {
		if got := exportWith(t, CSV{}, r, procs, "csv/small.csv"); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("GOMAXPROCS %d: %d bytes differ from encoding/csv's %d", procs, len(got), want.Len())
		}
	}
}

// TestStreamingRefusesLateRow: a bad row in a late batch is reported by its
// number, and the file begun for the table is removed, for CSV as for
// Parquet.
func TestStreamingRefusesLateRow(t *testing.T) {
	for _, c := range []struct {
		e    Exporter
		rows int
		file string
	}{
		{CSV{}, 3*csvBatchRows + 1, "csv/small.csv"},
		{Parquet{}, parquetBatchRows + 10, "parquet/small.parquet"},
	} {
		r := manyRows(c.rows)
		bad := c.rows - 2
		r.Tables[0].Rows[bad][1] = schema.Str("bad \xff byte")
		r.Tables[0].Rows[bad+1][1] = schema.Int(1) // later: not the one reported
		dir := t.TempDir()
		err := c.e.Export(dir, r)
		if want := "row " + strconv.Itoa(bad+1) + " "; err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "UTF-8") {
			t.Errorf("%s: error %v, want one about UTF-8 in row %d", c.e.Name(), err, bad+1)
		}
		if _, err := os.Stat(filepath.Join(dir, c.file)); !os.IsNotExist(err) {
			t.Errorf("%s: the file of the refused table is there (%v)", c.e.Name(), err)
		}
	}
}

// TestParquetRowGroups: a table longer than a batch is written a row group
// of parquetBatchRows rows at a time, which bounds the writer's memory, and
// reads back whole; the bytes do not depend on the number of processors.
func TestParquetRowGroups(t *testing.T) {
	r := manyRows(2*parquetBatchRows + 5)
	one := exportWith(t, Parquet{}, r, 1, "parquet/small.parquet")
	if eight := exportWith(t, Parquet{}, r, 8, "parquet/small.parquet"); !bytes.Equal(one, eight) {
		t.Error("the file differs between GOMAXPROCS 1 and 8")
	}
	path := filepath.Join(t.TempDir(), "small.parquet")
	if err := os.WriteFile(path, one, 0o644); err != nil {
		t.Fatal(err)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rdr, fr := openParquet(t, path, mem)
	var sizes []int64
	for g := range rdr.NumRowGroups() {
		sizes = append(sizes, rdr.MetaData().RowGroup(g).NumRows())
	}
	if want := []int64{parquetBatchRows, parquetBatchRows, 5}; fmt.Sprint(sizes) != fmt.Sprint(want) {
		t.Errorf("row groups of %v rows, want %v", sizes, want)
	}
	at, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer at.Release()
	rows := r.Tables[0].Rows
	i := 0
	for _, chunk := range at.Column(1).Data().Chunks() {
		for k := 0; k < chunk.Len(); k++ {
			if got := parquetValue(chunk, k); got != rows[i][1] {
				t.Fatalf("row %d: note %#v, want %#v", i+1, got, rows[i][1])
			}
			i++
		}
	}
	if i != len(rows) {
		t.Errorf("%d rows back, want %d", i, len(rows))
	}
}

// TestXLSXBatches: a table of several batches and sheets, with more
// addresses than a sheet links, is the same workbook on one processor as
// on eight; every value reads back in its place, and each sheet links its
// first addresses and no more, the links in their style.
func TestXLSXBatches(t *testing.T) {
	r := benchRelease(3*xlsxBatchRows + 77)
	r.Meta.Name = "batches"
	x := XLSX{rowsPerSheet: 2*xlsxBatchRows + 5, linksPerSheet: 300}
	one := exportWith(t, x, r, 1, "batches.xlsx")
	if eight := exportWith(t, x, r, 8, "batches.xlsx"); !bytes.Equal(one, eight) {
		t.Fatal("the workbook differs between GOMAXPROCS 1 and 8")
	}
	path := filepath.Join(t.TempDir(), "batches.xlsx")
	if err := os.WriteFile(path, one, 0o644); err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, path)
	tbl := r.Tables[0]
	cols := tbl.Schema.Columns()
	url := tbl.Schema.Column("source_url")
	urlCol := url // the sheet shows every column, in the table's order
	linkStyle := -1
	for si, sheet := range []string{"arms_transfers", "arms_transfers_2"} {
		first := si * x.rowsPerSheet
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if want := min(len(tbl.Rows)-first, x.rowsPerSheet) + 1; len(rows) != want {
			t.Fatalf("%s: %d rows, want %d", sheet, len(rows), want)
		}
		links := 0
		for k, got := range rows[1:] {
			row := tbl.Rows[first+k]
			for ci, c := range cols {
				var cell string
				if ci < len(got) {
					cell = got[ci]
				}
				v := row[ci]
				want := v.Text()
				if c.Type == schema.TypeDate && !v.IsNull() {
					want = wantSerial(v.Date())
				}
				if cell != want {
					t.Fatalf("%s row %d, %s = %q, want %q", sheet, k+2, c.Name, cell, want)
				}
			}
			ref := cellName(t, urlCol+1, k+2)
			linked, target, err := f.GetCellHyperLink(sheet, ref)
			if err != nil {
				t.Fatal(err)
			}
			wantLink := !row[url].IsNull() && links < x.linksPerSheet
			if linked != wantLink || (linked && target != row[url].String()) {
				t.Fatalf("%s!%s: link %v %q, want %v", sheet, ref, linked, target, wantLink)
			}
			if linked {
				links++
				style, _ := f.GetCellStyle(sheet, ref)
				if linkStyle < 0 {
					linkStyle = style
				}
				if style != linkStyle {
					t.Errorf("%s!%s: a link in style %d, the others in %d", sheet, ref, style, linkStyle)
				}
			} else if style, _ := f.GetCellStyle(sheet, ref); !row[url].IsNull() && style == linkStyle {
				t.Errorf("%s!%s: an address without a link in the link style", sheet, ref)
			}
		}
		if links != x.linksPerSheet {
			t.Errorf("%s: %d links, want %d", sheet, links, x.linksPerSheet)
		}
	}
}

// TestLayoutColumns: the parallel, early-stopping measure of the columns
// gives the layout of measuring every value of every column, on tables
// whose widest values come early, late or not at all.
func TestLayoutColumns(t *testing.T) {
	// naive is the definition: the widest value of each column, then
	// fitWidth and the wrapping rule.
	naive := func(tb *dataset.Table) []colLayout {
		var out []colLayout
		for ci, c := range tb.Schema.Columns() {
			content := 0
			for _, row := range tb.Rows {
				v := row[ci]
				var s string
				switch {
				case v.IsNull():
				case v.Type() == schema.TypeInt:
					s = groupDigits(strconv.FormatInt(v.Int(), 10), thousands(c))
				case v.Type() == schema.TypeFloat:
					s = groupDigits(strconv.FormatFloat(v.Float(), 'f', -1, 64), thousands(c))
				case v.Type() == schema.TypeDate:
					s = "yyyy-mm-dd"
				default:
					s = v.String()
				}
				for _, line := range strings.Split(s, "\n") {
					content = max(content, len([]rune(line)))
				}
			}
			limit := widthText
			switch {
			case c.Role == schema.RoleQuote:
				out = append(out, colLayout{width: widthQuote, wrap: true, collapsed: c.Place.Technical()})
				continue
			case c.Type != schema.TypeString:
				limit = widthNumber
			case c.Role == schema.RoleURL:
				limit = widthURL
			case c.Role == schema.RoleCode:
				limit = widthCode
			case c.Role == schema.RoleID:
				limit = widthID
			}
			out = append(out, colLayout{
				width:     float64(fitWidth(c.Name, content, limit)),
				wrap:      c.Type == schema.TypeString && c.Role == schema.RolePlain && c.Role != schema.RoleURL && content > limit,
				collapsed: c.Place.Technical(),
			})
		}
		return out
	}
	numbers := []float64{0, math.Copysign(0, -1), 7, -7, 1234567, -9876543210, 0.5, -1234.25, 1e14, 1e15 + 2, 123456789.125, 1e21, -3e-7}
	ints := []int64{0, 5, -5, 999, 1000, -1000, 123456789, -987654321012, 1 << 52}
	for _, c := range []struct {
		name string
		rows int
	}{{"short", 40}, {"long", 3*layoutBatchRows + 11}} {
		r := benchRelease(c.rows)
		tb := r.Tables[0]
		cols := tb.Schema.Columns()
		for i, row := range tb.Rows {
			row = slices.Clone(row)
			tb.Rows[i] = row
			for ci, col := range cols {
				switch {
				case col.Type == schema.TypeFloat && i%3 == 0:
					row[ci] = schema.Float(numbers[(i+ci)%len(numbers)])
				case col.Type == schema.TypeInt && col.Nullable && i%3 == 1:
					row[ci] = schema.Int(ints[(i+ci)%len(ints)])
				case col.Name == "designation" && i == len(tb.Rows)-1:
					row[ci] = schema.Str("a late designation, longer than any other and than the cap of the column's width")
				case col.Name == "unit" && i%5 == 0:
					row[ci] = schema.Str("ünïts\nof a very much longer second line than the first one, past the cap")
				}
			}
		}
		if got, want := layoutColumns(tb), naive(tb); !slices.Equal(got, want) {
			for k := range got {
				if got[k] != want[k] {
					t.Errorf("%s: column %s: %+v, want %+v", c.name, cols[k].Name, got[k], want[k])
				}
			}
		}
	}
}

// TestCheckTextPlainASCII: text of printable ASCII, tabs and line breaks
// passes at the byte-at-a-time speed exactly when the character checks pass
// it, at the edges of both.
func TestCheckTextPlainASCII(t *testing.T) {
	for _, c := range []struct {
		s     string
		plain bool
		ok    bool
	}{
		{"", true, true},
		{"Azerbaijan's 2009 budget ~ $1.4 billion", true, true},
		{"tab\tline\nreturn\r", true, true},
		{"\x7f", true, true}, // DEL: XML stores it
		{"\x1f", false, false},
		{"\x00", false, false},
		{"é", false, true},
		{"\xff", false, false},
		{strings.Repeat("a", xlsxMaxCellChars), true, true},
		{strings.Repeat("a", xlsxMaxCellChars+1), true, false},
	} {
		if got := plainASCII(c.s); got != c.plain {
			t.Errorf("plainASCII(%.20q) = %v, want %v", c.s, got, c.plain)
		}
		if err := checkText(c.s); (err == nil) != c.ok {
			t.Errorf("checkText(%.20q) = %v, want ok %v", c.s, err, c.ok)
		}
		if c.plain && c.ok && textWidth(c.s) != utf8.RuneCountInString(c.s) {
			t.Errorf("textWidth(%.20q) = %d", c.s, textWidth(c.s))
		}
	}
}
