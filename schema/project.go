package schema

import (
	"crypto/sha256"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/armsdata/armsdata/dataset/parallel"
)

// Meta describes the release as a whole (seeds/dataset.yaml).
type Meta struct {
	Name        string // file name stem of the workbook, e.g. "armsdata"
	Title       string
	Description string
	Version     string
	Licence     string
	LicenceURL  string
	Homepage    string
}

// Project is everything under seeds/, loaded and checked.
type Project struct {
	Root    string
	Meta    Meta
	Sources []*Source
	Actors  []*Actor
	Rules   []*Rule
	Waivers []*Waiver
	Links   []*LinkKey

	// actorsFailed records that the actors file could not be read at all:
	// that problem is reported once, and actor codes are not checked
	// against a list known to be missing.
	actorsFailed bool

	index index // Rule, Source, Actor and LinkKey
}

// Rule returns the rule with the id, or nil.
func (p *Project) Rule(id string) *Rule {
	p.index.Lock()
	defer p.index.Unlock()
	return p.index.rules.get(p.Rules, func(r *Rule) string { return r.ID }, id)
}

// LinkKey returns the documented link key, or nil.
func (p *Project) LinkKey(key string) *LinkKey {
	p.index.Lock()
	defer p.index.Unlock()
	return p.index.links.get(p.Links, func(k *LinkKey) string { return k.Key }, key)
}

// Source returns the source with the id, or nil.
func (p *Project) Source(id string) *Source {
	p.index.Lock()
	defer p.index.Unlock()
	return p.index.sources.get(p.Sources, func(s *Source) string { return s.ID }, id)
}

// Actor returns the actor with the code, or nil.
func (p *Project) Actor(code string) *Actor {
	p.index.Lock()
	defer p.index.Unlock()
	return p.index.actors.get(p.Actors, func(a *Actor) string { return a.Code }, code)
}

// index finds rules, link keys, sources and actors by id without a search
// through the list (a search per rule value made loading and building
// quadratic). Each part is built on first use, and again when its list
// has grown since: Load looks sources and actors up while it is still
// appending rules. Lists are only appended to, never edited in place.
type index struct {
	sync.Mutex // lookups may come from several goroutines
	rules      lookup[*Rule]
	links      lookup[*LinkKey]
	sources    lookup[*Source]
	actors     lookup[*Actor]
}

// lookup is one part of the index: the items of a list by id, the first
// of a duplicated id winning, as a search in order would find it.
type lookup[T any] struct {
	byID map[string]T
	n    int // the length of the list byID was built from
}

func (l *lookup[T]) get(items []T, id func(T) string, key string) T {
	if l.byID == nil || l.n != len(items) {
		l.byID = make(map[string]T, len(items))
		for _, it := range items {
			if _, dup := l.byID[id(it)]; !dup {
				l.byID[id(it)] = it
			}
		}
		l.n = len(items)
	}
	return l.byID[key]
}

var idPattern = regexp.MustCompile(`^[a-z0-9]+(?:[-_][a-z0-9]+)*$`)

// Load reads and checks seeds/ under root. It returns what it could load
// and every problem found; the project is usable only when there are none.
func Load(root string) (*Project, Diagnostics) { return LoadWith(root, LoadOptions{}) }

// LoadOptions change how Load runs, never what it loads or reports.
type LoadOptions struct {
	// Cache keeps parsed YAML files between runs; nil for none.
	Cache *ParseCache
	// Count, when not nil, hears how far loading is, since reading the
	// rule and waiver files is most of its time: once with read 0 and the
	// number of those files, as soon as they are found (0 when there are
	// none, or no seeds/), then after each file is read and parsed, with
	// the number so far. Files are read on several goroutines, so it is
	// called concurrently.
	Count func(read, total int)
}

// LoadWith is Load with options.
func LoadWith(root string, o LoadOptions) (*Project, Diagnostics) {
	count, cache := o.Count, o.Cache
	if count == nil {
		count = func(int, int) {}
	}
	var ds Diagnostics
	p := &Project{Root: root}
	d := decoder{ds: &ds}
	if fi, err := os.Stat(filepath.Join(root, SeedsDir)); err != nil || !fi.IsDir() {
		ds.Addf(Pos{File: SeedsDir}, "no %s/ directory under %s; run armsdata in the repository, or give -root", SeedsDir, root)
		count(0, 0)
		return p, ds
	}
	checkSeedsLayout(root, &ds)
	if n := readYAML(root, MetaFile, cache, &ds); n != nil {
		p.Meta = loadMeta(d, n)
	}
	if n := readYAML(root, ActorsFile, cache, &ds); n != nil {
		p.Actors = loadActors(d, n)
	} else {
		p.actorsFailed = true
	}
	// Rules before waivers: rule and waiver ids share one namespace, and a
	// clash is reported at the waiver.
	folders := sourceFolders(root, &ds)
	files := 0
	for _, f := range folders {
		files += len(f.rules) + len(f.waivers)
	}
	count(0, files)
	read := readFolders(root, folders, cache, func(n int) { count(n, files) })
	firstID := map[string]Pos{}
	ruleCopies, waiverCopies := copyFinder{}, copyFinder{}
	nRuleFiles := 0
	for i, f := range folders {
		ds.Append(read[i].ds)
		if read[i].source != nil {
			p.Sources = append(p.Sources, read[i].source)
		}
		for _, pf := range read[i].rules {
			nRuleFiles++
			if n := pf.node(ruleCopies, &ds); n != nil {
				p.Rules = append(p.Rules, loadRules(d, p, f.id, read[i].source, pf.rel, n, firstID)...)
			}
		}
	}
	if len(folders) > 0 && nRuleFiles == 0 {
		ds.Addf(Pos{File: SourcesDir}, "no rule files found (%s in a source folder)", RulesFile)
	}
	for i, f := range folders {
		for _, pf := range read[i].waivers {
			if n := pf.node(waiverCopies, &ds); n != nil {
				p.Waivers = append(p.Waivers, loadWaivers(d, f.id, read[i].source, pf.rel, n, firstID)...)
			}
		}
	}
	seenKeys := map[string]Pos{}
	for _, rel := range linkFiles(root, &ds) {
		if n := readYAML(root, rel, cache, &ds); n != nil {
			p.Links = append(p.Links, loadLinks(d, n, seenKeys)...)
		}
	}
	checkReferences(d, p)
	checkDeals(d, p)
	return p, ds
}

// LoadMeta reads only the release metadata, seeds/dataset.yaml under
// root, as Load does.
func LoadMeta(root string) (Meta, Diagnostics) {
	var ds Diagnostics
	var m Meta
	if n := readYAML(root, MetaFile, nil, &ds); n != nil {
		m = loadMeta(decoder{ds: &ds}, n)
	}
	return m, ds
}

func exists(root, rel string) bool {
	_, err := os.Lstat(filepath.Join(root, filepath.FromSlash(rel)))
	return err == nil
}

// checkReferences checks what rules say of each other: row references name
// rules of data tables of the same source, and link keys are documented.
func checkReferences(d decoder, p *Project) {
	used := map[string]bool{}
	for _, r := range p.Rules {
		for _, v := range r.Values {
			switch {
			case v.Field.Kind == KindRowRef:
				target := p.Rule(v.Text)
				switch {
				case target == nil:
					var ids []string
					for _, o := range p.Rules {
						ids = append(ids, o.ID)
					}
					d.ds.Addf(v.Pos, "rule %s: %s names no rule %q%s", r.ID, v.Field.Name, v.Text, suggest(v.Text, ids))
				case target.Table == Claims:
					d.ds.Addf(v.Pos, "rule %s: %s must name a data row, not the claim %s", r.ID, v.Field.Name, v.Text)
				case r.Source != nil && target.Source != nil && target.Source != r.Source && !checkedAgainstRecord(r, v):
					// A claim is a comparison its text makes: the figures
					// it compares are the text's own. Rows of different
					// sources are compared by their link_key.
					d.ds.Addf(v.Pos, "rule %s: %s names %s, a row of source %s (%s); a claim of %s compares rows of its own text (rows of different sources are compared through a link_key)",
						r.ID, v.Field.Name, v.Text, target.Source.ID, target.Pos, r.Source.ID)
				}
			case v.Field.Name == "link_key":
				used[v.Text] = true
				if p.LinkKey(v.Text) == nil {
					var keys []string
					for _, k := range p.Links {
						keys = append(keys, k.Key)
					}
					d.ds.Addf(v.Pos, "rule %s: link key %q is not described in %s/%s", r.ID, v.Text, LinksDir, suggest(v.Text, keys))
				}
			}
		}
	}
	for _, k := range p.Links {
		if !used[k.Key] {
			d.ds.Addf(k.Pos, "link key %q is used by no rule", k.Key)
		}
	}
}

// checkedAgainstRecord reports whether v is the object of a "first"
// claim: a rival the curator found anywhere in the dataset, since a text
// never names the rivals that would refute its own first.
func checkedAgainstRecord(r *Rule, v *RuleValue) bool {
	k := r.Value("kind")
	return r.Table == Claims && v.Field.Name == "object" && k != nil && k.Text == "first"
}

// copyFinder spots a file that is a byte-for-byte copy of one read before
// (a rule file saved twice under two names): one problem for the file, not
// one duplicate id per rule.
type copyFinder map[[sha256.Size]byte]string

func (c copyFinder) isCopy(rel string, sum [sha256.Size]byte, ds *Diagnostics) bool {
	if first, ok := c[sum]; ok {
		ds.Addf(Pos{File: rel, Line: 1, Col: 1}, "file is a copy of %s (same content); remove one of them", first)
		return true
	}
	c[sum] = rel
	return false
}

// readFolder is a source folder read ahead of decoding its rules: its
// source, checked, and its rule and waiver files parsed.
type readFolder struct {
	source         *Source
	rules, waivers []parsedFile
	ds             Diagnostics // the source's problems
}

// parsedFile is a rule or waiver file, read and parsed.
type parsedFile struct {
	rel  string
	read bool // false when the file could not be read (ds says why)
	sum  [sha256.Size]byte
	root *Node
	ds   Diagnostics
}

// readFolders reads the source folders on every core: parsing the YAML
// and checking the texts is most of loading a large corpus (about 9 of
// 11 s for 100,000 rules), and each folder is read on its own. Decoding
// the rules stays in order, after: rule ids are unique across folders.
func readFolders(root string, folders []*sourceFolder, cache *ParseCache, parsed func(n int)) []readFolder {
	var n atomic.Int64
	return parallel.Map(folders, 16, func(f *sourceFolder) readFolder {
		var rf readFolder
		rf.source = loadSource(decoder{ds: &rf.ds}, root, f, cache)
		parse := func(rels []string) []parsedFile {
			out := make([]parsedFile, len(rels))
			for i, rel := range rels {
				pf := &out[i]
				pf.rel = rel
				if data, ok := readFile(root, rel, Pos{File: rel, Line: 1, Col: 1}, &pf.ds); ok {
					pf.read, pf.sum = true, sha256.Sum256(data)
					pf.root = cache.Parse(rel, data, &pf.ds)
				}
				parsed(int(n.Add(1)))
			}
			return out
		}
		rf.rules, rf.waivers = parse(f.rules), parse(f.waivers)
		return rf
	})
}

// node returns the parsed file's root and reports its problems, refusing
// a file that is a copy of another of its kind: then only that is
// reported, not its parse problems, which are the first file's too.
func (pf *parsedFile) node(copies copyFinder, ds *Diagnostics) *Node {
	if pf.read && copies.isCopy(pf.rel, pf.sum, ds) {
		return nil
	}
	ds.Append(pf.ds)
	return pf.root
}

// readYAML reads and parses one YAML file of the project.
func readYAML(root, rel string, cache *ParseCache, ds *Diagnostics) *Node {
	data, ok := readFile(root, rel, Pos{File: rel, Line: 1, Col: 1}, ds)
	if !ok {
		return nil
	}
	return cache.Parse(rel, data, ds)
}

// readFile reads a file that must lie inside seeds/: a relative path
// without "..", and no symbolic link on the way (a link could point
// anywhere). Problems are reported at pos.
func readFile(root, rel string, pos Pos, ds *Diagnostics) ([]byte, bool) {
	clean := path.Clean(rel)
	if path.IsAbs(rel) || filepath.IsAbs(rel) || strings.HasPrefix(clean, "../") || clean == ".." ||
		!strings.HasPrefix(clean, SeedsDir+"/") || strings.Contains(rel, `\`) {
		ds.Addf(pos, "path %q leaves %s/; files must lie inside it", rel, SeedsDir)
		return nil, false
	}
	full, sofar := root, ""
	for _, part := range strings.Split(clean, "/") {
		full, sofar = filepath.Join(full, part), path.Join(sofar, part)
		fi, err := os.Lstat(full)
		if err != nil {
			if os.IsNotExist(err) {
				ds.Addf(pos, "file %s does not exist", clean)
			} else {
				ds.Addf(pos, "cannot read %s: %v", clean, err)
			}
			return nil, false
		}
		if fi.Mode()&os.ModeSymlink != 0 {
			ds.Addf(pos, "%s is a symbolic link; files must be regular files inside %s/", sofar, SeedsDir)
			return nil, false
		}
	}
	fi, err := os.Stat(full)
	if err != nil || !fi.Mode().IsRegular() {
		ds.Addf(pos, "%s is not a regular file", clean)
		return nil, false
	}
	if fi.Size() > maxFileBytes {
		ds.Addf(pos, "%s is %d bytes; the limit is %d", clean, fi.Size(), maxFileBytes)
		return nil, false
	}
	data, err := os.ReadFile(full)
	if err != nil {
		ds.Addf(pos, "cannot read %s: %v", clean, err)
		return nil, false
	}
	return data, true
}

// maxFileBytes bounds any one input file (texts are tens of kilobytes).
const maxFileBytes = 16 << 20

// LicencePattern is what a licence id may be: the Data Package's pattern
// for licence names, which SPDX ids (CC-BY-4.0) fit.
var LicencePattern = regexp.MustCompile(`^[-a-zA-Z0-9._]+$`)

// maxMetaLine bounds the metadata's one-line fields (title, version,
// licence, addresses): the workbook's About sheet writes them into
// sentences, which must stay within a cell (MaxCellChars), and no real
// title comes near it.
const maxMetaLine = 1000

func loadMeta(d decoder, n *Node) Meta {
	var m Meta
	line := func(dst *string, what string) func(*Node) {
		return func(n *Node) {
			*dst, _ = d.text(n, what)
			metaLine(d, n, what, *dst)
		}
	}
	d.mapping(n, "dataset metadata",
		key{"name", true, func(n *Node) {
			m.Name, _ = d.id(n, "name") // it names the workbook file
		}},
		key{"title", true, line(&m.Title, "title")},
		key{"description", true, func(n *Node) { m.Description, _ = d.text(n, "description") }},
		key{"version", true, func(n *Node) {
			if s, ok := d.text(n, "version"); ok {
				if !regexp.MustCompile(`^\d{1,9}\.\d{1,9}\.\d{1,9}$`).MatchString(s) {
					d.ds.Addf(n.Pos, "version %q must be MAJOR.MINOR.PATCH", s)
				}
				m.Version = s
			}
		}},
		key{"licence", true, func(n *Node) {
			if s, ok := d.text(n, "licence"); ok {
				if !LicencePattern.MatchString(s) {
					d.ds.Addf(n.Pos, "licence %q must be a licence id, such as CC-BY-4.0 (an SPDX id: letters, digits, - . and _; the data package requires it)", s)
				}
				m.Licence = s
			}
		}},
		key{"licence_url", true, line(&m.LicenceURL, "licence_url")},
		key{"homepage", false, func(n *Node) {
			m.Homepage, _ = d.optText(n, "homepage")
			metaLine(d, n, "homepage", m.Homepage)
		}},
	)
	return m
}

// metaLine refuses a one-line field of the metadata longer than
// maxMetaLine characters.
func metaLine(d decoder, n *Node, what, s string) {
	if k := CellChars(s); k > maxMetaLine {
		d.ds.Addf(n.Pos, "%s is %d characters long; the limit is %d (the workbook's About sheet writes it into sentences)", what, k, maxMetaLine)
	}
}
