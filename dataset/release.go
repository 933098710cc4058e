// Package dataset matches the curated rules against the source texts and
// normalises what they say into the rows of the release's tables.
package dataset

import (
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

// Rows returns the number of rows of all the tables.
func (r *Release) Rows() int {
	n := 0
	for _, t := range r.Tables {
		n += len(t.Rows)
	}
	return n
}
