package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// manyRows is a release of one two-column table, "small", of n rows, the
// notes holding what CSV must quote.
func manyRows(n int) *dataset.Release {
	rows := make([]schema.Row, n)
	for i := range rows {
		note := schema.Null(schema.TypeString)
		switch i % 4 {
		case 1:
			note = schema.Str(fmt.Sprintf("note %d, with \"quotes\"\nand a line break", i))
		case 2:
			note = schema.Str(strings.Repeat("x", i%97))
		}
		rows[i] = schema.Row{schema.Str(fmt.Sprintf("row-%07d", i)), note}
	}
	return smallRelease(rows)
}

// exportWith exports r with e at GOMAXPROCS procs and returns the bytes of
// dir/<sub>/<file>.
func exportWith(t *testing.T, e Exporter, r *dataset.Release, procs int, rel string) []byte {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	dir := t.TempDir()
	if err := e.Export(dir, r); err != nil {
		t.Fatalf("%s: %v", e.Name(), err)
	}
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCSVBatches: a table of several batches is the file encoding/csv
// writes of the same records in one go, on one processor as on eight.
func TestCSVBatches(t *testing.T) {
	r := manyRows(2*csvBatchRows + 7)
	var want bytes.Buffer
	w := csv.NewWriter(&want)
	w.Write(columnNames(r.Tables[0].Schema))
	for _, row := range r.Tables[0].Rows {
		w.Write([]string{row[0].Text(), row[1].Text()})
	}
	w.Flush()
	for _, procs := range []int{1, 8} {
		if got := exportWith(t, CSV{}, r, procs, "csv/small.csv"); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("GOMAXPROCS %d: %d bytes differ from encoding/csv's %d", procs, len(got), want.Len())
		}
	}
}

// TestStreamingRefusesLateRow: a bad row in a late batch is reported by its
// number, and the file begun for the table is removed, for CSV as for
// Parquet.
func TestStreamingRefusesLateRow(t *testing.T) {
	for _, c := range []struct {
		e    Exporter
		rows int
		file string
	}{
		{CSV{}, 3*csvBatchRows + 1, "csv/small.csv"},
		{Parquet{}, parquetBatchRows + 10, "parquet/small.parquet"},
	} {
		r := manyRows(c.rows)
		bad := c.rows - 2
		r.Tables[0].Rows[bad][1] = schema.Str("bad \xff byte")
		r.Tables[0].Rows[bad+1][1] = schema.Int(1) // later: not the one reported
		dir := t.TempDir()
		err := c.e.Export(dir, r)
		if want := "row " + strconv.Itoa(bad+1) + " "; err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "UTF-8") {
			t.Errorf("%s: error %v, want one about UTF-8 in row %d", c.e.Name(), err, bad+1)
		}
		if _, err := os.Stat(filepath.Join(dir, c.file)); !os.IsNotExist(err) {
			t.Errorf("%s: the file of the refused table is there (%v)", c.e.Name(), err)
		}
	}
}

// TestParquetRowGroups: a table longer than a batch is written a row group
// of parquetBatchRows rows at a time, which bounds the writer's memory, and
// reads back whole; the bytes do not depend on the number of processors.
func TestParquetRowGroups(t *testing.T) {
	r := manyRows(2*parquetBatchRows + 5)
	one := exportWith(t, Parquet{}, r, 1, "parquet/small.parquet")
	if eight := exportWith(t, Parquet{}, r, 8, "parquet/small.parquet"); !bytes.Equal(one, eight) {
		t.Error("the file differs between GOMAXPROCS 1 and 8")
	}
	path := filepath.Join(t.TempDir(), "small.parquet")
	if err := os.WriteFile(path, one, 0o644); err != nil {
		t.Fatal(err)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rdr, fr := openParquet(t, path, mem)
	var sizes []int64
	for g := range rdr.NumRowGroups() {
		sizes = append(sizes, rdr.MetaData().RowGroup(g).NumRows())
	}
	if want := []int64{parquetBatchRows, parquetBatchRows, 5}; fmt.Sprint(sizes) != fmt.Sprint(want) {
		t.Errorf("row groups of %v rows, want %v", sizes, want)
	}
	at, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer at.Release()
	rows := r.Tables[0].Rows
	i := 0
	for _, chunk := range at.Column(1).Data().Chunks() {
		for k := 0; k < chunk.Len(); k++ {
			if got := parquetValue(chunk, k); got != rows[i][1] {
				t.Fatalf("row %d: note %#v, want %#v", i+1, got, rows[i][1])
			}
			i++
		}
	}
	if i != len(rows) {
		t.Errorf("%d rows back, want %d", i, len(rows))
	}
}
