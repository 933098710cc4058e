package export

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestSumsName(t *testing.T) {
	if got := (SHA256Sums{}).Name(); got != "sha256sums" {
		t.Errorf("Name() = %q", got)
	}
}

// writeFiles creates the files (slash-separated path → content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readSums(t *testing.T, dir string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, sumsFile))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sumsLine is a line of sha256sum's output for a plain file name.
var sumsLine = regexp.MustCompile(`^([0-9a-f]{64})  ([^\n\\]+)$`)

// parseSums checks the form of every line and returns the listed paths
// with their sums, in file order.
func parseSums(t *testing.T, b []byte) (paths, sums []string) {
	t.Helper()
	if len(b) == 0 || b[len(b)-1] != '\n' {
		t.Fatalf("%s does not end in a newline: %q", sumsFile, b)
	}
	for _, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		m := sumsLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("line %q is not <64 hex>  <path>", line)
		}
		sums, paths = append(sums, m[1]), append(paths, m[2])
	}
	return paths, sums
}

// TestSumsFormat checks the lines on a tree chosen to catch the usual
// slips: nested directories, names whose walk order differs from their
// byte order ("a-b/x" < "a/x" < "a0"), upper before lower case, an empty
// file, a stale SHA256SUMS at the top (replaced, never listed) and one
// further down (an ordinary file, listed).
func TestSumsFormat(t *testing.T) {
	files := map[string]string{
		"a/x":             "in a",
		"a-b/x":           "in a-b",
		"a0":              "a0",
		"B":               "upper",
		"b":               "lower",
		"empty":           "",
		"csv/t.csv":       "id\n1\n",
		"deep/er/dir/f.z": "deep",
		"sub/SHA256SUMS":  "not ours",
		"ünï.txt":         "utf-8 name",
	}
	dir := t.TempDir()
	writeFiles(t, dir, files)
	writeFiles(t, dir, map[string]string{sumsFile: "stale\n"})
	if err := (SHA256Sums{}).Export(dir, nil); err != nil {
		t.Fatal(err)
	}
	paths, sums := parseSums(t, readSums(t, dir))
	want := []string{"B", "a-b/x", "a/x", "a0", "b", "csv/t.csv", "deep/er/dir/f.z", "empty", "sub/SHA256SUMS", "ünï.txt"}
	if !slices.Equal(paths, want) {
		t.Errorf("paths = %q, want %q (byte order, %s itself left out)", paths, want, sumsFile)
	}
	for i, p := range paths {
		sum := sha256.Sum256([]byte(files[p]))
		if sums[i] != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: sum %s, want %x", p, sums[i], sum)
		}
	}
}

// TestSumsDeterministic checks that the same files give the same list,
// also when SHA256SUMS is written again over itself.
func TestSumsDeterministic(t *testing.T) {
	files := map[string]string{"x/1": "one", "x/2": "two", "y": "three"}
	a, b := t.TempDir(), t.TempDir()
	writeFiles(t, a, files)
	writeFiles(t, b, files)
	for _, dir := range []string{a, b, b} {
		if err := (SHA256Sums{}).Export(dir, nil); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(readSums(t, a), readSums(t, b)) {
		t.Errorf("lists differ:\n%s\n%s", readSums(t, a), readSums(t, b))
	}
}

// TestSumsRejects checks what cannot be listed as plain lines.
func TestSumsRejects(t *testing.T) {
	tests := []struct {
		name, want string
		setup      func(t *testing.T, dir string)
	}{
		{"empty directory", "no files", func(*testing.T, string) {}},
		{"only a stale list", "no files", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{sumsFile: "stale\n"})
		}},
		{"symbolic link", "not a regular file", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"f": "x"})
			if err := os.Symlink("f", filepath.Join(dir, "link")); err != nil {
				t.Skip(err)
			}
		}},
		{"backslash in a name", "backslash", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{`a\b`: "x"})
		}},
		{"line break in a name", "line break", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"a\nb": "x"})
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tc.setup(t, dir)
			err := (SHA256Sums{}).Export(dir, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Export error = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

// releaseOrder is the order the lead appends to All(): every file writer,
// then the data package, then the checksums.
var releaseOrder = []Exporter{CSV{}, Parquet{}, XLSX{}, DataPackage{}, SHA256Sums{}}

// exportRelease publishes dpRelease with every exporter, as a build does,
// and returns the published directory.
func exportRelease(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	if err := (Publisher{}).Publish(context.Background(), out, dpRelease(), releaseOrder); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSumsListsRelease checks, on a full release, that SHA256SUMS lists
// every file of the release except itself, the data package and the
// workbook included, with its sum.
func TestSumsListsRelease(t *testing.T) {
	dir := exportRelease(t)
	paths, sums := parseSums(t, readSums(t, dir))
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
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
	files = slices.DeleteFunc(files, func(p string) bool { return p == sumsFile })
	slices.Sort(files)
	if !slices.Equal(paths, files) {
		t.Errorf("listed %q, want every file but %s: %q", paths, sumsFile, files)
	}
	for _, must := range []string{dataPackageFile, "fixture.xlsx", "csv/fixture.csv", "parquet/fixture.parquet"} {
		if !slices.Contains(paths, must) {
			t.Errorf("%s is not listed", must)
		}
	}
	for i, p := range paths {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(b); sums[i] != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: listed sum %s, file's %x", p, sums[i], sum)
		}
	}
}

// sha256sumCheck runs `sha256sum -c --strict SHA256SUMS` in dir.
func sha256sumCheck(t *testing.T, dir string) (string, error) {
	t.Helper()
	bin, err := exec.LookPath("sha256sum")
	if err != nil {
		t.Skip("sha256sum (coreutils) not installed")
	}
	cmd := exec.Command(bin, "-c", "--strict", sumsFile)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestSumsSha256sumCheck checks that GNU sha256sum accepts the list of a
// published release, and that it fails once a listed file is changed or
// gone.
func TestSumsSha256sumCheck(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func(t *testing.T, dir string)
		wantErr string // "" when the check must pass
	}{
		{"untouched", func(*testing.T, string) {}, ""},
		{"one byte of a CSV changed", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "csv", "fixture.csv")
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)-2] ^= 1
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}, "csv/fixture.csv: FAILED"},
		{"data package appended to", func(t *testing.T, dir string) {
			f, err := os.OpenFile(filepath.Join(dir, dataPackageFile), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString(" ")
			f.Close()
		}, dataPackageFile + ": FAILED"},
		{"Parquet file removed", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, "parquet", "actors.parquet")); err != nil {
				t.Fatal(err)
			}
		}, "parquet/actors.parquet"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := exportRelease(t)
			tc.tamper(t, dir)
			out, err := sha256sumCheck(t, dir)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("sha256sum -c failed: %v\n%s", err, out)
			case tc.wantErr == "" && !strings.Contains(out, "csv/fixture.csv: OK"):
				t.Errorf("sha256sum -c did not check the files:\n%s", out)
			case tc.wantErr != "" && err == nil:
				t.Errorf("sha256sum -c passed a tampered release:\n%s", out)
			case tc.wantErr != "" && !strings.Contains(out, tc.wantErr):
				t.Errorf("sha256sum -c output does not mention %q:\n%s", tc.wantErr, out)
			}
		})
	}
}
