package cmd

import (
	"fmt"
	"io"

	"github.com/armsdata/armsdata/dataset/diff"
)

// Exit codes of "armsdata diff", as diff(1).
const (
	diffSame    = 0
	diffDiffers = 1
	diffTrouble = 2
)

const diffUsage = `usage: armsdata diff [flags] OLD NEW

Compares two releases of the dataset and prints what changed from OLD to
NEW: tables added or removed, columns added or removed, and rows added,
removed or changed, with every changed cell as "column: old → new".

Rows are matched by their row id, the first column of every table (id;
source_id in sources, code in actors), which stays the same from release
to release; the order of the rows in the files does not matter. Only the
CSV files are read; the Parquet files and the workbook hold the same data.
The cells of a column that exists on one side only are not compared: the
column is reported once, as added or removed.

OLD and NEW are each
  - a release directory, one that holds csv/<table>.csv (such as out), or
  - a git revision of the repository at --root (a tag such as v0.1.0, HEAD,
    HEAD~1, a branch, a commit hash): its committed out/csv/ is read.
An argument that names an existing directory is a directory, anything else
a revision. To name a revision that is also the name of a directory,
write it as REV^0 (v0.1.0^0).

Examples:
  armsdata diff HEAD out              what "make" changed, before you commit it
  armsdata diff v0.1.0 v0.2.0         what changed between two releases
  armsdata diff --format csv HEAD~1 HEAD > changes.csv

Output (--format):
  text      the default. One line per table, e.g.
              arms_transfers: 3 added, 1 removed, 2 changed
            then a block [table] for each table that changed: its column
            changes, and its rows by id: "+ ID" added, "- ID" removed,
            "~ ID" changed, followed by "column: old → new" per changed
            cell. An empty cell (null) shows as null. A value is shown in
            double quotes with Go escapes (\n, \") when it is "null", holds
            a line break or an invisible character, begins with a quote or
            begins or ends with white space.
  csv       one record per change, with the header
              table,change,id,column,old,new
            where change is table_added or table_removed (followed by one
            record per row of the table), column_added or column_removed
            (column names it), columns_reordered (old and new hold the
            headers), added or removed (a row), or changed (one record per
            changed cell). Cells as in the release: empty is null.
  json      one object {"old", "new", "differs", "tables": [...]} listing
            every table with its status (unchanged, changed, added,
            removed), counts, columns_added, columns_removed,
            columns_reordered and rows [{"id", "change", "cells": [{"column",
            "old", "new"}]}]; an empty cell is null.
  markdown  a summary for a changelog (what "armsdata release" writes to
            CHANGELOG.md): counts per table, removed and added row ids,
            changed figures with old and new values.
Tables come in alphabetical order, rows by id, cells in NEW's column order.
Flags may come before or after OLD and NEW.

Exit status, as diff(1): 0 no differences, 1 differences found, 2 trouble:
a wrong command line, a directory without csv/, a revision that does not
exist or has no out/csv/, or a CSV file that cannot be read (a row id
twice, a record of the wrong width).

flags:
`

func runDiff(e *env, args []string) int {
	fs := e.flags("diff", diffUsage)
	format := fs.String("format", "text", "output `format`: text, csv, json or markdown")
	root := fs.String("root", ".", "the git repository `directory` in which revisions are looked up")
	quiet := fs.Bool("q", false, "print nothing; report through the exit status only")
	pos, code, ok := e.parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 2 {
		fmt.Fprintln(e.stderr, "armsdata diff: give two releases, OLD and NEW")
		fs.Usage()
		return diffTrouble
	}
	write, ok := map[string]func(io.Writer, *diff.Result) error{
		"text":     diff.WriteText,
		"csv":      diff.WriteCSV,
		"json":     diff.WriteJSON,
		"markdown": diff.WriteMarkdown,
	}[*format]
	if !ok {
		fmt.Fprintf(e.stderr, "armsdata diff: unknown format %q (text, csv, json or markdown)\n", *format)
		return diffTrouble
	}
	var rels [2]*diff.Release
	for i, arg := range pos {
		rel, err := diff.Open(arg, *root)
		if err != nil {
			fmt.Fprintf(e.stderr, "armsdata diff: %v\n", err)
			return diffTrouble
		}
		rels[i] = rel
	}
	res := diff.Compare(rels[0], rels[1])
	if !*quiet {
		if err := write(e.stdout, res); err != nil {
			fmt.Fprintf(e.stderr, "armsdata diff: %v\n", err)
			return diffTrouble
		}
	}
	if res.Differs() {
		return diffDiffers
	}
	return diffSame
}
