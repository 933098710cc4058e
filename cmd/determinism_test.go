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
