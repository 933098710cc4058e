package export

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"net/url"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/dataset/english"
	"github.com/armsdata/armsdata/schema"
)

// XLSX writes the release as one workbook, <Meta.Name>.xlsx, for readers who
// open it in Excel or LibreOffice: an About sheet, a Balance sheet (the
// headline figures of the indicators table with their charts, see
// xlsx_balance.go), one sheet per table named as the table, in the
// schema's order (schema.All), and a Dictionary sheet describing every
// column. A table's sheet shows its columns in the
// table's order, the technical ones (schema.Place.Technical) grouped at
// outline level 1 and hidden, so that the sheet a reader sees, and prints,
// is what a reader needs.
//
// Cells are typed: integers and amounts are numbers, dates are date cells,
// text is text (never a formula, whatever it starts with) and null is an
// empty cell. The same release always gives the same bytes.
type XLSX struct {
	// rowsPerSheet is the most data rows one sheet holds; a longer table
	// continues on sheets <table>_2, <table>_3, ... Zero means Excel's
	// limit (1,048,576 rows less the header). Tests set it low.
	rowsPerSheet int
	// linksPerSheet is the most clickable links one sheet gets; zero means
	// xlsxMaxSheetLinks.
	linksPerSheet int
}

// Limits of the format.
const (
	xlsxMaxDataRows  = excelize.TotalRows - 1      // 1,048,575: all rows less the header
	xlsxMaxCellChars = schema.MaxCellChars         // excelize.TotalCellChars; excelize truncates silently
	xlsxMaxSheetName = excelize.MaxSheetNameLength // 31
	// xlsxMaxSheetLinks bounds the clickable links of one sheet; further
	// addresses stay plain text. Excel allows 65,530, but excelize's
	// SetCellHyperLink scans every link of the sheet on each call
	// (qax-os/excelize#294): measured here, 20,000 links take 16 s and
	// 65,530 would take minutes; 10,000 cost about 4 s.
	xlsxMaxSheetLinks = 10000
	// xlsxMaxLinkLength: a longer address stays text. A conservative bound
	// (Office is reported to stop following links around 2,080
	// characters; not verified here).
	xlsxMaxLinkLength = 2079
	xlsxMaxExactInt   = schema.MaxExactInt
)

// Sheet names of our own, and one Excel reserves.
const (
	aboutSheet      = "About"
	dictionarySheet = "Dictionary"
	reservedSheet   = "History"
)

// Column widths, in Excel's units (about one digit of the default font).
const (
	widthQuote     = 70 // RoleQuote: fixed, wrapped
	widthText      = 50 // free text: wrapped beyond this
	widthURL       = 40 // links: clickable, so need not show in full
	widthCode      = 24 // RoleCode: short
	widthID        = 48 // RoleID: the longest row ids are about 45 characters
	widthNumber    = 20 // numbers and dates
	widthMin       = 8  //
	widthFilterBtn = 3  // room for the autofilter button beside a header
	// widthAbout is column A of the About sheet: about 480 points, which
	// fits the printable width of a portrait page (A4 or Letter with
	// Excel's default margins) and leaves room in landscape.
	widthAbout = 90
	// widthIndent is what an indent of one level takes from a line.
	widthIndent = 3
)

// Row heights and printing. Neither Excel nor LibreOffice reliably grows a
// row to show a wrapped cell of a streamed sheet (LibreOffice keeps the
// default height on load, so the text is cut off or spills over the next
// rows), so rows whose wrapped text takes more than one line get a height
// estimated from the text.
const (
	// xlsxLineHeight is the height of one line of 11-point text, in
	// points: Excel's default row height.
	xlsxLineHeight = 15.0
	// xlsxCharsPerUnit is how many characters of 11-point prose a line
	// of one width unit holds, on the low side so that a row is rather
	// too tall than cut off: measured in LibreOffice's rendering (DejaVu
	// Sans standing in for Calibri, which is narrower) about 1.2; in
	// Calibri about 1.3.
	xlsxCharsPerUnit = 1.1
	// xlsxMaxRowHeight is Excel's tallest row, in points; a longer text
	// is cut at the bottom, and the reader widens the row or reads the
	// cell in the formula bar.
	xlsxMaxRowHeight = excelize.MaxRowHeight // 409
	// xlsxPageUnits is the most column width (in width units) printed
	// across one landscape page of a sheet that takes several. Letter,
	// the narrower of Letter and A4, with narrow margins holds about 140
	// units at full size; 200 units print at about 70%, text of about 8
	// points.
	xlsxPageUnits = 200
	// xlsxOnePageUnits: a sheet up to this wide still prints one page
	// wide (at no less than about 56%) rather than spilling a column or
	// two onto pages of their own.
	xlsxOnePageUnits = 250
)

// Number formats. Amounts (RoleMoney) get no currency symbol: the currency
// is the row's <x>_currency column, and a "$" format would mislabel any
// amount in another currency. Fractions are shown only when a value has one,
// so that whole amounts do not end in "." or ".00" and fractional ones
// (distances in km) are not rounded away.
const (
	fmtInteger      = 1 // built-in "0": never scientific notation, unlike General
	fmtThousands    = 3 // built-in "#,##0"
	fmtFraction     = "#,##0.0#########"
	fmtDate         = "yyyy-mm-dd"
	xlsxTableStyle  = "TableStyleLight1" // header bold, light stripes: agrees with our bold header
	xlsxTablePrefix = "tbl_"
	xlsxFontFamily  = "Calibri" // the workbook's default font
)

// Name implements Exporter.
func (XLSX) Name() string { return "xlsx" }

// Export implements Exporter.
//
// The workbook goes straight to its file: the zip writer handed to
// excelize writes there rather than into the buffer excelize passes it,
// which would hold the whole file in memory.
func (x XLSX) Export(dir string, r *dataset.Release) error { return x.exportRows(dir, r, uncounted) }

// rowsToWrite counts the rows of the data sheets, which hold every table's.
func (XLSX) rowsToWrite(r *dataset.Release) int { return r.Rows() }

func (x XLSX) exportRows(dir string, r *dataset.Release, wrote func(n int)) error {
	name, limit, plan, err := x.plan(r)
	if err != nil {
		return err
	}
	layouts := map[*dataset.Table][]colLayout{}
	for i, p := range plan {
		if layouts[p.table] == nil {
			layouts[p.table] = layoutColumns(p.table)
		}
		plan[i].layout = layouts[p.table]
	}
	return writeFile(filepath.Join(dir, name), func(out io.Writer) error { return x.write(out, r, limit, plan, wrote) })
}

func (x XLSX) write(out io.Writer, r *dataset.Release, limit int, plan []sheetPlan, wrote func(n int)) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("xlsx: %w", cerr)
		}
	}()
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return newSortedZipWriter(out) })

	links := x.linksPerSheet
	if links <= 0 || links > excelize.TotalSheetHyperlinks {
		links = xlsxMaxSheetLinks
	}
	w := &xlsxWriter{f: f, r: r, plan: plan, limit: limit, links: links, wrote: wrote}
	if err := w.setup(); err != nil {
		return err
	}
	if err := w.writeAbout(); err != nil {
		return err
	}
	if err := w.writeBalance(); err != nil {
		return err
	}
	if err := w.writeTableSheets(); err != nil {
		return err
	}
	if err := w.writeDictionary(); err != nil {
		return err
	}
	// A drawing (the Balance sheet's charts) makes excelize declare the
	// image types in [Content_Types].xml from a map, in a different order
	// run after run (setContentTypePartImageExtensions): sorted here, the
	// declarations being a set. The type is excelize's own, unexported.
	if ct := f.ContentTypes; ct != nil {
		sort.SliceStable(ct.Defaults, func(i, j int) bool { return ct.Defaults[i].Extension < ct.Defaults[j].Extension })
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if buf.Len() > 0 {
		return fmt.Errorf("xlsx: excelize wrote %d bytes past the zip writer", buf.Len())
	}
	return nil
}

// plan returns the workbook's file name, the most data rows of a sheet and
// the data sheets of r.
func (x XLSX) plan(r *dataset.Release) (file string, limit int, plan []sheetPlan, err error) {
	if r == nil {
		return "", 0, nil, fmt.Errorf("xlsx: no release")
	}
	file, err = releaseFileName(r.Meta, ".xlsx")
	if err != nil {
		return "", 0, nil, fmt.Errorf("xlsx: %w", err)
	}
	limit = x.rowsPerSheet
	if limit <= 0 || limit > xlsxMaxDataRows {
		limit = xlsxMaxDataRows
	}
	plan, err = planSheets(r, limit)
	if err != nil {
		return "", 0, nil, err
	}
	return file, limit, plan, nil
}

// Verify opens the workbook in dir and checks that it has the sheets
// Export writes for r, in their order: About, Balance (when r has the
// indicators table), every table's (a long table has several), Dictionary.
func (x XLSX) Verify(dir string, r *dataset.Release) error {
	name, _, plan, err := x.plan(r)
	if err != nil {
		return err
	}
	want := []string{aboutSheet}
	if balanceTable(r) != nil {
		want = append(want, balanceSheet)
	}
	for _, p := range plan {
		want = append(want, p.name)
	}
	want = append(want, dictionarySheet)
	f, err := excelize.OpenFile(filepath.Join(dir, name))
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	got := f.GetSheetList()
	if err := f.Close(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if !slices.Equal(got, want) {
		return fmt.Errorf("xlsx: %s has the sheets %q, want %q", name, got, want)
	}
	return nil
}

// sheetPlan is one data sheet: rows [from, to) of a table. A sheet shows
// every column of its table, in the table's order: first what a reader
// needs, then the technical columns (schema.Place), grouped in an outline
// and collapsed.
type sheetPlan struct {
	name     string
	table    *dataset.Table
	layout   []colLayout // shared by every sheet of the table; set by Export
	from, to int
}

// columns are the columns the sheet shows.
func (p sheetPlan) columns() []schema.Column { return p.table.Schema.Columns() }

// planSheets names the data sheets, splitting long tables, and checks every
// sheet name before anything is written.
func planSheets(r *dataset.Release, limit int) ([]sheetPlan, error) {
	used := map[string]string{} // folded sheet name -> what uses it
	claim := func(sheet, owner string) error {
		if prev, ok := used[foldName(sheet)]; ok {
			return fmt.Errorf("xlsx: %s: sheet name %q is already used by %s (Excel compares sheet names without case)", owner, sheet, prev)
		}
		used[foldName(sheet)] = owner
		return nil
	}
	_ = claim(aboutSheet, "the About sheet")
	_ = claim(balanceSheet, "the Balance sheet")
	_ = claim(dictionarySheet, "the Dictionary sheet")
	_ = claim(reservedSheet, "Excel (reserved)")

	var plan []sheetPlan
	for _, t := range r.Tables {
		if t == nil || t.Schema == nil {
			return nil, fmt.Errorf("xlsx: release has a table without a schema")
		}
		owner := fmt.Sprintf("table %q", t.Schema.Name)
		cols := t.Schema.Columns()
		if len(cols) == 0 {
			return nil, fmt.Errorf("xlsx: %s has no columns", owner)
		}
		if len(cols) > excelize.MaxColumns {
			return nil, fmt.Errorf("xlsx: %s has %d columns, more than Excel's %d", owner, len(cols), excelize.MaxColumns)
		}
		headers := map[string]bool{}
		for _, c := range cols {
			if headers[foldName(c.Name)] {
				return nil, fmt.Errorf("xlsx: %s: column name %q appears twice (Excel compares header names without case)", owner, c.Name)
			}
			headers[foldName(c.Name)] = true
			if err := checkText(c.Name); err != nil {
				return nil, fmt.Errorf("xlsx: %s: column name %q: %w", owner, c.Name, err)
			}
		}
		parts := (len(t.Rows) + limit - 1) / limit
		if parts == 0 {
			parts = 1 // an empty table still gets its sheet, with the header
		}
		for part := 1; part <= parts; part++ {
			sheet := t.Schema.Name
			if part > 1 {
				sheet += "_" + strconv.Itoa(part)
			}
			if err := checkSheetName(sheet); err != nil {
				if part > 1 {
					return nil, fmt.Errorf("xlsx: %s has %d rows, more than one sheet holds (%d), and its continuation sheet %q is not a valid sheet name: %w", owner, len(t.Rows), limit, sheet, err)
				}
				return nil, fmt.Errorf("xlsx: %s: the name is not a valid sheet name: %w", owner, err)
			}
			if err := claim(sheet, owner); err != nil {
				return nil, err
			}
			from := (part - 1) * limit
			plan = append(plan, sheetPlan{
				name: sheet, table: t,
				from: from, to: min(from+limit, len(t.Rows)),
			})
		}
	}
	return plan, nil
}

// checkSheetName applies Excel's rules for sheet names.
func checkSheetName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("a sheet name cannot be empty")
	case schema.CellChars(name) > xlsxMaxSheetName:
		return fmt.Errorf("a sheet name has at most %d characters, %q has %d", xlsxMaxSheetName, name, schema.CellChars(name))
	case strings.ContainsAny(name, `:\/?*[]`):
		return fmt.Errorf("a sheet name cannot contain any of : \\ / ? * [ ]")
	case strings.HasPrefix(name, "'") || strings.HasSuffix(name, "'"):
		return fmt.Errorf("a sheet name cannot begin or end with an apostrophe")
	}
	return checkText(name)
}

// foldName is the key under which Excel compares sheet, table and header
// names.
func foldName(s string) string { return strings.ToLower(s) }

// checkText rejects text Excel cannot hold as written: excelize would
// truncate a long cell and replace characters XML 1.0 forbids, silently.
func checkText(s string) error {
	if plainASCII(s) && len(s) <= xlsxMaxCellChars {
		return nil // each byte is a character, of one UTF-16 unit, that XML stores
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("text is not valid UTF-8")
	}
	if n := schema.CellChars(s); n > xlsxMaxCellChars {
		return fmt.Errorf("text of %d characters is longer than Excel's limit of %d characters per cell", n, xlsxMaxCellChars)
	}
	for i, c := range s {
		if !schema.StorableChar(c) {
			return fmt.Errorf("text holds the character U+%04X (at byte %d), which XML and so a workbook cannot store", c, i)
		}
	}
	return nil
}

// plainASCII reports whether s holds only printable ASCII characters, tabs
// and line breaks: the text of most cells, which the character checks and
// measures can then take a byte at a time.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b >= utf8.RuneSelf || b < 0x20 && b != '\t' && b != '\n' && b != '\r' {
			return false
		}
	}
	return true
}

// colLayout says how a column is shown.
type colLayout struct {
	width float64
	wrap  bool
	// collapsed columns are technical (schema.Place.Technical): grouped
	// at outline level 1 and hidden, so that they neither widen the sheet
	// nor print, and a reader opens the group to see them.
	collapsed bool
}

// layoutBatchRows is the number of rows one goroutine measures at a time
// for layoutColumns.
const layoutBatchRows = 16 << 10

// layoutColumns sizes each column from its header and its longest value,
// capped by what the column holds. The rows are measured in parallel
// batches, each row after row (a row's values lie together in memory), and
// a column is measured no further once its layout is settled: the widest
// value past the cap fixes the width at the cap (and, for wrapped text,
// the wrapping), and a date column is as wide as its first date. The
// layout is therefore the same however far each batch got.
func layoutColumns(t *dataset.Table) []colLayout {
	cols := t.Schema.Columns()
	limits := make([]int, len(cols))
	// settleAt: a column whose content reaches it is settled.
	settleAt := make([]int, len(cols))
	settled := make([]atomic.Bool, len(cols))
	for ci, c := range cols {
		switch {
		case c.Role == schema.RoleQuote:
			settled[ci].Store(true) // fixed width, wrapped
			continue
		case c.Type != schema.TypeString:
			limits[ci] = widthNumber
		case isURLColumn(c):
			limits[ci] = widthURL
		case c.Role == schema.RoleCode:
			limits[ci] = widthCode
		case c.Role == schema.RoleID:
			limits[ci] = widthID
		default:
			limits[ci] = widthText
		}
		settleAt[ci] = limits[ci] - 2 // fitWidth takes content+2 up to the limit
		switch {
		case wrapsLong(c):
			settleAt[ci] = limits[ci] + 1 // wrapping starts past the limit
		case c.Type == schema.TypeDate:
			settleAt[ci] = 1 // every date is as wide
		}
	}
	content := make([]int, len(cols))
	_ = inBatches(len(t.Rows), layoutBatchRows,
		func(from, to int) ([]int, error) {
			widths := make([]int, len(cols))
			open := make([]int, 0, len(cols)) // columns still measured
			for ci := range cols {
				if !settled[ci].Load() {
					open = append(open, ci)
				}
			}
			for i := from; i < to && len(open) > 0; i++ {
				row := t.Rows[i]
				for k := 0; k < len(open); k++ {
					ci := open[k]
					if ci >= len(row) {
						continue
					}
					widths[ci] = max(widths[ci], displayWidth(row[ci], cols[ci]))
					if widths[ci] >= settleAt[ci] {
						settled[ci].Store(true)
						open = slices.Delete(open, k, k+1)
						k--
					}
				}
			}
			return widths, nil
		},
		func(widths []int) error {
			for ci, n := range widths {
				content[ci] = max(content[ci], n)
			}
			return nil
		})
	out := make([]colLayout, len(cols))
	for ci, c := range cols {
		if c.Role == schema.RoleQuote {
			out[ci] = colLayout{width: widthQuote, wrap: true, collapsed: c.Place.Technical()}
			continue
		}
		out[ci] = colLayout{
			width:     float64(fitWidth(c.Name, content[ci], limits[ci])),
			wrap:      wrapsLong(c) && content[ci] > limits[ci],
			collapsed: c.Place.Technical(),
		}
	}
	return out
}

// wrapsLong reports whether a column's text wraps when it is longer than
// the column's cap: free text, not codes, ids or links.
func wrapsLong(c schema.Column) bool {
	return c.Type == schema.TypeString && c.Role == schema.RolePlain && !isURLColumn(c)
}

// fitWidth is the width of a column: its header in full with the filter
// button, its content up to limit.
func fitWidth(header string, content, limit int) int {
	return max(widthMin, utf8.RuneCountInString(header)+widthFilterBtn, min(content+2, limit))
}

// displayWidth estimates how many characters a value takes on screen: its
// longest line, numbers with their thousands separators. It runs on every
// cell, so it counts rather than formats where it can.
func displayWidth(v schema.Value, c schema.Column) int {
	if v.IsNull() {
		return 0
	}
	switch v.Type() {
	case schema.TypeInt:
		i := v.Int()
		n := 1 // digits
		for u := i / 10; u != 0; u /= 10 {
			n++
		}
		sign := 0
		if i < 0 {
			sign = 1
		}
		return sign + n + separators(n, thousands(c))
	case schema.TypeFloat:
		if x := v.Float(); x == math.Trunc(x) && math.Abs(x) < 1e15 {
			// A whole number prints as its integer's digits ("-0" for -0).
			n, sign := 1, 0
			for u := int64(x) / 10; u != 0; u /= 10 {
				n++
			}
			if math.Signbit(x) {
				sign = 1
			}
			return sign + n + separators(n, thousands(c))
		}
		var buf [32]byte
		s := strconv.AppendFloat(buf[:0], v.Float(), 'f', -1, 64)
		n := len(s)
		if s[0] == '-' {
			s = s[1:]
		}
		if dot := bytes.IndexByte(s, '.'); dot >= 0 {
			s = s[:dot]
		}
		return n + separators(len(s), thousands(c))
	case schema.TypeDate:
		return len("yyyy-mm-dd")
	}
	s := v.String()
	if strings.IndexByte(s, '\n') < 0 {
		return utf8.RuneCountInString(s)
	}
	longest := 0
	for line := range strings.SplitSeq(s, "\n") {
		longest = max(longest, utf8.RuneCountInString(line))
	}
	return longest
}

// separators is the number of thousands separators groupDigits puts into
// an integer part of n digits.
func separators(n int, group bool) int {
	if !group || n < 1 {
		return 0
	}
	return (n - 1) / 3
}

// thousands reports whether a numeric column is shown with separators.
func thousands(c schema.Column) bool {
	return c.Role == schema.RoleNumber || c.Role == schema.RoleMoney
}

// wrappedLines estimates how many lines text takes in a wrapped cell of a
// column width units wide (Excel's unit, about one digit of the default
// 11-point font), in a font of size points: the text breaks at its line
// breaks, then between words as Excel and LibreOffice break it, a word
// longer than a line running over several lines. A line holds fewer
// characters of larger or bold text.
func wrappedLines(s string, width, size float64, bold bool) int {
	per := width * xlsxCharsPerUnit * 11 / size
	if bold {
		per *= 0.9
	}
	capacity := max(1, int(per))
	lines := 0
	for para := range strings.SplitSeq(s, "\n") {
		lines++
		cur := 0 // characters on the current line
		for word := range strings.FieldsSeq(para) {
			n := textWidth(word)
			if cur > 0 {
				if cur+1+n <= capacity {
					cur += 1 + n
					continue
				}
				lines++
			}
			for n > capacity {
				lines++
				n -= capacity
			}
			cur = n
		}
	}
	return lines
}

// textWidth counts the characters of s as wide as a letter: East Asian
// ideographs and syllables take two, combining marks none.
func textWidth(s string) int {
	if plainASCII(s) {
		return len(s)
	}
	n := 0
	for _, c := range s {
		switch {
		case unicode.Is(unicode.Mn, c):
		case c >= 0x1100 && (unicode.In(c, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana) ||
			c >= 0xFF01 && c <= 0xFF60):
			n += 2
		default:
			n++
		}
	}
	return n
}

// rowHeight is the height in points of a row showing lines of text in a
// font of size points, at most Excel's tallest row.
func rowHeight(lines int, size float64) float64 {
	return min(xlsxMaxRowHeight, math.Ceil(float64(lines)*size*xlsxLineHeight/11))
}

// rowOpts gives a row holding wrapped text of lines lines (of 11-point
// text) its height; a row of one line keeps the default.
func rowOpts(lines int) []excelize.RowOpts {
	if lines <= 1 {
		return nil
	}
	return []excelize.RowOpts{{Height: rowHeight(lines, 11)}}
}

// groupDigits inserts thousands separators into a plain decimal number.
func groupDigits(s string, group bool) string {
	if !group {
		return s
	}
	sign, intPart, frac := "", s, ""
	if strings.HasPrefix(intPart, "-") {
		sign, intPart = "-", intPart[1:]
	}
	if i := strings.IndexByte(intPart, '.'); i >= 0 {
		intPart, frac = intPart[:i], intPart[i:]
	}
	var b strings.Builder
	for i, d := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return sign + b.String() + frac
}

// xlsxStyles are the cell styles of the workbook, created once, in a fixed
// order, so that their ids are the same in every run.
type xlsxStyles struct {
	header    int // bold
	text      int
	wrap      int // wrapped text
	link      int // a clickable link
	linkWrap  int // About: a clickable link, wrapped
	integer   int // "0"
	thousands int // "#,##0"
	fraction  int // "#,##0.0#########"
	general   int
	date      int // yyyy-mm-dd
	title     int // About: the dataset's title
	heading   int // About: a section heading
	para      int // About: a paragraph
	note      int // About: a paragraph under a sheet's link, indented
}

type xlsxWriter struct {
	f     *excelize.File
	r     *dataset.Release
	plan  []sheetPlan
	limit int // data rows per sheet
	links int // clickable links per sheet
	// wrote counts the data rows streamed, from the goroutines of several
	// sheets at once.
	wrote func(n int)
	st    xlsxStyles
	// tableNames holds the folded names of the Excel tables made so far.
	tableNames map[string]bool
	// mu serializes the calls on the workbook (links, tables, flushes)
	// while the rows of several sheets stream: excelize's stream writers
	// are independent of each other, the rest of its File is not made for
	// concurrent use.
	mu sync.Mutex
}

// setup creates the sheets in their final order, the styles and the
// document properties.
func (w *xlsxWriter) setup() error {
	f := w.f
	if err := f.SetSheetName(f.GetSheetName(0), aboutSheet); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if balanceTable(w.r) != nil {
		if _, err := f.NewSheet(balanceSheet); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	for _, p := range w.plan {
		if _, err := f.NewSheet(p.name); err != nil {
			return fmt.Errorf("xlsx: sheet %q: %w", p.name, err)
		}
	}
	if _, err := f.NewSheet(dictionarySheet); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	f.SetActiveSheet(0)

	top := func(wrap bool) *excelize.Alignment {
		return &excelize.Alignment{Vertical: "top", WrapText: wrap}
	}
	// A font names its family and size: without them LibreOffice shows
	// bold headers in its default serif font.
	font := func(bold bool, size float64, underline string) *excelize.Font {
		f := &excelize.Font{Bold: bold, Size: size, Family: xlsxFontFamily, Underline: underline}
		if underline != "" {
			f.Color = "0563C1"
		}
		return f
	}
	fraction, date := fmtFraction, fmtDate
	specs := []struct {
		id    *int
		style excelize.Style
	}{
		{&w.st.header, excelize.Style{Font: font(true, 11, ""), Alignment: top(false)}},
		{&w.st.text, excelize.Style{Alignment: top(false)}},
		{&w.st.wrap, excelize.Style{Alignment: top(true)}},
		{&w.st.link, excelize.Style{Font: font(false, 11, "single"), Alignment: top(false)}},
		{&w.st.linkWrap, excelize.Style{Font: font(false, 11, "single"), Alignment: top(true)}},
		{&w.st.integer, excelize.Style{NumFmt: fmtInteger, Alignment: top(false)}},
		{&w.st.thousands, excelize.Style{NumFmt: fmtThousands, Alignment: top(false)}},
		{&w.st.fraction, excelize.Style{CustomNumFmt: &fraction, Alignment: top(false)}},
		{&w.st.general, excelize.Style{Alignment: top(false)}},
		{&w.st.date, excelize.Style{CustomNumFmt: &date, Alignment: top(false)}},
		{&w.st.title, excelize.Style{Font: font(true, 16, ""), Alignment: top(true)}},
		{&w.st.heading, excelize.Style{Font: font(true, 12, ""), Alignment: top(true)}},
		{&w.st.para, excelize.Style{Alignment: top(true)}},
		{&w.st.note, excelize.Style{Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true, Indent: 1}}},
	}
	for _, s := range specs {
		id, err := f.NewStyle(&s.style)
		if err != nil {
			return fmt.Errorf("xlsx: style: %w", err)
		}
		*s.id = id
	}

	m := w.r.Meta
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          m.Title,
		Description:    m.Description,
		Version:        m.Version,
		Creator:        m.Name,
		LastModifiedBy: m.Name,
		Identifier:     m.Homepage,
		Language:       "en",
		// Created and Modified keep excelize's fixed template date: a
		// release carries no date of its own and the clock would make
		// every build differ.
	}); err != nil {
		return fmt.Errorf("xlsx: document properties: %w", err)
	}
	w.tableNames = map[string]bool{}
	return nil
}

// xlsxRowError names the place of a bad value.
func xlsxRowError(t *dataset.Table, i int, col string, err error) error {
	return fmt.Errorf("xlsx: table %q, %s, column %q: %w", t.Schema.Name, describeRow(t, i), col, err)
}

// describeRow names row i of t by its id, for error messages.
func describeRow(t *dataset.Table, i int) string {
	for ci, c := range t.Schema.Columns() {
		if c.Role != schema.RoleID || ci >= len(t.Rows[i]) {
			continue
		}
		v := t.Rows[i][ci]
		if v.IsNull() || v.Type() != schema.TypeString {
			break
		}
		id := v.String()
		if utf8.RuneCountInString(id) > 60 {
			id = string([]rune(id)[:60]) + "…"
		}
		return fmt.Sprintf("row id %q (row %d)", id, i+1)
	}
	return fmt.Sprintf("row %d", i+1)
}

// xlsxBatchRows is the number of rows whose cells are made at a time, on
// other goroutines, while the stream writer takes the batch before.
const xlsxBatchRows = 1024

// xlsxBatch is the cells of rows [from, to) of a sheet's table, made ready
// for the stream writer.
type xlsxBatch struct {
	from  int
	cells []excelize.Cell // row after row, a cell for every column
	row   []any           // one row's values for SetRow: its cells, nil for null
	lines []int           // of each row's longest wrapped cell
	null  []bool          // which cells are null
}

// xlsxLink is a cell of a data sheet made a clickable link.
type xlsxLink struct {
	row, col int // the table's row and the sheet's column, from 0
	target   string
}

// sheetLinks returns the cells of p that get a link: the first w.links
// addresses of its URL columns that linkTarget accepts, row after row.
func (w *xlsxWriter) sheetLinks(p sheetPlan) []xlsxLink {
	var urls []int // columns of the sheet
	for k, c := range p.columns() {
		if isURLColumn(c) {
			urls = append(urls, k)
		}
	}
	var links []xlsxLink
	for i := p.from; i < p.to && len(urls) > 0 && len(links) < w.links; i++ {
		row := p.table.Rows[i]
		for _, k := range urls {
			if k >= len(row) || row[k].IsNull() || len(links) >= w.links {
				continue
			}
			if target, ok := linkTarget(row[k].String()); ok {
				links = append(links, xlsxLink{row: i, col: k, target: target})
			}
		}
	}
	return links
}

// writeTableSheets writes the data sheets: the rows of up to GOMAXPROCS
// sheets at a time, each sheet opened and closed on this goroutine in the
// order of the plan, since excelize numbers defined names and tables in
// the order they are made. The workbook is the same on one processor as on
// several.
func (w *xlsxWriter) writeTableSheets() error {
	sws := make([]*excelize.StreamWriter, len(w.plan))
	for i, p := range w.plan {
		cols := p.columns()
		headers := make([]string, len(cols))
		for i, c := range cols {
			headers[i] = c.Name
		}
		sw, err := w.startSheet(p.name, headers, p.layout, 1, p.to-p.from)
		if err != nil {
			return err
		}
		sws[i] = sw
	}
	done := make([]chan error, len(w.plan))
	for i := range done {
		done[i] = make(chan error, 1)
	}
	var failed atomic.Bool
	go func() {
		slots := make(chan struct{}, runtime.GOMAXPROCS(0))
		for i, p := range w.plan {
			slots <- struct{}{}
			go func() {
				defer func() { <-slots }()
				if failed.Load() {
					done[i] <- nil // not written: an earlier sheet failed
					return
				}
				err := w.sheetRows(p, sws[i])
				if err != nil {
					failed.Store(true)
				}
				done[i] <- err
			}()
		}
	}()
	var first error
	for i, p := range w.plan {
		err := <-done[i]
		if err == nil && first == nil {
			w.mu.Lock()
			err = w.endSheet(sws[i], p.name, len(p.columns()), p.to-p.from)
			w.mu.Unlock()
		}
		if first == nil {
			first = err
		}
		if first != nil {
			failed.Store(true)
		}
	}
	return first
}

// sheetRows writes the rows of a data sheet and its links. The cells of
// each batch of rows are made, and checked, in parallel, and the stream
// writer takes them in row order. The links are set meanwhile on a
// goroutine of their own: excelize takes time in proportion to the links
// already on the sheet for each one (see xlsxMaxSheetLinks), and only
// writes them when the sheet is flushed.
func (w *xlsxWriter) sheetRows(p sheetPlan, sw *excelize.StreamWriter) error {
	t := p.table
	cols := p.columns()
	links := w.sheetLinks(p)
	linked := make(chan error, 1)
	go func() {
		for _, l := range links {
			ref, _ := excelize.CoordinatesToCellName(l.col+1, l.row-p.from+2)
			w.mu.Lock()
			err := w.f.SetCellHyperLink(p.name, ref, l.target, "External")
			w.mu.Unlock()
			if err != nil {
				linked <- xlsxRowError(t, l.row, cols[l.col].Name, err)
				return
			}
		}
		linked <- nil
	}()
	// Batches go back to the pool once written: they are most of what a
	// sheet allocates.
	pool := sync.Pool{New: func() any {
		return &xlsxBatch{
			cells: make([]excelize.Cell, xlsxBatchRows*len(cols)),
			row:   make([]any, len(cols)),
			lines: make([]int, xlsxBatchRows),
			null:  make([]bool, xlsxBatchRows*len(cols)),
		}
	}}
	err := inBatches(p.to-p.from, xlsxBatchRows,
		func(from, to int) (*xlsxBatch, error) {
			b := pool.Get().(*xlsxBatch)
			return b, w.tableCells(b, p, links, p.from+from, p.from+to)
		},
		func(b *xlsxBatch) error {
			defer pool.Put(b)
			for r := range b.lines {
				k := r * len(cols)
				for ci := range cols {
					b.row[ci] = nil
					if !b.null[k+ci] {
						b.row[ci] = &b.cells[k+ci]
					}
				}
				ref, _ := excelize.CoordinatesToCellName(1, b.from+r-p.from+2)
				if err := sw.SetRow(ref, b.row, rowOpts(b.lines[r])...); err != nil {
					return fmt.Errorf("xlsx: sheet %q, row %d: %w", p.name, b.from+r-p.from+2, err)
				}
			}
			w.wrote(len(b.lines))
			return nil
		})
	if lerr := <-linked; err == nil {
		err = lerr
	}
	return err
}

// tableCells fills b with the cells of table rows [from, to) of p's
// table, those of links in the link style.
func (w *xlsxWriter) tableCells(b *xlsxBatch, p sheetPlan, links []xlsxLink, from, to int) error {
	t := p.table
	cols := p.columns()
	b.from, b.lines = from, b.lines[:to-from]
	for i := from; i < to; i++ {
		row := t.Rows[i]
		if n := len(t.Schema.Columns()); len(row) != n {
			return fmt.Errorf("xlsx: table %q, %s: %d values for %d columns", t.Schema.Name, describeRow(t, i), len(row), n)
		}
		k := (i - from) * len(cols)
		lines := 1 // of the row's longest wrapped cell
		for ci, c := range cols {
			v := row[ci]
			ok, err := w.dataCell(&b.cells[k+ci], v, c, p.layout[ci])
			if err != nil {
				return xlsxRowError(t, i, c.Name, err)
			}
			b.null[k+ci] = !ok
			// A row is as tall as its visible text: a collapsed column
			// neither shows nor prints, and a reader who opens its group
			// can make a row taller.
			if ok && p.layout[ci].wrap && !p.layout[ci].collapsed && v.Type() == schema.TypeString {
				lines = max(lines, wrappedLines(v.String(), p.layout[ci].width, 11, false))
			}
		}
		b.lines[i-from] = lines
	}
	first, _ := slices.BinarySearchFunc(links, from, func(l xlsxLink, row int) int { return l.row - row })
	for _, l := range links[first:] {
		if l.row >= to {
			break
		}
		b.cells[(l.row-from)*len(cols)+l.col].StyleID = w.st.link
	}
	return nil
}

// dataCell makes into cell what the stream writer writes for a value: a
// styled cell of the value's type, or false for null (no cell at all).
func (w *xlsxWriter) dataCell(cell *excelize.Cell, v schema.Value, c schema.Column, lay colLayout) (bool, error) {
	if v.IsNull() {
		return false, nil
	}
	if v.Type() != c.Type {
		return false, fmt.Errorf("value of type %s in a column of type %s", v.Type(), c.Type)
	}
	switch v.Type() {
	case schema.TypeInt:
		i := v.Int()
		if i > xlsxMaxExactInt || i < -xlsxMaxExactInt {
			return false, fmt.Errorf("integer %d is too large for a spreadsheet number, which keeps 15 to 16 digits", i)
		}
		style := w.st.integer
		if thousands(c) {
			style = w.st.thousands
		}
		*cell = excelize.Cell{StyleID: style, Value: i}
	case schema.TypeFloat:
		x := v.Float()
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false, fmt.Errorf("number %v cannot be stored in a workbook", x)
		}
		style := w.st.general
		if thousands(c) {
			style = w.st.fraction
			if x == math.Trunc(x) {
				style = w.st.thousands
			}
		}
		*cell = excelize.Cell{StyleID: style, Value: x}
	case schema.TypeDate:
		d := v.Date()
		if serial, ok := excelDateSerial(d); ok {
			*cell = excelize.Cell{StyleID: w.st.date, Value: serial}
		} else {
			// Excel has no dates before 1900: the day as text, as it reads.
			*cell = excelize.Cell{StyleID: w.st.text, Value: d.String()}
		}
	case schema.TypeString:
		s := v.String()
		if err := checkText(s); err != nil {
			return false, err
		}
		style := w.st.text
		if lay.wrap {
			style = w.st.wrap
		}
		// A string is written as an inline string cell, never as a
		// formula, whatever it begins with ("=", "+", "-", "@").
		*cell = excelize.Cell{StyleID: style, Value: s}
	default:
		return false, fmt.Errorf("unknown type %q", v.Type())
	}
	return true, nil
}

// excelDateSerial returns the day as Excel's serial number (1900 date
// system), or false for days before 1900, which Excel cannot show as dates.
func excelDateSerial(d schema.Date) (int64, bool) {
	if d.Year < 1900 {
		return 0, false
	}
	// 1970-01-01 is serial 25569. Excel counts a 29 February 1900 that
	// never was, so days before 1 March 1900 are one lower.
	serial := int64(d.DaysSinceEpoch()) + 25569
	if d.Year == 1900 && d.Month < 3 {
		serial--
	}
	return serial, true
}

// isURLColumn reports whether a column's values are shown as links: the
// schema gives it RoleURL. linkTarget still decides per value.
func isURLColumn(c schema.Column) bool {
	return c.Role == schema.RoleURL
}

// linkTarget returns the address to make a cell's text clickable, or false
// for text that is not a web address Excel can follow. Only http and https
// links are made: a spreadsheet should not offer one click to file: or
// javascript: targets.
func linkTarget(s string) (string, bool) {
	if len(s) > xlsxMaxLinkLength || strings.TrimSpace(s) != s {
		return "", false
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (!strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https")) {
		return "", false
	}
	target := u.String() // escapes spaces and the like
	if len(target) > xlsxMaxLinkLength || checkText(target) != nil {
		return "", false
	}
	return target, true
}

// startSheet opens a streamed sheet of a header and nrows rows with its
// widths, frozen header (and freezeCols leading columns), bold header row,
// used range and page setup (see printLayout).
func (w *xlsxWriter) startSheet(name string, headers []string, layout []colLayout, freezeCols, nrows int) (*excelize.StreamWriter, error) {
	if err := w.setDimension(name, len(headers), nrows+1); err != nil {
		return nil, err
	}
	// Collapsed columns are hidden, and neither Excel nor LibreOffice
	// prints a hidden column: the pages are as wide as the columns shown.
	var widths []float64
	for _, l := range layout {
		if !l.collapsed {
			widths = append(widths, l.width)
		}
	}
	wide, repeatCols := printLayout(widths, freezeCols)
	if err := w.pageSetup(name, wide, true); err != nil {
		return nil, err
	}
	// Print titles: the header row at the top of every printed page, and
	// the frozen columns (the row's id) at the left of every page when a
	// row takes several pages.
	titles := quoteSheet(name) + "!$1:$1"
	if repeatCols > 0 {
		last, _ := excelize.ColumnNumberToName(repeatCols)
		titles = quoteSheet(name) + "!$A:$" + last + "," + titles
	}
	if err := w.f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: titles,
		Scope:    name,
	}); err != nil {
		return nil, fmt.Errorf("xlsx: sheet %q: print titles: %w", name, err)
	}
	sw, err := w.f.NewStreamWriter(name)
	if err != nil {
		return nil, fmt.Errorf("xlsx: sheet %q: %w", name, err)
	}
	// Excel wants <col> elements in ascending order, and excelize puts each
	// new one first: so set each column, its width and then its outline,
	// from the last column back. A collapsed column is grouped at level 1
	// and hidden, as excelize's maintainer advises for a collapsed group
	// (qax-os/excelize#791, #1491); the stream writer keeps both.
	for i := len(layout) - 1; i >= 0; i-- {
		err := sw.SetColWidth(i+1, i+1, layout[i].width)
		if err == nil && layout[i].collapsed {
			err = sw.SetColOutlineLevel(i+1, 1)
			if err == nil {
				err = sw.SetColVisible(i+1, i+1, false)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("xlsx: sheet %q: %w", name, err)
		}
	}
	topLeft, _ := excelize.CoordinatesToCellName(freezeCols+1, 2)
	pane := "bottomLeft"
	if freezeCols > 0 {
		pane = "bottomRight"
	}
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, XSplit: freezeCols, YSplit: 1, TopLeftCell: topLeft, ActivePane: pane,
		Selection: []excelize.Selection{{SQRef: topLeft, ActiveCell: topLeft, Pane: pane}},
	}); err != nil {
		return nil, fmt.Errorf("xlsx: sheet %q: %w", name, err)
	}
	cells := make([]any, len(headers))
	for i, h := range headers {
		cells[i] = excelize.Cell{StyleID: w.st.header, Value: h}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return nil, fmt.Errorf("xlsx: sheet %q: %w", name, err)
	}
	return sw, nil
}

// setDimension declares a sheet's used range, ncols columns by nrows rows
// from A1. The stream writer declares "A1" whatever it writes, and readers
// that trust the declaration (openpyxl with read_only=True, the mode for
// large files) then see only the header. Like pageSetup it must run before
// NewStreamWriter, which writes <dimension> when it opens the sheet.
func (w *xlsxWriter) setDimension(sheet string, ncols, nrows int) error {
	last, err := excelize.CoordinatesToCellName(max(ncols, 1), max(nrows, 1))
	if err == nil {
		err = w.f.SetSheetDimension(sheet, "A1:"+last)
	}
	if err != nil {
		return fmt.Errorf("xlsx: sheet %q: used range: %w", sheet, err)
	}
	return nil
}

// pageSetup makes a sheet print in landscape, scaled to fit pages wide
// and as many pages tall as it takes, a row's pages one after the other
// (across, then down). With narrow set the margins are Excel's "Narrow"
// preset (0.25 inch at the sides), for the data sheets.
//
// It must run before the sheet's NewStreamWriter: the stream writer writes
// the sheet properties (<sheetPr>, where "fit to page" is switched on)
// when it opens the sheet, and the page setup when it flushes it; a
// setting made after Flush is lost without an error.
func (w *xlsxWriter) pageSetup(sheet string, wide int, narrow bool) error {
	fit := true
	if err := w.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return fmt.Errorf("xlsx: sheet %q: page setup: %w", sheet, err)
	}
	orientation, tall, order := "landscape", 0, "overThenDown" // tall 0: as many pages as it takes
	if err := w.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Orientation: &orientation,
		FitToWidth:  &wide,
		FitToHeight: &tall,
		PageOrder:   &order,
	}); err != nil {
		return fmt.Errorf("xlsx: sheet %q: page setup: %w", sheet, err)
	}
	if !narrow {
		return nil
	}
	side, topBottom, headerFooter := 0.25, 0.75, 0.3 // inches
	if err := w.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: &side, Right: &side, Top: &topBottom, Bottom: &topBottom, Header: &headerFooter, Footer: &headerFooter,
	}); err != nil {
		return fmt.Errorf("xlsx: sheet %q: page margins: %w", sheet, err)
	}
	return nil
}

// printLayout decides how a sheet with columns of widths prints: on how
// many landscape pages side by side (the whole width on one page would
// print the widest tables at a fifth of their size, unreadable), and how
// many leading columns (those frozen, the row's id) repeat on every page
// when there is more than one.
func printLayout(widths []float64, frozen int) (wide, repeat int) {
	total := 0.0
	for _, w := range widths {
		total += w
	}
	if total <= xlsxOnePageUnits {
		return 1, 0
	}
	lead := 0.0
	for _, w := range widths[:min(frozen, len(widths))] {
		lead += w
	}
	if lead > xlsxPageUnits/4 {
		// Too wide to repeat on every page.
		return int(math.Ceil(total / xlsxPageUnits)), 0
	}
	return int(math.Ceil((total - lead) / (xlsxPageUnits - lead))), frozen
}

// quoteSheet quotes a sheet name for a reference: in single quotes, an
// apostrophe in the name doubled.
func quoteSheet(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// endSheet adds the Excel table over the header and rows (it gives the
// filter buttons and banded rows, and is the autofilter excelize supports in
// stream mode) and flushes the sheet.
func (w *xlsxWriter) endSheet(sw *excelize.StreamWriter, sheet string, ncols, nrows int) error {
	// A table needs a data row: an empty sheet's table spans one empty row.
	last, _ := excelize.CoordinatesToCellName(ncols, max(nrows, 1)+1)
	if err := sw.AddTable(&excelize.Table{
		Range:     "A1:" + last,
		Name:      w.tableName(sheet),
		StyleName: xlsxTableStyle,
	}); err != nil {
		return fmt.Errorf("xlsx: sheet %q: table: %w", sheet, err)
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("xlsx: sheet %q: %w", sheet, err)
	}
	return nil
}

// tableName derives a unique Excel table name from a sheet name. The prefix
// keeps it from reading as a cell reference ("ab12") and names may hold
// only letters, digits, "_" and ".".
func (w *xlsxWriter) tableName(sheet string) string {
	var b strings.Builder
	b.WriteString(xlsxTablePrefix)
	for _, c := range sheet {
		if c < utf8.RuneSelf && (c == '_' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			b.WriteRune(c)
		} else {
			b.WriteByte('_')
		}
	}
	name := b.String()
	for n := 2; w.tableNames[foldName(name)]; n++ {
		name = b.String() + "_" + strconv.Itoa(n)
	}
	w.tableNames[foldName(name)] = true
	return name
}

// aboutLine is one row of the About sheet.
type aboutLine struct {
	text  string
	style int
	link  string // external address
	jump  string // sheet to jump to
}

// writeAbout writes the About sheet: what the release is, its licence, how
// to cite a row, and the sheets that follow.
func (w *xlsxWriter) writeAbout() error {
	m := w.r.Meta
	st := w.st
	var lines []aboutLine
	add := func(style int, format string, args ...any) {
		lines = append(lines, aboutLine{text: fmt.Sprintf(format, args...), style: style})
	}
	blank := func() { lines = append(lines, aboutLine{}) }

	title := m.Title
	if title == "" {
		title = m.Name
	}
	add(st.title, "%s", title)
	if m.Description != "" {
		add(st.para, "%s", m.Description)
	}
	blank()
	if m.Version != "" {
		add(st.para, "Version: %s", m.Version)
	}
	if m.Licence != "" {
		add(st.para, "Licence: %s", m.Licence)
	}
	if m.LicenceURL != "" {
		lines = append(lines, aboutLine{text: m.LicenceURL, style: st.para, link: m.LicenceURL})
	}
	if m.Homepage != "" {
		lines = append(lines, aboutLine{text: "Homepage: " + m.Homepage, style: st.para, link: m.Homepage})
	}
	blank()

	var curated []string
	for _, t := range w.r.Tables {
		if t.Schema.Curated {
			curated = append(curated, t.Schema.Name)
		}
	}
	add(st.heading, "How to cite a row")
	if len(curated) > 0 {
		add(st.para, "Every row of the sheets %s rests on a passage of a source text and carries its reference: "+
			"citation (the source as a reader cites it), quote_display (the passage as a reader reads it, on one line), "+
			"and among the technical columns quote (the passage exactly as it stands in the source file, line breaks included), "+
			"quote_start and quote_end (its offsets in the source file in Unicode code points counted from 0, "+
			"the end exclusive: in Python, text[quote_start:quote_end] == quote), source_url (the source's address, where it has one) "+
			"and source_id (the source; the sources sheet lists them all).", strings.Join(curated, ", "))
	}
	add(st.para, "To cite a figure, name the release, the row by its table (the sheet's name) and id, and the source by its citation: %s",
		dataset.CiteRow(m, "<table>", "<id>", "<citation>"))
	add(st.para, "On every sheet the columns a reader needs come first, in one order: the row's id, what it reports, who, where, "+
		"the figure as written with its value, when, its status, and the source (attribution, citation, quote_display). "+
		"The technical columns follow: a figure's bounds (_low, _high), the precision and basis of a time, the quote's offsets, "+
		"the verbatim quote, the source's address (source_url), ids and keys, notes. They are grouped and collapsed: "+
		"the + above the column after the last one shown opens the group (or Data, Group and Outline, Show Detail). "+
		"They do not print while collapsed. The Dictionary sheet says which columns are collapsed; the CSV and Parquet files hold the same columns in the same order.")
	add(st.para, "Cells are typed: counts and amounts are numbers, dates are dates shown as yyyy-mm-dd "+
		"(a day before 1900, which Excel cannot hold as a date, is written as text in the same form), "+
		"and an empty cell means the value is unknown, never zero. An amount is in the currency of the row's matching _currency column. "+
		"Text is always text: a cell beginning with = or + is never a formula. "+
		"Web addresses are clickable links, at most %s on a sheet; any further ones are plain text.", groupDigits(strconv.Itoa(w.links), true))
	blank()

	add(st.heading, "Sheets")
	if balanceTable(w.r) != nil {
		lines = append(lines,
			aboutLine{text: "Balance — the headline figures, with charts.", style: st.linkWrap, jump: balanceSheet},
			aboutLine{text: fmt.Sprintf("Every row of the indicators %s from every source, with its hedge, citation and a link to its row; "+
				"a chart per indicator and unit, bounds drawn apart from values.", english.List(schema.HeadlineIndicators())), style: st.note},
		)
	}
	for _, t := range w.r.Tables {
		var sheets []string
		for _, p := range w.plan {
			if p.table == t {
				sheets = append(sheets, p.name)
			}
		}
		where := fmt.Sprintf("sheet %s", sheets[0])
		if len(sheets) > 1 {
			where = fmt.Sprintf("sheets %s (a sheet holds at most %s rows)", strings.Join(sheets, ", "), groupDigits(strconv.Itoa(w.limit), true))
		}
		title := t.Schema.Title
		if title == "" {
			title = t.Schema.Name
		}
		// The link on a line of its own, short enough for one line, the
		// description below it: LibreOffice shows a cell with a link on
		// one line, never wrapped, cut off at the page's edge.
		lines = append(lines, aboutLine{text: fmt.Sprintf("%s — %s, %s.", title, where, countRows(len(t.Rows))), style: st.linkWrap, jump: sheets[0]})
		if d := strings.TrimSpace(t.Schema.Description); d != "" {
			add(st.note, "%s", d)
		}
	}
	lines = append(lines,
		aboutLine{text: "Dictionary — every column of every table.", style: st.linkWrap, jump: dictionarySheet},
		aboutLine{text: "Its type, whether it may be empty, what it means, the values it allows and what it refers to.", style: st.note},
	)

	if err := w.pageSetup(aboutSheet, 1, false); err != nil {
		return err
	}
	used := len(lines)
	for used > 0 && lines[used-1].text == "" {
		used--
	}
	if err := w.setDimension(aboutSheet, 1, used); err != nil {
		return err
	}
	sw, err := w.f.NewStreamWriter(aboutSheet)
	if err != nil {
		return fmt.Errorf("xlsx: sheet %q: %w", aboutSheet, err)
	}
	if err := sw.SetColWidth(1, 1, widthAbout); err != nil {
		return fmt.Errorf("xlsx: sheet %q: %w", aboutSheet, err)
	}
	for i, l := range lines {
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		if l.text == "" {
			continue
		}
		if err := checkText(l.text); err != nil {
			return fmt.Errorf("xlsx: sheet %q, cell %s: %w", aboutSheet, ref, err)
		}
		style := l.style
		switch {
		case l.link != "":
			if target, ok := linkTarget(l.link); ok {
				if err := w.f.SetCellHyperLink(aboutSheet, ref, target, "External"); err != nil {
					return fmt.Errorf("xlsx: sheet %q, cell %s: %w", aboutSheet, ref, err)
				}
				style = st.linkWrap
			}
		case l.jump != "":
			loc := quoteSheet(l.jump) + "!A1"
			if err := w.f.SetCellHyperLink(aboutSheet, ref, loc, "Location"); err != nil {
				return fmt.Errorf("xlsx: sheet %q, cell %s: %w", aboutSheet, ref, err)
			}
		}
		// Every row gets its height, even of one line: LibreOffice keeps a
		// row without one at the default height, and the wrapped text
		// spills over the rows below.
		height := aboutRowHeight(l.text, l.style, st)
		if err := sw.SetRow(ref, []any{excelize.Cell{StyleID: style, Value: l.text}}, excelize.RowOpts{Height: height}); err != nil {
			return fmt.Errorf("xlsx: sheet %q: %w", aboutSheet, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("xlsx: sheet %q: %w", aboutSheet, err)
	}
	return nil
}

// aboutRowHeight is the height of an About row holding text in a style:
// enough for its lines, with some room above the next row under the title
// and headings.
func aboutRowHeight(text string, style int, st xlsxStyles) float64 {
	switch style {
	case st.title:
		return min(xlsxMaxRowHeight, rowHeight(wrappedLines(text, widthAbout, 16, true), 16)+6)
	case st.heading:
		return min(xlsxMaxRowHeight, rowHeight(wrappedLines(text, widthAbout, 12, true), 12)+4)
	case st.note:
		return rowHeight(wrappedLines(text, widthAbout-widthIndent, 11, false), 11)
	}
	return rowHeight(wrappedLines(text, widthAbout, 11, false), 11)
}

// countRows writes "1 row", "1,234 rows".
func countRows(n int) string {
	if n == 1 {
		return "1 row"
	}
	return groupDigits(strconv.Itoa(n), true) + " rows"
}

// dictionaryHeaders are the columns of the Dictionary sheet. shown says
// whether the column's sheet shows it ("yes") or groups it with the
// technical columns, collapsed ("collapsed").
var dictionaryHeaders = []string{"table", "column", "type", "nullable", "description", "allowed values", "references", "shown"}

// writeDictionary writes one row per column of every table.
func (w *xlsxWriter) writeDictionary() error {
	var rows [][]string
	for _, t := range w.r.Tables {
		for _, c := range t.Schema.Columns() {
			nullable, shown := "no", "yes"
			if c.Nullable {
				nullable = "yes"
			}
			if c.Place.Technical() {
				shown = "collapsed"
			}
			rows = append(rows, []string{t.Schema.Name, c.Name, string(c.Type), nullable, c.Description, vocabText(c.Vocab), c.Ref, shown})
		}
	}
	widths := []int{widthCode, widthID, widthMin + 4, widthMin + 4, widthQuote, 60, widthCode, widthMin + 4}
	layout := make([]colLayout, len(dictionaryHeaders))
	for ci, h := range dictionaryHeaders {
		content := 0
		for _, r := range rows {
			for line := range strings.SplitSeq(r[ci], "\n") {
				content = max(content, utf8.RuneCountInString(line))
			}
		}
		layout[ci] = colLayout{width: float64(fitWidth(h, content, widths[ci])), wrap: content > widths[ci]}
	}
	// Descriptions and allowed values always wrap: they are prose.
	layout[4] = colLayout{width: widthQuote, wrap: true}
	layout[5].wrap = true

	sw, err := w.startSheet(dictionarySheet, dictionaryHeaders, layout, 0, len(rows))
	if err != nil {
		return err
	}
	for i, r := range rows {
		cells := make([]any, len(r))
		lines := 1
		for ci, s := range r {
			if s == "" {
				continue // no value: an empty cell, as in the data sheets
			}
			if err := checkText(s); err != nil {
				return fmt.Errorf("xlsx: sheet %q, table %q, column %q, %s: %w", dictionarySheet, r[0], r[1], dictionaryHeaders[ci], err)
			}
			style := w.st.text
			if layout[ci].wrap {
				style = w.st.wrap
				lines = max(lines, wrappedLines(s, layout[ci].width, 11, false))
			}
			cells[ci] = excelize.Cell{StyleID: style, Value: s}
		}
		ref, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(ref, cells, rowOpts(lines)...); err != nil {
			return fmt.Errorf("xlsx: sheet %q: %w", dictionarySheet, err)
		}
	}
	return w.endSheet(sw, dictionarySheet, len(dictionaryHeaders), len(rows))
}

// vocabText lists a vocabulary's codes with their meaning, one per line.
func vocabText(v *schema.Vocab) string {
	if v == nil {
		return ""
	}
	lines := make([]string, len(v.Terms))
	for i, t := range v.Terms {
		lines[i] = t.Code + ": " + t.Description
	}
	return strings.Join(lines, "\n")
}
