package schema

import (
	"strconv"
	"strings"
	"unicode"
)

// Rule is one curated rule: a quote of a source and the row it yields.
type Rule struct {
	ID          string
	File        string // the rule file, e.g. seeds/sources/x/rules.yaml
	Source      *Source
	Table       *Table
	Quote       string
	Occurrences int // how many times the quote occurs in the source (default 1)
	Values      []*RuleValue
	Pos         Pos // the rule's entry
	QuotePos    Pos
	// Items are the rule's equipment rows: its equipment: list, or the
	// weapon of an arms_transfers rule of scope item (see OwnItem).
	Items []*Item
}

// Value returns the rule's value for the named field, or nil.
func (r *Rule) Value(field string) *RuleValue {
	for _, v := range r.Values {
		if v.Field.Name == field {
			return v
		}
	}
	return nil
}

// RuleValue is what a rule writes for one field, decoded by shape but not
// yet interpreted: figures and times are parsed against the quote later.
type RuleValue struct {
	Field *Field
	Pos   Pos
	Text  string    // text, code, actor and figure fields
	Codes []string  // actors fields
	When  *WhenSpec // when fields
}

// WhenSpec is a time as a rule gives it: the text as the quote writes it,
// and where the text is not enough (no year, "last week"), the span and
// how it was inferred.
type WhenSpec struct {
	Text    string
	TextPos Pos
	Year    int // supplies the year the text leaves out
	YearPos Pos
	Date    string // the span of one YYYY, YYYY-MM or YYYY-MM-DD
	Start   string // or its bounds, either of which may be open
	End     string
	// StartBound and EndBound are Start and End as read (zero when open),
	// so that the builder does not parse them again.
	StartBound, EndBound DateBound
	DatePos              Pos
	StartPos             Pos
	EndPos               Pos
	Basis                string
	BasisPos             Pos
	Note                 string
	Pos                  Pos
}

// DateBound is a bound of a time written YYYY, YYYY-MM or YYYY-MM-DD: the
// first and the last day it covers, and its precision ("year", "month" or
// "day").
type DateBound struct {
	First, Last Date
	Precision   string
}

// ruleFileGone are the keys a rule or waiver file no longer holds.
var ruleFileGone = map[string]string{
	"source": "a rule or waiver file belongs to the source of its folder; remove source:",
}

// loadRules reads a rule file of the folder of source id; src is the
// source, or nil when its manifest failed (the rules are then checked, not
// built).
func loadRules(d decoder, p *Project, id string, src *Source, file string, n *Node, firstID map[string]Pos) []*Rule {
	var out []*Rule
	var items []*Node
	d.mapping(d.without(n, ruleFileGone), "rule file",
		key{"rules", true, func(n *Node) { items, _ = d.list(n, "rules") }},
	)
	for _, item := range items {
		r := loadRule(d, p, file, id, src, item)
		if r == nil || r.ID == "" {
			continue
		}
		if first, dup := firstID[r.ID]; dup {
			d.ds.Addf(r.Pos, "duplicate rule id %q (first at %s)", r.ID, first)
			continue
		}
		firstID[r.ID] = r.Pos
		out = append(out, r)
	}
	return out
}

func loadRule(d decoder, p *Project, file, sourceID string, src *Source, n *Node) *Rule {
	r := &Rule{File: file, Source: src, Pos: n.Pos, Occurrences: 1}
	var values, equipment *Node
	ok := d.mapping(n, ruleName(n),
		key{"id", true, func(n *Node) {
			id, ok := d.id(n, "rule id")
			if !ok {
				return
			}
			switch {
			case !strings.HasPrefix(id, sourceID+"-"):
				d.ds.Addf(n.Pos, "rule id %q must start with its source id and a hyphen (%s-…), so ids stay unique across sources", id, sourceID)
			default:
				r.ID = id
			}
		}},
		key{"table", true, func(n *Node) {
			name, ok := d.text(n, "table")
			if !ok {
				return
			}
			t := Lookup(name)
			switch {
			case t == nil:
				d.ds.Addf(n.Pos, "unknown table %q%s", name, suggest(name, CuratedNames()))
			case t.Derived:
				d.ds.Addf(n.Pos, "table %q is filled from the equipment: lists of rules of other tables, not by rules of its own; expected one of %s", name, strings.Join(CuratedNames(), ", "))
			case !t.Curated:
				d.ds.Addf(n.Pos, "table %q is filled by the builder, not by rules; expected one of %s", name, strings.Join(CuratedNames(), ", "))
			default:
				r.Table = t
			}
		}},
		key{"quote", true, func(n *Node) {
			r.Quote, _ = d.text(n, "quote")
			r.QuotePos = n.Pos
		}},
		key{"occurrences", false, func(n *Node) {
			if k, ok := d.integer(n, "occurrences"); ok {
				if k < 1 {
					d.ds.Addf(n.Pos, "occurrences must be at least 1, not %d", k)
					return
				}
				r.Occurrences = k
			}
		}},
		key{"values", true, func(n *Node) { values = n }},
		key{"equipment", false, func(n *Node) { equipment = n }},
	)
	if !ok {
		return nil
	}
	if words := QuoteWords(r.Quote); r.Quote != "" && words < MinQuoteWords {
		d.ds.Addf(r.QuotePos, "%s: the quote %q is too thin to be evidence: a quote holds at least %d words (a statement a reader can check, not only its figure or a name), this one %d; lengthen it",
			ruleName(n), r.Quote, MinQuoteWords, words)
	}
	if r.Table != nil && values != nil {
		r.Values = loadFields(d, p, r.Table, d.without(values, valuesGone(r.Table)), "values of table "+r.Table.Name)
		r.Items = loadItems(d, p, r, equipment, ruleName(n))
	}
	return r
}

// MinQuoteWords is the fewest words a rule's quote holds. A shorter one
// ("…", "Gyumri", "$400 million", "more than") says nothing a reader can
// check: not who, nor what the figure counts. The corpus's shortest quote
// holds 5 ("Russia is the main supplier.").
const MinQuoteWords = 3

// QuoteWords counts the words of a quote: runs of letters, which an
// apostrophe or hyphen between letters does not break ("Azerbaijan's",
// "Nagorno-Karabakh"). Figures written in digits are not words.
func QuoteWords(q string) int {
	rs := []rune(q)
	n := 0
	for i := 0; i < len(rs); i++ {
		if !unicode.IsLetter(rs[i]) {
			continue
		}
		n++
		for i+1 < len(rs) && (unicode.IsLetter(rs[i+1]) ||
			i+2 < len(rs) && strings.ContainsRune("'’-", rs[i+1]) && unicode.IsLetter(rs[i+2])) {
			i++
		}
	}
	return n
}

// loadFields reads the fields of table t a rule fills (its values:, or an
// equipment item's), the what of messages.
func loadFields(d decoder, p *Project, t *Table, n *Node, what string) []*RuleValue {
	var out []*RuleValue
	var keys []key
	for i := range t.Fields {
		f := &t.Fields[i]
		switch {
		case f.Computed, f.Kind == KindID, f.Kind == KindInt, f.Kind == KindDate, f.Kind == KindFloat:
			continue // filled by the builder
		}
		keys = append(keys, key{f.Name, f.Required, func(n *Node) {
			if v := loadValue(d, p, f, n); v != nil {
				out = append(out, v)
			}
		}})
	}
	d.mapping(n, what, keys...)
	return out
}

func loadValue(d decoder, p *Project, f *Field, n *Node) *RuleValue {
	v := &RuleValue{Field: f, Pos: n.Pos}
	if n.IsNull() && !f.Required {
		return nil // an explicit null is the same as leaving the field out
	}
	var ok bool
	switch f.Kind {
	case KindText, KindCount, KindAmount, KindDistance, KindRatio, KindRowRef:
		if f.Key {
			v.Text, ok = d.id(n, f.Name)
			break
		}
		v.Text, ok = d.text(n, f.Name)
	case KindCode:
		v.Text, ok = d.code(n, f.Name, f.Vocab)
	case KindActor:
		v.Text, ok = actorCode(d, p, n, f.Name)
	case KindActors:
		var items []*Node
		if items, ok = d.list(n, f.Name); ok {
			seen := map[string]bool{}
			for _, item := range items {
				code, good := actorCode(d, p, item, f.Name)
				switch {
				case !good:
					ok = false
				case seen[code]:
					d.ds.Addf(item.Pos, "%s lists %s twice", f.Name, code)
					ok = false
				default:
					seen[code] = true
					v.Codes = append(v.Codes, code)
				}
			}
			if len(items) == 0 {
				d.ds.Addf(n.Pos, "%s must list at least one actor", f.Name)
				ok = false
			}
		}
	case KindWhen:
		v.When, ok = loadWhen(d, f.Name, n)
	}
	if !ok {
		return nil
	}
	return v
}

// actorCode reads an actor code, which must be listed in the actors file.
// When that file could not be read at all, its problem is reported there
// and the code is not checked, but it is not accepted either: a row must
// never name an actor the release does not list.
func actorCode(d decoder, p *Project, n *Node, what string) (string, bool) {
	code, ok := d.text(n, what)
	if !ok {
		return "", false
	}
	if p.Actor(code) == nil {
		if p.actorsFailed {
			return "", false
		}
		var codes []string
		for _, a := range p.Actors {
			codes = append(codes, a.Code)
		}
		d.ds.Addf(n.Pos, "unknown actor code %q in %s (actors are listed in %s)%s", code, what, ActorsFile, suggest(code, codes))
		return "", false
	}
	return code, true
}

// ruleName names a rule entry for messages about its fields: "rule" and
// its id when the entry has one.
func ruleName(n *Node) string {
	if n.Kind == MapNode {
		for _, p := range n.Pairs {
			if p.Key.Value == "id" && p.Value.Kind == ScalarNode && p.Value.Tag == "str" && idPattern.MatchString(p.Value.Value) {
				return "rule " + p.Value.Value
			}
		}
	}
	return "rule"
}

func loadWhen(d decoder, what string, n *Node) (*WhenSpec, bool) {
	w := &WhenSpec{Pos: n.Pos}
	var date DateBound // what date: gives, for both ends
	bad := d.ds.Len()  // problems before this time; any new one drops it
	if n.Kind == SeqNode {
		d.ds.Addf(n.Pos, "%s must be the time as the quote writes it, or a mapping of text, year, date or start/end, basis and note; not a list", what)
		return nil, false
	}
	if n.Kind == ScalarNode {
		text, ok := d.text(n, what)
		w.Text, w.TextPos, w.Basis = text, n.Pos, "stated"
		return w, ok
	}
	ok := d.mapping(n, what,
		key{"text", false, func(n *Node) { w.Text, _ = d.text(n, what+".text"); w.TextPos = n.Pos }},
		key{"year", false, func(n *Node) {
			if y, ok := d.integer(n, what+".year"); ok {
				if y < 1 || y > 9999 {
					d.ds.Addf(n.Pos, "%s.year %d is out of range 1..9999", what, y)
					return
				}
				w.Year, w.YearPos = y, n.Pos
			}
		}},
		key{"date", false, func(n *Node) { w.Date, date = partialDate(d, n, what+".date"); w.DatePos = n.Pos }},
		key{"start", false, func(n *Node) { w.Start, w.StartBound = partialDate(d, n, what+".start"); w.StartPos = n.Pos }},
		key{"end", false, func(n *Node) { w.End, w.EndBound = partialDate(d, n, what+".end"); w.EndPos = n.Pos }},
		key{"basis", false, func(n *Node) { w.Basis, _ = d.code(n, what+".basis", TimeBases); w.BasisPos = n.Pos }},
		key{"note", false, func(n *Node) { w.Note, _ = d.text(n, what+".note") }},
	)
	if !ok || bad < d.ds.Len() {
		return nil, false
	}
	if w.Date != "" && (w.Start != "" || w.End != "") {
		d.ds.Addf(w.DatePos, "%s: give either date (one year, month or day) or start/end, not both", what)
		return nil, false
	}
	if w.Date != "" {
		w.Start, w.End, w.StartPos, w.EndPos = w.Date, w.Date, w.DatePos, w.DatePos
		w.StartBound, w.EndBound = date, date
	}
	if w.Basis == "" {
		if w.Year != 0 || w.Start != "" || w.End != "" {
			d.ds.Addf(n.Pos, "%s: say how the time was inferred (basis: inferred_publication or inferred_context)", what)
			return nil, false
		}
		w.Basis = "stated"
	}
	if w.Basis != "stated" && w.Note == "" {
		d.ds.Addf(n.Pos, "%s: an inferred time needs a note saying how it was inferred", what)
		return nil, false
	}
	if w.Basis == "stated" && (w.Year != 0 || w.Text == "") {
		d.ds.Addf(n.Pos, "%s: a stated time is the quote's own text, without a supplied year", what)
		return nil, false
	}
	if w.Text == "" && w.Start == "" && w.End == "" {
		d.ds.Addf(n.Pos, "%s needs text, start or end", what)
		return nil, false
	}
	if w.Year != 0 && w.Text == "" {
		d.ds.Addf(w.YearPos, "%s: year supplies the year a text leaves out, and there is no text; drop year: or give the text", what)
		return nil, false
	}
	return w, true
}

func suggest(s string, candidates []string) string {
	if c := Closest(s, candidates); c != "" {
		return "; did you mean " + strconv.Quote(c) + "?"
	}
	return ""
}

// partialDate reads a date of a when mapping, written to the year, month or
// day ("2010", "2010-08", "2010-08-18"), and checks that it exists, so the
// problem is reported under the key the curator wrote.
func partialDate(d decoder, n *Node, what string) (string, DateBound) {
	s, ok := d.text(n, what)
	if !ok {
		return "", DateBound{}
	}
	first, last, precision, err := ParsePartialDate(s)
	if err != nil {
		d.ds.Addf(n.Pos, "%s", withValue(what, s, err))
		return "", DateBound{}
	}
	return s, DateBound{first, last, precision}
}
