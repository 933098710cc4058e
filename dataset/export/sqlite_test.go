package export

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// sqliteExport writes the database of r into a fresh directory and opens
// it read-only.
func sqliteExport(t *testing.T, r *dataset.Release) (dir string, db *sql.DB) {
	t.Helper()
	dir = t.TempDir()
	if err := (SQLite{}).Export(dir, r); err != nil {
		t.Fatalf("Export: %v", err)
	}
	if err := (SQLite{}).Verify(dir, r); err != nil {
		t.Fatalf("Verify after Export: %v", err)
	}
	db, err := openSQLite(filepath.Join(dir, r.Meta.Name+".sqlite"), true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return dir, db
}

// sqliteRows runs a query and returns its rows as text, null as "null":
// what the tests compare.
func sqliteRows(t *testing.T, db *sql.DB, query string, args ...any) [][]string {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		rec := make([]string, len(cols))
		for i, v := range vals {
			rec[i] = sqliteCell(v)
		}
		out = append(out, rec)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return out
}

// sqliteCell shows a value the driver returned as the release's Text
// shows it.
func sqliteCell(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case float64:
		return schema.Float(x).Text()
	case int64:
		return schema.Int(x).Text()
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}

// releaseCell shows a value of the release as sqliteCell shows the
// database's.
func releaseCell(v schema.Value) string {
	if v.IsNull() {
		return "null"
	}
	return v.Text()
}

// TestSQLiteRealRelease writes the database of the repository's release
// and reads it back with database/sql, as an analyst's program would.
func TestSQLiteRealRelease(t *testing.T) {
	rel, ds := dataset.Build("../../")
	if ds.Len() > 0 {
		t.Fatal(ds.Err())
	}
	dir, db := sqliteExport(t, rel)

	// Every table, with the schema's columns, in order, each of its
	// declared STRICT type, NOT NULL where the schema says so, the id
	// the primary key, and every cell equal to the release's, stored as
	// the type the column declares (a date as its YYYY-MM-DD text).
	t.Run("tables", func(t *testing.T) {
		var names []string
		for _, r := range sqliteRows(t, db, "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND strict = 1 AND name NOT LIKE '%\\_fts%' ESCAPE '\\' ORDER BY rowid") {
			names = append(names, r[0])
		}
		var want []string
		for _, tbl := range rel.Tables {
			want = append(want, tbl.Schema.Name)
		}
		slices.Sort(names)
		slices.Sort(want)
		if !slices.Equal(names, want) {
			t.Fatalf("STRICT tables %q, want the release's %q", names, want)
		}
		for _, tbl := range rel.Tables {
			s := tbl.Schema
			info := sqliteRows(t, db, "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?) ORDER BY cid", s.Name)
			cols := s.Columns()
			if len(info) != len(cols) {
				t.Errorf("%s: %d columns, want %d", s.Name, len(info), len(cols))
				continue
			}
			for i, c := range cols {
				typ, _ := sqliteType(c.Type)
				notNull, pk := "0", "0"
				if !c.Nullable {
					notNull = "1"
				}
				if i == int(s.Ref().ID) {
					pk = "1"
				}
				if want := []string{c.Name, typ, notNull, pk}; !slices.Equal(info[i], want) {
					t.Errorf("%s column %d: name, type, notnull, pk = %q, want %q", s.Name, i+1, info[i], want)
				}
			}
			quoted := make([]string, len(cols))
			for i, c := range cols {
				quoted[i] = "typeof(" + sqliteIdent(c.Name) + "), " + sqliteIdent(c.Name)
			}
			got := sqliteRows(t, db, "SELECT "+strings.Join(quoted, ", ")+" FROM "+sqliteIdent(s.Name)+" ORDER BY rowid")
			if len(got) != len(tbl.Rows) {
				t.Errorf("%s: %d rows, the release %d", s.Name, len(got), len(tbl.Rows))
				continue
			}
			storage := map[schema.Type]string{schema.TypeString: "text", schema.TypeDate: "text", schema.TypeInt: "integer", schema.TypeFloat: "real"}
			for i, row := range tbl.Rows {
				for j, v := range row {
					wantType := storage[cols[j].Type]
					if v.IsNull() {
						wantType = "null"
					}
					if got[i][2*j] != wantType || got[i][2*j+1] != releaseCell(v) {
						t.Errorf("%s row %d (%s) %s: %s %q, want %s %q", s.Name, i+1, row[0].Text(), cols[j].Name, got[i][2*j], got[i][2*j+1], wantType, releaseCell(v))
					}
				}
			}
		}
	})

	// Every Ref of the schema is a declared foreign key to the id of its
	// table, and no row breaks one.
	t.Run("foreign keys", func(t *testing.T) {
		n := 0
		for _, tbl := range rel.Tables {
			var want [][]string
			for _, c := range tbl.Schema.Columns() {
				if c.Ref != "" {
					table, col, _ := strings.Cut(c.Ref, ".")
					want = append(want, []string{c.Name, table, col})
				}
			}
			got := sqliteRows(t, db, `SELECT "from", "table", "to" FROM pragma_foreign_key_list(?) ORDER BY "from"`, tbl.Schema.Name)
			slices.SortFunc(want, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
			if !slices.EqualFunc(got, want, slices.Equal) {
				t.Errorf("%s: foreign keys %q, want %q", tbl.Schema.Name, got, want)
			}
			n += len(got)
		}
		if n == 0 {
			t.Error("no foreign keys at all")
		}
		if bad := sqliteRows(t, db, "PRAGMA foreign_key_check"); len(bad) > 0 {
			t.Errorf("foreign_key_check: %q", bad)
		}
		if ok := sqliteRows(t, db, "PRAGMA integrity_check"); len(ok) != 1 || ok[0][0] != "ok" {
			t.Errorf("integrity_check: %q", ok)
		}
	})

	// The search index of arms_transfers finds exactly the rows whose
	// indexed text holds "S-300", and Datasette finds the index: an FTS
	// virtual table whose SQL names content="<table>".
	t.Run("search", func(t *testing.T) {
		at := rel.Table(schema.ArmsTransfers.Name)
		search := sqliteSearchColumns(at.Schema)
		word := regexp.MustCompile(`(?i)\bS-300\b`)
		var want []string
		for i := range at.Rows {
			for _, c := range search {
				if v := at.Get(i, c); !v.IsNull() && word.MatchString(v.String()) {
					want = append(want, at.Get(i, "id").String())
					break
				}
			}
		}
		if len(want) < 2 {
			t.Fatalf("only %d rows mention S-300; the test proves little", len(want))
		}
		var got []string
		for _, r := range sqliteRows(t, db, `SELECT id FROM arms_transfers WHERE rowid IN (SELECT rowid FROM arms_transfers_fts WHERE arms_transfers_fts MATCH '"S-300"') ORDER BY rowid`) {
			got = append(got, r[0])
		}
		if !slices.Equal(got, want) {
			t.Errorf("search S-300 finds %q, want %q", got, want)
		}
		for _, tbl := range rel.Tables {
			found := sqliteRows(t, db, `SELECT name FROM sqlite_master WHERE rootpage = 0 AND sql LIKE '%VIRTUAL TABLE%USING FTS%content="`+tbl.Schema.Name+`"%'`)
			if tbl.Schema.Curated != (len(found) == 1) || (len(found) == 1 && found[0][0] != tbl.Schema.Name+"_fts") {
				t.Errorf("%s (curated %v): Datasette would find the search index %q", tbl.Schema.Name, tbl.Schema.Curated, found)
			}
		}
	})

	t.Run("views", func(t *testing.T) { testSQLiteViews(t, rel, db) })

	// The README's table of views lists every view, and no other.
	t.Run("readme", func(t *testing.T) {
		b, err := os.ReadFile("../../README.md")
		if err != nil {
			t.Fatal(err)
		}
		_, section, ok := strings.Cut(string(b), "\n### SQLite and Datasette\n")
		if !ok {
			t.Fatal("README.md has no section \"SQLite and Datasette\"")
		}
		section, _, _ = strings.Cut(section, "\n### ")
		var listed []string
		for _, m := range regexp.MustCompile("(?m)^\\| `([a-z_]+)` \\|").FindAllStringSubmatch(section, -1) {
			listed = append(listed, m[1])
		}
		slices.Sort(listed)
		if views := sqliteNames(t, db, "view"); !slices.Equal(listed, views) {
			t.Errorf("the README's table of views lists %q, the database has %q", listed, views)
		}
	})

	// datasette.json describes every table and view, every column of
	// each, with the units the schema gives.
	t.Run("datasette metadata", func(t *testing.T) {
		b, err := os.ReadFile(filepath.Join(dir, datasetteFile))
		if err != nil {
			t.Fatal(err)
		}
		var meta struct {
			Title, License, LicenseURL string
			Databases                  map[string]struct {
				Tables map[string]struct {
					Title, Description string
					Columns            map[string]string
					Units              map[string]string
				}
			}
		}
		if err := json.Unmarshal(b, &meta); err != nil {
			t.Fatal(err)
		}
		if meta.Title != rel.Meta.Title || meta.License == "" {
			t.Errorf("title %q, license %q", meta.Title, meta.License)
		}
		tables := meta.Databases[rel.Meta.Name].Tables
		units := 0
		for _, name := range append(sqliteNames(t, db, "table"), sqliteNames(t, db, "view")...) {
			if strings.Contains(name, "_fts") {
				continue
			}
			m, ok := tables[name]
			if !ok || m.Title == "" || m.Description == "" {
				t.Errorf("%s: no title or description in %s", name, datasetteFile)
				continue
			}
			for _, c := range sqliteRows(t, db, "SELECT name FROM pragma_table_info(?)", name) {
				if m.Columns[c[0]] == "" {
					t.Errorf("%s.%s has no description", name, c[0])
				}
			}
			if s := schema.Lookup(name); s != nil {
				for _, c := range s.Columns() {
					if m.Units[c.Name] != c.Unit {
						t.Errorf("%s.%s: unit %q, want %q", name, c.Name, m.Units[c.Name], c.Unit)
					}
					if c.Unit != "" {
						units++
					}
				}
			}
		}
		if units == 0 {
			t.Error("no column has a unit")
		}
		if len(tables) != len(rel.Tables)+len(sqliteNames(t, db, "view")) {
			t.Errorf("%s describes %d tables and views", datasetteFile, len(tables))
		}
	})

	// The same release gives the same bytes, whatever the number of
	// processors.
	t.Run("deterministic", func(t *testing.T) {
		first, err := os.ReadFile(filepath.Join(dir, rel.Meta.Name+".sqlite"))
		if err != nil {
			t.Fatal(err)
		}
		meta, err := os.ReadFile(filepath.Join(dir, datasetteFile))
		if err != nil {
			t.Fatal(err)
		}
		for _, procs := range []int{1, 4} {
			old := runtime.GOMAXPROCS(procs)
			again := t.TempDir()
			err := (SQLite{}).Export(again, rel)
			runtime.GOMAXPROCS(old)
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(filepath.Join(again, rel.Meta.Name+".sqlite"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, first) {
				t.Errorf("GOMAXPROCS=%d: the database differs (%d bytes, first %d)", procs, len(b), len(first))
			}
			m, err := os.ReadFile(filepath.Join(again, datasetteFile))
			if err != nil || !bytes.Equal(m, meta) {
				t.Errorf("GOMAXPROCS=%d: %s differs (%v)", procs, datasetteFile, err)
			}
			entries, _ := os.ReadDir(again)
			if len(entries) != 2 {
				t.Errorf("the exporter left %d files, want the database and %s", len(entries), datasetteFile)
			}
		}
	})
}

// sqliteNames lists the tables or views of the database.
func sqliteNames(t *testing.T, db *sql.DB, typ string) []string {
	t.Helper()
	var out []string
	for _, r := range sqliteRows(t, db, "SELECT name FROM sqlite_master WHERE type = ? ORDER BY name", typ) {
		out = append(out, r[0])
	}
	return out
}

// TestSQLiteFixture writes the fixture release, whose rows hold nulls,
// dates before 1970, text a spreadsheet would take for a formula, tabs
// and line breaks, and reads every cell back as the release has it.
func TestSQLiteFixture(t *testing.T) {
	r := dpRelease()
	_, db := sqliteExport(t, r)
	fx := r.Table(fixtureTable.Name)
	cols := fixtureTable.Columns()
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = sqliteIdent(c.Name)
	}
	got := sqliteRows(t, db, "SELECT "+strings.Join(names, ", ")+" FROM fixture ORDER BY rowid")
	if len(got) != len(fx.Rows) {
		t.Fatalf("%d rows, want %d", len(got), len(fx.Rows))
	}
	for i, row := range fx.Rows {
		for j, v := range row {
			if got[i][j] != releaseCell(v) {
				t.Errorf("row %d %s: %q, want %q", i+1, cols[j].Name, got[i][j], releaseCell(v))
			}
		}
	}
	// The page of a row by its id, as Datasette reads it.
	if row := sqliteRows(t, db, "SELECT note FROM fixture WHERE id = ?", "hostile"); len(row) != 1 || !strings.HasPrefix(row[0][0], "+1 -2 @SUM(A1) \tTab \rCR") {
		t.Errorf("the hostile row by its id: %q", row)
	}
}

// TestSQLiteRefuses: Export refuses a release it cannot write truthfully,
// and Verify a database or metadata file that is not what Export wrote.
func TestSQLiteRefuses(t *testing.T) {
	// A foreign key to a table the release lacks: the fixture alone has
	// no actors or sources table.
	if err := (SQLite{}).Export(t.TempDir(), fixtureRelease()); err == nil || !strings.Contains(err.Error(), "the release has no table") {
		t.Errorf("Export of a release without the tables its keys name = %v, want an error", err)
	}
	// A table named as another's search index would be.
	r := dpRelease()
	clash := *fixtureTable
	clash.Name = fixtureTable.Name + "_fts"
	clash.Curated = false
	r.Tables = append(r.Tables, &dataset.Table{Schema: &clash})
	if err := (SQLite{}).Export(t.TempDir(), r); err == nil || !strings.Contains(err.Error(), "search index") {
		t.Errorf("Export with a table named fixture_fts = %v, want an error", err)
	}

	r = dpRelease()
	file := r.Meta.Name + ".sqlite"
	tests := []struct {
		name     string
		sabotage func(t *testing.T, dir string)
		want     string
	}{
		{"truncated", func(t *testing.T, dir string) {
			p := filepath.Join(dir, file)
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(p, fi.Size()-sqlitePageSize); err != nil {
				t.Fatal(err)
			}
		}, "truncated"},
		{"missing", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, file)) }, "no such file"},
		{"not a database", func(t *testing.T, dir string) { os.WriteFile(filepath.Join(dir, file), []byte("PK\x03\x04"), 0o644) }, "not an SQLite database"},
		{"a row less", func(t *testing.T, dir string) {
			db, err := openSQLite(filepath.Join(dir, file), false)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec("PRAGMA journal_mode = OFF; DELETE FROM fixture WHERE id = 'nulls'"); err != nil {
				t.Fatal(err)
			}
		}, "has 2 rows, the release 3"},
		{"metadata edited", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, datasetteFile), []byte("{}\n"), 0o644)
		}, datasetteFile},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := (SQLite{}).Export(dir, r); err != nil {
				t.Fatal(err)
			}
			tc.sabotage(t, dir)
			if err := (SQLite{}).Verify(dir, r); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Verify = %v, want an error mentioning %q", err, tc.want)
			}
		})
	}

	// A file left at the database's place is replaced, not added to.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, file), []byte("left over"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := (SQLite{}).Export(dir, r); err != nil {
		t.Fatalf("Export over a leftover file: %v", err)
	}
	if err := (SQLite{}).Verify(dir, r); err != nil {
		t.Error(err)
	}
}

// TestSQLiteEquipmentOrder: deployment_equipment lists a deployment's items
// in the order of the quote (position), not of their ids, which sort
// "d/10" before "d/2"; the real release has no deployment with that many
// items of one category.
func TestSQLiteEquipmentOrder(t *testing.T) {
	r := dpRelease()
	ref := func(vals map[string]schema.Value) map[string]schema.Value {
		for k, v := range map[string]schema.Value{
			"source_id": schema.Str("src"), "citation": schema.Str("Author, Title, 2010."), "rule_id": schema.Str("d"),
			"quote": schema.Str("tanks at the base"), "quote_display": schema.Str("tanks at the base"),
			"quote_start": schema.Int(0), "quote_end": schema.Int(17), "quote_line": schema.Int(1),
		} {
			vals[k] = v
		}
		return vals
	}
	deployments := &dataset.Table{Schema: schema.Deployments, Rows: []schema.Row{dpRow(schema.Deployments, ref(map[string]schema.Value{
		"id": schema.Str("d"), "operator": schema.Str("ARM"), "operator_name": schema.Str("Armenia"),
		"host": schema.Str("AZE"), "host_name": schema.Str("Azerbaijan"), "kind": schema.Str("base"),
	}))}}
	var items []schema.Row
	for _, pos := range []int64{1, 10, 2} { // in id order
		vals := ref(map[string]schema.Value{
			"id": schema.Str(fmt.Sprintf("d/%d", pos)), "parent_table": schema.Str("deployments"), "parent_id": schema.Str("d"),
			"position": schema.Int(pos), "description": schema.Str(fmt.Sprintf("item %d", pos)), "category": schema.Str("armoured_vehicle"),
		})
		if pos == 2 {
			vals["quantity_text"], vals["quantity"], vals["quantity_qualifier"] = schema.Str("two"), schema.Int(2), schema.Str("exact")
		}
		items = append(items, dpRow(schema.Equipment, vals))
	}
	r.Tables = append(r.Tables, deployments, &dataset.Table{Schema: schema.Equipment, Rows: items})
	_, db := sqliteExport(t, r)
	got := sqliteRows(t, db, "SELECT id, category, quantity, items, as_written FROM deployment_equipment")
	want := [][]string{{"d", "armoured_vehicle", "2", "3", "item 1; two item 2; item 10"}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("deployment_equipment = %q, want %q", got, want)
	}
}

// TestSQLitePublished: a build (every exporter of All, through Publish)
// publishes the database and its metadata, lists both in SHA256SUMS, and
// publishes nothing when the database is damaged after it was written.
func TestSQLitePublished(t *testing.T) {
	r := withTexts(dpRelease()) // the site, an exporter of All, shows the texts
	file := r.Meta.Name + ".sqlite"
	out := filepath.Join(t.TempDir(), "out")
	if err := (Publisher{}).Publish(context.Background(), out, r, All()); err != nil {
		t.Fatal(err)
	}
	paths, _ := parseSums(t, readSums(t, out))
	for _, must := range []string{file, datasetteFile} {
		if !slices.Contains(paths, must) {
			t.Errorf("%s does not list %s", sumsFile, must)
		}
	}
	before := dirSums(t, out)
	exporters := All()
	i := slices.IndexFunc(exporters, func(e Exporter) bool { return e.Name() == "sqlite" })
	if i < 0 {
		t.Fatal("All has no sqlite exporter")
	}
	truncate := sabotage{"truncate the database", func(t *testing.T, dir string) {
		if err := os.Truncate(filepath.Join(dir, file), sqlitePageSize); err != nil {
			t.Fatal(err)
		}
	}, t}
	exporters = slices.Insert(exporters, i+1, Exporter(truncate))
	err := (Publisher{}).Publish(context.Background(), out, r, exporters)
	if err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("Publish of a truncated database = %v, want a refusal", err)
	}
	if after := dirSums(t, out); after != before {
		t.Error("the previous release changed")
	}
}
