package export

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
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
