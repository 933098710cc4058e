//go:build !unix

package cmd

import "os"

// fileID is nil where the system gives no inode: the path, size and
// modification time then identify the executable.
func fileID(os.FileInfo) any { return nil }
