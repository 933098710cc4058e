// Package site writes the release's explorer: a static web site of plain
// HTML, CSS and a little JavaScript, in which every row opens the sentence
// it comes from. It needs no server and makes no request outside its own
// directory, so it works from file:// and from any static host, and the
// same release always gives the same bytes.
//
// The site holds:
//
//   - index.html: the release, its tables and sources, how to cite;
//   - rows/<table>/<id>.html: a page per row of every curated table (and
//     of any table the site has no better place for), with the sentence
//     in its paragraph, the quote highlighted and each value marked, the
//     values with their hedges as written, the rule's file:line, the rows
//     it is linked to, the claims that cite it and a citation to paste;
//   - sources/<id>.html: each text in full, every quoted passage marked
//     and linked to its rows, every figure marked as claimed or waived
//     (with the waiver's reason), the text's notes;
//   - actors/<code>.html: an actor and the rows that name it;
//   - tables/<table>.html: every table, browsable with full-text search,
//     facets with counts and sorting, over its rows in chunks of
//     chunkRows (data/<table>/NNNN.js; script files, not JSON, since
//     browsers refuse to fetch files from a page opened from file://);
//   - balance.html: the military balance, SVG charts drawn at build time
//     from the indicators table, each mark a link to its row;
//   - style.css and site.js.
//
// Ids become file names and fragments through slug. The rows of the
// builder's tables that belong to another row (links, indicators,
// row_actors, coverage) are anchors on that row's or source's page: see
// home. Every value of the release is hostile input to a page: the pages
// are html/template templates, the data files JSON, and the script builds
// the table's cells as text nodes.
package site

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/dataset/parallel"
)

// file is one file of the site: its path, relative to the site's
// directory with forward slashes, and how to render it.
type file struct {
	path   string
	render func(*bytes.Buffer) error
}

// files lists every file of the site of r, sorted by path.
func files(r *dataset.Release) ([]file, error) {
	s, err := newSite(r)
	if err != nil {
		return nil, err
	}
	list := s.files()
	sort.Slice(list, func(i, j int) bool { return list[i].path < list[j].path })
	for i := 1; i < len(list); i++ {
		if list[i].path == list[i-1].path {
			return nil, fmt.Errorf("two pages of the site at %s", list[i].path)
		}
	}
	if err := checkFold(list); err != nil {
		return nil, err
	}
	return list, nil
}

// checkFold refuses two files whose paths differ only in case: a
// case-insensitive file system (macOS, Windows) would keep one of them.
func checkFold(list []file) error {
	seen := map[string]string{}
	for _, f := range list {
		k := strings.ToLower(f.path)
		if p, ok := seen[k]; ok {
			return fmt.Errorf("the pages %s and %s differ only in case, which a case-insensitive file system cannot hold apart", p, f.path)
		}
		seen[k] = f.path
	}
	return nil
}

// renderAll renders the files in parallel, calling use with each file's
// bytes; use may run concurrently. The first error in path order is
// returned, so that a failure reads the same on every run.
func renderAll(list []file, use func(f file, b []byte) error) error {
	errs := make([]error, len(list))
	parallel.Ranges(len(list), 64, func(lo, hi int) {
		var buf bytes.Buffer
		for i := lo; i < hi; i++ {
			buf.Reset()
			if err := list[i].render(&buf); err != nil {
				errs[i] = fmt.Errorf("%s: %w", list[i].path, err)
				continue
			}
			if err := use(list[i], buf.Bytes()); err != nil {
				errs[i] = err
			}
		}
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// dirsOf lists the directories the files need, parents first.
func dirsOf(list []file) []string {
	seen := map[string]bool{}
	var dirs []string
	for _, f := range list {
		for d := path.Dir(f.path); d != "." && !seen[d]; d = path.Dir(d) {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	sort.Strings(dirs) // a parent sorts before its children
	return dirs
}

// Write writes the site of r into dir, which must exist and be empty.
func Write(dir string, r *dataset.Release) error {
	list, err := files(r)
	if err != nil {
		return err
	}
	for _, d := range dirsOf(list) {
		if err := os.Mkdir(filepath.Join(dir, filepath.FromSlash(d)), 0o755); err != nil {
			return err
		}
	}
	return renderAll(list, func(f file, b []byte) error {
		return os.WriteFile(filepath.Join(dir, filepath.FromSlash(f.path)), b, 0o644)
	})
}

// Verify checks that dir holds exactly the site Write writes for r: every
// file, whole, and nothing else. A page is whole when it ends as every
// page does, a data file when it ends its call; the style sheet and the
// script must be the site's, byte for byte. Pages are not rendered again
// nor read whole: a release of 100k rows has about a gigabyte of them, and
// SHA256SUMS, written next, reads them all.
func Verify(dir string, r *dataset.Release) error {
	list, err := files(r)
	if err != nil {
		return err
	}
	want := map[string]bool{}
	for _, f := range list {
		want[f.path] = true
	}
	var extra []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir():
			return nil
		case !d.Type().IsRegular():
			extra = append(extra, rel+" (not a regular file)")
		case !want[rel]:
			extra = append(extra, rel)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(extra) > 0 {
		slices.Sort(extra)
		return fmt.Errorf("files the site does not have: %s", strings.Join(extra[:min(len(extra), 5)], ", "))
	}
	errs := make([]error, len(list))
	parallel.Ranges(len(list), 256, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			errs[i] = verifyFile(dir, list[i])
		}
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// The ends of a whole page and of a whole data file.
const (
	pageEnd  = "</html>\n"
	chunkEnd = ");\n"
)

// verifyFile checks that the file f of the site in dir is whole.
func verifyFile(dir string, f file) error {
	path := filepath.Join(dir, filepath.FromSlash(f.path))
	switch f.path {
	case stylePath, scriptPath:
		var want bytes.Buffer
		if err := f.render(&want); err != nil {
			return err
		}
		got, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("%s: %w", f.path, err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			return fmt.Errorf("%s is not the site's (%d bytes, want %d)", f.path, len(got), want.Len())
		}
		return nil
	}
	end := pageEnd
	if strings.HasSuffix(f.path, ".js") {
		end = chunkEnd
	}
	fh, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s is missing", f.path)
	}
	if err != nil {
		return err
	}
	defer fh.Close()
	fi, err := fh.Stat()
	if err != nil {
		return err
	}
	tail := make([]byte, len(end))
	if fi.Size() < int64(len(end)) {
		return fmt.Errorf("%s is not whole (%d bytes)", f.path, fi.Size())
	}
	if _, err := fh.ReadAt(tail, fi.Size()-int64(len(end))); err != nil {
		return fmt.Errorf("%s: %w", f.path, err)
	}
	if string(tail) != end {
		return fmt.Errorf("%s is not whole: it does not end with %q", f.path, end)
	}
	return nil
}
