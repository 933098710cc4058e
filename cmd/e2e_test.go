package cmd

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected stderr, stdout and exit code of the end-to-end cases")

// TestEndToEnd runs every case of testdata/cases. A case is a txtar archive
// whose comment says what it tests. Its files overlay a copy of
// testdata/base (a small valid project); a file whose content is exactly
// "<delete>\n" removes the base file instead. Special files:
//
//	args      the command line, one argument per line (default: build);
//	          $ROOT stands for the case's project directory, which is
//	          also written $ROOT in the output compared
//	symlinks  lines "PATH -> TARGET" creating symbolic links
//	stderr    the expected standard error, exactly
//	stdout    the expected standard output, when the case checks it
//	exit      the expected exit code
//	out       "unchanged" (the default) or "rebuilt": what the case does
//	          to out/
//
// Before the case runs, the base project is built into out/ (and then the
// case's files are laid over it, out/ included). Every case,
// whatever its exit code, must leave the rest of the project byte for byte
// as it was and no staging directory beside out/; out/ must be unchanged
// too, unless the case declares it rebuilt, and then it must be a release
// whose SHA256SUMS verifies. Run with -update to rewrite the expectations,
// then review the diff by hand.
func TestEndToEnd(t *testing.T) {
	t.Parallel() // it waits on its child processes and the disk more than on a core
	cases, err := filepath.Glob("../testdata/cases/*.txtar")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases found: %v", err)
	}
	for _, path := range cases {
		name := strings.TrimSuffix(filepath.Base(path), ".txtar")
		t.Run(name, func(t *testing.T) { runCase(t, path) })
	}
}

func runCase(t *testing.T, path string) {
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(string(ar.Comment)) == "" {
		t.Errorf("%s: say in the archive's comment what the case tests", path)
	}
	root := t.TempDir()
	if err := copyTree("../testdata/base", root); err != nil {
		t.Fatal(err)
	}
	// A previous release that the failing build must not touch: the base
	// project's, built once for all cases.
	if err := copyTree(baseRelease(t), filepath.Join(root, "out")); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer

	args := []string{"build"}
	files := map[string][]byte{}
	for _, f := range ar.Files {
		files[f.Name] = f.Data
	}
	for _, f := range ar.Files {
		switch f.Name {
		case "stderr", "stdout", "exit", "out":
		case "args":
			args = strings.Fields(strings.ReplaceAll(string(f.Data), "$ROOT", root))
		case "symlinks":
			for _, line := range strings.Split(strings.TrimSpace(string(f.Data)), "\n") {
				link, target, ok := strings.Cut(line, " -> ")
				if !ok {
					t.Fatalf("bad symlinks line %q", line)
				}
				dst := filepath.Join(root, filepath.FromSlash(link))
				os.Remove(dst)
				if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(target, dst); err != nil {
					t.Fatal(err)
				}
			}
		default:
			dst := filepath.Join(root, filepath.FromSlash(f.Name))
			if string(f.Data) == "<delete>\n" {
				if err := os.RemoveAll(dst); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dst, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	stdout.Reset()
	stderr.Reset()
	before := treeHash(t, filepath.Join(root, "out"))
	project := treeHash(t, root, "out")
	full := args
	if len(args) > 0 && takesRoot[args[0]] {
		full = append([]string{args[0], "-root", root}, args[1:]...)
	}
	code := Do(full, nil, &stdout, &stderr)

	if left, _ := filepath.Glob(filepath.Join(root, ".out.tmp-*")); len(left) > 0 {
		t.Errorf("the run left staging directories: %v", left)
	}
	if after := treeHash(t, root, "out"); after != project {
		t.Errorf("the run changed the project outside out/")
	}
	switch want := strings.TrimSpace(string(files["out"])); want {
	case "", "unchanged":
		if after := treeHash(t, filepath.Join(root, "out")); after != before {
			t.Errorf("the run changed out/ (declare \"rebuilt\" in the case's out file if it should)")
		}
	case "rebuilt":
		if code != 0 {
			t.Errorf("out/ declared rebuilt, but the run exited %d", code)
		}
		verifySums(t, filepath.Join(root, "out"))
	default:
		t.Fatalf("%s: out must be \"unchanged\" or \"rebuilt\", not %q", path, want)
	}
	got := map[string]string{
		"stderr": strings.ReplaceAll(stderr.String(), root, "$ROOT"),
		"exit":   strconv.Itoa(code) + "\n",
	}
	if _, ok := files["stdout"]; ok {
		got["stdout"] = strings.ReplaceAll(stdout.String(), root, "$ROOT")
	}
	if *update {
		for name, content := range got {
			setFile(ar, name, content)
		}
		if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, name := range []string{"exit", "stderr", "stdout"} {
		want, ok := files[name]
		if !ok {
			if name != "stdout" {
				t.Errorf("%s: no expected %s; run with -update and review", path, name)
			}
			continue
		}
		if got[name] != string(want) {
			t.Errorf("%s: %s differs\n--- got\n%s--- want\n%s", path, name, got[name], want)
		}
	}
}

// takesRoot lists the commands that read a project, to which the runner
// passes the case's directory.
var takesRoot = map[string]bool{"build": true, "check": true, "explain": true, "docs": true, "diff": true, "release": true, "version": true}

var (
	baseOnce sync.Once
	baseOut  string
	baseErr  string
)

// baseRelease builds testdata/base once and returns its out/ directory.
func baseRelease(t *testing.T) string {
	baseOnce.Do(func() {
		dir, err := os.MkdirTemp("", "armsdata-base-")
		if err != nil {
			baseErr = err.Error()
			return
		}
		var stdout, stderr bytes.Buffer
		baseOut = filepath.Join(dir, "out")
		if code := Do([]string{"build", "-q", "-root", "../testdata/base", "-o", baseOut}, nil, &stdout, &stderr); code != 0 {
			baseErr = fmt.Sprintf("the base project does not build (%d):\n%s", code, stderr.String())
		}
	})
	if baseErr != "" {
		t.Fatal(baseErr)
	}
	return baseOut
}

func setFile(ar *txtar.Archive, name, content string) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = []byte(content)
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(content)})
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}

// treeHash hashes every path, file content and link target under dir,
// leaving out the top-level entries named in skip.
func treeHash(t *testing.T, dir string, skip ...string) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if slices.Contains(skip, rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			lines = append(lines, rel+" -> "+target)
			return nil
		}
		if d.IsDir() {
			lines = append(lines, rel+"/")
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		lines = append(lines, rel+" "+hex.EncodeToString(sum[:]))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])
}

// verifySums checks every line of dir/SHA256SUMS against the file it names,
// as sha256sum -c does, that the list is not empty, and that it lists
// every other file under dir (sha256sum -c does not see added files).
func verifySums(t *testing.T, dir string) {
	t.Helper()
	list, err := os.ReadFile(filepath.Join(dir, "SHA256SUMS"))
	if err != nil {
		t.Fatalf("out/ is no release: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(string(list), "\n"), "\n")
	if len(lines) == 0 || lines[0] == "" {
		t.Fatalf("out/SHA256SUMS lists nothing")
	}
	listed := map[string]bool{"SHA256SUMS": true}
	for _, line := range lines {
		want, name, ok := strings.Cut(line, "  ")
		if !ok {
			t.Fatalf("out/SHA256SUMS: bad line %q", line)
		}
		listed[name] = true
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Errorf("out/SHA256SUMS: %v", err)
			continue
		}
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != want {
			t.Errorf("out/SHA256SUMS: %s does not match", name)
		}
	}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if !listed[filepath.ToSlash(rel)] {
			t.Errorf("out/SHA256SUMS does not list %s", filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
