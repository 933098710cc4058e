// Package dataset matches the curated rules against the source texts and
// normalises what they say into the rows of the release's tables.
package dataset

import (
	"fmt"
	"io"
	"strings"

	"github.com/armsdata/armsdata/schema"
)

// Table is one table of a release: its schema and its rows, sorted by id.
type Table struct {
	Schema *schema.Table
	Rows   []schema.Row
}

// Get returns the value of the named column in row i, for tests and tools
// that read a release by column name; it panics on a name the table does
// not have. The builder goes by the schema's handles (schema.Col).
func (t *Table) Get(i int, column string) schema.Value {
	c := t.Schema.Column(column)
	if c < 0 {
		panic("dataset: table " + t.Schema.Name + " has no column " + column)
	}
	return t.Rows[i][c]
}

// Meta describes the release as a whole (seeds/dataset.yaml), for the
// workbook's About sheet and the data package.
type Meta = schema.Meta

// Release is everything the exporters write.
type Release struct {
	Meta   Meta
	Tables []*Table
	// Findings are results a reader should hear of that do not stop the
	// build: claims of the texts that the rows contradict.
	Findings []string
	// RulePos says where each rule is written, by rule id, for reviewers.
	RulePos map[string]schema.Pos
	// Texts are the source texts as read, by source id: the quote offsets
	// count their code points. The site shows them in full.
	Texts map[string]string
}

// Table returns the named table, or nil.
func (r *Release) Table(name string) *Table {
	for _, t := range r.Tables {
		if t.Schema.Name == name {
			return t
		}
	}
	return nil
}

// CiteRow is how a reader cites a row of the release: the release, the
// row by its table and id, and the source as its citation column gives it
// (which ends with its own full stop or address). The workbook's About
// sheet teaches this form, and the README's example is generated from it.
func CiteRow(m Meta, table, id, citation string) string {
	return fmt.Sprintf("%s %s, table %s, row %s, quoting %s", m.Name, m.Version, table, id, citation)
}

// WriteCitation writes the README's "How to cite a row" example: the
// form, then the first row of the first curated table cited by it.
func WriteCitation(w io.Writer, rel *Release) error {
	var b strings.Builder
	fmt.Fprintf(&b, "```\n%s\n```\n", CiteRow(rel.Meta, "<table>", "<id>", "<citation>"))
	for _, t := range rel.Tables {
		if !t.Schema.Curated || len(t.Rows) == 0 {
			continue
		}
		r, ref := t.Rows[0], t.Schema.Ref()
		fmt.Fprintf(&b, "\nFor example, the first row of `%s`:\n\n> %s\n", t.Schema.Name,
			CiteRow(rel.Meta, t.Schema.Name, r[ref.ID].String(), r[ref.Citation].String()))
		break
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Rows returns the number of rows of all the tables.
func (r *Release) Rows() int {
	n := 0
	for _, t := range r.Tables {
		n += len(t.Rows)
	}
	return n
}
