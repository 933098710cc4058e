package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	for _, tc := range []struct {
		name     string
		link     bool  // path is a symbolic link to the file
		fail     error // what the write function returns
		wantText string
	}{
		{"replaces", false, nil, "new"},
		{"follows a link", true, nil, "new"},
		{"failure keeps the old file", false, errors.New("boom"), "old"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			target := filepath.Join(dir, "file.txt")
			if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
				t.Fatal(err)
			}
			path := target
			if tc.link {
				path = filepath.Join(dir, "link.txt")
				if err := os.Symlink("file.txt", path); err != nil {
					t.Fatal(err)
				}
			}
			err := Write(path, func(w io.Writer) error {
				if _, err := io.WriteString(w, "new"); err != nil {
					return err
				}
				return tc.fail
			})
			if !errors.Is(err, tc.fail) {
				t.Fatalf("Write: %v, want %v", err, tc.fail)
			}
			if got, _ := os.ReadFile(target); string(got) != tc.wantText {
				t.Errorf("file holds %q, want %q", got, tc.wantText)
			}
			if tc.link {
				if fi, err := os.Lstat(path); err != nil || fi.Mode()&os.ModeSymlink == 0 {
					t.Errorf("the link is no longer a link: %v", err)
				}
			}
			entries, _ := os.ReadDir(dir)
			if want := 1 + btoi(tc.link); len(entries) != want {
				t.Errorf("%d entries left in the directory, want %d (no temporary file)", len(entries), want)
			}
			if tc.fail == nil {
				if fi, _ := os.Stat(target); fi.Mode().Perm() != 0o644 {
					t.Errorf("mode %v, want 0644", fi.Mode().Perm())
				}
			}
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
