package cmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/armsdata/armsdata/schema"
)

// TestConcurrentBuilds starts three builds of the same project at once,
// real processes of the binary a few milliseconds apart, for 15 rounds,
// with another dataset version each round so that every round's release
// differs from the one before. After every round out/ must be a whole
// release of that round's version (verifyRelease), every build must have
// exited 0 (a build waits for another one publishing; it never breaks it),
// and nothing may be left beside out/. Before publishing was serialised,
// one build's cleanup removed another's live staging directory and a
// release of only datapackage.json and SHA256SUMS was published, exit 0.
func TestConcurrentBuilds(t *testing.T) {
	t.Parallel() // it waits on its child processes and the disk more than on a core
	bin := buildBinary(t)
	root := filepath.Join(t.TempDir(), "project")
	if err := copyTree("../testdata/base", root); err != nil {
		t.Fatal(err)
	}
	meta := filepath.Join(root, filepath.FromSlash(schema.MetaFile))
	orig, err := os.ReadFile(meta)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "out")
	// 15 rounds: the unserialised publishing failed in round 0, and each
	// round is three whole builds (every exporter included, the site's and
	// the database's files synced too), the most of any test in make test.
	rounds := 15
	if testing.Short() {
		rounds = 10
	}
	waited := 0
	for i := range rounds {
		version := fmt.Sprintf("0.%d.0", i+1)
		writeFile(t, meta, withVersion(t, orig, version))
		type result struct {
			err    error
			stderr string
		}
		results := make([]result, 3)
		var wg sync.WaitGroup
		for j := range results {
			// Start offsets spread over 0..99 ms, different every round.
			delay := time.Duration((i*37+j*53)%100) * time.Millisecond
			if j == 0 {
				delay = 0
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				time.Sleep(delay)
				cmd := exec.Command(bin, "build", "-q", "-root", root)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				results[j] = result{cmd.Run(), stderr.String()}
			}()
		}
		wg.Wait()
		for j, r := range results {
			if r.err != nil {
				t.Fatalf("round %d: build %d failed: %v\n%s", i, j, r.err, r.stderr)
			}
			if strings.Contains(r.stderr, "waiting for another build") {
				waited++
			} else if r.stderr != "" {
				t.Errorf("round %d: build %d: unexpected stderr:\n%s", i, j, r.stderr)
			}
		}
		verifyRelease(t, out, version)
		if left := leftovers(t, root); len(left) > 0 {
			t.Fatalf("round %d: left beside out/: %v", i, left)
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	t.Logf("%d rounds of 3 concurrent builds; %d builds waited for another", rounds, waited)
}

// withVersion returns seeds/dataset.yaml text with its version: line set
// to version.
func withVersion(t *testing.T, meta []byte, version string) []byte {
	t.Helper()
	lines := strings.SplitAfter(string(meta), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "version:") {
			lines[i] = "version: " + version + "\n"
			return []byte(strings.Join(lines, ""))
		}
	}
	t.Fatalf("%s has no version: line to vary", schema.MetaFile)
	return nil
}

// verifyRelease checks, independently of the exporters' own checks, that
// dir is a whole release of the given version (any version when ""): its
// SHA256SUMS verifies and lists every other file (verifySums), every table of the
// schema has its CSV and Parquet file, the workbook has a sheet for every
// table, and datapackage.json carries the version.
func verifyRelease(t *testing.T, dir, version string) {
	t.Helper()
	verifySums(t, dir)
	listed := map[string]bool{}
	list, _ := os.ReadFile(filepath.Join(dir, "SHA256SUMS"))
	for _, line := range strings.Split(strings.TrimSuffix(string(list), "\n"), "\n") {
		if _, name, ok := strings.Cut(line, "  "); ok {
			listed[name] = true
		}
	}
	var pkg struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "datapackage.json"))
	if err == nil {
		err = json.Unmarshal(data, &pkg)
	}
	if err != nil {
		t.Fatalf("%s: datapackage.json: %v", dir, err)
	}
	if version != "" && pkg.Version != version {
		t.Errorf("%s: release of version %s, want %s", dir, pkg.Version, version)
	}
	book, err := excelize.OpenFile(filepath.Join(dir, pkg.Name+".xlsx"))
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	sheets := book.GetSheetList()
	book.Close()
	for _, table := range schema.All {
		for _, f := range []string{"csv/" + table.Name + ".csv", "parquet/" + table.Name + ".parquet"} {
			if !listed[f] {
				t.Errorf("%s: table %s: %s missing", dir, table.Name, f)
			}
		}
		if !slices.Contains(sheets, table.Name) {
			t.Errorf("%s: table %s has no sheet in the workbook (sheets %q)", dir, table.Name, sheets)
		}
	}
}

// TestInterruptedBuild sends SIGINT and SIGTERM to real builds while they
// write the release (as soon as the staging directory appears, and a few
// milliseconds later) and checks that each one removes its staging
// directory and lock file, exits 128 + the signal's number saying so, and
// leaves out/ as it was — or, when the signal came too late, finished and
// exited 0 with the new release whole. Before, a signal ended the process
// on the spot and left the staging directory behind.
func TestInterruptedBuild(t *testing.T) {
	t.Parallel() // it waits on its child processes and the disk more than on a core
	if runtime.GOOS == "windows" {
		t.Skip("SIGINT and SIGTERM cannot be sent to a process on Windows")
	}
	bin := buildBinary(t)
	project, what := killProject(t, bin) // a build long enough to cut
	t.Logf("project: %s", what)
	root := filepath.Join(t.TempDir(), "main")
	if err := copyTree(filepath.Join(project, "seeds"), filepath.Join(root, "seeds")); err != nil {
		t.Fatal(err)
	}
	meta := filepath.Join(root, filepath.FromSlash(schema.MetaFile))
	orig, err := os.ReadFile(meta)
	if err != nil {
		t.Fatal(err)
	}
	runWholeBuild(t, bin, root)
	out := filepath.Join(root, "out")

	interrupted, round := 0, 0
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		for _, extra := range []time.Duration{0, 0, 2, 5, 10, 20} {
			round++
			version := fmt.Sprintf("1.0.%d", round)
			writeFile(t, meta, withVersion(t, orig, version))
			before := treeSums(t, out)
			cmd := exec.Command(bin, "build", "-q", "-root", root)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			var err error
			if waitForStaging(t, root, done, &err) {
				time.Sleep(extra * time.Millisecond)
				if serr := cmd.Process.Signal(sig); serr != nil && !errors.Is(serr, os.ErrProcessDone) {
					t.Fatal(serr)
				}
				err = <-done
			}
			var exit *exec.ExitError
			switch {
			case err == nil: // finished before the signal
				verifyRelease(t, out, version)
			case errors.As(err, &exit) && exit.ExitCode() == 128+int(sig):
				interrupted++
				if want := "armsdata build: interrupted by " + unixSignalName(sig) + ": the unfinished release was removed"; !strings.Contains(stderr.String(), want) {
					t.Errorf("%v after staging + %dms: stderr does not say %q:\n%s", sig, extra, want, stderr.String())
				}
				if got := treeSums(t, out); !equalSums(got, before) {
					t.Errorf("%v after staging + %dms: out/ changed:\n%s", sig, extra, sumsDiff(got, before))
				}
			default:
				t.Fatalf("%v after staging + %dms: %v\n%s", sig, extra, err, stderr.String())
			}
			if left := leftovers(t, root); len(left) > 0 {
				t.Errorf("%v after staging + %dms: left beside out/: %v", sig, extra, left)
			}
		}
	}
	t.Logf("%d of %d builds interrupted while writing, the others had finished", interrupted, round)
	if interrupted < round/2 {
		t.Errorf("only %d of %d signals landed while the release was written", interrupted, round)
	}
}

// waitForStaging polls for the build's staging directory beside out/ and
// reports whether it appeared before the build ended (then *err is the
// build's result).
func waitForStaging(t *testing.T, root string, done <-chan error, err *error) bool {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if left, _ := filepath.Glob(filepath.Join(root, ".out.tmp-*")); len(left) > 0 {
			return true
		}
		select {
		case *err = <-done:
			return false
		case <-time.After(200 * time.Microsecond):
		}
	}
	t.Fatal("the build wrote no staging directory in 30 s")
	return false
}

// unixSignalName is the name the build prints for a signal.
func unixSignalName(sig syscall.Signal) string {
	return map[syscall.Signal]string{syscall.SIGINT: "SIGINT", syscall.SIGTERM: "SIGTERM"}[sig]
}

// TestBuildOutPaths runs build from the project directory with -o spelled
// as a person types it, relative to the current directory: every spelling
// of the project, its seeds/, a directory above them, .git or a file of the
// release is refused with the project left byte for byte as it was; the
// release's own place, however spelled, is rebuilt.
func TestBuildOutPaths(t *testing.T) {
	tests := []struct {
		out    string
		code   int
		stderr string // a part of stderr; "" for a build that publishes
	}{
		{"", ExitUsage, "armsdata build: -o needs a directory\n"},
		{"seeds", ExitData, "refusing to write the release to seeds, and changing nothing: it is the project's seeds/ directory"},
		{"seeds/", ExitData, "it is the project's seeds/ directory"},
		{"./out/../seeds", ExitData, "it is the project's seeds/ directory"},
		{"seeds/texts", ExitData, "it lies inside the project's seeds/ directory"},
		{"seeds/rules/new", ExitData, "it lies inside the project's seeds/ directory"},
		{".", ExitData, "it is the project directory"},
		{"out/..", ExitData, "it is the project directory"},
		{"..", ExitData, "it holds the project directory"},
		{"/", ExitData, "it holds the project directory"},
		{".git", ExitData, "it is not a release armsdata wrote (it has no SHA256SUMS), and publishing would delete what it holds: .git/HEAD"},
		{"out/SHA256SUMS", ExitData, "it lies inside the release"},
		{"out/csv", ExitData, "it lies inside the release"},
		{"out", ExitOK, ""},
		{"./out/", ExitOK, ""},
		{"seeds/../out", ExitOK, ""},
	}
	for _, tc := range tests {
		t.Run(tc.out, func(t *testing.T) {
			root := t.TempDir()
			if err := copyTree("../testdata/base", root); err != nil {
				t.Fatal(err)
			}
			if err := copyTree(baseRelease(t), filepath.Join(root, "out")); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(root, ".git", "HEAD"), []byte("ref: refs/heads/main\n"))
			before := treeHash(t, root)
			t.Chdir(root)
			var stdout, stderr bytes.Buffer
			code := Do([]string{"build", "-q", "-o", tc.out}, nil, &stdout, &stderr)
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s", code, tc.code, stderr.String())
			}
			if tc.stderr == "" {
				verifyRelease(t, filepath.Join(root, "out"), "")
				if left := leftovers(t, root, ".git"); len(left) > 0 {
					t.Errorf("left %v", left)
				}
				return
			}
			if !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("stderr does not say %q:\n%s", tc.stderr, stderr.String())
			}
			if treeHash(t, root) != before {
				t.Error("a refused build changed the project")
			}
		})
	}
}

// TestDocsWritesInPlace: docs fills the generated sections of README.md
// through a file renamed over it (so an interrupted run never leaves half
// a README) and, when README.md is a symbolic link, writes the file it
// points to and keeps the link. It leaves no temporary file. (A guard for
// the renamed write, which would otherwise replace the link by a file.)
func TestDocsWritesInPlace(t *testing.T) {
	readme := "# Project\n\n<!-- figures:begin -->\n<!-- figures:end -->\n\n<!-- tables:begin -->\nold\n<!-- tables:end -->\n\nKept.\n\n<!-- summary:begin -->\n<!-- summary:end -->\n\n<!-- cite:begin -->\n<!-- cite:end -->\n"
	for _, linked := range []bool{false, true} {
		t.Run(fmt.Sprintf("linked=%v", linked), func(t *testing.T) {
			root := t.TempDir()
			if err := copyTree("../testdata/base", root); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(root, "README.md")
			if linked {
				if err := os.Mkdir(filepath.Join(root, "doc"), 0o755); err != nil {
					t.Fatal(err)
				}
				path = filepath.Join(root, "doc", "README.md")
				if err := os.Symlink(filepath.Join("doc", "README.md"), filepath.Join(root, "README.md")); err != nil {
					t.Skip(err)
				}
			}
			writeFile(t, path, []byte(readme))
			var stdout, stderr bytes.Buffer
			if code := Do([]string{"docs", "-root", root}, nil, &stdout, &stderr); code != ExitOK {
				t.Fatalf("exit %d\n%s", code, stderr.String())
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(got), "\nold\n") || !strings.Contains(string(got), "### `sources`") || !strings.Contains(string(got), "| `more_than` |") || !strings.HasSuffix(string(got), "<!-- cite:end -->\n") {
				t.Errorf("README.md not regenerated:\n%s", got)
			}
			if fi, err := os.Lstat(filepath.Join(root, "README.md")); err != nil || (fi.Mode()&os.ModeSymlink != 0) != linked {
				t.Errorf("README.md: %v, %v; want a link: %v", fi.Mode(), err, linked)
			}
			for _, dir := range []string{root, filepath.Dir(path)} {
				if left, _ := filepath.Glob(filepath.Join(dir, ".README.md.tmp-*")); len(left) > 0 {
					t.Errorf("left %v", left)
				}
			}
			if code := Do([]string{"docs", "-check", "-root", root}, nil, &stdout, &stderr); code != ExitOK {
				t.Errorf("docs -check after docs: exit %d\n%s", code, stderr.String())
			}
		})
	}
}
