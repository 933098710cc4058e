package schema

// LinksFile describes the keys that link rows reporting the same quantity.
const LinksFile = "seeds/links.yaml"

// LinkKey is one documented link key.
type LinkKey struct {
	Key         string
	Description string
	// Relation, when set, is the curator's judgement for rows that have no
	// figures to compare (facts); Note says why.
	Relation string
	Note     string
	Pos      Pos
}

func loadLinks(d decoder, n *Node) []*LinkKey {
	var out []*LinkKey
	d.mapping(n, "the links file", key{"links", true, func(n *Node) {
		items, ok := d.list(n, "links")
		if !ok {
			return
		}
		seen := map[string]Pos{}
		for _, item := range items {
			k := &LinkKey{Pos: item.Pos}
			ok := d.mapping(item, "link key",
				key{"key", true, func(n *Node) {
					if s, ok := d.text(n, "key"); ok {
						if !idPattern.MatchString(s) {
							d.ds.Addf(n.Pos, "link key %q must be lower-case letters and digits, joined by - or _", s)
							return
						}
						k.Key = s
					}
				}},
				key{"description", true, func(n *Node) { k.Description, _ = d.text(n, "description") }},
				key{"relation", false, func(n *Node) { k.Relation, _ = d.code(n, "relation", LinkRelations) }},
				key{"note", false, func(n *Node) { k.Note, _ = d.text(n, "note") }},
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
