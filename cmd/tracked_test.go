package cmd

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoBuildProductsTracked fails when git tracks, outside out/, a file
// over 1 MB or an executable binary (ELF, Mach-O, PE, a Go archive):
// build products belong in .gitignore, not in the history every clone
// downloads. A 7.3 MB schema.test was once committed at the root.
func TestNoBuildProductsTracked(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatalf("git is needed to list the tracked files: %v", err)
	}
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skip("not a git checkout (an unpacked release archive): nothing is tracked")
	}
	root := strings.TrimSpace(string(top))
	list, err := exec.Command("git", "-C", root, "ls-files", "-z").Output()
	if err != nil {
		t.Fatal(err)
	}
	const limit = 1 << 20
	for _, name := range strings.Split(strings.TrimSuffix(string(list), "\x00"), "\x00") {
		if name == "" || strings.HasPrefix(name, "out/") {
			continue
		}
		path := filepath.Join(root, filepath.FromSlash(name))
		info, err := os.Lstat(path)
		if err != nil || !info.Mode().IsRegular() {
			continue // deleted in the work tree, or a link
		}
		if info.Size() > limit {
			t.Errorf("%s is tracked and %d bytes (over 1 MB outside out/): a build product? untrack it and ignore it", name, info.Size())
			continue
		}
		if kind := binaryKind(path); kind != "" {
			t.Errorf("%s is tracked and is %s: untrack it and ignore it", name, kind)
		}
	}
}

// binaryKind names the executable or object format a file starts with,
// or returns "".
func binaryKind(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 8)
	n, _ := f.Read(head)
	head = head[:n]
	for _, m := range []struct {
		magic []byte
		kind  string
	}{
		{[]byte("\x7fELF"), "an ELF binary"},
		{[]byte("\xcf\xfa\xed\xfe"), "a Mach-O binary"},
		{[]byte("\xfe\xed\xfa\xcf"), "a Mach-O binary"},
		{[]byte("MZ"), "a Windows executable"},
		{[]byte("!<arch>\n"), "an object archive"},
	} {
		if bytes.HasPrefix(head, m.magic) {
			return m.kind
		}
	}
	return ""
}
