package dataset

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
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

	// marks: figures inside the quote, by offset in the text.
	type mark struct{ start, end int }
	var marks []mark
	qt := quote.New(string(text[start:end]))
	for _, f := range tab.Schema.Fields {
		c := f.Cols().Quoted
		if c == schema.NoCol {
			continue
		}
		if v := r[c]; !v.IsNull() {
			for _, m := range qt.FindWord(v.String()) {
				marks = append(marks, mark{start + m.Start, start + m.End})
			}
		}
	}
	sort.Slice(marks, func(i, j int) bool { return marks[i].start < marks[j].start })
	// Values inside one another (a designation inside its weapon, a unit
	// inside an item's description) are marked once, as one passage.
	var merged []mark
	for _, m := range marks {
		if n := len(merged); n > 0 && m.start <= merged[n-1].end {
			merged[n-1].end = max(merged[n-1].end, m.end)
			continue
		}
		merged = append(merged, m)
	}
	marks = merged
	from, to := paragraph(text, start, end)
	var b strings.Builder
	for i := from; i <= to; i++ {
		if i == start {
			b.WriteString("[[")
		}
		for _, m := range marks {
			if m.end == i && m.start < m.end {
				b.WriteString("**")
			}
		}
		if i == end {
			b.WriteString("]]")
		}
		for _, m := range marks {
			if m.start == i && m.start < m.end {
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

// paragraph widens [start, end) to the blank lines around it, at most 600
// code points each way.
func paragraph(text []rune, start, end int) (int, int) {
	blank := func(i int) bool { // a line break followed by an empty or blank line
		j := i + 1
		for j < len(text) && (text[j] == ' ' || text[j] == '\t') {
			j++
		}
		return text[i] == '\n' && (j >= len(text) || text[j] == '\n')
	}
	from := start
	for from > 0 && start-from < 600 && !blank(from-1) {
		from--
	}
	to := end
	for to < len(text) && to-end < 600 && !blank(to) {
		to++
	}
	return from, to
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
