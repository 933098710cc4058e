package schema

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// Limits that keep hostile or broken YAML cheap to refuse. Curated files are
// small and shallow; anything beyond these is a mistake, not data.
const (
	// MaxYAMLBytes bounds one YAML file. The largest rule file is under
	// 70 KB; the YAML library allocates some 200 bytes per byte of input
	// while tokenizing, so 256 KiB keeps a hostile file near 50 MiB. It
	// bounds a file, not the corpus: no file grows with the number of
	// sources (each has its folder), and a source's rules and waivers
	// may be split into parts.
	MaxYAMLBytes = 256 << 10
	MaxYAMLDepth = 32  // nesting of mappings and sequences
	maxIndent    = 128 // columns of indentation and "- " markers on one line
)

// NodeKind is the shape of a YAML node.
type NodeKind int

const (
	ScalarNode NodeKind = iota
	MapNode
	SeqNode
)

// Node is a YAML node with its position: the subset of YAML our files use
// (mappings, sequences, scalars), decoded without anchors, aliases or tags.
type Node struct {
	Kind  NodeKind
	Pos   Pos
	Tag   string // for scalars: "str", "int", "float", "bool" or "null"
	Value string // for scalars: the decoded text
	Pairs []Pair // for mappings, in file order
	Items []*Node

	// exact is set for a scalar written on one line without escapes, whose
	// characters stand one per column from Pos, after lead columns (the
	// opening quote); see At.
	exact bool
	lead  int
}

// At is the position of the value's character i (counted from 0): exact
// for a scalar written on one line without escapes, else the value's own
// position.
func (n *Node) At(i int) Pos {
	if !n.exact || i < 0 {
		return n.Pos
	}
	return Pos{File: n.Pos.File, Line: n.Pos.Line, Col: n.Pos.Col + n.lead + i}
}

// Pair is one key and value of a mapping.
type Pair struct {
	Key   *Node
	Value *Node
}

// Describe names the node's shape for error messages.
func (n *Node) Describe() string {
	switch n.Kind {
	case MapNode:
		return "a mapping"
	case SeqNode:
		return "a list"
	}
	switch n.Tag {
	case "int":
		return "an integer"
	case "float":
		return "a number"
	case "bool":
		return "a boolean"
	case "null":
		return "null"
	}
	return "text"
}

// IsNull reports whether the node is an explicit null (~, null or nothing).
func (n *Node) IsNull() bool { return n.Kind == ScalarNode && n.Tag == "null" }

// ParseYAML parses one file of a single YAML document. Every problem is
// recorded in ds; the result is nil when the file cannot be used at all.
func ParseYAML(file string, data []byte, ds *Diagnostics) *Node {
	whole := Pos{File: file, Line: 1, Col: 1}
	if len(data) > MaxYAMLBytes {
		ds.Addf(whole, "file is %d bytes; the limit for a YAML file is %d (split a long rule or waiver file into parts beside it, rules-<part>.yaml or waivers-<part>.yaml, or look for a runaway paste)", len(data), MaxYAMLBytes)
		return nil
	}
	if !utf8.Valid(data) {
		line, col := invalidUTF8At(data)
		ds.Addf(Pos{file, line, col}, "file is not valid UTF-8 (first bad byte here); save it as UTF-8")
		return nil
	}
	if strings.HasPrefix(string(data), "\uFEFF") {
		ds.Addf(Pos{file, 1, 1}, "file starts with a byte-order mark; save it as UTF-8 without BOM")
		return nil
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		ds.Addf(whole, "file is empty")
		return nil
	}
	if bad := charProblems(file, data); bad.Len() > 0 {
		ds.Append(bad)
		return nil
	}
	if bad := shapeProblems(file, data); bad.Len() > 0 {
		ds.Append(bad)
		return nil
	}
	f, err := parse(data, file, ds)
	if err != nil {
		at, msg := yamlErrorPos(file, err), yamlMessage(err)
		if open := runawayQuote(file, data, at); open.Line > 0 {
			ds.Addf(at, "YAML syntax: %s", msg)
			ds.Addf(open, "the quoted value that starts here runs on to line %d; is its closing quote missing?", at.Line)
			return nil
		}
		ds.Addf(at, "YAML syntax: %s%s", msg, syntaxHint(msg))
		return nil
	}
	if f == nil {
		return nil // refused before parsing; reported
	}
	var docs []*ast.DocumentNode
	for _, d := range f.Docs {
		if d.Body != nil {
			docs = append(docs, d)
		}
	}
	switch {
	case len(docs) == 0:
		ds.Addf(whole, "file has no YAML document")
		return nil
	case len(docs) > 1:
		ds.Addf(tokenPos(file, docs[1].Body.GetToken()), "file holds %d YAML documents; write one", len(docs))
		return nil
	}
	c := converter{file: file, ds: ds}
	return c.node(docs[0].Body, 0)
}

// parse calls the YAML parser, turning a panic inside it into an error so
// that no input can crash the tool. Anchors, aliases, tags and merge keys
// are refused from the tokens, before the parser builds anything: our files
// need none of them, and an alias bomb ("billion laughs") must cost no more
// than reading it. It returns a nil file and no error when it refused the
// file (the problem is in ds). Duplicate keys are left to the converter,
// which reports every one of them, not only the first.
func parse(data []byte, file string, ds *Diagnostics) (f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("the YAML parser failed on this input (%v)", r)
		}
	}()
	tokens := lexer.Tokenize(string(data))
	if tokens.InvalidToken() == nil && refuseTokens(file, tokens, ds) {
		return nil, nil
	}
	return parser.Parse(tokens, 0, parser.AllowDuplicateMapKey())
}

// refuseTokens reports the first anchor or alias, tag and merge key of a
// file, with how many there are, and whether it found any.
func refuseTokens(file string, tokens token.Tokens, ds *Diagnostics) bool {
	type seen struct {
		first *token.Token
		n     int
	}
	var anchors, tags, merges seen
	for _, tk := range tokens {
		var s *seen
		switch tk.Type {
		case token.AnchorType, token.AliasType:
			s = &anchors
		case token.TagType:
			s = &tags
		case token.MergeKeyType:
			s = &merges
		default:
			continue
		}
		if s.first == nil {
			s.first = tk
		}
		s.n++
	}
	more := func(n int, what string) string {
		if n < 2 {
			return ""
		}
		return fmt.Sprintf(" (%d %s in this file)", n, what)
	}
	if anchors.first != nil {
		ds.Addf(tokenPos(file, anchors.first), "anchors and aliases (& and *) are not allowed; write each value out%s", more(anchors.n, "anchors and aliases"))
	}
	if tags.first != nil {
		ds.Addf(tokenPos(file, tags.first), "YAML tags (%s) are not allowed; write plain values%s", tags.first.Value, more(tags.n, "tags"))
	}
	if merges.first != nil {
		ds.Addf(tokenPos(file, merges.first), "merge keys (<<) are not allowed; write the keys out%s", more(merges.n, "merge keys"))
	}
	return anchors.n+tags.n+merges.n > 0
}

// charProblems refuses, before parsing, characters a YAML file may not
// hold as written: carriage returns (the parser counts lines wrongly after
// them, and the texts have none either) and control characters, which YAML
// does not allow and no reader of the file sees. It reports the first of
// each, with how many there are.
func charProblems(file string, data []byte) Diagnostics {
	var ds Diagnostics
	line, col := 1, 0
	var firstCR, firstCtl Pos
	var nCR, nCtl int
	var ctl rune
	for _, r := range string(data) {
		col++
		switch {
		case r == '\n':
			line, col = line+1, 0
		case r == '\r':
			if nCR == 0 {
				firstCR = Pos{file, line, col}
			}
			nCR++
		case refusedChar(r):
			if nCtl == 0 {
				firstCtl, ctl = Pos{file, line, col}, r
			}
			nCtl++
		}
	}
	more := func(n int) string {
		if n < 2 {
			return ""
		}
		return fmt.Sprintf(" (%d in this file)", n)
	}
	if nCR > 0 {
		ds.Addf(firstCR, "carriage return (CRLF line ends); save the file with \\n line ends%s", more(nCR))
	}
	if nCtl > 0 {
		ds.Addf(firstCtl, "the file holds %s, which YAML does not allow; remove it%s", CharName(ctl), more(nCtl))
	}
	return ds
}

// shapeProblems refuses, before parsing, what would make the parser work
// hard for nothing: deep flow nesting and deep indentation.
func shapeProblems(file string, data []byte) Diagnostics {
	var ds Diagnostics
	line, depth, maxDepth := 1, 0, 0
	var tooDeep Pos // where nesting first passes the limit
	lineStart := true
	indent := 0
	col := 0
	for _, r := range string(data) {
		col++
		switch {
		case r == '\n':
			line, col, lineStart, indent = line+1, 0, true, 0
			continue
		case lineStart && (r == ' ' || r == '-' || r == '?' || r == ':'):
			indent++
			if indent > maxIndent {
				ds.Addf(Pos{file, line, col}, "line is nested too deeply (more than %d columns of indentation and list markers)", maxIndent)
				return ds
			}
			continue
		case lineStart && r == '\t':
			ds.Addf(Pos{file, line, col}, "tab in indentation; YAML indents with spaces")
			return ds
		}
		lineStart = false
		switch r {
		case '[', '{':
			depth++
			maxDepth = max(maxDepth, depth)
			if depth > MaxYAMLDepth && tooDeep.Line == 0 {
				tooDeep = Pos{file, line, col}
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
		}
	}
	if maxDepth > MaxYAMLDepth {
		ds.Addf(tooDeep, "brackets nested more than %d deep (%d at the deepest); the limit is %d", MaxYAMLDepth, maxDepth, MaxYAMLDepth)
	}
	return ds
}

type converter struct {
	file string
	ds   *Diagnostics
}

func (c *converter) node(n ast.Node, depth int) *Node {
	pos := tokenPos(c.file, n.GetToken())
	if depth > MaxYAMLDepth {
		c.ds.Addf(pos, "nested more than %d levels deep", MaxYAMLDepth)
		return nil
	}
	switch n := n.(type) {
	case *ast.MappingNode:
		out := &Node{Kind: MapNode, Pos: pos}
		for _, mv := range n.Values {
			out.Pairs = append(out.Pairs, c.pair(mv, depth)...)
		}
		if len(n.Values) > 0 {
			out.Pos = tokenPos(c.file, n.Values[0].Key.GetToken())
		}
		return c.noDuplicates(out)
	case *ast.MappingValueNode:
		out := &Node{Kind: MapNode, Pos: tokenPos(c.file, n.Key.GetToken())}
		out.Pairs = c.pair(n, depth)
		return out
	case *ast.SequenceNode:
		out := &Node{Kind: SeqNode, Pos: pos}
		for _, v := range n.Values {
			if item := c.node(v, depth+1); item != nil {
				out.Items = append(out.Items, item)
			}
		}
		return out
	case *ast.StringNode:
		return c.text(&Node{Kind: ScalarNode, Pos: pos, Tag: "str", Value: n.Value}, n.GetToken())
	case *ast.LiteralNode:
		return c.text(&Node{Kind: ScalarNode, Pos: pos, Tag: "str", Value: n.Value.Value}, nil)
	case *ast.IntegerNode:
		return &Node{Kind: ScalarNode, Pos: pos, Tag: "int", Value: n.GetToken().Value}
	case *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return &Node{Kind: ScalarNode, Pos: pos, Tag: "float", Value: n.GetToken().Value}
	case *ast.BoolNode:
		return &Node{Kind: ScalarNode, Pos: pos, Tag: "bool", Value: n.GetToken().Value}
	case *ast.NullNode:
		return &Node{Kind: ScalarNode, Pos: pos, Tag: "null"}
	case *ast.AnchorNode, *ast.AliasNode:
		c.ds.Addf(pos, "anchors and aliases (& and *) are not allowed; write the value out")
	case *ast.TagNode:
		c.ds.Addf(pos, "YAML tags (!) are not allowed")
	case *ast.MergeKeyNode:
		c.ds.Addf(pos, "merge keys (<<) are not allowed; write the keys out")
	default:
		c.ds.Addf(pos, "unsupported YAML construct (%s)", n.Type())
	}
	return nil
}

// text checks a text scalar as every text of the release is checked
// (TextProblem), whatever field it is for, and notes whether its
// characters can be placed by column (Node.At): the token tk is written on
// one line, as the value reads, plain or in quotes.
func (c *converter) text(n *Node, tk *token.Token) *Node {
	if tk != nil && !strings.Contains(strings.TrimSpace(tk.Origin), "\n") {
		switch raw := strings.TrimSpace(tk.Origin); {
		case tk.Type == token.StringType && raw == n.Value:
			n.exact = true
		case tk.Type == token.DoubleQuoteType && raw == `"`+n.Value+`"`,
			tk.Type == token.SingleQuoteType && raw == "'"+n.Value+"'":
			n.exact, n.lead = true, 1
		}
	}
	if msg, at := TextProblem(n.Value); msg != "" {
		if at >= 0 {
			// The file holds no such character as written
			// (charProblems): an escape of a quoted value wrote it.
			msg += "; remove the escape that writes it"
		}
		c.ds.Addf(n.At(at), "%s", msg)
	}
	return n
}

func (c *converter) pair(mv *ast.MappingValueNode, depth int) []Pair {
	key := c.node(mv.Key, depth+1)
	if key == nil {
		return nil
	}
	if key.Kind != ScalarNode || key.Tag == "null" {
		c.ds.Addf(key.Pos, "a mapping key must be plain text")
		return nil
	}
	var value *Node
	if mv.Value == nil {
		value = &Node{Kind: ScalarNode, Pos: key.Pos, Tag: "null"}
	} else if value = c.node(mv.Value, depth+1); value == nil {
		return nil
	}
	return []Pair{{Key: key, Value: value}}
}

func (c *converter) noDuplicates(m *Node) *Node {
	first := map[string]*Node{}
	kept := m.Pairs[:0]
	for _, p := range m.Pairs {
		if prev, ok := first[p.Key.Value]; ok {
			c.ds.Addf(p.Key.Pos, "duplicate key %q (first at line %d); a key may appear once in a mapping", p.Key.Value, prev.Pos.Line)
			continue
		}
		first[p.Key.Value] = p.Key
		kept = append(kept, p)
	}
	m.Pairs = kept
	return m
}

func tokenPos(file string, tk *token.Token) Pos {
	if tk == nil || tk.Position == nil {
		return Pos{File: file, Line: 1, Col: 1}
	}
	return Pos{File: file, Line: tk.Position.Line, Col: tk.Position.Column}
}

// syntaxHint adds the usual cause of a parser message that names none.
func syntaxHint(msg string) string {
	switch {
	case strings.Contains(msg, "mapping value is not allowed"):
		return ` (a value that holds ": " must be put in quotes)`
	case strings.Contains(msg, "value is not allowed in this context"):
		return " (check this line's indentation against the keys above it)"
	}
	return ""
}

// runawayQuote finds, for a syntax error at at, a quoted value that starts
// on an earlier line and runs on past its own line: in our files, which
// never break a quoted value across lines, that is a missing closing quote,
// and the parser's error comes only where the value happens to end.
func runawayQuote(file string, data []byte, at Pos) (open Pos) {
	defer func() {
		if recover() != nil {
			open = Pos{}
		}
	}()
	for _, tk := range lexer.Tokenize(string(data)) {
		if tk.Position == nil || tk.Position.Line >= at.Line {
			break
		}
		if tk.Type != token.DoubleQuoteType && tk.Type != token.SingleQuoteType {
			continue
		}
		// The value's lines, from its opening quote to its closing one;
		// it must end on the error's line or the one before.
		body := strings.TrimSpace(tk.Origin)
		if last := tk.Position.Line + strings.Count(body, "\n"); last > tk.Position.Line && last >= at.Line-1 {
			open = tokenPos(file, tk)
		}
	}
	return open
}

func yamlErrorPos(file string, err error) Pos {
	var ye yaml.Error
	if errors.As(err, &ye) {
		return tokenPos(file, ye.GetToken())
	}
	return Pos{File: file, Line: 1, Col: 1}
}

func yamlMessage(err error) string {
	var ye yaml.Error
	if errors.As(err, &ye) {
		return ye.GetMessage()
	}
	return err.Error()
}

// invalidUTF8At finds the line and column of the first invalid byte.
func invalidUTF8At(data []byte) (line, col int) {
	line, col = 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		data = data[size:]
	}
	return line, col
}
