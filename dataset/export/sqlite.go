package export

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// SQLite writes dir/<name>.sqlite, every table of the release in one
// SQLite database, for SQL users (the sqlite3 shell, Python's sqlite3, R's
// RSQLite) and for Datasette, which serves it with facets, full-text
// search and a page per row; and dir/datasette.json, Datasette's metadata
// for it (see encodeDatasetteMetadata).
//
// The driver is modernc.org/sqlite: SQLite's C source translated into Go,
// so the tool stays pure Go. `go install` and `make cross` (darwin and
// windows with CGO_ENABLED=0) need no C compiler, which mattn/go-sqlite3,
// a cgo binding, would; ncruces/go-sqlite3 is pure Go too, but runs SQLite
// compiled to WebAssembly inside the wazero runtime, a second engine in
// the binary that compiles SQLite at start-up. modernc's build has FTS5
// (ENABLE_FTS5), which the search index needs.
//
// Format decisions:
//
//   - One table per table of the release, its columns in the schema's
//     order and with its names, declared STRICT (SQLite 3.37, 2021, or
//     later reads it; Python 3.11's sqlite3 here has 3.40): TEXT, INTEGER
//     and REAL are enforced, nothing is stored as another type.
//   - Dates are TEXT 'YYYY-MM-DD', as in the CSV: SQLite has no date
//     type, and its date functions read this form. A CHECK keeps every
//     date a real day in that form (date(x) gives x back).
//   - The id column is the PRIMARY KEY (TEXT, so a table keeps its rowid:
//     the row's place in the release, from 1, which the full-text index
//     refers to); a column that is not nullable is NOT NULL; a column's
//     Ref ("table.column", always the id of its table) is a REFERENCES
//     clause, which Datasette turns into links and PRAGMA
//     foreign_key_check verifies. Rows are inserted in the release's order,
//     in one transaction, by prepared statements of 256 rows each.
//   - A full-text index per curated table, <table>_fts, an FTS5 table
//     with content="<table>" (external content: it stores no second copy
//     of the text), over quote_display and the table's prose that is not
//     in the quote (sqliteSearchColumns), filled with FTS5's 'rebuild'
//     command. Datasette finds it by that name and content option and
//     offers a search box (?_search=S-300). The tokenizer is FTS5's
//     default, unicode61: case and diacritics are ignored, punctuation
//     splits words ("S-300" is the phrase "s 300").
//   - Views for the common questions (sqliteViews), and the indexes they
//     join on.
//   - The same release gives the same bytes: the page size (4096), the
//     text encoding (UTF-8) and auto-vacuum (none) are set, not left to
//     the library's defaults; there is no journal or WAL file (journal_mode
//     OFF: the file is written in the release's staging directory, and
//     one that fails is removed); the statements are the same, in the same
//     order, on one connection, whatever GOMAXPROCS. SQLite stores no
//     time stamp; its header does record the library's version number
//     (offset 96), so upgrading the driver changes those bytes, not the
//     content. No VACUUM: the rows are appended in rowid and id order, so
//     the pages are nearly full already; on 100,000 synthetic rules VACUUM
//     made the file 1.5% smaller (167 to 165 MB) for a fifth more time.
//   - The database is not a resource of datapackage.json, for the reason
//     the workbook is not (see DataPackage): a tabular data resource is one
//     table, and this file holds them all. SHA256SUMS lists both files.
type SQLite struct{}

var _ Exporter = SQLite{}

// Name returns "sqlite".
func (SQLite) Name() string { return "sqlite" }

// datasetteFile is the name of Datasette's metadata file.
const datasetteFile = "datasette.json"

// sqliteMagic begins every SQLite database file.
const sqliteMagic = "SQLite format 3\x00"

// sqlitePageSize is the page size of the database, set rather than left to
// the library's default so that the bytes do not depend on it.
const sqlitePageSize = 4096

// Export writes dir/<name>.sqlite and dir/datasette.json.
func (s SQLite) Export(dir string, r *dataset.Release) error { return s.exportRows(dir, r, uncounted) }

func (SQLite) rowsToWrite(r *dataset.Release) int { return r.Rows() }

func (SQLite) exportRows(dir string, r *dataset.Release, wrote func(n int)) error {
	p, err := planSQLite(r)
	if err != nil {
		return err
	}
	meta, err := encodeDatasetteMetadata(r, p)
	if err != nil {
		return err
	}
	if err := writeSQLite(filepath.Join(dir, p.file), p, wrote); err != nil {
		return fmt.Errorf("%s: %w", p.file, err)
	}
	return os.WriteFile(filepath.Join(dir, datasetteFile), meta, 0o644)
}

// Verify checks that dir holds the database whole (its header's page count
// times its page size is the file's size, and every table holds the
// release's number of rows) and datasette.json as Export writes it.
func (SQLite) Verify(dir string, r *dataset.Release) error {
	p, err := planSQLite(r)
	if err != nil {
		return err
	}
	path := filepath.Join(dir, p.file)
	if err := sqliteWhole(path); err != nil {
		return fmt.Errorf("%s: %w", p.file, err)
	}
	if err := verifySQLiteRows(path, p); err != nil {
		return fmt.Errorf("%s: %w", p.file, err)
	}
	return verifyBytes(dir, datasetteFile, func() ([]byte, error) { return encodeDatasetteMetadata(r, p) })
}

// sqliteWhole checks the database header of the file at path against the
// file: the magic string, and a size of exactly the pages the header
// counts, which a truncated file lacks.
func sqliteWhole(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("not a regular file")
	}
	var h [100]byte
	if _, err := f.ReadAt(h[:], 0); err != nil || !bytes.HasPrefix(h[:], []byte(sqliteMagic)) {
		return fmt.Errorf("not an SQLite database")
	}
	page := int64(binary.BigEndian.Uint16(h[16:18]))
	if page == 1 {
		page = 65536
	}
	pages := int64(binary.BigEndian.Uint32(h[28:32]))
	if want := page * pages; fi.Size() != want {
		return fmt.Errorf("%d bytes, but its header counts %d pages of %d bytes: truncated or not closed", fi.Size(), pages, page)
	}
	return nil
}

// verifySQLiteRows opens the database read-only and checks that each table
// holds as many rows as the release's.
func verifySQLiteRows(path string, p *sqlitePlan) error {
	db, err := openSQLite(path, true)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, t := range p.tables {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM " + sqliteIdent(t.name)).Scan(&n); err != nil {
			return fmt.Errorf("table %s: %w", t.name, err)
		}
		if n != len(t.t.Rows) {
			return fmt.Errorf("table %s has %d rows, the release %d", t.name, n, len(t.t.Rows))
		}
	}
	return nil
}

// openSQLite opens the database file at path. The path goes to SQLite as a
// file: URI (the driver passes SQLITE_OPEN_URI), escaped, so that a "?" or
// "#" in a directory name is part of the name and not the start of
// options.
func openSQLite(path string, readOnly bool) (*sql.DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/… on Windows: file:///C:/…
	}
	u := url.URL{Scheme: "file", Path: p}
	if readOnly {
		u.RawQuery = "mode=ro"
	}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, err
	}
	// One connection: the pragmas set on it hold for every statement.
	db.SetMaxOpenConns(1)
	return db, nil
}

// sqliteWritePragmas set up the connection that writes the database,
// before its first table: see SQLite on determinism.
var sqliteWritePragmas = []string{
	fmt.Sprintf("PRAGMA page_size = %d", sqlitePageSize),
	"PRAGMA encoding = 'UTF-8'",
	"PRAGMA auto_vacuum = NONE",
	"PRAGMA journal_mode = OFF",
	"PRAGMA synchronous = OFF", // the publisher syncs the whole release before it swaps it in
	"PRAGMA locking_mode = EXCLUSIVE",
	"PRAGMA temp_store = MEMORY",
	"PRAGMA cache_size = -65536", // 64 MiB, so that the index b-trees of a large release stay in memory
	"PRAGMA foreign_keys = OFF",  // checked once, at the end (PRAGMA foreign_key_check)
}

// writeSQLite writes the database of plan p to a new file at path; a file
// that fails is removed.
func writeSQLite(path string, p *sqlitePlan, wrote func(n int)) (err error) {
	// SQLite opens a file that exists as a database and adds to it: a
	// leftover must go first.
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(path)
		}
	}()
	db, err := openSQLite(path, false)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := db.Close(); err == nil {
			err = cerr
		}
	}()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// The driver's own connection, not database/sql's: database/sql
	// allocates and converts the arguments of every call afresh, which was
	// a third of the time of inserting a large release.
	return conn.Raw(func(dc any) error {
		c, ok := dc.(sqliteConn)
		if !ok {
			return fmt.Errorf("the sqlite driver's connection (%T) cannot execute, query and prepare with a context", dc)
		}
		return writeSQLiteOn(ctx, c, p, wrote)
	})
}

// sqliteConn is what the writer needs of the driver's connection.
type sqliteConn interface {
	driver.ExecerContext
	driver.QueryerContext
	driver.ConnPrepareContext
}

func writeSQLiteOn(ctx context.Context, c sqliteConn, p *sqlitePlan, wrote func(n int)) error {
	exec := func(s string) error {
		if _, err := c.ExecContext(ctx, s, nil); err != nil {
			return fmt.Errorf("%s: %w", firstLine(s), err)
		}
		return nil
	}
	for _, s := range sqliteWritePragmas {
		if err := exec(s); err != nil {
			return err
		}
	}
	// One transaction; with journal_mode OFF there is nothing to roll
	// back, and a database that fails is removed.
	if err := exec("BEGIN"); err != nil {
		return err
	}
	for _, t := range p.tables {
		if err := exec(t.create); err != nil {
			return err
		}
	}
	for _, t := range p.tables {
		if err := insertSQLiteRows(ctx, c, t, wrote); err != nil {
			return fmt.Errorf("table %s: %w", t.name, err)
		}
	}
	for _, t := range p.tables {
		if t.fts == nil {
			continue
		}
		if err := exec(t.fts.create); err != nil {
			return err
		}
		if err := exec(t.fts.rebuild); err != nil {
			return err
		}
	}
	for _, ix := range p.indexes {
		if err := exec(ix); err != nil {
			return err
		}
	}
	for _, v := range p.views {
		if err := exec(v.create); err != nil {
			return err
		}
		// Compiling a view's query finds a column it names that the
		// tables lack, which CREATE VIEW lets pass.
		if err := exec("SELECT * FROM " + sqliteIdent(v.name) + " LIMIT 0"); err != nil {
			return fmt.Errorf("view %s: %w", v.name, err)
		}
	}
	if err := sqliteForeignKeyCheck(ctx, c); err != nil {
		return err
	}
	return exec("COMMIT")
}

// sqliteForeignKeyCheck runs PRAGMA foreign_key_check and reports the
// first rows it finds whose key names no row of the table it references.
func sqliteForeignKeyCheck(ctx context.Context, c sqliteConn) error {
	rows, err := c.QueryContext(ctx, "PRAGMA foreign_key_check", nil)
	if err != nil {
		return err
	}
	defer rows.Close()
	var bad []string
	n := 0
	vals := make([]driver.Value, len(rows.Columns()))
	for {
		err := rows.Next(vals)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if n++; n <= 5 {
			bad = append(bad, fmt.Sprintf("%v row %v names no row of %v", vals[0], vals[1], vals[2]))
		}
	}
	if n > 0 {
		return fmt.Errorf("%d foreign keys name no row: %s", n, strings.Join(bad, "; "))
	}
	return nil
}

// sqliteMaxParams is the most parameters one statement of the driver's
// SQLite takes (SQLITE_MAX_VARIABLE_NUMBER).
const sqliteMaxParams = 32766

// sqliteRowsPerInsert is the most rows one INSERT statement adds: each
// statement costs a round of calls into SQLite (bind, step, reset) however
// many rows it carries.
const sqliteRowsPerInsert = 256

// insertSQLiteRows checks t's rows against the schema and inserts them in
// order, sqliteInsertRows(t) at a time. The rows are checked and their
// values converted on other goroutines (inBatches) while this one
// inserts, in row order.
func insertSQLiteRows(ctx context.Context, c sqliteConn, t sqliteTable, wrote func(n int)) error {
	if err := validateExportColumns(t.t); err != nil {
		return err
	}
	cols := t.t.Schema.Columns()
	per := sqliteInsertRows(len(cols))
	stmts := map[int]driver.Stmt{} // by rows per statement: per, and the last batch's
	defer func() {
		for _, s := range stmts {
			s.Close()
		}
	}()
	// Argument slices go back to a pool once inserted: a large release
	// would otherwise allocate a gigabyte of them, and the collector would
	// rescan the release's rows the more often.
	pool := sync.Pool{New: func() any { return new([]driver.NamedValue) }}
	return inBatches(len(t.t.Rows), per,
		func(from, to int) (*[]driver.NamedValue, error) {
			buf := pool.Get().(*[]driver.NamedValue)
			args := (*buf)[:0]
			defer func() { *buf = args }()
			for i := from; i < to; i++ {
				if err := validateExportRow(t.t, cols, i); err != nil {
					return nil, err
				}
				for _, v := range t.t.Rows[i] {
					args = append(args, driver.NamedValue{Ordinal: len(args) + 1, Value: v.Native()})
				}
			}
			return buf, nil
		},
		func(buf *[]driver.NamedValue) error {
			defer pool.Put(buf)
			args := *buf
			n := len(args) / len(cols)
			if n == 0 {
				return nil // a table without rows
			}
			s := stmts[n]
			if s == nil {
				var err error
				if s, err = c.PrepareContext(ctx, t.insert(n)); err != nil {
					return err
				}
				stmts[n] = s
			}
			if _, err := s.(driver.StmtExecContext).ExecContext(ctx, args); err != nil {
				return err
			}
			wrote(n)
			return nil
		})
}

// sqliteInsertRows is how many rows of a table of cols columns one INSERT
// statement adds.
func sqliteInsertRows(cols int) int { return max(1, min(sqliteRowsPerInsert, sqliteMaxParams/cols)) }

// sqliteType is the STRICT column type of a schema type.
func sqliteType(t schema.Type) (string, error) {
	switch t {
	case schema.TypeString, schema.TypeDate:
		return "TEXT", nil
	case schema.TypeInt:
		return "INTEGER", nil
	case schema.TypeFloat:
		return "REAL", nil
	}
	return "", fmt.Errorf("unknown column type %q", t)
}

// sqliteIdent quotes an identifier: several column names are SQL keywords
// (end, column, text).
func sqliteIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// sqliteString is the SQL literal of a text.
func sqliteString(s string) string { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// sqlitePlan is what the database of a release holds, derived from its
// schema: Export writes it, Verify and the metadata read it.
type sqlitePlan struct {
	file    string // <name>.sqlite
	db      string // the database's name in Datasette: the file name's stem
	tables  []sqliteTable
	indexes []string
	views   []sqliteView
}

// sqliteTable is one table of the database.
type sqliteTable struct {
	t      *dataset.Table
	name   string
	create string // CREATE TABLE
	cols   string // the quoted column names, comma-separated
	fts    *sqliteFTS
}

// insert is the INSERT statement of n rows of the table.
func (t sqliteTable) insert(n int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(t.t.Schema.Columns())), ", ") + ")"
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES %s", sqliteIdent(t.name), t.cols, strings.TrimSuffix(strings.Repeat(row+", ", n), ", "))
}

// sqliteFTS is the full-text index of a table.
type sqliteFTS struct {
	name    string   // <table>_fts
	columns []string // indexed columns of the table
	create  string
	rebuild string
}

// planSQLite derives the database of r from its schema.
func planSQLite(r *dataset.Release) (*sqlitePlan, error) {
	if err := validateExportTables(r); err != nil {
		return nil, err
	}
	file, err := releaseFileName(r.Meta, ".sqlite")
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	p := &sqlitePlan{file: file, db: r.Meta.Name}
	names := map[string]bool{}
	for _, t := range r.Tables {
		names[t.Schema.Name] = true
	}
	for _, t := range r.Tables {
		st, err := planSQLiteTable(r, t)
		if err != nil {
			return nil, fmt.Errorf("sqlite: table %s: %w", t.Schema.Name, err)
		}
		if st.fts != nil && names[st.fts.name] {
			return nil, fmt.Errorf("sqlite: table %s: its search index %s would take the name of a table", t.Schema.Name, st.fts.name)
		}
		p.tables = append(p.tables, st)
	}
	views, indexes, err := sqliteViews(r)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	for _, v := range views {
		if names[v.name] {
			return nil, fmt.Errorf("sqlite: view %s would take the name of a table", v.name)
		}
	}
	p.views, p.indexes = views, indexes
	return p, nil
}

// releaseFileName is the name of a file of the release named after it,
// <name><ext>, refusing a name that is not one file name.
func releaseFileName(m dataset.Meta, ext string) (string, error) {
	if m.Name == "" || m.Name == "." || m.Name == ".." || strings.ContainsAny(m.Name, `/\`) {
		return "", fmt.Errorf("release name %q cannot be a file name", m.Name)
	}
	return m.Name + ext, nil
}

func planSQLiteTable(r *dataset.Release, t *dataset.Table) (sqliteTable, error) {
	if err := validateExportColumns(t); err != nil {
		return sqliteTable{}, err
	}
	s := t.Schema
	cols := s.Columns()
	if len(cols) == 0 {
		return sqliteTable{}, fmt.Errorf("no columns")
	}
	pk := int(s.Ref().ID)
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE %s (\n", sqliteIdent(s.Name))
	names := make([]string, len(cols))
	for i, c := range cols {
		if !csvSnakeCase.MatchString(c.Name) {
			return sqliteTable{}, fmt.Errorf("column name %q is not a snake_case identifier", c.Name)
		}
		typ, err := sqliteType(c.Type)
		if err != nil {
			return sqliteTable{}, fmt.Errorf("column %s: %w", c.Name, err)
		}
		names[i] = sqliteIdent(c.Name)
		fmt.Fprintf(&b, "  %s %s", names[i], typ)
		if !c.Nullable {
			b.WriteString(" NOT NULL")
		}
		if i == pk {
			if c.Nullable {
				return sqliteTable{}, fmt.Errorf("the id column %s is nullable", c.Name)
			}
			b.WriteString(" PRIMARY KEY")
		}
		if c.Type == schema.TypeDate {
			fmt.Fprintf(&b, " CHECK (%s = date(%s))", names[i], names[i])
		}
		if c.Ref != "" {
			target, col, err := dpResolveRef(r, c)
			if err != nil {
				return sqliteTable{}, err
			}
			if target.Schema.Column(col) != int(target.Schema.Ref().ID) {
				// SQLite wants a foreign key to name a primary key or a
				// unique column; the schema's Refs all name an id.
				return sqliteTable{}, fmt.Errorf("column %s: foreign key %s does not name the id of %s", c.Name, c.Ref, target.Schema.Name)
			}
			fmt.Fprintf(&b, " REFERENCES %s (%s)", sqliteIdent(target.Schema.Name), sqliteIdent(col))
		}
		if i < len(cols)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString(") STRICT")
	st := sqliteTable{
		t:      t,
		name:   s.Name,
		create: b.String(),
		cols:   strings.Join(names, ", "),
	}
	if search := sqliteSearchColumns(s); len(search) > 0 {
		name := s.Name + "_fts"
		quoted := make([]string, len(search))
		for i, c := range search {
			quoted[i] = sqliteIdent(c)
		}
		st.fts = &sqliteFTS{
			name:    name,
			columns: search,
			// Datasette recognises the index by content="<table>",
			// written with double quotes and no spaces.
			create:  fmt.Sprintf(`CREATE VIRTUAL TABLE %s USING fts5(%s, content="%s")`, sqliteIdent(name), strings.Join(quoted, ", "), s.Name),
			rebuild: fmt.Sprintf("INSERT INTO %s (%s) VALUES ('rebuild')", sqliteIdent(name), sqliteIdent(name)),
		}
	}
	return st, nil
}

// sqliteSearchColumns are the columns of a curated table the full-text
// index holds: quote_display, the passage as a reader reads it, and the
// prose a curator or the builder writes about the row, which the quote
// does not hold (an event's description, a claim's detail, the note):
// the text fields that are not verbatim (those stand in the quote as
// written), not keys, ids, codes, links or foreign keys, and not the link
// key. The verbatim `quote` is left out: it is quote_display with its line
// breaks and hyphens, and would find the same rows. A table the builder
// fills (no quote) has no index.
func sqliteSearchColumns(t *schema.Table) []string {
	if !t.Curated {
		return nil
	}
	cols := t.Columns()
	out := []string{cols[t.Ref().QuoteDisplay].Name}
	for i := range t.Fields {
		f := &t.Fields[i]
		if f.Kind != schema.KindText || f.Verbatim || f.Key || f.Ref != "" || f.Role != schema.RolePlain {
			continue
		}
		i := t.Column(f.Name)
		if i < 0 || schema.Col(i) == t.LinkKey() {
			continue
		}
		out = append(out, f.Name)
	}
	return out
}
