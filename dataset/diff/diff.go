package diff

import (
	"slices"
	"sort"
)

// Status says how a table changed.
type Status string

// Table statuses.
const (
	Unchanged    Status = "unchanged"
	Changed      Status = "changed" // present on both sides, with differences
	TableAdded   Status = "added"   // only in the new release
	TableRemoved Status = "removed" // only in the old release
)

// Change says how a row changed.
type Change string

// Row changes.
const (
	Added   Change = "added"
	Removed Change = "removed"
	Edited  Change = "changed" // present on both sides with different cells
)

// Result is the difference between two releases.
type Result struct {
	Old, New string // the labels of the two releases
	// Tables holds every table of either release, in alphabetical order.
	Tables []*TableDiff
}

// Differs reports whether the releases differ in anything Compare looks
// at: tables, columns (and their order), rows or cells.
func (r *Result) Differs() bool {
	for _, t := range r.Tables {
		if t.Status != Unchanged {
			return true
		}
	}
	return false
}

// TableDiff is the difference in one table.
type TableDiff struct {
	Table  string
	Status Status
	// OldColumns and NewColumns are the headers; nil on the side where
	// the table is missing.
	OldColumns, NewColumns []string
	// ColumnsAdded are in NEW only (in NEW's order), ColumnsRemoved in OLD
	// only (in OLD's order). Both are empty for a table added or removed
	// as a whole.
	ColumnsAdded, ColumnsRemoved []string
	// ColumnsReordered says that the columns of both sides are in a
	// different order relative to each other.
	ColumnsReordered bool
	OldRows, NewRows int // row counts
	// Rows are the rows added, removed or changed, sorted by id. Every row
	// of a table added or removed as a whole is listed as added or removed.
	Rows []RowDiff
}

// Count returns the number of rows with the change.
func (t *TableDiff) Count(c Change) int {
	n := 0
	for _, r := range t.Rows {
		if r.Change == c {
			n++
		}
	}
	return n
}

// RowDiff is one row added, removed or changed.
type RowDiff struct {
	ID     string
	Change Change
	// Cells are the changed cells of a changed row, in NEW's column order.
	Cells []CellChange
}

// CellChange is one changed cell. An empty string is an empty cell,
// which the release writes for null.
type CellChange struct {
	Column   string
	Old, New string
}

// Compare computes the difference from old to new. Rows are matched by
// their first cell, the row id. The cells of a column that exists on both
// sides are compared as text; a column on one side only is reported as
// added or removed, and its cells are not compared.
func Compare(old, new *Release) *Result {
	res := &Result{Old: old.Label, New: new.Label}
	var names []string
	for n := range old.Tables {
		names = append(names, n)
	}
	for n := range new.Tables {
		if old.Tables[n] == nil {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		res.Tables = append(res.Tables, compareTable(n, old.Tables[n], new.Tables[n]))
	}
	return res
}

func compareTable(name string, o, n *Table) *TableDiff {
	d := &TableDiff{Table: name}
	switch {
	case o == nil:
		d.Status, d.NewColumns, d.NewRows = TableAdded, n.Header, len(n.Rows)
		d.Rows = wholeTable(n, Added)
		return d
	case n == nil:
		d.Status, d.OldColumns, d.OldRows = TableRemoved, o.Header, len(o.Rows)
		d.Rows = wholeTable(o, Removed)
		return d
	}
	d.OldColumns, d.NewColumns = o.Header, n.Header
	d.OldRows, d.NewRows = len(o.Rows), len(n.Rows)

	oldCol := columnIndex(o.Header)
	newCol := columnIndex(n.Header)
	var common []string // in NEW's order
	for _, c := range n.Header {
		if _, ok := oldCol[c]; ok {
			common = append(common, c)
		} else {
			d.ColumnsAdded = append(d.ColumnsAdded, c)
		}
	}
	var commonOld []string // in OLD's order
	for _, c := range o.Header {
		if _, ok := newCol[c]; ok {
			commonOld = append(commonOld, c)
		} else {
			d.ColumnsRemoved = append(d.ColumnsRemoved, c)
		}
	}
	d.ColumnsReordered = !slices.Equal(common, commonOld)

	oldRow := make(map[string][]string, len(o.Rows))
	for _, r := range o.Rows {
		oldRow[r[0]] = r
	}
	newIDs := make(map[string]bool, len(n.Rows))
	for _, nr := range n.Rows {
		id := nr[0]
		newIDs[id] = true
		or, ok := oldRow[id]
		if !ok {
			d.Rows = append(d.Rows, RowDiff{ID: id, Change: Added})
			continue
		}
		var cells []CellChange
		for _, c := range common {
			if ov, nv := or[oldCol[c]], nr[newCol[c]]; ov != nv {
				cells = append(cells, CellChange{Column: c, Old: ov, New: nv})
			}
		}
		if cells != nil {
			d.Rows = append(d.Rows, RowDiff{ID: id, Change: Edited, Cells: cells})
		}
	}
	for _, r := range o.Rows {
		if !newIDs[r[0]] {
			d.Rows = append(d.Rows, RowDiff{ID: r[0], Change: Removed})
		}
	}
	sortRows(d.Rows)
	if len(d.Rows) > 0 || len(d.ColumnsAdded) > 0 || len(d.ColumnsRemoved) > 0 || d.ColumnsReordered {
		d.Status = Changed
	} else {
		d.Status = Unchanged
	}
	return d
}

func wholeTable(t *Table, c Change) []RowDiff {
	rows := make([]RowDiff, len(t.Rows))
	for i, r := range t.Rows {
		rows[i] = RowDiff{ID: r[0], Change: c}
	}
	sortRows(rows)
	return rows
}

// sortRows orders rows by id (byte order); ids are unique on each side, so
// an id occurs at most once.
func sortRows(rows []RowDiff) {
	sort.Slice(rows, func(i, j int) bool { return rows[i].ID < rows[j].ID })
}

func columnIndex(header []string) map[string]int {
	m := make(map[string]int, len(header))
	for i, c := range header {
		m[c] = i
	}
	return m
}
