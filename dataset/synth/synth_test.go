package synth

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/dataset/figure"
	"github.com/armsdata/armsdata/dataset/when"
	"github.com/armsdata/armsdata/schema"
)

// TestCorpusBuilds writes corpora of several sizes, among them ones whose
// last text has only some of its rules, and builds each: no problem, and
// one curated row per rule.
func TestCorpusBuilds(t *testing.T) {
	for _, n := range []int{1, 2, 3, 9, 10, 37, 400} {
		root := filepath.Join(t.TempDir(), "corpus")
		st, err := Write(root, n)
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		if st.Rules != n || st.Texts != (n+RulesPerText-1)/RulesPerText {
			t.Errorf("n=%d: wrote %d rules over %d texts", n, st.Rules, st.Texts)
		}
		rel, ds := dataset.Build(root)
		if ds.Len() > 0 {
			list := ds.List()
			t.Fatalf("n=%d: %d problems, the first: %v", n, len(list), list[:min(5, len(list))])
		}
		rows := 0
		for _, tb := range rel.Tables {
			if tb.Schema.Curated && !tb.Schema.Derived { // equipment rows come from the rules of other tables
				rows += len(tb.Rows)
			}
		}
		if rows != n {
			t.Errorf("n=%d: %d curated rows, want one per rule", n, rows)
		}
		// A benchmark builds equipment rows of both kinds: the items of a
		// deployment's list and the weapon of a transfer.
		if n >= 100 {
			parents := map[string]int{}
			eq := rel.Table(schema.Equipment.Name)
			for i := range eq.Rows {
				parents[eq.Get(i, "parent_table").String()]++
			}
			if parents["deployments"] == 0 || parents["arms_transfers"] == 0 {
				t.Errorf("n=%d: equipment rows by parent %v, want items of deployments and of arms_transfers", n, parents)
			}
		}
	}
}

// TestCorpusDeterministic: the same number of rules gives the same bytes.
func TestCorpusDeterministic(t *testing.T) {
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, dir := range []string{a, b} {
		if _, err := Write(dir, 123); err != nil {
			t.Fatal(err)
		}
	}
	ta, tb := readTree(t, a), readTree(t, b)
	if len(ta) == 0 || len(ta) != len(tb) {
		t.Fatalf("%d and %d files", len(ta), len(tb))
	}
	for name, data := range ta {
		if !bytes.Equal(data, tb[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

// TestRefusesNonEmptyDir: synth never writes over or beside a user's files.
func TestRefusesNonEmptyDir(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(mine, []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dir, 10); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("Write into a non-empty directory: %v, want a refusal", err)
	}
	if tree := readTree(t, dir); len(tree) != 1 || string(tree["notes.txt"]) != "mine\n" {
		t.Errorf("the directory changed: %d files", len(tree))
	}
	if _, err := Write(filepath.Join(dir, "empty"), 0); err == nil {
		t.Error("Write of 0 rules succeeded")
	}
}

// TestEveryForm: across a corpus of a few hundred rules, the figures take
// every qualifier, kind and unit the figure parser knows, and the times
// every precision the time parser knows, so that a benchmark exercises
// all of them.
func TestEveryForm(t *testing.T) {
	c := corpus{rules: 400, texts: 40}
	qualifiers, kinds, units, precisions := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for i := 0; i < c.texts; i++ {
		s := c.source(i)
		for _, r := range s.rules {
			tb := schema.Lookup(r.table)
			for _, v := range r.values {
				f := tb.Field(v.key)
				switch f.Kind {
				case schema.KindCount, schema.KindAmount, schema.KindDistance, schema.KindRatio:
					fig, err := figure.Parse(v.val.scalar)
					if err != nil {
						t.Fatalf("%s %s: %v", r.id, v.key, err)
					}
					qualifiers[string(fig.Qualifier)], kinds[string(fig.Kind)], units[fig.Unit] = true, true, true
				case schema.KindWhen:
					text := v.val.scalar
					for _, p := range v.val.pairs {
						if p.key == "text" {
							text = p.val.scalar
						}
					}
					if text == "" || strings.EqualFold(text, "last week") {
						continue
					}
					sp, err := when.Parse(text, s.pub.y)
					if err != nil {
						t.Fatalf("%s %s: %v", r.id, v.key, err)
					}
					precisions[string(sp.Precision)] = true
				}
			}
		}
	}
	var want []string
	for _, q := range figure.Qualifiers() {
		want = append(want, "qualifier "+string(q))
	}
	for _, k := range []figure.Kind{figure.Count, figure.Amount, figure.Distance, figure.Ratio} {
		want = append(want, "kind "+string(k))
	}
	for _, u := range []string{"USD", "km", "mi", "times"} {
		want = append(want, "unit "+u)
	}
	for _, p := range when.Precisions() {
		want = append(want, "precision "+string(p))
	}
	seen := map[string]bool{}
	for set, m := range map[string]map[string]bool{"qualifier": qualifiers, "kind": kinds, "unit": units, "precision": precisions} {
		for k := range m {
			seen[set+" "+k] = true
		}
	}
	var missing []string
	for _, w := range want {
		if !seen[w] {
			missing = append(missing, w)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("no figure or time of the corpus has %s", strings.Join(missing, ", "))
	}
}

func readTree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.Walk(root, func(path string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(root, path)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestNumbersOnceInQuote: no number is written twice in a quote, over
// thousands of texts (too many to build in a test), so a figure stands
// once in its quote and is read whole: a quantity of 70 beside a value of
// "at least $70 million" would be refused. Building a corpus of 100,000
// rules found that one.
func TestNumbersOnceInQuote(t *testing.T) {
	number := regexp.MustCompile(`\d[\d,.]*\d|\d`)
	designation := regexp.MustCompile(`\pL-$`)
	c := corpus{rules: 50000, texts: 5000}
	for i := 0; i < c.texts; i++ {
		for _, r := range c.source(i).rules {
			seen := map[string]bool{}
			for _, at := range number.FindAllStringIndex(r.quote, -1) {
				n := r.quote[at[0]:at[1]]
				if designation.MatchString(r.quote[:at[0]]) {
					continue // the digits of "Mi-24" are no figure
				}
				if seen[n] {
					t.Fatalf("%s: %q is written twice in the quote %q", r.id, n, r.quote)
				}
				seen[n] = true
			}
		}
	}
}
