package schema

// LinkKey is one documented link key.
type LinkKey struct {
	Key         string
	Description string
	// Relation, when set, is the curator's judgement for rows that have no
	// figures to compare (facts); Note says why. Pairs override it for
	// particular pairs of rows.
	Relation string
	Note     string
	Pairs    []*LinkPair
	Pos      Pos
}

// LinkPair is the curator's judgement on one pair of rows of a key.
type LinkPair struct {
	A, B     string // row ids, in either order
	Relation string
	Note     string
	Pos      Pos
}

// Pair returns the judgement on the pair of rows a and b, or nil.
func (k *LinkKey) Pair(a, b string) *LinkPair {
	for _, p := range k.Pairs {
		if (p.A == a && p.B == b) || (p.A == b && p.B == a) {
			return p
		}
	}
	return nil
}

// loadLinks reads a link key file; seen holds the keys of the files read
// before, so a key is described once across all of them.
func loadLinks(d decoder, n *Node, seen map[string]Pos) []*LinkKey {
	var out []*LinkKey
	d.mapping(n, "a links file", key{"links", true, func(n *Node) {
		items, ok := d.list(n, "links")
		if !ok {
			return
		}
		for _, item := range items {
			k := &LinkKey{Pos: item.Pos}
			ok := d.mapping(item, "link key",
				key{"key", true, func(n *Node) {
					k.Key, _ = d.id(n, "link key")
				}},
				key{"description", true, func(n *Node) { k.Description, _ = d.text(n, "description") }},
				key{"relation", false, func(n *Node) { k.Relation, _ = d.code(n, "relation", LinkRelations) }},
				key{"note", false, func(n *Node) { k.Note, _ = d.text(n, "note") }},
				key{"pairs", false, func(n *Node) { k.Pairs = loadLinkPairs(d, n) }},
			)
			if !ok || k.Key == "" {
				continue
			}
			if k.Relation != "" && k.Note == "" {
				d.ds.Addf(k.Pos, "link key %s: a relation set by hand needs a note saying why", k.Key)
			}
			if first, dup := seen[k.Key]; dup {
				d.ds.Addf(k.Pos, "duplicate link key %q (first at %s)", k.Key, first)
				continue
			}
			seen[k.Key] = k.Pos
			out = append(out, k)
		}
	}})
	return out
}

func loadLinkPairs(d decoder, n *Node) []*LinkPair {
	items, ok := d.list(n, "pairs")
	if !ok {
		return nil
	}
	var out []*LinkPair
	for _, item := range items {
		p := &LinkPair{Pos: item.Pos}
		ok := d.mapping(item, "link pair",
			key{"rows", true, func(n *Node) {
				rows, ok := d.list(n, "rows")
				if !ok {
					return
				}
				if len(rows) != 2 {
					d.ds.Addf(n.Pos, "rows must name exactly two row ids, not %d", len(rows))
					return
				}
				p.A, _ = d.text(rows[0], "row id")
				p.B, _ = d.text(rows[1], "row id")
			}},
			key{"relation", true, func(n *Node) { p.Relation, _ = d.code(n, "relation", LinkRelations) }},
			key{"note", true, func(n *Node) { p.Note, _ = d.text(n, "note") }},
		)
		if ok && p.A != "" && p.B != "" && p.Relation != "" && p.Note != "" {
			out = append(out, p)
		}
	}
	return out
}
