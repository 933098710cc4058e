package schema

import "fmt"

// Equipment as rows, and arms transfers that can be counted: the
// equipment table (one row per item a row mentions), the equipment: list a
// rule gives its items in, and the scope and deal of an arms_transfers
// row.

// TransferScopes say whether an arms_transfers row reports one kind of
// weapon or a supply of arms of unspecified kinds.
var TransferScopes = &Vocab{
	Name:        "transfer_scope",
	Description: "What an arms_transfers row reports: one kind of weapon, as a line of SIPRI's arms transfers register does, or a supply of arms of unspecified kinds. Count deals SIPRI-style over the rows of scope item.",
	Terms: []Term{
		{"item", "One kind of weapon, named by a designation or countable (\"two batteries of Russian S-300 air-defence systems\", \"Israeli kamikaze drones\"), of a category other than mixed. Its designation, weapon, category, quantity and unit are its row of the equipment table."},
		{"relationship", "Arms of unspecified kinds (\"arms\", \"weaponry\", \"military hardware\"): a supply relationship (\"Russia is the main supplier\", \"has been selling weapons to Yerevan\"), or sales and deliveries the text does not itemise. Never a line of SIPRI's register; such a row shares a deal key only where the curator found it reports the deal of other rows."},
	},
}

// EquipmentParents are the tables whose rows have equipment rows, and what
// an item is to its row.
var EquipmentParents = &Vocab{
	Name:        "equipment_parent",
	Description: "The table of the row an equipment item belongs to, and what the item is to that row. An item is a mention: the same weapons may stand under several rows (a transfer and the parade that showed them), so count within one parent table.",
	Terms: []Term{
		{"arms_transfers", "Transferred: the weapon of a row of scope item, from the row's own designation, weapon (as description), category, quantity and unit; one item per row."},
		{"deployments", "Deployed: equipment the row's quote lists for the base, force or installation (the rule's equipment: list)."},
		{"events", "Used or shown in the event: the weapons of a clash, the hardware of a parade (the rule's equipment: list)."},
	},
}

// ListsEquipment reports whether the rules of table t may give an
// equipment: list: the tables whose rows keep or use equipment they do not
// transfer. An arms_transfers row is one item already; its own fields give
// its equipment row (OwnItem).
func ListsEquipment(t *Table) bool { return t == Deployments || t == Events }

// Equipment holds one row per equipment item a row mentions.
var Equipment = define(&Table{
	Name:        "equipment",
	Title:       "Equipment",
	Description: "One row per equipment item a row mentions, with its designation and description as written, its category and its quantity, hedged like every figure: the weapon of each arms_transfers row of scope item, and the items the quotes of deployments and events list. Join equipment.parent_id = <parent_table>.id; the source reference is the parent row's.",
	Curated:     true,
	Derived:     true,
	Fields: []Field{
		{Name: "id", Kind: KindID, Description: "Item id: the parent row's id, a slash and the item's position (\"balance2010-gyumri-equipment/2\")."},
		{Name: "parent_table", Kind: KindCode, Place: PlaceKeys, Computed: true, Required: true, Vocab: EquipmentParents, Description: "Table of the row that mentions the item."},
		{Name: "parent_id", Kind: KindText, Computed: true, Required: true, Role: RoleID, Description: "Id of the row that mentions the item, in parent_table; it is also the id of the rule that gives both (seeds/sources/<id>/rules.yaml)."},
		{Name: "position", Kind: KindInt, Place: PlaceKeys, Required: true, Description: "Place of the item in its row's list, from 1 (1 for the weapon of an arms transfer)."},
		{Name: "designation", Kind: KindText, Verbatim: true, Description: "Designation of the item (\"S-300\", \"MiG-29\"); null when the text names none."},
		{Name: "description", Kind: KindText, Verbatim: true, Required: true, Description: "The item as the text describes it, without its quantity (\"armoured vehicles\", \"S-300 air-defence systems\")."},
		{Name: "category", Kind: KindCode, Required: true, Vocab: WeaponCategories, Description: "Kind of weapon."},
		{Name: "quantity", Kind: KindCount, Description: "Number of items; null when the text gives none."},
		{Name: "unit", Kind: KindText, Place: PlaceFigure, Verbatim: true, Description: "What one item of the quantity is, as written (\"batteries\" of S-300 systems, \"armoured vehicles\"); given only with a quantity."},
	},
})

// Item is one equipment item of a rule: an entry of its equipment: list,
// or the weapon of an arms_transfers row of scope item (Own). Its values
// are of the fields of the Equipment table.
type Item struct {
	Pos    Pos
	Values []*RuleValue
	Own    bool
}

// Value returns the item's value for the named field of Equipment, or nil.
func (it *Item) Value(field string) *RuleValue {
	for _, v := range it.Values {
		if v.Field.Name == field {
			return v
		}
	}
	return nil
}

// ownItemFields map the fields of an arms_transfers row to those of its
// equipment row.
var ownItemFields = [...][2]string{
	{"designation", "designation"}, {"weapon", "description"}, {"category", "category"},
	{"quantity", "quantity"}, {"unit", "unit"},
}

// RowField names the field of the rule that gives v: the Equipment field
// itself for a listed item, the arms_transfers field for an Own one
// (weapon for description), for messages at the value.
func (it *Item) RowField(v *RuleValue) string {
	if it.Own {
		for _, m := range ownItemFields {
			if m[1] == v.Field.Name {
				return m[0]
			}
		}
	}
	return v.Field.Name
}

// OwnItem is the equipment row of an arms_transfers rule of scope item:
// its designation, weapon, category, quantity and unit, at the places the
// rule writes them; nil for a rule of scope relationship.
func OwnItem(r *Rule) *Item {
	if r.Table != ArmsTransfers {
		return nil
	}
	if s := r.Value("scope"); s == nil || s.Text != "item" {
		return nil
	}
	it := &Item{Pos: r.Pos, Own: true}
	for _, m := range ownItemFields {
		if v := r.Value(m[0]); v != nil {
			it.Values = append(it.Values, &RuleValue{Field: Equipment.Field(m[1]), Pos: v.Pos, Text: v.Text})
		}
	}
	return it
}

// loadItems reads a rule's equipment: list (n; nil when the rule has
// none) and gives an arms_transfers rule of scope item its own item; name
// names the rule in messages.
func loadItems(d decoder, p *Project, r *Rule, n *Node, name string) []*Item {
	switch {
	case n == nil:
		if it := OwnItem(r); it != nil {
			return []*Item{it}
		}
		return nil
	case r.Table == ArmsTransfers:
		d.ds.Addf(n.Pos, "%s: an arms_transfers row is one item: its designation, weapon, category, quantity and unit give its equipment row (with scope: item); drop equipment:, and give each other weapon the quote names a row of its own (a line of SIPRI's register each)", name)
		return nil
	case !ListsEquipment(r.Table):
		d.ds.Addf(n.Pos, "%s: table %s takes no equipment: list (the rules of deployments and events do, and an arms_transfers row of scope item is its own item); drop it", name, r.Table.Name)
		return nil
	}
	nodes, ok := d.list(n, "equipment")
	if !ok {
		return nil
	}
	if len(nodes) == 0 {
		d.ds.Addf(n.Pos, "%s: equipment must list at least one item; leave it out when the quote lists none", name)
		return nil
	}
	var out []*Item
	seen := map[string]int{} // an item's values → its number
	for i, item := range nodes {
		it := &Item{Pos: item.Pos, Values: loadFields(d, p, Equipment, item, fmt.Sprintf("equipment item %d of %s", i+1, name))}
		// An item listed twice would be counted twice.
		key := ""
		for _, f := range Equipment.Fields {
			if v := it.Value(f.Name); v != nil {
				key += f.Name + "=" + v.Text + "\x00"
			}
		}
		if first, dup := seen[key]; dup {
			d.ds.Addf(item.Pos, "%s: equipment item %d repeats item %d; list each item once, with its quantity", name, i+1, first)
			continue
		}
		seen[key] = i + 1
		out = append(out, it)
	}
	return out
}

// valuesGone are the fields the values: of table t no longer hold, each
// with what took its place.
func valuesGone(t *Table) map[string]string {
	if t == Deployments {
		return map[string]string{"equipment": "equipment is no longer a field of deployments: list each item under the rule's equipment: key, beside values: (designation, description, category, quantity, unit), so that its quantity is a figure"}
	}
	return nil
}

// The handle sets of the columns the builder writes into the equipment
// rows and reads from arms_transfers.

// EquipmentCols are the columns of Equipment the builder fills itself.
var EquipmentCols = struct{ ID, ParentTable, ParentID, Position Col }{
	ID:          Equipment.col("id", TypeString),
	ParentTable: Equipment.col("parent_table", TypeString),
	ParentID:    Equipment.col("parent_id", TypeString),
	Position:    Equipment.col("position", TypeInt),
}

// TransfersCols are the columns of ArmsTransfers that deals are checked
// and counted by.
var TransfersCols = struct{ Supplier, Recipient, Scope, Deal Col }{
	Supplier:  ArmsTransfers.col("supplier", TypeString),
	Recipient: ArmsTransfers.col("recipient", TypeString),
	Scope:     ArmsTransfers.col("scope", TypeString),
	Deal:      ArmsTransfers.col("deal", TypeString),
}
