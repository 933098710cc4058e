//go:build linux

package export

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSyncTreeReportsFirstFailure: syncTree flushes many paths at once,
// and still reports a path it cannot flush, and the same one every run:
// the first in walk order. A Unix socket cannot be opened, so it stands
// for a file that fails (the tests run as root, so permissions cannot).
func TestSyncTreeReportsFirstFailure(t *testing.T) {
	dir := t.TempDir()
	for i := range 200 {
		sub := filepath.Join(dir, "d"+string(rune('a'+i%10)))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, "f"+strings.Repeat("x", i%7)+string(rune('a'+i%26))), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := syncTree(dir); err != nil {
		t.Fatalf("syncTree of a plain tree: %v", err)
	}
	// Short paths: a socket's address is at most 108 bytes.
	sockDir, err := os.MkdirTemp("", "sync")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(sockDir) })
	for _, name := range []string{"b.sock", "z.sock"} {
		l, err := net.Listen("unix", filepath.Join(sockDir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
	}
	for range 5 {
		err := syncTree(sockDir)
		if err == nil || !strings.Contains(err.Error(), "b.sock") {
			t.Fatalf("syncTree = %v, want the error of b.sock, the first that fails", err)
		}
	}
}
