package dataset

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/armsdata/armsdata/dataset/quote"
	"github.com/armsdata/armsdata/schema"
)

// Explain writes what a reviewer needs to verify one row in seconds: the
// row, where its rule is written, and its quote inside the surrounding
// paragraph of the source, the quote between [[ and ]] and each figure,
// time and verbatim value of the row between ** and **. root is the
// repository, for reading the source file.
func Explain(w io.Writer, rel *Release, root, id string) error {
	tab, row := findRow(rel, id)
	if tab == nil {
		return fmt.Errorf("no row with id %q%s", id, suggestID(rel, id))
	}
	cols := tab.Schema.Columns()
	fmt.Fprintf(w, "%s  (table %s)\n", id, tab.Schema.Name)
	if pos, ok := rel.RulePos[id]; ok {
		fmt.Fprintf(w, "rule:   %s\n", pos)
	}
	if tab.Schema.Curated {
		if err := explainQuote(w, rel, tab, row, root); err != nil {
			return err
		}
	}
	fmt.Fprintln(w, "\nvalues:")
	width := 0
	for _, c := range cols {
		width = max(width, len(c.Name))
	}
	for i, c := range cols {
		v := tab.Rows[row][i]
		if c.Field == "source" && c.Name != "source_id" {
			continue // shown above
		}
		text := v.Text()
		if v.IsNull() {
			text = "(null)"
		}
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.Name, strings.ReplaceAll(text, "\n", " "))
	}
	return nil
}

func explainQuote(w io.Writer, rel *Release, tab *Table, row int, root string) error {
	r, ref, sc := tab.Rows[row], tab.Schema.Ref(), schema.SourcesCols
	srcID := r[ref.SourceID].String()
	var file string
	for _, s := range rel.Table(schema.Sources.Name).Rows {
		if s[sc.SourceID].String() == srcID {
			file = s[sc.File].String()
		}
	}
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
	if err != nil {
		return err
	}
	text := []rune(string(data))
	start, end := int(r[ref.QuoteStart].Int()), int(r[ref.QuoteEnd].Int())
	if start < 0 || end > len(text) || start > end {
		return fmt.Errorf("row %s: offsets [%d,%d) outside %s", r[ref.ID].String(), start, end, file)
	}
	fmt.Fprintf(w, "source: %s\n", r[ref.Citation].String())
	fmt.Fprintf(w, "quote:  %s:%d, code points %d..%d\n\n", file, r[ref.QuoteLine].Int(), start, end)

	marks := QuoteMarks(tab.Schema, r, quote.New(string(data)))
	from, to := Paragraph(text, start, end)
	var b strings.Builder
	for i := from; i <= to; i++ {
		if i == start {
			b.WriteString("[[")
		}
		for _, m := range marks {
			if m.End == i && m.Start < m.End {
				b.WriteString("**")
			}
		}
		if i == end {
			b.WriteString("]]")
		}
		for _, m := range marks {
			if m.Start == i && m.Start < m.End {
				b.WriteString("**")
			}
		}
		if i < to {
			b.WriteRune(text[i])
		}
	}
	for _, line := range strings.Split(strings.Trim(b.String(), "\n "), "\n") {
		fmt.Fprintf(w, "  | %s\n", line)
	}
	return nil
}

// ParagraphReach is how far, in code points, Paragraph looks for a blank
// line on either side of a quote.
const ParagraphReach = 600

// Paragraph widens [start, end) to the blank lines around it, at most
// ParagraphReach code points each way: the passage a reader needs around a
// quote (explain prints it, the site's row pages show it).
func Paragraph(text []rune, start, end int) (int, int) {
	blank := func(i int) bool { // a line break followed by an empty or blank line
		j := i + 1
		for j < len(text) && (text[j] == ' ' || text[j] == '\t') {
			j++
		}
		return text[i] == '\n' && (j >= len(text) || text[j] == '\n')
	}
	from := start
	for from > 0 && start-from < ParagraphReach && !blank(from-1) {
		from--
	}
	to := end
	for to < len(text) && to-end < ParagraphReach && !blank(to) {
		to++
	}
	return from, to
}

// Mark is a passage of a source text that values of a row stand in,
// [Start, End) in code points of the text, and the columns whose values
// they are (several where values lie inside one another).
type Mark struct {
	Start, End int
	Columns    []string
}

// QuoteMarks returns where, inside the quote of row r of curated table t,
// the values that must stand in it (each field's QuotedColumn: figures and
// times as written, verbatim texts) are, in offsets of the source text txt
// and in text order. Each value is found as validate finds it: in the
// quote as it is shown (quote_display, where "\$" is "$" and a word broken
// at a line end is whole), then mapped back to the text. Values inside one
// another (a designation inside its weapon, a unit inside an item's
// description) are marked once, as one passage naming both columns.
func QuoteMarks(t *schema.Table, r schema.Row, txt *quote.Text) []Mark {
	ref := t.Ref()
	sq := showQuote(txt, int(r[ref.QuoteStart].Int()), int(r[ref.QuoteEnd].Int()))
	cols := t.Columns()
	var marks []Mark
	for _, f := range t.Fields {
		c := f.Cols().Quoted
		if c == schema.NoCol {
			continue
		}
		if v := r[c]; !v.IsNull() {
			for _, m := range sq.places(v.String()) {
				marks = append(marks, Mark{m.Start, m.End, []string{cols[c].Name}})
			}
		}
	}
	sort.SliceStable(marks, func(i, j int) bool { return marks[i].Start < marks[j].Start })
	var merged []Mark
	for _, m := range marks {
		if n := len(merged); n > 0 && m.Start <= merged[n-1].End {
			last := &merged[n-1]
			last.End = max(last.End, m.End)
			if !slices.Contains(last.Columns, m.Columns[0]) {
				last.Columns = append(last.Columns, m.Columns[0])
			}
			continue
		}
		merged = append(merged, m)
	}
	return merged
}

// shownQuote is a quote as Display shows it, ready to find values in.
type shownQuote struct {
	shown quote.Shown
	text  *quote.Text // shown.Text, prepared for matching
}

// showQuote shows the passage [start, end) of txt.
func showQuote(txt *quote.Text, start, end int) shownQuote {
	shown := txt.Shown(quote.Match{Start: start, End: end})
	return shownQuote{shown: shown, text: quote.New(shown.Text)}
}

// places returns where value, written as the quote shows it, stands in
// the source text: each place it is found in the shown quote as a word
// (quote.Text.FindWord), mapped back to the text.
func (q shownQuote) places(value string) []quote.Match {
	ms := q.text.FindWord(value)
	for i := range ms {
		ms[i] = q.shown.Source(ms[i])
	}
	return ms
}

func findRow(rel *Release, id string) (*Table, int) {
	for _, t := range rel.Tables {
		for i, r := range t.Rows {
			if len(r) > 0 && r[0].String() == id {
				return t, i
			}
		}
	}
	return nil, -1
}

func suggestID(rel *Release, id string) string {
	var ids []string
	for _, t := range rel.Tables {
		for _, r := range t.Rows {
			ids = append(ids, r[0].String())
		}
	}
	if s := schema.Closest(id, ids); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}
