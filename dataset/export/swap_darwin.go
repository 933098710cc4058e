//go:build darwin

package export

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// swap exchanges the directories tmp and target in one atomic step
// (renamex_np RENAME_SWAP, macOS 10.12 and later), so that there is no
// moment without a whole release at target. A file system without it gets
// three renames (swapByRenames).
func swap(tmp, target string) error {
	err := unix.RenamexNp(tmp, target, unix.RENAME_SWAP)
	if errors.Is(err, unix.ENOTSUP) || errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) {
		return swapByRenames(tmp, target)
	}
	return err
}

// renameNew renames tmp to target, failing if anything is at target
// (RENAME_EXCL; where unsupported, a plain rename, which still never
// replaces a directory that is not empty).
func renameNew(tmp, target string) error {
	err := unix.RenamexNp(tmp, target, unix.RENAME_EXCL)
	if errors.Is(err, unix.ENOTSUP) || errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) {
		return os.Rename(tmp, target)
	}
	return err
}
