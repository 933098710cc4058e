// Package diff compares two releases of the dataset as their CSV files
// hold them: table by table, and row by row keyed by the row id, the first
// column of every table (id, source_id for sources, code for actors), which
// stays the same from release to release.
//
// A release is read either from a directory (<dir>/csv/<table>.csv, as
// "armsdata build" writes it) or from a git revision of a repository
// (<rev>:out/csv/<table>.csv). Compare computes a Result; WriteText,
// WriteCSV, WriteJSON and WriteMarkdown print it.
package diff

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
)

// Release is the tables of one release, read from its CSV files.
type Release struct {
	// Label names the release in output: the directory or revision as
	// the user gave it.
	Label string
	// Tables holds every table by name (the file name without ".csv").
	Tables map[string]*Table
}

// Table is one CSV file of a release.
type Table struct {
	Name   string
	Header []string
	// Rows are the records after the header, in file order, each as wide
	// as Header. Their first cells, the row ids, are unique.
	Rows [][]string
}

// ParseTable reads one table from its CSV text: a header row, then one
// record per row, every record as wide as the header. It refuses a file
// without a header, a column name that appears twice and a row id that
// appears twice, since rows are matched by id.
//
// encoding/csv drops a carriage return before a line break, also inside a
// quoted field; the release writes none.
func ParseTable(name string, data []byte) (*Table, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = 0 // every record as wide as the header
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("table %s: empty file, no header row", name)
	}
	if err != nil {
		return nil, fmt.Errorf("table %s: %w", name, err)
	}
	seen := make(map[string]bool, len(header))
	for _, c := range header {
		if seen[c] {
			return nil, fmt.Errorf("table %s: column %q appears twice in the header", name, c)
		}
		seen[c] = true
	}
	t := &Table{Name: name, Header: header}
	lines := make(map[string]int)
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", name, err)
		}
		line, _ := r.FieldPos(0)
		if first, dup := lines[rec[0]]; dup {
			return nil, fmt.Errorf("table %s: line %d: row id %q appears twice (first on line %d)", name, line, rec[0], first)
		}
		lines[rec[0]] = line
		t.Rows = append(t.Rows, rec)
	}
	return t, nil
}

// ReadDir reads the release in dir: every regular file dir/csv/*.csv.
// Other files are ignored.
func ReadDir(dir string) (*Release, error) {
	csvDir := filepath.Join(dir, "csv")
	fi, err := os.Stat(csvDir)
	if err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a release directory: it has no csv/ directory", dir)
	}
	entries, err := os.ReadDir(csvDir)
	if err != nil {
		return nil, err
	}
	rel := &Release{Label: dir, Tables: make(map[string]*Table)}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".csv")
		if !ok || name == "" {
			continue
		}
		file := filepath.Join(csvDir, e.Name())
		if fi, err := os.Stat(file); err != nil || !fi.Mode().IsRegular() {
			continue
		}
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		t, err := ParseTable(name, data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		rel.Tables[name] = t
	}
	return rel, nil
}

// ReleaseDir is where a repository keeps its committed release: ReadGit
// reads <rev>:out/csv/*.csv.
const ReleaseDir = "out"

// ReadGit reads the release committed at revision rev (a tag, a branch,
// HEAD~1, a commit hash: anything "git rev-parse" takes) in the git
// repository at root: every file <rev>:<dir>/csv/*.csv. It runs git.
func ReadGit(root, rev, dir string) (*Release, error) {
	if rev == "" || strings.HasPrefix(rev, "-") {
		return nil, fmt.Errorf("%q is not a git revision", rev)
	}
	commit, err := Git(root, "rev-parse", "--verify", "--quiet", rev+"^{commit}")
	if err != nil {
		return nil, fmt.Errorf("%q is neither a directory nor a revision of the git repository at %s", rev, root)
	}
	hash := strings.TrimSpace(string(commit))
	csvDir := path.Join(dir, "csv")
	list, err := Git(root, "ls-tree", "-z", hash+":"+csvDir)
	if err != nil {
		return nil, fmt.Errorf("revision %s has no %s/ directory: %v", rev, csvDir, err)
	}
	rel := &Release{Label: rev, Tables: make(map[string]*Table)}
	for _, entry := range strings.Split(string(list), "\x00") {
		// <mode> SP <type> SP <object> TAB <file>
		meta, file, ok := strings.Cut(entry, "\t")
		if !ok {
			continue
		}
		f := strings.Fields(meta)
		name, isCSV := strings.CutSuffix(file, ".csv")
		if len(f) != 3 || f[1] != "blob" || f[0] == "120000" || !isCSV || name == "" {
			continue // not a regular file, or not a table
		}
		data, err := Git(root, "cat-file", "blob", f[2])
		if err != nil {
			return nil, fmt.Errorf("revision %s: %s/%s: %v", rev, csvDir, file, err)
		}
		t, err := ParseTable(name, data)
		if err != nil {
			return nil, fmt.Errorf("revision %s: %s/%s: %w", rev, csvDir, file, err)
		}
		rel.Tables[name] = t
	}
	return rel, nil
}

// Open reads the release that arg names. An existing directory wins: it
// is read with ReadDir. Anything else is taken for a revision of the git
// repository at root and read with ReadGit (its out/csv/). To name a
// revision that is also the name of a directory, write it as REV^0.
func Open(arg, root string) (*Release, error) {
	if fi, err := os.Stat(arg); err == nil && fi.IsDir() {
		return ReadDir(arg)
	}
	return ReadGit(root, arg, ReleaseDir)
}

// Git runs git in the repository at root and returns its standard output;
// its error carries git's message. The release command uses it too.
func Git(root string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"-C", root}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return nil, fmt.Errorf("git %s: %s", args[0], msg)
		}
		return nil, fmt.Errorf("git %s: %w", args[0], err)
	}
	return out, nil
}
