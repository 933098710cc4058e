package cmd

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDeterministicAcrossEnvironments builds the same seeds with the real
// binary under different schedulers (GOMAXPROCS 1 and 8), time zones (UTC,
// UTC+14 and UTC-3:30) and locales (C and de_DE.UTF-8), each in a fresh
// copy of the project at a different path, and requires every file of
// every release to be byte for byte the same. It builds testdata/base, and
// the repository's seeds/ too when they check clean (they are being
// curated; the log says whether they were built).
func TestDeterministicAcrossEnvironments(t *testing.T) {
	t.Parallel() // it waits on its child processes and the disk more than on a core
	bin := buildBinary(t)
	base := os.Environ()
	var clean []string
	for _, kv := range base {
		switch strings.SplitN(kv, "=", 2)[0] {
		case "GOMAXPROCS", "TZ", "LANG", "LC_ALL", "LC_TIME", "LC_NUMERIC", "GODEBUG":
			continue
		}
		clean = append(clean, kv)
	}
	type setting struct{ procs, tz, locale string }
	settings := []setting{
		{"1", "UTC", "C"},
		{"8", "Pacific/Kiritimati", "de_DE.UTF-8"},
		{"1", "America/St_Johns", "de_DE.UTF-8"},
		{"8", "UTC", "C"},
		{"8", "America/St_Johns", "C"},
		{"1", "Pacific/Kiritimati", "C"},
		{"1", "UTC", "C"}, // the first again: run to run
	}
	if testing.Short() {
		settings = settings[:3]
	}
	type project struct{ short, name, dir string }
	projects := []project{{"base", "testdata/base", "../testdata/base"}}
	if err := exec.Command(bin, "check", "-q", "-root", "..").Run(); err == nil {
		projects = append(projects, project{"repo", "the repository's seeds/", ".."})
	} else {
		t.Log("the repository's seeds/ do not check clean now; building testdata/base only")
	}
	for _, p := range projects {
		t.Run(p.short, func(t *testing.T) {
			var first map[string]string
			var firstName string
			for i, s := range settings {
				name := fmt.Sprintf("GOMAXPROCS=%s TZ=%s LANG=LC_ALL=%s", s.procs, s.tz, s.locale)
				root := filepath.Join(t.TempDir(), fmt.Sprintf("copy-%d", i))
				if err := copyTree(filepath.Join(p.dir, "seeds"), filepath.Join(root, "seeds")); err != nil {
					t.Fatal(err)
				}
				env := append(append([]string(nil), clean...),
					"GOMAXPROCS="+s.procs, "TZ="+s.tz, "LANG="+s.locale, "LC_ALL="+s.locale)
				runWholeBuild(t, bin, root, env...)
				got := treeSums(t, filepath.Join(root, "out"))
				if len(got) < 3 {
					t.Fatalf("%s: the release has only %d entries", name, len(got))
				}
				if first == nil {
					first, firstName = got, name
					continue
				}
				if !equalSums(got, first) {
					t.Errorf("%s: %s differs from the build under %s:\n%s", p.name, name, firstName, sumsDiff(got, first))
				}
			}
			t.Logf("%s: %d builds, %d files and directories each, identical", p.name, len(settings), len(first))
		})
	}
}

// TestParallelBuildDeterministic builds a synthetic corpus large enough
// that the builder's parallel loops split it into many ranges (2,000 rules
// in 200 source folders: the loader reads 16 folders and the builder 256
// rules at a time) under GOMAXPROCS 1 and 8, and requires the same release
// byte for byte; then it breaks a rule in each of several sources far
// apart and requires check to report the same problems, every one, in the
// same order, under both.
func TestParallelBuildDeterministic(t *testing.T) {
	t.Parallel() // it waits on its child processes and the disk more than on a core
	bin := buildBinary(t)
	corpus := filepath.Join(t.TempDir(), "synth")
	if out, err := exec.Command(bin, "synth", "-rules", "2000", "-o", corpus).CombinedOutput(); err != nil {
		t.Fatalf("synth: %v\n%s", err, out)
	}
	env := func(procs string) []string {
		var env []string
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "GOMAXPROCS=") {
				env = append(env, kv)
			}
		}
		return append(env, "GOMAXPROCS="+procs)
	}
	var sums []map[string]string
	for i, procs := range []string{"1", "8"} {
		root := filepath.Join(t.TempDir(), fmt.Sprintf("copy-%d", i))
		if err := copyTree(filepath.Join(corpus, "seeds"), filepath.Join(root, "seeds")); err != nil {
			t.Fatal(err)
		}
		runWholeBuild(t, bin, root, env(procs)...)
		sums = append(sums, treeSums(t, filepath.Join(root, "out")))
	}
	if !equalSums(sums[0], sums[1]) {
		t.Errorf("GOMAXPROCS=8 builds a different release than GOMAXPROCS=1:\n%s", sumsDiff(sums[1], sums[0]))
	}

	// One quote changed in each of 5 sources, spread over the corpus.
	broken := []string{"s000003", "s000051", "s000100", "s000150", "s000199"}
	for _, id := range broken {
		file := filepath.Join(corpus, "seeds", "sources", id, "rules.yaml")
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		edited := strings.Replace(string(data), `quote: "`, `quote: "Not in the text: `, 1)
		if edited == string(data) {
			t.Fatalf("%s has no quote to break", file)
		}
		if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var reports []string
	for _, procs := range []string{"1", "8"} {
		cmd := exec.Command(bin, "check", "-q", "-root", corpus)
		cmd.Env = env(procs)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Run(); err == nil {
			t.Fatalf("GOMAXPROCS=%s: check accepted broken quotes", procs)
		}
		reports = append(reports, stderr.String())
	}
	if reports[0] != reports[1] {
		t.Errorf("check reports differ:\nGOMAXPROCS=1:\n%s\nGOMAXPROCS=8:\n%s", reports[0], reports[1])
	}
	for _, id := range broken {
		if !strings.Contains(reports[0], "seeds/sources/"+id+"/rules.yaml:") {
			t.Errorf("the problem in source %s is not reported:\n%s", id, reports[0])
		}
	}
}
