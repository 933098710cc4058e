package schema_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// fuzzSeeds are YAML inputs that reach the loader's limits and refusals;
// more are committed under testdata/fuzz/<target>/.
var fuzzSeeds = []string{
	"",
	"\n",
	"source: tiny\nrules: []\n",
	"a: &a [x]\nb: *a\n",
	"a: !!str x\n",
	"<<: {a: 1}\n",
	"a: 1\na: 2\n",
	"\ta: 1\n",
	"a: \"open\nb: 1\n",
	"---\na: 1\n---\nb: 2\n",
	"\uFEFFa: 1\n",
	"a: \xff\n",
	strings.Repeat("[", 40) + strings.Repeat("]", 40),
	strings.Repeat("- ", 70) + "x\n",
	"a: {b: [c, {d: e}]}\n",
	"? complex\n: key\n",
	"a: |\n  literal\n  block\nb: >\n  folded\n",
	"a: .inf\nb: -.nan\nc: 0x1F\nd: 1_000\ne: ~\n",
}

// FuzzParseYAML: ParseYAML never panics, whatever the bytes; every problem
// names the file and a line and column that lie in it; a nil node always
// comes with a problem; the tree it returns is no deeper than the limit.
func FuzzParseYAML(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const file = "seeds/sources/fuzz/rules.yaml"
		var ds schema.Diagnostics
		n := schema.ParseYAML(file, data, &ds)
		if n == nil && ds.Len() == 0 {
			t.Fatalf("nil node without a problem")
		}
		// Lines as YAML counts them: LF, CRLF and a lone CR each end one.
		lines := bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) - bytes.Count(data, []byte("\r\n")) + 1
		for _, d := range ds.List() {
			if d.Pos.File != file {
				t.Errorf("problem names file %q: %s", d.Pos.File, d)
			}
			if d.Pos.Line < 0 || d.Pos.Col < 0 || d.Pos.Line > lines+1 {
				t.Errorf("position outside the file (%d lines): %s", lines, d)
			}
			if d.Msg == "" {
				t.Errorf("empty message at %s", d.Pos)
			}
		}
		// Bounded: problems grow with the input at most linearly, and the
		// tree respects the depth limit.
		if ds.Len() > len(data)+4 {
			t.Errorf("%d problems for %d bytes", ds.Len(), len(data))
		}
		if d := depth(n); d > schema.MaxYAMLDepth+2 {
			t.Errorf("tree is %d deep; the limit is %d", d, schema.MaxYAMLDepth)
		}
	})
}

func depth(n *schema.Node) int {
	if n == nil {
		return 0
	}
	most := 0
	for _, p := range n.Pairs {
		most = max(most, depth(p.Key), depth(p.Value))
	}
	for _, it := range n.Items {
		most = max(most, depth(it))
	}
	return most + 1
}

// FuzzLoadRules writes a fuzzed rule file into a copy of the end-to-end
// base project and runs the whole pipeline up to the rows (schema.Load and
// dataset.Build): it never panics, a release comes back only without
// problems, and every problem names a file of the project by its relative
// path with a position that is not negative.
func FuzzLoadRules(f *testing.F) {
	base := filepath.Join("..", "testdata", "base")
	rules, err := os.ReadFile(filepath.Join(base, "seeds", "sources", "tiny", "rules.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(rules)
	f.Add(bytes.Replace(rules, []byte("around $1.4 billion\n"), []byte("around $1.5 billion\n"), 1))
	f.Add(bytes.Replace(rules, []byte(`when: "2009"`), []byte(`when: {start: "2009-02-30", basis: inferred_context, note: x}`), 1))
	f.Add(bytes.Replace(rules, []byte("object: tiny-budget-arm"), []byte("object: tiny-budget-ratio"), 1))
	f.Add(bytes.Replace(rules, []byte("      actor: AZE\n"), []byte("      actor: [AZE]\n"), 1))
	f.Add(append(append([]byte(nil), rules...), "      link_key: x\n"...))
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	root := f.TempDir()
	if err := copyDir(base, root); err != nil {
		f.Fatal(err)
	}
	target := filepath.Join(root, "seeds", "sources", "tiny", "rules.yaml")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(target, data, 0o644); err != nil {
			t.Fatal(err)
		}
		rel, ds := dataset.Build(root)
		if (rel == nil) != (ds.Len() > 0) {
			t.Fatalf("release %v with %d problems", rel != nil, ds.Len())
		}
		for _, d := range ds.List() {
			if d.Pos.File == "" || filepath.IsAbs(d.Pos.File) || strings.HasPrefix(d.Pos.File, root) ||
				!strings.HasPrefix(d.Pos.File, "seeds") {
				t.Errorf("problem does not name a file of the project: %s", d)
			}
			if d.Pos.Line < 0 || d.Pos.Col < 0 {
				t.Errorf("negative position: %s", d)
			}
		}
	})
}

func copyDir(src, dst string) error {
	return filepath.Walk(src, func(path string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if fi.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
