package export

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"sort"
	"strings"
	"unicode/utf8"
)

// sortedZipWriter is a zip writer that stores its entries in name order,
// whatever order they are created in. excelize writes streamed worksheets
// from a map, so with the standard zip writer two runs over the same workbook
// can order the parts differently; handing excelize this writer (through
// File.SetZipWriter) makes the bytes depend on the content alone.
//
// Each entry is deflated as it is written and kept in memory compressed, so
// the cost is about the size of the finished file; the archive itself is
// written on Close. Entries carry no timestamps. The output is stable for a
// given Go version (the deflate encoder may change between versions).
//
// It implements excelize.ZipWriter.
type sortedZipWriter struct {
	out     io.Writer
	entries []*zipEntry
	names   map[string]bool
	cur     *zipEntry     // the entry being written, finished by the next Create or Close
	fw      *flate.Writer // reused for every entry
	closed  bool
}

type zipEntry struct {
	name string
	dir  bool         // a name ending in "/" is a directory and holds no data
	data bytes.Buffer // deflated content
	crc  hash.Hash32
	size uint64 // uncompressed size
}

func newSortedZipWriter(w io.Writer) *sortedZipWriter {
	return &sortedZipWriter{out: w, names: map[string]bool{}}
}

// Create adds an entry and returns a writer for its content, valid until the
// next call to Create, AddFS or Close.
func (z *sortedZipWriter) Create(name string) (io.Writer, error) {
	if z.closed {
		return nil, errors.New("zip: Create after Close")
	}
	if err := z.finish(); err != nil {
		return nil, err
	}
	if z.names[name] {
		return nil, fmt.Errorf("zip: duplicate entry %q", name)
	}
	if len(name) > math.MaxUint16 {
		return nil, fmt.Errorf("zip: entry name of %d bytes is too long", len(name))
	}
	z.names[name] = true
	e := &zipEntry{name: name, dir: strings.HasSuffix(name, "/"), crc: crc32.NewIEEE()}
	z.entries = append(z.entries, e)
	if e.dir {
		return &entryWriter{z: z, e: e}, nil
	}
	if z.fw == nil {
		fw, err := flate.NewWriter(&e.data, flate.DefaultCompression)
		if err != nil {
			return nil, err
		}
		z.fw = fw
	} else {
		z.fw.Reset(&e.data)
	}
	z.cur = e
	return &entryWriter{z: z, e: e}, nil
}

// AddFS adds the regular files of fsys, in lexical order, under their paths.
func (z *sortedZipWriter) AddFS(fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("zip: cannot add non-regular file %q", name)
		}
		f, err := fsys.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		w, err := z.Create(name)
		if err != nil {
			return err
		}
		_, err = io.Copy(w, f)
		return err
	})
}

// finish completes the entry being written.
func (z *sortedZipWriter) finish() error {
	if z.cur == nil {
		return nil
	}
	z.cur = nil
	return z.fw.Close()
}

// Close writes the archive, its entries sorted by name.
func (z *sortedZipWriter) Close() error {
	if z.closed {
		return errors.New("zip: Close called twice")
	}
	if err := z.finish(); err != nil {
		return err
	}
	z.closed = true
	sort.Slice(z.entries, func(i, j int) bool { return z.entries[i].name < z.entries[j].name })
	zw := zip.NewWriter(z.out)
	for _, e := range z.entries {
		fh := &zip.FileHeader{
			Name:           e.name,
			Method:         zip.Deflate,
			CreatorVersion: 20,
			ReaderVersion:  20,
		}
		if e.dir {
			fh.Method = zip.Store
		} else {
			// Sizes go in a trailing data descriptor, as the standard
			// writer does, so that entries over 4 GiB need no zip64
			// extra field in the local header.
			fh.Flags |= 0x8
			fh.CRC32 = e.crc.Sum32()
			fh.CompressedSize64 = uint64(e.data.Len())
			fh.UncompressedSize64 = e.size
			if fh.CompressedSize64 >= math.MaxUint32 || fh.UncompressedSize64 >= math.MaxUint32 {
				fh.ReaderVersion = 45
			}
		}
		if !isASCII(e.name) && utf8.ValidString(e.name) {
			fh.Flags |= 0x800
		}
		w, err := zw.CreateRaw(fh)
		if err != nil {
			return err
		}
		if !e.dir {
			if _, err := e.data.WriteTo(w); err != nil {
				return err
			}
		}
	}
	z.entries = nil
	return zw.Close()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// entryWriter writes the content of one entry.
type entryWriter struct {
	z *sortedZipWriter
	e *zipEntry
}

func (w *entryWriter) Write(p []byte) (int, error) {
	if w.e.dir {
		if len(p) == 0 {
			return 0, nil
		}
		return 0, fmt.Errorf("zip: write to directory %q", w.e.name)
	}
	if w.z.cur != w.e {
		return 0, fmt.Errorf("zip: write to entry %q after the next entry was created", w.e.name)
	}
	n, err := w.z.fw.Write(p)
	w.e.crc.Write(p[:n])
	w.e.size += uint64(n)
	return n, err
}
