package dataset

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/armsdata/armsdata/dataset/english"
	"github.com/armsdata/armsdata/dataset/figure"
	"github.com/armsdata/armsdata/dataset/parallel"
	"github.com/armsdata/armsdata/dataset/quote"
	"github.com/armsdata/armsdata/dataset/when"
	"github.com/armsdata/armsdata/schema"
)

// Build loads seeds/ under root, matches every rule against its source and
// normalises the results into the release's tables. It returns every
// problem found; the release is nil unless there are none.
func Build(root string) (*Release, schema.Diagnostics) { return BuildStages(root, nil) }

// BuildStages is Build, telling prog (when not nil) how far it is. The
// stages are "load" (rule and waiver files read), "match+normalise"
// (rules), "coverage" (sources), "links+claims", "tables" and "validate"
// (rows); the benchmark times them, the command shows them.
func BuildStages(root string, prog Progress) (*Release, schema.Diagnostics) {
	return BuildWith(root, Options{Progress: prog})
}

// Options are the settings of a build that change how it runs, never what
// it builds.
type Options struct {
	Cache    *schema.ParseCache // parsed YAML files kept between builds; nil for none
	Progress Progress           // hears how far the build is (see BuildStages); nil for none
}

// BuildWith is Build with options.
func BuildWith(root string, o Options) (*Release, schema.Diagnostics) {
	prog := o.Progress
	if prog == nil {
		prog = NoProgress{}
	}
	p, ds := schema.LoadWith(root, schema.LoadOptions{Cache: o.Cache, Count: func(read, total int) {
		if read == 0 {
			prog.Start("load", total, "file")
		} else {
			prog.Add(1)
		}
	}})
	prog.End("load")
	prog.Start("match+normalise", len(p.Rules), "rule")
	b := builder{project: p, ds: &ds, texts: map[string]*quote.Text{}}
	texts := parallel.Map(p.Sources, 64, func(s *schema.Source) *quote.Text {
		if s.Text == "" {
			return nil
		}
		return quote.New(s.Text)
	})
	for i, s := range p.Sources {
		if texts[i] != nil {
			b.texts[s.ID] = texts[i]
		}
	}
	failed := brokenSources(p, ds) // sources whose rules or waivers have problems
	built := b.rules(p.Rules, failed, prog)
	prog.End("match+normalise")
	// Coverage of a source is only meaningful when all its rules built, but
	// the other sources' coverage is still worth reporting in the same run.
	prog.Start("coverage", len(p.Sources), "source")
	coverage := b.coverage(built, failed, prog)
	prog.End("coverage")
	if ds.Len() > 0 {
		return nil, ds // links and claims need every row
	}
	prog.Start("links+claims", 0, "")
	links := b.links(built)
	findings := b.claims(built)
	prog.End("links+claims")
	if ds.Len() > 0 {
		return nil, ds
	}
	prog.Start("tables", 0, "")
	rows := map[*schema.Table][]schema.Row{}
	for _, br := range built {
		rows[br.rule.Table] = append(rows[br.rule.Table], br.row)
	}
	rel := &Release{Meta: p.Meta, Findings: findings, RulePos: map[string]schema.Pos{}, Texts: map[string]string{}}
	for _, r := range p.Rules {
		rel.RulePos[r.ID] = r.Pos
	}
	for _, s := range p.Sources {
		rel.Texts[s.ID] = s.Text
	}
	rows[schema.Equipment] = itemRows(built, rel.RulePos)
	for _, t := range schema.All {
		var tr []schema.Row
		switch t {
		case schema.Sources:
			tr = sourceRows(p)
		case schema.Actors:
			tr = actorRows(p)
		case schema.Coverage:
			tr = coverage
		case schema.Links:
			tr = links
		case schema.Indicators:
			tr = indicatorRows(rows)
		case schema.RowActors:
			tr = rowActorRows(rows, func(code string) string {
				if a := p.Actor(code); a != nil {
					return a.Name
				}
				return ""
			})
		default:
			tr = rows[t]
		}
		sort.Slice(tr, func(i, j int) bool { return tr[i][0].String() < tr[j][0].String() })
		rel.Tables = append(rel.Tables, &Table{Schema: t, Rows: tr})
	}
	prog.End("tables")
	// The data tests, run by every build: a failure is a bug of the builder,
	// or a value no writer could write, reported at the rule (or the
	// source or actor) of the row concerned.
	prog.Start("validate", rel.Rows(), "row")
	for _, pr := range validate(rel, b.texts, prog) {
		pos := rowPos(p, pr.id)
		if pr.input {
			ds.Addf(pos, "%s", pr.msg)
			continue
		}
		ds.Addf(pos, "release check failed (a bug of the builder, please report it): %s", pr.msg)
	}
	prog.End("validate")
	if ds.Len() > 0 {
		return nil, ds
	}
	return rel, ds
}

// rowPos is where the inputs give the row with the id: its rule (also for
// its equipment rows, ids rule/n, and the other rows derived from a
// rule's row, ids row/…), its source's manifest entry (also for the
// coverage rows of its text, ids source@offset), its actor or its link key
// (ids key:row~row); else seeds/.
func rowPos(p *schema.Project, id string) schema.Pos {
	if rule, _, ok := strings.Cut(id, "/"); ok {
		id = rule
	}
	if r := p.Rule(id); r != nil {
		return r.Pos
	}
	if row, _, ok := strings.Cut(id, "/"); ok && p.Rule(row) != nil {
		return p.Rule(row).Pos
	}
	if src, _, ok := strings.Cut(id, "@"); ok {
		id = src
	}
	if s := p.Source(id); s != nil {
		return s.Pos
	}
	if a := p.Actor(id); a != nil {
		return a.Pos
	}
	if key, _, ok := strings.Cut(id, ":"); ok && p.LinkKey(key) != nil {
		return p.LinkKey(key).Pos
	}
	return schema.Pos{File: schema.SeedsDir}
}

// brokenSources finds the sources whose rule or waiver files have
// problems: their coverage would only repeat those problems as unclaimed
// figures. A file is attributed by the source folder it lies in, so one
// that did not parse counts too.
func brokenSources(p *schema.Project, ds schema.Diagnostics) map[*schema.Source]bool {
	broken := map[*schema.Source]bool{}
	for _, d := range ds.List() {
		if src := p.Source(schema.RuleFileSource(d.Pos.File)); src != nil {
			broken[src] = true
		}
	}
	return broken
}

type builder struct {
	project *schema.Project
	ds      *schema.Diagnostics
	texts   map[string]*quote.Text
}

// newRow returns a row of the table with every column null; the builder
// fills it through the table's handles (schema.Col).
func newRow(t *schema.Table) schema.Row {
	cols := t.Columns()
	row := make(schema.Row, len(cols))
	for i, c := range cols {
		row[i] = schema.Null(c.Type)
	}
	return row
}

// builtRow is a rule's row with what coverage, links and claims need to
// know of it: they read its figures and times as the builder parsed them,
// not back from the cells.
type builtRow struct {
	row        schema.Row
	rule       *schema.Rule
	start, end int            // the quote's place in the source
	spans      []span         // parts of the source the row's values stand on
	figures    []parsedFigure // its figure fields, as parsed
	times      []parsedTime   // its time fields, as resolved
	items      []builtItem    // its equipment rows
}

// parsedFigure is a figure field of a row as the builder read it.
type parsedFigure struct {
	field *schema.Field
	text  string // as the row shows it (its _text column)
	fig   figure.Figure
}

// parsedTime is a time field of a row as the builder resolved it.
type parsedTime struct {
	field      *schema.Field
	start, end schema.Date // zero when open or unknown
}

// figureFor returns the row's parsed figure of field f, or nil when the rule
// gives none.
func (br *builtRow) figureFor(f *schema.Field) *parsedFigure {
	for i := range br.figures {
		if br.figures[i].field == f {
			return &br.figures[i]
		}
	}
	return nil
}

// timeFor returns the row's resolved time of field f, or nil when the rule
// gives none.
func (br *builtRow) timeFor(f *schema.Field) *parsedTime {
	for i := range br.times {
		if br.times[i].field == f {
			return &br.times[i]
		}
	}
	return nil
}

// span is a part of a source text: [start, end) in code points.
type span struct{ start, end int }

// rules builds the rows of rules on every core: a rule's row depends
// only on its rule, its source's text and the project, never on another
// row. Each range of rules reports its problems to a list of its own, and
// rows and problems are merged in rule order, so the build does not depend
// on GOMAXPROCS. A source with a rule that does not build is marked in
// failed.
func (b *builder) rules(rules []*schema.Rule, failed map[*schema.Source]bool, prog Progress) []*builtRow {
	const size = 256
	rows := make([]*builtRow, len(rules))
	problems := make([]schema.Diagnostics, (len(rules)+size-1)/size)
	parallel.Ranges(len(rules), size, func(lo, hi int) {
		part := *b
		part.ds = &problems[lo/size]
		for i := lo; i < hi; i++ {
			rows[i] = part.rule(rules[i])
			prog.Add(1)
		}
	})
	for _, ds := range problems {
		b.ds.Append(ds)
	}
	var built []*builtRow
	for i, br := range rows {
		if br == nil {
			failed[rules[i].Source] = true
			continue
		}
		built = append(built, br)
	}
	return built
}

// rule matches one rule's quote and builds its row, or reports why not.
func (b *builder) rule(r *schema.Rule) *builtRow {
	if r.Source == nil || r.Table == nil || r.Quote == "" {
		return nil // already reported by the loader
	}
	txt := b.texts[r.Source.ID]
	if txt == nil {
		return nil // the text failed its checks, reported at the manifest
	}
	matches := txt.Find(r.Quote)
	if len(matches) != r.Occurrences {
		b.reportMatches(r, txt, matches)
		return nil
	}
	m := matches[0]
	q := txt.Slice(m)
	qt := quote.New(q)
	row, ref := newRow(r.Table), r.Table.Ref()
	row[ref.ID] = schema.Str(r.ID)
	br := &builtRow{row: row, rule: r, start: m.Start, end: m.End}
	ok := true
	for _, v := range r.Values {
		ok = b.value(br, qt, v) && ok
	}
	if !ok {
		return nil
	}
	row[ref.SourceID] = schema.Str(r.Source.ID)
	row[ref.Citation] = schema.Str(r.Source.Citation())
	row[ref.SourceURL] = schema.OptStr(r.Source.URL)
	row[ref.Quote] = schema.Str(q)
	row[ref.QuoteDisplay] = schema.Str(txt.Display(m))
	row[ref.QuoteStart] = schema.Int(int64(m.Start))
	row[ref.QuoteEnd] = schema.Int(int64(m.End))
	row[ref.QuoteLine] = schema.Int(int64(txt.Line(m.Start)))
	fillDeal(br)
	if !b.equipment(br, qt) {
		return nil
	}
	return br
}

// reportMatches explains a quote found the wrong number of times, at the
// rule and, where a near miss points somewhere, in the text.
func (b *builder) reportMatches(r *schema.Rule, txt *quote.Text, matches []quote.Match) {
	file := r.Source.File
	if len(matches) == 0 {
		where, detail := nearMiss(txt, r.Quote)
		b.ds.Addf(r.QuotePos, "rule %s: quote not found in %s%s", r.ID, file, detail)
		if where >= 0 {
			b.ds.Addf(schema.Pos{File: file, Line: txt.Line(where), Col: txt.Column(where)},
				"closest passage to the quote of rule %s (%s)", r.ID, r.QuotePos)
		}
		return
	}
	b.ds.Addf(r.QuotePos, "rule %s: quote matches %d %s in %s (%s), expected %d; lengthen the quote or declare occurrences: %d",
		r.ID, len(matches), english.Plural(len(matches), "place"), file, matchLines(txt, matches), r.Occurrences, len(matches))
}

// matchLines lists the lines on which matches start, for messages: each
// line once, in order, and no more than five ("line 3", "lines 3 and 4",
// "lines 1, 3, 7, 9 and 12 more"), however many places match.
func matchLines(txt *quote.Text, matches []quote.Match) string {
	const shown = 5
	var lines []string
	for _, m := range matches {
		if l := fmt.Sprint(txt.Line(m.Start)); len(lines) == 0 || lines[len(lines)-1] != l {
			lines = append(lines, l) // matches come in text order
		}
	}
	switch {
	case len(lines) == 1:
		return "line " + lines[0]
	case len(lines) > shown:
		return fmt.Sprintf("lines %s and %d more", strings.Join(lines[:shown-1], ", "), len(lines)-(shown-1))
	}
	return "lines " + english.List(lines)
}

// nearMiss finds the longest prefix of the quote that the text holds, to
// show where the quote departs from the text.
func nearMiss(txt *quote.Text, q string) (int, string) {
	rs := []rune(strings.TrimSpace(q))
	lo, hi := 0, len(rs) // longest matching prefix length in [lo, hi)
	var at quote.Match
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if ms := txt.Find(string(rs[:mid])); len(ms) > 0 {
			lo, at = mid, ms[0]
		} else {
			hi = mid - 1
		}
	}
	if lo < 8 {
		return -1, ""
	}
	next := txt.Slice(quote.Match{Start: at.End, End: min(at.End+12, txt.Len())})
	return at.Start, fmt.Sprintf("; its first %d characters match at line %d, then the quote has %q where the text has %q",
		lo, txt.Line(at.Start), string(rs[lo:min(lo+12, len(rs))]), next)
}

// value interprets one field of a rule into its columns. A value that
// stands in the quote is written as Display shows its first place in the
// source, as quote_display shows the quote.
func (b *builder) value(br *builtRow, qt *quote.Text, v *schema.RuleValue) bool {
	f, r, row, fc := v.Field, br.rule, br.row, v.Field.Cols()
	// shown is the display of a value's first place ms[0] in the source.
	shown := func(ms []quote.Match) string { return b.texts[r.Source.ID].Display(ms[0]) }
	// inQuote checks that s stands in the quote, and records where, for
	// coverage; it returns the places in the source.
	inQuote := func(what, s string, pos schema.Pos) []quote.Match {
		ms := qt.FindWord(s)
		if len(ms) == 0 {
			b.ds.Addf(pos, "rule %s: %s %q is not in the quote", r.ID, what, s)
			return nil
		}
		for i, m := range ms {
			ms[i] = quote.Match{Start: br.start + m.Start, End: br.start + m.End}
			br.spans = append(br.spans, span{ms[i].Start, ms[i].End})
		}
		return ms
	}
	switch f.Kind {
	case schema.KindText, schema.KindCode:
		text := v.Text
		if f.Verbatim {
			ms := inQuote(f.Name, v.Text, v.Pos)
			if ms == nil {
				return false
			}
			text = shown(ms)
		}
		row[fc.Value] = schema.Str(text)
	case schema.KindActor:
		row[fc.Value] = schema.Str(v.Text)
		if a := b.project.Actor(v.Text); a != nil { // the loader checked the code
			row[fc.Name] = schema.Str(a.Name)
		}
	case schema.KindActors:
		// A list cell holds its codes sorted, whatever order the rule
		// lists them in, so that one set of actors is one value (GROUP BY
		// parties) and the bridge's positions are stable.
		codes := slices.Sorted(slices.Values(v.Codes))
		var names []string
		for _, c := range codes {
			if a := b.project.Actor(c); a != nil {
				names = append(names, a.Name)
			}
		}
		row[fc.Value] = schema.Str(strings.Join(codes, ";"))
		row[fc.Name] = schema.Str(strings.Join(names, "; "))
	case schema.KindCount, schema.KindAmount, schema.KindDistance, schema.KindRatio:
		ms := inQuote("figure", v.Text, v.Pos)
		if ms == nil {
			return false
		}
		return b.figure(br, ms, v, shown(ms))
	case schema.KindRowRef:
		row[fc.Value] = schema.Str(v.Text)
		if target := b.project.Rule(v.Text); target != nil && target.Table != nil {
			row[fc.Name] = schema.Str(target.Table.Name)
		}
	case schema.KindWhen:
		var ms []quote.Match
		if v.When.Text != "" {
			if ms = inQuote("time", v.When.Text, v.When.TextPos); ms == nil {
				return false
			}
		}
		return b.when(br, ms, v)
	}
	return true
}

// wantKind maps a field kind to the figure kind it accepts.
var wantKind = map[schema.Kind]figure.Kind{
	schema.KindCount:    "count",
	schema.KindAmount:   "amount",
	schema.KindDistance: "distance",
	schema.KindRatio:    "ratio",
}

// figure parses a figure field, which stands in the quote at the places
// ms of the source and is shown as shown.
func (b *builder) figure(br *builtRow, ms []quote.Match, v *schema.RuleValue, shown string) bool {
	f, r := v.Field, br.rule
	fig, err := figure.Parse(v.Text)
	if err != nil {
		b.ds.Addf(v.Pos, "rule %s: %s: %v", r.ID, f.Name, err)
		return false
	}
	if want := wantKind[f.Kind]; fig.Kind != want {
		b.ds.Addf(v.Pos, "rule %s: %s %q is a figure of kind %s; this field takes kind %s", r.ID, f.Name, v.Text, fig.Kind, want)
		return false
	}
	for _, x := range []*float64{fig.Value, fig.Low, fig.High} {
		if x != nil && *x < 0 {
			b.ds.Addf(v.Pos, "rule %s: %s %q is negative", r.ID, f.Name, v.Text)
			return false
		}
	}
	if !b.wholeFigure(br, ms, v, fig) {
		return false
	}
	cells, ok := figureCells(f, shown, fig)
	if !ok {
		b.ds.Addf(v.Pos, "rule %s: %s %q is not a whole number", r.ID, f.Name, v.Text)
		return false
	}
	for _, c := range cells {
		br.row[c.col] = c.v
	}
	br.figures = append(br.figures, parsedFigure{field: f, text: shown, fig: fig})
	return true
}

// cell is a value for one column of a row.
type cell struct {
	col schema.Col
	v   schema.Value
}

// figureCells are the cells of figure field f for the figure its text
// reads: the builder writes them, and the release checks derive them
// again from the text, so that no value cell can drift from the text and
// from the figure that claims and links compare. ok is false for a count
// that is not a whole number a spreadsheet holds exactly.
func figureCells(f *schema.Field, text string, fig figure.Figure) (cells []cell, ok bool) {
	fc := f.Cols().Figure
	cells = []cell{{fc.Text, schema.Str(text)}, {fc.Qualifier, schema.Str(string(fig.Qualifier))}}
	for _, c := range []struct {
		col schema.Col
		x   *float64
	}{{fc.Value, fig.Value}, {fc.Low, fig.Low}, {fc.High, fig.High}} {
		v := schema.OptFloat(c.x)
		if f.Kind == schema.KindCount {
			v = schema.Null(schema.TypeInt)
			if c.x != nil {
				if *c.x != math.Trunc(*c.x) || *c.x > schema.MaxExactInt {
					return nil, false
				}
				v = schema.Int(int64(*c.x))
			}
		}
		cells = append(cells, cell{c.col, v})
	}
	switch f.Kind {
	case schema.KindAmount:
		cells = append(cells, cell{fc.Currency, schema.Str(fig.Unit)})
	case schema.KindDistance:
		km, _, _ := figure.KM(fig)
		if km != nil { // to the millimetre, without binary leftovers (177.02784, not 177.02784000000003)
			r := math.Round(*km*1e6) / 1e6
			km = &r
		}
		cells = append(cells, cell{fc.Unit, schema.Str(fig.Unit)}, cell{fc.KM, schema.OptFloat(km)})
	}
	return cells, true
}

// when resolves a time field: the quote's text parsed, or the span the rule
// gives when the text cannot say (no year, "last week"). A span given
// beside a parsable text must agree with it.
//
// The text stands in the quote at the places ms of the source.
func (b *builder) when(br *builtRow, ms []quote.Match, v *schema.RuleValue) bool {
	w, name, r := v.When, v.Field.Name, br.rule
	var start, end schema.Date
	var precision string
	var fromText *when.Span
	if w.Text != "" {
		span, err := when.Parse(w.Text, w.Year)
		switch {
		case err == nil:
			fromText = &span
			if w.Year != 0 && span.YearGiven {
				b.ds.Addf(w.Pos, "rule %s: %s: the text %q gives its year; drop year:", r.ID, name, w.Text)
				return false
			}
			if w.Basis == "stated" && !span.YearGiven {
				b.ds.Addf(w.TextPos, "rule %s: %s %q has no year; supply it with year: and a basis", r.ID, name, w.Text)
				return false
			}
			if !b.wholeTime(br, ms, v, span) {
				return false
			}
		case w.Start == "" && w.End == "":
			msg := err.Error()
			if when.NeedsContext(err) {
				msg += "; give date or start/end with a basis and a note when the text cannot say"
			}
			b.ds.Addf(w.TextPos, "rule %s: %s: %s", r.ID, name, msg)
			return false
		case w.Year != 0:
			b.ds.Addf(w.YearPos, "rule %s: %s: year is not used: the text %q cannot take it (%v); drop year: and let start/end give the time", r.ID, name, w.Text, err)
			return false
		case w.Basis == "stated":
			// start/end cannot make a time stated: the quote would be
			// credited with what the curator inferred.
			b.ds.Addf(w.Pos, "rule %s: %s: start/end cannot make a time stated: its text must state it, and %v; give as text only the words that state the time, or the basis the time was inferred on and a note",
				r.ID, name, err)
			return false
		}
	}
	if w.Start == "" && w.End == "" {
		start, end, precision = fromText.Start, fromText.End, string(fromText.Precision)
	} else {
		// The loader read the bounds; an open one is zero.
		start, end = w.StartBound.First, w.EndBound.Last
		precision = string(when.Of(start, end))
		if fromText != nil && (fromText.Start != start || fromText.End != end) {
			b.ds.Addf(w.Pos, "rule %s: %s: start/end (%s..%s) disagree with the text %q (%s..%s)",
				r.ID, name, start, end, w.Text, fromText.Start, fromText.End)
			return false
		}
	}
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		b.ds.Addf(w.Pos, "rule %s: %s ends (%s) before it starts (%s)", r.ID, name, end, start)
		return false
	}
	if !b.nearPublication(r, v, start, end) {
		return false
	}
	row, wc := br.row, v.Field.Cols().When
	if len(ms) > 0 {
		row[wc.Text] = schema.Str(b.texts[r.Source.ID].Display(ms[0]))
	}
	row[wc.Start] = schema.OptDate(start)
	row[wc.End] = schema.OptDate(end)
	row[wc.Precision] = schema.OptStr(precision)
	row[wc.Basis] = schema.Str(w.Basis)
	row[wc.Note] = schema.OptStr(w.Note)
	br.times = append(br.times, parsedTime{field: v.Field, start: start, end: end})
	return true
}

// nearPublication checks an inferred time against the source's
// publication span. A time inferred from the date of publication is
// counted from it ("last week", "next week", "in April" of the year of
// publication, "over the past decade", "has bought": until then), so it
// must reach into the year of publication or a year either side ("last
// November" in a text of January): a time that does not cannot have been
// counted from that date, and is a wrong or copied year. It is not
// required to overlap the publication span itself, which most such times
// do not ("in April" of a text of November). A time inferred from the
// text's context is something the text reports, so it must not start after
// the latest day the text can have been written. A stated time is the
// quote's own text and may lie in the text's future ("until 2044").
func (b *builder) nearPublication(r *schema.Rule, v *schema.RuleValue, start, end schema.Date) bool {
	w, pub := v.When, r.Source.Published
	if pub.Earliest.IsZero() || pub.Latest.IsZero() {
		return true // the manifest's problem, reported there
	}
	// where points at what gave the time: the year, or the date or bounds.
	where := w.Pos
	switch {
	case w.Start != "":
		where = w.StartPos
	case w.End != "":
		where = w.EndPos
	case w.Year != 0:
		where = w.YearPos
	}
	published := "on " + pub.Earliest.String()
	if pub.Latest != pub.Earliest {
		published = fmt.Sprintf("between %s and %s", pub.Earliest, pub.Latest)
	}
	switch w.Basis {
	case "inferred_publication":
		from := schema.Date{Year: pub.Earliest.Year - 1, Month: time.January, Day: 1}
		to := schema.Date{Year: pub.Latest.Year + 1, Month: time.December, Day: 31}
		if (start.IsZero() || !to.Before(start)) && (end.IsZero() || !end.Before(from)) {
			return true
		}
		b.ds.Addf(where, "rule %s: %s: %s is inferred from the date of publication, but %s was published %s; a time counted from that date must reach into %d..%d (the year of publication or a year either side)",
			r.ID, v.Field.Name, spanText(schema.OptDate(start), schema.OptDate(end)), r.Source.ID, published, from.Year, to.Year)
		return false
	case "inferred_context":
		if start.IsZero() || !pub.Latest.Before(start) {
			return true
		}
		b.ds.Addf(where, "rule %s: %s: %s is inferred from the text's context, but starts after %s was published (%s): a text cannot report what had not begun when it was written",
			r.ID, v.Field.Name, spanText(schema.OptDate(start), schema.OptDate(end)), r.Source.ID, published)
		return false
	}
	return true
}

func sourceRows(p *schema.Project) []schema.Row {
	var out []schema.Row
	c := schema.SourcesCols
	for _, s := range p.Sources {
		row := newRow(schema.Sources)
		row[c.SourceID] = schema.Str(s.ID)
		row[c.File] = schema.Str(s.File)
		row[c.SHA256] = schema.Str(s.SHA256)
		row[c.Bytes] = schema.Int(int64(s.Bytes))
		row[c.Characters] = schema.Int(int64(utf8.RuneCountInString(s.Text)))
		row[c.Title] = schema.Str(s.Title)
		row[c.TitleBasis] = schema.Str(s.TitleBasis)
		row[c.Authors] = schema.OptStr(s.Authors)
		row[c.Publisher] = schema.OptStr(s.Publisher)
		row[c.Periodical] = schema.OptStr(s.Periodical)
		row[c.PublishedDate] = schema.OptDate(s.Published.Date())
		row[c.PublishedEarliest] = schema.DateValue(s.Published.Earliest)
		row[c.PublishedLatest] = schema.DateValue(s.Published.Latest)
		row[c.PublishedPrecision] = schema.Str(s.Published.Precision)
		row[c.DateBasis] = schema.Str(s.Published.Basis)
		row[c.DateNote] = schema.OptStr(s.Published.Note)
		row[c.URL] = schema.OptStr(s.URL)
		row[c.Language] = schema.Str(s.Language)
		row[c.Citation] = schema.Str(s.Citation())
		row[c.Notes] = schema.OptStr(s.Notes)
		out = append(out, row)
	}
	return out
}

func actorRows(p *schema.Project) []schema.Row {
	var out []schema.Row
	c := schema.ActorsCols
	for _, a := range p.Actors {
		row := newRow(schema.Actors)
		row[c.Code] = schema.Str(a.Code)
		row[c.Name] = schema.Str(a.Name)
		row[c.ISOName] = schema.OptStr(a.ISOName)
		row[c.Kind] = schema.Str(a.Kind)
		row[c.Note] = schema.OptStr(a.Note)
		out = append(out, row)
	}
	return out
}
