package export

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

var colMin = regexp.MustCompile(`<col min="(\d+)"`)

// exportXLSX writes r with x into a fresh directory and returns the path.
func exportXLSX(t *testing.T, x XLSX, r *dataset.Release) string {
	t.Helper()
	dir := t.TempDir()
	if err := x.Export(dir, r); err != nil {
		t.Fatalf("Export: %v", err)
	}
	path := filepath.Join(dir, r.Meta.Name+".xlsx")
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// openXLSX opens a workbook that reports raw cell values (not formatted).
func openXLSX(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func cellName(t *testing.T, col, row int) string {
	t.Helper()
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		t.Fatal(err)
	}
	return name
}

// numFmt returns the number format code of a cell.
func numFmt(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	switch st.NumFmt {
	case 0:
		return "General"
	case 1:
		return "0"
	case 3:
		return "#,##0"
	}
	return "builtin " + strconv.Itoa(st.NumFmt)
}

// wantSerial is Excel's serial number of a day from 1 March 1900 on,
// computed independently of the exporter: days since 30 December 1899.
func wantSerial(d schema.Date) string {
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	return strconv.FormatInt((d.Time().Unix()-epoch.Unix())/86400, 10)
}

func TestXLSXName(t *testing.T) {
	var e Exporter = XLSX{}
	if e.Name() != "xlsx" {
		t.Errorf("Name() = %q", e.Name())
	}
}

// TestXLSXSheetsAndAbout: the sheet order is About, the tables in release
// order, Dictionary; the About sheet says what the release is, its version
// and licence (with a live link), how to cite, and lists the sheets.
func TestXLSXSheetsAndAbout(t *testing.T) {
	r := fixtureRelease()
	f := openXLSX(t, exportXLSX(t, XLSX{}, r))
	if got, want := strings.Join(f.GetSheetList(), ","), "About,fixture,Dictionary"; got != want {
		t.Fatalf("sheets = %s, want %s", got, want)
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Errorf("active sheet = %d, want About (0)", f.GetActiveSheetIndex())
	}
	rows, err := f.GetRows("About")
	if err != nil {
		t.Fatal(err)
	}
	var text []string
	for _, row := range rows {
		if len(row) > 1 {
			t.Errorf("About uses more than column A: %q", row)
		}
		text = append(text, strings.Join(row, ""))
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{
		"Fixture release", "For tests.", "Version: 0.0.0-test", "Licence: CC-BY-4.0",
		"https://creativecommons.org/licenses/by/4.0/",
		"How to cite a row", "source_id", "citation", "source_url", "quote_start", "quote_end",
		"Fixture — sheet fixture, 3 rows.\nA table for exporter tests.",
		"Dictionary — every column",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("About lacks %q:\n%s", want, all)
		}
	}
	if text[0] != "Fixture release" {
		t.Errorf("About A1 = %q, want the title", text[0])
	}
	w, err := f.GetColWidth("About", "A")
	if err != nil || w < 80 {
		t.Errorf("About column A width = %v, %v; want wide", w, err)
	}
	for i, line := range text {
		ref := cellName(t, 1, i+1)
		if line == "" {
			continue
		}
		id, _ := f.GetCellStyle("About", ref)
		st, _ := f.GetStyle(id)
		if st.Alignment == nil || !st.Alignment.WrapText {
			t.Errorf("About %s is not wrapped", ref)
		}
		switch {
		case line == r.Meta.LicenceURL:
			ok, link, _ := f.GetCellHyperLink("About", ref)
			if !ok || link != r.Meta.LicenceURL {
				t.Errorf("licence URL %s: link %v %q", ref, ok, link)
			}
		case strings.HasPrefix(line, "Fixture — "):
			ok, link, _ := f.GetCellHyperLink("About", ref)
			if !ok || link != "'fixture'!A1" {
				t.Errorf("sheet list %s: link %v %q, want a jump to the fixture sheet", ref, ok, link)
			}
		}
	}
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Title != "Fixture release" || props.Version != "0.0.0-test" || props.Creator != "fixture" {
		t.Errorf("doc props = %+v", props)
	}
	if !strings.HasPrefix(props.Created, "2006-") || props.Created != props.Modified {
		t.Errorf("created %q modified %q: want excelize's fixed template date, not the clock", props.Created, props.Modified)
	}
}

// TestXLSXCells checks every cell of the fixture sheet against the fixture:
// header names, value, cell type and number format; nulls are empty cells,
// dates are numbers with a yyyy-mm-dd format, hostile text is text.
func TestXLSXCells(t *testing.T) {
	r := fixtureRelease()
	tbl := r.Tables[0]
	cols := tbl.Schema.Columns()
	f := openXLSX(t, exportXLSX(t, XLSX{}, r))
	const sheet = "fixture"

	for ci, c := range cols {
		ref := cellName(t, ci+1, 1)
		got, _ := f.GetCellValue(sheet, ref)
		if got != c.Name {
			t.Errorf("header %s = %q, want %q", ref, got, c.Name)
		}
		id, _ := f.GetCellStyle(sheet, ref)
		st, _ := f.GetStyle(id)
		if st.Font == nil || !st.Font.Bold {
			t.Errorf("header %s is not bold", ref)
		}
	}
	if rows, _ := f.GetRows(sheet); len(rows) != 1+len(tbl.Rows) {
		t.Errorf("%d rows, want header + %d", len(rows), len(tbl.Rows))
	}

	checked := map[schema.Type]int{}
	for i, row := range tbl.Rows {
		for ci, c := range cols {
			v := row[ci]
			ref := cellName(t, ci+1, i+2)
			where := tbl.Get(i, "id").String() + "." + c.Name + " (" + ref + ")"
			typ, err := f.GetCellType(sheet, ref)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := f.GetCellValue(sheet, ref)
			if formula, _ := f.GetCellFormula(sheet, ref); formula != "" {
				t.Errorf("%s has formula %q", where, formula)
			}
			if v.IsNull() {
				if got != "" || typ != excelize.CellTypeUnset {
					t.Errorf("%s: null written as %q (type %v), want an empty cell", where, got, typ)
				}
				continue
			}
			checked[v.Type()]++
			switch v.Type() {
			case schema.TypeString:
				if typ != excelize.CellTypeInlineString {
					t.Errorf("%s: type %v, want an inline string", where, typ)
				}
				if got != v.String() {
					t.Errorf("%s = %q, want %q", where, got, v.String())
				}
			case schema.TypeInt:
				if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
					t.Errorf("%s: type %v, want a number", where, typ)
				}
				if got != strconv.FormatInt(v.Int(), 10) {
					t.Errorf("%s = %q, want %d", where, got, v.Int())
				}
				want := "0"
				if c.Role == schema.RoleNumber {
					want = "#,##0"
				}
				if nf := numFmt(t, f, sheet, ref); nf != want {
					t.Errorf("%s: format %q, want %q", where, nf, want)
				}
			case schema.TypeFloat:
				if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
					t.Errorf("%s: type %v, want a number", where, typ)
				}
				if x, err := strconv.ParseFloat(got, 64); err != nil || x != v.Float() {
					t.Errorf("%s = %q, want %v", where, got, v.Float())
				}
				want := "#,##0"
				if v.Float() != math.Trunc(v.Float()) {
					want = fmtFraction
				}
				if nf := numFmt(t, f, sheet, ref); nf != want {
					t.Errorf("%s: format %q, want %q", where, nf, want)
				}
			case schema.TypeDate:
				if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
					t.Errorf("%s: type %v, want a number (a date serial)", where, typ)
				}
				if want := wantSerial(v.Date()); got != want {
					t.Errorf("%s = %q, want serial %s for %s", where, got, want, v.Date())
				}
				if nf := numFmt(t, f, sheet, ref); nf != "yyyy-mm-dd" {
					t.Errorf("%s: format %q, want yyyy-mm-dd", where, nf)
				}
			}
		}
	}
	for _, typ := range []schema.Type{schema.TypeString, schema.TypeInt, schema.TypeFloat, schema.TypeDate} {
		if checked[typ] == 0 {
			t.Errorf("fixture has no non-null %s cell: the test checks nothing for it", typ)
		}
	}

	// Formatted as a reader sees them.
	shown, err := excelize.OpenFile(filepath.Join(filepath.Dir(f.Path), filepath.Base(f.Path)))
	if err != nil {
		t.Fatal(err)
	}
	defer shown.Close()
	for col, want := range map[string]string{"when_start": "2009-01-01", "amount": "1,400,000,000", "personnel": "3,500"} {
		ref := cellName(t, sheetColumn(t, tbl.Schema, col), 2)
		if got, _ := shown.GetCellValue(sheet, ref); got != want {
			t.Errorf("full.%s shows %q, want %q", col, got, want)
		}
	}
}

// sheetColumn is the column, from 1, of a table's sheet that shows the
// table's column name: the sheet shows every column, in the table's order.
func sheetColumn(t *testing.T, tbl *schema.Table, name string) int {
	t.Helper()
	if k := tbl.Column(name); k >= 0 {
		return k + 1
	}
	t.Fatalf("table %s has no column %s", tbl.Name, name)
	return 0
}

// TestXLSXOutline: a table's sheet shows every column in the table's
// order, the technical ones (bounds, the time's basis, offsets, the
// verbatim quote, address, keys, notes) grouped at outline level 1 and
// hidden, the others visible and ungrouped; the Dictionary sheet says
// which are collapsed, and the About sheet tells a reader how to open the
// group. The sheet prints as wide as its visible columns.
func TestXLSXOutline(t *testing.T) {
	r := fixtureRelease()
	tbl := r.Tables[0]
	f := openXLSX(t, exportXLSX(t, XLSX{}, r))
	rows, err := f.GetRows("fixture")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range tbl.Schema.Columns() {
		names = append(names, c.Name)
	}
	if !slices.Equal(rows[0], names) {
		t.Errorf("fixture header %q, want every column %q", rows[0], names)
	}
	collapsed := map[string]bool{}
	for _, name := range []string{"amount_low", "amount_high", "personnel_low", "personnel_high", "when_precision", "when_basis",
		"when_note", "quote_start", "quote_end", "quote_line", "quote", "source_url", "source_id", "note"} {
		collapsed[name] = true
	}
	for k, c := range tbl.Schema.Columns() {
		col, _ := excelize.ColumnNumberToName(k + 1)
		level, err := f.GetColOutlineLevel("fixture", col)
		if err != nil {
			t.Fatal(err)
		}
		visible, err := f.GetColVisible("fixture", col)
		if err != nil {
			t.Fatal(err)
		}
		if want := collapsed[c.Name]; (level == 1) != want || visible == want || level > 1 {
			t.Errorf("column %s (%s): outline level %d, visible %v; want collapsed %v", col, c.Name, level, visible, want)
		}
	}
	if got, want := rows[1][sheetColumn(t, tbl.Schema, "quote")-1], tbl.Get(0, "quote").String(); got != want {
		t.Errorf("quote cell %q, want the verbatim quote %q", got, want)
	}
	if got, want := rows[1][sheetColumn(t, tbl.Schema, "quote_display")-1], tbl.Get(0, "quote_display").String(); got != want || strings.Contains(got, "\n") {
		t.Errorf("quote_display cell %q, want the display quote %q", got, want)
	}
	dict, _ := f.GetRows("Dictionary")
	shown := slices.Index(dict[0], "shown")
	if shown < 0 {
		t.Fatalf("Dictionary header %q has no shown column", dict[0])
	}
	listed := 0
	for _, row := range dict[1:] {
		if len(row) > shown && row[0] == "fixture" {
			listed++
			if want := map[bool]string{true: "collapsed", false: "yes"}[collapsed[row[1]]]; row[shown] != want {
				t.Errorf("Dictionary: fixture.%s shown %q, want %q", row[1], row[shown], want)
			}
		}
	}
	if listed != len(names) {
		t.Errorf("the Dictionary lists %d columns of fixture, want %d", listed, len(names))
	}
	about, _ := f.GetRows("About")
	if text := fmt.Sprint(about); !strings.Contains(text, "grouped and collapsed") || !strings.Contains(text, "among the technical columns quote") {
		t.Errorf("the About sheet does not say where the technical columns and the verbatim quote are")
	}
}

// TestXLSXHostileTextIsText: text a spreadsheet could take for a formula
// is written as a string; no cell of any sheet has a formula, and no
// worksheet part holds a formula element or a formula-string cell.
func TestXLSXHostileTextIsText(t *testing.T) {
	r := fixtureRelease()
	path := exportXLSX(t, XLSX{}, r)
	f := openXLSX(t, path)
	tbl := r.Tables[0]
	hostile := -1
	for i := range tbl.Rows {
		if tbl.Get(i, "id").String() == "hostile" {
			hostile = i
		}
	}
	for _, col := range []string{"quote", "note", "personnel_text"} {
		ref := cellName(t, tbl.Schema.Column(col)+1, hostile+2)
		want := tbl.Get(hostile, col).String()
		got, _ := f.GetCellValue("fixture", ref)
		typ, _ := f.GetCellType("fixture", ref)
		if got != want || typ != excelize.CellTypeInlineString {
			t.Errorf("hostile.%s = %q (type %v), want the string %q", col, got, typ, want)
		}
	}

	cells := 0
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for ri, row := range rows {
			for ci := range row {
				ref := cellName(t, ci+1, ri+1)
				if formula, _ := f.GetCellFormula(sheet, ref); formula != "" {
					t.Errorf("%s!%s has formula %q", sheet, ref, formula)
				}
				cells++
			}
		}
	}
	if cells < 100 {
		t.Errorf("only %d cells looked at", cells)
	}

	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		for _, bad := range []string{"<f>", "<f ", `t="str"`} {
			if bytes.Contains(b, []byte(bad)) {
				t.Errorf("%s contains %s", zf.Name, bad)
			}
		}
		// Excel repairs a sheet whose <col> elements are not in order.
		prev := 0
		for _, m := range colMin.FindAllSubmatch(b, -1) {
			n, _ := strconv.Atoi(string(m[1]))
			if n <= prev {
				t.Errorf("%s: <col min=%d> after min=%d", zf.Name, n, prev)
			}
			prev = n
		}
	}
}

// TestXLSXSheetLayout: frozen header (and id column), the Excel table that
// gives the autofilter over header and rows, column widths and wrapping.
func TestXLSXSheetLayout(t *testing.T) {
	r := fixtureRelease()
	f := openXLSX(t, exportXLSX(t, XLSX{}, r))
	cols := r.Tables[0].Schema.Columns()
	last := cellName(t, len(cols), 1+len(r.Tables[0].Rows))

	panes, err := f.GetPanes("fixture")
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 1 || panes.TopLeftCell != "B2" {
		t.Errorf("fixture panes = %+v, want header row and id column frozen", panes)
	}
	tables, err := f.GetTables("fixture")
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) != 1 || tables[0].Range != "A1:"+last || tables[0].Name != "tbl_fixture" {
		t.Fatalf("fixture tables = %+v, want one over A1:%s", tables, last)
	}

	for ci, c := range cols {
		colName, _ := excelize.ColumnNumberToName(ci + 1)
		w, err := f.GetColWidth("fixture", colName)
		if err != nil {
			t.Fatal(err)
		}
		id, _ := f.GetCellStyle("fixture", cellName(t, ci+1, 2))
		st, _ := f.GetStyle(id)
		wrapped := st.Alignment != nil && st.Alignment.WrapText
		switch {
		case c.Role == schema.RoleQuote:
			if w < 60 || w > 80 || !wrapped {
				t.Errorf("quote column %s: width %v wrapped %v, want 60–80 and wrapped", c.Name, w, wrapped)
			}
		default:
			if w < float64(len(c.Name)) || w > widthText {
				t.Errorf("column %s: width %v, want at least its header and at most %d", c.Name, w, widthText)
			}
		}
	}

	// The Dictionary is a filterable table too, with its header frozen.
	panes, _ = f.GetPanes("Dictionary")
	if !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("Dictionary panes = %+v", panes)
	}
	if tables, _ := f.GetTables("Dictionary"); len(tables) != 1 {
		t.Errorf("Dictionary tables = %+v", tables)
	}
}

// TestXLSXLinks: URL cells are external hyperlinks when they hold an http(s)
// address, plain text otherwise; null URLs get no link.
func TestXLSXLinks(t *testing.T) {
	r := fixtureRelease()
	tbl := r.Tables[0]
	// A sources table: its url column is linked too.
	src := sourcesTable(map[string]schema.Value{"source_id": schema.Str("src"), "url": schema.Str("https://example.org/a b?x=1")})
	r.Tables = append([]*dataset.Table{src}, r.Tables...)
	tbl.Rows[1][tbl.Schema.Column("source_url")] = schema.Str("javascript:alert(1)")
	f := openXLSX(t, exportXLSX(t, XLSX{}, r))

	col := tbl.Schema.Column("source_url") + 1
	for i, want := range []string{"https://example.org/a?b=1&c=2", "", ""} {
		ref := cellName(t, col, i+2)
		ok, link, err := f.GetCellHyperLink("fixture", ref)
		if err != nil {
			t.Fatal(err)
		}
		if ok != (want != "") || link != want {
			t.Errorf("fixture!%s link = %v %q, want %q", ref, ok, link, want)
		}
	}
	if got, _ := f.GetCellValue("fixture", cellName(t, col, 3)); got != "javascript:alert(1)" {
		t.Errorf("non-web URL shown as %q, want it as text", got)
	}
	ref := cellName(t, src.Schema.Column("url")+1, 2)
	ok, link, _ := f.GetCellHyperLink("sources", ref)
	if !ok || link != "https://example.org/a%20b?x=1" {
		t.Errorf("sources!%s link = %v %q", ref, ok, link)
	}
	if got, _ := f.GetCellValue("sources", ref); got != "https://example.org/a b?x=1" {
		t.Errorf("sources!%s shows %q, want the URL as written", ref, got)
	}
}

// TestXLSXLinkCap: beyond the per-sheet budget of links, addresses are
// plain text; the About sheet says so.
func TestXLSXLinkCap(t *testing.T) {
	r := fixtureRelease()
	tbl := r.Tables[0]
	col := tbl.Schema.Column("source_url")
	for i := range tbl.Rows {
		tbl.Rows[i][col] = schema.Str("https://example.org/" + strconv.Itoa(i))
	}
	f := openXLSX(t, exportXLSX(t, XLSX{linksPerSheet: 2}, r))
	for i := range tbl.Rows {
		ref := cellName(t, col+1, i+2)
		ok, _, _ := f.GetCellHyperLink("fixture", ref)
		got, _ := f.GetCellValue("fixture", ref)
		if ok != (i < 2) || got != tbl.Rows[i][col].String() {
			t.Errorf("row %d: link %v, text %q", i+1, ok, got)
		}
	}
	about, _ := f.GetRows("About")
	var text strings.Builder
	for _, row := range about {
		text.WriteString(strings.Join(row, ""))
	}
	if !strings.Contains(text.String(), "at most 2 on a sheet") {
		t.Errorf("About does not state the link budget:\n%s", text.String())
	}
}

// sourcesTable is the real sources table with one row; unset columns are
// null.
func sourcesTable(vals map[string]schema.Value) *dataset.Table {
	cols := schema.Sources.Columns()
	row := make(schema.Row, len(cols))
	for i, c := range cols {
		if v, ok := vals[c.Name]; ok {
			row[i] = v
		} else {
			row[i] = schema.Null(c.Type)
		}
	}
	return &dataset.Table{Schema: schema.Sources, Rows: []schema.Row{row}}
}

// TestXLSXDictionary: one row per column of every table, with type,
// nullability, description, vocabulary terms one per line and references.
func TestXLSXDictionary(t *testing.T) {
	r := fixtureRelease()
	f := openXLSX(t, exportXLSX(t, XLSX{}, r))
	rows, err := f.GetRows("Dictionary")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(rows[0], "|"), "table|column|type|nullable|description|allowed values|references|shown"; got != want {
		t.Fatalf("Dictionary header = %s", got)
	}
	cols := r.Tables[0].Schema.Columns()
	if len(rows) != 1+len(cols) {
		t.Fatalf("Dictionary has %d rows, want %d", len(rows)-1, len(cols))
	}
	for i, c := range cols {
		row := append(rows[i+1], make([]string, 8)...)
		nullable, shown := "no", "yes"
		if c.Nullable {
			nullable = "yes"
		}
		if c.Place.Technical() {
			shown = "collapsed"
		}
		if row[0] != "fixture" || row[1] != c.Name || row[2] != string(c.Type) || row[3] != nullable || row[4] != c.Description || row[6] != c.Ref || row[7] != shown {
			t.Errorf("Dictionary row %d = %q, want %s %s %s %s %s", i+2, row[:8], c.Name, c.Type, nullable, c.Ref, shown)
		}
		if c.Vocab == nil && row[5] != "" {
			t.Errorf("%s: allowed values %q for an uncoded column", c.Name, row[5])
		}
		if c.Vocab != nil {
			lines := strings.Split(row[5], "\n")
			if len(lines) != len(c.Vocab.Terms) {
				t.Errorf("%s: %d allowed values, want %d", c.Name, len(lines), len(c.Vocab.Terms))
				continue
			}
			for j, term := range c.Vocab.Terms {
				if lines[j] != term.Code+": "+term.Description {
					t.Errorf("%s: allowed value %q, want %q", c.Name, lines[j], term.Code+": "+term.Description)
				}
			}
		}
	}
	ref := cellName(t, 6, 1+sheetColumn(t, r.Tables[0].Schema, "amount_qualifier"))
	if got, _ := f.GetCellValue("Dictionary", ref); !strings.Contains(got, "approx: \"around\"") {
		t.Errorf("amount_qualifier allowed values = %q", got)
	}
}

// TestXLSXSplitsLongTables: a table longer than a sheet continues on
// <table>_2, ... each with its header, frozen panes and table; the limit is
// injected so the test needs no million rows.
func TestXLSXSplitsLongTables(t *testing.T) {
	for _, tc := range []struct {
		limit  int
		sheets []string
		rows   []int
	}{
		{1, []string{"fixture", "fixture_2", "fixture_3"}, []int{1, 1, 1}},
		{2, []string{"fixture", "fixture_2"}, []int{2, 1}},
		{3, []string{"fixture"}, []int{3}},
		{0, []string{"fixture"}, []int{3}},
	} {
		r := fixtureRelease()
		tbl := r.Tables[0]
		f := openXLSX(t, exportXLSX(t, XLSX{rowsPerSheet: tc.limit}, r))
		want := append(append([]string{"About"}, tc.sheets...), "Dictionary")
		if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("limit %d: sheets %q, want %q", tc.limit, got, want)
			continue
		}
		next := 0
		for si, sheet := range tc.sheets {
			rows, _ := f.GetRows(sheet)
			if len(rows) != 1+tc.rows[si] {
				t.Errorf("limit %d: %s has %d rows, want header + %d", tc.limit, sheet, len(rows), tc.rows[si])
				continue
			}
			if rows[0][0] != "id" {
				t.Errorf("limit %d: %s header = %q", tc.limit, sheet, rows[0])
			}
			for k := 1; k < len(rows); k++ {
				if id := tbl.Get(next, "id").String(); rows[k][0] != id {
					t.Errorf("limit %d: %s row %d id %q, want %q", tc.limit, sheet, k+1, rows[k][0], id)
				}
				next++
			}
			if p, _ := f.GetPanes(sheet); !p.Freeze || p.YSplit != 1 {
				t.Errorf("limit %d: %s is not frozen", tc.limit, sheet)
			}
			tables, _ := f.GetTables(sheet)
			last := cellName(t, len(tbl.Schema.Columns()), 1+tc.rows[si])
			if len(tables) != 1 || tables[0].Range != "A1:"+last {
				t.Errorf("limit %d: %s tables %+v, want A1:%s", tc.limit, sheet, tables, last)
			}
		}
		if next != len(tbl.Rows) {
			t.Errorf("limit %d: %d rows written, want %d", tc.limit, next, len(tbl.Rows))
		}
		if len(tc.sheets) > 1 {
			about, _ := f.GetRows("About")
			var text strings.Builder
			for _, row := range about {
				text.WriteString(strings.Join(row, "") + "\n")
			}
			if !strings.Contains(text.String(), "sheets "+strings.Join(tc.sheets, ", ")) {
				t.Errorf("limit %d: About does not list %q:\n%s", tc.limit, tc.sheets, text.String())
			}
		}
	}
}

// oneColumn is a release of one table of ids.
func oneColumn(name string, ids ...string) *dataset.Release {
	tbl := &schema.Table{Name: name, Title: "T", Fields: []schema.Field{{Name: "id", Kind: schema.KindID}}}
	var rows []schema.Row
	for _, id := range ids {
		rows = append(rows, schema.Row{schema.Str(id)})
	}
	return &dataset.Release{Meta: dataset.Meta{Name: "x"}, Tables: []*dataset.Table{{Schema: tbl, Rows: rows}}}
}

// TestXLSXSheetNameErrors: a table whose name cannot be a sheet name, or
// clashes with another sheet, is an error naming the table.
func TestXLSXSheetNameErrors(t *testing.T) {
	long := strings.Repeat("t", 30)
	for _, tc := range []struct {
		r     *dataset.Release
		limit int
		want  string
	}{
		{oneColumn("a/b", "1"), 0, `table "a/b"`},
		{oneColumn("a[1]", "1"), 0, `table "a[1]"`},
		{oneColumn("what?", "1"), 0, `table "what?"`},
		{oneColumn(strings.Repeat("x", 32), "1"), 0, "at most 31"},
		{oneColumn("'quoted'", "1"), 0, "apostrophe"},
		{oneColumn("about", "1"), 0, `table "about"`},
		{oneColumn("Dictionary", "1"), 0, "Dictionary sheet"},
		{oneColumn("balance", "1"), 0, "Balance sheet"},
		{oneColumn("history", "1"), 0, "reserved"},
		{oneColumn(long, "1", "2"), 1, "continuation sheet"}, // tttt…_2 has 32 characters
		{func() *dataset.Release {
			r := oneColumn("rows", "1", "2")
			r.Tables = append(r.Tables, oneColumn("Rows_2", "3").Tables[0])
			return r
		}(), 1, `already used by table "rows"`},
		{func() *dataset.Release {
			r := oneColumn("Sources", "1")
			r.Tables = append(r.Tables, oneColumn("sources", "3").Tables[0])
			return r
		}(), 0, `already used by table "Sources"`},
	} {
		err := XLSX{rowsPerSheet: tc.limit}.Export(t.TempDir(), tc.r)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("table %q: err = %v, want one mentioning %s", tc.r.Tables[len(tc.r.Tables)-1].Schema.Name, err, tc.want)
		}
	}
	// 31 characters is fine, and so is the split of a 29-character name.
	if err := (XLSX{}).Export(t.TempDir(), oneColumn(strings.Repeat("x", 31), "1")); err != nil {
		t.Errorf("31-character name: %v", err)
	}
	if err := (XLSX{rowsPerSheet: 1}).Export(t.TempDir(), oneColumn(strings.Repeat("x", 29), "1", "2")); err != nil {
		t.Errorf("29-character name split in two: %v", err)
	}
}

// The loader and the release check refuse, at the input's position,
// every text the workbook writer would refuse: the limits are the same
// constants as excelize's, and every character checkText refuses,
// schema.TextProblem refuses too.
func TestXLSXRefusalsCheckedEarlier(t *testing.T) {
	if schema.MaxCellChars != excelize.TotalCellChars {
		t.Errorf("schema.MaxCellChars = %d, excelize.TotalCellChars = %d", schema.MaxCellChars, excelize.TotalCellChars)
	}
	for c := rune(0); c <= utf8.MaxRune; c++ {
		if !utf8.ValidRune(c) {
			continue
		}
		s := "a" + string(c)
		if checkText(s) != nil {
			if msg, _ := schema.TextProblem(s); msg == "" {
				t.Errorf("the workbook refuses %U, which schema.TextProblem lets through", c)
			}
		}
	}
	for _, s := range []string{strings.Repeat("a", xlsxMaxCellChars+1), strings.Repeat("😀", xlsxMaxCellChars/2+1), "\xff"} {
		if checkText(s) == nil {
			t.Errorf("checkText accepts a text of %d bytes", len(s))
		}
		if msg, _ := schema.TextProblem(s); msg == "" {
			t.Errorf("schema.TextProblem accepts a text of %d bytes the workbook refuses", len(s))
		}
	}
}

// TestXLSXBadValues: values a workbook cannot hold as they are (excelize
// would truncate or alter them silently) are errors naming table, row id
// and column; the limit itself is fine and comes back whole.
func TestXLSXBadValues(t *testing.T) {
	set := func(col string, v schema.Value) *dataset.Release {
		r := fixtureRelease()
		r.Tables[0].Rows[0][r.Tables[0].Schema.Column(col)] = v
		return r
	}
	for _, tc := range []struct {
		name string
		r    *dataset.Release
		want string
	}{
		{"32,768 characters", set("quote_display", schema.Str(strings.Repeat("a", 32768))), "32768 characters"},
		{"32,768 UTF-16 units", set("note", schema.Str(strings.Repeat("😀", 16384))), "32768 characters"},
		{"control character", set("note", schema.Str("page\fbreak")), "U+000C"},
		{"invalid UTF-8", set("note", schema.Str("\xff")), "UTF-8"},
		{"integer beyond 2^53", set("personnel", schema.Int(1<<53+1)), "too large"},
		{"NaN", set("amount", schema.Float(math.NaN())), "NaN"},
		{"wrong type", set("personnel", schema.Str("3")), "value of type string in a column of type integer"},
	} {
		err := XLSX{}.Export(t.TempDir(), tc.r)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		for _, want := range []string{`table "fixture"`, `row id "full"`, "column", tc.want} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: err = %v, want it to mention %s", tc.name, err, want)
			}
		}
	}

	longest := strings.Repeat("é", 32767)
	r := set("quote_display", schema.Str(longest))
	f := openXLSX(t, exportXLSX(t, XLSX{}, r))
	got, _ := f.GetCellValue("fixture", cellName(t, sheetColumn(t, r.Tables[0].Schema, "quote_display"), 2))
	if got != longest {
		t.Errorf("a 32,767-character quote came back with %d characters", len([]rune(got)))
	}
}

// TestXLSXDates: days from 1 March 1900 are serials counted as Excel does;
// January and February 1900 sit before Excel's phantom 29 February; days
// before 1900, which Excel cannot hold, are text in the same form.
func TestXLSXDates(t *testing.T) {
	tbl := &schema.Table{Name: "dates", Fields: []schema.Field{
		{Name: "id", Kind: schema.KindID}, {Name: "day", Kind: schema.KindDate},
	}}
	days := map[string]string{ // day -> raw cell value
		"1899-12-31": "1899-12-31",
		"1900-01-01": "1",
		"1900-02-28": "59",
		"1900-03-01": "61",
		"1970-01-01": "25569",
		"2024-02-29": "45351",
		"9999-12-31": "2958465",
	}
	var rows []schema.Row
	for _, d := range []string{"1899-12-31", "1900-01-01", "1900-02-28", "1900-03-01", "1970-01-01", "2024-02-29", "9999-12-31"} {
		day, err := schema.ParseDate(d)
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, schema.Row{schema.Str(d), schema.DateValue(day)})
	}
	r := &dataset.Release{Meta: dataset.Meta{Name: "dates"}, Tables: []*dataset.Table{{Schema: tbl, Rows: rows}}}
	f := openXLSX(t, exportXLSX(t, XLSX{}, r))
	for i, row := range rows {
		d := row[0].String()
		ref := cellName(t, 2, i+2)
		got, _ := f.GetCellValue("dates", ref)
		typ, _ := f.GetCellType("dates", ref)
		if got != days[d] {
			t.Errorf("%s: cell %q, want %q", d, got, days[d])
		}
		if d >= "1900-03-01" && got != wantSerial(row[1].Date()) {
			t.Errorf("%s: serial %s, want %s", d, got, wantSerial(row[1].Date()))
		}
		if d < "1900" && typ != excelize.CellTypeInlineString {
			t.Errorf("%s: type %v, want text", d, typ)
		}
		if d >= "1900" && numFmt(t, f, "dates", ref) != "yyyy-mm-dd" {
			t.Errorf("%s: format %q", d, numFmt(t, f, "dates", ref))
		}
	}
}

// TestXLSXAllTablesEmpty: the real schema's tables, all empty, make valid
// sheets: each with its header and a table, in release order, after the
// About and Balance sheets (the release has the indicators table).
func TestXLSXAllTablesEmpty(t *testing.T) {
	r := &dataset.Release{Meta: dataset.Meta{Name: "armsdata", Title: "Arms"}}
	want := []string{"About", "Balance"}
	for _, s := range schema.All {
		r.Tables = append(r.Tables, &dataset.Table{Schema: s})
		want = append(want, s.Name)
	}
	want = append(want, "Dictionary")
	f := openXLSX(t, exportXLSX(t, XLSX{}, r))
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	dictRows := 0
	for _, s := range schema.All {
		rows, _ := f.GetRows(s.Name)
		if len(rows) != 1 || len(rows[0]) != len(s.Columns()) {
			t.Errorf("%s: rows %q, want the header alone", s.Name, rows)
		}
		if tables, _ := f.GetTables(s.Name); len(tables) != 1 {
			t.Errorf("%s: tables %+v", s.Name, tables)
		}
		dictRows += len(s.Columns())
	}
	if rows, _ := f.GetRows("Dictionary"); len(rows) != 1+dictRows {
		t.Errorf("Dictionary has %d rows, want %d", len(rows)-1, dictRows)
	}
}

// TestXLSXDeterministic: the same release gives the same bytes, run after
// run, with one or many threads, and several streamed sheets (whose order
// excelize takes from a map); the parts are stored in name order with no
// timestamps.
func TestXLSXDeterministic(t *testing.T) {
	release := func() *dataset.Release {
		r := fixtureRelease()
		other := *r.Tables[0].Schema
		other.Name = "fixture_copy"
		r.Tables = append(r.Tables, &dataset.Table{Schema: &other, Rows: r.Tables[0].Rows})
		r.Tables = append(r.Tables, sourcesTable(map[string]schema.Value{"source_id": schema.Str("src"), "url": schema.Str("https://example.org/")}))
		return r
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first []byte
	for i, procs := range []int{1, 4, 1, 8, 2, 16, 1, 3} {
		runtime.GOMAXPROCS(procs)
		b, err := os.ReadFile(exportXLSX(t, XLSX{rowsPerSheet: 2}, release()))
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = b
			continue
		}
		if !bytes.Equal(b, first) {
			t.Fatalf("run %d (GOMAXPROCS %d) differs from run 0", i, procs)
		}
	}

	zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, zf := range zr.File {
		names = append(names, zf.Name)
		if !zf.Modified.IsZero() && zf.Modified.Year() > 1980 {
			t.Errorf("%s has timestamp %v", zf.Name, zf.Modified)
		}
	}
	if names[0] != "[Content_Types].xml" {
		t.Errorf("first part %q, want [Content_Types].xml", names[0])
	}
	for i := 1; i < len(names); i++ {
		if names[i-1] >= names[i] {
			t.Errorf("parts out of order: %q before %q", names[i-1], names[i])
		}
	}
	sheets := 0
	for _, n := range names {
		if strings.HasPrefix(n, "xl/worksheets/sheet") {
			sheets++
		}
	}
	if sheets != 7 { // About, fixture, fixture_2, fixture_copy, fixture_copy_2, sources, Dictionary
		t.Errorf("%d worksheets, want 7", sheets)
	}
	// The compared bytes hold the page setup, the print titles (defined
	// names, one per sheet, in sheet order) and the row heights.
	var all strings.Builder
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		all.Write(b)
	}
	for _, want := range []string{`_xlnm.Print_Titles`, `fitToPage="true"`, `orientation="landscape"`, `customHeight="1"`, `fitToWidth="2"`} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("workbook lacks %s", want)
		}
	}
	if n := strings.Count(all.String(), `name="_xlnm.Print_Titles"`); n != 6 {
		t.Errorf("%d print titles, want one per sheet but About (6)", n)
	}
}

// TestXLSXWriteSample writes the fixture workbook (with a sources table)
// into $XLSX_SAMPLE_DIR for checks by other readers (openpyxl,
// LibreOffice); without the variable it does nothing.
func TestXLSXWriteSample(t *testing.T) {
	if os.Getenv("XLSX_SAMPLE_DIR") == "" {
		t.Skip()
	}
	r := fixtureRelease()
	r.Tables = append([]*dataset.Table{sourcesTable(map[string]schema.Value{"source_id": schema.Str("src"), "url": schema.Str("https://example.org/x")})}, r.Tables...)
	if err := (XLSX{}).Export(os.Getenv("XLSX_SAMPLE_DIR"), r); err != nil {
		t.Fatal(err)
	}
}

// workbookParts returns the XML of each worksheet as written, by sheet
// name, and the workbook part.
func workbookParts(t *testing.T, path string) (sheets map[string]string, workbook string) {
	t.Helper()
	parts := zipParts(t, path)
	targets := map[string]string{} // relationship id -> part
	for _, m := range regexp.MustCompile(`<Relationship [^>]*>`).FindAllString(parts["xl/_rels/workbook.xml.rels"], -1) {
		id := regexp.MustCompile(`Id="([^"]+)"`).FindStringSubmatch(m)
		target := regexp.MustCompile(`Target="([^"]+)"`).FindStringSubmatch(m)
		if id != nil && target != nil {
			targets[id[1]] = "xl/" + strings.TrimPrefix(target[1], "/xl/")
		}
	}
	sheets = map[string]string{}
	for _, m := range regexp.MustCompile(`<sheet name="([^"]*)"[^>]* r:id="([^"]+)"`).FindAllStringSubmatch(parts["xl/workbook.xml"], -1) {
		xml, ok := parts[targets[m[2]]]
		if !ok {
			t.Fatalf("sheet %q: no part %q", m[1], targets[m[2]])
		}
		sheets[html.UnescapeString(m[1])] = xml
	}
	return sheets, parts["xl/workbook.xml"]
}

// rowElems returns the <row> start tags of a sheet's XML by row number.
func rowElems(sheetXML string) map[int]string {
	out := map[int]string{}
	for _, m := range regexp.MustCompile(`<row r="(\d+)"[^>]*>`).FindAllStringSubmatch(sheetXML, -1) {
		n, _ := strconv.Atoi(m[1])
		out[n] = m[0]
	}
	return out
}

// colWidths returns the widths of a sheet's columns as written, of those
// that print: not the hidden (collapsed) ones.
func colWidths(t *testing.T, sheetXML string) []float64 {
	t.Helper()
	var out []float64
	for _, m := range regexp.MustCompile(`<col min="\d+" max="\d+" width="([0-9.]+)"[^>]*>`).FindAllStringSubmatch(sheetXML, -1) {
		if strings.Contains(m[0], `hidden="1"`) {
			continue // a collapsed column does not print
		}
		w, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, w)
	}
	return out
}

// TestXLSXAboutRowHeights: every row of the About sheet with text has a
// height of its own, enough for its wrapped lines (LibreOffice keeps rows
// without one at the default height, and wrapped paragraphs spill over the
// rows below), and the column fits a printed page.
func TestXLSXAboutRowHeights(t *testing.T) {
	path := exportXLSX(t, XLSX{}, fixtureRelease())
	f := openXLSX(t, path)
	sheets, _ := workbookParts(t, path)
	elems := rowElems(sheets["About"])

	w, err := f.GetColWidth("About", "A")
	if err != nil || w < 80 || w > 95 {
		t.Errorf("About column A width = %v, %v; want about 90, to fit a page", w, err)
	}
	rows, err := f.GetRows("About")
	if err != nil {
		t.Fatal(err)
	}
	long := 0
	for i, row := range rows {
		if len(row) == 0 || row[0] == "" {
			continue
		}
		text, n := row[0], i+1
		if !strings.Contains(elems[n], `customHeight="1"`) {
			t.Errorf("About row %d (%.40q): %s, want a custom height", n, text, elems[n])
		}
		h, err := f.GetRowHeight("About", n)
		if err != nil {
			t.Fatal(err)
		}
		// Bounds computed independently of the exporter: Calibri 11 fits
		// at most about 1.3 characters per width unit, and a line takes
		// 15 points; the estimate may err high, but not wildly.
		size := 11.0
		switch {
		case i == 0:
			size = 16 // the title
		case text == "How to cite a row" || text == "Sheets":
			size = 12
		}
		chars := float64(utf8.RuneCountInString(text))
		least := math.Ceil(chars/(w*1.3*11/size)) * 15 * size / 11
		most := (math.Ceil(chars/(w*0.8*11/size))+1)*15*size/11 + 10
		if h < least || h > most || h > excelize.MaxRowHeight {
			t.Errorf("About row %d (%d characters, %.40q): height %v, want %v to %v", n, len([]rune(text)), text, h, least, most)
		}
		if h >= 60 {
			long++
		}
		// A link shows on one line in LibreOffice, never wrapped: the
		// sheet list's links must fit the column.
		if ok, _, _ := f.GetCellHyperLink("About", cellName(t, 1, n)); ok && chars > w {
			t.Errorf("About row %d: link text of %v characters is wider than the column (%v): %q", n, chars, w, text)
		}
	}
	if long < 2 {
		t.Errorf("%d About rows of 4 lines or more, want the long paragraphs at least", long)
	}
	// The title, of one line here, is taller than a line of body text.
	if h, _ := f.GetRowHeight("About", 1); h < 25 {
		t.Errorf("About title height %v", h)
	}
}

// TestXLSXPageSetup: every sheet prints landscape, fit to pages wide and
// as many pages tall as it takes. The settings are read from the sheets'
// XML as written: the stream writer writes <sheetPr> (fit to page) when
// the sheet is opened and <pageSetup> when it is flushed, so a setting
// made at the wrong moment would be missing here.
func TestXLSXPageSetup(t *testing.T) {
	r := fixtureRelease()
	r.Tables = append(r.Tables, sourcesTable(map[string]schema.Value{"source_id": schema.Str("src")}))
	path := exportXLSX(t, XLSX{}, r)
	sheets, _ := workbookParts(t, path)
	f := openXLSX(t, path)
	for _, name := range []string{"About", "fixture", "sources", "Dictionary"} {
		xml := sheets[name]
		sheetPr := regexp.MustCompile(`<sheetPr>.*?</sheetPr>`).FindString(xml)
		if !regexp.MustCompile(`<pageSetUpPr fitToPage="(true|1)"`).MatchString(sheetPr) {
			t.Errorf("%s: sheetPr %q, want fitToPage", name, sheetPr)
		}
		setup := regexp.MustCompile(`<pageSetup [^>]*>`).FindString(xml)
		for _, want := range []string{`orientation="landscape"`, `fitToHeight="0"`, `pageOrder="overThenDown"`} {
			if !strings.Contains(setup, want) {
				t.Errorf("%s: %s, want %s", name, setup, want)
			}
		}
		// Elements in the order the schema demands (Excel refuses others).
		order := []string{"<sheetPr>", "<dimension", "<sheetViews>", "<sheetData>", "<pageSetup", "</worksheet>"}
		if name != "About" {
			order = []string{"<sheetPr>", "<dimension", "<sheetViews>", "<cols>", "<sheetData>", "<pageMargins", "<pageSetup", "<tableParts", "</worksheet>"}
		}
		last := -1
		for _, el := range order {
			i := strings.Index(xml, el)
			if i <= last {
				t.Errorf("%s: %s at %d, after %d: out of order or missing", name, el, i, last)
			}
			last = i
		}

		// How many pages wide: one for a sheet up to 250 units, else
		// pages of at most 200 units (the id column repeated on each),
		// no more than it takes.
		wide, err := strconv.Atoi(regexp.MustCompile(`fitToWidth="(\d+)"`).FindStringSubmatch(setup + `fitToWidth="-1"`)[1])
		if err != nil {
			t.Fatal(err)
		}
		widths := colWidths(t, xml)
		total := 0.0
		for _, w := range widths {
			total += w
		}
		switch {
		case name == "About" || total <= 250:
			if wide != 1 {
				t.Errorf("%s: %v units wide, fitToWidth %d, want 1", name, total, wide)
			}
		default:
			lead := widths[0]
			perPage := (total - lead) / float64(wide)
			if wide < 2 || perPage > 200-lead || (total-lead)/float64(wide-1) <= 200-lead {
				t.Errorf("%s: %v units wide, fitToWidth %d: %v units a page", name, total, wide, perPage)
			}
		}

		// The getters agree, on the reopened file.
		layout, err := f.GetPageLayout(name)
		if err != nil {
			t.Fatal(err)
		}
		if layout.Orientation == nil || *layout.Orientation != "landscape" || layout.FitToWidth == nil || *layout.FitToWidth != wide ||
			layout.FitToHeight == nil || *layout.FitToHeight != 0 {
			t.Errorf("%s: GetPageLayout = %+v", name, layout)
		}
		props, err := f.GetSheetProps(name)
		if err != nil || props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("%s: GetSheetProps = %+v, %v; want FitToPage", name, props, err)
		}
		if name != "About" {
			m, err := f.GetPageMargins(name)
			if err != nil || m.Left == nil || *m.Left != 0.25 || m.Right == nil || *m.Right != 0.25 {
				t.Errorf("%s: margins %+v, %v; want narrow (0.25 in at the sides)", name, m, err)
			}
		}
	}
	// The fixture sheet takes several pages, so the branch above is
	// exercised.
	for _, name := range []string{"fixture"} {
		if layout, _ := f.GetPageLayout(name); layout.FitToWidth == nil || *layout.FitToWidth < 2 {
			t.Errorf("%s: fitToWidth %v, want several pages", name, layout.FitToWidth)
		}
	}
}

// TestXLSXPrintTitles: the header row repeats at the top of every printed
// page of a data sheet and the Dictionary, and the id column at the left of
// every page of a sheet printed several pages wide; the About sheet has
// none. A sheet name with an apostrophe is quoted as Excel wants it.
func TestXLSXPrintTitles(t *testing.T) {
	r := fixtureRelease()
	r.Tables = append(r.Tables, oneColumn("it's", "a").Tables[0])
	path := exportXLSX(t, XLSX{}, r)
	f := openXLSX(t, path)
	want := map[string]string{
		"fixture":    "'fixture'!$A:$A,'fixture'!$1:$1", // several pages wide: the id repeats
		"it's":       "'it''s'!$1:$1",
		"Dictionary": "'Dictionary'!$1:$1",
	}
	got := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name != "_xlnm.Print_Titles" {
			t.Errorf("unexpected defined name %+v", dn)
			continue
		}
		if _, dup := got[dn.Scope]; dup {
			t.Errorf("sheet %q has two print titles", dn.Scope)
		}
		got[dn.Scope] = dn.RefersTo
	}
	for sheet, refers := range want {
		if got[sheet] != refers {
			t.Errorf("print titles of %q = %q, want %q", sheet, got[sheet], refers)
		}
	}
	if len(got) != len(want) {
		t.Errorf("print titles %v, want %v (none on About)", got, want)
	}
	// localSheetId is the sheet's position: "it's" is the third sheet.
	_, workbook := workbookParts(t, path)
	if !strings.Contains(workbook, `<definedName localSheetId="2" name="_xlnm.Print_Titles">&#39;it&#39;&#39;s&#39;!$1:$1</definedName>`) {
		t.Errorf("workbook.xml defined names: %s", regexp.MustCompile(`<definedNames>.*</definedNames>`).FindString(workbook))
	}
}

// TestXLSXRowHeights: a data or Dictionary row whose wrapped text takes
// several lines gets a height for them, capped at Excel's 409 points; a
// row of one line and the header keep the default height.
func TestXLSXRowHeights(t *testing.T) {
	r := fixtureRelease()
	tbl := r.Tables[0]
	quote := tbl.Schema.Column("quote_display")
	short := tbl.Rows[2][quote].String()
	tbl.Rows = append(tbl.Rows,
		schema.Row(slices.Clone(tbl.Rows[2])), schema.Row(slices.Clone(tbl.Rows[2])), schema.Row(slices.Clone(tbl.Rows[2])))
	tbl.Rows[3][quote] = schema.Str("one\ntwo\nthree\nfour\nfive")
	tbl.Rows[4][quote] = schema.Str(strings.Repeat("word ", 400)) // 2,000 characters
	tbl.Rows[5][quote] = schema.Str(strings.Repeat("word ", 4000))
	path := exportXLSX(t, XLSX{}, r)
	f := openXLSX(t, path)
	sheets, _ := workbookParts(t, path)
	elems := rowElems(sheets["fixture"])

	height := func(sheet string, row int) float64 {
		h, err := f.GetRowHeight(sheet, row)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	if strings.Contains(elems[1], "ht=") || strings.Contains(elems[4], "ht=") {
		t.Errorf("header and one-line row (quote %q) have a height: %s %s", short, elems[1], elems[4])
	}
	for _, tc := range []struct {
		row       int
		least, at float64 // at: the most it may be
	}{
		{2, 30, 45},   // a quote of two lines
		{5, 75, 90},   // five lines
		{6, 330, 409}, // 2,000 characters at 70 units: 22 lines or more in Calibri
		{7, 409, 409}, // far more than a row shows: Excel's maximum
	} {
		h := height("fixture", tc.row)
		if h < tc.least || h > tc.at || !strings.Contains(elems[tc.row], `customHeight="1"`) {
			t.Errorf("fixture row %d: height %v (%s), want %v to %v", tc.row, h, elems[tc.row], tc.least, tc.at)
		}
	}

	// Dictionary: the row of a coded column lists its terms one per line.
	rows, _ := f.GetRows("Dictionary")
	found := false
	for i, row := range rows {
		if len(row) > 5 && row[1] == "kind" {
			found = true
			terms := strings.Count(row[5], "\n") + 1
			if h := height("Dictionary", i+1); terms < 2 || h < float64(terms)*15 || h > excelize.MaxRowHeight {
				t.Errorf("Dictionary row of kind (%d terms): height %v", terms, h)
			}
		}
	}
	if !found {
		t.Error("no Dictionary row for fixture.kind")
	}
}

// TestWrappedLines: the estimate of wrapped lines breaks at line breaks
// and between words, splits a word longer than a line, and fits fewer
// characters of large or bold text or of wide (East Asian) characters.
func TestWrappedLines(t *testing.T) {
	for _, tc := range []struct {
		text  string
		width float64 // 10 units hold 11 characters of 11-point text
		size  float64
		bold  bool
		want  int
	}{
		{"", 10, 11, false, 1},
		{"short", 10, 11, false, 1},
		{"eleven char", 10, 11, false, 1},
		{"eleven chars", 10, 11, false, 2},
		{"aaaaa bbbbb ccccc", 10, 11, false, 2}, // "aaaaa bbbbb" is 11
		{"a\nb\n\nc", 10, 11, false, 4},
		{"a\r\nb", 10, 11, false, 2},
		{strings.Repeat("x", 23), 10, 11, false, 3}, // 11 + 11 + 1
		{"ab " + strings.Repeat("x", 23), 10, 11, false, 4},
		{"  spaced   out  ", 10, 11, false, 1},
		{"eleven char", 10, 22, false, 3}, // twice the size: 5 a line
		{"nine char", 10, 11, true, 1},    // bold: 9 a line
		{"ten chars!", 10, 11, true, 2},
		{"漢字漢字漢字", 10, 11, false, 2}, // 12 wide
		{"e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301", 10, 11, false, 1},
		{"a", 0.1, 11, false, 1},
		{"abc", 0.1, 11, false, 3},
	} {
		if got := wrappedLines(tc.text, tc.width, tc.size, tc.bold); got != tc.want {
			t.Errorf("wrappedLines(%q, %v, %v, %v) = %d, want %d", tc.text, tc.width, tc.size, tc.bold, got, tc.want)
		}
	}
	if h := rowHeight(100, 11); h != excelize.MaxRowHeight {
		t.Errorf("rowHeight(100 lines) = %v, want %v", h, excelize.MaxRowHeight)
	}
}

// TestPrintLayout: a sheet prints one page wide up to 250 units, else on
// as few pages of at most 200 units as hold it, repeating the frozen
// columns unless they are too wide to repeat.
func TestPrintLayout(t *testing.T) {
	rep := func(w float64, n int) []float64 {
		out := make([]float64, n)
		for i := range out {
			out[i] = w
		}
		return out
	}
	for _, tc := range []struct {
		widths       []float64
		frozen       int
		wide, repeat int
	}{
		{rep(10, 25), 1, 1, 0},                           // 250
		{rep(10, 26), 1, 2, 1},                           // 260: 250 after the id, 190 a page
		{append([]float64{30}, rep(20, 32)...), 1, 4, 1}, // 670: 640 after the id, 170 a page
		{append([]float64{60}, rep(20, 20)...), 1, 3, 0}, // the id is too wide to repeat: 460 / 200
		{rep(20, 20), 0, 2, 0},
		{rep(20, 2), 5, 1, 0},
	} {
		wide, repeat := printLayout(tc.widths, tc.frozen)
		if wide != tc.wide || repeat != tc.repeat {
			t.Errorf("printLayout(%v, %d) = %d, %d; want %d, %d", tc.widths, tc.frozen, wide, repeat, tc.wide, tc.repeat)
		}
	}
}

// TestXLSXDimension: every sheet declares the range its cells span, as
// readers that stream a sheet (openpyxl read_only=True) trust it; excelize's
// stream writer alone declares "A1". Split tables and empty tables too.
func TestXLSXDimension(t *testing.T) {
	empty := &dataset.Release{Meta: dataset.Meta{Name: "armsdata", Title: "Arms"}}
	for _, s := range schema.All {
		empty.Tables = append(empty.Tables, &dataset.Table{Schema: s})
	}
	for _, tc := range []struct {
		name string
		x    XLSX
		r    *dataset.Release
	}{
		{"fixture", XLSX{}, fixtureRelease()},
		{"split", XLSX{rowsPerSheet: 2}, fixtureRelease()},
		{"empty tables", XLSX{}, empty},
	} {
		f := openXLSX(t, exportXLSX(t, tc.x, tc.r))
		for _, sheet := range f.GetSheetList() {
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			ncols := 0
			for _, row := range rows {
				ncols = max(ncols, len(row))
			}
			want := "A1:" + cellName(t, ncols, len(rows))
			if got, _ := f.GetSheetDimension(sheet); got != want {
				t.Errorf("%s: sheet %s declares %q, its cells span %q", tc.name, sheet, got, want)
			}
		}
	}
}
