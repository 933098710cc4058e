package schema

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// yamlInputs are the YAML files of the real corpus, of testdata/base and
// of every end-to-end case: good files and broken ones.
func yamlInputs(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, root := range []string{"../seeds", "../testdata/base/seeds"} {
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yaml") {
				return err
			}
			data, err := os.ReadFile(path)
			files[path] = data
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	cases, _ := filepath.Glob("../testdata/cases/*.txtar")
	for _, c := range cases {
		ar, err := txtar.ParseFile(c)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if strings.HasSuffix(f.Name, ".yaml") {
				files[c+"/"+f.Name] = f.Data
			}
		}
	}
	if len(files) < 50 {
		t.Fatalf("only %d YAML files found", len(files))
	}
	return files
}

// TestNodeEncodingRoundTrip: every file that parses clean decodes from its
// encoding to the same tree, unexported fields (Node.At's) included.
func TestNodeEncodingRoundTrip(t *testing.T) {
	clean := 0
	for name, data := range yamlInputs(t) {
		var ds Diagnostics
		n := ParseYAML(name, data, &ds)
		if n == nil || ds.Len() > 0 {
			continue
		}
		clean++
		got, err := decodeNode(name, encodeNode(n))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !reflect.DeepEqual(got, n) {
			t.Errorf("%s: the decoded tree differs from the parsed one", name)
		}
	}
	if clean < 20 {
		t.Fatalf("only %d files parse clean", clean)
	}
}

// TestNodeEncodingRefusesDamage: an entry cut at any length, or with any
// one byte changed, is refused, never read as another tree.
func TestNodeEncodingRefusesDamage(t *testing.T) {
	data := []byte("rules:\n  - id: a-b\n    quote: \"x y z\"\n    values: {n: 1, when: \"2009\"}\n")
	var ds Diagnostics
	n := ParseYAML("seeds/sources/a/rules.yaml", data, &ds)
	if n == nil || ds.Len() > 0 {
		t.Fatalf("test file does not parse: %v", ds.List())
	}
	b := encodeNode(n)
	for cut := 0; cut < len(b); cut++ {
		if _, err := decodeNode("f", b[:cut]); err == nil {
			t.Errorf("entry cut to %d of %d bytes was accepted", cut, len(b))
		}
	}
	for i := range b {
		damaged := append([]byte(nil), b...)
		damaged[i] ^= 0x20
		if _, err := decodeNode("f", damaged); err == nil {
			t.Errorf("entry with byte %d changed was accepted", i)
		}
	}
}

// TestParseCache: a clean file is parsed once and then read from the
// cache; a file with problems is never cached and reports them every
// time; the tool, the path and the bytes each key an entry.
func TestParseCache(t *testing.T) {
	dir := t.TempDir()
	tool := sha256.Sum256([]byte("tool 1"))
	c := NewParseCache(dir, tool)
	entries := func() int {
		m, _ := filepath.Glob(filepath.Join(dir, "*", "*.node"))
		return len(m)
	}
	good := []byte("rules:\n  - id: a-b\n    quote: \"x y z\"\n")
	var ds Diagnostics
	want := ParseYAML("f.yaml", good, &ds)
	for i := range 2 {
		var ds Diagnostics
		got := c.Parse("f.yaml", good, &ds)
		if ds.Len() > 0 || !reflect.DeepEqual(got, want) {
			t.Fatalf("parse %d: %v, problems %v", i, got, ds.List())
		}
		if entries() != 1 {
			t.Fatalf("parse %d: %d entries, want 1", i, entries())
		}
	}
	// A hit must not parse: with the entry replaced by another file's
	// tree (as if its bytes were those), the other tree comes back.
	m, _ := filepath.Glob(filepath.Join(dir, "*", "*.node"))
	other := ParseYAML("f.yaml", []byte("other: 1\n"), &ds)
	if err := os.WriteFile(m[0], encodeNode(other), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := c.Parse("f.yaml", good, &ds); !reflect.DeepEqual(got, other) {
		t.Fatal("a cached file was parsed again")
	}
	if err := os.WriteFile(m[0], []byte("damaged"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := c.Parse("f.yaml", good, &ds); !reflect.DeepEqual(got, want) {
		t.Fatal("a damaged entry was not parsed again")
	}

	bad := []byte("rules:\n  - id: a\n    id: b\n")
	var first Diagnostics
	ParseYAML("bad.yaml", bad, &first)
	if first.Len() == 0 {
		t.Fatal("the bad file has no problem")
	}
	before := entries()
	for i := range 2 {
		var ds Diagnostics
		c.Parse("bad.yaml", bad, &ds)
		if !reflect.DeepEqual(ds.List(), first.List()) {
			t.Errorf("parse %d of a bad file reports %v, want %v", i, ds.List(), first.List())
		}
	}
	if entries() != before {
		t.Error("a file with problems was cached")
	}

	c.Parse("g.yaml", good, &ds)                                                   // another path
	c.Parse("f.yaml", append(good, "# edited\n"...), &ds)                          // other bytes
	NewParseCache(dir, sha256.Sum256([]byte("tool 2"))).Parse("f.yaml", good, &ds) // another tool
	if entries() != before+3 {
		t.Errorf("%d entries, want %d: path, bytes and tool must each key an entry", entries(), before+3)
	}
}

// TestParseCacheTrim: entries unused for a week are removed, used ones
// kept, and nothing else in the directory is touched; the cache looks
// once a day.
func TestParseCacheTrim(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	c := NewParseCache(dir, sha256.Sum256([]byte("tool")))
	c.now = func() time.Time { return now }
	var ds Diagnostics
	c.Parse("old.yaml", []byte("a: 1\n"), &ds)
	c.Parse("used.yaml", []byte("b: 1\n"), &ds)
	oldEntry := c.path("old.yaml", []byte("a: 1\n"))
	usedEntry := c.path("used.yaml", []byte("b: 1\n"))
	stranger := filepath.Join(dir, "ab", "notes.txt")
	os.MkdirAll(filepath.Dir(stranger), 0o755)
	os.WriteFile(stranger, []byte("mine"), 0o644)
	long := now.Add(-30 * 24 * time.Hour)
	for _, f := range []string{oldEntry, usedEntry, stranger} {
		os.Chtimes(f, long, long)
	}

	now = now.Add(2 * time.Hour) // less than a day since the last trim
	c.Parse("used.yaml", []byte("b: 1\n"), &ds)
	c.Parse("new.yaml", []byte("c: 1\n"), &ds)
	if _, err := os.Stat(oldEntry); err != nil {
		t.Fatal("trimmed twice in a day")
	}
	now = now.Add(25 * time.Hour)
	c.Parse("newer.yaml", []byte("d: 1\n"), &ds)
	if _, err := os.Stat(oldEntry); err == nil {
		t.Error("an entry unused for 30 days was kept")
	}
	for _, f := range []string{usedEntry, stranger, c.path("new.yaml", []byte("c: 1\n"))} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("%s was removed", f)
		}
	}
}
