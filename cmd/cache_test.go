package cmd

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain keeps every test's builds off the user's cache: they share one
// cache of their own, so the end-to-end cases run with it (most of their
// files are testdata/base's, read from the cache after the first case).
func TestMain(m *testing.M) {
	if os.Getenv(CacheEnv) == "" {
		dir, err := os.MkdirTemp("", "armsdata-test-cache-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Setenv(CacheEnv, dir)
		code := m.Run()
		os.RemoveAll(dir)
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// TestCachedBuildIsCleanBuild builds a synthetic corpus without a cache,
// with an empty one, with the full one, and after an edit of one rule with
// and without the cache, and requires each pair that should agree to be
// byte for byte the same release; it also checks that the cache is used
// (a warm build writes no entry, the edit writes one) and that check
// reports a broken rule file the same with and without it.
func TestCachedBuildIsCleanBuild(t *testing.T) {
	t.Parallel() // it waits on its child processes and the disk more than on a core
	bin := buildBinary(t)
	corpus := filepath.Join(t.TempDir(), "synth")
	if out, err := exec.Command(bin, "synth", "-rules", "600", "-o", corpus).CombinedOutput(); err != nil {
		t.Fatalf("synth: %v\n%s", err, out)
	}
	cache := filepath.Join(t.TempDir(), "cache")
	env := func(c string) []string {
		var env []string
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, CacheEnv+"=") {
				env = append(env, kv)
			}
		}
		return append(env, CacheEnv+"="+c)
	}
	entries := func() int {
		m, _ := filepath.Glob(filepath.Join(cache, "parse", "*", "*.node"))
		return len(m)
	}
	build := func(c string) map[string]string {
		root := filepath.Join(t.TempDir(), "copy")
		if err := copyTree(filepath.Join(corpus, "seeds"), filepath.Join(root, "seeds")); err != nil {
			t.Fatal(err)
		}
		runWholeBuild(t, bin, root, env(c)...)
		return treeSums(t, filepath.Join(root, "out"))
	}
	same := func(what string, got, want map[string]string) {
		t.Helper()
		if !equalSums(got, want) {
			t.Errorf("%s differs from the build without a cache:\n%s", what, sumsDiff(got, want))
		}
	}
	clean := build("off")
	same("a build with an empty cache", build(cache), clean)
	filled := entries()
	if filled < 100 {
		t.Fatalf("the cache holds %d entries after a build of 60 sources", filled)
	}
	same("a build with the cache full", build(cache), clean)
	if entries() != filled {
		t.Errorf("a build with the cache full wrote %d entries", entries()-filled)
	}

	file := filepath.Join(corpus, "seeds", "sources", "s000007", "rules.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), "    values:\n", "    values:\n      note: \"Edited by the test.\"\n", 1)
	if edited == string(data) {
		t.Fatal("nothing to edit")
	}
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	same("after an edit, a build with the cache", build(cache), build("off"))
	if entries() != filled+1 {
		t.Errorf("an edit of one file wrote %d entries, want 1", entries()-filled)
	}

	if err := os.WriteFile(file, []byte(edited+"  - id: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var reports []string
	for _, c := range []string{"off", cache, cache} {
		cmd := exec.Command(bin, "check", "-q", "-root", corpus)
		cmd.Env = env(c)
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Fatalf("check with cache %s accepted a broken file", c)
		}
		reports = append(reports, string(out))
	}
	if reports[1] != reports[0] || reports[2] != reports[0] {
		t.Errorf("check reports differ with the cache:\nwithout:\n%s\nwith:\n%s\nagain:\n%s", reports[0], reports[1], reports[2])
	}
}

// TestToolSumKept: the executable's sum is hashed once and then read from
// where it is kept, under a name its path, size, time and inode make; what
// is kept there is what is used, and a damaged record is hashed again.
func TestToolSumKept(t *testing.T) {
	dir := t.TempDir()
	first, ok := toolSum(dir)
	if !ok {
		t.Fatal("no sum of the test binary")
	}
	kept, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(kept) != 1 {
		t.Fatalf("%d records kept, want 1", len(kept))
	}
	if got, data := hexOf(first), mustRead(t, kept[0]); got != data {
		t.Fatalf("kept %q, want %q", data, got)
	}
	fake := strings.Repeat("ab", 32)
	if err := os.WriteFile(kept[0], []byte(fake), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := toolSum(dir); hexOf(got) != fake {
		t.Errorf("the kept sum was not used: got %s", hexOf(got))
	}
	if err := os.WriteFile(kept[0], []byte("damaged"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := toolSum(dir); got != first {
		t.Errorf("a damaged record gave %s, want the hash %s", hexOf(got), hexOf(first))
	}
}

func hexOf(b [32]byte) string { return fmt.Sprintf("%x", b[:]) }

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
