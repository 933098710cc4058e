// Package export writes a release in the formats readers open: CSV for
// everyone, XLSX for spreadsheets, Parquet for analysts. One file per format,
// all driven by the table schemas, so a new column needs no exporter change.
package export

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/armsdata/armsdata/dataset"
)

// Exporter writes a release into a directory.
type Exporter interface {
	// Name is the format's short name: "csv", "xlsx", "parquet".
	Name() string
	// Export writes the format's files under dir, which exists. The same
	// release must always produce the same bytes.
	Export(dir string, r *dataset.Release) error
	// Verify checks that dir holds, whole, every file Export writes for r.
	// Publish calls it once every exporter has run, and publishes nothing
	// when any Verify fails.
	Verify(dir string, r *dataset.Release) error
}

// rowWriter is an Exporter that counts the rows it writes, so that Publish
// can tell how far it is: the writers of the tables' rows take most of the
// time of a large build.
type rowWriter interface {
	// rowsToWrite is the number of rows Export writes for r.
	rowsToWrite(r *dataset.Release) int
	// exportRows is Export, calling wrote, possibly from several goroutines
	// at once, as each n more rows are written: rowsToWrite in all.
	exportRows(dir string, r *dataset.Release, wrote func(n int)) error
}

// uncounted is the wrote of an exportRows that nobody watches.
func uncounted(int) {}

// makeFormatDir creates the directory of a format's files inside the
// release directory, which must exist: os.MkdirAll would quietly recreate
// a staging directory that something removed, and the exporters after it
// would go on writing half a release.
func makeFormatDir(dir string) error {
	err := os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrExist) {
		if fi, serr := os.Lstat(dir); serr == nil && fi.IsDir() {
			return nil
		}
	}
	return err
}

// verifyTableFiles checks that dir/sub holds a regular file <table><ext>
// for every table of r, whose bytes pass whole.
func verifyTableFiles(dir string, r *dataset.Release, sub, ext string, whole func([]byte) bool) error {
	for _, t := range r.Tables {
		rel := sub + "/" + t.Schema.Name + ext
		path := filepath.Join(dir, filepath.FromSlash(rel))
		fi, err := os.Lstat(path)
		if err != nil {
			return fmt.Errorf("table %s: %w", t.Schema.Name, err)
		}
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("table %s: %s is not a regular file", t.Schema.Name, rel)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("table %s: %w", t.Schema.Name, err)
		}
		if !whole(b) {
			return fmt.Errorf("table %s: %s is truncated or not a %s file", t.Schema.Name, rel, sub)
		}
	}
	return nil
}

// verifyBytes checks that dir/name holds exactly what encode renders.
func verifyBytes(dir, name string, encode func() ([]byte, error)) error {
	want, err := encode()
	if err != nil {
		return err
	}
	got, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return err
	}
	if !bytes.Equal(got, want) {
		return fmt.Errorf("%s differs from what was written (%d bytes, want %d)", name, len(got), len(want))
	}
	return nil
}

// writeFile creates the file at path and has write fill it. A file that
// write or closing fails on is removed, so that a format's file is either
// whole or absent, as when it was written in one piece.
func writeFile(path string, write func(io.Writer) error) (err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
		}
	}()
	return write(f)
}
