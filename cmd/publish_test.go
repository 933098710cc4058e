package cmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/armsdata/armsdata/schema"
)

// TestConcurrentBuilds starts three builds of the same project at once,
// real processes of the binary a few milliseconds apart, for 50 rounds,
// with another dataset version each round so that every round's release
// differs from the one before. After every round out/ must be a whole
// release of that round's version (verifyRelease), every build must have
// exited 0 (a build waits for another one publishing; it never breaks it),
// and nothing may be left beside out/. Before publishing was serialised,
// one build's cleanup removed another's live staging directory and a
// release of only datapackage.json and SHA256SUMS was published, exit 0.
func TestConcurrentBuilds(t *testing.T) {
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
	rounds := 50
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

// isExit reports whether err is an exit of the process with the code.
func isExit(err error, code int) bool {
	var exit *exec.ExitError
	return errors.As(err, &exit) && exit.ExitCode() == code
}
