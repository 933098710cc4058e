package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/armsdata/armsdata/dataset"
)

// sumsFile is the name of the checksum list SHA256Sums writes.
const sumsFile = "SHA256SUMS"

// SHA256Sums writes dir/SHA256SUMS: the SHA-256 of every other file of the
// release, so that a reader can check a download with
//
//	sha256sum -c SHA256SUMS
//
// It must run last, after every exporter that writes a file (the data
// package included), since it lists what is in dir when it runs.
//
// Format decisions:
//
//   - One line per file, "<64 lower-case hex digits>  <path>\n": two spaces
//     (GNU text mode, which on POSIX reads the same bytes as binary mode "
//     *"), the path relative to dir with forward slashes: the format
//     sha256sum prints and `sha256sum -c --strict` accepts.
//   - Lines sorted by path in byte order, not in the order a directory walk
//     meets the files ("a-b/x" sorts before "a/x"), so the same files always
//     give the same list.
//   - Every file under dir, recursively, except SHA256SUMS at the top (it
//     cannot hold its own sum). Directories are not listed; a symbolic link
//     or other non-regular file is an error, as is a path that sha256sum
//     would have to escape (a backslash or a line break), so that every line
//     is the plain form above.
//   - sha256sum -c reports changed and missing files, not added ones; a
//     reader who wants to know that nothing was added compares the list
//     with the directory.
type SHA256Sums struct{}

var _ Exporter = SHA256Sums{}

// Name returns "sha256sums".
func (SHA256Sums) Name() string { return "sha256sums" }

// Export writes dir/SHA256SUMS. The release is not read: the sums are of
// the files the earlier exporters wrote.
func (SHA256Sums) Export(dir string, _ *dataset.Release) error {
	b, err := sumsList(dir)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, sumsFile), b, 0o644)
}

// sumsList renders the SHA256SUMS text for the files under dir.
func sumsList(dir string) ([]byte, error) {
	paths, err := releaseFiles(dir)
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		// sha256sum -c refuses a list without lines, so an empty list
		// could not be checked; a release always has files.
		return nil, fmt.Errorf("no files in %s to list in %s", dir, sumsFile)
	}
	var buf bytes.Buffer
	for _, p := range paths {
		sum, _, err := fileSHA256(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&buf, "%s  %s\n", sum, p)
	}
	return buf.Bytes(), nil
}

// releaseFiles returns the slash-separated paths, relative to dir, of the
// regular files under dir except the top-level SHA256SUMS, sorted in byte
// order.
func releaseFiles(dir string) ([]string, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == sumsFile {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file (%s); a release holds only files and directories", rel, d.Type())
		}
		if strings.ContainsAny(rel, "\\\n\r") {
			return fmt.Errorf("file name %q holds a backslash or line break, which %s cannot list unescaped", rel, sumsFile)
		}
		paths = append(paths, rel)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	return paths, nil
}

// fileSHA256 returns the SHA-256 of a file's bytes, hex, and its size.
func fileSHA256(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, fmt.Errorf("reading %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// sumsCheck is how the files under a directory compare with its
// SHA256SUMS.
type sumsCheck struct {
	listed    []string // the paths SHA256SUMS lists, in its order
	malformed []string // lines not in the form SHA256Sums writes, as "line N: …"
	missing   []string // listed, not there
	changed   []string // listed, with another SHA-256
	unlisted  []string // there, not listed
}

// ok reports whether SHA256SUMS lists exactly the files under the
// directory, each with its sum.
func (c *sumsCheck) ok() bool {
	return len(c.malformed)+len(c.missing)+len(c.changed)+len(c.unlisted) == 0
}

// String lists every discrepancy, a kind of problem to a clause.
func (c *sumsCheck) String() string {
	var parts []string
	for _, p := range []struct {
		what  string
		paths []string
	}{
		{"malformed lines", c.malformed},
		{"listed but missing", c.missing},
		{"changed since it was listed (another SHA-256)", c.changed},
		{"not listed", c.unlisted},
	} {
		if len(p.paths) > 0 {
			parts = append(parts, p.what+": "+someOf(p.paths))
		}
	}
	return strings.Join(parts, "; ")
}

// someOf joins the first few items of a list, saying how many more there
// are, so that a message stays readable when a whole tree is at fault.
func someOf(items []string) string {
	const most = 5
	if len(items) <= most {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:most], ", "), len(items)-most)
}

// checkSums compares dir/SHA256SUMS with the files under dir. The error is
// for a list that cannot be read and for a tree that holds what a release
// never does (a symbolic link, a name SHA256SUMS cannot hold).
func checkSums(dir string) (*sumsCheck, error) {
	list, err := os.ReadFile(filepath.Join(dir, sumsFile))
	if err != nil {
		return nil, err
	}
	files, err := releaseFiles(dir)
	if err != nil {
		return nil, err
	}
	c := &sumsCheck{}
	want := map[string]string{}
	for i, line := range strings.SplitAfter(string(list), "\n") {
		if line == "" {
			continue // after the last line break
		}
		sum, path, ok := strings.Cut(strings.TrimSuffix(line, "\n"), "  ")
		_, herr := hex.DecodeString(sum)
		switch {
		case !ok || len(sum) != 2*sha256.Size || herr != nil || strings.ToLower(sum) != sum || path == "" || !strings.HasSuffix(line, "\n"):
			c.malformed = append(c.malformed, fmt.Sprintf("line %d: %q", i+1, strings.TrimSuffix(line, "\n")))
		case want[path] != "":
			c.malformed = append(c.malformed, fmt.Sprintf("line %d: %s listed twice", i+1, path))
		default:
			want[path] = sum
			c.listed = append(c.listed, path)
		}
	}
	have := map[string]bool{}
	for _, p := range files {
		have[p] = true
		sum, ok := want[p]
		if !ok {
			c.unlisted = append(c.unlisted, p)
			continue
		}
		got, _, err := fileSHA256(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			return nil, err
		}
		if got != sum {
			c.changed = append(c.changed, p)
		}
	}
	for _, p := range c.listed {
		if !have[p] {
			c.missing = append(c.missing, p)
		}
	}
	return c, nil
}

// Verify checks that dir/SHA256SUMS lists exactly the files under dir,
// each with its SHA-256.
func (SHA256Sums) Verify(dir string, _ *dataset.Release) error {
	c, err := checkSums(dir)
	if err != nil {
		return err
	}
	if !c.ok() {
		return fmt.Errorf("%s does not match the files: %s", sumsFile, c)
	}
	return nil
}
