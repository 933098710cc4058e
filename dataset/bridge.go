package dataset

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/armsdata/armsdata/dataset/english"
	"github.com/armsdata/armsdata/schema"
)

// rowActorRows derives the row_actors bridge from the curated rows: one row
// per actor of every actor column (schema.ActorFields), in the order the
// cell lists them (codes sorted, see builder.value). name gives an actor's
// readable name.
func rowActorRows(rows map[*schema.Table][]schema.Row, name func(code string) string) []schema.Row {
	var out []schema.Row
	c := schema.RowActorsCols
	for _, af := range schema.ActorFields {
		for _, r := range rows[af.Table] {
			cell := r[af.Field.Cols().Value]
			if cell.IsNull() {
				continue
			}
			id := r[af.Table.Ref().ID].String()
			for i, code := range strings.Split(cell.String(), ";") {
				row := newRow(schema.RowActors)
				row[c.ID] = schema.Str(rowActorID(id, af.Role, i+1))
				row[c.TableName] = schema.Str(af.Table.Name)
				row[c.RowID] = schema.Str(id)
				row[c.Role] = schema.Str(af.Role)
				row[c.Actor] = schema.Str(code)
				row[c.ActorName] = schema.OptStr(name(code))
				row[c.Position] = schema.Int(int64(i + 1))
				out = append(out, row)
			}
		}
	}
	return out
}

// rowActorID is the id of a bridge row: the row's id (which never holds a
// "/"), the role and the position.
func rowActorID(rowID, role string, position int) string {
	return rowID + "/" + role + "/" + strconv.Itoa(position)
}

// checkRowActors is the data test of the bridge, run by every build: each
// bridge row is the actor its row's cell names at its position, with the
// actor's name, and each actor of each actor cell of each curated row has
// its bridge row. It reads the cells by column name, not through the
// builder's handles, so that it checks the release as a reader sees it.
func checkRowActors(rel *Release) []problem {
	bridge := rel.Table(schema.RowActors.Name)
	if bridge == nil {
		return nil
	}
	var problems []problem
	bad := func(id, format string, args ...any) {
		problems = append(problems, problem{id: id, msg: fmt.Sprintf(format, args...)})
	}
	names := map[string]string{}
	if actors := rel.Table(schema.Actors.Name); actors != nil {
		for i := range actors.Rows {
			names[actors.Get(i, "code").String()] = actors.Get(i, "name").String()
		}
	}
	index := NewRowIndex(rel)
	seen := map[string]int{} // "<row id>/<role>" → bridge rows
	for i, r := range bridge.Rows {
		id, rowID, role := r[0].String(), bridge.Get(i, "row_id").String(), bridge.Get(i, "role").String()
		table := bridge.Get(i, "table_name").String()
		parent, pi := index.Find(table, rowID)
		if parent == nil {
			bad(id, "row_actors %s: no row %q in table %s", id, rowID, table)
			continue
		}
		af := schema.ActorFieldFor(parent.Schema, role)
		if af == nil {
			bad(rowID, "row_actors %s: table %s has no actor column of role %s", id, table, role)
			continue
		}
		seen[rowID+"/"+role]++
		cell := parent.Get(pi, af.Field.Name)
		var codes []string
		if !cell.IsNull() {
			codes = strings.Split(cell.String(), ";")
		}
		pos, actor := bridge.Get(i, "position").Int(), bridge.Get(i, "actor").String()
		switch {
		case pos < 1 || int(pos) > len(codes):
			bad(rowID, "row_actors %s: position %d, but %s %s names %d %s", id, pos, table, af.Field.Name, len(codes), english.Plural(len(codes), "actor"))
		case codes[pos-1] != actor:
			bad(rowID, "row_actors %s: actor %s, but %s %s has %s at position %d", id, actor, table, af.Field.Name, codes[pos-1], pos)
		case id != rowActorID(rowID, role, int(pos)):
			bad(rowID, "row_actors %s: the id is not %s", id, rowActorID(rowID, role, int(pos)))
		case bridge.Get(i, "actor_name").Text() != names[actor]:
			bad(rowID, "row_actors %s: actor_name %q, but the actors table names %s %q", id, bridge.Get(i, "actor_name").Text(), actor, names[actor])
		}
	}
	for _, af := range schema.ActorFields {
		t := rel.Table(af.Table.Name)
		if t == nil {
			continue
		}
		for i := range t.Rows {
			cell, rowID := t.Get(i, af.Field.Name), t.Rows[i][0].String()
			want := 0
			if !cell.IsNull() {
				want = len(strings.Split(cell.String(), ";"))
			}
			if got := seen[rowID+"/"+af.Role]; got != want {
				bad(rowID, "row_actors: %s %s %s names %d %s, the bridge has %d %s of role %s",
					t.Schema.Name, rowID, af.Field.Name, want, english.Plural(want, "actor"), got, english.Plural(got, "row"), af.Role)
			}
		}
	}
	return problems
}

// RowIndex finds the rows of the curated tables by table name and id: for
// the checks of the tables derived from them, and for writers that link a
// derived row to its parent (the workbook's Balance sheet).
type RowIndex struct {
	rel *Release
	ids map[string]map[string]int // table → row id → row
}

// NewRowIndex indexes the curated tables of rel (a row's id is its
// column 0: the schema refuses a table whose first column is not its id).
func NewRowIndex(rel *Release) RowIndex {
	idx := RowIndex{rel: rel, ids: map[string]map[string]int{}}
	for _, t := range rel.Tables {
		if !t.Schema.Curated {
			continue
		}
		ids := map[string]int{}
		for i, r := range t.Rows {
			ids[r[0].String()] = i
		}
		idx.ids[t.Schema.Name] = ids
	}
	return idx
}

// Find returns the curated table and the index of its row with the id, or
// nil.
func (x RowIndex) Find(table, id string) (*Table, int) {
	i, ok := x.ids[table][id]
	if !ok {
		return nil, 0
	}
	return x.rel.Table(table), i
}
