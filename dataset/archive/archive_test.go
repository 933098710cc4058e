package archive

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// tree is a small release: the names are chosen so that sorting by full
// name differs from a depth-first walk ("csv-extra/" sorts before "csv/").
var tree = map[string]string{
	"armsdata.xlsx":       "PK fake workbook",
	"csv/b.csv":           "id\nb\n",
	"csv/a.csv":           "id\na\n",
	"csv-extra/z.txt":     "z\n",
	"parquet/a.parquet":   "PAR1",
	"SHA256SUMS":          "sums\n",
	"empty/.keep":         "",
	"datapackage.json":    "{}\n",
	"parquet/deep/x.bin":  "x",
	"parquet/deep/y.bin":  "y",
	"parquet/deep.readme": "r",
}

// wantNames are the entries of tree's archive under the prefix p-1.0.0.
var wantNames = []string{
	"p-1.0.0/",
	"p-1.0.0/SHA256SUMS",
	"p-1.0.0/armsdata.xlsx",
	"p-1.0.0/csv-extra/",
	"p-1.0.0/csv-extra/z.txt",
	"p-1.0.0/csv/",
	"p-1.0.0/csv/a.csv",
	"p-1.0.0/csv/b.csv",
	"p-1.0.0/datapackage.json",
	"p-1.0.0/empty/",
	"p-1.0.0/empty/.keep",
	"p-1.0.0/parquet/",
	"p-1.0.0/parquet/a.parquet",
	"p-1.0.0/parquet/deep.readme",
	"p-1.0.0/parquet/deep/",
	"p-1.0.0/parquet/deep/x.bin",
	"p-1.0.0/parquet/deep/y.bin",
}

func makeTree(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	for name, text := range tree {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func archiveOf(t *testing.T, dir, prefix string) []byte {
	t.Helper()
	var b bytes.Buffer
	n, err := Write(&b, dir, prefix)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(tree) {
		t.Errorf("Write reported %d files, want %d", n, len(tree))
	}
	return b.Bytes()
}

// Two runs, on two copies of the tree in different places with different
// times and permissions on disk, give the same bytes.
func TestArchiveDeterministic(t *testing.T) {
	a := makeTree(t)
	first := archiveOf(t, a, "p-1.0.0")
	if again := archiveOf(t, a, "p-1.0.0"); !bytes.Equal(first, again) {
		t.Fatal("two runs on the same tree differ")
	}
	b := makeTree(t)
	when := time.Date(2031, 5, 6, 7, 8, 9, 123456789, time.UTC)
	for name := range tree {
		p := filepath.Join(b, name)
		if err := os.Chtimes(p, when, when); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, 0o600); err != nil { // owner-only, no execute bit
			t.Fatal(err)
		}
	}
	if err := os.Chmod(filepath.Join(b, "csv"), 0o700); err != nil {
		t.Fatal(err)
	}
	if other := archiveOf(t, b, "p-1.0.0"); !bytes.Equal(first, other) {
		t.Fatal("a copy with other times and permissions gives other bytes")
	}
}

func TestArchiveEntries(t *testing.T) {
	dir := makeTree(t)
	exe := filepath.Join(dir, "csv", "a.csv")
	if err := os.Chmod(exe, 0o744); err != nil {
		t.Fatal(err)
	}
	data := archiveOf(t, dir, "p-1.0.0")

	// The gzip header: no name, no comment, time 0 (bytes 4–7).
	if !bytes.Equal(data[4:8], []byte{0, 0, 0, 0}) {
		t.Errorf("gzip MTIME bytes %v, want zero", data[4:8])
	}
	if data[3]&0x18 != 0 { // FNAME, FCOMMENT
		t.Errorf("gzip FLG %#x names a file or a comment", data[3])
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if zr.Name != "" || !zr.ModTime.IsZero() || zr.Comment != "" {
		t.Errorf("gzip header %+v", zr.Header)
	}

	tr := tar.NewReader(zr)
	var names []string
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, h.Name)
		if h.ModTime.Unix() != 0 || h.Uid != 0 || h.Gid != 0 || h.Uname != "" || h.Gname != "" {
			t.Errorf("%s: mtime %v uid %d gid %d uname %q gname %q", h.Name, h.ModTime, h.Uid, h.Gid, h.Uname, h.Gname)
		}
		if h.Format != tar.FormatUSTAR {
			t.Errorf("%s: format %v, want USTAR", h.Name, h.Format)
		}
		wantMode, wantType := int64(0o644), byte(tar.TypeReg)
		switch {
		case strings.HasSuffix(h.Name, "/"):
			wantMode, wantType = 0o755, tar.TypeDir
		case h.Name == "p-1.0.0/csv/a.csv":
			wantMode = 0o755 // an execute bit on disk
		}
		if h.Mode != wantMode || h.Typeflag != wantType {
			t.Errorf("%s: mode %o type %c, want %o %c", h.Name, h.Mode, h.Typeflag, wantMode, wantType)
		}
		if wantType == tar.TypeReg {
			body, err := io.ReadAll(tr)
			if err != nil {
				t.Fatal(err)
			}
			if want := tree[strings.TrimPrefix(h.Name, "p-1.0.0/")]; string(body) != want {
				t.Errorf("%s: content %q, want %q", h.Name, body, want)
			}
		}
	}
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("entries\n%s\nwant\n%s", strings.Join(names, "\n"), strings.Join(wantNames, "\n"))
	}
}

func TestArchiveNoPrefix(t *testing.T) {
	data := archiveOf(t, makeTree(t), "")
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	h, err := tar.NewReader(zr).Next()
	if err != nil {
		t.Fatal(err)
	}
	if h.Name != "SHA256SUMS" {
		t.Errorf("first entry %q, want SHA256SUMS (no entry for the root)", h.Name)
	}
}

func TestArchiveRefuses(t *testing.T) {
	dir := makeTree(t)
	for _, prefix := range []string{"a/b", ".", ".."} {
		if _, err := Write(io.Discard, dir, prefix); err == nil {
			t.Errorf("prefix %q accepted", prefix)
		}
	}
	if err := os.Symlink("a.csv", filepath.Join(dir, "csv", "link.csv")); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(io.Discard, dir, "p"); err == nil || !strings.Contains(err.Error(), "link.csv is not a regular file") {
		t.Errorf("a symbolic link: error %v", err)
	}
	if _, err := Write(io.Discard, filepath.Join(dir, "missing"), "p"); err == nil {
		t.Error("a missing directory: no error")
	}
}

// WriteFile writes the archive and a checksum file that sha256sum -c
// accepts, and tar -tzf lists the entries in order.
func TestArchiveWriteFile(t *testing.T) {
	dir := makeTree(t)
	dist := t.TempDir()
	path := filepath.Join(dist, "p-1.0.0.tar.gz")
	sum, n, err := WriteFile(path, dir, "p-1.0.0")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, archiveOf(t, dir, "p-1.0.0")) {
		t.Error("WriteFile wrote other bytes than Write")
	}
	h := sha256.Sum256(data)
	if sum != hex.EncodeToString(h[:]) || n != len(tree) {
		t.Errorf("sum %s files %d", sum, n)
	}
	line, err := os.ReadFile(path + ".sha256")
	if err != nil {
		t.Fatal(err)
	}
	if want := sum + "  p-1.0.0.tar.gz\n"; string(line) != want {
		t.Errorf("checksum file %q, want %q", line, want)
	}
	entries, _ := os.ReadDir(dist)
	if len(entries) != 2 {
		t.Errorf("dist holds %d files, want 2 (no temporary file left)", len(entries))
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("archive mode %v, %v", fi.Mode(), err)
	}

	if _, err := exec.LookPath("sha256sum"); err == nil {
		cmd := exec.Command("sha256sum", "-c", "p-1.0.0.tar.gz.sha256")
		cmd.Dir = dist
		if out, err := cmd.CombinedOutput(); err != nil || string(out) != "p-1.0.0.tar.gz: OK\n" {
			t.Errorf("sha256sum -c: %v\n%s", err, out)
		}
	}
	if _, err := exec.LookPath("tar"); err == nil {
		out, err := exec.Command("tar", "-tzf", path).CombinedOutput()
		if err != nil {
			t.Fatalf("tar -tzf: %v\n%s", err, out)
		}
		if got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n"); !reflect.DeepEqual(got, wantNames) {
			t.Errorf("tar -tzf lists\n%s", out)
		}
	}

	// Writing again replaces both files with the same bytes.
	if sum2, _, err := WriteFile(path, dir, "p-1.0.0"); err != nil || sum2 != sum {
		t.Errorf("second WriteFile: %s, %v", sum2, err)
	}
}
