package diff

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armsdata/armsdata/dataset/diff/gittest"
)

func writeFileT(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestReadGit(t *testing.T) {
	repo := gittest.Repo(t)
	writeFileT(t, filepath.Join(repo, "out/csv/x.csv"), "id,a\nr1,\"multi\nline\"\n")
	writeFileT(t, filepath.Join(repo, "out/csv/notes.txt"), "not a table\n")
	writeFileT(t, filepath.Join(repo, "out/csv/sub/y.csv"), "id\nignored\n")
	if err := os.Symlink("x.csv", filepath.Join(repo, "out/csv/link.csv")); err != nil {
		t.Fatal(err)
	}
	gittest.Run(t, repo, "add", ".")
	gittest.Run(t, repo, "commit", "-q", "-m", "one")
	gittest.Run(t, repo, "tag", "v0.1.0")
	writeFileT(t, filepath.Join(repo, "out/csv/x.csv"), "id,a\nr1,2\n")
	gittest.Run(t, repo, "commit", "-q", "-am", "two")

	rel, err := ReadGit(repo, "v0.1.0", "out")
	if err != nil {
		t.Fatal(err)
	}
	if len(rel.Tables) != 1 || rel.Tables["x"] == nil {
		t.Fatalf("tables %v, want only x (no symlink, no subdirectory, no .txt)", rel.Tables)
	}
	if got := rel.Tables["x"].Rows[0][1]; got != "multi\nline" || rel.Label != "v0.1.0" {
		t.Errorf("read %q, label %q", got, rel.Label)
	}
	head, err := ReadGit(repo, "HEAD", "out")
	if err != nil {
		t.Fatal(err)
	}
	if got := head.Tables["x"].Rows[0][1]; got != "2" {
		t.Errorf("HEAD: read %q, want 2", got)
	}

	for rev, want := range map[string]string{
		"nope":     `"nope" is neither a directory nor a revision of the git repository at`,
		"--all":    `"--all" is not a git revision`,
		"HEAD~5":   `"HEAD~5" is neither a directory nor a revision`,
		"HEAD:out": `"HEAD:out" is neither a directory nor a revision`, // a tree, not a commit
	} {
		if _, err := ReadGit(repo, rev, "out"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ReadGit(%q): error %v, want %q", rev, err, want)
		}
	}
	if _, err := ReadGit(repo, "HEAD", "elsewhere"); err == nil || !strings.Contains(err.Error(), "revision HEAD has no elsewhere/csv/ directory") {
		t.Errorf("missing directory: error %v", err)
	}
	if _, err := ReadGit(t.TempDir(), "HEAD", "out"); err == nil {
		t.Error("ReadGit outside a repository: no error")
	}
}

// An existing directory wins over a revision of the same name; REV^0
// names the revision.
func TestOpenDirectoryWins(t *testing.T) {
	repo := gittest.Repo(t)
	writeFileT(t, filepath.Join(repo, "out/csv/x.csv"), "id\ncommitted\n")
	gittest.Run(t, repo, "add", ".")
	gittest.Run(t, repo, "commit", "-q", "-m", "one")
	gittest.Run(t, repo, "tag", "v1")
	writeFileT(t, filepath.Join(repo, "v1/csv/x.csv"), "id\non-disk\n")
	t.Chdir(repo)

	for arg, want := range map[string]string{"v1": "on-disk", "v1^0": "committed", "out": "committed"} {
		rel, err := Open(arg, ".")
		if err != nil {
			t.Fatalf("Open(%q): %v", arg, err)
		}
		if got := rel.Tables["x"].Rows[0][0]; got != want {
			t.Errorf("Open(%q) read %q, want %q", arg, got, want)
		}
	}
	// A file is not a directory: the name is taken for a revision.
	writeFileT(t, filepath.Join(repo, "HEAD"), "")
	if rel, err := Open("HEAD", "."); err != nil || rel.Tables["x"] == nil {
		t.Errorf("Open(HEAD) with a file HEAD: %v", err)
	}
	// A directory without csv/ is an error, not a revision.
	if err := os.Mkdir(filepath.Join(repo, "v2"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Open("v2", "."); err == nil || !strings.Contains(err.Error(), "v2 is not a release directory") {
		t.Errorf("Open(v2): error %v", err)
	}
}
