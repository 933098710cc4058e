package schema

import (
	"strings"
	"testing"
)

// panics runs f and returns what it panicked with, or "".
func panics(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg, _ = r.(string)
		}
	}()
	f()
	return ""
}

// A new actor column, a role outside the vocabulary or a role for a column
// that is not there stops the schema from initialising, so the bridge
// cannot silently leave an actor column out.
func TestActorFieldsRefuse(t *testing.T) {
	with := func(table, field, role string) map[string]map[string]string {
		out := map[string]map[string]string{}
		for tn, fields := range actorRoles {
			out[tn] = map[string]string{}
			for f, r := range fields {
				out[tn][f] = r
			}
		}
		if role == "" {
			delete(out[table], field)
		} else {
			out[table][field] = role
		}
		return out
	}
	tests := []struct {
		name  string
		roles map[string]map[string]string
		want  string
	}{
		{"as declared", actorRoles, ""},
		{"a column without a role", with("arms_transfers", "supplier", ""), "actor field arms_transfers.supplier has no role"},
		{"a role outside the vocabulary", with("agreements", "parties", "signatory"), `agreements.parties: role "signatory" is not in vocabulary actor_role`},
		{"a role for no column", with("arms_transfers", "broker", "actor"), "the row_actors bridge gives roles to"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := panics(func() { actorFields(All, tc.roles) })
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("panic %q, want %q", got, tc.want)
			}
		})
	}
}

// Every term of what an indicator source measures must map onto exactly
// one indicator, or the schema does not initialise.
func TestIndicatorVocabRefuses(t *testing.T) {
	without := func(code string) []indicatorTerm {
		var out []indicatorTerm
		for _, it := range indicatorTerms {
			if it.code != code {
				out = append(out, it)
			}
		}
		return out
	}
	tests := []struct {
		name  string
		terms []indicatorTerm
		want  string
	}{
		{"as declared", indicatorTerms, ""},
		{"a measure left out", without("military_debt"), "military_expenditure measure debt maps onto no indicator"},
		{"a term of no measure", append(without(""), indicatorTerm{"navy", "Ships.", ArmedForces, "sailors", false}), `indicator navy: "sailors" is not a term of armed_forces.counted`},
		{"a measure twice", append(without(""), indicatorTerm{"budget", "Budget.", MilitaryExpenditure, "defence_budget", false}), "military_expenditure defence_budget maps onto indicators defence_budget and budget"},
		{"an indicator twice", append(without("peacekeepers"), indicatorTerm{"defence_budget", "Budget.", ArmedForces, "peacekeepers", false}), "indicator defence_budget twice"},
		{"a table that is no source", append(without(""), indicatorTerm{"visits", "Visits.", Events, "visit", false}), "indicator visits comes from events, which is not an indicator source"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := panics(func() { indicatorVocab(IndicatorSources, tc.terms) })
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("panic %q, want %q", got, tc.want)
			}
		})
	}
}
