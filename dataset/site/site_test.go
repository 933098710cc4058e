package site

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
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

// siteOf is release, with the site's own view of the release.
func siteOf(t *testing.T, root string) (*dataset.Release, string, *site) {
	t.Helper()
	rel, dir := release(t, root)
	s, err := newSite(rel)
	if err != nil {
		t.Fatal(err)
	}
	return rel, dir, s
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
			rel, dir, s := siteOf(t, p.root)
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
					marked := map[string]bool{}
					walk(q, func(n *html.Node) {
						if n.Data != "mark" || !hasClass(n, "v") {
							return
						}
						for _, col := range strings.Fields(attr(n, "data-col")) {
							marked[col] = true
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
					for _, f := range tab.Schema.Fields {
						if c := f.Cols().Quoted; c != schema.NoCol && !row[c].IsNull() && !marked[tab.Schema.Columns()[c].Name] {
							t.Errorf("%s: %s %q is not marked in the quote", id, tab.Schema.Columns()[c].Name, row[c].String())
						}
					}
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
			rel, dir, s := siteOf(t, p.root)
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
					for _, key := range []string{"href", "src", "action", "srcset", "poster", "data"} {
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
		{"a data file cut short", "not whole", func(dir string) error {
			p := filepath.Join(dir, filepath.FromSlash(chunkPath(schema.MilitaryExpenditure.Name, 0)))
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(p, b[:len(b)-3], 0o644)
		}},
		{"the script edited", "not the site's", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, scriptPath), append(slices.Clone(siteJS), "alert(1);\n"...), 0o644)
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

// chartPages lists the pages that draw charts.
func chartFiles(t *testing.T, dir string) []string {
	t.Helper()
	out := []string{filepath.Join(dir, balancePage)}
	more, err := filepath.Glob(filepath.Join(dir, chartsDir, "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	return append(out, more...)
}

// TestChartMarks checks every mark of every chart: it links to the row
// page of the indicator it draws, carries that row's value, bounds and
// qualifier, and draws a bound as a bound: a dot only for a figure with a
// value (exact, approx), a whisker for approx, and for a bound no dot at
// all. Every indicator with a time is drawn once.
func TestChartMarks(t *testing.T) {
	for _, p := range projects {
		t.Run(p.name, func(t *testing.T) {
			rel, dir, s := siteOf(t, p.root)
			it, c := rel.Table(schema.Indicators.Name), schema.IndicatorsCols
			byHome := map[string]schema.Row{}
			want := 0
			for i, r := range it.Rows {
				byHome[s.home(it, i)] = r
				if !r[c.WhenStart].IsNull() || !r[c.WhenEnd].IsNull() {
					want++
				}
			}
			drawn := map[string]bool{}
			for _, file := range chartFiles(t, dir) {
				d := parse(t, file)
				rel, _ := filepath.Rel(dir, file)
				walk(d.root, func(n *html.Node) {
					if n.Data != "a" || !hasClass(n, "mark") {
						return
					}
					href := path.Clean(path.Join(path.Dir(filepath.ToSlash(rel)), strings.SplitN(attr(n, "href"), "#", 2)[0]))
					if frag := strings.SplitN(attr(n, "href"), "#", 2); len(frag) == 2 {
						href += "#" + frag[1]
					}
					r, ok := byHome[href]
					if !ok {
						t.Errorf("%s: a mark links to %s, the home of no indicator", rel, href)
						return
					}
					id := r[c.ID].String()
					if drawn[id] {
						t.Errorf("indicator %s drawn twice", id)
					}
					drawn[id] = true
					if got := attr(n, "data-row"); got != r[c.RowID].String() {
						t.Errorf("%s: data-row %q, want %q", id, got, r[c.RowID].String())
					}
					// On a chart of few marks each is labelled with its
					// figure as written, hedge and all.
					var figure string
					var hasFigure bool
					walk(n, func(m *html.Node) {
						if m.Data == "text" && hasClass(m, "figure") && m.FirstChild != nil {
							figure, hasFigure = m.FirstChild.Data, true
						}
					})
					marks := 0
					for sib := n.Parent.FirstChild; sib != nil; sib = sib.NextSibling {
						if sib.Data == "a" {
							marks++
						}
					}
					if want := r[c.ValueText].String(); hasFigure != (marks <= labelledMarks) || (hasFigure && figure != want) {
						t.Errorf("%s: on a chart of %d marks, labelled %v %q, want %q when at most %d", id, marks, hasFigure, figure, want, labelledMarks)
					}
					// The label writes the time as TimeLabel does: an
					// inferred year "c. 2010", never as if stated.
					var title string
					walk(n, func(m *html.Node) {
						if m.Data == "title" && m.FirstChild != nil {
							title = m.FirstChild.Data
						}
					})
					if when := schema.TimeLabel(r[c.WhenStart], r[c.WhenEnd], r[c.WhenBasis].String()); !strings.Contains(title, ", "+when+": ") {
						t.Errorf("%s: label %q does not give the time %q", id, title, when)
					} else if inferred := r[c.WhenBasis].String() != "stated"; inferred != strings.Contains(title, "c. ") {
						t.Errorf("%s: label %q, time basis %s", id, title, r[c.WhenBasis].String())
					}
					for key, col := range map[string]schema.Col{"data-value": c.Value, "data-low": c.Low, "data-high": c.High, "data-qualifier": c.Qualifier} {
						if got := attr(n, key); got != r[col].Text() {
							t.Errorf("%s: %s %q, want %q", id, key, got, r[col].Text())
						}
					}
					var dots, whiskers, bars, arrows int
					walk(n, func(m *html.Node) {
						switch {
						case m.Data == "circle" && hasClass(m, "dot"):
							dots++
						case hasClass(m, "whisker"):
							whiskers++
						case m.Data == "rect" && hasClass(m, "bar"):
							bars++
						case hasClass(m, "arrow"):
							arrows++
						}
					})
					switch q := r[c.Qualifier].String(); {
					case !r[c.Value].IsNull():
						if dots != 1 || (q == "approx") != (whiskers > 0) {
							t.Errorf("%s (%s): %d dots, %d whiskers", id, q, dots, whiskers)
						}
					case dots != 0:
						t.Errorf("%s (%s): a bound drawn as a point", id, q)
					case !r[c.Low].IsNull() && r[c.High].IsNull() && arrows == 0:
						t.Errorf("%s (%s): a lower bound without its arrow", id, q)
					case !r[c.High].IsNull() && bars == 0:
						t.Errorf("%s (%s): an upper bound or range without its bar", id, q)
					}
				})
			}
			if len(drawn) != want {
				t.Errorf("%d indicators drawn, want every one with a time: %d", len(drawn), want)
			}
		})
	}
}

// hostile returns a copy of rel in which every text a reader could
// write (titles, citations, notes, addresses, the source texts) holds
// markup and script.
func hostile(rel *dataset.Release) *dataset.Release {
	const payload = `</title></textarea><script>alert("x")</script><img src=x onerror=alert(1)>"'&amp;`
	out := *rel
	out.Tables = nil
	for _, t := range rel.Tables {
		nt := &dataset.Table{Schema: t.Schema}
		for _, r := range t.Rows {
			r = slices.Clone(r)
			for c, col := range t.Schema.Columns() {
				switch {
				case col.Role == schema.RoleURL:
					r[c] = schema.Str("javascript:alert(1)")
				case col.Name == "citation" || col.Name == "note" || col.Name == "notes" || col.Name == "title" || col.Name == "name" || col.Name == "description" || col.Name == "detail":
					r[c] = schema.Str(payload)
				}
			}
			nt.Rows = append(nt.Rows, r)
		}
		out.Tables = append(out.Tables, nt)
	}
	out.Texts = map[string]string{}
	for id, text := range rel.Texts {
		out.Texts[id] = text + "\n\n" + payload + "\n"
	}
	return &out
}

// TestHostileText writes the site of a release whose texts are markup and
// script, and requires every page to hold them as text: no script but the
// site's own, no event handler, no link that runs code, and the data of
// table pages still JSON.
func TestHostileText(t *testing.T) {
	rel, _ := release(t, "../../testdata/base")
	h := hostile(rel)
	dir := t.TempDir()
	if err := Write(dir, h); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for name := range tree(t, dir) {
		if path.Ext(name) != ".html" {
			continue
		}
		d := parse(t, filepath.Join(dir, filepath.FromSlash(name)))
		walk(d.root, func(n *html.Node) {
			if n.Type == html.TextNode && strings.Contains(n.Data, `<script>alert("x")</script>`) {
				seen++
			}
			if n.Type != html.ElementNode {
				return
			}
			switch n.Data {
			case "script":
				switch {
				case attr(n, "type") == "application/json":
					var v any
					if err := json.Unmarshal([]byte(textOf(n, nil)), &v); err != nil {
						t.Errorf("%s: the table's data is not JSON: %v", name, err)
					}
				case attr(n, "src") != rootOf(name)+scriptPath:
					t.Errorf("%s: a script %q that is not the site's", name, attr(n, "src"))
				}
			case "img", "iframe", "object", "embed":
				t.Errorf("%s: an element <%s> from the data", name, n.Data)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: <%s %s=%q>", name, n.Data, a.Key, a.Val)
				}
				if (a.Key == "href" || a.Key == "src") && strings.Contains(strings.ToLower(a.Val), "javascript:") {
					t.Errorf("%s: <%s %s=%q>", name, n.Data, a.Key, a.Val)
				}
			}
		})
	}
	if seen == 0 {
		t.Error("the hostile text is shown nowhere: the test tests nothing")
	}
}

// TestTableData reads every table page's data as its script does: the
// page's listing, then its data files, which together hold every row of
// the table once, in order, each with its home and a cell for every cell
// the listing names; and the rows the page shows without JavaScript are
// the first of them.
func TestTableData(t *testing.T) {
	for _, p := range projects {
		t.Run(p.name, func(t *testing.T) {
			rel, dir, s := siteOf(t, p.root)
			for _, tab := range rel.Tables {
				name := tablePage(tab.Schema.Name)
				d := parse(t, filepath.Join(dir, filepath.FromSlash(name)))
				var meta tableMeta
				if err := json.Unmarshal([]byte(textOf(d.ids["table-meta"], nil)), &meta); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if meta.Rows != len(tab.Rows) || meta.Table != tab.Schema.Name {
					t.Errorf("%s: meta says %d rows of %s", name, meta.Rows, meta.Table)
				}
				cells := 0
				for _, c := range meta.Cols {
					cells = max(cells, c.Show+1, c.Sort+1)
				}
				for _, f := range meta.Facets {
					cells = max(cells, f.Cell+1)
				}
				var rows [][]any
				for k, chunkPath := range meta.Chunks {
					b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path.Join(path.Dir(name), chunkPath))))
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					js := strings.TrimSuffix(strings.TrimPrefix(string(b), "armsdataChunk("), ");\n")
					var c struct {
						Table string  `json:"table"`
						N     int     `json:"n"`
						Rows  [][]any `json:"rows"`
					}
					if err := json.Unmarshal([]byte(js), &c); err != nil {
						t.Fatalf("%s: %v", chunkPath, err)
					}
					if c.Table != tab.Schema.Name || c.N != k {
						t.Errorf("%s: chunk %d of %s, want %d of %s", chunkPath, c.N, c.Table, k, tab.Schema.Name)
					}
					rows = append(rows, c.Rows...)
				}
				if len(rows) != len(tab.Rows) {
					t.Fatalf("%s: %d rows in the data, want %d", name, len(rows), len(tab.Rows))
				}
				for i, r := range rows {
					if len(r) < cells {
						t.Fatalf("%s row %d: %d cells, the listing needs %d", name, i, len(r), cells)
					}
					if r[0] != s.home(tab, i) {
						t.Errorf("%s row %d: home %v, want %s", name, i, r[0], s.home(tab, i))
					}
				}
				body := d.ids["rows-table"]
				var shown []string
				walk(body, func(n *html.Node) {
					if n.Data == "a" && n.Parent != nil && n.Parent.Data == "td" {
						shown = append(shown, attr(n, "href"))
					}
				})
				if len(shown) != min(firstRows, len(tab.Rows)) {
					t.Errorf("%s: %d rows linked without JavaScript, want %d", name, len(shown), min(firstRows, len(tab.Rows)))
				}
				for i, h := range shown {
					if want := rootOf(name) + s.home(tab, i); h != want {
						t.Errorf("%s: static row %d links to %s, want %s", name, i, h, want)
					}
				}
			}
		})
	}
}

// TestUnplacedFigures gives a source coverage figures its page cannot
// mark in the text (past the text's end, and one over another): each is
// listed on the page, with its anchor, so that every coverage row keeps
// its place.
func TestUnplacedFigures(t *testing.T) {
	rel, _ := release(t, "../../testdata/base")
	r := *rel
	r.Tables = slices.Clone(rel.Tables)
	c := schema.CoverageCols
	for i, tab := range r.Tables {
		if tab.Schema != schema.Coverage {
			continue
		}
		nt := &dataset.Table{Schema: tab.Schema, Rows: slices.Clone(tab.Rows)}
		first := nt.Rows[0]
		n := int64(len([]rune(rel.Texts[first[c.SourceID].String()])))
		past, over := slices.Clone(first), slices.Clone(first)
		past[c.ID], past[c.Start], past[c.End] = schema.Str(first[c.ID].String()+"-past"), schema.Int(n+5), schema.Int(n+9)
		over[c.ID] = schema.Str(first[c.ID].String() + "-over")
		nt.Rows = append(nt.Rows, past, over)
		r.Tables[i] = nt
	}
	dir := t.TempDir()
	if err := Write(dir, &r); err != nil {
		t.Fatal(err)
	}
	s, err := newSite(&r)
	if err != nil {
		t.Fatal(err)
	}
	cov := r.Table(schema.Coverage.Name)
	for i := range cov.Rows {
		file, frag, _ := strings.Cut(s.home(cov, i), "#")
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(file)))
		if err != nil {
			t.Fatal(err)
		}
		n, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		walk(n, func(n *html.Node) { found = found || attr(n, "id") == frag })
		if !found {
			t.Errorf("coverage %s: no #%s on %s", cov.Rows[i][c.ID].String(), frag, file)
		}
	}
}
