package export

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// emptyTable is a curated table without rows: its copy has no year to be
// filed under.
var emptyTable = &schema.Table{
	Name: "empty", Title: "Empty", Description: "A curated table without rows.", Curated: true,
	Fields: []schema.Field{{Name: "id", Kind: schema.KindID, Description: "Row id."}},
}

// partRelease is dpRelease with a third source published in 1999, cited by
// the fixture's "hostile" row, so that the fixture table falls into two
// years (1999: hostile; 2010: full and nulls), and the empty table.
func partRelease() *dataset.Release {
	r := dpRelease()
	old := dpSourceRow("old", "")
	old[schema.Sources.Column("published_earliest")] = schema.DateValue(mustDate(1999, 6, 1))
	old[schema.Sources.Column("published_latest")] = schema.DateValue(mustDate(1999, 6, 30))
	src := r.Table(schema.Sources.Name)
	src.Rows = append(src.Rows, old)
	fx := r.Table("fixture")
	for i, row := range fx.Rows {
		if row[0].String() == "hostile" {
			fx.Rows[i] = slices.Clone(row)
			fx.Rows[i][fixtureTable.Column("source_id")] = schema.Str("old")
		}
	}
	r.Tables = append(r.Tables, &dataset.Table{Schema: emptyTable})
	return withTexts(r)
}

// partFiles lists the files under dir/parquet-partitioned, relative to dir
// (none when it is not there).
func partFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	if _, err := os.Lstat(filepath.Join(dir, partitionedDir)); err != nil {
		return nil
	}
	err := filepath.WalkDir(filepath.Join(dir, partitionedDir), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	return files
}

// exportPartitioned writes the copy of r into a fresh directory.
func exportPartitioned(t *testing.T, p PartitionedParquet, r *dataset.Release) string {
	t.Helper()
	dir := t.TempDir()
	if err := p.Export(dir, r); err != nil {
		t.Fatalf("Export: %v", err)
	}
	return dir
}

// TestPartitionedWanted: the copy is written from PartitionMinRows rows in
// one table it covers, or when forced; rows in a table it does not cover
// (no source_id) do not count.
func TestPartitionedWanted(t *testing.T) {
	many := func(tbl *schema.Table, n int) *dataset.Release {
		// One row shared n times: wanted counts rows, it does not read them.
		row := dpRow(tbl, nil)
		rows := make([]schema.Row, n)
		for i := range rows {
			rows[i] = row
		}
		r := dpRelease()
		r.Tables = append(r.Tables, &dataset.Table{Schema: tbl, Rows: rows})
		return r
	}
	tests := []struct {
		name  string
		p     PartitionedParquet
		r     *dataset.Release
		wants bool
	}{
		{"small release", PartitionedParquet{}, dpRelease(), false},
		{"small release, forced", PartitionedParquet{Force: true}, dpRelease(), true},
		{"one row short of the threshold", PartitionedParquet{}, many(emptyTable, PartitionMinRows-1), false},
		{"at the threshold", PartitionedParquet{}, many(emptyTable, PartitionMinRows), true},
		{"a large table without source_id", PartitionedParquet{}, many(schema.Actors, PartitionMinRows), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.p.wanted(tc.r); got != tc.wants {
				t.Errorf("wanted = %v, want %v", got, tc.wants)
			}
		})
	}
}

// TestPartitionedNotWanted: a release that does not get the copy has no
// parquet-partitioned/ (so the committed small release is unchanged), and
// Verify refuses one that has it: Spark would read whatever is there.
func TestPartitionedNotWanted(t *testing.T) {
	dir := exportPartitioned(t, PartitionedParquet{}, partRelease())
	if _, err := os.Lstat(filepath.Join(dir, partitionedDir)); err == nil {
		t.Fatalf("%s/ was written for a small release", partitionedDir)
	}
	if err := (PartitionedParquet{}).Verify(dir, partRelease()); err != nil {
		t.Errorf("Verify: %v", err)
	}
	if err := os.Mkdir(filepath.Join(dir, partitionedDir), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := (PartitionedParquet{}).Verify(dir, partRelease()); err == nil || !strings.Contains(err.Error(), "gets no partitioned copy") {
		t.Errorf("Verify with a stray %s/ = %v, want an error", partitionedDir, err)
	}
}

// TestPartitionedLayout: one file per table and year of the sources, the
// empty table as one file without a partition, and nothing for the tables
// without source_id (sources, actors).
func TestPartitionedLayout(t *testing.T) {
	dir := exportPartitioned(t, PartitionedParquet{Force: true}, partRelease())
	want := []string{
		"parquet-partitioned/empty/part-0.parquet",
		"parquet-partitioned/fixture/source_year=1999/part-0.parquet",
		"parquet-partitioned/fixture/source_year=2010/part-0.parquet",
	}
	if got := partFiles(t, dir); !slices.Equal(got, want) {
		t.Errorf("files %q, want %q", got, want)
	}
	if err := (PartitionedParquet{Force: true}).Verify(dir, partRelease()); err != nil {
		t.Errorf("Verify: %v", err)
	}
}

// TestPartitionedRoundTrip reads every file back: the columns, types and
// metadata of the table's own Parquet file, the partition in the key-value
// metadata, and the rows of that year in the release's order.
func TestPartitionedRoundTrip(t *testing.T) {
	r := partRelease()
	dir := exportPartitioned(t, PartitionedParquet{Force: true}, r)
	tests := []struct {
		path, partition string
		table           *schema.Table
		ids             []string
	}{
		{"parquet-partitioned/fixture/source_year=1999/part-0.parquet", "source_year=1999", fixtureTable, []string{"hostile"}},
		{"parquet-partitioned/fixture/source_year=2010/part-0.parquet", "source_year=2010", fixtureTable, []string{"full", "nulls"}},
		{"parquet-partitioned/empty/part-0.parquet", "", emptyTable, nil},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			rdr, fr := openParquet(t, filepath.Join(dir, filepath.FromSlash(tc.path)), mem)
			checkParquetSchema(t, rdr, fr, tc.table)
			kv := rdr.MetaData().KeyValueMetadata()
			wantKeys := []string{"table", "title", "description", "armsdata.version", "ARROW:schema"}
			if tc.partition != "" {
				wantKeys = slices.Insert(wantKeys, 4, "armsdata.partition")
				if got := kv.FindValue("armsdata.partition"); got == nil || *got != tc.partition {
					t.Errorf("armsdata.partition = %v, want %q", got, tc.partition)
				}
			}
			if !slices.Equal(kv.Keys(), wantKeys) {
				t.Errorf("key-value metadata keys %q, want %q", kv.Keys(), wantKeys)
			}
			if got := kv.FindValue("table"); got == nil || *got != tc.table.Name {
				t.Errorf("table = %v, want %q", got, tc.table.Name)
			}
			at, err := fr.ReadTable(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer at.Release()
			if at.NumRows() != int64(len(tc.ids)) {
				t.Fatalf("%d rows, want %d (%q)", at.NumRows(), len(tc.ids), tc.ids)
			}
			rel := r.Table(tc.table.Name)
			for i, id := range tc.ids {
				var want schema.Row
				for _, row := range rel.Rows {
					if row[0].String() == id {
						want = row
					}
				}
				for j, c := range tc.table.Columns() {
					// Row i of the column, whichever chunk holds it.
					k := i
					chunks := at.Column(j).Data().Chunks()
					for len(chunks) > 1 && k >= chunks[0].Len() {
						k -= chunks[0].Len()
						chunks = chunks[1:]
					}
					if got := parquetValue(chunks[0], k); got.Text() != want[j].Text() || got.IsNull() != want[j].IsNull() {
						t.Errorf("row %d (%s), %s: %q, want %q", i+1, id, c.Name, got.Text(), want[j].Text())
					}
				}
			}
		})
	}
}

// TestPartitionedDeterministic: two exports give the same bytes.
func TestPartitionedDeterministic(t *testing.T) {
	a := exportPartitioned(t, PartitionedParquet{Force: true}, partRelease())
	b := exportPartitioned(t, PartitionedParquet{Force: true}, partRelease())
	for _, f := range partFiles(t, a) {
		x, err := os.ReadFile(filepath.Join(a, f))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two exports", f)
		}
	}
}

// TestPartitionedVerify damages the copy and checks that Verify names the
// damage: each would otherwise be published, and an extra file is read by
// Spark and DuckDB as rows of the table.
func TestPartitionedVerify(t *testing.T) {
	const file = "parquet-partitioned/fixture/source_year=2010/part-0.parquet"
	tests := []struct {
		name, want string
		damage     func(t *testing.T, dir string)
	}{
		{"missing file", "missing: " + file, func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, file)); err != nil {
				t.Fatal(err)
			}
		}},
		{"truncated file", "truncated", func(t *testing.T, dir string) {
			if err := os.Truncate(filepath.Join(dir, file), 100); err != nil {
				t.Fatal(err)
			}
		}},
		{"extra partition", "source_year=2011", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "parquet-partitioned/fixture/source_year=2011")
			if err := os.Mkdir(p, 0o755); err != nil {
				t.Fatal(err)
			}
			b, _ := os.ReadFile(filepath.Join(dir, file))
			if err := os.WriteFile(filepath.Join(p, "part-0.parquet"), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"extra file", "part-1.parquet", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, filepath.Dir(file), "part-1.parquet"), []byte("PAR1PAR1"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"whole copy gone", "missing", func(t *testing.T, dir string) {
			if err := os.RemoveAll(filepath.Join(dir, partitionedDir)); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := exportPartitioned(t, PartitionedParquet{Force: true}, partRelease())
			tc.damage(t, dir)
			err := (PartitionedParquet{Force: true}).Verify(dir, partRelease())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Verify = %v, want an error mentioning %q", err, tc.want)
			}
		})
	}
}

// TestPartitionedRejects: a release whose rows cannot be filed is an
// error and no file, as in the other exporters.
func TestPartitionedRejects(t *testing.T) {
	unknown := partRelease()
	fx := unknown.Table("fixture")
	fx.Rows[0] = slices.Clone(fx.Rows[0])
	fx.Rows[0][fixtureTable.Column("source_id")] = schema.Str("nowhere")
	noSources := partRelease()
	noSources.Tables = slices.DeleteFunc(noSources.Tables, func(t *dataset.Table) bool { return t.Schema == schema.Sources })
	tests := []struct {
		name, want string
		r          *dataset.Release
	}{
		{"source not in the sources table", `source "nowhere" is not in the sources table`, unknown},
		{"no sources table", "no sources table", noSources},
	}
	// The rows every exporter refuses, with the sources the copy needs.
	for _, c := range invalidReleases() {
		r := c.release
		r.Tables = append(partRelease().Tables[:2:2], r.Tables...)
		tests = append(tests, struct {
			name, want string
			r          *dataset.Release
		}{c.name, c.want, r})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			err := (PartitionedParquet{Force: true}).Export(dir, tc.r)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Export = %v, want an error mentioning %q", err, tc.want)
			}
			if files := partFiles(t, dir); len(files) > 0 {
				t.Errorf("files written for a release refused: %q", files)
			}
		})
	}
}

// TestPartitionedDataPackage: with the copy, datapackage.json has one more
// resource per table it covers, after the others: its files as a
// multipart path in order, their bytes and SHA-256 one after the other,
// the Table Schema of the table's Parquet resource; the descriptor passes
// the structural validation. Without the copy it has none.
func TestPartitionedDataPackage(t *testing.T) {
	r := partRelease()
	forced := PartitionedParquet{Force: true}
	dir := t.TempDir()
	for _, e := range []Exporter{CSV{}, Parquet{}, forced, DataPackage{Partitioned: forced}} {
		if err := e.Export(dir, r); err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
	}
	pkg := dpRead(t, dir)
	dpValidate(t, pkg)
	resources, order := dpResources(t, pkg)
	var tail []string
	for _, n := range order {
		if strings.HasSuffix(n, "-parquet-partitioned") {
			tail = append(tail, n)
		}
	}
	if want := []string{"fixture-parquet-partitioned", "empty-parquet-partitioned"}; !slices.Equal(tail, want) || !slices.Equal(order[len(order)-len(want):], want) {
		t.Fatalf("partitioned resources %q, want %q last", tail, want)
	}
	for _, tc := range []struct {
		name  string
		files []string
	}{
		{"fixture", []string{"parquet-partitioned/fixture/source_year=1999/part-0.parquet", "parquet-partitioned/fixture/source_year=2010/part-0.parquet"}},
		{"empty", []string{"parquet-partitioned/empty/part-0.parquet"}},
	} {
		res := resources[tc.name+"-parquet-partitioned"]
		if got := dpStrings(t, res["path"], tc.name+" path"); !slices.Equal(got, tc.files) {
			t.Errorf("%s: path %q, want %q", tc.name, got, tc.files)
		}
		h := sha256.New()
		for _, f := range tc.files {
			b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
			if err != nil {
				t.Fatal(err)
			}
			h.Write(b)
		}
		wantHash := "sha256:" + hex.EncodeToString(h.Sum(nil))
		if res["hash"] != wantHash {
			t.Errorf("%s: hash %v, want %s (of the files one after the other)", tc.name, res["hash"], wantHash)
		}
		n, _ := res["bytes"].(json.Number).Int64()
		var size int64
		for _, f := range tc.files {
			fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f)))
			if err != nil {
				t.Fatal(err)
			}
			size += fi.Size()
		}
		if n != size {
			t.Errorf("%s: bytes %d, want %d", tc.name, n, size)
		}
		if res["format"] != "parquet" || res["mediatype"] != "application/vnd.apache.parquet" {
			t.Errorf("%s: format %v, mediatype %v", tc.name, res["format"], res["mediatype"])
		}
		if tc.name == "fixture" {
			a, _ := json.Marshal(res["schema"])
			b, _ := json.Marshal(resources["fixture-parquet"]["schema"])
			if !bytes.Equal(a, b) {
				t.Errorf("schema differs from fixture-parquet's:\n%s\n%s", a, b)
			}
		}
	}
	if err := (DataPackage{Partitioned: forced}).Verify(dir, r); err != nil {
		t.Errorf("Verify: %v", err)
	}
	// The data package of the same files without the copy differs.
	if err := (DataPackage{}).Verify(dir, r); err == nil {
		t.Error("DataPackage{}.Verify accepts a descriptor listing the copy")
	}
	// A data package told of a copy that was not written refuses.
	plain := dpExport(t, r)
	if err := (DataPackage{Partitioned: forced}).Export(plain, r); err == nil || !strings.Contains(err.Error(), "exporter must run before") {
		t.Errorf("Export without the copy's files = %v, want an error", err)
	}
}

// TestPartitionedPublish publishes a release with the copy over one
// without it and back: each time the directory holds exactly that
// release's files, and SHA256SUMS lists them.
func TestPartitionedPublish(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	r := partRelease()
	for _, partition := range []bool{true, false, true} {
		if err := (Publisher{}).Publish(context.Background(), out, r, AllWith(Options{Partition: partition})); err != nil {
			t.Fatalf("partition %v: %v", partition, err)
		}
		files := partFiles(t, out)
		if got := len(files) > 0; got != partition {
			t.Errorf("partition %v: parquet-partitioned files %q", partition, files)
		}
		if _, err := os.Lstat(filepath.Join(out, partitionedDir)); (err == nil) != partition {
			t.Errorf("partition %v: %s/ there: %v", partition, partitionedDir, err == nil)
		}
		sums, err := os.ReadFile(filepath.Join(out, sumsFile))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if !strings.Contains(string(sums), "  "+f+"\n") {
				t.Errorf("partition %v: %s does not list %s", partition, sumsFile, f)
			}
		}
		if err := (SHA256Sums{}).Verify(out, r); err != nil {
			t.Errorf("partition %v: %v", partition, err)
		}
	}
}

// BenchmarkPartitioned writes a table of 100,000 rows from 20 sources of
// 20 years, once as the Parquet exporter's one file and once as the
// partitioned copy, to compare their cost on the same rows.
func BenchmarkPartitioned(b *testing.B) {
	const rows, sources = 100_000, 20
	r := dpRelease()
	src := r.Table(schema.Sources.Name)
	src.Rows = nil
	for i := range sources {
		row := dpSourceRow(fmt.Sprintf("s%02d", i), "")
		row[schema.Sources.Column("published_earliest")] = schema.DateValue(mustDate(2000+i, 1, 1))
		src.Rows = append(src.Rows, row)
	}
	fx := r.Table("fixture")
	full := fx.Rows[0]
	fx.Rows = make([]schema.Row, rows)
	for i := range fx.Rows {
		row := slices.Clone(full)
		row[0] = schema.Str(fmt.Sprintf("row-%06d", i))
		row[fixtureTable.Column("source_id")] = schema.Str(fmt.Sprintf("s%02d", i%sources))
		fx.Rows[i] = row
	}
	for _, e := range []Exporter{Parquet{}, PartitionedParquet{Force: true}} {
		b.Run(e.Name(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := e.Export(b.TempDir(), r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
