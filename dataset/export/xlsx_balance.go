package export

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/dataset/english"
	"github.com/armsdata/armsdata/schema"
)

// The Balance sheet, second in the workbook: the headline figures of the
// indicators table (schema.HeadlineIndicators) in a small table, every row
// of those indicators from every source, conflicting figures side by side,
// each with its hedge and citation and a link to its row; under the table a
// native chart per indicator and unit, drawn from the table's cells, so
// that a reader sees the balance without leaving the spreadsheet.
//
// The charts are horizontal bars, a bar per row of the table, labelled
// with the figure as the text writes it ("Azerbaijan 2009: around $1.4
// billion"), in three series that are the table's own columns:
//
//   - Value, solid: the point the text gives (exact or approx; the
//     indicators' value column is null for anything else);
//   - Lower bound, pale: "more than", "at least", a vague quantity's floor;
//   - Upper bound, pale, another colour: "up to", "as many as", "less
//     than", "nearly".
//
// A range has both bounds: the upper one pale, the lower one over it. So a
// bound is never drawn as a value: it is another series, named in the
// legend, pale rather than solid, and its label carries the hedge's words.
// A native bar chart can draw no arrow or open end (the site's SVG charts
// do, dataset/site/balance.go); the pale bar and its label say it instead.
// An approximate value is a solid bar, its label saying "around".
//
// USD and personnel never share an axis, nor do an annual budget and a
// decade's spending: a chart per indicator and unit, as on the site.

// balanceSheet is the Balance sheet's name, reserved whatever the release
// holds.
const balanceSheet = "Balance"

// balanceMaxRows is the most rows of one indicator and unit the Balance
// sheet lists and charts: a chart of more bars is unreadable. Beyond it the
// sheet shows the latest and says how many more the indicators sheet has.
const balanceMaxRows = 12

// The Balance sheet's layout: a title, a note, a blank row, the header,
// the rows, then notes on rows left out and the charts.
const (
	balanceTitleRow  = 1
	balanceNoteRow   = 2
	balanceHeaderRow = 4
)

// Chart geometry, in pixels: two charts side by side, a bar of
// balanceBarPx per row.
const (
	balanceChartW     = 740
	balanceChartGap   = 40
	balanceChartBase  = 120 // title, legend and axis
	balanceBarPx      = 30
	balanceChartMinH  = 200
	balanceChartsWide = 2
	// How excelize converts a column width and a row of the default
	// height to pixels when it places a chart (col.go).
	balanceColPx        = 8.0
	balanceDefaultRowPx = 20
)

// Series colours: the value solid, the bounds pale (mostly transparent),
// each in its own colour.
const (
	balanceValueColour = "2F5597"
	balanceLowColour   = "C55A11"
	balanceHighColour  = "7F7F7F"
	balanceBoundPale   = 60 // per cent transparent
)

// balanceColumn is a column of the Balance sheet.
type balanceColumn struct {
	header string
	width  float64
	from   schema.Col // the indicators column it shows; -1 for the label
	wrap   bool
	link   bool // a link to the row on its table's sheet
}

// The columns; the chart's series are Value, Lower bound and Upper bound,
// its categories Figure.
const (
	balLabel = iota
	balIndicator
	balActor
	balYear
	balBasis
	balText
	balValue
	balLow
	balHigh
	balQualifier
	balUnit
	balCitation
	balRowID
)

func balanceColumns() []balanceColumn {
	c := schema.IndicatorsCols
	return []balanceColumn{
		balLabel:     {header: "Figure", width: 36, from: -1, wrap: true},
		balIndicator: {header: "Indicator", width: 20, from: c.Indicator},
		balActor:     {header: "Actor", width: widthMin, from: c.Actor},
		balYear:      {header: "Year", width: widthMin, from: c.Year},
		balBasis:     {header: "Time basis", width: 20, from: c.WhenBasis}, // an inferred year is never passed off as stated
		balText:      {header: "As written", width: 20, from: c.ValueText, wrap: true},
		balValue:     {header: "Value", width: 15, from: c.Value},
		balLow:       {header: "Lower bound", width: 13, from: c.Low},
		balHigh:      {header: "Upper bound", width: 13, from: c.High},
		balQualifier: {header: "Qualifier", width: 10, from: c.Qualifier},
		balUnit:      {header: "Unit", width: 10, from: c.Unit},
		balCitation:  {header: "Citation", width: 40, from: c.Citation, wrap: true},
		balRowID:     {header: "Row id", width: 30, from: c.RowID, link: true},
	}
}

// balanceBlock is the rows of one indicator and unit on the Balance sheet.
type balanceBlock struct {
	indicator, unit string
	rows            []int // of the indicators table, in the sheet's order
	more            int   // further rows, left out (balanceMaxRows)
}

// balanceTable returns the release's indicators table, or nil when it has
// none (then the workbook has no Balance sheet).
func balanceTable(r *dataset.Release) *dataset.Table {
	t := r.Table(schema.Indicators.Name)
	if t == nil || t.Schema != schema.Indicators {
		return nil
	}
	return t
}

// balanceBlocks selects the rows of the Balance sheet: those of the
// headline indicators, a block per indicator (in the vocabulary's order)
// and unit, each in time order, then by actor, host, source and row, at
// most the balanceMaxRows latest of a block.
func balanceBlocks(t *dataset.Table) []balanceBlock {
	c := schema.IndicatorsCols
	rank := map[string]int{}
	for n, code := range schema.HeadlineIndicators() {
		rank[code] = n
	}
	type key struct{ indicator, unit string }
	groups := map[key][]int{}
	var keys []key
	for i, row := range t.Rows {
		if len(row) != len(t.Schema.Columns()) {
			continue // refused with the row's sheet
		}
		k := key{row[c.Indicator].String(), row[c.Unit].String()}
		if _, ok := rank[k.indicator]; !ok {
			continue
		}
		if groups[k] == nil {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], i)
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(rank[a.indicator], rank[b.indicator]), strings.Compare(a.unit, b.unit))
	})
	// Null dates sort first: an open start is the earliest, an open end
	// the latest, so a span open at its end is among the latest.
	date := func(v schema.Value, null int) int {
		if v.IsNull() {
			return null
		}
		return int(v.Date().DaysSinceEpoch())
	}
	str := func(v schema.Value) string {
		if v.IsNull() {
			return ""
		}
		return v.String()
	}
	order := func(i, j int) int {
		a, b := t.Rows[i], t.Rows[j]
		return cmp.Or(
			cmp.Compare(date(a[c.WhenStart], -1<<31), date(b[c.WhenStart], -1<<31)),
			cmp.Compare(date(a[c.WhenEnd], 1<<31), date(b[c.WhenEnd], 1<<31)),
			strings.Compare(str(a[c.Actor]), str(b[c.Actor])),
			strings.Compare(str(a[c.Host]), str(b[c.Host])),
			strings.Compare(str(a[c.SourceID]), str(b[c.SourceID])),
			strings.Compare(str(a[c.RowID]), str(b[c.RowID])),
			cmp.Compare(i, j),
		)
	}
	blocks := make([]balanceBlock, len(keys))
	for n, k := range keys {
		rows := groups[k]
		slices.SortFunc(rows, order)
		more := max(0, len(rows)-balanceMaxRows)
		blocks[n] = balanceBlock{indicator: k.indicator, unit: k.unit, rows: rows[more:], more: more}
	}
	return blocks
}

// balanceLabel is a row's label on the chart and in the Figure column: who,
// when, and the figure as the text writes it, with its hedge.
func balanceLabel(row schema.Row) string {
	c := schema.IndicatorsCols
	who := row[c.ActorName].String()
	if row[c.ActorName].IsNull() || who == "" {
		who = row[c.Actor].String()
	}
	if !row[c.Host].IsNull() {
		host := row[c.HostName].String()
		if row[c.HostName].IsNull() || host == "" {
			host = row[c.Host].String()
		}
		who += " in " + host
	}
	when := schema.TimeLabel(row[c.WhenStart], row[c.WhenEnd], row[c.WhenBasis].String())
	if when != "" {
		who += " " + when
	}
	return who + ": " + row[c.ValueText].String()
}

// balanceNote is the note under the Balance sheet's title.
func balanceNote(blocks []balanceBlock) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Every row of the indicators %s, from every source: where sources differ, each figure is listed with its own citation, none is merged or averaged. ",
		english.List(schema.HeadlineIndicators()))
	b.WriteString("Row id opens the row on its table's sheet, where the quote is. ")
	if len(blocks) == 0 {
		b.WriteString("This release has none of them.")
		return b.String()
	}
	b.WriteString("The charts below draw these cells, one per indicator and unit. A solid bar is a value the text gives, exact or approximate (\"around\"); " +
		"a pale bar is a bound, never a value: a lower bound (\"more than\", \"at least\") means at least that much, an upper bound (\"up to\", \"as many as\", \"nearly\") at most that much; " +
		"a range shows both. Each bar's label gives the figure as written.")
	return b.String()
}

// rowSheetCell returns the sheet and cell holding the id of row i of t in
// the workbook.
func (w *xlsxWriter) rowSheetCell(t *dataset.Table, i int) (sheet, cell string, ok bool) {
	const idCol = 0 // the schema refuses a table whose first column is not its id
	for _, p := range w.plan {
		if p.table == t && p.from <= i && i < p.to {
			cell, _ := excelize.CoordinatesToCellName(idCol+1, i-p.from+2)
			return p.name, cell, true
		}
	}
	return "", "", false
}

// writeBalance writes the Balance sheet (see the top of this file). It is
// small (balanceMaxRows a block) and written with excelize's ordinary
// calls, not streamed: AddChart places a chart by the widths and heights
// of the cells it covers, which it knows only of a sheet so written (on a
// streamed sheet it takes every column for the default width, and the
// charts land on one another).
func (w *xlsxWriter) writeBalance() error {
	t := balanceTable(w.r)
	if t == nil {
		return nil
	}
	f := w.f
	blocks := balanceBlocks(t)
	cols := balanceColumns()
	tcols := t.Schema.Columns()
	nrows := 0
	for _, b := range blocks {
		nrows += len(b.rows)
	}
	lastRow := balanceHeaderRow + nrows
	var notes []string // under the table
	for _, b := range blocks {
		if b.more > 0 {
			notes = append(notes, fmt.Sprintf("%s (%s): the %d latest rows shown; %s more on the %s sheet.",
				schema.IndicatorTitle(b.indicator), b.unit, len(b.rows), countRows(b.more), schema.Indicators.Name))
		}
	}
	noteRow := lastRow + 2 // of the first note under the table
	chartRow, used := noteRow, lastRow
	if len(notes) > 0 {
		chartRow, used = noteRow+len(notes)+1, noteRow+len(notes)-1
	}

	fail := func(ref string, err error) error {
		return fmt.Errorf("xlsx: sheet %q, cell %s: %w", balanceSheet, ref, err)
	}
	width := 0.0
	for k, c := range cols {
		width += c.width
		name, _ := excelize.ColumnNumberToName(k + 1)
		if err := f.SetColWidth(balanceSheet, name, name, c.width); err != nil {
			return fail(name, err)
		}
	}
	if err := w.pageSetup(balanceSheet, 1, true); err != nil {
		return err
	}
	// The header at the top of every printed page, as on the table sheets:
	// a long Balance table runs onto a second page.
	if err := f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("%s!$%d:$%d", quoteSheet(balanceSheet), balanceHeaderRow, balanceHeaderRow),
		Scope:    balanceSheet,
	}); err != nil {
		return fmt.Errorf("xlsx: sheet %q: print titles: %w", balanceSheet, err)
	}
	// set writes a cell: its value (a string is never a formula) and style.
	set := func(ref string, c excelize.Cell) error {
		if s, ok := c.Value.(string); ok {
			if err := checkText(s); err != nil {
				return fail(ref, err)
			}
		}
		if err := f.SetCellValue(balanceSheet, ref, c.Value); err != nil {
			return fail(ref, err)
		}
		if err := f.SetCellStyle(balanceSheet, ref, ref, c.StyleID); err != nil {
			return fail(ref, err)
		}
		return nil
	}
	height := func(row int, h float64) error {
		if err := f.SetRowHeight(balanceSheet, row, h); err != nil {
			return fmt.Errorf("xlsx: sheet %q, row %d: %w", balanceSheet, row, err)
		}
		return nil
	}
	// The title and the note span the table's width: merged, so that the
	// note wraps at the table's edge rather than in column A.
	note := balanceNote(blocks)
	for _, l := range []struct {
		row   int
		text  string
		style int
		h     float64
	}{
		{balanceTitleRow, "The military balance: headline figures", w.st.title, rowHeight(1, 16) + 6},
		{balanceNoteRow, note, w.st.para, rowHeight(wrappedLines(note, width, 11, false), 11)},
	} {
		from, _ := excelize.CoordinatesToCellName(1, l.row)
		to, _ := excelize.CoordinatesToCellName(len(cols), l.row)
		if err := set(from, excelize.Cell{StyleID: l.style, Value: l.text}); err != nil {
			return err
		}
		if err := f.MergeCell(balanceSheet, from, to); err != nil {
			return fail(from, err)
		}
		if err := height(l.row, l.h); err != nil {
			return err
		}
	}
	for k, c := range cols {
		ref, _ := excelize.CoordinatesToCellName(k+1, balanceHeaderRow)
		if err := set(ref, excelize.Cell{StyleID: w.st.header, Value: c.header}); err != nil {
			return err
		}
	}

	// The rows, and the links of their row ids to the rows on their
	// tables' sheets.
	c := schema.IndicatorsCols
	index := dataset.NewRowIndex(w.r) // the rows the Row id column links to
	links := 0
	excelRow := balanceHeaderRow
	for _, b := range blocks {
		for _, i := range b.rows {
			excelRow++
			row := t.Rows[i]
			lines := 1
			for k, col := range cols {
				ref, _ := excelize.CoordinatesToCellName(k+1, excelRow)
				style := w.st.text
				if col.wrap {
					style = w.st.wrap
				}
				if col.from < 0 {
					s := balanceLabel(row)
					if err := checkText(s); err != nil {
						return xlsxRowError(t, i, col.header, err)
					}
					if err := set(ref, excelize.Cell{StyleID: style, Value: s}); err != nil {
						return err
					}
					lines = max(lines, wrappedLines(s, col.width, 11, false))
					continue
				}
				var cell excelize.Cell
				ok, err := w.dataCell(&cell, row[col.from], tcols[col.from], colLayout{width: col.width, wrap: col.wrap})
				if err != nil {
					return xlsxRowError(t, i, tcols[col.from].Name, err)
				}
				if !ok {
					continue // null: no cell
				}
				if k == balBasis || k == balQualifier {
					// Indented as the About sheet's notes: the text stands
					// apart from the number right aligned in the column
					// before (the year, the upper bound).
					cell.StyleID = w.st.note
				}
				if col.wrap {
					lines = max(lines, wrappedLines(row[col.from].String(), col.width, 11, false))
				}
				if col.link && links < w.links && !row[c.TableName].IsNull() {
					if src, si := index.Find(row[c.TableName].String(), row[col.from].String()); src != nil {
						if sheet, target, ok := w.rowSheetCell(src, si); ok {
							if err := f.SetCellHyperLink(balanceSheet, ref, quoteSheet(sheet)+"!"+target, "Location"); err != nil {
								return fail(ref, err)
							}
							cell.StyleID = w.st.link
							links++
						}
					}
				}
				if err := set(ref, cell); err != nil {
					return err
				}
			}
			if lines > 1 {
				if err := height(excelRow, rowHeight(lines, 11)); err != nil {
					return err
				}
			}
		}
	}
	for n, s := range notes {
		ref, _ := excelize.CoordinatesToCellName(1, noteRow+n)
		if err := set(ref, excelize.Cell{StyleID: w.st.text, Value: s}); err != nil {
			return err
		}
	}
	if err := w.balanceCharts(blocks, chartRow); err != nil {
		return err
	}
	return w.setDimension(balanceSheet, len(cols), used)
}

// balanceCharts adds a chart per block, from the block's cells of the
// Balance sheet, two side by side from row at down.
func (w *xlsxWriter) balanceCharts(blocks []balanceBlock, at int) error {
	cols := balanceColumns()
	// A chart is anchored at a cell with no offset: excelize caps an
	// offset at the anchor cell's size. The charts of a row start at
	// column A and at the first column right of a chart's width and a
	// gap; a row of charts at the first row below the charts above.
	startCols := []int{1}
	left := 0
	for k, c := range cols {
		if len(startCols) < balanceChartsWide && left >= len(startCols)*(balanceChartW+balanceChartGap) {
			startCols = append(startCols, k+1)
		}
		left += int(c.width*balanceColPx + 0.5)
	}
	for len(startCols) < balanceChartsWide {
		startCols = append(startCols, len(cols)+1) // right of the table
	}
	first := balanceHeaderRow + 1 // the block's first row
	row, rowH, placed := at, 0, 0
	// Dark enough to read: excelize's default axis text is light grey.
	axisFont := excelize.Font{Size: 10, Family: xlsxFontFamily, Color: "262626"}
	for _, b := range blocks {
		last := first + len(b.rows) - 1
		ref := func(col int, from, to int) string {
			name, _ := excelize.ColumnNumberToName(col + 1)
			return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(balanceSheet), name, from, name, to)
		}
		var series []excelize.ChartSeries
		for _, s := range []struct {
			col    int
			colour string
			pale   int
		}{
			{balValue, balanceValueColour, 0},
			{balLow, balanceLowColour, balanceBoundPale},
			{balHigh, balanceHighColour, balanceBoundPale},
		} {
			// A series only where the block has a number in its column:
			// a budget chart lists no bounds in its legend.
			if !w.blockHas(b, cols[s.col].from) {
				continue
			}
			series = append(series, excelize.ChartSeries{
				Name:       ref(s.col, balanceHeaderRow, balanceHeaderRow),
				Categories: ref(balLabel, first, last),
				Values:     ref(s.col, first, last),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{s.colour}, Transparency: s.pale},
			})
		}
		first = last + 1
		if len(series) == 0 {
			continue
		}
		h := max(balanceChartMinH, balanceChartBase+balanceBarPx*len(b.rows))
		if placed%balanceChartsWide == 0 && placed > 0 {
			row += (rowH + balanceChartGap + balanceDefaultRowPx - 1) / balanceDefaultRowPx
			rowH = 0
		}
		rowH = max(rowH, h)
		anchor, _ := excelize.CoordinatesToCellName(startCols[placed%balanceChartsWide], row)
		placed++
		title := fmt.Sprintf("%s (%s)", schema.IndicatorTitle(b.indicator), b.unit)
		overlap, gap, off, print := 100, uint(60), false, true
		if err := w.f.AddChart(balanceSheet, anchor, &excelize.Chart{
			Type:      excelize.Bar,
			Series:    series,
			Dimension: excelize.ChartDimension{Width: balanceChartW, Height: uint(h)},
			Format: excelize.GraphicOptions{
				AltText:     title + ": a bar per row of the table above; solid bars are values, pale bars bounds.",
				PrintObject: &print,
			},
			Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title, Font: &excelize.Font{Bold: true, Size: 12, Family: xlsxFontFamily, Color: "404040"}}}},
			Legend:     excelize.ChartLegend{Position: "bottom"},
			VaryColors: &off,
			// Bars one under the other, as the table's rows; the
			// series share a bar's place, so that a range's bounds lie
			// on one another and a row with one figure is not thin.
			XAxis:    excelize.ChartAxis{ReverseOrder: true, Font: axisFont},
			YAxis:    excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: w.balanceAxisFormat(b)}, Font: axisFont},
			Overlap:  &overlap,
			GapWidth: &gap,
		}); err != nil {
			return fmt.Errorf("xlsx: sheet %q: chart %s: %w", balanceSheet, title, err)
		}
	}
	return nil
}

// balanceAxisFormat is the number format of a chart's value axis: large
// numbers in millions or billions ("1.5 bn"), so that the labels of an axis
// up to $22,700,000,000 do not run into one another.
func (w *xlsxWriter) balanceAxisFormat(b balanceBlock) string {
	t, c := balanceTable(w.r), schema.IndicatorsCols
	top := 0.0
	for _, i := range b.rows {
		for _, col := range []schema.Col{c.Value, c.Low, c.High} {
			if v := t.Rows[i][col]; !v.IsNull() {
				top = max(top, v.Float())
			}
		}
	}
	switch {
	case top >= 1e9:
		return `#,##0.0,,," bn"`
	case top >= 1e7:
		return `#,##0,," m"`
	}
	return "#,##0"
}

// blockHas reports whether any row of b has a value in column col of the
// indicators table.
func (w *xlsxWriter) blockHas(b balanceBlock, col schema.Col) bool {
	t := balanceTable(w.r)
	for _, i := range b.rows {
		if !t.Rows[i][col].IsNull() {
			return true
		}
	}
	return false
}
