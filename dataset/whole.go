package dataset

import (
	"fmt"

	"github.com/armsdata/armsdata/dataset/figure"
	"github.com/armsdata/armsdata/dataset/quote"
	"github.com/armsdata/armsdata/dataset/when"
	"github.com/armsdata/armsdata/schema"
)

// A figure or a time is written whole, as the text writes it: words next
// to it that its parser reads into it and that change what it says must be
// in the rule's value too, or the row would publish "around $1.4 billion"
// as an exact $1.4 billion, or "the late 1990s" as 1990..1999. The words
// are read from the source, so a quote cannot cut a hedge off by starting
// at the number. Where the value stands several times in the quote, every
// place counts: its row claims each of them for coverage.

// wholeFigure refuses a figure field that leaves out part of the figure at
// one of its places ms in the source.
func (b *builder) wholeFigure(br *builtRow, ms []quote.Match, v *schema.RuleValue, fig figure.Figure) bool {
	txt, r := b.texts[br.rule.Source.ID], br.rule
	wide, omits, ok := widerFigure(txt, ms, fig)
	if !ok {
		return true
	}
	b.ds.Addf(v.Pos, "rule %s: %s %q leaves out %s that the text writes with it (%s); %s",
		r.ID, v.Field.Name, v.Text, omits, textPos(r.Source, txt, wide), rewrite(br, txt, wide, len(ms), v.Text, ""))
	return false
}

// wholeTime refuses a time field whose text leaves out part of the time
// at one of its places ms in the source.
func (b *builder) wholeTime(br *builtRow, ms []quote.Match, v *schema.RuleValue, span when.Span) bool {
	txt, r, w := b.texts[br.rule.Source.ID], br.rule, v.When
	wide, sp, ok := widerTime(txt, ms, span, w.Year)
	if !ok {
		return true
	}
	extra := ""
	if sp.YearGiven && w.Year != 0 {
		extra = " as a stated time, without year:"
	}
	b.ds.Addf(w.TextPos, "rule %s: %s %q (%s) leaves out what the text writes with it: %q is %s (%s); %s",
		r.ID, v.Field.Name, w.Text, spanText(schema.OptDate(span.Start), schema.OptDate(span.End)),
		txt.Plain(wide), spanText(schema.OptDate(sp.Start), schema.OptDate(sp.End)), textPos(r.Source, txt, wide),
		rewrite(br, txt, wide, len(ms), w.Text, extra))
	return false
}

func textPos(s *schema.Source, txt *quote.Text, m quote.Match) schema.Pos {
	return schema.Pos{File: s.File, Line: txt.Line(m.Start), Col: txt.Column(m.Start)}
}

// rewrite says what to write instead: the whole passage, after lengthening
// the quote when the passage runs past it.
func rewrite(br *builtRow, txt *quote.Text, wide quote.Match, places int, value, extra string) string {
	write := fmt.Sprintf("write %q%s", txt.Plain(wide), extra)
	if wide.Start < br.start || wide.End > br.end {
		write = "lengthen the quote and " + write
	}
	if places > 1 {
		write += fmt.Sprintf(", or shorten the quote to the place of %q the rule means", value)
	}
	return write
}

// widerFigure finds the first place of ms where the text writes more of
// the figure than fig: the whole passage and what fig leaves out of it
// (see figure.Omits for what counts). The passages around a place are
// parsed from one tokenizing of the words around it (figure.Passages).
func widerFigure(txt *quote.Text, ms []quote.Match, fig figure.Figure) (quote.Match, string, bool) {
	for _, m := range ms {
		before, after := txt.Around(m, aroundWords)
		region := quote.Match{Start: m.Start, End: m.End}
		if len(before) > 0 {
			region.Start = before[len(before)-1]
		}
		if len(after) > 0 {
			region.End = after[len(after)-1]
		}
		ps := figure.NewPassages(txt.Slice(region))
		omits := func(w quote.Match) string {
			if f, err := ps.Parse(w.Start-region.Start, w.End-region.Start); err == nil {
				return figure.Omits(fig, f)
			}
			return ""
		}
		if wide, ok := widest(m, before, after, func(w quote.Match) bool { return omits(w) != "" }); ok {
			return wide, omits(wide), true
		}
	}
	return quote.Match{}, "", false
}

// widerTime finds the first place of ms where the text writes a time
// whose span differs from span, or that gives the year span was given:
// the whole passage and its span; year is the year the rule supplies.
// Neither a range nor an open span is a wider reading of a time: "2009
// and 2010 budgets" may hold a row for each year, and "since" or "until"
// often belong to the verb, not the date ("would continue until 1994, when
// the parties signed", "it was not until 11 November that … signed");
// coverage asks for a range's other end.
func widerTime(txt *quote.Text, ms []quote.Match, span when.Span, year int) (quote.Match, when.Span, bool) {
	wider := func(s string) (when.Span, bool) {
		sp, err := when.Parse(s, year)
		switch {
		case err != nil, sp.Precision == when.Days, sp.Precision == when.Months, sp.Precision == when.Period, sp.Precision == when.Open:
			return sp, false
		}
		return sp, sp.Start != span.Start || sp.End != span.End || sp.YearGiven != span.YearGiven
	}
	for _, m := range ms {
		before, after := txt.Around(m, aroundWords)
		if wide, ok := widest(m, before, after, func(w quote.Match) bool { _, ok := wider(txt.Slice(w)); return ok }); ok {
			sp, _ := wider(txt.Slice(wide))
			return wide, sp, true
		}
	}
	return quote.Match{}, when.Span{}, false
}

// widest returns the longest passage around m, extended to any of the
// word starts before and word ends after it (quote.Text.Around), that keep
// accepts; ok is false when keep accepts none.
func widest(m quote.Match, before, after []int, keep func(quote.Match) bool) (quote.Match, bool) {
	starts := append([]int{m.Start}, before...)
	ends := append([]int{m.End}, after...)
	var best quote.Match
	found := false
	for _, s := range starts {
		for _, e := range ends {
			w := quote.Match{Start: s, End: e}
			if w == m || found && e-s <= best.End-best.Start {
				continue
			}
			if keep(w) {
				best, found = w, true
			}
		}
	}
	return best, found
}

// aroundWords is how far a figure or time is read beyond its value: four
// words hold the longest hedge with a currency sign ("as many as $") and a
// scale word with a currency ("billion US dollars").
const aroundWords = 4
