package schema

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/armsdata/armsdata/dataset/atomicfile"
)

// ParseCache keeps the parsed form of YAML files that parsed without a
// problem, by content: the key of an entry is the SHA-256 of the tool, the
// file's path and its bytes, so an entry is found again only for the same
// file, unchanged, read by the same build of the tool, and never needs to
// be invalidated. Parsing is most of loading a large corpus (about 9.5 of
// 12 CPU-seconds for 100,000 rules; the YAML library's tokenizer and
// parser), and a curator's edit changes one file of thousands.
//
// A file with any problem is never cached: it is parsed again, so its
// problems are reported on every run. An entry that cannot be read or
// decoded is a miss, never an error. Entries are written atomically
// (several builds may share a cache), and entries unused for a week are
// removed, at most once a day, by the tool that made them.
type ParseCache struct {
	dir  string
	tool [sha256.Size]byte
	now  func() time.Time
}

// NewParseCache returns a cache in dir for the tool identified by tool (the
// SHA-256 of its executable: a rebuilt tool may parse differently). The
// directory is created when the first entry is written.
func NewParseCache(dir string, tool [sha256.Size]byte) *ParseCache {
	return &ParseCache{dir: dir, tool: tool, now: time.Now}
}

// Parse is ParseYAML through the cache.
func (c *ParseCache) Parse(file string, data []byte, ds *Diagnostics) *Node {
	if c == nil {
		return ParseYAML(file, data, ds)
	}
	path := c.path(file, data)
	if b, err := os.ReadFile(path); err == nil {
		if n, err := decodeNode(file, b); err == nil {
			c.touch(path)
			return n
		}
	}
	var mine Diagnostics
	n := ParseYAML(file, data, &mine)
	ds.Append(mine)
	if n != nil && mine.Len() == 0 {
		// A failed write only costs the next run a parse.
		_ = os.MkdirAll(filepath.Dir(path), 0o755)
		_ = atomicfile.WriteUnsynced(path, encodeNode(n))
		c.trim()
	}
	return n
}

// path is where the entry of the file with data is kept: the key in hex,
// under a folder of its first two digits (256 folders keep each small).
func (c *ParseCache) path(file string, data []byte) string {
	h := sha256.New()
	h.Write(c.tool[:])
	h.Write([]byte(file))
	h.Write([]byte{0})
	h.Write(data)
	key := hex.EncodeToString(h.Sum(nil))
	return filepath.Join(c.dir, key[:2], key+".node")
}

// Entries are kept while used: a hit refreshes an entry's modification
// time when it is older than touchAfter, and trim removes entries older
// than keepFor, looking at most once every trimEvery.
const (
	touchAfter = time.Hour
	keepFor    = 7 * 24 * time.Hour
	trimEvery  = 24 * time.Hour
)

func (c *ParseCache) touch(path string) {
	if fi, err := os.Stat(path); err == nil && c.now().Sub(fi.ModTime()) > touchAfter {
		_ = os.Chtimes(path, c.now(), c.now())
	}
}

// trim removes the cache's entries unused for keepFor, when it last did so
// more than trimEvery ago (the stamp file's time says when). Only files
// named as entries are removed.
func (c *ParseCache) trim() {
	stamp := filepath.Join(c.dir, "trimmed")
	if fi, err := os.Stat(stamp); err == nil && c.now().Sub(fi.ModTime()) < trimEvery {
		return
	}
	if err := atomicfile.WriteUnsynced(stamp, nil); err != nil || os.Chtimes(stamp, c.now(), c.now()) != nil {
		return
	}
	old := c.now().Add(-keepFor)
	folders, _ := filepath.Glob(filepath.Join(c.dir, "[0-9a-f][0-9a-f]"))
	for _, f := range folders {
		entries, _ := filepath.Glob(filepath.Join(f, "*.node"))
		for _, e := range entries {
			if fi, err := os.Stat(e); err == nil && fi.ModTime().Before(old) && len(filepath.Base(e)) == 2*sha256.Size+len(".node") {
				_ = os.Remove(e)
			}
		}
	}
}

// The encoding of a node tree: a header, then each node in preorder as
// kind, line, column, tag, value, exact, lead, and its pairs (key and
// value nodes) or items, every number a uvarint and every text its length
// then its bytes, then the SHA-256 of all that, so that a damaged entry
// is refused rather than read as another tree. The file is not stored:
// every node of a file has it.
const nodeFormat = "armsdata-node-1\n"

func encodeNode(n *Node) []byte {
	b := []byte(nodeFormat)
	var enc func(n *Node)
	enc = func(n *Node) {
		b = binary.AppendUvarint(b, uint64(n.Kind))
		b = binary.AppendUvarint(b, uint64(n.Pos.Line))
		b = binary.AppendUvarint(b, uint64(n.Pos.Col))
		b = appendText(b, n.Tag)
		b = appendText(b, n.Value)
		exact := uint64(0)
		if n.exact {
			exact = 1
		}
		b = binary.AppendUvarint(b, exact)
		b = binary.AppendUvarint(b, uint64(n.lead))
		b = binary.AppendUvarint(b, uint64(len(n.Pairs)))
		for _, p := range n.Pairs {
			enc(p.Key)
			enc(p.Value)
		}
		b = binary.AppendUvarint(b, uint64(len(n.Items)))
		for _, it := range n.Items {
			enc(it)
		}
	}
	enc(n)
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

func appendText(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

var errBadEntry = errors.New("not a cache entry")

// decodeNode reads what encodeNode wrote, refusing anything else (a
// truncated or foreign file) with errBadEntry, however it is damaged.
func decodeNode(file string, b []byte) (*Node, error) {
	if len(b) < len(nodeFormat)+sha256.Size || string(b[:len(nodeFormat)]) != nodeFormat {
		return nil, errBadEntry
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if got := sha256.Sum256(body); string(got[:]) != string(sum) {
		return nil, errBadEntry
	}
	d := nodeDecoder{b: body[len(nodeFormat):], file: file}
	n := d.node(0)
	if d.bad || len(d.b) != 0 {
		return nil, errBadEntry
	}
	return n, nil
}

type nodeDecoder struct {
	b    []byte
	file string
	bad  bool
}

func (d *nodeDecoder) uint(max uint64) uint64 {
	v, k := binary.Uvarint(d.b)
	if k <= 0 || v > max {
		d.bad = true
		return 0
	}
	d.b = d.b[k:]
	return v
}

func (d *nodeDecoder) text() string {
	n := d.uint(uint64(len(d.b)))
	if d.bad {
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *nodeDecoder) node(depth int) *Node {
	if d.bad || depth > 2*MaxYAMLDepth+2 { // a bound for damaged entries, above any real depth
		d.bad = true
		return nil
	}
	n := &Node{Kind: NodeKind(d.uint(uint64(SeqNode)))}
	n.Pos = Pos{File: d.file, Line: int(d.uint(MaxYAMLBytes)), Col: int(d.uint(MaxYAMLBytes))}
	n.Tag, n.Value = d.text(), d.text()
	n.exact = d.uint(1) == 1
	n.lead = int(d.uint(MaxYAMLBytes))
	// Each node takes at least 8 bytes, so no count can pass len(d.b).
	for range d.uint(uint64(len(d.b))) {
		k := d.node(depth + 1)
		v := d.node(depth + 1)
		if d.bad {
			return nil
		}
		n.Pairs = append(n.Pairs, Pair{Key: k, Value: v})
	}
	for range d.uint(uint64(len(d.b))) {
		it := d.node(depth + 1)
		if d.bad {
			return nil
		}
		n.Items = append(n.Items, it)
	}
	return n
}
