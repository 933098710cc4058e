//go:build cgo

package main

import (
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // the "duckdb" database/sql driver
	"github.com/xuri/excelize/v2"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/dataset/export"
)

// child runs one measurement in this process and prints a report line
// per stage on stdout: build ROOT OUT, duckdb CSVDIR OUTDIR or excelize
// CSVDIR FILE.
func child(args []string) int {
	if len(args) != 3 {
		fmt.Fprintln(os.Stderr, "bench: -child MODE IN OUT")
		return 2
	}
	var err error
	switch args[0] {
	case "build":
		err = childBuild(args[1], args[2])
	case "duckdb":
		err = childDuckDB(args[1], args[2])
	case "excelize":
		err = childExcelize(args[1], args[2])
	default:
		err = fmt.Errorf("unknown mode %q", args[0])
	}
	if err != nil {
		emit(report{Stage: args[0], Error: err.Error()})
		return 1
	}
	return 0
}

// emit prints one report, with the process's peak RSS so far.
func emit(r report) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		r.RSSKB = ru.Maxrss
	}
	line, _ := json.Marshal(r)
	fmt.Println(string(line))
}

// stopwatch times consecutive stages. As the dataset.Progress of a build,
// it times each stage from the end of the one before.
type stopwatch struct{ last time.Time }

func (s *stopwatch) lap(stage string) {
	now := time.Now()
	emit(report{Stage: stage, Seconds: now.Sub(s.last).Seconds()})
	s.last = time.Now()
}

func (s *stopwatch) Start(string, int, string) {}
func (s *stopwatch) Add(int)                   {}
func (s *stopwatch) End(stage string)          { s.lap(stage) }

// childBuild builds the corpus at root, reporting each stage of the
// build, then runs each exporter of the release in turn into out (as
// build does, without the staging and swap of Publish).
func childBuild(root, out string) error {
	sw := &stopwatch{last: time.Now()}
	rel, ds := dataset.BuildStages(root, sw)
	if ds.Len() > 0 {
		list := ds.List()
		return fmt.Errorf("the corpus does not build: %d problems, the first %s", len(list), list[0])
	}
	emit(report{Stage: "rows", Rows: rel.Rows()})
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, e := range export.All() {
		sw.last = time.Now()
		if err := e.Export(out, rel); err != nil {
			return fmt.Errorf("writer %s: %w", e.Name(), err)
		}
		sw.lap("write " + e.Name())
	}
	return nil
}

// csvTables lists the release's CSV files, by table name.
func csvTables(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	sort.Strings(files)
	if err == nil && len(files) == 0 {
		err = fmt.Errorf("no CSV files in %s", dir)
	}
	return files, err
}

func tableName(file string) string { return strings.TrimSuffix(filepath.Base(file), ".csv") }

// childDuckDB loads every table of the release from its CSV file into an
// in-memory DuckDB (not timed), then times COPY of all of them to CSV and
// to Parquet with one thread, as the peer measurement does.
func childDuckDB(csvDir, out string) error {
	files, err := csvTables(csvDir)
	if err != nil {
		return err
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one connection, so that SET applies to every statement
	if _, err := db.Exec("SET threads = 1"); err != nil {
		return err
	}
	sw := &stopwatch{last: time.Now()}
	for _, f := range files {
		q := fmt.Sprintf(`CREATE TABLE %q AS SELECT * FROM read_csv(%s, header = true, sample_size = -1)`, tableName(f), sqlString(f))
		if _, err := db.Exec(q); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
	}
	sw.lap("load csv")
	for _, format := range []string{"csv", "parquet"} {
		if err := os.MkdirAll(filepath.Join(out, format), 0o755); err != nil {
			return err
		}
		sw.last = time.Now()
		for _, f := range files {
			dst := filepath.Join(out, format, tableName(f)+"."+format)
			q := fmt.Sprintf(`COPY %q TO %s (FORMAT %s)`, tableName(f), sqlString(dst), format)
			if _, err := db.Exec(q); err != nil {
				return fmt.Errorf("%s: %w", dst, err)
			}
		}
		sw.lap("copy " + format)
	}
	return nil
}

func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// childExcelize reads the release's CSV files into memory (not timed),
// numbers as numbers, then times writing them as one workbook, a sheet
// per table, with excelize's StreamWriter and its defaults. A table longer
// than a sheet holds goes on over further sheets.
func childExcelize(csvDir, file string) error {
	files, err := csvTables(csvDir)
	if err != nil {
		return err
	}
	type table struct {
		name string
		rows [][]any
	}
	sw := &stopwatch{last: time.Now()}
	var tables []table
	for _, f := range files {
		records, err := readCSV(f)
		if err != nil {
			return err
		}
		rows := make([][]any, len(records))
		for i, rec := range records {
			row := make([]any, len(rec))
			for j, cell := range rec {
				if x, err := strconv.ParseFloat(cell, 64); err == nil && i > 0 {
					row[j] = x
				} else {
					row[j] = cell
				}
			}
			rows[i] = row
		}
		tables = append(tables, table{tableName(f), rows})
	}
	sw.lap("read csv")
	x := excelize.NewFile()
	defer x.Close()
	const maxRows = excelize.TotalRows - 1 // and the header
	for _, t := range tables {
		header, body := t.rows[0], t.rows[1:]
		for part := 0; part == 0 || len(body) > 0; part++ {
			name := t.name
			if part > 0 {
				name = fmt.Sprintf("%s_%d", t.name, part+1)
			}
			chunk := body[:min(len(body), maxRows)]
			body = body[len(chunk):]
			if _, err := x.NewSheet(name); err != nil {
				return err
			}
			s, err := x.NewStreamWriter(name)
			if err != nil {
				return err
			}
			for i, row := range append([][]any{header}, chunk...) {
				cell, _ := excelize.CoordinatesToCellName(1, i+1)
				if err := s.SetRow(cell, row); err != nil {
					return err
				}
			}
			if err := s.Flush(); err != nil {
				return err
			}
		}
	}
	if err := x.SaveAs(file); err != nil {
		return err
	}
	sw.lap("stream writer")
	return nil
}

func readCSV(file string) ([][]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return csv.NewReader(f).ReadAll()
}
