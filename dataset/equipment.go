package dataset

import (
	"fmt"

	"github.com/armsdata/armsdata/dataset/quote"
	"github.com/armsdata/armsdata/dataset/scan"
	"github.com/armsdata/armsdata/schema"
)

// builtItem is an equipment row of a rule, and where the rule gives it.
type builtItem struct {
	row schema.Row
	pos schema.Pos
}

// equipment builds the equipment rows of a rule's row br, whose quote is
// qt: one per item of the rule (its equipment: list, or an arms transfer's
// own weapon). An item's values are read as the row's own are, by the
// same checks (in the quote, figures whole), and what they stand on in the
// text is claimed by the row for coverage. Each item takes the row's
// source reference. It returns false, having said why, when an item does
// not build.
func (b *builder) equipment(br *builtRow, qt *quote.Text) bool {
	r, ok := br.rule, true
	ec := schema.EquipmentCols
	for i, it := range r.Items {
		ib := &builtRow{row: newRow(schema.Equipment), rule: r, start: br.start, end: br.end}
		good := true
		for _, v := range it.Values {
			good = b.value(ib, qt, v) && good
		}
		if !good || !b.itemChecks(r, it) {
			ok = false
			continue
		}
		row := ib.row
		row[ec.ID] = schema.Str(fmt.Sprintf("%s/%d", r.ID, i+1))
		row[ec.ParentTable] = schema.Str(r.Table.Name)
		row[ec.ParentID] = schema.Str(r.ID)
		row[ec.Position] = schema.Int(int64(i + 1))
		// The item's reference is its parent's, every column of it.
		for i, c := range schema.Equipment.SourceRef() {
			row[c] = br.row[r.Table.SourceRef()[i]]
		}
		br.spans = append(br.spans, ib.spans...)
		br.items = append(br.items, builtItem{row: row, pos: it.Pos})
	}
	return ok
}

// itemChecks refuses what an item's values say wrongly even where each
// stands in the quote: a unit with no quantity to be the unit of, and a
// count written into the description or the unit, where no query can
// count it ("90 armoured vehicles" as the description).
func (b *builder) itemChecks(r *schema.Rule, it *schema.Item) bool {
	ok := true
	if u := it.Value("unit"); u != nil && it.Value("quantity") == nil {
		b.ds.Addf(u.Pos, "rule %s: %s %q says what one counted item is, but no quantity is given; give the quantity, or drop %s", r.ID, it.RowField(u), u.Text, it.RowField(u))
		ok = false
	}
	for _, name := range [...]string{"description", "unit"} {
		v := it.Value(name)
		if v == nil {
			continue
		}
		if c := heldCount(v.Text); c != "" {
			field := it.RowField(v)
			b.ds.Addf(v.Pos, "rule %s: %s %q holds the count %q; write the count as the quantity and the %s without it, so that the count is a figure", r.ID, field, v.Text, c, field)
			ok = false
		}
	}
	return ok
}

// heldCount returns the first count the scanner finds in s (digits, a
// number word or a range), or "". A number that begins a compound word
// ("two-seat", "half-track") describes the item, not how many there are.
func heldCount(s string) string {
	rs := []rune(s)
	for _, m := range scan.Find(s) {
		switch {
		case m.Kind != "number" && m.Kind != "word" && m.Kind != "range":
		case m.End < len(rs) && rs[m.End] == '-':
		default:
			return m.Text
		}
	}
	return ""
}

// fillDeal gives an arms_transfers row of scope item that no other row
// joins its own id as its deal, so that COUNT(DISTINCT deal) counts deals.
func fillDeal(br *builtRow) {
	if br.rule.Table != schema.ArmsTransfers {
		return
	}
	tc := schema.TransfersCols
	if br.row[tc.Deal].IsNull() && br.row[tc.Scope].String() == "item" {
		br.row[tc.Deal] = br.row[br.rule.Table.Ref().ID]
	}
}

// itemRows are the equipment rows of the built rows, in rule order; pos
// learns where each is given, for explain and for problems at its row.
func itemRows(built []*builtRow, pos map[string]schema.Pos) []schema.Row {
	var out []schema.Row
	for _, br := range built {
		for _, it := range br.items {
			out = append(out, it.row)
			pos[it.row[schema.EquipmentCols.ID].String()] = it.pos
		}
	}
	return out
}

// validateItems is the data test of the equipment rows and the deals, run
// on the finished release: an item's id is its parent's and its position;
// every arms_transfers row of scope item has exactly one item, and no
// other arms_transfers row has one; every row of scope item has a deal; a
// deal is shared by two rows or more, or is the one row's own id; and the
// rows of a deal name one supplier and one recipient.
func validateItems(rel *Release) []problem {
	var problems []problem
	bad := func(id, format string, args ...any) {
		problems = append(problems, problem{id: id, msg: fmt.Sprintf(format, args...)})
	}
	tc, ec := schema.TransfersCols, schema.EquipmentCols
	items := map[string]int{} // arms_transfers row id → its items
	if t := rel.Table(schema.Equipment.Name); t != nil {
		for _, r := range t.Rows {
			id, parent := r[ec.ID].String(), r[ec.ParentID].String()
			if want := fmt.Sprintf("%s/%d", parent, r[ec.Position].Int()); id != want {
				bad(id, "equipment %s: id is not its parent_id and position, %s", id, want)
			}
			if r[ec.ParentTable].String() == schema.ArmsTransfers.Name {
				items[parent]++
			}
		}
	}
	t := rel.Table(schema.ArmsTransfers.Name)
	if t == nil {
		return problems
	}
	deals := map[string][]schema.Row{}
	var keys []string
	for _, r := range t.Rows {
		id, item := r[0].String(), r[tc.Scope].String() == "item"
		if n := items[id]; item && n != 1 || !item && n != 0 {
			bad(id, "arms_transfers %s: scope %s, and %d equipment rows", id, r[tc.Scope].String(), n)
		}
		d := r[tc.Deal]
		if d.IsNull() {
			if item {
				bad(id, "arms_transfers %s: scope item, and no deal", id)
			}
			continue
		}
		if _, seen := deals[d.String()]; !seen {
			keys = append(keys, d.String())
		}
		deals[d.String()] = append(deals[d.String()], r)
	}
	for _, k := range keys {
		rows := deals[k]
		first := rows[0]
		if len(rows) == 1 && (k != first[0].String() || first[tc.Scope].String() != "item") {
			bad(first[0].String(), "arms_transfers %s: deal %q joins no other row and is not the row's own", first[0].String(), k)
		}
		for _, r := range rows[1:] {
			for _, c := range [...]schema.Col{tc.Supplier, tc.Recipient} {
				if !r[c].Equal(first[c]) {
					bad(r[0].String(), "arms_transfers %s: deal %q: %s %s, but %s of the same deal has %s",
						r[0].String(), k, t.Schema.Columns()[c].Name, cellText(r[c]), first[0].String(), cellText(first[c]))
				}
			}
		}
	}
	return problems
}
