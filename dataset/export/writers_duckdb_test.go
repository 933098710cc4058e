//go:build cgo

package export

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2" // the "duckdb" database/sql driver

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// duckPeer is DuckDB holding the rows of a release's one table as table t,
// on one thread, for BenchmarkWriters.
type duckPeer struct{ db *sql.DB }

// newDuckPeer loads the table through the CSV file our writer makes of it,
// read with every column's declared type (not timed).
func newDuckPeer(dir string, rel *dataset.Release) (*duckPeer, error) {
	if err := (CSV{}).Export(dir, rel); err != nil {
		return nil, err
	}
	t := rel.Tables[0]
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1) // one connection, so that SET applies to every query
	types := map[schema.Type]string{schema.TypeString: "VARCHAR", schema.TypeInt: "BIGINT", schema.TypeFloat: "DOUBLE", schema.TypeDate: "DATE"}
	cols := t.Schema.Columns()
	decl := make([]string, len(cols))
	for i, c := range cols {
		decl[i] = fmt.Sprintf("'%s': '%s'", c.Name, types[c.Type])
	}
	path := filepath.Join(dir, "csv", t.Schema.Name+".csv")
	load := fmt.Sprintf(`CREATE TABLE t AS SELECT * FROM read_csv('%s', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', new_line = '\n', nullstr = '', columns = {%s})`,
		strings.ReplaceAll(path, "'", "''"), strings.Join(decl, ", "))
	var n int
	for _, q := range []string{load, "SET threads = 1"} {
		if _, err := db.Exec(q); err != nil {
			db.Close()
			return nil, fmt.Errorf("duckdb: %w", err)
		}
	}
	if err := db.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil || n != len(t.Rows) {
		db.Close()
		return nil, fmt.Errorf("duckdb loaded %d rows of %d (%v)", n, len(t.Rows), err)
	}
	return &duckPeer{db: db}, nil
}

// copyTo writes table t to path with COPY … (FORMAT format).
func (p *duckPeer) copyTo(path, format string) error {
	_, err := p.db.Exec(fmt.Sprintf("COPY t TO '%s' (FORMAT %s)", strings.ReplaceAll(path, "'", "''"), format))
	return err
}

func (p *duckPeer) Close() error { return p.db.Close() }
