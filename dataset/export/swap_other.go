//go:build !linux && !darwin

package export

import "os"

// swap exchanges the directories tmp and target where the system offers
// no atomic exchange (Windows, the BSDs): three renames (swapByRenames),
// with a moment without a release at target, never a mixed one.
func swap(tmp, target string) error { return swapByRenames(tmp, target) }

// renameNew renames tmp to target. On Windows a rename never replaces a
// directory; elsewhere it replaces at most an empty one.
func renameNew(tmp, target string) error { return os.Rename(tmp, target) }
