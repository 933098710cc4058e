//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris

package export

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// tryLock takes an exclusive flock(2) on the file at path, creating it.
// Unlocking removes the file first, so that no lock file stays behind a
// finished build; a build that opened the file just before it was removed
// then holds a lock nobody else can see, which is why a lock is taken only
// on the file that is at path after locking (else errAgain).
func tryLock(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, errBusy
		}
		return nil, fmt.Errorf("locking %s: %w", path, err)
	}
	held, err := f.Stat()
	if err == nil {
		var there os.FileInfo
		if there, err = os.Stat(path); err == nil && !os.SameFile(held, there) {
			err = errAgain
		}
	}
	if err != nil {
		f.Close()
		if errors.Is(err, os.ErrNotExist) {
			err = errAgain
		}
		return nil, err
	}
	return func() {
		os.Remove(path)
		f.Close()
	}, nil
}
