package export

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
)

// writeZip creates the entries in the given order and returns the archive.
func writeZip(t *testing.T, order []string, content map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := newSortedZipWriter(&buf)
	for _, name := range order {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		// Write in two pieces, as excelize's io.Copy may.
		c := content[name]
		if _, err := io.WriteString(w, c[:len(c)/2]); err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, c[len(c)/2:]); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestSortedZipWriter: entries come out sorted by name, whole (the reader
// checks sizes and CRCs), deflated and without timestamps, and the bytes
// do not depend on the order of creation.
func TestSortedZipWriter(t *testing.T) {
	content := map[string]string{
		"xl/worksheets/sheet2.xml": strings.Repeat("<row>two</row>", 5000),
		"xl/worksheets/sheet1.xml": strings.Repeat("<row>one</row>", 3),
		"[Content_Types].xml":      "<Types/>",
		"_rels/.rels":              "",
		"docProps/ünï.xml":         "utf-8 name",
	}
	orders := [][]string{
		{"xl/worksheets/sheet2.xml", "xl/worksheets/sheet1.xml", "[Content_Types].xml", "_rels/.rels", "docProps/ünï.xml"},
		{"_rels/.rels", "docProps/ünï.xml", "xl/worksheets/sheet1.xml", "[Content_Types].xml", "xl/worksheets/sheet2.xml"},
	}
	first := writeZip(t, orders[0], content)
	if second := writeZip(t, orders[1], content); !bytes.Equal(first, second) {
		t.Fatal("archive depends on the order entries were created in")
	}
	zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"[Content_Types].xml", "_rels/.rels", "docProps/ünï.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"}
	if len(zr.File) != len(want) {
		t.Fatalf("%d entries, want %d", len(zr.File), len(want))
	}
	for i, zf := range zr.File {
		if zf.Name != want[i] {
			t.Errorf("entry %d = %q, want %q", i, zf.Name, want[i])
		}
		if zf.Method != zip.Deflate || zf.ModifiedDate != 0 || zf.ModifiedTime != 0 {
			t.Errorf("%s: method %d, date %d time %d", zf.Name, zf.Method, zf.ModifiedDate, zf.ModifiedTime)
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc) // checks the CRC at EOF
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", zf.Name, err)
		}
		if string(got) != content[zf.Name] {
			t.Errorf("%s: %d bytes back, want %d", zf.Name, len(got), len(content[zf.Name]))
		}
	}
	if big := zr.File[4]; big.CompressedSize64 >= big.UncompressedSize64 {
		t.Errorf("%s not compressed: %d of %d bytes", big.Name, big.CompressedSize64, big.UncompressedSize64)
	}
}

// TestSortedZipWriterMisuse: duplicate names, writes to a finished entry or
// a directory, and use after Close are errors, as with archive/zip.
func TestSortedZipWriterMisuse(t *testing.T) {
	z := newSortedZipWriter(io.Discard)
	a, _ := z.Create("a")
	if _, err := z.Create("a"); err == nil {
		t.Error("duplicate entry accepted")
	}
	if _, err := z.Create("b"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Write([]byte("late")); err == nil {
		t.Error("write to a finished entry accepted")
	}
	d, _ := z.Create("dir/")
	if _, err := d.Write([]byte("x")); err == nil {
		t.Error("write to a directory accepted")
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := z.Create("c"); err == nil {
		t.Error("Create after Close accepted")
	}
	if err := z.Close(); err == nil {
		t.Error("second Close accepted")
	}
}

// TestSortedZipWriterAddFS: AddFS adds every file under its path.
func TestSortedZipWriterAddFS(t *testing.T) {
	fsys := fstest.MapFS{
		"b.txt":     {Data: []byte("bee")},
		"a/c.txt":   {Data: []byte("sea")},
		"a/b/d.txt": {Data: []byte("dee")},
	}
	var buf bytes.Buffer
	z := newSortedZipWriter(&buf)
	if err := z.AddFS(fsys); err != nil {
		t.Fatal(err)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		got = append(got, fmt.Sprintf("%s=%s", zf.Name, b))
	}
	if want := "a/b/d.txt=dee a/c.txt=sea b.txt=bee"; strings.Join(got, " ") != want {
		t.Errorf("entries %q, want %s", got, want)
	}
}

// xmlish is n bytes of text that deflates about as worksheet XML does.
func xmlish(n, seed int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>%x</t></is></c></row>`, i, i, (i*seed)%7919*104729)
	}
	return b.Bytes()[:n]
}

// onlyReader hides a reader's WriteTo, so that io.Copy uses the entry
// writer's ReadFrom, as with excelize's section reader over its
// temporary file.
type onlyReader struct{ io.Reader }

// TestSortedZipWriterLargeEntries: entries of more than a block are
// deflated in blocks and read back whole; an entry of one block is the one
// deflate stream of compress/flate at its default level, so the parts of
// the real release keep their bytes; writing through Write or ReadFrom and
// on one or eight processors gives the same archive; the deflated data
// beyond the memory limit goes to a temporary file, removed on Close.
func TestSortedZipWriterLargeEntries(t *testing.T) {
	const block = 64 << 10
	content := map[string][]byte{
		"one-block.xml":     xmlish(block, 3),
		"just-over.xml":     xmlish(block+1, 5),
		"many-blocks.xml":   xmlish(7*block+123, 7),
		"exact-blocks.xml":  xmlish(3*block, 11),
		"small.xml":         xmlish(100, 13),
		"empty.xml":         nil,
		"many-blocks-2.xml": xmlish(5*block, 17),
	}
	order := []string{"many-blocks.xml", "small.xml", "one-block.xml", "empty.xml", "just-over.xml", "exact-blocks.xml", "many-blocks-2.xml"}
	write := func(procs int, readFrom bool) ([]byte, *sortedZipWriter) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		var buf bytes.Buffer
		z := newSortedZipWriter(&buf)
		z.blockSize, z.memLimit = block, 20<<10
		for _, name := range order {
			w, err := z.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			if readFrom {
				_, err = io.Copy(w, onlyReader{bytes.NewReader(content[name])})
			} else {
				// Odd pieces, so that writes straddle the blocks.
				for c := content[name]; len(c) > 0 && err == nil; {
					k := min(len(c), 9999)
					_, err = w.Write(c[:k])
					c = c[k:]
				}
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := z.finish(); err != nil {
			t.Fatal(err)
		}
		if z.memUsed > z.memLimit || z.spill == nil {
			t.Fatalf("%d deflated bytes in memory, limit %d; spill file %v", z.memUsed, z.memLimit, z.spill)
		}
		if err := z.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(z.spill.Name()); !os.IsNotExist(err) {
			t.Errorf("spill file left behind (%v)", err)
		}
		return buf.Bytes(), z
	}
	archive, _ := write(1, false)
	for _, v := range []struct {
		procs    int
		readFrom bool
	}{{8, false}, {1, true}, {8, true}} {
		if got, _ := write(v.procs, v.readFrom); !bytes.Equal(got, archive) {
			t.Errorf("GOMAXPROCS %d, ReadFrom %v: archive differs", v.procs, v.readFrom)
		}
	}

	zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != len(content) {
		t.Fatalf("%d entries, want %d", len(zr.File), len(content))
	}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc) // checks the CRC at EOF
		rc.Close()
		if err != nil || !bytes.Equal(got, content[zf.Name]) {
			t.Errorf("%s: %d bytes back (%v), want %d", zf.Name, len(got), err, len(content[zf.Name]))
		}
		if zf.Name != "one-block.xml" {
			continue
		}
		raw, err := zf.OpenRaw()
		if err != nil {
			t.Fatal(err)
		}
		deflated, _ := io.ReadAll(raw)
		var want bytes.Buffer
		fw, _ := flate.NewWriter(&want, flate.DefaultCompression)
		fw.Write(content[zf.Name])
		fw.Close()
		if !bytes.Equal(deflated, want.Bytes()) {
			t.Errorf("%s is not compress/flate's one stream at the default level", zf.Name)
		}
	}
}
