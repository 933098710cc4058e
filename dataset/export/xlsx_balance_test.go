package export

import (
	"archive/zip"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// tableRow makes a row of s from the named values, null elsewhere.
func tableRow(s *schema.Table, vals map[string]schema.Value) schema.Row {
	cols := s.Columns()
	r := make(schema.Row, len(cols))
	for i, c := range cols {
		if v, ok := vals[c.Name]; ok {
			r[i] = v
		} else {
			r[i] = schema.Null(c.Type)
		}
	}
	return r
}

// balanceFigure is an indicators row of the balance release.
type balanceFigure struct {
	id, indicator, actor, text, qualifier, unit, table, source string
	basis                                                      string  // "": stated
	year                                                       int     // 0: a span over years
	value, low, high                                           float64 // 0: null
}

func (b balanceFigure) row() schema.Row {
	num := func(x float64) schema.Value {
		if x == 0 {
			return schema.Null(schema.TypeFloat)
		}
		return schema.Float(x)
	}
	v := map[string]schema.Value{
		"id": schema.Str(b.id + "/amount"), "indicator": schema.Str(b.indicator), "actor": schema.Str(b.actor),
		"actor_name": schema.Str(map[string]string{"ARM": "Armenia", "AZE": "Azerbaijan", "XNK": "Nagorno-Karabakh authorities", "RUS": "Russia"}[b.actor]),
		"value_text": schema.Str(b.text), "value": num(b.value), "low": num(b.low), "high": num(b.high),
		"qualifier": schema.Str(b.qualifier), "unit": schema.Str(b.unit), "source_id": schema.Str(b.source),
		"citation": schema.Str("Citation of " + b.source + "."), "table_name": schema.Str(b.table), "row_id": schema.Str(b.id),
	}
	v["when_basis"] = schema.Str(cmp.Or(b.basis, "stated"))
	if b.year != 0 {
		v["year"] = schema.Int(int64(b.year))
		v["when_start"] = schema.DateValue(mustDate(b.year, time.January, 1))
		v["when_end"] = schema.DateValue(mustDate(b.year, time.December, 31))
	} else {
		v["when_start"] = schema.DateValue(mustDate(2006, time.January, 1))
		v["when_end"] = schema.DateValue(mustDate(2016, time.December, 31))
	}
	return tableRow(schema.Indicators, v)
}

// balanceRelease is a release with the indicators of figs and their rows
// in military_expenditure and armed_forces (ids only), which the Balance
// sheet links to.
func balanceRelease(figs []balanceFigure) *dataset.Release {
	ind := &dataset.Table{Schema: schema.Indicators}
	src := map[string]*dataset.Table{
		"military_expenditure": {Schema: schema.MilitaryExpenditure},
		"armed_forces":         {Schema: schema.ArmedForces},
	}
	for _, f := range figs {
		ind.Rows = append(ind.Rows, f.row())
		src[f.table].Rows = append(src[f.table].Rows, tableRow(src[f.table].Schema, map[string]schema.Value{"id": schema.Str(f.id)}))
	}
	for _, t := range src {
		slices.SortFunc(t.Rows, func(a, b schema.Row) int { return strings.Compare(a[0].String(), b[0].String()) })
	}
	return &dataset.Release{
		Meta:   dataset.Meta{Name: "balance", Title: "Balance"},
		Tables: []*dataset.Table{src["military_expenditure"], src["armed_forces"], ind},
	}
}

// The figures of the real balance, in the indicators' order (not the
// sheet's), with a second source for Azerbaijan's budget, a range, and
// figures that are not headline.
var balanceFigures = []balanceFigure{
	{id: "b-forces-xnk", indicator: "de_facto_forces", actor: "XNK", text: "as many as 20,000", qualifier: "up_to", unit: "personnel", table: "armed_forces", source: "b", basis: "inferred_publication", year: 2010, high: 20000},
	{id: "b-budget-aze", indicator: "defence_budget", actor: "AZE", text: "around $1.4 billion", qualifier: "approx", unit: "USD", table: "military_expenditure", source: "b", year: 2009, value: 1.4e9},
	{id: "a-budget-aze", indicator: "defence_budget", actor: "AZE", text: "$1.3 billion", qualifier: "exact", unit: "USD", table: "military_expenditure", source: "a", year: 2009, value: 1.3e9},
	{id: "b-budget-arm", indicator: "defence_budget", actor: "ARM", text: "$400 million", qualifier: "exact", unit: "USD", table: "military_expenditure", source: "b", year: 2009, value: 4e8},
	{id: "b-forces-arm", indicator: "national_armed_forces", actor: "ARM", text: "40,000 to 47,000", qualifier: "range", unit: "personnel", table: "armed_forces", source: "b", basis: "inferred_publication", year: 2010, low: 40000, high: 47000},
	{id: "b-forces-aze", indicator: "national_armed_forces", actor: "AZE", text: "more than 60,000", qualifier: "more_than", unit: "personnel", table: "armed_forces", source: "b", basis: "inferred_publication", year: 2010, low: 60000},
	{id: "m-hardware-aze", indicator: "equipment_spending", actor: "AZE", text: "some $22.7 billion", qualifier: "approx", unit: "USD", table: "military_expenditure", source: "m", value: 2.27e10},
	{id: "b-gyumri", indicator: "foreign_troops_at_base", actor: "RUS", text: "More than 3,500", qualifier: "more_than", unit: "personnel", table: "armed_forces", source: "b", year: 2010, low: 3500},
	{id: "c-debt", indicator: "military_debt", actor: "RUS", text: "about 100 million dollars", qualifier: "approx", unit: "USD", table: "military_expenditure", source: "c", year: 2003, value: 1e8},
}

// zipParts returns the parts of the zip file at path by name.
func zipParts(t *testing.T, path string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	parts := map[string]string{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[zf.Name] = string(b)
	}
	return parts
}

// TestXLSXBalance: the Balance sheet is the second, lists every headline
// indicators row (every source's) in blocks of indicator and unit, each in
// time and actor order, with its hedge, typed numbers, citation and a link
// to its row; a chart per block draws the block's cells, bounds in series
// of their own.
func TestXLSXBalance(t *testing.T) {
	r := balanceRelease(balanceFigures)
	path := exportXLSX(t, XLSX{}, r)
	f := openXLSX(t, path)
	if got := f.GetSheetList(); len(got) < 2 || got[1] != "Balance" || got[0] != "About" {
		t.Fatalf("sheets %q, want About, Balance, …", got)
	}
	rows, err := f.GetRows("Balance")
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"Figure", "Indicator", "Actor", "Year", "Time basis", "As written", "Value", "Lower bound", "Upper bound", "Qualifier", "Unit", "Citation", "Row id"}
	if len(rows) < 4 || !slices.Equal(rows[3], wantHeader) {
		t.Fatalf("header row %q, want %q", rows[min(3, len(rows)-1)], wantHeader)
	}
	if !strings.Contains(rows[1][0], "pale bar is a bound") {
		t.Errorf("note %q says nothing of how bounds are drawn", rows[1][0])
	}
	// defence_budget, equipment_spending, national_armed_forces,
	// de_facto_forces; in a block by time, then actor, then source.
	want := [][]string{
		{"Armenia 2009: $400 million", "defence_budget", "ARM", "2009", "stated", "$400 million", "400000000", "", "", "exact", "USD", "Citation of b.", "b-budget-arm"},
		{"Azerbaijan 2009: $1.3 billion", "defence_budget", "AZE", "2009", "stated", "$1.3 billion", "1300000000", "", "", "exact", "USD", "Citation of a.", "a-budget-aze"},
		{"Azerbaijan 2009: around $1.4 billion", "defence_budget", "AZE", "2009", "stated", "around $1.4 billion", "1400000000", "", "", "approx", "USD", "Citation of b.", "b-budget-aze"},
		{"Azerbaijan 2006–2016: some $22.7 billion", "equipment_spending", "AZE", "", "stated", "some $22.7 billion", "22700000000", "", "", "approx", "USD", "Citation of m.", "m-hardware-aze"},
		{"Armenia c. 2010: 40,000 to 47,000", "national_armed_forces", "ARM", "2010", "inferred_publication", "40,000 to 47,000", "", "40000", "47000", "range", "personnel", "Citation of b.", "b-forces-arm"},
		{"Azerbaijan c. 2010: more than 60,000", "national_armed_forces", "AZE", "2010", "inferred_publication", "more than 60,000", "", "60000", "", "more_than", "personnel", "Citation of b.", "b-forces-aze"},
		{"Nagorno-Karabakh authorities c. 2010: as many as 20,000", "de_facto_forces", "XNK", "2010", "inferred_publication", "as many as 20,000", "", "", "20000", "up_to", "personnel", "Citation of b.", "b-forces-xnk"},
	}
	got := rows[4:]
	for len(got) > 0 && len(got[len(got)-1]) == 0 {
		got = got[:len(got)-1]
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows under the header, want %d: %q", len(got), len(want), got)
	}
	for i, w := range want {
		g := append(got[i], make([]string, len(w))...)[:len(w)]
		if !slices.Equal(g, w) {
			t.Errorf("row %d:\n got %q\nwant %q", i+5, g, w)
		}
		// Numbers are numbers, text is text.
		for k, col := range []string{"D", "G", "H", "I"} {
			ref := fmt.Sprintf("%s%d", col, i+5)
			typ, _ := f.GetCellType("Balance", ref)
			if w[[]int{3, 6, 7, 8}[k]] != "" && typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
				t.Errorf("%s is text, want a number", ref)
			}
		}
		ok, target, err := f.GetCellHyperLink("Balance", fmt.Sprintf("M%d", i+5))
		table := "military_expenditure"
		if strings.Contains(w[1], "forces") {
			table = "armed_forces"
		}
		src := r.Table(table)
		idx := slices.IndexFunc(src.Rows, func(row schema.Row) bool { return row[0].String() == w[12] })
		if wantTarget := fmt.Sprintf("'%s'!A%d", table, idx+2); err != nil || !ok || target != wantTarget {
			t.Errorf("row %d: link %v %q %v, want %q", i+5, ok, target, err, wantTarget)
		}
	}

	// A chart per block, drawing the block's cells: categories from
	// Figure, a series per figure column with a number, named by its
	// header.
	parts := zipParts(t, path)
	wantCharts := []struct {
		title    string
		from, to int
		series   []string // columns
	}{
		{"Defence budget (USD)", 5, 7, []string{"G"}},
		{"Equipment spending (USD)", 8, 8, []string{"G"}},
		{"National armed forces (personnel)", 9, 10, []string{"H", "I"}},
		{"De facto forces (personnel)", 11, 11, []string{"I"}},
	}
	formula := regexp.MustCompile(`<f>([^<]*)</f>`)
	for n, wc := range wantCharts {
		xml, ok := parts[fmt.Sprintf("xl/charts/chart%d.xml", n+1)]
		if !ok {
			t.Errorf("no chart %d (%s)", n+1, wc.title)
			continue
		}
		if !strings.Contains(xml, "<a:t>"+wc.title+"</a:t>") {
			t.Errorf("chart %d: not titled %q", n+1, wc.title)
		}
		var wantF []string
		for _, col := range wc.series {
			wantF = append(wantF,
				fmt.Sprintf("'Balance'!$%s$4:$%s$4", col, col),
				fmt.Sprintf("'Balance'!$A$%d:$A$%d", wc.from, wc.to),
				fmt.Sprintf("'Balance'!$%s$%d:$%s$%d", col, wc.from, col, wc.to))
		}
		var gotF []string
		for _, m := range formula.FindAllStringSubmatch(xml, -1) {
			gotF = append(gotF, strings.ReplaceAll(m[1], "&#39;", "'"))
		}
		if !slices.Equal(gotF, wantF) {
			t.Errorf("chart %d (%s): references %q, want %q", n+1, wc.title, gotF, wantF)
		}
		// The bounds are pale: their fill is mostly transparent.
		if alpha := strings.Count(xml, `<a:alpha val="40000">`); alpha != len(wc.series)-strings.Count(strings.Join(wc.series, ""), "G") {
			t.Errorf("chart %d (%s): %d pale series, want one per bound series", n+1, wc.title, alpha)
		}
	}
	if _, ok := parts[fmt.Sprintf("xl/charts/chart%d.xml", len(wantCharts)+1)]; ok {
		t.Errorf("more than %d charts", len(wantCharts))
	}
	drawing := parts["xl/drawings/drawing1.xml"]
	if n := strings.Count(drawing, "<xdr:twoCellAnchor"); n != len(wantCharts) {
		t.Errorf("drawing1.xml anchors %d charts, want %d", n, len(wantCharts))
	}
	// No chart covers another, nor the table: each starts below the
	// table, and two charts' rectangles (from and to cells, with their
	// offsets) do not intersect.
	anchor := regexp.MustCompile(`<xdr:from><xdr:col>(\d+)</xdr:col><xdr:colOff>(\d+)</xdr:colOff><xdr:row>(\d+)</xdr:row><xdr:rowOff>(\d+)</xdr:rowOff></xdr:from><xdr:to><xdr:col>(\d+)</xdr:col><xdr:colOff>(\d+)</xdr:colOff><xdr:row>(\d+)</xdr:row><xdr:rowOff>(\d+)</xdr:rowOff></xdr:to>`)
	type point struct{ cell, off int }
	less := func(a, b point) bool { return a.cell < b.cell || a.cell == b.cell && a.off < b.off }
	type rect struct{ x0, y0, x1, y1 point }
	var rects []rect
	for _, m := range anchor.FindAllStringSubmatch(drawing, -1) {
		n := make([]int, 8)
		for k := range n {
			n[k], _ = strconv.Atoi(m[k+1])
		}
		rects = append(rects, rect{point{n[0], n[1]}, point{n[2], n[3]}, point{n[4], n[5]}, point{n[6], n[7]}})
	}
	for i, a := range rects {
		if a.y0.cell < 4+len(want) {
			t.Errorf("chart %d starts at row %d, over the table", i+1, a.y0.cell+1)
		}
		for j, b := range rects[:i] {
			apart := !less(b.x0, a.x1) || !less(a.x0, b.x1) || !less(b.y0, a.y1) || !less(a.y0, b.y1)
			if !apart {
				t.Errorf("charts %d %+v and %d %+v overlap", j+1, b, i+1, a)
			}
		}
	}
	if wb := parts["xl/workbook.xml"]; !strings.Contains(wb, `name="_xlnm.Print_Titles">&#39;Balance&#39;!$4:$4<`) {
		t.Errorf("the Balance sheet does not print its header on every page: %s", wb)
	}
	if rels := parts["xl/worksheets/_rels/sheet2.xml.rels"]; !strings.Contains(rels, "drawing1.xml") {
		t.Errorf("the Balance sheet (sheet2) does not refer to the drawing: %s", rels)
	}

	// The same release, the same bytes, charts and drawing included.
	again, err := os.ReadFile(exportXLSX(t, XLSX{}, balanceRelease(balanceFigures)))
	if err != nil {
		t.Fatal(err)
	}
	if first, _ := os.ReadFile(path); !bytes.Equal(first, again) {
		t.Errorf("two writes of the same release differ")
	}
	if err := (XLSX{}).Verify(t.TempDir(), r); err == nil {
		t.Errorf("Verify of an empty directory passed")
	}
	if err := (XLSX{}).Verify(filepath.Dir(path), r); err != nil {
		t.Errorf("Verify: %v", err)
	}
}

// TestXLSXBalanceCap: a block of more than balanceMaxRows rows shows the
// latest of them and says how many more the indicators sheet has.
func TestXLSXBalanceCap(t *testing.T) {
	var figs []balanceFigure
	for y := 1990; y < 1990+balanceMaxRows+3; y++ {
		figs = append(figs, balanceFigure{id: "b-" + strconv.Itoa(y), indicator: "defence_budget", actor: "ARM", text: "$1", qualifier: "exact",
			unit: "USD", table: "military_expenditure", source: "b", year: y, value: float64(y)})
	}
	f := openXLSX(t, exportXLSX(t, XLSX{}, balanceRelease(figs)))
	rows, err := f.GetRows("Balance")
	if err != nil {
		t.Fatal(err)
	}
	var years []string
	for _, row := range rows[4 : 4+balanceMaxRows] {
		years = append(years, row[3])
	}
	if years[0] != "1993" || years[len(years)-1] != strconv.Itoa(1990+balanceMaxRows+2) {
		t.Errorf("years %q, want the %d latest", years, balanceMaxRows)
	}
	if next := rows[4+balanceMaxRows]; len(next) != 0 {
		t.Errorf("row after the block: %q, want it empty", next)
	}
	if note := rows[4+balanceMaxRows+1]; len(note) == 0 || note[0] != "Defence budget (USD): the 12 latest rows shown; 3 rows more on the indicators sheet." {
		t.Errorf("note %q", note)
	}
}

// TestXLSXBalanceNone: a release whose indicators hold no headline figure
// has a Balance sheet saying so, without a chart; one without the
// indicators table has none.
func TestXLSXBalanceNone(t *testing.T) {
	path := exportXLSX(t, XLSX{}, balanceRelease(balanceFigures[7:]))
	f := openXLSX(t, path)
	rows, _ := f.GetRows("Balance")
	if len(rows) != 4 || !strings.Contains(rows[1][0], "none of them") {
		t.Errorf("rows %q, want the title, the note saying there are none and the header", rows)
	}
	for name := range zipParts(t, path) {
		if strings.HasPrefix(name, "xl/charts/") {
			t.Errorf("chart part %s", name)
		}
	}
	f = openXLSX(t, exportXLSX(t, XLSX{}, fixtureRelease()))
	if slices.Contains(f.GetSheetList(), "Balance") {
		t.Errorf("a release without indicators has a Balance sheet")
	}
}
