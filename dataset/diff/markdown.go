package diff

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/armsdata/armsdata/dataset/english"
)

// WriteMarkdown prints the difference as the body of a changelog section
// (what "armsdata release" puts under "## x.y.z" in CHANGELOG.md):
//
//   - "Compared with `OLD`." and one bullet per table that differs, with
//     its counts, then one bullet naming the unchanged tables;
//   - "Removed rows", "Added rows": the row ids per table (not for tables
//     added or removed as a whole, whose row count the bullet gives);
//   - "Changed figures": per changed row, the changed cells of its figure
//     columns, old → new. A figure column is a column X that comes with a
//     column X_text (amount and amount_text), and the columns X_* beside it
//     (amount_low, amount_qualifier, …);
//   - "Other changed cells": per changed row, the names of its other
//     changed columns.
//
// Without differences it prints "No changes to the data since `OLD`.".
// Names and values are Markdown code spans; values as Show renders them.
func WriteMarkdown(w io.Writer, r *Result) error {
	b := bufio.NewWriter(w)
	if !r.Differs() {
		fmt.Fprintf(b, "No changes to the data since %s.\n", code(r.Old))
		return b.Flush()
	}
	fmt.Fprintf(b, "Compared with %s:\n\n", code(r.Old))
	var unchanged []string
	for _, t := range r.Tables {
		if t.Status == Unchanged {
			unchanged = append(unchanged, code(t.Table))
			continue
		}
		fmt.Fprintf(b, "- %s: %s\n", code(t.Table), markdownSummary(t))
	}
	if len(unchanged) > 0 {
		fmt.Fprintf(b, "- unchanged: %s\n", strings.Join(unchanged, ", "))
	}

	ids := func(title string, c Change) {
		var lines []string
		for _, t := range r.Tables {
			if t.Status != Changed {
				continue
			}
			var list []string
			for _, row := range t.Rows {
				if row.Change == c {
					list = append(list, code(row.ID))
				}
			}
			if len(list) > 0 {
				lines = append(lines, fmt.Sprintf("- %s: %s\n", code(t.Table), strings.Join(list, ", ")))
			}
		}
		section(b, title, lines)
	}
	ids("Removed rows (their ids are no longer in the dataset):", Removed)
	ids("Added rows:", Added)

	var figures, others []string
	for _, t := range r.Tables {
		isFigure := figureColumns(t.NewColumns)
		for _, row := range t.Rows {
			if row.Change != Edited {
				continue
			}
			var fig, other []string
			for _, c := range row.Cells {
				if isFigure(c.Column) {
					fig = append(fig, fmt.Sprintf("%s %s → %s", code(c.Column), code(Show(c.Old)), code(Show(c.New))))
				} else {
					other = append(other, code(c.Column))
				}
			}
			where := code(t.Table) + " " + code(row.ID)
			if len(fig) > 0 {
				figures = append(figures, fmt.Sprintf("- %s: %s\n", where, strings.Join(fig, "; ")))
			}
			if len(other) > 0 {
				others = append(others, fmt.Sprintf("- %s: %s\n", where, strings.Join(other, ", ")))
			}
		}
	}
	section(b, "Changed figures:", figures)
	section(b, "Other changed cells:", others)
	return b.Flush()
}

func section(b *bufio.Writer, title string, lines []string) {
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(b, "\n%s\n\n", title)
	for _, l := range lines {
		b.WriteString(l)
	}
}

func markdownSummary(t *TableDiff) string {
	switch t.Status {
	case TableAdded:
		return fmt.Sprintf("new table (%s)", english.Count(t.NewRows, "row"))
	case TableRemoved:
		return fmt.Sprintf("table removed (it had %s)", english.Count(t.OldRows, "row"))
	}
	s := fmt.Sprintf("%d added, %d removed, %d changed", t.Count(Added), t.Count(Removed), t.Count(Edited))
	names := func(cols []string) string {
		for i, c := range cols {
			cols[i] = code(c)
		}
		return strings.Join(cols, ", ")
	}
	if n := len(t.ColumnsAdded); n > 0 {
		s += fmt.Sprintf("; %s added: %s", english.Plural(n, "column"), names(append([]string(nil), t.ColumnsAdded...)))
	}
	if n := len(t.ColumnsRemoved); n > 0 {
		s += fmt.Sprintf("; %s removed: %s", english.Plural(n, "column"), names(append([]string(nil), t.ColumnsRemoved...)))
	}
	if t.ColumnsReordered {
		s += "; columns reordered"
	}
	return s
}

// figureColumns returns whether a column of the header belongs to a
// figure: X where the header also has X_text, or X_* beside such an X.
func figureColumns(header []string) func(string) bool {
	has := make(map[string]bool, len(header))
	for _, c := range header {
		has[c] = true
	}
	figure := make(map[string]bool)
	for _, c := range header {
		if has[c+"_text"] {
			figure[c] = true
		}
	}
	return func(c string) bool {
		if figure[c] {
			return true
		}
		for i := strings.LastIndexByte(c, '_'); i > 0; i = strings.LastIndexByte(c[:i], '_') {
			if figure[c[:i]] {
				return true
			}
		}
		return false
	}
}

// code makes s a Markdown code span, with a fence longer than any run of
// backticks in s.
func code(s string) string {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}
