// Package atomicfile writes a file so that a reader, or a crash, sees the
// old content or the new, never a part: through a temporary file in the
// same directory, synced and renamed over the target.
package atomicfile

import (
	"io"
	"os"
	"path/filepath"
)

// Write has write fill a temporary file beside path, then renames it over
// path with mode 0644. When path is a symbolic link, its target is
// replaced and the link stays a link. On any error the temporary file is
// removed and path is left as it was.
func Write(path string, write func(io.Writer) error) error {
	return write1(path, write, true)
}

// WriteUnsynced is WriteBytes without the sync to disk, for files that a
// crash may lose or cut short without harm because their reader checks
// them whole (a cache entry): a sync per file made a first build of
// 20,000 cached files several seconds slower.
func WriteUnsynced(path string, data []byte) error {
	return write1(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}, false)
}

func write1(path string, write func(io.Writer) error, sync bool) (err error) {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := write(f); err != nil {
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	if sync {
		if err := f.Sync(); err != nil {
			return err
		}
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// WriteBytes writes data to path as Write does.
func WriteBytes(path string, data []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
