//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris || windows)

package export

import (
	"fmt"
	"runtime"
)

// tryLock fails: armsdata knows no file lock on this system, and
// publishing without one could let two builds break each other's release.
func tryLock(string) (func(), error) {
	return nil, fmt.Errorf("publishing needs a file lock, which armsdata has none of on %s", runtime.GOOS)
}
