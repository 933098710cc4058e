package schema

import (
	"strconv"
	"strings"
)

// Waiver says why figures in a part of a text yield no row. It covers the
// figures of a passage (quote), of a range of lines, or of one kind, or of
// their intersection when several are given.
type Waiver struct {
	ID          string
	File        string
	Source      *Source
	Reason      string
	Note        string
	Quote       string
	Occurrences int
	FromLine    int // 0 = no line range
	ToLine      int
	Kind        string
	Pos         Pos
	QuotePos    Pos
}

// loadWaivers reads a waiver file of the folder of source id; src is the
// source, or nil when its manifest failed.
func loadWaivers(d decoder, sourceID string, src *Source, file string, n *Node, ids map[string]Pos) []*Waiver {
	var items []*Node
	d.mapping(d.without(n, ruleFileGone), "waiver file",
		key{"waivers", true, func(n *Node) { items, _ = d.list(n, "waivers") }},
	)
	var out []*Waiver
	for _, item := range items {
		w := &Waiver{File: file, Source: src, Pos: item.Pos, Occurrences: 1}
		var occurrences *Pos // where occurrences is given
		scoped := false      // a quote, lines or kind is given, even if wrong
		quoted := false      // a quote is given, even if wrong
		for _, p := range item.Pairs {
			scoped = scoped || p.Key.Value == "quote" || p.Key.Value == "lines" || p.Key.Value == "kind"
			quoted = quoted || p.Key.Value == "quote"
		}
		ok := d.mapping(item, "waiver",
			key{"id", true, func(n *Node) {
				id, ok := d.id(n, "waiver id")
				switch {
				case !ok:
				case !strings.HasPrefix(id, sourceID+"-"):
					d.ds.Addf(n.Pos, "waiver id %q must start with its source id and a hyphen (%s-…)", id, sourceID)
				default:
					w.ID = id
				}
			}},
			key{"reason", true, func(n *Node) { w.Reason, _ = d.code(n, "reason", WaiverReasons) }},
			key{"note", true, func(n *Node) { w.Note, _ = d.text(n, "note") }},
			key{"quote", false, func(n *Node) { w.Quote, _ = d.text(n, "quote"); w.QuotePos = n.Pos }},
			key{"occurrences", false, func(n *Node) {
				occurrences = &n.Pos
				if k, ok := d.integer(n, "occurrences"); ok && k >= 1 {
					w.Occurrences = k
				} else if ok {
					d.ds.Addf(n.Pos, "occurrences must be at least 1, not %d", k)
				}
			}},
			key{"lines", false, func(n *Node) { w.FromLine, w.ToLine = lineRange(d, n) }},
			key{"kind", false, func(n *Node) { w.Kind, _ = d.code(n, "kind", MentionKinds) }},
		)
		if !ok || w.ID == "" {
			continue
		}
		if !quoted && occurrences != nil {
			d.ds.Addf(*occurrences, "waiver %s: occurrences counts the places of a quote, and the waiver has none", w.ID)
			continue
		}
		if w.Quote == "" && w.FromLine == 0 && w.Kind == "" {
			if !scoped {
				d.ds.Addf(w.Pos, "waiver %s needs a quote, lines or a kind to say which figures it covers", w.ID)
			}
			continue
		}
		if first, dup := ids[w.ID]; dup {
			d.ds.Addf(w.Pos, "duplicate id %q (first at %s)", w.ID, first)
			continue
		}
		ids[w.ID] = w.Pos
		out = append(out, w)
	}
	return out
}

// lineRange reads "12" or "12-40" (YAML may give 12 as an integer).
func lineRange(d decoder, n *Node) (int, int) {
	s, ok := d.text(n, "lines")
	if !ok {
		return 0, 0
	}
	from, to, found := strings.Cut(s, "-")
	if !found {
		to = from
	}
	a, err1 := strconv.Atoi(strings.TrimSpace(from))
	b, err2 := strconv.Atoi(strings.TrimSpace(to))
	if err1 != nil || err2 != nil || a < 1 || b < a {
		d.ds.Addf(n.Pos, "lines %q must be a line number or a range FROM-TO with FROM <= TO", s)
		return 0, 0
	}
	return a, b
}
