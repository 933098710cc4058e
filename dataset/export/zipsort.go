package export

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"os"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	kflate "github.com/klauspost/compress/flate"
)

// sortedZipWriter is a zip writer that stores its entries in name order,
// whatever order they are created in. excelize writes streamed worksheets
// from a map, so with the standard zip writer two runs over the same workbook
// can order the parts differently; handing excelize this writer (through
// File.SetZipWriter) makes the bytes depend on the content alone.
//
// Entries are deflated as they are written, and the archive itself is
// written on Close. Its memory is bounded, whatever the size of the entries:
//
//   - An entry of up to zipBlockSize bytes (every part of the real release)
//     is deflated in one stream by compress/flate at its default level.
//   - A larger one is cut into blocks of zipBlockSize bytes, deflated in
//     parallel (see pipeline) by klauspost/compress at zipBlockLevel, which
//     is four times as fast on worksheet XML for a file a few percent
//     larger. Each block is deflated with the 32 KiB before it as its
//     dictionary and ends in a sync flush, the last one ends the stream, as
//     pigz does; the bytes depend on the block size, not on the number of
//     processors.
//   - The deflated entries are held in memory up to memLimit bytes in all;
//     beyond that they go to a temporary file (in os.TempDir, as excelize's
//     own for streamed sheets), removed on Close.
//
// Entries carry no timestamps. The output is stable for given Go and
// klauspost/compress versions (their encoders may change between versions).
//
// It implements excelize.ZipWriter.
type sortedZipWriter struct {
	out       io.Writer
	blockSize int // zipBlockSize; tests set it lower
	memLimit  int // zipMemLimit; tests set it lower

	entries []*zipEntry
	names   map[string]bool
	cur     *zipEntry // the entry being written, finished by the next Create or Close
	pending []byte    // cur's data not yet deflated: at most one block
	dict    []byte    // block mode: the last 32 KiB before pending
	blocks  *pipeline[[]byte]
	fw      *flate.Writer // for entries of one block, reused
	bufs    sync.Pool     // of *[]byte, blocks and their deflated form
	kws     sync.Pool     // of *kflate.Writer

	memUsed int      // deflated bytes held in memory
	spill   *os.File // deflated entries beyond memLimit, in order
	spilled int64    // its size
	closed  bool
}

const (
	zipBlockSize  = 1 << 20
	zipBlockLevel = 5
	zipDictSize   = 32 << 10
	zipMemLimit   = 16 << 20
)

type zipEntry struct {
	name string
	dir  bool // a name ending in "/" is a directory and holds no data
	crc  uint32
	size uint64 // uncompressed size
	// The deflated content: in memory, or n bytes at off in the spill file.
	mem     []byte
	inSpill bool
	off, n  int64
}

func newSortedZipWriter(w io.Writer) *sortedZipWriter {
	return &sortedZipWriter{out: w, blockSize: zipBlockSize, memLimit: zipMemLimit, names: map[string]bool{}}
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
	e := &zipEntry{name: name, dir: strings.HasSuffix(name, "/")}
	z.entries = append(z.entries, e)
	if !e.dir {
		z.cur = e
		z.pending = z.buffer()
	}
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

// buffer returns an empty slice with room for a block.
func (z *sortedZipWriter) buffer() []byte {
	if b, ok := z.bufs.Get().(*[]byte); ok {
		return (*b)[:0]
	}
	return make([]byte, 0, z.blockSize)
}

func (z *sortedZipWriter) release(b []byte) {
	if cap(b) >= z.blockSize {
		z.bufs.Put(&b)
	}
}

// add takes n more bytes of the current entry, just appended to pending.
func (z *sortedZipWriter) add(n int) {
	e := z.cur
	e.crc = crc32.Update(e.crc, crc32.IEEETable, z.pending[len(z.pending)-n:])
	e.size += uint64(n)
}

// advance hands the full pending block to the block pipeline, since more
// data follows it, and makes next, a block buffer, the pending one.
func (z *sortedZipWriter) advance(next []byte) error {
	if z.blocks == nil {
		z.blocks = newPipeline(z.store)
	}
	block, dict := z.pending, z.dict
	z.dict = append(make([]byte, 0, zipDictSize), block[len(block)-min(len(block), zipDictSize):]...)
	z.pending = next
	return z.blocks.Submit(func() ([]byte, error) { return z.deflateBlock(block, dict, false) })
}

// deflateBlock deflates one block of a large entry with dict, the data
// before it, as its dictionary; the last block ends the stream.
func (z *sortedZipWriter) deflateBlock(block, dict []byte, last bool) ([]byte, error) {
	kw, _ := z.kws.Get().(*kflate.Writer)
	out := bytes.NewBuffer(z.buffer())
	var err error
	if kw == nil {
		kw, err = kflate.NewWriterDict(out, zipBlockLevel, dict)
		if err != nil {
			return nil, err
		}
	} else {
		kw.ResetDict(out, dict)
	}
	if _, err = kw.Write(block); err == nil {
		if last {
			err = kw.Close()
		} else {
			err = kw.Flush()
		}
	}
	z.kws.Put(kw)
	z.release(block)
	return out.Bytes(), err
}

// store appends deflated bytes to the current entry: in memory while the
// limit allows, in the spill file once it does not. It runs on one
// goroutine at a time (the block pipeline's, or finish's when there is none).
func (z *sortedZipWriter) store(b []byte) error {
	defer z.release(b)
	e := z.cur
	if !e.inSpill && z.memUsed+len(b) > z.memLimit {
		if z.spill == nil {
			f, err := os.CreateTemp("", "armsdata-zip-")
			if err != nil {
				return fmt.Errorf("zip: %w", err)
			}
			z.spill = f
		}
		// The entry moves to the end of the spill file, where the rest of
		// it follows.
		e.inSpill, e.off = true, z.spilled
		if _, err := z.spill.Write(e.mem); err != nil {
			return fmt.Errorf("zip: %w", err)
		}
		z.spilled += int64(len(e.mem))
		z.memUsed -= len(e.mem)
		e.mem = nil
	}
	if e.inSpill {
		if _, err := z.spill.Write(b); err != nil {
			return fmt.Errorf("zip: %w", err)
		}
		z.spilled += int64(len(b))
	} else {
		e.mem = append(e.mem, b...)
		z.memUsed += len(b)
	}
	e.n += int64(len(b))
	return nil
}

// finish completes the entry being written.
func (z *sortedZipWriter) finish() error {
	if z.cur == nil {
		return nil
	}
	defer func() { z.cur, z.pending, z.dict, z.blocks = nil, nil, nil, nil }()
	if z.blocks != nil {
		block, dict := z.pending, z.dict
		z.blocks.Submit(func() ([]byte, error) { return z.deflateBlock(block, dict, true) })
		return z.blocks.Close()
	}
	// One block: one stream, at the default level.
	out := bytes.NewBuffer(z.buffer())
	if z.fw == nil {
		fw, err := flate.NewWriter(out, flate.DefaultCompression)
		if err != nil {
			return err
		}
		z.fw = fw
	} else {
		z.fw.Reset(out)
	}
	_, err := z.fw.Write(z.pending)
	if err == nil {
		err = z.fw.Close()
	}
	z.release(z.pending)
	if err != nil {
		return err
	}
	return z.store(out.Bytes())
}

// Close writes the archive, its entries sorted by name, and removes the
// spill file.
func (z *sortedZipWriter) Close() error {
	if z.closed {
		return errors.New("zip: Close called twice")
	}
	z.closed = true
	defer func() {
		if z.spill != nil {
			z.spill.Close()
			os.Remove(z.spill.Name())
		}
	}()
	if err := z.finish(); err != nil {
		return err
	}
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
			fh.CRC32 = e.crc
			fh.CompressedSize64 = uint64(e.n)
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
		switch {
		case e.inSpill:
			_, err = io.Copy(w, io.NewSectionReader(z.spill, e.off, e.n))
		case !e.dir:
			_, err = w.Write(e.mem)
		}
		if err != nil {
			return err
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

func (w *entryWriter) check(n int) error {
	if w.e.dir {
		if n == 0 {
			return nil
		}
		return fmt.Errorf("zip: write to directory %q", w.e.name)
	}
	if w.z.cur != w.e {
		return fmt.Errorf("zip: write to entry %q after the next entry was created", w.e.name)
	}
	return nil
}

func (w *entryWriter) Write(p []byte) (int, error) {
	if err := w.check(len(p)); err != nil || w.e.dir {
		return 0, err
	}
	z, n := w.z, 0
	for n < len(p) {
		if len(z.pending) == z.blockSize {
			if err := z.advance(z.buffer()); err != nil {
				return n, err
			}
		}
		k := min(len(p)-n, z.blockSize-len(z.pending))
		z.pending = append(z.pending, p[n:n+k]...)
		z.add(k)
		n += k
	}
	return n, nil
}

// ReadFrom reads straight into the block being filled, which spares
// io.Copy (excelize copies each streamed sheet from its temporary file)
// a buffer and a copy.
func (w *entryWriter) ReadFrom(r io.Reader) (int64, error) {
	if err := w.check(1); err != nil {
		return 0, err
	}
	z := w.z
	var total int64
	for {
		var k int
		var err error
		if len(z.pending) == z.blockSize {
			// Read into a fresh block first: only data after a full
			// block makes it one of several.
			next := z.buffer()
			if k, err = r.Read(next[:z.blockSize]); k > 0 {
				if aerr := z.advance(next[:k]); aerr != nil {
					return total, aerr
				}
			} else {
				z.release(next)
			}
		} else {
			start := len(z.pending)
			k, err = r.Read(z.pending[start:z.blockSize])
			z.pending = z.pending[:start+k]
		}
		if k > 0 {
			z.add(k)
			total += int64(k)
		}
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return total, err
		}
	}
}
