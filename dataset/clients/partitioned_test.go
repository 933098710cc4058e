//go:build cgo

package clients

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/dataset/export"
	"github.com/armsdata/armsdata/schema"
)

// The partitioned copy is written only for a large release, so these tests
// force it (as `armsdata build -partition` does) on the release of the
// seeds and on a synthetic one made from it.

var (
	partitionedOnce sync.Once
	partitioned     []built // the seeds' release, then the synthetic one
)

// partitionedReleases publishes, once for all tests, the seeds' release
// and the synthetic release with every exporter and the copy forced.
func partitionedReleases(t *testing.T) []built {
	t.Helper()
	b := release(t)
	partitionedOnce.Do(func() {
		for _, r := range []*dataset.Release{b.rel, syntheticRelease(b.rel)} {
			dir := filepath.Join(b.base, fmt.Sprintf("partitioned-%d", len(partitioned)), "out")
			p := built{root: b.root, base: filepath.Dir(dir), dir: dir, rel: r}
			p.err = (export.Publisher{Project: b.root}).Publish(context.Background(), dir, r, export.AllWith(export.Options{Partition: true}))
			partitioned = append(partitioned, p)
		}
	})
	for _, p := range partitioned {
		if p.err != nil {
			t.Fatal(p.err)
		}
	}
	return partitioned
}

// syntheticRelease is the seeds' release with what the seeds lack: three
// more sources, of 1984 (a year no real source has, under an id of digits,
// which DuckDB would read as a number were it a partition value), of 1999
// and of 2010 (a year it shares with a real source), each citing a copy of
// every coverage row; and a curated table without rows (distances), which
// is filed without a partition. The rows are new; the release given is
// left as it was.
func syntheticRelease(real *dataset.Release) *dataset.Release {
	r := &dataset.Release{Meta: real.Meta, Tables: slices.Clone(real.Tables), Texts: real.Texts, RulePos: real.RulePos}
	srcs := real.Table(schema.Sources.Name)
	cov := real.Table(schema.Coverage.Name)
	newSrcs := &dataset.Table{Schema: srcs.Schema, Rows: slices.Clone(srcs.Rows)}
	newCov := &dataset.Table{Schema: cov.Schema, Rows: slices.Clone(cov.Rows)}
	sid, early, late := srcs.Schema.Column("source_id"), srcs.Schema.Column("published_earliest"), srcs.Schema.Column("published_latest")
	cid, csrc := cov.Schema.Column("id"), cov.Schema.Column("source_id")
	for _, s := range []struct {
		id   string
		year int
	}{{"1984", 1984}, {"synth-1999", 1999}, {"synth-2010", 2010}} {
		row := slices.Clone(srcs.Rows[0])
		row[sid] = schema.Str(s.id)
		d, err := schema.NewDate(s.year, 6, 1)
		if err != nil {
			panic(err)
		}
		row[early], row[late] = schema.DateValue(d), schema.DateValue(d)
		newSrcs.Rows = append(newSrcs.Rows, row)
		for _, c := range cov.Rows {
			c = slices.Clone(c)
			c[cid] = schema.Str(s.id + ":" + c[cid].String())
			c[csrc] = schema.Str(s.id)
			newCov.Rows = append(newCov.Rows, c)
		}
	}
	for i, t := range r.Tables {
		switch t.Schema {
		case schema.Sources:
			r.Tables[i] = newSrcs
		case schema.Coverage:
			r.Tables[i] = newCov
		case schema.Distances:
			r.Tables[i] = &dataset.Table{Schema: t.Schema}
		}
	}
	return r
}

// coveredTables are the tables the copy holds: those whose rows name their
// source in a source_id column (every table with one but sources itself).
func coveredTables() []*schema.Table {
	var out []*schema.Table
	for _, s := range schema.All {
		if s != schema.Sources && s.Column("source_id") >= 0 {
			out = append(out, s)
		}
	}
	return out
}

func (b built) partitionedGlob(table string) string {
	return filepath.Join(b.dir, "parquet-partitioned", table, "**", "*.parquet")
}

// readPartitioned is how an analyst reads one table of the copy.
func (b built) readPartitioned(table string) string {
	return "read_parquet(" + lit(b.partitionedGlob(table)) + ", hive_partitioning = true)"
}

// sourceYear is the year of each source's earliest publication day, from
// the release's sources table.
func sourceYear(t *testing.T, r *dataset.Release) map[string]int64 {
	t.Helper()
	s := r.Table(schema.Sources.Name)
	years := map[string]int64{}
	for i := range s.Rows {
		years[s.Get(i, "source_id").String()] = int64(s.Get(i, "published_earliest").Date().Year)
	}
	return years
}

// TestPartitionedTables: the copy has a directory for every covered table
// and none for sources, actors and links; each directory holds files of
// source_year=<year> partitions, or one file for a table without rows.
func TestPartitionedTables(t *testing.T) {
	for i, b := range partitionedReleases(t) {
		t.Run([]string{"seeds", "synthetic"}[i], func(t *testing.T) {
			entries, err := os.ReadDir(filepath.Join(b.dir, "parquet-partitioned"))
			if err != nil {
				t.Fatal(err)
			}
			var got, want []string
			for _, e := range entries {
				got = append(got, e.Name())
			}
			for _, s := range coveredTables() {
				want = append(want, s.Name)
			}
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("parquet-partitioned/ holds %q, want %q", got, want)
			}
			for _, s := range coveredTables() {
				years := map[string]bool{}
				for _, row := range b.table(t, s).Rows {
					years[fmt.Sprintf("source_year=%d", sourceYear(t, b.rel)[row[s.Column("source_id")].String()])] = true
				}
				var wantFiles []string
				for y := range years {
					wantFiles = append(wantFiles, y+"/part-0.parquet")
				}
				if len(years) == 0 {
					wantFiles = []string{"part-0.parquet"}
				}
				slices.Sort(wantFiles)
				var files []string
				base := filepath.Join(b.dir, "parquet-partitioned", s.Name)
				filepath.WalkDir(base, func(p string, d os.DirEntry, err error) error {
					if err == nil && !d.IsDir() {
						rel, _ := filepath.Rel(base, p)
						files = append(files, filepath.ToSlash(rel))
					}
					return err
				})
				if !slices.Equal(files, wantFiles) {
					t.Errorf("%s: files %q, want %q", s.Name, files, wantFiles)
				}
			}
		})
	}
}

// TestPartitionedInDuckDB reads every table of the copy as an analyst
// does, with hive_partitioning: the declared columns and types with
// source_year (BIGINT) added, as many rows as the release, each row under
// the year of its source, and the same rows as the table's own Parquet
// file.
func TestPartitionedInDuckDB(t *testing.T) {
	for i, b := range partitionedReleases(t) {
		years := sourceYear(t, b.rel)
		t.Run([]string{"seeds", "synthetic"}[i], func(t *testing.T) {
			db := openDuckDB(t)
			for _, s := range coveredTables() {
				t.Run(s.Name, func(t *testing.T) {
					tbl := b.table(t, s)
					cols := s.Columns()
					src := b.readPartitioned(s.Name)

					_, desc := query(t, db, "DESCRIBE SELECT * FROM "+src)
					want := len(cols) + 1
					if len(tbl.Rows) == 0 {
						want = len(cols) // no partition, so no source_year
					}
					if len(desc) != want {
						t.Fatalf("DESCRIBE gives %d columns, want %d", len(desc), want)
					}
					for j, c := range cols {
						if desc[j][0] != c.Name || desc[j][1] != duckTypes[c.Type] {
							t.Errorf("column %d: DuckDB sees %v %v, want %s %s", j+1, desc[j][0], desc[j][1], c.Name, duckTypes[c.Type])
						}
					}
					if want > len(cols) {
						if last := desc[len(cols)]; last[0] != "source_year" || last[1] != "BIGINT" {
							t.Errorf("partition column: DuckDB sees %v %v, want source_year BIGINT", last[0], last[1])
						}
					}

					// Rows per source and year, against the release.
					wantCount := map[string]int64{}
					for _, row := range tbl.Rows {
						id := row[s.Column("source_id")].String()
						wantCount[fmt.Sprintf("%s %d", id, years[id])]++
					}
					gotCount := map[string]int64{}
					if len(tbl.Rows) > 0 {
						_, rows := query(t, db, "SELECT source_id, source_year, count(*) FROM "+src+" GROUP BY ALL")
						for _, r := range rows {
							gotCount[fmt.Sprintf("%v %v", r[0], r[1])] = r[2].(int64)
						}
					}
					if fmt.Sprint(gotCount) != fmt.Sprint(wantCount) {
						t.Errorf("rows by source and year:\n got %v\nwant %v", gotCount, wantCount)
					}
					_, n := query(t, db, "SELECT count(*) FROM "+src)
					if n[0][0].(int64) != int64(len(tbl.Rows)) {
						t.Errorf("DuckDB reads %d rows, the release has %d", n[0][0], len(tbl.Rows))
					}

					// The same rows as parquet/<table>.parquet, value for value.
					names := make([]string, len(cols))
					for j, c := range cols {
						names[j] = ident(c.Name)
					}
					list := strings.Join(names, ", ")
					one := "SELECT " + list + " FROM read_parquet(" + lit(b.parquetPath(s.Name)) + ")"
					parts := "SELECT " + list + " FROM " + src
					for _, q := range []string{"(" + parts + ") EXCEPT ALL (" + one + ")", "(" + one + ") EXCEPT ALL (" + parts + ")"} {
						if _, diff := query(t, db, "SELECT count(*) FROM ("+q+")"); diff[0][0].(int64) != 0 {
							t.Errorf("%d rows differ between the copy and the table's Parquet file: %s", diff[0][0], q)
						}
					}
				})
			}
		})
	}
}

// TestReadmePartitionedQuery runs the README's query on the copy of the
// seeds' release and checks it counts the arms transfers of each year of
// the sources.
func TestReadmePartitionedQuery(t *testing.T) {
	b := partitionedReleases(t)[0]
	db := openDuckDB(t)
	if _, err := db.Exec("SET file_search_path = " + lit(b.base)); err != nil {
		t.Fatal(err)
	}
	q := readmeBlock(t, "<!-- tested: duckdb-partitioned -->\n```sql\n")
	cols, rows := query(t, db, q)
	if want := []string{"source_year", "rows", "sources"}; !slices.Equal(cols, want) {
		t.Fatalf("columns %q, want %q", cols, want)
	}
	years := sourceYear(t, b.rel)
	tbl := b.table(t, schema.ArmsTransfers)
	perYear := map[int64]int64{}
	sources := map[int64]map[string]bool{}
	for i := range tbl.Rows {
		id := tbl.Get(i, "source_id").String()
		y := years[id]
		perYear[y]++
		if sources[y] == nil {
			sources[y] = map[string]bool{}
		}
		sources[y][id] = true
	}
	var want []string
	for _, y := range slices.Sorted(maps.Keys(perYear)) {
		want = append(want, strconv.FormatInt(y, 10)+" "+strconv.FormatInt(perYear[y], 10)+" "+strconv.Itoa(len(sources[y])))
	}
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%v %v %v", r[0], r[1], r[2]))
	}
	if !slices.Equal(got, want) {
		t.Errorf("README query gives\n%q\nwant\n%q", got, want)
	}
}
