package site

import (
	"bytes"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/dataset/quote"
	"github.com/armsdata/armsdata/schema"
)

// projects are the corpora the tests build: the small base project of the
// end-to-end tests and the repository's seeds.
var projects = []struct{ name, root string }{
	{"base", "../../testdata/base"},
	{"seeds", "../.."},
}

var (
	buildOnce sync.Map // root → *built
)

type built struct {
	once sync.Once
	rel  *dataset.Release
	dir  string
	err  string
}

// release builds the project at root once for all tests, and writes its
// site into a directory that lives as long as the test binary.
func release(t *testing.T, root string) (*dataset.Release, string) {
	t.Helper()
	v, _ := buildOnce.LoadOrStore(root, &built{})
	b := v.(*built)
	b.once.Do(func() {
		rel, ds := dataset.Build(root)
		if ds.Len() > 0 {
			b.err = ds.Err().Error()
			return
		}
		dir, err := os.MkdirTemp("", "site-test-")
		if err != nil {
			b.err = err.Error()
			return
		}
		if err := Write(dir, rel); err != nil {
			b.err = err.Error()
			return
		}
		b.rel, b.dir = rel, dir
	})
	if b.err != "" {
		t.Fatalf("%s: %s", root, b.err)
	}
	return b.rel, b.dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	buildOnce.Range(func(_, v any) bool {
		if b := v.(*built); b.dir != "" {
			os.RemoveAll(b.dir)
		}
		return true
	})
	os.Exit(code)
}

// tree reads every file under dir, by slash-separated relative path.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDeterministic writes the site of each project with one processor
// and with several, and requires the same files with the same bytes; and
// Verify accepts what Write wrote.
func TestDeterministic(t *testing.T) {
	for _, p := range projects {
		t.Run(p.name, func(t *testing.T) {
			rel, first := release(t, p.root)
			want := tree(t, first)
			for _, procs := range []int{1, 4} {
				prev := runtime.GOMAXPROCS(procs)
				dir := t.TempDir()
				err := Write(dir, rel)
				runtime.GOMAXPROCS(prev)
				if err != nil {
					t.Fatal(err)
				}
				got := tree(t, dir)
				if len(got) != len(want) {
					t.Errorf("GOMAXPROCS=%d: %d files, want %d", procs, len(got), len(want))
				}
				for name, b := range want {
					if !bytes.Equal(got[name], b) {
						t.Errorf("GOMAXPROCS=%d: %s differs", procs, name)
					}
				}
				if err := Verify(dir, rel); err != nil {
					t.Errorf("Verify: %v", err)
				}
			}
		})
	}
}

// doc is a parsed page: its element ids, and the page itself.
type doc struct {
	root *html.Node
	ids  map[string]*html.Node
}

var docs sync.Map // path → *doc

// parse reads and parses the page at path p, once.
func parse(t *testing.T, p string) *doc {
	t.Helper()
	if d, ok := docs.Load(p); ok {
		return d.(*doc)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	n, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	d := &doc{root: n, ids: map[string]*html.Node{}}
	walk(n, func(n *html.Node) {
		if id := attr(n, "id"); id != "" {
			if _, dup := d.ids[id]; dup {
				t.Errorf("%s: id %q twice", p, id)
			}
			d.ids[id] = n
		}
	})
	docs.Store(p, d)
	return d
}

func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, key string) string {
	if n.Type != html.ElementNode {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

// textOf is the text content of n, as the DOM's textContent gives it,
// leaving out the elements skip says to.
func textOf(n *html.Node, skip func(*html.Node) bool) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			return
		}
		if skip != nil && skip(n) {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

// TestEveryRowHasAHome checks that every row of every table has its page,
// or its anchor on the page it belongs to.
func TestEveryRowHasAHome(t *testing.T) {
	for _, p := range projects {
		t.Run(p.name, func(t *testing.T) {
			rel, dir := release(t, p.root)
			s, err := newSite(rel)
			if err != nil {
				t.Fatal(err)
			}
			for _, tab := range rel.Tables {
				for i := range tab.Rows {
					home := s.home(tab, i)
					file, frag, _ := strings.Cut(home, "#")
					d := parse(t, filepath.Join(dir, filepath.FromSlash(file)))
					if frag != "" && d.ids[frag] == nil {
						t.Errorf("%s row %s: no element #%s on %s", tab.Schema.Name, tab.Rows[i][0].Text(), frag, file)
					}
				}
			}
		})
	}
}

// TestQuoteHighlighted checks that on each row page of a curated table the
// highlighted passage is the row's quote exactly, and that each marked
// value inside it is the value of the column it names.
func TestQuoteHighlighted(t *testing.T) {
	for _, p := range projects {
		t.Run(p.name, func(t *testing.T) {
			rel, dir := release(t, p.root)
			rows := 0
			for _, tab := range rel.Tables {
				if !tab.Schema.Curated {
					continue
				}
				ref := tab.Schema.Ref()
				for _, row := range tab.Rows {
					rows++
					id := row[ref.ID].String()
					d := parse(t, filepath.Join(dir, filepath.FromSlash(rowPage(tab.Schema.Name, id))))
					q := d.ids["quote"]
					if q == nil {
						t.Errorf("%s: no #quote", id)
						continue
					}
					if got := textOf(q, nil); got != row[ref.Quote].String() {
						t.Errorf("%s: highlighted %q, want the quote %q", id, got, row[ref.Quote].String())
					}
					walk(q, func(n *html.Node) {
						if n.Data != "mark" || !hasClass(n, "v") {
							return
						}
						// Values are in the quote's display form (see
						// quote.Text.Display): compare the mark's.
						text := textOf(n, nil)
						shown := quote.New(text).Display(quote.Match{Start: 0, End: len([]rune(text))})
						found := false
						for _, col := range strings.Fields(attr(n, "data-col")) {
							c := tab.Schema.Column(col)
							if c < 0 {
								t.Errorf("%s: a mark names column %s, which the table lacks", id, col)
								continue
							}
							if strings.Contains(shown, row[c].String()) {
								found = true
							}
						}
						if !found {
							t.Errorf("%s: marked %q holds the value of none of its columns %s", id, text, attr(n, "data-col"))
						}
					})
				}
			}
			if rows == 0 {
				t.Fatal("no curated rows")
			}
		})
	}
}

// TestSourceText checks that each source page holds its text exactly
// (leaving out the row numbers after quotes), and that the passages marked
// as a row's quote are, joined, that row's quote.
func TestSourceText(t *testing.T) {
	for _, p := range projects {
		t.Run(p.name, func(t *testing.T) {
			rel, dir := release(t, p.root)
			s, err := newSite(rel)
			if err != nil {
				t.Fatal(err)
			}
			for id, text := range rel.Texts {
				d := parse(t, filepath.Join(dir, filepath.FromSlash(sourcePage(id))))
				div := d.ids["text"]
				if div == nil {
					t.Fatalf("%s: no #text", id)
				}
				isRef := func(n *html.Node) bool { return n.Data == "sup" && hasClass(n, "ref") }
				if got := textOf(div, isRef); got != text {
					t.Errorf("%s: the page's text differs from the source (%d bytes, want %d)", id, len(got), len(text))
				}
				quoted := map[string]*strings.Builder{}
				walk(div, func(n *html.Node) {
					if n.Data == "mark" && hasClass(n, "q") {
						for _, row := range strings.Fields(attr(n, "data-rows")) {
							if quoted[row] == nil {
								quoted[row] = &strings.Builder{}
							}
							quoted[row].WriteString(textOf(n, isRef))
						}
					}
				})
				for _, at := range s.bySource[id] {
					want := at.row()[at.t.Schema.Ref().Quote].String()
					got := ""
					if b := quoted[at.id()]; b != nil {
						got = b.String()
					}
					if got != want {
						t.Errorf("%s: row %s marked %q, want its quote %q", id, at.id(), got, want)
					}
					if d.ids[quoteAnchor(at.id())] == nil {
						t.Errorf("%s: no anchor for the quote of %s", id, at.id())
					}
				}
			}
		})
	}
}

// TestLinksResolve follows every href and src of every page as a browser
// does from file://: each relative link must name a file of the site (and
// an element of it, when it has a fragment); a link outside the site may
// only be a source's own address, in an <a>, never a resource the page
// loads.
func TestLinksResolve(t *testing.T) {
	for _, p := range projects {
		t.Run(p.name, func(t *testing.T) {
			rel, dir := release(t, p.root)
			allowed := map[string]bool{}
			for _, tab := range rel.Tables {
				for c, col := range tab.Schema.Columns() {
					if col.Role != schema.RoleURL {
						continue
					}
					for _, row := range tab.Rows {
						allowed[row[c].String()] = true
					}
				}
			}
			files := tree(t, dir)
			pages := 0
			for name, b := range files {
				switch path.Ext(name) {
				case ".js":
					if name != scriptPath {
						continue // data, whose text may name addresses
					}
					fallthrough
				case ".css":
					if bytes.Contains(b, []byte("http:")) || bytes.Contains(b, []byte("https:")) || bytes.Contains(b, []byte("url(")) || bytes.Contains(b, []byte("@import")) {
						t.Errorf("%s names an address or loads a resource", name)
					}
					continue
				case ".html":
				default:
					t.Errorf("%s: a file the site should not have", name)
					continue
				}
				pages++
				d := parse(t, filepath.Join(dir, filepath.FromSlash(name)))
				walk(d.root, func(n *html.Node) {
					for _, key := range []string{"href", "src"} {
						v := attr(n, key)
						if v == "" && !(n.Type == html.ElementNode && hasAttr(n, key)) {
							continue
						}
						u, err := url.Parse(v)
						if err != nil {
							t.Errorf("%s: <%s %s=%q>: %v", name, n.Data, key, v, err)
							continue
						}
						if u.Scheme != "" || u.Host != "" || strings.HasPrefix(v, "//") {
							if n.Data != "a" || key != "href" || !allowed[v] {
								t.Errorf("%s: <%s %s=%q> leaves the site", name, n.Data, key, v)
							}
							continue
						}
						target := name
						if u.Path != "" {
							target = path.Join(path.Dir(name), u.Path)
						}
						if strings.HasPrefix(target, "../") || files[target] == nil {
							t.Errorf("%s: <%s %s=%q>: no file %s in the site", name, n.Data, key, v, target)
							continue
						}
						// "#?…" is the state of a table page's script
						// (its search and facets), not an element.
						if u.Fragment != "" && !strings.HasPrefix(u.Fragment, "?") && path.Ext(target) == ".html" {
							if parse(t, filepath.Join(dir, filepath.FromSlash(target))).ids[u.Fragment] == nil {
								t.Errorf("%s: <%s %s=%q>: no element #%s on %s", name, n.Data, key, v, u.Fragment, target)
							}
						}
					}
				})
			}
			if pages == 0 {
				t.Fatal("no pages")
			}
		})
	}
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// TestVerifyRefuses checks that Verify refuses a site that is not whole:
// a page missing, cut short or grown, a file the site does not have.
func TestVerifyRefuses(t *testing.T) {
	rel, first := release(t, "../../testdata/base")
	page := filepath.FromSlash(rowPage(schema.MilitaryExpenditure.Name, "tiny-budget-arm"))
	tests := []struct {
		name, want string
		change     func(dir string) error
	}{
		{"missing", "missing", func(dir string) error { return os.Remove(filepath.Join(dir, page)) }},
		{"cut short", "not whole", func(dir string) error {
			b, err := os.ReadFile(filepath.Join(dir, page))
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, page), b[:len(b)/2], 0o644)
		}},
		{"grown", "not whole", func(dir string) error {
			f, err := os.OpenFile(filepath.Join(dir, page), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = f.WriteString("<!-- -->")
			return err
		}},
		{"extra", "does not have", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "rows", "notes.txt"), []byte("mine"), 0o644)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, b := range tree(t, first) {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := Verify(dir, rel); err != nil {
				t.Fatalf("Verify before the change: %v", err)
			}
			if err := tc.change(dir); err != nil {
				t.Fatal(err)
			}
			if err := Verify(dir, rel); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Verify = %v, want an error saying %q", err, tc.want)
			}
		})
	}
}
