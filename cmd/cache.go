package cmd

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/armsdata/armsdata/dataset/atomicfile"
	"github.com/armsdata/armsdata/schema"
)

// CacheEnv names the environment variable that places the cache of parsed
// YAML files (schema.ParseCache): a directory, or "off" for none. By
// default the cache is the armsdata folder of the user's cache directory
// ($XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS,
// %LocalAppData% on Windows), as Go keeps its build cache.
const CacheEnv = "ARMSDATA_CACHE"

// parseCache returns the cache the build reads YAML files through, or nil
// when it is off or cannot be placed (then every file is parsed, as
// without a cache: the cache only ever saves time).
func parseCache() *schema.ParseCache {
	dir := os.Getenv(CacheEnv)
	switch dir {
	case "off":
		return nil
	case "":
		base, err := os.UserCacheDir()
		if err != nil {
			return nil
		}
		dir = filepath.Join(base, "armsdata")
	}
	tool, ok := toolSum(filepath.Join(dir, "tool"))
	if !ok {
		return nil
	}
	return schema.NewParseCache(filepath.Join(dir, "parse"), tool)
}

// toolSum is the SHA-256 of the running executable: a cache entry is only
// ever read by the build of the tool that wrote it. Hashing the 50 MB
// binary takes 0.2-0.4 s, a run's worth on a small corpus, so the sum is
// kept in dir under a name derived from the executable's path, size,
// modification time and inode (a rebuilt tool changes them), and hashed
// again only when they change.
func toolSum(dir string) ([sha256.Size]byte, bool) {
	var sum [sha256.Size]byte
	exe, err := os.Executable()
	if err != nil {
		return sum, false
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return sum, false
	}
	stamp := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d\x00%d\x00%v", exe, fi.Size(), fi.ModTime().UnixNano(), fileID(fi)))
	kept := filepath.Join(dir, hex.EncodeToString(stamp[:]))
	if b, err := os.ReadFile(kept); err == nil {
		if n, err := hex.Decode(sum[:], b); err == nil && n == len(sum) {
			return sum, true
		}
	}
	f, err := os.Open(exe)
	if err != nil {
		return sum, false
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, false
	}
	copy(sum[:], h.Sum(nil))
	if os.MkdirAll(dir, 0o755) == nil {
		_ = atomicfile.WriteUnsynced(kept, []byte(hex.EncodeToString(sum[:])))
	}
	return sum, true
}
