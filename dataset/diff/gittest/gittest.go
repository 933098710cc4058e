// Package gittest makes throwaway git repositories for the tests of the
// commands that read releases from git (diff, release).
package gittest

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Repo makes an empty git repository in a temporary directory, isolated
// from the user's and the system's git configuration. It skips the test
// when git is not installed.
func Repo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_AUTHOR_NAME", "test")
	t.Setenv("GIT_AUTHOR_EMAIL", "test@example.org")
	t.Setenv("GIT_COMMITTER_NAME", "test")
	t.Setenv("GIT_COMMITTER_EMAIL", "test@example.org")
	dir := t.TempDir()
	Run(t, dir, "init", "-q")
	return dir
}

// Run runs git in dir and returns its combined output; a failure fails the
// test with git's message.
func Run(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}
