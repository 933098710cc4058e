package dataset

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/armsdata/armsdata/schema"
)

// curatedRow is a row of a curated table with the given id and cells
// (column name → value); the other cells are null.
func curatedRow(t *testing.T, table *schema.Table, id string, cells map[string]schema.Value) schema.Row {
	t.Helper()
	row := newRow(table)
	row[table.Ref().ID] = schema.Str(id)
	for name, v := range cells {
		c := table.Column(name)
		if c < 0 {
			t.Fatalf("%s has no column %s", table.Name, name)
		}
		row[c] = v
	}
	return row
}

// rowText shows the named cells of a row, for comparing rows in tests.
func rowText(table *schema.Table, r schema.Row, cols ...string) string {
	var parts []string
	for _, name := range cols {
		v := r[table.Column(name)]
		if v.IsNull() {
			parts = append(parts, "null")
			continue
		}
		parts = append(parts, v.Text())
	}
	return strings.Join(parts, " ")
}

// The bridge gives one row per actor of every actor cell, in the cell's
// order, under the role of its column; a null cell gives none.
func TestRowActorRows(t *testing.T) {
	names := map[string]string{"ARM": "Armenia", "AZE": "Azerbaijan", "RUS": "Russia"}
	name := func(code string) string { return names[code] }
	tests := []struct {
		name  string
		table *schema.Table
		cells map[string]schema.Value
		want  []string // id table_name row_id role actor actor_name position
	}{
		{"list of parties", schema.Agreements, map[string]schema.Value{"parties": schema.Str("ARM;AZE;RUS")}, []string{
			"r/party/1 agreements r party ARM Armenia 1",
			"r/party/2 agreements r party AZE Azerbaijan 2",
			"r/party/3 agreements r party RUS Russia 3",
		}},
		{"participants of an event", schema.Events, map[string]schema.Value{"actors": schema.Str("AZE")}, []string{
			"r/participant/1 events r participant AZE Azerbaijan 1",
		}},
		{"supplier unknown", schema.ArmsTransfers, map[string]schema.Value{"recipient": schema.Str("ARM")}, []string{
			"r/recipient/1 arms_transfers r recipient ARM Armenia 1",
		}},
		{"supplier and recipient", schema.ArmsTransfers, map[string]schema.Value{"supplier": schema.Str("RUS"), "recipient": schema.Str("AZE")}, []string{
			"r/supplier/1 arms_transfers r supplier RUS Russia 1",
			"r/recipient/1 arms_transfers r recipient AZE Azerbaijan 1",
		}},
		{"forces abroad", schema.ArmedForces, map[string]schema.Value{"actor": schema.Str("RUS"), "host": schema.Str("ARM")}, []string{
			"r/actor/1 armed_forces r actor RUS Russia 1",
			"r/host/1 armed_forces r host ARM Armenia 1",
		}},
		{"forces at home", schema.ArmedForces, map[string]schema.Value{"actor": schema.Str("AZE")}, []string{
			"r/actor/1 armed_forces r actor AZE Azerbaijan 1",
		}},
		{"deployment", schema.Deployments, map[string]schema.Value{"operator": schema.Str("RUS"), "host": schema.Str("AZE")}, []string{
			"r/operator/1 deployments r operator RUS Russia 1",
			"r/host/1 deployments r host AZE Azerbaijan 1",
		}},
		{"spender", schema.MilitaryExpenditure, map[string]schema.Value{"actor": schema.Str("ARM")}, []string{
			"r/actor/1 military_expenditure r actor ARM Armenia 1",
		}},
		{"an actor without a name", schema.MilitaryExpenditure, map[string]schema.Value{"actor": schema.Str("XYZ")}, []string{
			"r/actor/1 military_expenditure r actor XYZ null 1",
		}},
		{"no actor columns", schema.Distances, nil, nil},
	}
	cols := []string{"id", "table_name", "row_id", "role", "actor", "actor_name", "position"}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rows := map[*schema.Table][]schema.Row{tc.table: {curatedRow(t, tc.table, "r", tc.cells)}}
			var got []string
			for _, r := range rowActorRows(rows, name) {
				got = append(got, rowText(schema.RowActors, r, cols...))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tc.want, "\n\t"))
			}
		})
	}
}

// Every actor column of every curated table is in the bridge, under a role
// of the vocabulary: a new actor column cannot be left out.
func TestEveryActorColumnIsBridged(t *testing.T) {
	bridged := map[string]bool{}
	for _, af := range schema.ActorFields {
		bridged[af.Table.Name+"."+af.Field.Name] = true
		if !schema.ActorRoles.Has(af.Role) {
			t.Errorf("%s.%s: role %q is not in vocabulary %s", af.Table.Name, af.Field.Name, af.Role, schema.ActorRoles.Name)
		}
	}
	for _, tab := range schema.All {
		for _, f := range tab.Fields {
			if tab.Curated && (f.Kind == schema.KindActor || f.Kind == schema.KindActors) && !bridged[tab.Name+"."+f.Name] {
				t.Errorf("actor column %s.%s is not in the bridge", tab.Name, f.Name)
			}
		}
	}
}

// The builder writes an actor list sorted by code, with the names in the
// same order, whatever order the rule lists the actors in.
func TestActorListSorted(t *testing.T) {
	tests := []struct {
		codes        []string
		value, names string
	}{
		{[]string{"RUS", "ARM"}, "ARM;RUS", "Armenia; Russia"},
		{[]string{"ARM", "RUS"}, "ARM;RUS", "Armenia; Russia"},
		{[]string{"RUS", "AZE", "ARM"}, "ARM;AZE;RUS", "Armenia; Azerbaijan; Russia"},
		{[]string{"AZE"}, "AZE", "Azerbaijan"},
	}
	p, ds := schema.Load("../testdata/base")
	if ds.Len() > 0 {
		t.Fatal(ds.Err())
	}
	b := builder{project: p, ds: &schema.Diagnostics{}}
	f := schema.Agreements.Field("parties")
	for _, tc := range tests {
		t.Run(strings.Join(tc.codes, ","), func(t *testing.T) {
			br := &builtRow{row: newRow(schema.Agreements), rule: &schema.Rule{ID: "r", Table: schema.Agreements}}
			codes := slices.Clone(tc.codes)
			if !b.value(br, nil, &schema.RuleValue{Field: f, Codes: codes}) {
				t.Fatal(b.ds.Err())
			}
			fc := f.Cols()
			if got := br.row[fc.Value].String(); got != tc.value {
				t.Errorf("parties %q, want %q", got, tc.value)
			}
			if got := br.row[fc.Name].String(); got != tc.names {
				t.Errorf("parties_names %q, want %q", got, tc.names)
			}
			if !slices.Equal(codes, tc.codes) {
				t.Errorf("the rule's codes were reordered to %v", codes)
			}
		})
	}
}

// corrupt sets a cell of the row with the id in the named table of rel.
func corrupt(t *testing.T, rel *Release, table, id, column string, v schema.Value) {
	t.Helper()
	tab := rel.Table(table)
	c := tab.Schema.Column(column)
	if c < 0 {
		t.Fatalf("%s has no column %s", table, column)
	}
	for _, r := range tab.Rows {
		if r[0].String() == id {
			r[c] = v
			return
		}
	}
	t.Fatalf("no row %s in %s", id, table)
}

// The checks every build runs catch a derived row that no longer matches
// its row, and a row whose derived rows are missing or doubled.
func TestValidateDerivedTables(t *testing.T) {
	str, null := schema.Str, schema.Null(schema.TypeString)
	tests := []struct {
		name  string
		edit  func(t *testing.T, rel *Release)
		want  string
		rowID string // the row the problem is reported at
	}{
		{"bridge actor", func(t *testing.T, rel *Release) {
			corrupt(t, rel, "row_actors", "tiny-gyumri-troops/host/1", "actor", str("AZE"))
		}, "row_actors tiny-gyumri-troops/host/1: actor AZE, but armed_forces host has ARM at position 1", "tiny-gyumri-troops"},
		{"bridge position", func(t *testing.T, rel *Release) {
			corrupt(t, rel, "row_actors", "tiny-gyumri-troops/host/1", "position", schema.Int(2))
		}, "position 2, but armed_forces host names 1 actor", "tiny-gyumri-troops"},
		{"bridge name", func(t *testing.T, rel *Release) {
			corrupt(t, rel, "row_actors", "tiny-gyumri-troops/host/1", "actor_name", str("Armenien"))
		}, `actor_name "Armenien", but the actors table names ARM "Armenia"`, "tiny-gyumri-troops"},
		{"bridge role", func(t *testing.T, rel *Release) {
			corrupt(t, rel, "row_actors", "tiny-gyumri-troops/host/1", "role", str("supplier"))
		}, "table armed_forces has no actor column of role supplier", "tiny-gyumri-troops"},
		{"bridge row", func(t *testing.T, rel *Release) {
			corrupt(t, rel, "row_actors", "tiny-gyumri-troops/host/1", "row_id", str("tiny-nothing"))
		}, `no row "tiny-nothing" in table armed_forces`, "tiny-gyumri-troops/host/1"},
		{"bridge row missing", func(t *testing.T, rel *Release) {
			corrupt(t, rel, "armed_forces", "tiny-gyumri-troops", "host", null)
		}, "position 1, but armed_forces host names 0 actors", "tiny-gyumri-troops"},
		{"actor cell gains an actor", func(t *testing.T, rel *Release) {
			corrupt(t, rel, "military_expenditure", "tiny-budget-arm", "actor", str("ARM;AZE"))
		}, "military_expenditure tiny-budget-arm actor names 2 actors, the bridge has 1 row of role actor", "tiny-budget-arm"},
		{"list cell out of order", func(t *testing.T, rel *Release) {
			ag := rel.Table("agreements")
			ag.Rows = append(ag.Rows, curatedRow(t, schema.Agreements, "tiny-pact", map[string]schema.Value{"parties": str("RUS;ARM")}))
		}, `agreements tiny-pact parties: "RUS;ARM" is not a list of distinct codes in sorted order`, "tiny-pact"},
		{"list cell with an actor twice", func(t *testing.T, rel *Release) {
			ag := rel.Table("agreements")
			ag.Rows = append(ag.Rows, curatedRow(t, schema.Agreements, "tiny-pact", map[string]schema.Value{"parties": str("ARM;ARM")}))
		}, `agreements tiny-pact parties: "ARM;ARM" is not a list of distinct codes in sorted order`, "tiny-pact"},
		{"indicator value", func(t *testing.T, rel *Release) {
			corrupt(t, rel, "indicators", "tiny-budget-aze/amount", "value", schema.Float(1.5e9))
		}, `indicators tiny-budget-aze/amount: value is "1500000000", but its row gives "1400000000"`, "tiny-budget-aze"},
		{"indicator low", func(t *testing.T, rel *Release) {
			corrupt(t, rel, "indicators", "tiny-gyumri-troops/personnel", "low", schema.Null(schema.TypeFloat))
		}, `low is null, but its row gives "3500"`, "tiny-gyumri-troops"},
		{"indicator qualifier", func(t *testing.T, rel *Release) {
			corrupt(t, rel, "indicators", "tiny-gyumri-troops/personnel", "qualifier", str("exact"))
		}, `qualifier is "exact", but its row gives "more_than"`, "tiny-gyumri-troops"},
		{"indicator code", func(t *testing.T, rel *Release) {
			corrupt(t, rel, "indicators", "tiny-gyumri-troops/personnel", "indicator", str("peacekeepers"))
		}, `indicator is "peacekeepers", but its row gives "foreign_troops_at_base"`, "tiny-gyumri-troops"},
		{"indicator unit", func(t *testing.T, rel *Release) {
			corrupt(t, rel, "indicators", "tiny-gyumri-troops/personnel", "unit", str("USD"))
		}, `unit is "USD", but its row gives "personnel"`, "tiny-gyumri-troops"},
		{"indicator currency", func(t *testing.T, rel *Release) {
			corrupt(t, rel, "indicators", "tiny-budget-arm/amount", "unit", str("personnel"))
		}, `unit is "personnel", but its row gives "USD"`, "tiny-budget-arm"},
		{"indicator host", func(t *testing.T, rel *Release) {
			corrupt(t, rel, "indicators", "tiny-budget-arm/amount", "host", str("RUS"))
		}, `host is "RUS", but its row gives null`, "tiny-budget-arm"},
		{"indicator time", func(t *testing.T, rel *Release) {
			corrupt(t, rel, "indicators", "tiny-budget-arm/amount", "when_basis", str("stated"))
		}, `when_basis is "stated", but its row gives "inferred_context"`, "tiny-budget-arm"},
		{"indicator year", func(t *testing.T, rel *Release) {
			corrupt(t, rel, "indicators", "tiny-budget-arm/amount", "year", schema.Int(2010))
		}, `year is "2010", but its row gives "2009"`, "tiny-budget-arm"},
		{"indicator year of a period", func(t *testing.T, rel *Release) {
			corrupt(t, rel, "indicators", "tiny-budget-arm/amount", "when_end", schema.DateValue(schema.Date{Year: 2010, Month: 12, Day: 31}))
		}, `year is "2009", but its row gives null`, "tiny-budget-arm"},
		{"indicator text", func(t *testing.T, rel *Release) {
			corrupt(t, rel, "indicators", "tiny-budget-arm/amount", "value_text", str("$500 million"))
		}, `value_text is "$500 million", but its row gives "$400 million"`, "tiny-budget-arm"},
		{"indicator source", func(t *testing.T, rel *Release) {
			corrupt(t, rel, "indicators", "tiny-budget-arm/amount", "table_name", str("armed_forces"))
		}, `no row "tiny-budget-arm" in an indicator source table armed_forces`, "tiny-budget-arm/amount"},
		{"indicator missing", func(t *testing.T, rel *Release) {
			ind := rel.Table("indicators")
			ind.Rows = slices.DeleteFunc(ind.Rows, func(r schema.Row) bool { return r[0].String() == "tiny-budget-arm/amount" })
		}, "indicators: military_expenditure tiny-budget-arm gives 1 figure, the indicator table has 0", "tiny-budget-arm"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rel, texts := buildBase(t)
			if ps := validate(rel, texts, NoProgress{}); len(ps) > 0 {
				t.Fatalf("the base release fails its checks: %v", ps)
			}
			tc.edit(t, rel)
			var msgs []string
			for _, p := range validate(rel, texts, NoProgress{}) {
				msgs = append(msgs, fmt.Sprintf("%s: %s", p.id, p.msg))
			}
			if want := tc.rowID + ": "; !slices.ContainsFunc(msgs, func(m string) bool {
				return strings.HasPrefix(m, want) && strings.Contains(m, tc.want)
			}) {
				t.Errorf("problems\n\t%s\nwant one at %s containing %q", strings.Join(msgs, "\n\t"), tc.rowID, tc.want)
			}
		})
	}
}
