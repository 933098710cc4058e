package schema

import (
	"fmt"
	"regexp"

	"github.com/biter777/countries"
)

// Actor is one actor code of seeds/actors.yaml.
type Actor struct {
	Code    string
	Name    string
	ISOName string // from ISO 3166-1; "" for codes of our own
	Kind    string
	Note    string
	Pos     Pos
}

var alpha3 = regexp.MustCompile(`^[A-Z]{3}$`)

// UserAssigned reports whether code lies in a range ISO 3166-1 leaves to
// users (AAA–AAZ, QMA–QZZ, XAA–XZZ, ZZA–ZZZ), so it can never clash with a
// country's code.
func UserAssigned(code string) bool {
	if !alpha3.MatchString(code) {
		return false
	}
	switch {
	case code[0] == 'A' && code[1] == 'A':
		return true
	case code[0] == 'Q' && code[1] >= 'M':
		return true
	case code[0] == 'X':
		return true
	case code[0] == 'Z' && code[1] == 'Z':
		return true
	}
	return false
}

// isoName returns the ISO 3166-1 English short name of an alpha-3 code, or
// "" when the code is not assigned to a country. The library's lookup is
// fuzzy, so the code it returns must equal the one asked for.
func isoName(code string) string {
	c := countries.ByName(code)
	if !c.IsValid() || c.Alpha3() != code {
		return ""
	}
	return c.String()
}

func loadActors(d decoder, n *Node) []*Actor {
	var out []*Actor
	d.mapping(n, "the actors file", key{"actors", true, func(n *Node) {
		items, ok := d.list(n, "actors")
		if !ok {
			return
		}
		seen := map[string]Pos{}
		for _, item := range items {
			a := loadActor(d, item)
			if a == nil {
				continue
			}
			if first, dup := seen[a.Code]; dup {
				d.ds.Addf(a.Pos, "duplicate actor code %q (first at %s)", a.Code, first)
				continue
			}
			seen[a.Code] = a.Pos
			out = append(out, a)
		}
	}})
	return out
}

func loadActor(d decoder, n *Node) *Actor {
	a := &Actor{Pos: n.Pos}
	var codePos Pos
	var codeNode *Node
	ok := d.mapping(n, "actor",
		key{"code", true, func(n *Node) {
			if c, ok := d.text(n, "code"); ok {
				a.Code, codePos, codeNode = c, n.Pos, n
			}
		}},
		key{"name", true, func(n *Node) { a.Name, _ = d.text(n, "name") }},
		key{"kind", true, func(n *Node) { a.Kind, _ = d.code(n, "kind", ActorKinds) }},
		key{"note", false, func(n *Node) { a.Note, _ = d.optText(n, "note") }},
	)
	if !ok || a.Code == "" {
		return nil
	}
	switch {
	case !alpha3.MatchString(a.Code):
		at, why := -1, ""
		for i, c := range []rune(a.Code) {
			if c < 'A' || c > 'Z' {
				at, why = i, fmt.Sprintf("; its character %d, %s, is not a capital ASCII letter", i+1, CharName(c))
				break
			}
		}
		d.ds.Addf(codeNode.At(at), "actor code %q must be three capital letters (ISO 3166-1 alpha-3)%s", a.Code, why)
		return nil
	case UserAssigned(a.Code):
		if a.Kind == "state" {
			d.ds.Addf(codePos, "%s is a user-assigned code, not a state's ISO 3166-1 code", a.Code)
		}
		if a.Note == "" {
			d.ds.Addf(n.Pos, "actor %s: a code of our own needs a note saying what it stands for", a.Code)
		}
	default:
		a.ISOName = isoName(a.Code)
		if a.ISOName == "" {
			d.ds.Addf(codePos, "%s is not an ISO 3166-1 alpha-3 country code; for an actor without one, use a code from the user-assigned range (XAA–XZZ)", a.Code)
			return nil
		}
		if a.Kind != "state" && a.Kind != "" { // "" = a kind already reported
			d.ds.Addf(codePos, "%s is a state's ISO code; give kind state, or use a user-assigned code", a.Code)
		}
	}
	return a
}
