package schema

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// Vocabs lists every vocabulary a column uses, in the order the tables
// first use them.
func Vocabs() []*Vocab {
	var out []*Vocab
	seen := map[*Vocab]bool{}
	for _, t := range All {
		for _, c := range t.Columns() {
			if c.Vocab != nil && !seen[c.Vocab] {
				seen[c.Vocab] = true
				out = append(out, c.Vocab)
			}
		}
	}
	return out
}

// WriteMarkdown writes the table reference of the README and the data
// dictionary: every table, every column with its type, nullability and
// meaning, and every vocabulary.
func WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	for _, t := range All {
		fmt.Fprintf(&b, "### `%s` — %s\n\n%s\n\n", t.Name, t.Title, t.Description)
		cols := t.Columns()
		if k := slices.IndexFunc(cols, func(c Column) bool { return c.Place.Technical() }); k >= 0 {
			fmt.Fprintf(&b, "Columns in reading order; the technical ones, collapsed in the workbook, from `%s` on.\n\n", cols[k].Name)
		}
		b.WriteString("| column | type | null | description |\n|---|---|---|---|\n")
		for _, c := range t.Columns() {
			null := ""
			if c.Nullable {
				null = "yes"
			}
			desc := c.Description
			if c.Vocab != nil {
				desc += fmt.Sprintf(" Values: [%s](#vocabulary-%s).", c.Vocab.Name, c.Vocab.Name)
			}
			if c.Ref != "" {
				desc += fmt.Sprintf(" References `%s`.", c.Ref)
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", c.Name, c.Type, null, escapeCell(desc))
		}
		b.WriteString("\n")
	}
	b.WriteString("### Vocabularies\n\n")
	for _, v := range Vocabs() {
		fmt.Fprintf(&b, "#### vocabulary `%s`\n\n%s\n\n", v.Name, v.Description)
		for _, t := range v.Terms {
			fmt.Fprintf(&b, "- `%s`: %s\n", t.Code, t.Description)
		}
		b.WriteString("\n")
		if v == Qualifiers {
			b.WriteString("What a figure `x`'s columns hold, by qualifier (null: the column is empty):\n\n")
			if err := WriteFigureReadings(&b); err != nil {
				return err
			}
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, strings.TrimRight(b.String(), "\n")+"\n")
	return err
}

func escapeCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
