//go:build linux

package export

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// swap exchanges the directories tmp and target in one atomic step
// (renameat2 RENAME_EXCHANGE), so that there is no moment without a whole
// release at target. A file system without the exchange gets three renames
// (swapByRenames).
func swap(tmp, target string) error {
	err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, target, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) {
		return swapByRenames(tmp, target)
	}
	return err
}

// renameNew renames tmp to target, failing if anything is at target
// (RENAME_NOREPLACE; where unsupported, a plain rename, which still never
// replaces a directory that is not empty).
func renameNew(tmp, target string) error {
	err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, target, unix.RENAME_NOREPLACE)
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) {
		return os.Rename(tmp, target)
	}
	return err
}
