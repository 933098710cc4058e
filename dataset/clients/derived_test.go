//go:build cgo

package clients

import (
	"cmp"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/armsdata/armsdata/schema"
)

// readmeSQL runs the README's DuckDB query after the marker
// "<!-- tested: <name> -->" on the fresh release, word for word, from the
// directory that holds out/.
func readmeSQL(t *testing.T, name string) (cols []string, rows [][]any) {
	t.Helper()
	b := release(t)
	db := openDuckDB(t)
	if _, err := db.Exec("SET file_search_path = " + lit(b.base)); err != nil {
		t.Fatal(err)
	}
	return query(t, db, readmeBlock(t, "<!-- tested: "+name+" -->\n```sql\n"))
}

// TestReadmeAgreementsOfRussia: the README's query through the actors
// bridge gives every agreement whose parties include Russia, each once,
// and no other: the same agreements as taking the release's parties cells
// apart.
func TestReadmeAgreementsOfRussia(t *testing.T) {
	b := release(t)
	cols, rows := readmeSQL(t, "duckdb-agreements-rus")
	if want := []string{"id", "parties", "kind", "signed_start", "citation"}; !slices.Equal(cols, want) {
		t.Fatalf("columns %q, want %q", cols, want)
	}
	ag := b.table(t, schema.Agreements)
	var want []string
	for i := range ag.Rows {
		if slices.Contains(strings.Split(ag.Get(i, "parties").String(), ";"), "RUS") {
			want = append(want, ag.Get(i, "id").String())
		}
	}
	if len(want) == 0 {
		t.Fatal("the release has no agreement Russia is party to; the test proves nothing")
	}
	var got []string
	for _, r := range rows {
		id, _ := r[0].(string)
		parties, _ := r[1].(string)
		if !slices.Contains(strings.Split(parties, ";"), "RUS") {
			t.Errorf("%s: parties %q, without RUS", id, parties)
		}
		got = append(got, id)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("README query gives %d agreements\n%q\nwant %d\n%q", len(got), got, len(want), want)
	}
}

// TestReadmeBalance: the README's query over the indicator table gives the
// defence budgets and armed forces of Armenia and Azerbaijan, one row per
// source's figure, in order, and the figures the release's own rows hold.
func TestReadmeBalance(t *testing.T) {
	b := release(t)
	cols, rows := readmeSQL(t, "duckdb-balance")
	if want := []string{"year", "indicator", "actor", "value", "qualifier", "unit", "source_id"}; !slices.Equal(cols, want) {
		t.Fatalf("columns %q, want %q", cols, want)
	}
	// What the query must give, from the source tables themselves.
	type figure struct {
		year                    any
		indicator, actor        string
		value                   any
		qualifier, unit, source string
	}
	var want []figure
	add := func(tab *schema.Table, code, codeTerm, indicator, fig, unit string) {
		t.Helper()
		tbl := b.table(t, tab)
		for i := range tbl.Rows {
			actor := tbl.Get(i, "actor").String()
			if tbl.Get(i, code).String() != codeTerm || actor != "ARM" && actor != "AZE" {
				continue
			}
			var year any
			if s, e := tbl.Get(i, "when_start"), tbl.Get(i, "when_end"); !s.IsNull() && !e.IsNull() && s.Date().Year == e.Date().Year {
				year = int64(s.Date().Year)
			}
			var value any
			switch v := tbl.Get(i, fig); {
			case v.IsNull():
			case v.Type() == schema.TypeInt:
				value = float64(v.Int()) // a count; DuckDB reads the indicator's value as DOUBLE
			default:
				value = v.Float()
			}
			u := unit
			if u == "" {
				u = tbl.Get(i, fig+"_currency").String()
			}
			want = append(want, figure{year, indicator, actor, value, tbl.Get(i, fig+"_qualifier").String(), u, tbl.Get(i, "source_id").String()})
		}
	}
	add(schema.MilitaryExpenditure, "measure", "defence_budget", "defence_budget", "amount", "")
	add(schema.ArmedForces, "counted", "national_armed_forces", "national_armed_forces", "personnel", "personnel")
	slices.SortFunc(want, func(x, y figure) int {
		return cmp.Or(cmp.Compare(fmt.Sprint(x.year), fmt.Sprint(y.year)), cmp.Compare(x.indicator, y.indicator),
			cmp.Compare(x.actor, y.actor), cmp.Compare(x.source, y.source))
	})
	var got []figure
	for _, r := range rows {
		f := figure{year: r[0], value: r[3]}
		f.indicator, _ = r[1].(string)
		f.actor, _ = r[2].(string)
		f.qualifier, _ = r[4].(string)
		f.unit, _ = r[5].(string)
		f.source, _ = r[6].(string)
		got = append(got, f)
	}
	if len(want) < 4 {
		t.Fatalf("the release has %d such figures, want at least the 2009 budgets and 2010 forces of both", len(want))
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("README query gives\n%v\nwant\n%v", got, want)
	}
	t.Logf("README query gives %v", got)
	// The figures an analyst reads there, as the texts give them.
	for _, w := range []string{"{2009 defence_budget ARM 4e+08 exact USD balance2010}", "{2010 national_armed_forces AZE 67000 exact personnel balance2010}"} {
		if !strings.Contains(fmt.Sprint(got), w) {
			t.Errorf("README query lacks %s; gives %v", w, got)
		}
	}
}

// TestReadmeConflicts: the README's query over the links table gives every
// pair of rows the release marks conflict, each once, in order of
// link_key, row_a, row_b, with the cells of its link; and each row it names
// is a row of the table it names, from the source it names, as the
// release's own tables hold them.
func TestReadmeConflicts(t *testing.T) {
	b := release(t)
	cols, rows := readmeSQL(t, "duckdb-conflicts")
	want := []string{"link_key", "table_a", "row_a", "source_a", "table_b", "row_b", "source_b", "detail"}
	if !slices.Equal(cols, want) {
		t.Fatalf("columns %q, want %q", cols, want)
	}
	links := b.table(t, schema.Links)
	var expect [][]string
	for i := range links.Rows {
		if links.Get(i, "relation").String() != "conflict" {
			continue
		}
		var cells []string
		for _, c := range want {
			cells = append(cells, links.Get(i, c).String())
		}
		expect = append(expect, cells)
		for _, side := range []string{"a", "b"} {
			table, row, source := links.Get(i, "table_"+side).String(), links.Get(i, "row_"+side).String(), links.Get(i, "source_"+side).String()
			if !hasRow(b, table, row, source) {
				t.Errorf("link %s: %s is not a row of %s from %s", links.Get(i, "id").String(), row, table, source)
			}
		}
	}
	if len(expect) == 0 {
		t.Fatal("the release has no conflicting rows; the test proves nothing")
	}
	// ORDER BY link_key, row_a, row_b: the first, third and sixth cells.
	slices.SortFunc(expect, func(x, y []string) int {
		return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[2], y[2]), cmp.Compare(x[5], y[5]))
	})
	var got [][]string
	for _, r := range rows {
		var cells []string
		for _, v := range r {
			cells = append(cells, cell(v))
		}
		got = append(got, cells)
	}
	if !slices.EqualFunc(got, expect, slices.Equal) {
		t.Errorf("README query gives\n%q\nwant\n%q", got, expect)
	}
}

// hasRow reports whether the release's table holds the row id, from the
// source.
func hasRow(b built, table, id, source string) bool {
	tbl := b.rel.Table(table)
	if tbl == nil {
		return false
	}
	for i := range tbl.Rows {
		if tbl.Get(i, "id").String() == id {
			return tbl.Get(i, "source_id").String() == source
		}
	}
	return false
}

// duckdbBlocks names the README's DuckDB blocks ("<!-- tested: <name> -->")
// and the test that runs each on the fresh release.
var duckdbBlocks = map[string]string{
	"duckdb":                "TestReadmeQuery",
	"duckdb-deals":          "TestReadmeDealsQuery",
	"duckdb-equipment":      "TestReadmeEquipmentQuery",
	"duckdb-agreements-rus": "TestReadmeAgreementsOfRussia",
	"duckdb-balance":        "TestReadmeBalance",
	"duckdb-conflicts":      "TestReadmeConflicts",
	"duckdb-partitioned":    "TestReadmePartitionedQuery",
}

// TestReadmeBlocksAreTested: every SQL and Python block of the README
// follows a "<!-- tested: <name> -->" marker that something runs, so that
// no example a reader copies is left untested: an SQL block is one of
// duckdbBlocks (run by make test), a Python block pandas-<name> (run by
// make check-pandas, which fails on a name it does not check) or pyspark
// (make check-spark).
// pythonBlocks are the README's Python blocks besides pandas-<name> (run
// by scripts/pandas_check.py), each run by a check of .ci/run: pyspark by
// scripts/spark_check.py, sqlite-python by scripts/datasette_check.py.
var pythonBlocks = map[string]bool{"pyspark": true, "sqlite-python": true}

func TestReadmeBlocksAreTested(t *testing.T) {
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	seen := map[string]bool{}
	for i, line := range lines {
		lang, ok := strings.CutPrefix(line, "```")
		if !ok || lang != "sql" && lang != "python" {
			continue
		}
		name := ""
		if i > 0 {
			if s, ok := strings.CutPrefix(lines[i-1], "<!-- tested: "); ok {
				name, _ = strings.CutSuffix(s, " -->")
			}
		}
		switch {
		case name == "":
			t.Errorf("README.md:%d: a %s block without a <!-- tested: … --> marker: nothing runs it", i+1, lang)
		case lang == "sql" && duckdbBlocks[name] == "":
			t.Errorf("README.md:%d: SQL block %q is run by no DuckDB test (duckdbBlocks)", i+1, name)
		case lang == "python" && !pythonBlocks[name] && !strings.HasPrefix(name, "pandas-"):
			t.Errorf("README.md:%d: Python block %q is neither pandas-<name> nor one of %v: no check runs it", i+1, name, slices.Sorted(maps.Keys(pythonBlocks)))
		case seen[name]:
			t.Errorf("README.md:%d: a second block %q: the tests read only the first", i+1, name)
		}
		seen[name] = true
	}
	for name, test := range duckdbBlocks {
		if !seen[name] {
			t.Errorf("%s reads the README block %q, which the README lacks", test, name)
		}
	}
}
