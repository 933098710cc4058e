package cmd

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armsdata/armsdata/dataset/diff/gittest"
)

// diffTestRun runs a command function with buffers for its output.
func diffTestRun(run func(*env, []string) int, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
	code = run(e, args)
	return code, out.String(), errb.String()
}

// diffTestWrite writes files (path relative to dir → content) under dir.
func diffTestWrite(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const (
	diffOldMilex = "id,actor,amount,amount_text\n" +
		"me-arm,ARM,400000000,$400 million\n" +
		"me-aze,AZE,1400000000,around $1.4 billion\n"
	diffNewMilex = "id,actor,amount,amount_text,note\n" +
		"me-aze,AZE,1500000000,around $1.5 billion,\"two\nlines\"\n" +
		"me-geo,GEO,,,\n"
	diffWantText = `military_expenditure: 1 added, 1 removed, 1 changed, 1 column added

[military_expenditure]
  column added: note
  - me-arm
  ~ me-aze
      amount: 1400000000 → 1500000000
      amount_text: around $1.4 billion → around $1.5 billion
  + me-geo
`
	diffWantCSV = `table,change,id,column,old,new
military_expenditure,column_added,,note,,
military_expenditure,removed,me-arm,,,
military_expenditure,changed,me-aze,amount,1400000000,1500000000
military_expenditure,changed,me-aze,amount_text,around $1.4 billion,around $1.5 billion
military_expenditure,added,me-geo,,,
`
)

func TestDiffCommand(t *testing.T) {
	dirs := t.TempDir()
	rel := func(name, milex string) string {
		dir := filepath.Join(dirs, name)
		diffTestWrite(t, dir, map[string]string{"csv/military_expenditure.csv": milex})
		return dir
	}
	old, same, new := rel("old", diffOldMilex), rel("same", diffOldMilex), rel("new", diffNewMilex)
	bad := rel("bad", "id\nx\nx\n")
	noCSV := filepath.Join(dirs, "nocsv")
	if err := os.Mkdir(noCSV, 0o755); err != nil {
		t.Fatal(err)
	}
	notRepo := t.TempDir()

	for _, c := range []struct {
		name       string
		args       []string
		code       int
		stdout     string // exact, unless "*"
		stderrHas  string // "" means stderr must be empty
		stdoutHas  string
		stdoutJSON bool
	}{
		{name: "no differences", args: []string{old, same}, code: 0, stdout: "military_expenditure: unchanged\n"},
		{name: "differences", args: []string{old, new}, code: 1, stdout: diffWantText},
		{name: "quiet", args: []string{"-q", old, new}, code: 1, stdout: ""},
		{name: "quiet, no differences", args: []string{old, same, "-q"}, code: 0, stdout: ""},
		{name: "flags after the arguments", args: []string{old, new, "--format", "csv"}, code: 1, stdout: diffWantCSV},
		{name: "flags between the arguments", args: []string{old, "--format=csv", new}, code: 1, stdout: diffWantCSV},
		{name: "after --", args: []string{"--format", "csv", "--", old, new}, code: 1, stdout: diffWantCSV},
		{name: "json", args: []string{"--format", "json", old, new}, code: 1, stdout: "*", stdoutJSON: true, stdoutHas: `"new": "1500000000"`},
		{name: "markdown", args: []string{"--format", "markdown", old, new}, code: 1, stdout: "*",
			stdoutHas: "- `military_expenditure` `me-aze`: `amount` `1400000000` → `1500000000`"},
		{name: "reversed", args: []string{new, old}, code: 1, stdout: "*", stdoutHas: "  + me-arm\n"},
		{name: "help", args: []string{"--help"}, code: 0, stdout: "*", stdoutHas: "usage: armsdata diff [flags] OLD NEW"},
		{name: "one argument", args: []string{old}, code: 2, stdout: "", stderrHas: "armsdata diff: give two releases, OLD and NEW"},
		{name: "three arguments", args: []string{old, new, same}, code: 2, stdout: "", stderrHas: "give two releases"},
		{name: "unknown format", args: []string{"--format", "xml", old, new}, code: 2, stdout: "", stderrHas: `unknown format "xml"`},
		{name: "unknown flag", args: []string{"--frobnicate", old, new}, code: 2, stdout: "", stderrHas: "flag provided but not defined: -frobnicate"},
		{name: "neither directory nor revision", args: []string{"--root", notRepo, old, "nope"}, code: 2, stdout: "",
			stderrHas: `armsdata diff: "nope" is neither a directory nor a revision of the git repository at ` + notRepo},
		{name: "directory without csv/", args: []string{noCSV, new}, code: 2, stdout: "", stderrHas: noCSV + " is not a release directory: it has no csv/ directory"},
		{name: "a row id twice", args: []string{old, bad}, code: 2, stdout: "", stderrHas: `row id "x" appears twice`},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := diffTestRun(runDiff, c.args...)
			if code != c.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, c.code, stderr)
			}
			if c.stdout != "*" && stdout != c.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout, c.stdout)
			}
			if !strings.Contains(stdout, c.stdoutHas) {
				t.Errorf("stdout lacks %q:\n%s", c.stdoutHas, stdout)
			}
			if c.stderrHas == "" && stderr != "" {
				t.Errorf("stderr not empty:\n%s", stderr)
			}
			if !strings.Contains(stderr, c.stderrHas) {
				t.Errorf("stderr lacks %q:\n%s", c.stderrHas, stderr)
			}
			if c.stdoutJSON && !json.Valid([]byte(stdout)) {
				t.Errorf("stdout is not JSON:\n%s", stdout)
			}
		})
	}
}

// The usage text explains the arguments, the formats and the exit codes.
func TestDiffUsage(t *testing.T) {
	_, stdout, _ := diffTestRun(runDiff, "-h")
	for _, want := range []string{"OLD and NEW are each", "REV^0", "--format", "-root", "-q", "text", "csv", "json", "markdown",
		"0 no differences, 1 differences found, 2 trouble"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("usage lacks %q", want)
		}
	}
}

// OLD and NEW as git revisions of a repository (--root), and a revision
// against a directory.
func TestDiffCommandGitRevisions(t *testing.T) {
	repo := gittest.Repo(t)
	diffTestWrite(t, repo, map[string]string{"out/csv/military_expenditure.csv": diffOldMilex})
	gittest.Run(t, repo, "add", ".")
	gittest.Run(t, repo, "commit", "-q", "-m", "first")
	gittest.Run(t, repo, "tag", "v0.1.0")
	diffTestWrite(t, repo, map[string]string{"out/csv/military_expenditure.csv": diffNewMilex})
	gittest.Run(t, repo, "commit", "-q", "-am", "second")

	for _, c := range []struct {
		args   []string
		code   int
		stdout string
	}{
		{[]string{"--root", repo, "HEAD~1", "HEAD"}, 1, diffWantText},
		{[]string{"HEAD~1", "HEAD", "--root", repo}, 1, diffWantText},
		{[]string{"--root", repo, "v0.1.0", "HEAD"}, 1, diffWantText},
		{[]string{"--root", repo, "v0.1.0", filepath.Join(repo, "out")}, 1, diffWantText},
		{[]string{"--root", repo, "HEAD", filepath.Join(repo, "out")}, 0, "military_expenditure: unchanged\n"},
		{[]string{"--root", repo, "HEAD", "HEAD~0"}, 0, "military_expenditure: unchanged\n"},
	} {
		code, stdout, stderr := diffTestRun(runDiff, c.args...)
		if code != c.code || stdout != c.stdout || stderr != "" {
			t.Errorf("diff %q: exit %d, stdout:\n%s\nstderr:\n%s\nwant exit %d, stdout:\n%s", c.args, code, stdout, stderr, c.code, c.stdout)
		}
	}

	code, _, stderr := diffTestRun(runDiff, "--root", repo, "HEAD~2", "HEAD")
	if code != 2 || !strings.Contains(stderr, `"HEAD~2" is neither a directory nor a revision`) {
		t.Errorf("a revision that does not exist: exit %d, stderr %s", code, stderr)
	}
}
