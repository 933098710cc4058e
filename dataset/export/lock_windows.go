//go:build windows

package export

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// tryLock opens the file at path for this process alone (no sharing),
// creating it; Windows refuses every other open while the handle is open,
// and deletes the file when it is closed, also when the process dies. An
// open refused for access (the file waiting for its deletion, or a lock
// file another user holds) counts as busy.
func tryLock(path string) (func(), error) {
	name, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return nil, err
	}
	h, err := windows.CreateFile(name, windows.GENERIC_READ|windows.GENERIC_WRITE|windows.DELETE, 0, nil,
		windows.OPEN_ALWAYS, windows.FILE_ATTRIBUTE_NORMAL|windows.FILE_FLAG_DELETE_ON_CLOSE, 0)
	if err != nil {
		if errors.Is(err, windows.ERROR_SHARING_VIOLATION) {
			return nil, errBusy
		}
		if errors.Is(err, windows.ERROR_ACCESS_DENIED) {
			if _, serr := os.Stat(path); serr == nil {
				return nil, errBusy // there, and held or being deleted
			}
		}
		return nil, err
	}
	return func() { windows.CloseHandle(h) }, nil
}

// syncDir does nothing: Windows cannot flush a directory handle, and NTFS
// journals the renames.
func syncDir(string) error { return nil }
