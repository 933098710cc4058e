package diff

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// writeRelease writes files (table name → CSV text) as dir/csv/<table>.csv
// (a name with a dot as dir/csv/<name>) and returns dir.
func writeRelease(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if !strings.Contains(name, ".") {
			name += ".csv"
		}
		if err := os.WriteFile(filepath.Join(dir, "csv", name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func readRelease(t *testing.T, label string, files map[string]string) *Release {
	t.Helper()
	rel, err := ReadDir(writeRelease(t, files))
	if err != nil {
		t.Fatal(err)
	}
	rel.Label = label
	return rel
}

// The fixture pair: every kind of change at once.
var (
	oldFiles = map[string]string{
		"notes.txt": "", // not a table: ignored
		"actors": "code,name\n" +
			"ARM,Armenia\n" +
			"AZE,Azerbaijan\n",
		"arms_transfers": "id,supplier,quantity,quantity_text,note\n" +
			"at-a,RUS,2,two,\n" +
			"at-b,UKR,30,30,\n" +
			"at-c,BLR,4,four,old note\n" +
			"at-removed,RUS,1,one,\n",
		"military_expenditure": "id,actor,amount,amount_text\n" +
			"me-arm,ARM,400000000,$400 million\n" +
			"me-aze,AZE,1400000000,around $1.4 billion\n",
		"old_only": "id,x\n" +
			"o1,1\n",
	}
	newFiles = map[string]string{
		"actors": "code,name\n" +
			"AZE,Azerbaijan\n" + // row order does not matter
			"ARM,Armenia\n",
		// A column added (its cells are not compared), a row added before
		// the others in the file, null → a quoted value with a line break,
		// a figure changed, a value → null, a row removed.
		"arms_transfers": "id,supplier,quantity,quantity_text,note,status\n" +
			"at-new,RUS,3,three,,ordered\n" +
			"at-a,RUS,2,two,,delivered\n" +
			"at-b,UKR,30,30,\"line one\nline two, \"\"quoted\"\"\",delivered\n" +
			"at-c,BLR,5,five,,delivered\n",
		"military_expenditure": "id,actor,amount,amount_text\n" +
			"me-arm,ARM,400000000,$400 million\n" +
			"me-aze,AZE,1500000000,around $1.5 billion\n",
		"new_only": "id,y\n" +
			"n2,b\n" +
			"n1,a\n",
	}
)

func fixtureResult(t *testing.T) *Result {
	t.Helper()
	return Compare(readRelease(t, "old", oldFiles), readRelease(t, "new", newFiles))
}

func TestCompareText(t *testing.T) {
	const want = `actors: unchanged
arms_transfers: 1 added, 1 removed, 2 changed, 1 column added
military_expenditure: 0 added, 0 removed, 1 changed
new_only: table added (2 rows)
old_only: table removed (1 row)

[arms_transfers]
  column added: status
  ~ at-b
      note: null → "line one\nline two, \"quoted\""
  ~ at-c
      quantity: 4 → 5
      quantity_text: four → five
      note: old note → null
  + at-new
  - at-removed

[military_expenditure]
  ~ me-aze
      amount: 1400000000 → 1500000000
      amount_text: around $1.4 billion → around $1.5 billion

[new_only]
  columns: id, y
  + n1
  + n2

[old_only]
  columns: id, x
  - o1
`
	var b bytes.Buffer
	if err := WriteText(&b, fixtureResult(t)); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != want {
		t.Errorf("text output:\n%s\nwant:\n%s", got, want)
	}
}

func TestCompareCSV(t *testing.T) {
	const want = `table,change,id,column,old,new
arms_transfers,column_added,,status,,
arms_transfers,changed,at-b,note,,"line one
line two, ""quoted"""
arms_transfers,changed,at-c,quantity,4,5
arms_transfers,changed,at-c,quantity_text,four,five
arms_transfers,changed,at-c,note,old note,
arms_transfers,added,at-new,,,
arms_transfers,removed,at-removed,,,
military_expenditure,changed,me-aze,amount,1400000000,1500000000
military_expenditure,changed,me-aze,amount_text,around $1.4 billion,around $1.5 billion
new_only,table_added,,,,
new_only,added,n1,,,
new_only,added,n2,,,
old_only,table_removed,,,,
old_only,removed,o1,,,
`
	var b bytes.Buffer
	if err := WriteCSV(&b, fixtureResult(t)); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != want {
		t.Errorf("CSV output:\n%s\nwant:\n%s", got, want)
	}
	// It reads back: every record has the six columns, and the quoted
	// cell keeps its line break.
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := recs[2][5]; got != "line one\nline two, \"quoted\"" {
		t.Errorf("quoted cell read back as %q", got)
	}
}

func TestCompareJSON(t *testing.T) {
	const want = `{
  "old": "old",
  "new": "new",
  "differs": true,
  "tables": [
    {
      "table": "actors",
      "status": "unchanged",
      "old_rows": 2,
      "new_rows": 2,
      "added": 0,
      "removed": 0,
      "changed": 0,
      "columns_added": [],
      "columns_removed": [],
      "columns_reordered": false,
      "rows": []
    },
    {
      "table": "arms_transfers",
      "status": "changed",
      "old_rows": 4,
      "new_rows": 4,
      "added": 1,
      "removed": 1,
      "changed": 2,
      "columns_added": [
        "status"
      ],
      "columns_removed": [],
      "columns_reordered": false,
      "rows": [
        {
          "id": "at-b",
          "change": "changed",
          "cells": [
            {
              "column": "note",
              "old": null,
              "new": "line one\nline two, \"quoted\""
            }
          ]
        },
        {
          "id": "at-c",
          "change": "changed",
          "cells": [
            {
              "column": "quantity",
              "old": "4",
              "new": "5"
            },
            {
              "column": "quantity_text",
              "old": "four",
              "new": "five"
            },
            {
              "column": "note",
              "old": "old note",
              "new": null
            }
          ]
        },
        {
          "id": "at-new",
          "change": "added"
        },
        {
          "id": "at-removed",
          "change": "removed"
        }
      ]
    },
    {
      "table": "military_expenditure",
      "status": "changed",
      "old_rows": 2,
      "new_rows": 2,
      "added": 0,
      "removed": 0,
      "changed": 1,
      "columns_added": [],
      "columns_removed": [],
      "columns_reordered": false,
      "rows": [
        {
          "id": "me-aze",
          "change": "changed",
          "cells": [
            {
              "column": "amount",
              "old": "1400000000",
              "new": "1500000000"
            },
            {
              "column": "amount_text",
              "old": "around $1.4 billion",
              "new": "around $1.5 billion"
            }
          ]
        }
      ]
    },
    {
      "table": "new_only",
      "status": "added",
      "old_rows": 0,
      "new_rows": 2,
      "added": 2,
      "removed": 0,
      "changed": 0,
      "columns_added": [],
      "columns_removed": [],
      "columns_reordered": false,
      "rows": [
        {
          "id": "n1",
          "change": "added"
        },
        {
          "id": "n2",
          "change": "added"
        }
      ]
    },
    {
      "table": "old_only",
      "status": "removed",
      "old_rows": 1,
      "new_rows": 0,
      "added": 0,
      "removed": 1,
      "changed": 0,
      "columns_added": [],
      "columns_removed": [],
      "columns_reordered": false,
      "rows": [
        {
          "id": "o1",
          "change": "removed"
        }
      ]
    }
  ]
}
`
	var b bytes.Buffer
	if err := WriteJSON(&b, fixtureResult(t)); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != want {
		t.Errorf("JSON output:\n%s\nwant:\n%s", got, want)
	}
	var v any
	if err := json.Unmarshal(b.Bytes(), &v); err != nil {
		t.Errorf("not valid JSON: %v", err)
	}
}

func TestCompareMarkdown(t *testing.T) {
	const want = "Compared with `old`:\n" +
		"\n" +
		"- `arms_transfers`: 1 added, 1 removed, 2 changed; column added: `status`\n" +
		"- `military_expenditure`: 0 added, 0 removed, 1 changed\n" +
		"- `new_only`: new table (2 rows)\n" +
		"- `old_only`: table removed (it had 1 row)\n" +
		"- unchanged: `actors`\n" +
		"\n" +
		"Removed rows (their ids are no longer in the dataset):\n" +
		"\n" +
		"- `arms_transfers`: `at-removed`\n" +
		"\n" +
		"Added rows:\n" +
		"\n" +
		"- `arms_transfers`: `at-new`\n" +
		"\n" +
		"Changed figures:\n" +
		"\n" +
		"- `arms_transfers` `at-c`: `quantity` `4` → `5`; `quantity_text` `four` → `five`\n" +
		"- `military_expenditure` `me-aze`: `amount` `1400000000` → `1500000000`; `amount_text` `around $1.4 billion` → `around $1.5 billion`\n" +
		"\n" +
		"Other changed cells:\n" +
		"\n" +
		"- `arms_transfers` `at-b`: `note`\n" +
		"- `arms_transfers` `at-c`: `note`\n"
	var b bytes.Buffer
	if err := WriteMarkdown(&b, fixtureResult(t)); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != want {
		t.Errorf("Markdown output:\n%s\nwant:\n%s", got, want)
	}
}

// The same releases give the same output every time, although Compare
// walks maps.
func TestCompareDeterministic(t *testing.T) {
	old, new := readRelease(t, "old", oldFiles), readRelease(t, "new", newFiles)
	var first [4]string
	for i := range 20 {
		r := Compare(old, new)
		for j, write := range []func(*bytes.Buffer, *Result) error{
			func(b *bytes.Buffer, r *Result) error { return WriteText(b, r) },
			func(b *bytes.Buffer, r *Result) error { return WriteCSV(b, r) },
			func(b *bytes.Buffer, r *Result) error { return WriteJSON(b, r) },
			func(b *bytes.Buffer, r *Result) error { return WriteMarkdown(b, r) },
		} {
			var b bytes.Buffer
			if err := write(&b, r); err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first[j] = b.String()
			} else if b.String() != first[j] {
				t.Fatalf("run %d, format %d: output differs from the first run", i, j)
			}
		}
	}
}

func TestCompareCases(t *testing.T) {
	type table = map[string]string
	cases := []struct {
		name     string
		old, new table
		differs  bool
		text     string
	}{{
		name:    "identical",
		old:     table{"t": "id,a\nx,1\n"},
		new:     table{"t": "id,a\nx,1\n"},
		differs: false,
		text:    "t: unchanged\n",
	}, {
		name: "empty tables",
		old:  table{"t": "id,a\n"},
		new:  table{"t": "id,a\n"},
		text: "t: unchanged\n",
	}, {
		name: "no tables",
		old:  table{},
		new:  table{},
		text: "",
	}, {
		name: "quoting and line endings do not matter, only values",
		old:  table{"t": "id,a\nx,\"1\"\n"},
		new:  table{"t": "\"id\",a\r\nx,1"},
		text: "t: unchanged\n",
	}, {
		name:    "null to value and back",
		old:     table{"t": "id,a,b\nx,,1\n"},
		new:     table{"t": "id,a,b\nx,0,\n"},
		differs: true,
		text: "t: 0 added, 0 removed, 1 changed\n\n[t]\n  ~ x\n" +
			"      a: null → 0\n" +
			"      b: 1 → null\n",
	}, {
		name:    "a column removed: its cells are not compared",
		old:     table{"t": "id,a,gone\nx,1,foo\n"},
		new:     table{"t": "id,a\nx,1\n"},
		differs: true,
		text:    "t: 0 added, 0 removed, 0 changed, 1 column removed\n\n[t]\n  column removed: gone\n",
	}, {
		name:    "columns reordered, cells the same",
		old:     table{"t": "id,a,b\nx,1,2\n"},
		new:     table{"t": "id,b,a\nx,2,1\n"},
		differs: true,
		text:    "t: 0 added, 0 removed, 0 changed, columns reordered\n\n[t]\n  columns reordered: id, a, b → id, b, a\n",
	}, {
		name:    "a column added at the end is not a reordering",
		old:     table{"t": "id,a\nx,1\n"},
		new:     table{"t": "id,a,b,c\nx,1,2,3\n"},
		differs: true,
		text:    "t: 0 added, 0 removed, 0 changed, 2 columns added\n\n[t]\n  column added: b\n  column added: c\n",
	}, {
		name:    "values that need quotes",
		old:     table{"t": "id,a,b,c\nx,null, lead,a → b\n"},
		new:     table{"t": "id,a,b,c\nx,\"\"\"q\"\"\",tab\there,é\u00a0\n"},
		differs: true,
		text: "t: 0 added, 0 removed, 1 changed\n\n[t]\n  ~ x\n" +
			"      a: \"null\" → \"\\\"q\\\"\"\n" +
			"      b: \" lead\" → \"tab\\there\"\n" +
			"      c: \"a → b\" → \"é\\u00a0\"\n",
	}, {
		name:    "rows sorted by id across changes",
		old:     table{"t": "id,a\nb,1\nd,1\n"},
		new:     table{"t": "id,a\nc,1\na,1\nb,2\n"},
		differs: true,
		text:    "t: 2 added, 1 removed, 1 changed\n\n[t]\n  + a\n  ~ b\n      a: 1 → 2\n  + c\n  - d\n",
	}, {
		name:    "an empty table added",
		old:     table{},
		new:     table{"t": "id,a\n"},
		differs: true,
		text:    "t: table added (0 rows)\n\n[t]\n  columns: id, a\n",
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Compare(readRelease(t, "old", c.old), readRelease(t, "new", c.new))
			var b bytes.Buffer
			if err := WriteText(&b, r); err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != c.text {
				t.Errorf("text output:\n%s\nwant:\n%s", got, c.text)
			}
			wantDiffers := c.differs || strings.Contains(c.text, "[")
			if r.Differs() != wantDiffers {
				t.Errorf("Differs() = %v, want %v", r.Differs(), wantDiffers)
			}
		})
	}
}

func TestMarkdownNoChanges(t *testing.T) {
	r := Compare(readRelease(t, "v0.1.0", map[string]string{"t": "id\nx\n"}), readRelease(t, "out", map[string]string{"t": "id\nx\n"}))
	var b bytes.Buffer
	if err := WriteMarkdown(&b, r); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "No changes to the data since `v0.1.0`.\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestFigureColumns(t *testing.T) {
	is := figureColumns([]string{"id", "amount_text", "amount", "amount_low", "amount_qualifier", "when_text", "when_start", "value_text", "value", "value_usd_total", "note"})
	for col, want := range map[string]bool{
		"amount": true, "amount_text": true, "amount_low": true, "amount_qualifier": true,
		"value": true, "value_usd_total": true,
		"when_text": false, "when_start": false, // no column "when"
		"id": false, "note": false,
	} {
		if got := is(col); got != want {
			t.Errorf("%s: figure = %v, want %v", col, got, want)
		}
	}
}

func TestCode(t *testing.T) {
	for in, want := range map[string]string{
		"id":   "`id`",
		"a`b":  "``a`b``",
		"`a":   "`` `a ``",
		"a``b": "```a``b```",
	} {
		if got := code(in); got != want {
			t.Errorf("code(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseTableErrors(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		{"empty", "", "table t: empty file, no header row"},
		{"duplicate column", "id,a,a\n", `table t: column "a" appears twice in the header`},
		{"duplicate id", "id,a\nx,1\ny,2\nx,3\n", `table t: line 4: row id "x" appears twice (first on line 2)`},
		{"ragged row", "id,a\nx,1,2\n", "table t: record on line 2: wrong number of fields"},
		{"bad quote", "id,a\nx,\"1\n", "table t: parse error on line 2, column 6: extraneous or missing \" in quoted-field"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseTable("t", []byte(c.text))
			if err == nil || err.Error() != c.want {
				t.Errorf("error %v, want %s", err, c.want)
			}
		})
	}
}

func TestParseTableMultiline(t *testing.T) {
	tb, err := ParseTable("t", []byte("id,quote\nx,\"a\nb, \"\"c\"\"\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"x", "a\nb, \"c\""}}
	if !reflect.DeepEqual(tb.Rows, want) {
		t.Errorf("rows %q, want %q", tb.Rows, want)
	}
}

func TestReadDirErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadDir(dir); err == nil || !strings.Contains(err.Error(), "has no csv/ directory") {
		t.Errorf("a directory without csv/: error %v", err)
	}
	bad := writeRelease(t, map[string]string{"t": "id\nx\nx\n"})
	_, err := ReadDir(bad)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(bad, "csv", "t.csv")+`: table t: line 3: row id "x" appears twice`) {
		t.Errorf("a duplicate id: error %v, want it to name the file", err)
	}
}
