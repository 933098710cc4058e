package diff

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/armsdata/armsdata/dataset/english"
)

// WriteText prints the difference for a reader: one summary line per
// table, e.g. "arms_transfers: 3 added, 1 removed, 2 changed", then, for
// every table that differs, a block "[table]" listing its column changes
// and its rows by id: "+ ID" added, "- ID" removed, "~ ID" changed,
// followed by one line "column: old → new" per changed cell. Values are
// shown as Show shows them.
func WriteText(w io.Writer, r *Result) error {
	b := bufio.NewWriter(w)
	for _, t := range r.Tables {
		fmt.Fprintf(b, "%s: %s\n", t.Table, summary(t))
	}
	for _, t := range r.Tables {
		if t.Status == Unchanged {
			continue
		}
		fmt.Fprintf(b, "\n[%s]\n", t.Table)
		switch t.Status {
		case TableAdded:
			fmt.Fprintf(b, "  columns: %s\n", strings.Join(t.NewColumns, ", "))
		case TableRemoved:
			fmt.Fprintf(b, "  columns: %s\n", strings.Join(t.OldColumns, ", "))
		}
		for _, c := range t.ColumnsAdded {
			fmt.Fprintf(b, "  column added: %s\n", c)
		}
		for _, c := range t.ColumnsRemoved {
			fmt.Fprintf(b, "  column removed: %s\n", c)
		}
		if t.ColumnsReordered {
			fmt.Fprintf(b, "  columns reordered: %s → %s\n", strings.Join(t.OldColumns, ", "), strings.Join(t.NewColumns, ", "))
		}
		for _, row := range t.Rows {
			mark := map[Change]string{Added: "+", Removed: "-", Edited: "~"}[row.Change]
			fmt.Fprintf(b, "  %s %s\n", mark, Show(row.ID))
			for _, c := range row.Cells {
				fmt.Fprintf(b, "      %s: %s → %s\n", c.Column, Show(c.Old), Show(c.New))
			}
		}
	}
	return b.Flush()
}

// summary is the text after "table: " in the summary line.
func summary(t *TableDiff) string {
	switch t.Status {
	case Unchanged:
		return "unchanged"
	case TableAdded:
		return fmt.Sprintf("table added (%s)", english.Count(t.NewRows, "row"))
	case TableRemoved:
		return fmt.Sprintf("table removed (%s)", english.Count(t.OldRows, "row"))
	}
	s := fmt.Sprintf("%d added, %d removed, %d changed", t.Count(Added), t.Count(Removed), t.Count(Edited))
	if n := len(t.ColumnsAdded); n > 0 {
		s += ", " + english.Count(n, "column") + " added"
	}
	if n := len(t.ColumnsRemoved); n > 0 {
		s += ", " + english.Count(n, "column") + " removed"
	}
	if t.ColumnsReordered {
		s += ", columns reordered"
	}
	return s
}

// Show renders a cell for the text and Markdown output: an empty cell,
// which the release writes for null, as null; a value as it is, unless it
// could be misread or hides characters — it is "null", begins with a
// double quote, begins or ends with white space, holds a line break or
// another control or invisible character, holds " → ", or is not UTF-8 —
// in which case it is shown in double quotes with Go escapes (\n, \").
func Show(v string) string {
	if v == "" {
		return "null"
	}
	if needsQuotes(v) {
		return strconv.Quote(v)
	}
	return v
}

func needsQuotes(v string) bool {
	if v == "null" || v[0] == '"' || strings.Contains(v, " → ") || !utf8.ValidString(v) {
		return true
	}
	first, _ := utf8.DecodeRuneInString(v)
	last, _ := utf8.DecodeLastRuneInString(v)
	if unicode.IsSpace(first) || unicode.IsSpace(last) {
		return true
	}
	for _, r := range v {
		if !strconv.IsPrint(r) {
			return true
		}
	}
	return false
}

// CSVHeader is the header of WriteCSV's output.
var CSVHeader = []string{"table", "change", "id", "column", "old", "new"}

// WriteCSV prints one record per change, with the columns of CSVHeader.
// change is one of
//
//	table_added, table_removed   (then one record per row, added or removed)
//	column_added, column_removed (column names the column)
//	columns_reordered            (old and new are the headers, comma-separated)
//	added, removed               (a row; id names it)
//	changed                      (a cell of a changed row: id, column, old, new)
//
// Cells are written as in the release: an empty cell is null. Records end
// in "\n".
func WriteCSV(w io.Writer, r *Result) error {
	cw := csv.NewWriter(w)
	rec := func(fields ...string) { _ = cw.Write(fields) }
	rec(CSVHeader...)
	for _, t := range r.Tables {
		switch t.Status {
		case TableAdded:
			rec(t.Table, "table_added", "", "", "", "")
		case TableRemoved:
			rec(t.Table, "table_removed", "", "", "", "")
		}
		for _, c := range t.ColumnsAdded {
			rec(t.Table, "column_added", "", c, "", "")
		}
		for _, c := range t.ColumnsRemoved {
			rec(t.Table, "column_removed", "", c, "", "")
		}
		if t.ColumnsReordered {
			rec(t.Table, "columns_reordered", "", "", strings.Join(t.OldColumns, ","), strings.Join(t.NewColumns, ","))
		}
		for _, row := range t.Rows {
			if row.Change != Edited {
				rec(t.Table, string(row.Change), row.ID, "", "", "")
				continue
			}
			for _, c := range row.Cells {
				rec(t.Table, string(row.Change), row.ID, c.Column, c.Old, c.New)
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// The JSON document of WriteJSON. Lists are never null; a cell is null
// when it is empty.
type (
	jsonResult struct {
		Old     string      `json:"old"`
		New     string      `json:"new"`
		Differs bool        `json:"differs"`
		Tables  []jsonTable `json:"tables"`
	}
	jsonTable struct {
		Table            string    `json:"table"`
		Status           Status    `json:"status"`
		OldRows          int       `json:"old_rows"`
		NewRows          int       `json:"new_rows"`
		Added            int       `json:"added"`
		Removed          int       `json:"removed"`
		Changed          int       `json:"changed"`
		ColumnsAdded     []string  `json:"columns_added"`
		ColumnsRemoved   []string  `json:"columns_removed"`
		ColumnsReordered bool      `json:"columns_reordered"`
		Rows             []jsonRow `json:"rows"`
	}
	jsonRow struct {
		ID     string     `json:"id"`
		Change Change     `json:"change"`
		Cells  []jsonCell `json:"cells,omitempty"`
	}
	jsonCell struct {
		Column string  `json:"column"`
		Old    *string `json:"old"`
		New    *string `json:"new"`
	}
)

// WriteJSON prints the difference as one JSON object:
//
//	{"old": LABEL, "new": LABEL, "differs": BOOL, "tables": [
//	  {"table": NAME, "status": "unchanged"|"changed"|"added"|"removed",
//	   "old_rows": N, "new_rows": N, "added": N, "removed": N, "changed": N,
//	   "columns_added": [NAME...], "columns_removed": [NAME...],
//	   "columns_reordered": BOOL,
//	   "rows": [{"id": ID, "change": "added"|"removed"|"changed",
//	             "cells": [{"column": NAME, "old": TEXT|null, "new": TEXT|null}]}]}]}
//
// Every table of either release is listed, in alphabetical order; "cells"
// appears on changed rows only. The keys are always in this order.
func WriteJSON(w io.Writer, r *Result) error {
	doc := jsonResult{Old: r.Old, New: r.New, Differs: r.Differs(), Tables: []jsonTable{}}
	for _, t := range r.Tables {
		jt := jsonTable{
			Table: t.Table, Status: t.Status,
			OldRows: t.OldRows, NewRows: t.NewRows,
			Added: t.Count(Added), Removed: t.Count(Removed), Changed: t.Count(Edited),
			ColumnsAdded:     nonNil(t.ColumnsAdded),
			ColumnsRemoved:   nonNil(t.ColumnsRemoved),
			ColumnsReordered: t.ColumnsReordered,
			Rows:             []jsonRow{},
		}
		for _, row := range t.Rows {
			jr := jsonRow{ID: row.ID, Change: row.Change}
			for _, c := range row.Cells {
				jr.Cells = append(jr.Cells, jsonCell{Column: c.Column, Old: nullable(c.Old), New: nullable(c.New)})
			}
			jt.Rows = append(jt.Rows, jr)
		}
		doc.Tables = append(doc.Tables, jt)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
