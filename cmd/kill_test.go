package cmd

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// TestKilledBuildLeavesRelease proves that a build killed at any moment
// leaves out/ as a whole release: the one before, or, when the kill comes
// after the swap, the new one — never a mixture, a truncated, missing or
// extra file. It runs the real binary on a project, kills it with SIGKILL
// at points spread from its start to a little past a whole build's
// duration, and compares out/ file by file (sha256) with the two releases
// the project can produce. Every tenth round lets a build finish, which
// must clear the staging directories (.out.tmp-*) that killed builds left
// and yield exactly the expected checksums again (a deterministic build).
//
// The two releases differ (seeds variant A and B: the dataset's version),
// so a kill that lands after the swap is
// seen as such, and each round asks for the release out/ does not hold.
// This is a correctness test: the times only spread the kill points.
func TestKilledBuildLeavesRelease(t *testing.T) {
	t.Parallel() // it waits on its child processes and the disk more than on a core
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("the atomic swap is Linux's (renameat2) and macOS's (renamex_np); elsewhere there is a moment without out/")
	}
	bin := buildBinary(t)
	project, what := killProject(t, bin)
	t.Logf("project: %s", what)

	// The two releases, each built once to the end in its own root.
	variant := func(root string, v byte) {
		t.Helper()
		writeVariant(t, project, root, v)
	}
	want := map[byte]map[string]string{}
	var full []time.Duration
	for _, v := range []byte{'A', 'B'} {
		root := filepath.Join(t.TempDir(), "r")
		variant(root, v)
		full = append(full, runWholeBuild(t, bin, root))
		want[v] = treeSums(t, filepath.Join(root, "out"))
	}
	if equalSums(want['A'], want['B']) {
		t.Fatal("variants A and B build the same release; the test could not tell old from new")
	}

	root := filepath.Join(t.TempDir(), "main")
	variant(root, 'A')
	full = append(full, runWholeBuild(t, bin, root))
	// The shortest of three builds: on a busy machine the others only
	// stretch, and kills past the end teach nothing. It is lowered below as
	// builds turn out faster.
	dur := slices.Min(full)
	first := dur
	t.Logf("a whole build takes %v (shortest of %v)", dur, full)
	out := filepath.Join(root, "out")
	if got := treeSums(t, out); !equalSums(got, want['A']) {
		t.Fatalf("a build in another directory differs:\n%s", sumsDiff(got, want['A']))
	}
	current := byte('A')
	other := func(v byte) byte { return 'A' + 'B' - v }

	// 30 kill points spread over the whole build (a permutation of the
	// steps below): every publishing step is still cut at least once, and
	// make test stays under its 3 minutes now that a build also writes the
	// site and the database.
	rounds := 30
	if testing.Short() {
		rounds = 10
	}
	var killedInFlight, finishedFirst, keptOld, tookNew, leftoversSeen, completed int
	for i := range rounds {
		next := other(current)
		variant(root, next)
		// Kill points: a permutation of rounds steps across [0, 1.15 × dur].
		step := (i * 37) % rounds
		delay := time.Duration(float64(dur) * 1.15 * float64(step) / float64(rounds-1))
		cmd := exec.Command(bin, "build", "-q", "-root", root)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		_ = cmd.Process.Kill()
		err := cmd.Wait()
		var exit *exec.ExitError
		switch {
		case err == nil:
			finishedFirst++
			// It took at most delay: aim the next kill points within that.
			dur = min(dur, delay)
		case errors.As(err, &exit) && !exit.Exited():
			killedInFlight++
		default:
			t.Fatalf("round %d: build failed on its own: %v\n%s", i, err, stderr.String())
		}

		got := treeSums(t, out)
		switch {
		case equalSums(got, want[current]):
			keptOld++
		case equalSums(got, want[next]):
			tookNew++
			current = next
		default:
			t.Fatalf("round %d: killed after %v, out/ is neither release %c nor %c:\n%s",
				i, delay, current, next, sumsDiff(got, want[current]))
		}
		if left := leftovers(t, root); len(left) > 0 {
			leftoversSeen++
		}

		if i%10 == 9 { // a whole build: cleans up and gives the same bytes
			next = other(current)
			variant(root, next)
			dur = min(dur, runWholeBuild(t, bin, root))
			completed++
			if got := treeSums(t, out); !equalSums(got, want[next]) {
				t.Fatalf("round %d: a completed build differs from release %c:\n%s", i, next, sumsDiff(got, want[next]))
			}
			if left := leftovers(t, root); len(left) > 0 {
				t.Fatalf("round %d: a completed build left staging directories: %v", i, left)
			}
			current = next
		}
	}
	t.Logf("%d kills at %d points over 0..%v (the range narrows when builds turn out faster): %d killed in flight, %d had finished; out/ kept the old release %d times, took the new one whole %d times; staging left behind after %d kills; %d completed builds cleaned up and matched",
		rounds, rounds, time.Duration(float64(first)*1.15), killedInFlight, finishedFirst, keptOld, tookNew, leftoversSeen, completed)
	if killedInFlight < rounds/5 {
		t.Errorf("only %d of %d kills landed during a build", killedInFlight, rounds)
	}
}

// buildBinary compiles cmd/armsdata into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "armsdata")
	cmd := exec.Command(goTool, "build", "-o", bin, "./armsdata")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runWholeBuild runs one whole build and returns how long it took.
func runWholeBuild(t *testing.T, bin, root string, env ...string) time.Duration {
	t.Helper()
	cmd := exec.Command(bin, "build", "-q", "-root", root)
	if env != nil {
		cmd.Env = env
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("build of %s: %v\n%s", root, err, stderr.String())
	}
	return time.Since(start)
}

// killProject returns the seeds to build: testdata/base with 40 generated
// rules over a generated text added, so that the release has rows in
// several files and a build lasts long enough to be cut at many points;
// with ARMSDATA_KILL_SEEDS=repo, the repository's own seeds/, when they
// check clean (they are being curated, and a build of them takes seconds,
// so they are not the default).
func killProject(t *testing.T, bin string) (string, string) {
	t.Helper()
	if os.Getenv("ARMSDATA_KILL_SEEDS") == "repo" {
		if err := exec.Command(bin, "check", "-q", "-root", "..").Run(); err == nil {
			return "..", "the repository's seeds/"
		}
		t.Log("the repository's seeds/ do not check clean; using testdata/base")
	}
	dir := filepath.Join(t.TempDir(), "project")
	if err := copyTree("../testdata/base", dir); err != nil {
		t.Fatal(err)
	}
	addGenerated(t, dir, 40)
	return dir, "testdata/base with 40 generated rules"
}

// addGenerated appends n sentences to the base text and a rule for each.
func addGenerated(t *testing.T, dir string, n int) {
	t.Helper()
	textPath := filepath.Join(dir, "seeds", "sources", "tiny", "text.txt")
	text, err := os.ReadFile(textPath)
	if err != nil {
		t.Fatal(err)
	}
	var more, rules strings.Builder
	rules.WriteString("rules:\n")
	for i := range n {
		fig := fmt.Sprintf("%d,%03d", 1+i/100, (7*i)%1000)
		sentence := fmt.Sprintf("Russia keeps more than %s troops at Gyumri.", fig)
		fmt.Fprintf(&more, "\n%s", sentence)
		fmt.Fprintf(&rules, "  - id: tiny-gen-%03d\n    table: armed_forces\n    quote: %s\n    values:\n      actor: RUS\n      counted: foreign_troops_at_base\n      host: ARM\n      site: Gyumri\n      personnel: more than %s\n", i, sentence, fig)
	}
	text = append(text, more.String()+"\n"...)
	sum := sha256.Sum256(text)
	writeFile(t, textPath, text)
	writeFile(t, filepath.Join(dir, "seeds", "sources", "tiny", "rules-generated.yaml"), []byte(rules.String()))
	manifest := filepath.Join(dir, "seeds", "sources", "tiny", "source.yaml")
	src, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	const old = "e3f92cef717643a71e5eae373264174cb9b5e648f41602f1469a59a155c601a7"
	if !bytes.Contains(src, []byte(old)) {
		t.Fatalf("%s no longer records the base text's sha256", manifest)
	}
	writeFile(t, manifest, bytes.Replace(src, []byte(old), []byte(hex.EncodeToString(sum[:])), 1))
}

// writeVariant makes root's seeds/ the project's seeds in variant A or B:
// B has another version in seeds/dataset.yaml, which the release carries
// (citations, workbook, metadata).
func writeVariant(t *testing.T, project, root string, v byte) {
	t.Helper()
	seeds := filepath.Join(root, "seeds")
	if _, err := os.Stat(seeds); err != nil {
		if err := copyTree(filepath.Join(project, "seeds"), seeds); err != nil {
			t.Fatal(err)
		}
	}
	meta, err := os.ReadFile(filepath.Join(project, "seeds", "dataset.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if v == 'B' {
		lines := strings.SplitAfter(string(meta), "\n")
		found := false
		for i, l := range lines {
			if strings.HasPrefix(l, "version:") {
				lines[i], found = "version: 99.99.99\n", true
			}
		}
		if !found {
			t.Fatal("seeds/dataset.yaml has no version: line to vary")
		}
		meta = []byte(strings.Join(lines, ""))
	}
	writeFile(t, filepath.Join(seeds, "dataset.yaml"), meta)
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// treeSums maps every file and directory under dir to its sha256 ("dir"
// for directories).
func treeSums(t *testing.T, dir string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if d.IsDir() {
			sums[rel] = "dir"
			return nil
		}
		if !d.Type().IsRegular() {
			sums[rel] = "not a regular file"
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		s := sha256.Sum256(data)
		sums[rel] = hex.EncodeToString(s[:])
		return nil
	})
	if err != nil {
		t.Fatalf("reading %s: %v", dir, err)
	}
	return sums
}

func equalSums(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// sumsDiff lists the files that differ, are missing or are extra.
func sumsDiff(got, want map[string]string) string {
	var lines []string
	for k, v := range want {
		switch g, ok := got[k]; {
		case !ok:
			lines = append(lines, "missing "+k)
		case g != v:
			lines = append(lines, "changed "+k)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			lines = append(lines, "extra   "+k)
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// leftovers lists what a build left beside out/: staging directories and
// the lock file, which only a killed build leaves. Anything else there but
// seeds/ and the entries named in also is an error.
func leftovers(t *testing.T, root string, also ...string) []string {
	t.Helper()
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, e := range entries {
		switch {
		case e.Name() == "seeds" || e.Name() == "out" || slices.Contains(also, e.Name()):
		case strings.HasPrefix(e.Name(), ".out.tmp-"), e.Name() == ".out.lock":
			left = append(left, e.Name())
		default:
			t.Fatalf("unexpected %s beside out/", e.Name())
		}
	}
	return left
}

// TestFindingStillPublishes: a claim the rows contradict is a finding, not
// a problem, so the build of the failing-claim case succeeds and replaces
// the release, whose claims table records the failure. (The end-to-end
// runner checks that failing runs leave out/ alone; this checks that a
// succeeding run with a finding does change it.)
func TestFindingStillPublishes(t *testing.T) {
	ar, err := txtar.ParseFile("../testdata/cases/failing-claim.txtar")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	if err := copyTree("../testdata/base", root); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := Do([]string{"build", "-q", "-root", root}, nil, &stdout, &stderr); code != ExitOK {
		t.Fatalf("base: exit %d\n%s", code, stderr.String())
	}
	before := treeSums(t, filepath.Join(root, "out"))
	for _, f := range ar.Files {
		if strings.HasPrefix(f.Name, "seeds/") {
			writeFile(t, filepath.Join(root, filepath.FromSlash(f.Name)), f.Data)
		}
	}
	stderr.Reset()
	if code := Do([]string{"build", "-q", "-root", root}, nil, &stdout, &stderr); code != ExitOK {
		t.Fatalf("exit %d, want 0\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "armsdata: finding: claim tiny-budget-ratio") {
		t.Errorf("no finding on stderr:\n%s", stderr.String())
	}
	after := treeSums(t, filepath.Join(root, "out"))
	if equalSums(before, after) {
		t.Fatal("out/ did not change")
	}
	claims, err := os.ReadFile(filepath.Join(root, "out", "csv", "claims.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(claims), ",fails,") {
		t.Errorf("claims.csv does not record the failure:\n%s", claims)
	}
	if left := leftovers(t, root); len(left) > 0 {
		t.Errorf("staging directories left: %v", left)
	}
}
