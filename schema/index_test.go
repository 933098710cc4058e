package schema

import "testing"

// The lookups by id find what a search in order would: the first of a
// duplicated id (Load reports the others), nothing for an unknown id, and
// an item appended after an earlier lookup (Load looks sources and actors
// up while it still appends).
func TestProjectLookups(t *testing.T) {
	a1, a2, b := &Rule{ID: "a"}, &Rule{ID: "a"}, &Rule{ID: "b"}
	p := &Project{Rules: []*Rule{a1, a2}}
	if got := p.Rule("a"); got != a1 {
		t.Errorf("Rule(a) = %p, want the first, %p", got, a1)
	}
	if got := p.Rule("b"); got != nil {
		t.Errorf("Rule(b) = %v before b is loaded", got)
	}
	p.Rules = append(p.Rules, b)
	if got := p.Rule("b"); got != b {
		t.Errorf("Rule(b) = %v after it is appended", got)
	}
	s := &Source{ID: "s"}
	p.Sources = append(p.Sources, s)
	p.Actors = append(p.Actors, &Actor{Code: "ARM"})
	p.Links = append(p.Links, &LinkKey{Key: "k"})
	if p.Source("s") != s || p.Actor("ARM") == nil || p.LinkKey("k") == nil || p.Actor("AZE") != nil || p.Source("") != nil {
		t.Errorf("lookups of sources, actors and link keys disagree with their lists")
	}
}
