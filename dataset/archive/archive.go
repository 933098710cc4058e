// Package archive writes deterministic .tar.gz archives: the same tree of
// files gives the same bytes, whatever the files' times, owners and
// permissions on disk, and wherever the tree lies.
package archive

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/armsdata/armsdata/dataset/atomicfile"
)

// Epoch is the modification time of every entry: the Unix epoch.
var Epoch = time.Unix(0, 0)

// Write writes a gzip-compressed tar archive of the tree at dir to w and
// returns the number of regular files in it. Every entry is named
// prefix/<path relative to dir> ("prefix/" for dir itself; without a
// prefix, the relative paths alone), and:
//
//   - entries are sorted by name (byte order), so a directory comes
//     before what it holds;
//   - every modification time is the Unix epoch; uid and gid are 0, user
//     and group names empty;
//   - directories have mode 0755, files 0755 when any execute bit is set
//     and 0644 otherwise;
//   - the tar format is the first of USTAR, PAX and GNU that can hold the
//     entry (USTAR for short ASCII names);
//   - the gzip header has no file name, no time and no comment, and the
//     compression level is gzip.BestCompression.
//
// Symbolic links and other special files are refused. The bytes depend
// only on the names, contents and execute bits of the files (and on the
// compress/flate of the Go version).
func Write(w io.Writer, dir, prefix string) (files int, err error) {
	if prefix != "" && (strings.Contains(prefix, "/") || prefix == "." || prefix == "..") {
		return 0, fmt.Errorf("archive prefix %q must be a single path element", prefix)
	}
	type entry struct {
		name string // in the archive
		file string // on disk
		mode int64
		dir  bool
	}
	var entries []entry
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		name := path.Join(prefix, filepath.ToSlash(rel))
		switch {
		case d.IsDir():
			if name == "." { // dir itself, without a prefix
				return nil
			}
			entries = append(entries, entry{name: name + "/", file: p, mode: 0o755, dir: true})
		case d.Type().IsRegular():
			info, err := d.Info()
			if err != nil {
				return err
			}
			mode := int64(0o644)
			if info.Mode().Perm()&0o111 != 0 {
				mode = 0o755
			}
			entries = append(entries, entry{name: name, file: p, mode: mode})
		default:
			return fmt.Errorf("%s is not a regular file or a directory (%s)", p, d.Type())
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].name < entries[j].name })

	gz, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		h := &tar.Header{
			Name:    e.name,
			Mode:    e.mode,
			ModTime: Epoch,
		}
		if e.dir {
			h.Typeflag = tar.TypeDir
			if err := tw.WriteHeader(h); err != nil {
				return 0, err
			}
			continue
		}
		if err := writeFile(tw, h, e.file); err != nil {
			return 0, err
		}
		files++
	}
	if err := tw.Close(); err != nil {
		return 0, err
	}
	return files, gz.Close()
}

func writeFile(tw *tar.Writer, h *tar.Header, file string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	h.Typeflag = tar.TypeReg
	h.Size = info.Size()
	if err := tw.WriteHeader(h); err != nil {
		return err
	}
	if _, err := io.Copy(tw, f); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil // a file that shrank while copied fails at the next header or Close
}

// WriteFile writes the archive of dir (see Write) to the file path and its
// checksum to path+".sha256", in the format of sha256sum ("<hex>  <base
// name of path>\n"), so that "sha256sum -c" run in path's directory checks
// it. Each file is written to a temporary file beside it and renamed into
// place. It returns the hex SHA-256 and the number of regular files.
func WriteFile(path, dir, prefix string) (sum string, files int, err error) {
	h := sha256.New()
	err = atomicfile.Write(path, func(w io.Writer) error {
		files, err = Write(io.MultiWriter(w, h), dir, prefix)
		return err
	})
	if err != nil {
		return "", 0, err
	}
	sum = hex.EncodeToString(h.Sum(nil))
	line := fmt.Sprintf("%s  %s\n", sum, filepath.Base(path))
	err = atomicfile.Write(path+".sha256", func(w io.Writer) error {
		_, err := io.WriteString(w, line)
		return err
	})
	if err != nil {
		return "", 0, err
	}
	return sum, files, nil
}
