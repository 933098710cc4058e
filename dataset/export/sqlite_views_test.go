package export

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// testSQLiteViews checks each view of the database of rel against the same
// question answered from the release's rows in Go: the rows, their order,
// and the columns the metadata describes.
func testSQLiteViews(t *testing.T, rel *dataset.Release, db *sql.DB) {
	views, _, err := sqliteViews(rel)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, v := range views {
		names = append(names, v.name)
		var want []string
		for _, c := range v.columns {
			want = append(want, c.name)
		}
		var got []string
		for _, r := range sqliteRows(t, db, "SELECT name FROM pragma_table_info(?)", v.name) {
			got = append(got, r[0])
		}
		if !slices.Equal(got, want) {
			t.Errorf("view %s has the columns %q, its metadata describes %q", v.name, got, want)
		}
	}
	slices.Sort(names)
	if got := sqliteNames(t, db, "view"); !slices.Equal(got, names) {
		t.Errorf("the database has the views %q, want %q", got, names)
	}

	// The quote of a row, by table and id.
	quote := func(table, id string) string {
		tbl := rel.Table(table)
		for i := range tbl.Rows {
			if tbl.Get(i, "id").String() == id {
				return tbl.Rows[i][tbl.Schema.Ref().QuoteDisplay].String()
			}
		}
		t.Fatalf("no row %s in %s", id, table)
		return ""
	}
	// inOrder fails the test unless rows are sorted by less.
	inOrder := func(view string, rows [][]string, less func(a, b []string) bool) {
		for i := 1; i < len(rows); i++ {
			if less(rows[i], rows[i-1]) {
				t.Errorf("%s: row %d %q comes after %q", view, i+1, rows[i], rows[i-1])
			}
		}
	}
	sameRows := func(view string, got, want []string) {
		slices.Sort(got)
		slices.Sort(want)
		if len(want) == 0 {
			t.Errorf("%s: the release gives no rows; the check proves nothing", view)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s gives\n\t%s\nwant\n\t%s", view, strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
		}
	}

	t.Run("deals_by_supplier", func(t *testing.T) {
		at := rel.Table(schema.ArmsTransfers.Name)
		type key struct{ recipient, supplier string }
		deals, mentions := map[key]map[string]bool{}, map[key]int{}
		for i := range at.Rows {
			k := key{at.Get(i, "recipient").String(), releaseCell(at.Get(i, "supplier"))}
			mentions[k]++
			if deals[k] == nil {
				deals[k] = map[string]bool{}
			}
			if at.Get(i, "scope").String() == "item" {
				deals[k][at.Get(i, "deal").String()] = true
			}
		}
		var want []string
		fewer := false // a supplier with fewer deals than rows of scope item
		for k, n := range mentions {
			want = append(want, fmt.Sprintf("%s %s %d %d", k.recipient, k.supplier, len(deals[k]), n))
			items := 0
			for i := range at.Rows {
				if at.Get(i, "recipient").String() == k.recipient && releaseCell(at.Get(i, "supplier")) == k.supplier && at.Get(i, "scope").String() == "item" {
					items++
				}
			}
			fewer = fewer || len(deals[k]) < items
		}
		rows := sqliteRows(t, db, "SELECT recipient, supplier, deals, mentions FROM deals_by_supplier")
		var got []string
		for _, r := range rows {
			got = append(got, strings.Join(r, " "))
		}
		sameRows("deals_by_supplier", got, want)
		if !fewer {
			t.Error("no supplier has fewer deals than rows of scope item: the release no longer shows what counting deals does")
		}
		num := func(s string) int { var n int; fmt.Sscan(s, &n); return n }
		inOrder("deals_by_supplier", rows, func(a, b []string) bool {
			if a[0] != b[0] {
				return a[0] < b[0]
			}
			if num(a[2]) != num(b[2]) {
				return num(a[2]) > num(b[2])
			}
			if num(a[3]) != num(b[3]) {
				return num(a[3]) > num(b[3])
			}
			return a[1] != "null" && (b[1] == "null" || a[1] < b[1])
		})
	})

	t.Run("agreements_by_party", func(t *testing.T) {
		ra := rel.Table(schema.RowActors.Name)
		var want []string
		for i := range ra.Rows {
			if ra.Get(i, "table_name").String() == schema.Agreements.Name && ra.Get(i, "role").String() == "party" {
				id := ra.Get(i, "row_id").String()
				want = append(want, ra.Get(i, "actor").String()+" "+id+" "+quote(schema.Agreements.Name, id))
			}
		}
		rows := sqliteRows(t, db, "SELECT party, id, quote_display, signed_start FROM agreements_by_party")
		var got []string
		rus := 0
		for _, r := range rows {
			got = append(got, strings.Join(r[:3], " "))
			if r[0] == "RUS" {
				rus++
			}
		}
		sameRows("agreements_by_party", got, want)
		if rus == 0 {
			t.Error("no agreement has Russia as a party")
		}
		inOrder("agreements_by_party", rows, func(a, b []string) bool {
			if a[0] != b[0] {
				return a[0] < b[0]
			}
			if a[3] != b[3] {
				return b[3] == "null" || (a[3] != "null" && a[3] < b[3])
			}
			return a[1] < b[1]
		})
	})

	t.Run("military_balance", func(t *testing.T) {
		ind := rel.Table(schema.Indicators.Name)
		var want []string
		for i := range ind.Rows {
			if k := ind.Get(i, "indicator").String(); k == "defence_budget" || k == "national_armed_forces" {
				table, row := ind.Get(i, "table_name").String(), ind.Get(i, "row_id").String()
				want = append(want, strings.Join([]string{releaseCell(ind.Get(i, "year")), k, ind.Get(i, "actor").String(),
					releaseCell(ind.Get(i, "value")), releaseCell(ind.Get(i, "low")), releaseCell(ind.Get(i, "high")), row, quote(table, row)}, " "))
			}
		}
		rows := sqliteRows(t, db, "SELECT year, indicator, actor, value, low, high, row_id, quote_display, source_id FROM military_balance")
		var got []string
		arm, aze := false, false
		for _, r := range rows {
			got = append(got, strings.Join(r[:8], " "))
			arm, aze = arm || r[2] == "ARM", aze || r[2] == "AZE"
		}
		sameRows("military_balance", got, want)
		if !arm || !aze {
			t.Error("the balance lacks Armenia or Azerbaijan")
		}
		num := func(s string) int { var n int; fmt.Sscan(s, &n); return n }
		inOrder("military_balance", rows, func(a, b []string) bool {
			if a[0] != b[0] {
				return b[0] == "null" || (a[0] != "null" && num(a[0]) < num(b[0]))
			}
			for _, j := range []int{1, 2, 8} {
				if a[j] != b[j] {
					return a[j] < b[j]
				}
			}
			return false
		})
	})

	t.Run("deployment_equipment", func(t *testing.T) {
		eq := rel.Table(schema.Equipment.Name)
		type group struct {
			sum     int64
			counted bool
			items   int
			written []string
		}
		groups := map[[2]string]*group{}
		var keys [][2]string
		for i := range eq.Rows { // equipment rows are in order of parent and position
			if eq.Get(i, "parent_table").String() != schema.Deployments.Name {
				continue
			}
			k := [2]string{eq.Get(i, "parent_id").String(), eq.Get(i, "category").String()}
			g := groups[k]
			if g == nil {
				g = &group{}
				groups[k] = g
				keys = append(keys, k)
			}
			g.items++
			if q := eq.Get(i, "quantity"); !q.IsNull() {
				g.sum, g.counted = g.sum+q.Int(), true
			}
			w := eq.Get(i, "description").String()
			if q := eq.Get(i, "quantity_text"); !q.IsNull() {
				w = q.String() + " " + w
			}
			g.written = append(g.written, w)
		}
		var want []string
		armour := false
		for _, k := range keys {
			g := groups[k]
			sum := "null"
			if g.counted {
				sum = fmt.Sprint(g.sum)
			}
			want = append(want, fmt.Sprintf("%s %s %s %d %s | %s", k[0], k[1], sum, g.items, strings.Join(g.written, "; "), quote(schema.Deployments.Name, k[0])))
			armour = armour || k[1] == "armoured_vehicle"
		}
		if !armour {
			t.Error("no deployment lists armoured vehicles")
		}
		rows := sqliteRows(t, db, "SELECT id, category, quantity, items, as_written, quote_display FROM deployment_equipment")
		var got []string
		for _, r := range rows {
			got = append(got, fmt.Sprintf("%s %s %s %s %s | %s", r[0], r[1], r[2], r[3], r[4], r[5]))
		}
		sameRows("deployment_equipment", got, want)
		inOrder("deployment_equipment", rows, func(a, b []string) bool {
			return a[0] < b[0] || (a[0] == b[0] && a[1] < b[1])
		})
	})

	t.Run("linked_rows", func(t *testing.T) {
		links := rel.Table(schema.Links.Name)
		var want []string
		conflicts := 0
		for i := range links.Rows {
			ta, ra := links.Get(i, "table_a").String(), links.Get(i, "row_a").String()
			tb, rb := links.Get(i, "table_b").String(), links.Get(i, "row_b").String()
			rel := links.Get(i, "relation").String()
			if rel == "conflict" {
				conflicts++
			}
			want = append(want, strings.Join([]string{links.Get(i, "id").String(), rel, quote(ta, ra), quote(tb, rb)}, " | "))
		}
		if conflicts == 0 {
			t.Error("no link is a conflict")
		}
		rows := sqliteRows(t, db, "SELECT id, relation, quote_a, quote_b FROM linked_rows")
		var got []string
		for _, r := range rows {
			got = append(got, strings.Join(r, " | "))
		}
		sameRows("linked_rows", got, want)
		inOrder("linked_rows", rows, func(a, b []string) bool { return a[0] < b[0] })
	})
}
