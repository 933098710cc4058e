package schema

import (
	"fmt"
	"slices"
)

// The actors bridge: one row per actor named in an actor column of a
// curated table, so that actors can be counted and joined without taking
// a list cell apart.

// ActorRoles say what part an actor plays in the row that names it.
var ActorRoles = &Vocab{
	Name:        "actor_role",
	Description: "What part an actor plays in the row that names it: the actor column of its table the actor stands in.",
	Terms: []Term{
		{"supplier", "The supplying state of an arms transfer (arms_transfers.supplier)."},
		{"recipient", "The receiving state of an arms transfer (arms_transfers.recipient)."},
		{"party", "A party to an agreement (agreements.parties)."},
		{"participant", "An actor taking part in an event (events.actors)."},
		{"operator", "Who operates a base, installation or force abroad (deployments.operator)."},
		{"host", "On whose territory a deployment or a force is (deployments.host, armed_forces.host)."},
		{"actor", "Whose figure it is: who spends, owes or budgets a sum (military_expenditure.actor), whose forces are counted (armed_forces.actor)."},
	},
}

// actorRoles gives the role of each actor field of each curated table, by
// table and field name. Every actor field must have one: the schema does
// not initialise otherwise (see ActorFields), so a new actor column cannot
// be left out of the bridge.
var actorRoles = map[string]map[string]string{
	"military_expenditure": {"actor": "actor"},
	"armed_forces":         {"actor": "actor", "host": "host"},
	"arms_transfers":       {"supplier": "supplier", "recipient": "recipient"},
	"deployments":          {"operator": "operator", "host": "host"},
	"agreements":           {"parties": "party"},
	"events":               {"actors": "participant"},
}

// ActorField is an actor column of a curated table and the role its actors
// take in the bridge.
type ActorField struct {
	Table *Table
	Field *Field // of kind KindActor or KindActors
	Role  string // a term of ActorRoles
}

// ActorFields lists every actor field of every curated table, in release
// order, with its role.
var ActorFields = actorFields(All, actorRoles)

// actorFields pairs each actor field of the curated tables with its role,
// and panics, while the package initialises, on an actor field without a
// role, a role outside the vocabulary, or a role given for a field that is
// not an actor field of a curated table.
func actorFields(tables []*Table, roles map[string]map[string]string) []ActorField {
	var out []ActorField
	used := 0
	for _, t := range tables {
		for i := range t.Fields {
			f := &t.Fields[i]
			if f.Kind != KindActor && f.Kind != KindActors {
				continue
			}
			role, ok := roles[t.Name][f.Name]
			switch {
			case !t.Curated:
				continue // derived tables copy actors; the bridge covers the rows they come from
			case !ok:
				panic(fmt.Sprintf("schema: actor field %s.%s has no role in the row_actors bridge (schema/bridge.go)", t.Name, f.Name))
			case !ActorRoles.Has(role):
				panic(fmt.Sprintf("schema: actor field %s.%s: role %q is not in vocabulary %s", t.Name, f.Name, role, ActorRoles.Name))
			}
			used++
			out = append(out, ActorField{Table: t, Field: f, Role: role})
		}
	}
	given := 0
	for _, fields := range roles {
		given += len(fields)
	}
	if given != used {
		panic(fmt.Sprintf("schema: the row_actors bridge gives roles to %d fields, but the curated tables have %d actor fields", given, used))
	}
	return out
}

// ActorFieldFor returns the actor field of table t whose actors take the
// role, or nil.
func ActorFieldFor(t *Table, role string) *ActorField {
	i := slices.IndexFunc(ActorFields, func(af ActorField) bool { return af.Table == t && af.Role == role })
	if i < 0 {
		return nil
	}
	return &ActorFields[i]
}

// RowActors is the bridge between rows and the actors they name.
var RowActors = define(&Table{
	Name:  "row_actors",
	Title: "Actors of rows",
	Description: "One row per actor named in an actor column of a curated table (supplier, recipient, host, parties, actors, …), " +
		"with the role the column gives it: the table to join on to count or select rows by actor (\"every agreement Russia is party to\"). " +
		"It is derived from those columns by the builder and checked against them. " +
		"A list column (agreements.parties, events.actors) holds its codes sorted, separated by \";\"; the bridge is how to query it, " +
		"in every format alike: CSV and the workbook cannot hold a list, so the Parquet files have no list column either, and one join works everywhere. " +
		"Ids of the rows of curated tables are unique across tables, so row_id alone names the row; table_name says which table holds it.",
	Fields: []Field{
		{Name: "id", Kind: KindID, Description: "Bridge row id: <row id>/<role>/<position> (\"caci2003-defence-cooperation/party/2\"), stable while the row names the same actors."},
		{Name: "table_name", Kind: KindText, Place: PlaceKeys, Required: true, Description: "Table of the row that names the actor."},
		{Name: "row_id", Kind: KindText, Required: true, Role: RoleID, Description: "Id of the row that names the actor; join on <table_name>.id = row_id."},
		{Name: "role", Kind: KindCode, Required: true, Vocab: ActorRoles, Description: "The part the actor plays in the row: which of its actor columns names it."},
		{Name: "actor", Kind: KindActor, Required: true, Description: "The actor."},
		{Name: "position", Kind: KindInt, Place: PlaceKeys, Required: true, Description: "Place of the actor in its cell, from 1. A list cell holds its codes sorted by code (\"ARM;RUS\"), so the position is that order and means nothing more: not who signed first, not who leads. A single-actor column gives 1."},
	},
})

// RowActorsCols are the columns of RowActors.
var RowActorsCols = struct {
	ID, TableName, RowID, Role, Actor, ActorName, Position Col
}{
	ID:        RowActors.col("id", TypeString),
	TableName: RowActors.col("table_name", TypeString),
	RowID:     RowActors.col("row_id", TypeString),
	Role:      RowActors.col("role", TypeString),
	Actor:     RowActors.col("actor", TypeString),
	ActorName: RowActors.col("actor_name", TypeString),
	Position:  RowActors.col("position", TypeInt),
}
