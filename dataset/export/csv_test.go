package export

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gocarina/gocsv"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// exportCSV exports r into a fresh directory and returns the bytes of
// dir/csv/<table>.csv.
func exportCSV(t *testing.T, r *dataset.Release, table string) []byte {
	t.Helper()
	dir := t.TempDir()
	if err := (CSV{}).Export(dir, r); err != nil {
		t.Fatalf("Export: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "csv", table+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("encoding/csv cannot read the export: %v", err)
	}
	return recs
}

func columnNames(t *schema.Table) []string {
	var names []string
	for _, c := range t.Columns() {
		names = append(names, c.Name)
	}
	return names
}

// TestCSVName checks the format's short name.
func TestCSVName(t *testing.T) {
	if got := (CSV{}).Name(); got != "csv" {
		t.Errorf("Name() = %q, want csv", got)
	}
}

// TestCSVRoundTrip reads the fixture export back with encoding/csv: the
// header is the column names and every cell is Value.Text() of the fixture,
// so nulls are empty and embedded line breaks, quotes, tabs, CRs and
// formula-like text survive verbatim.
func TestCSVRoundTrip(t *testing.T) {
	r := fixtureRelease()
	tbl := r.Tables[0]
	recs := readCSV(t, exportCSV(t, r, tbl.Schema.Name))

	if want := columnNames(tbl.Schema); !slices.Equal(recs[0], want) {
		t.Fatalf("header = %q\nwant     %q", recs[0], want)
	}
	if got, want := len(recs)-1, len(tbl.Rows); got != want {
		t.Fatalf("%d records, want %d", got, want)
	}
	cols := tbl.Schema.Columns()
	for i, row := range tbl.Rows {
		for j, v := range row {
			if got := recs[i+1][j]; got != v.Text() {
				t.Errorf("row %d column %s = %q, want %q", i+1, cols[j].Name, got, v.Text())
			}
		}
	}

	cell := func(id, column string) string {
		t.Helper()
		j := tbl.Schema.Column(column)
		for _, rec := range recs[1:] {
			if rec[0] == id {
				return rec[j]
			}
		}
		t.Fatalf("no row %s", id)
		return ""
	}
	// Values spelled out, so that a change in Value.Text cannot hide a
	// change of the format.
	for _, c := range []struct{ id, column, want string }{
		{"full", "quote", "Azerbaijan’s 2009 defence budget was around $1.4 billion,\nmore than three times"},
		{"full", "amount", "1400000000"},
		{"full", "personnel", "3500"},
		{"full", "when_start", "2009-01-01"},
		{"full", "source_url", "https://example.org/a?b=1&c=2"},
		{"full", "note", "Ünïcödé – “quoted” 0042"},
		{"hostile", "quote", `=HYPERLINK("http://evil","x")`},
		{"hostile", "note", "+1 -2 @SUM(A1) \tTab \rCR " + strings.Repeat("long ", 10)},
		{"hostile", "personnel_text", "-5"},
		{"hostile", "when_start", "1918-05-28"},
	} {
		if got := cell(c.id, c.column); got != c.want {
			t.Errorf("%s.%s = %q, want %q", c.id, c.column, got, c.want)
		}
	}
	// Every nullable column of the null row is empty.
	nulls := slices.IndexFunc(recs, func(rec []string) bool { return rec[0] == "nulls" })
	for j, c := range cols {
		if c.Nullable && recs[nulls][j] != "" {
			t.Errorf("nulls.%s = %q, want empty", c.Name, recs[nulls][j])
		}
	}
}

// TestCSVBytes checks the raw file: no BOM, LF line ends, RFC 4180 quoting,
// and formula-like text not prefixed or escaped beyond CSV quoting.
func TestCSVBytes(t *testing.T) {
	r := fixtureRelease()
	b := exportCSV(t, r, "fixture")
	if !bytes.HasPrefix(b, []byte("id,kind,actor,actor_name,")) {
		t.Errorf("file does not begin with the header (BOM?): %q", b[:min(len(b), 20)])
	}
	if !bytes.HasSuffix(b, []byte("\n")) || bytes.Contains(b, []byte("\r\n")) {
		t.Errorf("records must end in LF only")
	}
	for _, want := range []string{
		`,"=HYPERLINK(""http://evil"",""x"")",`, // quotes doubled, no ' prefix
		"\"Azerbaijan’s 2009 defence budget was around $1.4 billion,\nmore than three times\"",
		"\"+1 -2 @SUM(A1) \tTab \rCR long ",
		",-5,",
		",1400000000,",
	} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("file lacks %q", want)
		}
	}
}

// TestCSVLineBreaksVerbatim proves why records end in LF: CRLF, lone CR and
// LF inside text reach the file byte for byte (encoding/csv in CRLF mode
// would turn "\n" into "\r\n" and drop a lone "\r").
func TestCSVLineBreaksVerbatim(t *testing.T) {
	r := smallRelease([]schema.Row{
		{schema.Str("a"), schema.Str("one\r\ntwo\rthree\nfour")},
	})
	b := exportCSV(t, r, "small")
	want := "id,note\na,\"one\r\ntwo\rthree\nfour\"\n"
	if string(b) != want {
		t.Errorf("file = %q\nwant   %q", b, want)
	}
}

// TestCSVDeterministic exports twice and compares the bytes.
func TestCSVDeterministic(t *testing.T) {
	a := exportCSV(t, fixtureRelease(), "fixture")
	b := exportCSV(t, fixtureRelease(), "fixture")
	if !bytes.Equal(a, b) {
		t.Error("two exports of the same release differ")
	}
}

// TestCSVEmptyTable checks that a table without rows is a header line.
func TestCSVEmptyTable(t *testing.T) {
	r := fixtureRelease()
	r.Tables[0].Rows = nil
	b := exportCSV(t, r, "fixture")
	if want := strings.Join(columnNames(fixtureTable), ",") + "\n"; string(b) != want {
		t.Errorf("file = %q, want %q", b, want)
	}
}

// TestCSVEveryTable checks that each table of a release gets its file.
func TestCSVEveryTable(t *testing.T) {
	r := fixtureRelease()
	r.Tables = append(r.Tables, smallRelease(nil).Tables...)
	dir := t.TempDir()
	if err := (CSV{}).Export(dir, r); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"fixture", "small"} {
		if _, err := os.Stat(filepath.Join(dir, "csv", name+".csv")); err != nil {
			t.Error(err)
		}
	}
}

// TestCSVRejectsInvalid checks that a release that does not match its
// schema, or that gocsv could not write faithfully, is an error.
func TestCSVRejectsInvalid(t *testing.T) {
	for _, c := range invalidReleases() {
		t.Run(c.name, func(t *testing.T) {
			err := (CSV{}).Export(t.TempDir(), c.release)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Export error = %v, want one mentioning %q", err, c.want)
			}
		})
	}
	t.Run("gocsv tag", func(t *testing.T) {
		tbl := &schema.Table{Name: "odd", Fields: []schema.Field{
			{Name: "id", Kind: schema.KindID},
			{Name: "partial_delivery", Kind: schema.KindText},
		}}
		r := &dataset.Release{Tables: []*dataset.Table{{Schema: tbl}}}
		err := (CSV{}).Export(t.TempDir(), r)
		if err == nil || !strings.Contains(err.Error(), "gocsv") {
			t.Errorf("Export error = %v, want a gocsv tag error", err)
		}
	})
	t.Run("blank line", func(t *testing.T) {
		tbl := &schema.Table{Name: "one", Fields: []schema.Field{{Name: "note", Kind: schema.KindText}}}
		r := &dataset.Release{Tables: []*dataset.Table{{Schema: tbl, Rows: []schema.Row{{schema.Str("")}}}}}
		err := (CSV{}).Export(t.TempDir(), r)
		if err == nil || !strings.Contains(err.Error(), "one-column") {
			t.Errorf("Export error = %v, want a one-column error", err)
		}
	})
}

// TestCSVGuard checks that output from gocsv that departs from the column
// names or widths is refused (gocsv's tag handling depends on global
// settings other code may change).
func TestCSVGuard(t *testing.T) {
	var buf bytes.Buffer
	g := &csvGuard{w: gocsv.NewSafeCSVWriter(csv.NewWriter(&buf)), header: []string{"a", "b"}}
	if err := g.Write([]string{"A", "b"}); err == nil {
		t.Error("a wrong header was accepted")
	}
	g = &csvGuard{w: gocsv.NewSafeCSVWriter(csv.NewWriter(&buf)), header: []string{"a", "b"}}
	if err := g.Write([]string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	if err := g.Write([]string{"1"}); err == nil {
		t.Error("a short record was accepted")
	}
}

// smallRelease is a release with one table "small" of columns id and note.
func smallRelease(rows []schema.Row) *dataset.Release {
	tbl := &schema.Table{Name: "small", Title: "Small", Description: "Two columns.", Fields: []schema.Field{
		{Name: "id", Kind: schema.KindID, Description: "Row id."},
		{Name: "note", Kind: schema.KindText, Description: "Text."},
	}}
	return &dataset.Release{Meta: dataset.Meta{Version: "0.0.0-test"}, Tables: []*dataset.Table{{Schema: tbl, Rows: rows}}}
}

type invalidRelease struct {
	name, want string
	release    *dataset.Release
}

// invalidReleases are releases every exporter must refuse.
func invalidReleases() []invalidRelease {
	set := func(column string, v schema.Value) *dataset.Release {
		r := fixtureRelease()
		t := r.Tables[0]
		t.Rows[0] = slices.Clone(t.Rows[0])
		t.Rows[0][t.Schema.Column(column)] = v
		return r
	}
	short := fixtureRelease()
	short.Tables[0].Rows[1] = short.Tables[0].Rows[1][:3]
	twice := fixtureRelease()
	twice.Tables = append(twice.Tables, twice.Tables[0])
	badName := smallRelease(nil)
	badName.Tables[0].Schema.Name = "../evil"
	badDate := schema.Date{Year: 2009, Month: 2, Day: 30}
	return []invalidRelease{
		{"null in required column", "not nullable", set("quote_start", schema.Null(schema.TypeInt))},
		{"wrong type", "type", set("personnel", schema.Str("3500"))},
		{"short row", "values for", short},
		{"table twice", "twice", twice},
		{"table name", "table name", badName},
		{"invalid UTF-8", "UTF-8", set("note", schema.Str("bad \xff byte"))},
		{"non-finite number", "finite", set("amount", schema.Float(math.Inf(1)))},
		{"invalid date", "date", set("when_start", schema.DateValue(badDate))},
	}
}
