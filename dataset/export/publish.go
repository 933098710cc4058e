package export

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/armsdata/armsdata/dataset"
)

// Publish writes the release into a new directory beside out and swaps it
// into place only when every exporter has finished, so that a failed or
// killed build leaves the previous release whole: no truncated, missing or
// extra files. Directories left by a killed build are removed first.
func Publish(out string, r *dataset.Release, exporters []Exporter) error {
	out = filepath.Clean(out)
	parent, base := filepath.Dir(out), filepath.Base(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	prefix := "." + base + ".tmp-"
	if err := removeLeftovers(parent, prefix); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, prefix)
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // after the swap it holds the old release
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	for _, e := range exporters {
		if err := e.Export(tmp, r); err != nil {
			return fmt.Errorf("%s: %w", e.Name(), err)
		}
	}
	if err := syncTree(tmp); err != nil {
		return err
	}
	return swap(tmp, out)
}

// removeLeftovers deletes the staging directories of builds that were
// killed before they could clean up.
func removeLeftovers(parent, prefix string) error {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), prefix) {
			if err := os.RemoveAll(filepath.Join(parent, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// swap puts the directory tmp in the place of out in one atomic step
// (renameat2 RENAME_EXCHANGE), so there is no moment without a complete
// out. Where the exchange is unsupported it falls back to two renames.
func swap(tmp, out string) error {
	err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, out, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
	case errors.Is(err, unix.ENOENT): // no previous release
		if err := os.Rename(tmp, out); err != nil {
			return err
		}
	case errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EINVAL):
		old := tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return err
		}
		if err := os.Rename(tmp, out); err != nil {
			return err
		}
		if err := os.Rename(old, tmp); err != nil {
			return err
		}
	default:
		return fmt.Errorf("publishing %s: %w", out, err)
	}
	return syncDir(filepath.Dir(out))
}

// syncTree flushes every file and directory under dir to disk, so the
// swapped-in release survives a crash of the machine as well.
func syncTree(dir string) error {
	return filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return syncDir(path)
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		return f.Sync()
	})
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
