package site

import (
	"bytes"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"

	"github.com/armsdata/armsdata/schema"
)

// The military balance: a chart per indicator and unit of the indicators
// table (defence budgets in USD, national armed forces in personnel, …),
// drawn at build time as SVG. Time runs along the x axis (each row at the
// span its time gives), the value up the y axis, one colour per actor
// (and host, for forces abroad). A hedged figure is never drawn as a
// point:
//
//   - exact: a dot at the value;
//   - approx: a dot with a whisker of ±10% (the release records no margin;
//     the whisker says "about", it is not a confidence interval);
//   - a lower bound (more_than, at_least, order_of_magnitude): an arrow
//     from the bound up to the top of the chart, the bound drawn as an
//     open circle where it is excluded (more_than) and a bar where it is
//     included;
//   - an upper bound (up_to, less_than, nearly): a bar from zero up to the
//     bound, its top solid where the bound is included (up_to) and dashed
//     where it is excluded;
//   - range: a bar from low to high.
//
// A time longer than a year is a horizontal line over its span at the
// mark's height; a time open at one end an arrow towards that end. Rows
// whose time gives no day are listed under the chart, not drawn.
// Every mark is a link to its row's page, carrying the row's id, value,
// bounds and qualifier as data attributes; the table under each chart
// gives the same figures as text.

// Chart geometry, in the SVG's own units (it scales to the page).
const (
	chartW, chartH                     = 720.0, 300.0
	padLeft, padRight, padTop, padBott = 64.0, 16.0, 14.0, 34.0
	approxMargin                       = 0.10 // the whisker of an approximate figure
	seriesColours                      = 8    // CSS classes s0 … s7
)

// shape is one SVG element of a chart; its numbers are written with one
// decimal, so that the same release draws the same bytes.
type shape struct {
	El                                    string // line, circle, rect or path
	X1, Y1, X2, Y2, CX, CY, R, X, Y, W, H string
	D, Class                              string
}

// chartMark is a row drawn on a chart.
type chartMark struct {
	Href, Row, Label            string
	Value, Low, High, Qualifier string // as the indicators table gives them (CSV text)
	Series                      int
	Shapes                      []shape
	Text                        *markText // the figure as written beside the mark, on a chart of few marks
}

// markText is the figure as the text writes it ("around $1.4 billion"),
// drawn beside its mark, so that the balance reads without hovering and
// every hedge is in words as well as in the shape.
type markText struct {
	X, Y, Anchor, Text string
}

// tick is a label on an axis.
type tick struct {
	At, Label string
	Line      string // where the grid line is, when not at the label
}

// seriesView is a line of a chart's legend.
type seriesView struct {
	N     int
	Label string
}

// chartRow is a figure of a chart, as the table under it lists it.
type chartRow struct {
	Row                                   link
	Series, Time, Text, Qualifier, Source string
	Drawn                                 bool
}

// chart is one chart of the balance page.
type chart struct {
	Root                                   string // of the page that shows it
	Page                                   string // where it is shown: balance.html#<id>, or a page of its own
	TableHref                              string // its rows in the indicators table's page
	Listed                                 bool   // its rows are listed under it
	Count                                  int
	ID, Indicator, Name, Description, Unit string
	Series                                 []seriesView
	Marks                                  []chartMark
	XTicks, YTicks                         []tick
	Rows                                   []chartRow
	Undated                                int
	W, H, Left, Right, Top, Bottom         string
}

// chartID is the anchor of the chart of an indicator in a unit.
func chartID(indicator, unit string) string { return "chart-" + slug(indicator) + "-" + slug(unit) }

// num writes a chart coordinate.
func num(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// yearAt is the place of a day on the time axis, in years (2009-07-02 is
// about 2009.5).
func yearAt(d schema.Date) float64 {
	t := d.Time()
	days := 365.0
	if y := t.Year(); y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 366
	}
	return float64(t.Year()) + float64(t.YearDay()-1)/days
}

// Limits that keep the balance page light in a large release.
const (
	// inlineMarks is the most marks the balance page draws: with more,
	// each chart has a page of its own, balance/<chart id>.html.
	inlineMarks = 2000
	// labelledMarks is the most marks a chart labels with their figures as
	// written: more labels would overlap.
	labelledMarks = 12
	// listedRows is the most figures listed under a chart: with more, the
	// chart links to the indicators table's page, filtered on its
	// indicator and unit.
	listedRows = 500
)

// chartsDir holds the charts' own pages, in a large release.
const chartsDir = "balance"

// charts returns the charts of the indicators table, drawn once.
func (s *site) charts() []*chart {
	s.chartsOnce.Do(func() { s.chartList = s.drawCharts() })
	return s.chartList
}

// chartsApart reports whether each chart has a page of its own.
func (s *site) chartsApart() bool {
	n := 0
	for _, c := range s.charts() {
		n += len(c.Marks)
	}
	return n > inlineMarks
}

// chartHref is where the chart of an indicator in a unit is shown,
// relative to the site.
func (s *site) chartHref(indicator, unit string) string {
	id := chartID(indicator, unit)
	if s.chartsApart() {
		return chartsDir + "/" + id + ".html#" + id
	}
	return balancePage + "#" + id
}

// drawCharts draws the charts of the indicators table: one per indicator
// and unit, in the order of the indicator vocabulary, then of the unit
// code.
func (s *site) drawCharts() []*chart {
	it := s.table(schema.Indicators)
	if it == nil {
		return nil
	}
	c := schema.IndicatorsCols
	type key struct{ indicator, unit string }
	groups := map[key][]int{}
	var keys []key
	for i, r := range it.Rows {
		k := key{r[c.Indicator].String(), r[c.Unit].String()}
		if groups[k] == nil {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], i)
	}
	order := map[string]int{}
	for n, code := range schema.IndicatorKinds.Codes() {
		order[code] = n
	}
	sort.Slice(keys, func(i, j int) bool {
		if a, b := order[keys[i].indicator], order[keys[j].indicator]; a != b {
			return a < b
		}
		return keys[i].unit < keys[j].unit
	})
	var out []*chart
	for _, k := range keys {
		out = append(out, s.chart(k.indicator, k.unit, groups[k]))
	}
	return out
}

// chart draws the rows of the indicators table at rows, all of one
// indicator and unit.
func (s *site) chart(indicator, unit string, rows []int) *chart {
	it, c := s.table(schema.Indicators), schema.IndicatorsCols
	ch := &chart{ID: chartID(indicator, unit), Indicator: indicator, Name: schema.IndicatorTitle(indicator), Unit: unit,
		Count: len(rows), Listed: len(rows) <= listedRows,
		TableHref: tablePage(schema.Indicators.Name) + "#?f." + schema.Indicators.Columns()[c.Indicator].Name + "=" + url.QueryEscape(indicator) +
			"&f." + schema.Indicators.Columns()[c.Unit].Name + "=" + url.QueryEscape(unit),
		W: num(chartW), H: num(chartH), Left: num(padLeft), Right: num(chartW - padRight), Top: num(padTop), Bottom: num(chartH - padBott)}
	for _, t := range schema.IndicatorKinds.Terms {
		if t.Code == indicator {
			ch.Description = t.Description
		}
	}
	// The series: an actor, and where its forces are.
	seriesOf := map[string]int{}
	type sk struct{ key, label string }
	var series []sk
	for _, i := range rows {
		r := it.Rows[i]
		k := r[c.Actor].String() + "/" + r[c.Host].String()
		if _, ok := seriesOf[k]; ok {
			continue
		}
		label := r[c.ActorName].String()
		if !r[c.Host].IsNull() {
			label += " in " + r[c.HostName].String()
		}
		seriesOf[k] = -1
		series = append(series, sk{k, label})
	}
	sort.Slice(series, func(i, j int) bool { return series[i].key < series[j].key })
	for n, sr := range series {
		seriesOf[sr.key] = n
		ch.Series = append(ch.Series, seriesView{N: n % seriesColours, Label: sr.label})
	}
	// The domains: the years the rows' times cover, zero to the largest
	// number they give.
	x0, x1, ymax := math.Inf(1), math.Inf(-1), 0.0
	for _, i := range rows {
		r := it.Rows[i]
		if !r[c.WhenStart].IsNull() {
			x0, x1 = math.Min(x0, math.Floor(yearAt(r[c.WhenStart].Date()))), math.Max(x1, math.Floor(yearAt(r[c.WhenStart].Date()))+1)
		}
		if !r[c.WhenEnd].IsNull() {
			x0, x1 = math.Min(x0, math.Floor(yearAt(r[c.WhenEnd].Date()))), math.Max(x1, math.Floor(yearAt(r[c.WhenEnd].Date()))+1)
		}
		for _, col := range []schema.Col{c.Value, c.Low, c.High} {
			if v := r[col]; !v.IsNull() {
				f := v.Float()
				if col == c.Value && r[c.Qualifier].String() == "approx" {
					f *= 1 + approxMargin
				}
				ymax = math.Max(ymax, f)
			}
		}
	}
	if math.IsInf(x0, 1) {
		x0, x1 = 0, 1
	}
	x0, x1 = x0-1, x1+1 // a year of room on either side, for open ends
	ystep, yticks := niceTicks(ymax)
	ytop := ystep * float64(yticks)
	if ytop <= 0 {
		ytop = 1
	}
	px := func(year float64) float64 { return padLeft + (year-x0)/(x1-x0)*(chartW-padLeft-padRight) }
	py := func(v float64) float64 { return chartH - padBott - v/ytop*(chartH-padTop-padBott) }
	for k := 0; k <= yticks; k++ {
		v := ystep * float64(k)
		ch.YTicks = append(ch.YTicks, tick{At: num(py(v)), Label: axisNumber(v, ystep)})
	}
	// A grid line at the start of every year, a label in the middle of
	// every year or every few.
	every := int(math.Ceil((x1 - x0) / 12))
	for y := int(x0); y < int(x1); y++ {
		t := tick{Line: num(px(float64(y)))}
		if (y-int(x0))%every == 0 {
			t.At, t.Label = num(px(float64(y)+0.5)), strconv.Itoa(y)
		}
		ch.XTicks = append(ch.XTicks, t)
	}
	// Marks of one series at one place are spread apart, so that two
	// sources' figures for one year are both seen.
	placed := map[string]int{}
	for _, i := range rows {
		r := it.Rows[i]
		n := seriesOf[r[c.Actor].String()+"/"+r[c.Host].String()]
		row := chartRow{Row: link{Text: r[c.RowID].String(), Href: s.home(it, i)}, Series: series[n].label,
			Time: timeText(r[c.WhenStart], r[c.WhenEnd], r[c.WhenBasis]), Text: r[c.ValueText].String(), Qualifier: r[c.Qualifier].String(),
			Source: r[c.SourceID].String()}
		row.Drawn = !r[c.WhenStart].IsNull() || !r[c.WhenEnd].IsNull()
		if ch.Listed {
			ch.Rows = append(ch.Rows, row)
		}
		if !row.Drawn {
			ch.Undated++
			continue
		}
		var from, to float64 // the span, in years; open ends at the domain's
		openStart, openEnd := r[c.WhenStart].IsNull(), r[c.WhenEnd].IsNull()
		if openStart {
			from = x0
		} else {
			from = yearAt(r[c.WhenStart].Date())
		}
		if openEnd {
			to = x1
		} else {
			to = yearAt(r[c.WhenEnd].Date()) + 1.0/365
		}
		mid := (from + to) / 2
		switch {
		case openStart:
			mid = to - 0.5
		case openEnd:
			mid = from + 0.5
		case to-from > 1.01:
			mid = (from + to) / 2
		}
		k := fmt.Sprintf("%d/%.1f", n, mid)
		dx := float64(n-(len(series)-1)/2)*3 + float64(placed[k])*7
		placed[k]++
		cx := px(mid) + dx
		m := chartMark{Href: s.home(it, i), Row: r[c.RowID].String(), Series: n % seriesColours,
			Value: r[c.Value].Text(), Low: r[c.Low].Text(), High: r[c.High].Text(), Qualifier: r[c.Qualifier].String()}
		m.Label = fmt.Sprintf("%s, %s: %s (%s), %s", series[n].label, row.Time, row.Text, row.Qualifier, row.Source)
		at := func(v float64) float64 { return py(v) }
		var y float64 // the height the time's line is drawn at
		switch q := m.Qualifier; {
		case !r[c.Value].IsNull():
			v := r[c.Value].Float()
			y = at(v)
			if q == "approx" {
				lo, hi := at(v*(1-approxMargin)), at(v*(1+approxMargin))
				m.Shapes = append(m.Shapes,
					shape{El: "line", X1: num(cx), Y1: num(lo), X2: num(cx), Y2: num(hi), Class: "whisker"},
					shape{El: "line", X1: num(cx - 4), Y1: num(lo), X2: num(cx + 4), Y2: num(lo), Class: "whisker"},
					shape{El: "line", X1: num(cx - 4), Y1: num(hi), X2: num(cx + 4), Y2: num(hi), Class: "whisker"})
			}
			m.Shapes = append(m.Shapes, shape{El: "circle", CX: num(cx), CY: num(y), R: "4", Class: "dot"})
		case !r[c.Low].IsNull() && !r[c.High].IsNull():
			lo, hi := at(r[c.Low].Float()), at(r[c.High].Float())
			y = (lo + hi) / 2
			m.Shapes = append(m.Shapes, shape{El: "rect", X: num(cx - 4), Y: num(hi), W: "8", H: num(math.Max(lo-hi, 1)), Class: "bar range"})
		case !r[c.Low].IsNull():
			lo := at(r[c.Low].Float())
			y = lo
			top := padTop
			m.Shapes = append(m.Shapes,
				shape{El: "line", X1: num(cx), Y1: num(lo), X2: num(cx), Y2: num(top + 6), Class: "bound"},
				shape{El: "path", D: fmt.Sprintf("M%s %sl-5 8h10z", num(cx), num(top)), Class: "arrow"})
			if q == "more_than" {
				m.Shapes = append(m.Shapes, shape{El: "circle", CX: num(cx), CY: num(lo), R: "4", Class: "open"})
			} else {
				m.Shapes = append(m.Shapes, shape{El: "line", X1: num(cx - 5), Y1: num(lo), X2: num(cx + 5), Y2: num(lo), Class: "cap"})
			}
		case !r[c.High].IsNull():
			hi := at(r[c.High].Float())
			y = hi
			class := "cap"
			if q != "up_to" {
				class = "cap excluded"
			}
			m.Shapes = append(m.Shapes,
				shape{El: "rect", X: num(cx - 4), Y: num(hi), W: "8", H: num(math.Max(at(0)-hi, 1)), Class: "bar upto"},
				shape{El: "line", X1: num(cx - 6), Y1: num(hi), X2: num(cx + 6), Y2: num(hi), Class: class})
		default:
			continue // a figure with no number is not drawn; the table lists it
		}
		if len(rows) <= labelledMarks {
			// Right of the mark, or left of it near the chart's right edge.
			t := markText{X: num(cx + 10), Y: num(y + 4), Anchor: "start", Text: row.Text}
			if cx > chartW-padRight-200 {
				t.X, t.Anchor = num(cx-10), "end"
			}
			m.Text = &t
		}
		if openStart || openEnd || to-from > 1.01 {
			// The span, behind the mark, with an arrow at an open end.
			x1s, x2s := px(from), px(to)
			span := []shape{{El: "line", X1: num(x1s), Y1: num(y), X2: num(x2s), Y2: num(y), Class: "span"}}
			if openStart {
				span = append(span, shape{El: "path", D: fmt.Sprintf("M%s %sl8 -5v10z", num(x1s), num(y)), Class: "arrow"})
			}
			if openEnd {
				span = append(span, shape{El: "path", D: fmt.Sprintf("M%s %sl-8 -5v10z", num(x2s), num(y)), Class: "arrow"})
			}
			m.Shapes = append(span, m.Shapes...)
		}
		ch.Marks = append(ch.Marks, m)
	}
	return ch
}

// timeText is a row's time as the chart's table and the mark's label
// write it: an inferred time "c. 2010" (schema.TimeLabel).
func timeText(start, end, basis schema.Value) string {
	if t := schema.TimeLabel(start, end, basis.String()); t != "" {
		return t
	}
	return "no time"
}

// niceTicks returns a step of 1, 2 or 5 times a power of ten, and how many
// steps reach max, about five.
func niceTicks(max float64) (float64, int) {
	if max <= 0 {
		return 1, 1
	}
	raw := max / 5
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	step := p
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			step = m * p
			break
		}
	}
	return step, int(math.Ceil(max/step - 1e-9))
}

// axisNumber writes a tick's value: in billions or millions where the
// step is, with digits grouped otherwise.
func axisNumber(v, step float64) string {
	scaled := func(div float64, suffix string) string {
		decimals := max(0, int(-math.Floor(math.Log10(step/div)+1e-9)))
		return strconv.FormatFloat(v/div, 'f', decimals, 64) + suffix
	}
	switch {
	case step >= 1e8:
		return scaled(1e9, " bn")
	case step >= 1e5:
		return scaled(1e6, " m")
	}
	return grouped(scaled(1, ""))
}

// balanceView is the balance page.
type balanceView struct {
	common
	Charts []*chart
	Apart  bool
	Table  string // the indicators table's page
}

// shownAt returns the charts as the page at p shows them.
func (s *site) shownAt(p string) []*chart {
	var out []*chart
	for _, c := range s.charts() {
		v := *c
		v.Root = rootOf(p)
		v.Page = v.Root + s.chartHref(c.Indicator, c.Unit)
		out = append(out, &v)
	}
	return out
}

func (s *site) balancePage() func(*bytes.Buffer) error {
	return func(b *bytes.Buffer) error {
		v := &balanceView{common: s.newCommon("balance", "The military balance", balancePage), Charts: s.shownAt(balancePage),
			Apart: s.chartsApart(), Table: tablePage(schema.Indicators.Name)}
		return page("balance", v)(b)
	}
}

// chartView is the page of one chart, in a large release.
type chartView struct {
	common
	Chart *chart
}

// chartPages are the charts' own pages, when they have them.
func (s *site) chartPages() []file {
	if !s.chartsApart() {
		return nil
	}
	var out []file
	for i := range s.charts() {
		c := s.charts()[i]
		p := chartsDir + "/" + c.ID + ".html"
		out = append(out, file{path: p, render: func(b *bytes.Buffer) error {
			return page("chart", &chartView{common: s.newCommon("chart", c.Name+" ("+c.Unit+")", p), Chart: s.shownAt(p)[i]})(b)
		}})
	}
	return out
}
