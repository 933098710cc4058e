package synth

import (
	"strconv"
	"strings"
)

// node is a YAML value the generator writes: a scalar, a mapping (kv, in
// order) or a list of scalars.
type node struct {
	scalar string
	plain  bool // write the scalar unquoted (ids, codes, numbers)
	pairs  []kv
	list   []string
}

type kv struct {
	key string
	val node
}

func str(s string) node     { return node{scalar: s} }
func plain(s string) node   { return node{scalar: s, plain: true} }
func list(s ...string) node { return node{list: s} }
func mapping(p ...kv) node  { return node{pairs: p} }

// quoted writes s as a YAML double-quoted scalar. The generator's strings
// hold no control characters, so only the quote and the backslash need an
// escape.
func quoted(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func (n node) inline() string {
	switch {
	case n.pairs != nil:
		parts := make([]string, len(n.pairs))
		for i, p := range n.pairs {
			parts[i] = p.key + ": " + p.val.inline()
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case n.list != nil:
		return "[" + strings.Join(n.list, ", ") + "]"
	case n.plain:
		return n.scalar
	}
	return quoted(n.scalar)
}

// writeMapping writes the pairs as a block mapping at the indent; values
// that are mappings or lists are written inline (flow style), as the
// curated rule files write a when: or parties:.
func writeMapping(b *strings.Builder, indent string, pairs []kv) {
	for _, p := range pairs {
		b.WriteString(indent)
		b.WriteString(p.key)
		b.WriteString(": ")
		b.WriteString(p.val.inline())
		b.WriteByte('\n')
	}
}

// manifest is the text's source.yaml.
func (s *source) manifest() string {
	var b strings.Builder
	writeMapping(&b, "", []kv{
		{"sha256", plain(hash(s.text))},
		{"title", str(s.title)},
		{"title_basis", plain("stated")},
		{"authors", str(s.author)},
		{"periodical", str(s.periodical + ", no. " + strconv.Itoa(s.issue))},
	})
	b.WriteString("published:\n")
	writeMapping(&b, "  ", []kv{
		{"earliest", plain(s.pub.iso())},
		{"latest", plain(s.pub.iso())},
		{"precision", plain("day")},
		{"basis", plain("stated")},
	})
	writeMapping(&b, "", []kv{{"language", plain("en")}})
	return b.String()
}

// rulesYAML is the text's rules.yaml.
func (s *source) rulesYAML() string {
	var b strings.Builder
	b.WriteString("rules:\n")
	for _, r := range s.rules {
		writeMapping(&b, "  - ", []kv{{"id", plain(r.id)}})
		writeMapping(&b, "    ", []kv{{"table", plain(r.table)}, {"quote", str(r.quote)}})
		b.WriteString("    values:\n")
		writeMapping(&b, "      ", r.values)
		if len(r.equipment) > 0 {
			b.WriteString("    equipment:\n")
			for _, it := range r.equipment {
				b.WriteString("      - " + it.inline() + "\n")
			}
		}
	}
	return b.String()
}

// waiversYAML is the text's waivers.yaml.
func (s *source) waiversYAML() string {
	var b strings.Builder
	b.WriteString("waivers:\n")
	for _, w := range s.waivers {
		writeMapping(&b, "  - ", []kv{{"id", plain(w.id)}})
		pairs := []kv{{"reason", plain(w.reason)}, {"note", str(w.note)}}
		if w.quote != "" {
			pairs = append(pairs, kv{"quote", str(w.quote)})
		}
		if w.lines != "" {
			pairs = append(pairs, kv{"lines", str(w.lines)})
		}
		if w.kind != "" {
			pairs = append(pairs, kv{"kind", plain(w.kind)})
		}
		writeMapping(&b, "    ", pairs)
	}
	return b.String()
}
