package cmd

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/armsdata/armsdata/dataset/archive"
	"github.com/armsdata/armsdata/dataset/diff/gittest"
)

// The releases of the test repository.
var (
	release010 = map[string]string{
		".gitignore":         "/dist/\n/bin/\n*.tmp\n",
		"seeds/dataset.yaml": "# Release metadata\nname: armsdata\ntitle: \"armsdata: test\"\nversion: 0.1.0\n",
		"out/csv/actors.csv": "code,name\nARM,Armenia\nAZE,Azerbaijan\n",
		"out/csv/military_expenditure.csv": "id,actor,amount,amount_text\n" +
			"me-aze,AZE,1400000000,around $1.4 billion\n",
		"out/armsdata.xlsx":                    "workbook 0.1.0",
		"out/parquet/actors.parquet":           "PAR1 actors",
		"out/parquet/military.parquet":         "PAR1 milex 0.1.0",
		"seeds/sources/balance2010/rules.yaml": "rules: []\n",
		"seeds/sources/balance2010/text.txt":   "text\n",
		"cmd/armsdata/main.go":                 "package main\n",
		"out/csv/military_expenditure.x":       "not a table\n",
	}
	release020 = map[string]string{
		"seeds/dataset.yaml": "# Release metadata\nname: armsdata\ntitle: \"armsdata: test\"\nversion: 0.2.0\n",
		"out/csv/military_expenditure.csv": "id,actor,amount,amount_text\n" +
			"me-arm,ARM,400000000,$400 million\n" +
			"me-aze,AZE,1500000000,around $1.5 billion\n",
		"out/armsdata.xlsx":            "workbook 0.2.0",
		"out/parquet/military.parquet": "PAR1 milex 0.2.0",
	}
)

// The archive entries of both releases.
var releaseWantEntries = []string{
	"armsdata-VERSION/",
	"armsdata-VERSION/armsdata.xlsx",
	"armsdata-VERSION/csv/",
	"armsdata-VERSION/csv/actors.csv",
	"armsdata-VERSION/csv/military_expenditure.csv",
	"armsdata-VERSION/csv/military_expenditure.x",
	"armsdata-VERSION/parquet/",
	"armsdata-VERSION/parquet/actors.parquet",
	"armsdata-VERSION/parquet/military.parquet",
}

const (
	releaseSection010 = "## 0.1.0 (2026-02-03)\n" +
		"\n" +
		"First release: 3 rows in 2 tables.\n" +
		"\n" +
		"- `actors`: 2 rows\n" +
		"- `military_expenditure`: 1 row\n"
	releaseSection020 = "## 0.2.0 (2026-02-03)\n" +
		"\n" +
		"Compared with `v0.1.0`:\n" +
		"\n" +
		"- `military_expenditure`: 1 added, 0 removed, 1 changed\n" +
		"- unchanged: `actors`\n" +
		"\n" +
		"Added rows:\n" +
		"\n" +
		"- `military_expenditure`: `me-arm`\n" +
		"\n" +
		"Changed figures:\n" +
		"\n" +
		"- `military_expenditure` `me-aze`: `amount` `1400000000` → `1500000000`; `amount_text` `around $1.4 billion` → `around $1.5 billion`\n"
)

// releaseTestRepo makes a repository holding release 0.1.0, committed,
// with an ignored build product in bin/ (which a release tolerates).
func releaseTestRepo(t *testing.T) string {
	t.Helper()
	old := releaseToday
	releaseToday = func() string { return "2026-02-03" }
	t.Cleanup(func() { releaseToday = old })
	repo := gittest.Repo(t)
	diffTestWrite(t, repo, release010)
	gittest.Run(t, repo, "add", ".")
	gittest.Run(t, repo, "commit", "-q", "-m", "data 0.1.0")
	diffTestWrite(t, repo, map[string]string{"bin/armsdata": "binary"})
	return repo
}

// releaseTestRepo020 adds to it: the tag v0.1.0 and a commit with the
// data of 0.2.0.
func releaseTestRepo020(t *testing.T) string {
	t.Helper()
	repo := releaseTestRepo(t)
	gittest.Run(t, repo, "tag", "-a", "v0.1.0", "-m", "armsdata 0.1.0")
	diffTestWrite(t, repo, release020)
	gittest.Run(t, repo, "commit", "-q", "-am", "data 0.2.0")
	return repo
}

func readFileT(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkReleaseArchive checks dist/armsdata-VERSION.tar.gz: its checksum
// file verifies with sha256sum -c, tar -tzf lists the entries in order,
// and its bytes are the archive of out/ as archive.Write makes it.
func checkReleaseArchive(t *testing.T, repo, version string) []byte {
	t.Helper()
	dist := filepath.Join(repo, "dist")
	tarball := filepath.Join(dist, "armsdata-"+version+".tar.gz")
	data, err := os.ReadFile(tarball)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if _, err := archive.Write(&want, filepath.Join(repo, "out"), "armsdata-"+version); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, want.Bytes()) {
		t.Error("the release archive differs from the archive of out/")
	}
	if _, err := exec.LookPath("sha256sum"); err == nil {
		cmd := exec.Command("sha256sum", "-c", "armsdata-"+version+".tar.gz.sha256")
		cmd.Dir = dist
		if out, err := cmd.CombinedOutput(); err != nil || string(out) != "armsdata-"+version+".tar.gz: OK\n" {
			t.Errorf("sha256sum -c: %v\n%s", err, out)
		}
	}
	if _, err := exec.LookPath("tar"); err == nil {
		out, err := exec.Command("tar", "-tzf", tarball).CombinedOutput()
		if err != nil {
			t.Fatalf("tar -tzf: %v\n%s", err, out)
		}
		want := strings.ReplaceAll(strings.Join(releaseWantEntries, "\n")+"\n", "VERSION", version)
		if string(out) != want {
			t.Errorf("tar -tzf lists:\n%s\nwant:\n%s", out, want)
		}
	}
	return data
}

// The whole flow: a first release, its commit and tag, then a second
// release with a changed figure and an added row; and a second checkout
// of the same commit gives the same archive.
func TestReleaseFlow(t *testing.T) {
	repo := releaseTestRepo(t)

	code, stdout, stderr := diffTestRun(runRelease, "--root", repo, "--version", "0.1.0")
	if code != ExitOK || stderr != "" {
		t.Fatalf("release 0.1.0: exit %d, stderr:\n%s", code, stderr)
	}
	tarball := filepath.Join(repo, "dist", "armsdata-0.1.0.tar.gz")
	sum := strings.Fields(readFileT(t, tarball+".sha256"))[0]
	wantOut := "armsdata release 0.1.0 (first release):\n" +
		"  " + tarball + ": 6 files, sha256 " + sum + "\n" +
		"  " + tarball + ".sha256\n" +
		"  " + filepath.Join(repo, "CHANGELOG.md") + ": section 0.1.0 added\n" +
		"Next: review " + filepath.Join(repo, "CHANGELOG.md") + ", then\n" +
		"  git add CHANGELOG.md && git commit -m \"Release 0.1.0\"\n" +
		"  git tag -a v0.1.0 -m \"armsdata 0.1.0\"\n" +
		"  git push origin HEAD v0.1.0\n" +
		"and publish " + tarball + " and " + tarball + ".sha256.\n"
	if stdout != wantOut {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, wantOut)
	}
	if got, want := readFileT(t, filepath.Join(repo, "CHANGELOG.md")), "# Changelog\n\n"+releaseSection010; got != want {
		t.Errorf("CHANGELOG.md:\n%s\nwant:\n%s", got, want)
	}
	checkReleaseArchive(t, repo, "0.1.0")

	// Running it again is refused: CHANGELOG.md is not committed.
	code, _, stderr = diffTestRun(runRelease, "--root", repo, "--version", "0.1.0")
	if code != ExitData || !strings.Contains(stderr, "the working tree is not clean; commit or remove first: ?? CHANGELOG.md") {
		t.Errorf("second run: exit %d, stderr:\n%s", code, stderr)
	}

	// The maintainer commits and tags, then prepares 0.2.0.
	gittest.Run(t, repo, "add", "CHANGELOG.md")
	gittest.Run(t, repo, "commit", "-q", "-m", "Release 0.1.0")
	gittest.Run(t, repo, "tag", "-a", "v0.1.0", "-m", "armsdata 0.1.0")
	diffTestWrite(t, repo, release020)
	// Notes written as the changes were made, under "## Unreleased",
	// become the 0.2.0 section's.
	const notes = "### Breaking changes\n\n- Columns in reading order.\n"
	log := strings.Replace(readFileT(t, filepath.Join(repo, "CHANGELOG.md")), "# Changelog\n\n", "# Changelog\n\n## Unreleased\n\n"+notes+"\n", 1)
	if err := os.WriteFile(filepath.Join(repo, "CHANGELOG.md"), []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	gittest.Run(t, repo, "commit", "-q", "-am", "data 0.2.0")
	clone := filepath.Join(t.TempDir(), "clone")
	gittest.Run(t, repo, "clone", "-q", repo, clone)

	code, stdout, stderr = diffTestRun(runRelease, "--version", "0.2.0", "--root", repo)
	if code != ExitOK || stderr != "" || !strings.HasPrefix(stdout, "armsdata release 0.2.0 (compared with v0.1.0):\n") {
		t.Fatalf("release 0.2.0: exit %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	section020 := strings.Replace(releaseSection020, "\n\n", "\n\n"+notes+"\n"+releaseDataHeading+"\n\n", 1)
	if got, want := readFileT(t, filepath.Join(repo, "CHANGELOG.md")), "# Changelog\n\n"+section020+"\n"+releaseSection010; got != want {
		t.Errorf("CHANGELOG.md:\n%s\nwant:\n%s", got, want)
	}
	first := checkReleaseArchive(t, repo, "0.2.0")

	// Another checkout of the same commit, with other file times, gives
	// the same archive byte for byte.
	if code, _, stderr := diffTestRun(runRelease, "--version", "0.2.0", "--root", clone); code != ExitOK {
		t.Fatalf("release 0.2.0 in a clone: exit %d, stderr:\n%s", code, stderr)
	}
	if second := checkReleaseArchive(t, clone, "0.2.0"); !bytes.Equal(first, second) {
		t.Error("two checkouts of the same commit give different archives")
	}
	if a, b := readFileT(t, filepath.Join(repo, "dist", "armsdata-0.2.0.tar.gz.sha256")), readFileT(t, filepath.Join(clone, "dist", "armsdata-0.2.0.tar.gz.sha256")); a != b {
		t.Errorf("checksums differ: %s vs %s", a, b)
	}
}

// --dry-run runs the checks and prints the section, and writes nothing.
func TestReleaseDryRun(t *testing.T) {
	repo := releaseTestRepo020(t)
	code, stdout, stderr := diffTestRun(runRelease, "--root", repo, "--version", "0.2.0", "--dry-run")
	if code != ExitOK || stdout != releaseSection020 || stderr != "" {
		t.Errorf("exit %d, stdout:\n%s\nwant:\n%s\nstderr:\n%s", code, stdout, releaseSection020, stderr)
	}
	releaseNothingWritten(t, repo, "")

	// --previous names another release to compare with: here a directory.
	prev := t.TempDir()
	diffTestWrite(t, prev, map[string]string{"csv/military_expenditure.csv": release020["out/csv/military_expenditure.csv"]})
	code, stdout, _ = diffTestRun(runRelease, "--root", repo, "--version", "0.2.0", "--dry-run", "--previous", prev)
	want := "## 0.2.0 (2026-02-03)\n\nCompared with `" + prev + "`:\n\n- `actors`: new table (2 rows)\n- unchanged: `military_expenditure`\n"
	if code != ExitOK || stdout != want {
		t.Errorf("--previous: exit %d, stdout:\n%s\nwant:\n%s", code, stdout, want)
	}
	// … or a revision.
	code, stdout, _ = diffTestRun(runRelease, "--root", repo, "--version", "0.2.0", "--dry-run", "--previous", "HEAD")
	want = "## 0.2.0 (2026-02-03)\n\nNo changes to the data since `HEAD`.\n"
	if code != ExitOK || stdout != want {
		t.Errorf("--previous HEAD: exit %d, stdout:\n%s\nwant:\n%s", code, stdout, want)
	}
}

// releaseNothingWritten checks that a release left no dist/ and the
// changelog as it was.
func releaseNothingWritten(t *testing.T, repo, changelog string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(repo, "dist")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("dist/ written: %v", err)
	}
	got, err := os.ReadFile(filepath.Join(repo, "CHANGELOG.md"))
	if changelog == "" && !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("CHANGELOG.md written: %v", err)
	}
	if changelog != "" && string(got) != changelog {
		t.Errorf("CHANGELOG.md changed:\n%s", got)
	}
}

func TestReleaseRefuses(t *testing.T) {
	template := releaseTestRepo020(t) // copied for each case
	for _, c := range []struct {
		name    string
		setup   func(t *testing.T, repo string)
		version string
		stderr  string
	}{
		{name: "two parts", version: "0.2", stderr: `version "0.2" is not MAJOR.MINOR.PATCH`},
		{name: "a v", version: "v0.2.0", stderr: `version "v0.2.0" is not MAJOR.MINOR.PATCH`},
		{name: "a leading zero", version: "0.02.0", stderr: `version "0.02.0" is not MAJOR.MINOR.PATCH`},
		{name: "a suffix", version: "0.2.0-rc1", stderr: `version "0.2.0-rc1" is not MAJOR.MINOR.PATCH`},
		{name: "not the version of dataset.yaml", version: "0.3.0",
			stderr: "version 0.3.0 differs from version: 0.2.0 in seeds/dataset.yaml; set it there, run make and commit seeds/ and out/ first"},
		{name: "already tagged", version: "0.2.0",
			setup:  func(t *testing.T, repo string) { gittest.Run(t, repo, "tag", "v0.2.0") },
			stderr: "version 0.2.0 is not greater than the latest release, tag v0.2.0"},
		{name: "older than the latest tag", version: "0.1.5",
			setup: func(t *testing.T, repo string) {
				diffTestWrite(t, repo, map[string]string{"seeds/dataset.yaml": "name: armsdata\nversion: 0.1.5\n"})
				gittest.Run(t, repo, "commit", "-q", "-am", "0.1.5")
				gittest.Run(t, repo, "tag", "v0.10.0") // numeric order, not text order
				gittest.Run(t, repo, "tag", "v0.9.0")
				gittest.Run(t, repo, "tag", "latest") // not a release tag
			},
			stderr: "version 0.1.5 is not greater than the latest release, tag v0.10.0"},
		{name: "a modified file", version: "0.2.0",
			setup: func(t *testing.T, repo string) {
				diffTestWrite(t, repo, map[string]string{"out/csv/actors.csv": "code,name\n"})
			},
			stderr: "the working tree is not clean; commit or remove first:  M out/csv/actors.csv"},
		{name: "a staged file", version: "0.2.0",
			setup: func(t *testing.T, repo string) {
				diffTestWrite(t, repo, map[string]string{"seeds/sources/new/rules.yaml": "rules: []\n"})
				gittest.Run(t, repo, "add", "seeds/sources/new/rules.yaml")
			},
			stderr: "the working tree is not clean; commit or remove first: A  seeds/sources/new/rules.yaml"},
		{name: "an untracked file", version: "0.2.0",
			setup: func(t *testing.T, repo string) {
				diffTestWrite(t, repo, map[string]string{"notes/todo.txt": "x"})
			},
			stderr: "the working tree is not clean; commit or remove first: ?? notes/todo.txt"},
		{name: "an ignored file under out/", version: "0.2.0",
			setup: func(t *testing.T, repo string) {
				diffTestWrite(t, repo, map[string]string{"out/csv/scratch.tmp": "x"})
			},
			stderr: "out/ holds files that git ignores and the archive would include; remove them first: !! out/csv/scratch.tmp"},
		{name: "a changelog section for the version", version: "0.2.0",
			setup: func(t *testing.T, repo string) {
				diffTestWrite(t, repo, map[string]string{"CHANGELOG.md": "# Changelog\n\n## 0.2.0 (2026-01-01)\n\nDone.\n"})
				gittest.Run(t, repo, "add", "CHANGELOG.md")
				gittest.Run(t, repo, "commit", "-q", "-m", "changelog")
			},
			stderr: "CHANGELOG.md already has a section for 0.2.0"},
		{name: "no out/csv", version: "0.2.0",
			setup: func(t *testing.T, repo string) {
				gittest.Run(t, repo, "rm", "-q", "-r", "out/csv")
				gittest.Run(t, repo, "commit", "-q", "-m", "no csv")
			},
			stderr: "out is not a release directory: it has no csv/ directory"},
		{name: "a previous release that does not exist", version: "0.2.0",
			setup:  nil,
			stderr: `reading the previous release: "v9.9.9" is neither a directory nor a revision`},
	} {
		t.Run(c.name, func(t *testing.T) {
			repo := filepath.Join(t.TempDir(), "repo")
			if err := os.CopyFS(repo, os.DirFS(template)); err != nil {
				t.Fatal(err)
			}
			if c.setup != nil {
				c.setup(t, repo)
			}
			changelog := ""
			if b, err := os.ReadFile(filepath.Join(repo, "CHANGELOG.md")); err == nil {
				changelog = string(b)
			}
			args := []string{"--root", repo, "--version", c.version}
			if strings.Contains(c.stderr, "v9.9.9") {
				args = append(args, "--previous", "v9.9.9")
			}
			code, stdout, stderr := diffTestRun(runRelease, args...)
			if code != ExitData || stdout != "" || !strings.HasPrefix(stderr, "armsdata release: refused: ") || !strings.Contains(stderr, c.stderr) {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit 1 and stderr with %q", code, stdout, stderr, c.stderr)
			}
			releaseNothingWritten(t, repo, changelog)
		})
	}
}

func TestReleaseRefusesWithoutGit(t *testing.T) {
	old := releaseToday
	releaseToday = func() string { return "2026-02-03" }
	t.Cleanup(func() { releaseToday = old })
	root := t.TempDir()
	diffTestWrite(t, root, release010)
	code, _, stderr := diffTestRun(runRelease, "--root", root, "--version", "0.1.0")
	if code != ExitData || !strings.Contains(stderr, "refused: "+root+" is not a git repository with a commit") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

func TestReleaseCommandLine(t *testing.T) {
	for _, c := range []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		{[]string{}, ExitUsage, "", "armsdata release: give the version: --version x.y.z (make release VERSION=x.y.z)\n"},
		{[]string{"--version", ""}, ExitUsage, "", "armsdata release: give the version"},
		{[]string{"--version", "0.2.0", "extra"}, ExitUsage, "", `armsdata release: unexpected argument "extra"`},
		{[]string{"--bogus"}, ExitUsage, "", "flag provided but not defined: -bogus"},
		{[]string{"--help"}, ExitOK, "usage: armsdata release --version x.y.z [flags]", ""},
	} {
		code, stdout, stderr := diffTestRun(runRelease, c.args...)
		if code != c.code || !strings.Contains(stdout, c.stdout) || !strings.Contains(stderr, c.stderr) ||
			(c.stdout == "" && stdout != "") || (c.stderr == "" && stderr != "") {
			t.Errorf("release %q: exit %d, stdout:\n%s\nstderr:\n%s", c.args, code, stdout, stderr)
		}
	}
	_, usage, _ := diffTestRun(runRelease, "-h")
	for _, want := range []string{"make release VERSION=x.y.z", "seeds/dataset.yaml", "working tree is clean", "sha256sum -c",
		"git tag -a vx.y.z", "-previous", "-dry-run", "-root", "Exit status: 0 done, 1 refused or failed"} {
		if !strings.Contains(usage, want) {
			t.Errorf("usage lacks %q", want)
		}
	}
}

func TestReleaseChangelogInsertion(t *testing.T) {
	const sec = "## 1.0.0 (d)\n\nBody.\n"
	for _, c := range []struct{ old, want string }{
		{"", "# Changelog\n\n" + sec},
		{"\n", "# Changelog\n\n" + sec},
		{"# Changelog\n\nIntro.\n\n## 0.9.0 (x)\n\nOld.\n", "# Changelog\n\nIntro.\n\n" + sec + "\n## 0.9.0 (x)\n\nOld.\n"},
		{"## 0.9.0\n", sec + "\n## 0.9.0\n"},
		{"# Changelog\n\nNo sections yet.\n\n\n", "# Changelog\n\nNo sections yet.\n\n" + sec},
	} {
		if got := string(insertChangelogSection([]byte(c.old), sec)); got != c.want {
			t.Errorf("insert into %q:\n%s\nwant:\n%s", c.old, got, c.want)
		}
	}
	for _, c := range []struct{ log, notes, rest string }{
		{"", "", ""},
		{"# Changelog\n\n## 0.9.0 (x)\n\nOld.\n", "", "# Changelog\n\n## 0.9.0 (x)\n\nOld.\n"},
		{"# Changelog\n\n## Unreleased\n\n- New.\n\n## 0.9.0 (x)\n\nOld.\n", "- New.", "# Changelog\n\n## 0.9.0 (x)\n\nOld.\n"},
		{"# Changelog\n\n## Unreleased \n\n### Breaking\n\n- A.\n- B.\n", "### Breaking\n\n- A.\n- B.", "# Changelog\n\n"},
		{"## Unreleased\n", "", ""},
		{"## Unreleased changes\n\n- not the heading\n", "", "## Unreleased changes\n\n- not the heading\n"},
	} {
		notes, rest := takeUnreleased([]byte(c.log))
		if notes != c.notes || string(rest) != c.rest {
			t.Errorf("takeUnreleased(%q) = %q, %q; want %q, %q", c.log, notes, rest, c.notes, c.rest)
		}
	}
	for log, want := range map[string]bool{
		"## 1.0.0\n":           true,
		"x\n## 1.0.0 (d)\n":    true,
		"## 1.0.00\n":          false,
		"### 1.0.0\n":          false,
		"text ## 1.0.0\n":      false,
		"## 1.0.0-rc1 (d)\n":   false,
		"intro\n\n## 1.0.0\tx": false,
	} {
		if got := hasChangelogSection([]byte(log), "1.0.0"); got != want {
			t.Errorf("hasChangelogSection(%q) = %v, want %v", log, got, want)
		}
	}
}

func TestReleaseVersionOrder(t *testing.T) {
	var got []string
	for _, s := range []string{"0.9.0", "0.10.0", "1.0.0", "0.1.10", "0.1.9"} {
		v, ok := parseReleaseVersion(s)
		if !ok {
			t.Fatalf("%s refused", s)
		}
		i := 0
		for i < len(got) {
			w, _ := parseReleaseVersion(got[i])
			if v.less(w) {
				break
			}
			i++
		}
		got = append(got[:i], append([]string{s}, got[i:]...)...)
	}
	if want := []string{"0.1.9", "0.1.10", "0.9.0", "0.10.0", "1.0.0"}; !reflect.DeepEqual(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

// TestReleaseKeepsExistingArchive: an archive of the version, or its
// checksum file, already in dist/ (dist/ is not committed, so the clean
// tree check does not see it) may have been published: release refuses,
// also with --dry-run, and leaves dist/ and the changelog as they were.
// Before, a second run replaced the archive, with other bytes when out/
// had changed meanwhile.
func TestReleaseKeepsExistingArchive(t *testing.T) {
	for _, file := range []string{"dist/armsdata-0.2.0.tar.gz", "dist/armsdata-0.2.0.tar.gz.sha256"} {
		for _, dry := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s dry-run=%v", file, dry), func(t *testing.T) {
				repo := releaseTestRepo020(t)
				diffTestWrite(t, repo, map[string]string{file: "published\n"})
				args := []string{"--root", repo, "--version", "0.2.0"}
				if dry {
					args = append(args, "--dry-run")
				}
				code, stdout, stderr := diffTestRun(runRelease, args...)
				want := "armsdata release: refused: " + filepath.FromSlash(file) + " already exists"
				if code != ExitData || stdout != "" || !strings.HasPrefix(stderr, want) {
					t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit 1 and %q", code, stdout, stderr, want)
				}
				entries, _ := os.ReadDir(filepath.Join(repo, "dist"))
				if len(entries) != 1 || readFileT(t, filepath.Join(repo, file)) != "published\n" {
					t.Errorf("dist/ changed: %v", entries)
				}
				if _, err := os.Stat(filepath.Join(repo, "CHANGELOG.md")); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("CHANGELOG.md written: %v", err)
				}
			})
		}
	}
}
