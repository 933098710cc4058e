package schema

// checkDeals checks the scope and the deal key of every arms_transfers
// rule, across sources: a row of scope item is of one kind of weapon; a
// deal key is shared by two rows or more (a row of scope item that no
// other row joins has its own id as its deal, so a key of one row says
// nothing, and is most likely a misspelt key of another deal), is no
// rule's id (it would join that row), and its rows name one supplier and
// one recipient, so that a deal counted by supplier or recipient falls in
// one group.
func checkDeals(d decoder, p *Project) {
	type member struct {
		r *Rule
		v *RuleValue
	}
	byKey := map[string][]member{}
	var keys []string // in rule order
	for _, r := range p.Rules {
		if r.Table != ArmsTransfers {
			continue
		}
		if s, c := r.Value("scope"), r.Value("category"); s != nil && c != nil && s.Text == "item" && c.Text == "mixed" {
			d.ds.Addf(s.Pos, "rule %s: scope item is one kind of weapon, but category is mixed (arms of several or unspecified kinds); give the weapon's category, or scope relationship", r.ID)
		}
		v := r.Value("deal")
		if v == nil {
			continue
		}
		if _, seen := byKey[v.Text]; !seen {
			keys = append(keys, v.Text)
		}
		byKey[v.Text] = append(byKey[v.Text], member{r, v})
	}
	for _, k := range keys {
		rows := byKey[k]
		first := rows[0]
		if o := p.Rule(k); o != nil {
			d.ds.Addf(first.v.Pos, "rule %s: deal key %q is the id of rule %s (%s); a row that no other row joins has its own id as its deal, so a key must not be one: choose another", first.r.ID, k, o.ID, o.Pos)
			continue
		}
		if len(rows) == 1 {
			var others []string
			for _, o := range keys {
				if o != k {
					others = append(others, o)
				}
			}
			d.ds.Addf(first.v.Pos, "rule %s: deal key %q joins no other row; a deal key is shared by the rows that report the same deal (a row of scope item that no other row joins has its own id as its deal): give it to the other rows of the deal too, or drop it%s",
				first.r.ID, k, suggest(k, others))
			continue
		}
		for _, m := range rows[1:] {
			for _, f := range [...]string{"supplier", "recipient"} {
				if a, b := actorOf(first.r, f), actorOf(m.r, f); a != b {
					d.ds.Addf(m.v.Pos, "rule %s: deal %q: %s %s, but rule %s (%s) of the same deal has %s; the rows of a deal name one supplier and one recipient, so that the deal counts once by either: correct the %s or the deal key",
						m.r.ID, k, f, b, first.r.ID, first.r.Pos, a, f)
				}
			}
		}
	}
}

// actorOf is the rule's actor code for field f, or "none" when it gives
// none, for messages.
func actorOf(r *Rule, f string) string {
	if v := r.Value(f); v != nil {
		return v.Text
	}
	return "none"
}
