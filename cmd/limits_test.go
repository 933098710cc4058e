package cmd

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/armsdata/armsdata/schema"
)

// TestHugeAndDeepYAML feeds the loader inputs too big for a txtar case:
// files at and beyond the size limits, nesting far beyond the depth limit,
// a document of nothing but aliases, and a rule file with thousands of
// broken rules. Each must be refused with file:line:col problems and exit
// 1, never a panic, and the run must stay within a memory budget (bytes
// allocated, counted by the runtime; no wall-clock time is measured).
func TestHugeAndDeepYAML(t *testing.T) {
	const budget = 64 << 20 // bytes allocated by one run
	limit := schema.MaxYAMLBytes
	rulesFile := "seeds/sources/tiny/rules.yaml"
	padding := func(size int) []byte { // a valid rule file of the size, with no rules
		b := []byte("rules: []\n")
		line := []byte("# padding padding padding padding\n")
		for len(b)+len(line) <= size {
			b = append(b, line...)
		}
		if rest := size - len(b); rest > 0 {
			b = append(append(b, bytes.Repeat([]byte("#"), rest-1)...), '\n')
		}
		return b
	}

	manyRules := func() []byte {
		var b bytes.Buffer
		b.WriteString("rules:\n")
		for i := 0; b.Len() < limit-200; i++ {
			fmt.Fprintf(&b, "  - id: tiny-r%d\n    table: no_such_table\n    quote: a quote of words\n    values: {}\n", i)
		}
		return b.Bytes()
	}()
	nRules := bytes.Count(manyRules, []byte("  - id: "))
	aliases := (limit - 100) / 4

	cases := []struct {
		name    string
		file    string
		data    []byte
		size    int64 // write a sparse file of this size instead of data
		want    string
		wantAll int // the number of problems, when only the first is compared
	}{{
		name: "over 1 MiB",
		file: rulesFile,
		data: padding(1<<20 + 1),
		want: fmt.Sprintf("seeds/sources/tiny/rules.yaml:1:1: file is %d bytes; the limit for a YAML file is %d", 1<<20+1, limit),
	}, {
		name: "one byte over the limit",
		file: rulesFile,
		data: padding(limit + 1),
		want: fmt.Sprintf("seeds/sources/tiny/rules.yaml:1:1: file is %d bytes; the limit for a YAML file is %d", limit+1, limit),
	}, {
		name: "brackets 100,000 deep",
		file: rulesFile,
		data: []byte("rules: " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "\n"),
		want: "seeds/sources/tiny/rules.yaml:1:40: brackets nested more than 32 deep (100000 at the deepest); the limit is 32",
	}, {
		name: "braces 50,000 deep, never closed",
		file: rulesFile,
		data: []byte("rules: " + strings.Repeat("{a: ", 50_000) + "\n"),
		want: "seeds/sources/tiny/rules.yaml:1:136: brackets nested more than 32 deep (50000 at the deepest); the limit is 32",
	}, {
		name: "indentation 10,000 levels deep",
		file: rulesFile,
		data: func() []byte {
			var b bytes.Buffer
			b.WriteString("rules:\n")
			for i := 1; b.Len() < limit-20_000; i++ {
				b.WriteString(strings.Repeat(" ", i%10_000) + "a:\n")
			}
			return b.Bytes()
		}(),
		want: "seeds/sources/tiny/rules.yaml:130:129: line is nested too deeply (more than 128 columns of indentation and list markers)",
	}, {
		name: "aliases up to the limit",
		file: "seeds/links/links.yaml",
		data: append([]byte("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\nb: ["), append(bytes.Repeat([]byte("*a, "), aliases), "*a]\n"...)...),
		want: fmt.Sprintf("seeds/links/links.yaml:1:4: anchors and aliases (& and *) are not allowed; write each value out (%d anchors and aliases in this file)", aliases+2),
	}, {
		name:    "thousands of broken rules",
		file:    rulesFile,
		data:    manyRules,
		want:    `seeds/sources/tiny/rules.yaml:3:12: unknown table "no_such_table"`,
		wantAll: nRules,
	}, {
		name: "text over 16 MiB",
		file: "seeds/sources/tiny/text.txt",
		size: 16<<20 + 1,
		want: fmt.Sprintf("seeds/sources/tiny/source.yaml:1:9: seeds/sources/tiny/text.txt is %d bytes; the limit is %d", 16<<20+1, 16<<20),
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			if err := copyTree("../testdata/base", root); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(root, filepath.FromSlash(c.file))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if c.size > 0 {
				f, err := os.Create(path)
				if err == nil {
					err = f.Truncate(c.size)
				}
				if err == nil {
					err = f.Close()
				}
				if err != nil {
					t.Fatal(err)
				}
			} else if err := os.WriteFile(path, c.data, 0o644); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			code := Do([]string{"check", "-root", root}, nil, &stdout, &stderr)
			runtime.ReadMemStats(&after)
			allocated := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d bytes allocated", allocated)

			if code != ExitData {
				t.Errorf("exit %d, want %d", code, ExitData)
			}
			lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
			if c.wantAll > 0 {
				if len(lines) != c.wantAll+1 {
					t.Errorf("%d lines of stderr, want %d problems and the count", len(lines), c.wantAll)
				}
				if !strings.HasPrefix(lines[0], c.want) {
					t.Errorf("first problem\n%s\nwant it to start with\n%s", lines[0], c.want)
				}
			} else if !strings.HasPrefix(stderr.String(), c.want) || !strings.HasSuffix(stderr.String(), "\narmsdata: 1 problem\n") || len(lines) != 2 {
				t.Errorf("stderr\n%.3000s\nwant one problem starting\n%s", stderr.String(), c.want)
			}
			if strings.Contains(stderr.String(), "panic") || strings.Contains(stderr.String(), root) {
				t.Errorf("stderr names a panic or an absolute path:\n%.2000s", stderr.String())
			}
			if allocated > budget {
				t.Errorf("allocated %d MiB, the budget is %d MiB", allocated>>20, budget>>20)
			}
		})
	}
}
