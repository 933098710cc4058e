package schema

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// decoder reads YAML nodes strictly: unknown keys, wrong types and missing
// required keys are problems at the node's position, and decoding goes on
// so that one run reports them all.
type decoder struct {
	ds *Diagnostics
}

// key is one key a mapping may hold.
type key struct {
	name     string
	required bool
	decode   func(n *Node)
}

// mapping decodes n as a mapping with the given keys. It reports unknown
// keys (with the closest known one) and missing required keys, and calls
// each present key's decode function in file order.
func (d decoder) mapping(n *Node, what string, keys ...key) bool {
	if n.Kind != MapNode {
		d.ds.Addf(n.Pos, "%s must be a mapping, not %s", what, n.Describe())
		return false
	}
	known := make(map[string]key, len(keys))
	names := make([]string, 0, len(keys))
	for _, k := range keys {
		known[k.name] = k
		names = append(names, k.name)
	}
	seen := map[string]bool{}
	for _, p := range n.Pairs {
		k, ok := known[p.Key.Value]
		if !ok {
			d.unknown(p.Key, what, names)
			continue
		}
		seen[k.name] = true
		if k.decode != nil {
			k.decode(p.Value)
		}
	}
	for _, k := range keys {
		if k.required && !seen[k.name] {
			d.ds.Addf(n.Pos, "%s is missing required field %q", what, k.name)
		}
	}
	return true
}

// without refuses the keys of an earlier format that a mapping no longer
// holds, each with what took its place (gone maps the key to that), and
// returns the mapping without them, so that they are neither reported
// again as unknown nor offered as what a misspelt key meant.
func (d decoder) without(n *Node, gone map[string]string) *Node {
	if n.Kind != MapNode {
		return n
	}
	kept := &Node{Kind: n.Kind, Pos: n.Pos}
	for _, p := range n.Pairs {
		if msg, ok := gone[p.Key.Value]; ok {
			d.ds.Addf(p.Key.Pos, "%s", msg)
			continue
		}
		kept.Pairs = append(kept.Pairs, p)
	}
	return kept
}

func (d decoder) unknown(k *Node, what string, names []string) {
	msg := "unknown field " + strconv.Quote(k.Value) + " in " + what
	if s := Closest(k.Value, names); s != "" {
		msg += "; did you mean " + strconv.Quote(s) + "?"
	} else {
		sorted := append([]string(nil), names...)
		sort.Strings(sorted)
		msg += "; expected one of " + strings.Join(sorted, ", ")
	}
	d.ds.Addf(k.Pos, "%s", msg)
}

// text reads a scalar as text. Numbers are accepted as written ("2009"),
// since the texts' figures and years are text to us; booleans, null, lists
// and mappings are not.
func (d decoder) text(n *Node, what string) (string, bool) {
	if n.Kind != ScalarNode || n.Tag == "bool" || n.Tag == "null" {
		msg := fmt.Sprintf("%s must be text, not %s", what, describeValue(n))
		switch {
		case n.Kind == SeqNode:
			msg += "; write one value (a list is written only where a field takes several)"
		case n.Tag == "bool":
			msg += "; YAML reads an unquoted true or false as a boolean: put the value in quotes"
		}
		d.ds.Addf(n.Pos, "%s", msg)
		return "", false
	}
	if strings.TrimSpace(n.Value) == "" {
		d.ds.Addf(n.Pos, "%s must not be empty", what)
		return "", false
	}
	return n.Value, true
}

// id reads an identifier (idPattern: lower-case ASCII letters and digits,
// joined by - or _). A wrong one is reported at the character that does
// not belong, named: a Cyrillic "а" looks like a Latin "a" in any editor.
func (d decoder) id(n *Node, what string) (string, bool) {
	s, ok := d.text(n, what)
	if !ok {
		return "", false
	}
	if msg, at := idProblem(what, s); msg != "" {
		d.ds.Addf(n.At(at), "%s", msg)
		return "", false
	}
	return s, true
}

// idProblem says why s, the what, is not an identifier, and the index of
// the character at fault (-1 for none); "" when it is one.
func idProblem(what, s string) (string, int) {
	if idPattern.MatchString(s) {
		return "", -1
	}
	at, why := idFault(s)
	return fmt.Sprintf("%s %q must be lower-case letters and digits, joined by - or _; %s", what, s, why), at
}

// idFault says what keeps s from being an identifier, and the index of the
// character concerned.
func idFault(s string) (int, string) {
	rs := []rune(s)
	sep := func(c rune) bool { return c == '-' || c == '_' }
	for i, c := range rs {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', sep(c):
		case c >= 'A' && c <= 'Z':
			return i, fmt.Sprintf("its character %d, %q, is upper case", i+1, c)
		case unicode.IsLetter(c):
			return i, fmt.Sprintf("its character %d, %s, is not an ASCII letter", i+1, CharName(c))
		default:
			return i, fmt.Sprintf("its character %d, %s, is neither a letter, a digit, - nor _", i+1, CharName(c))
		}
	}
	for i, c := range rs {
		switch {
		case !sep(c):
		case i == 0:
			return i, fmt.Sprintf("it starts with %q", c)
		case i == len(rs)-1:
			return i, fmt.Sprintf("it ends with %q", c)
		case sep(rs[i+1]):
			return i, fmt.Sprintf("its characters %d and %d are two separators in a row", i+1, i+2)
		}
	}
	return -1, "it is not an identifier"
}

// optText is text that may be null; null gives "".
func (d decoder) optText(n *Node, what string) (string, bool) {
	if n.IsNull() {
		return "", true
	}
	return d.text(n, what)
}

// integer reads a scalar integer.
func (d decoder) integer(n *Node, what string) (int, bool) {
	if n.Kind != ScalarNode || n.Tag != "int" {
		d.ds.Addf(n.Pos, "%s must be a whole number written in digits (such as 2), not %s", what, describeValue(n))
		return 0, false
	}
	i, err := strconv.Atoi(strings.ReplaceAll(n.Value, "_", ""))
	if err != nil {
		d.ds.Addf(n.Pos, "%s: %q is not an integer in range", what, n.Value)
		return 0, false
	}
	return i, true
}

// list reads a sequence.
func (d decoder) list(n *Node, what string) ([]*Node, bool) {
	if n.Kind != SeqNode {
		d.ds.Addf(n.Pos, "%s must be a list, not %s", what, n.Describe())
		return nil, false
	}
	return n.Items, true
}

// code reads a term of a vocabulary.
func (d decoder) code(n *Node, what string, v *Vocab) (string, bool) {
	s, ok := d.text(n, what)
	if !ok {
		return "", false
	}
	if !v.Has(s) {
		msg := what + " " + strconv.Quote(s) + " is not in the " + v.Name + " vocabulary"
		if sug := v.Suggest(s); sug != "" {
			msg += "; did you mean " + strconv.Quote(sug) + "?"
		} else {
			msg += "; expected one of " + strings.Join(v.Codes(), ", ")
		}
		d.ds.Addf(n.Pos, "%s", msg)
		return "", false
	}
	return s, true
}

// date reads YYYY-MM-DD (which YAML may present as text).
func (d decoder) date(n *Node, what string) (Date, bool) {
	s, ok := d.text(n, what)
	if !ok {
		return Date{}, false
	}
	dt, err := ParseDate(s)
	if err != nil {
		d.ds.Addf(n.Pos, "%s", withValue(what, s, err))
		return Date{}, false
	}
	return dt, true
}

// describeValue names a node's shape, and for a scalar its value, for
// error messages: text "two", the integer 3, a list.
func describeValue(n *Node) string {
	if n.Kind != ScalarNode {
		return n.Describe()
	}
	switch n.Tag {
	case "null":
		return "empty (null)"
	case "str":
		v := n.Value
		if r := []rune(v); len(r) > 40 {
			v = string(r[:40]) + "…"
		}
		return "text " + strconv.Quote(v)
	}
	return n.Describe() + " " + n.Value
}

// withValue is the message for an error about the value s of what:
// `earliest "2010-02-30": February 2010 has no day 30`, or without the
// value when the error already quotes it.
func withValue(what, s string, err error) string {
	if q := strconv.Quote(s); !strings.Contains(err.Error(), q) {
		return what + " " + q + ": " + err.Error()
	}
	return what + ": " + err.Error()
}
