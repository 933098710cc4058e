//go:build unix

package cmd

import (
	"os"
	"syscall"
)

// fileID is the file's device and inode, where the system has them.
func fileID(fi os.FileInfo) any {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return [2]uint64{uint64(st.Dev), uint64(st.Ino)}
	}
	return nil
}
