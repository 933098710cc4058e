//go:build cgo

package clients

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/armsdata/armsdata/schema"
)

// cell shows a value DuckDB returned, or one of the release, for
// comparing the two: null as "null", numbers without a fraction.
func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case schema.Value:
		if x.IsNull() {
			return "null"
		}
		return x.Text()
	case float64:
		return fmt.Sprintf("%g", x)
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}

// TestReadmeDealsQuery runs the README's count of the arms transfers to
// Azerbaijan on the fresh release and checks it against the release's
// rows: per supplier, the deals of scope item counted once however many
// rows report them, and the rows.
func TestReadmeDealsQuery(t *testing.T) {
	b := release(t)
	db := openDuckDB(t)
	if _, err := db.Exec("SET file_search_path = " + lit(b.base)); err != nil {
		t.Fatal(err)
	}
	cols, rows := query(t, db, readmeBlock(t, "<!-- tested: duckdb-deals -->\n```sql\n"))
	if want := []string{"supplier", "supplier_name", "deals", "mentions"}; !slices.Equal(cols, want) {
		t.Fatalf("columns %q, want %q", cols, want)
	}
	tbl := b.table(t, schema.ArmsTransfers)
	deals, mentions, names := map[string]map[string]bool{}, map[string]int{}, map[string]string{}
	for i := range tbl.Rows {
		if tbl.Get(i, "recipient").String() != "AZE" {
			continue
		}
		s := cell(tbl.Get(i, "supplier"))
		names[s] = cell(tbl.Get(i, "supplier_name"))
		mentions[s]++
		if deals[s] == nil {
			deals[s] = map[string]bool{}
		}
		if tbl.Get(i, "scope").String() == "item" {
			deals[s][tbl.Get(i, "deal").String()] = true
		}
	}
	var want []string
	for s := range mentions {
		want = append(want, fmt.Sprintf("%s %s %d %d", s, names[s], len(deals[s]), mentions[s]))
	}
	var got []string
	fewer := false // a supplier with fewer deals than rows of scope item: the count is of deals
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s %s %s %s", cell(r[0]), cell(r[1]), cell(r[2]), cell(r[3])))
	}
	for s := range deals {
		items := 0
		for i := range tbl.Rows {
			if tbl.Get(i, "recipient").String() == "AZE" && cell(tbl.Get(i, "supplier")) == s && tbl.Get(i, "scope").String() == "item" {
				items++
			}
		}
		fewer = fewer || len(deals[s]) < items
	}
	slices.Sort(want)
	sorted := slices.Sorted(slices.Values(got))
	if !slices.Equal(sorted, want) {
		t.Errorf("README query gives\n%s\nwant (in any order)\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !fewer {
		t.Error("no supplier has fewer deals than rows of scope item: the seeds no longer show what counting deals does")
	}
	for i := 1; i < len(rows); i++ {
		if a, b := rows[i-1][2].(int64), rows[i][2].(int64); a < b {
			t.Errorf("row %d: %d deals after %d: not sorted by deals", i+1, b, a)
		}
	}
}

// TestReadmeEquipmentQuery runs the README's count of each deployment's
// armoured vehicles and checks it against the equipment rows: per
// deployment that lists armour, the sum of the quantities (null when none
// is given) and the items as written.
func TestReadmeEquipmentQuery(t *testing.T) {
	b := release(t)
	db := openDuckDB(t)
	if _, err := db.Exec("SET file_search_path = " + lit(b.base)); err != nil {
		t.Fatal(err)
	}
	cols, rows := query(t, db, readmeBlock(t, "<!-- tested: duckdb-equipment -->\n```sql\n"))
	if want := []string{"id", "operator", "host", "vehicles", "as_written"}; !slices.Equal(cols, want) {
		t.Fatalf("columns %q, want %q", cols, want)
	}
	eq := b.table(t, schema.Equipment)
	type sum struct {
		total   int64
		counted bool
		written []string
	}
	want := map[string]*sum{}
	var ids []string
	for i := range eq.Rows {
		if eq.Get(i, "parent_table").String() != schema.Deployments.Name || eq.Get(i, "category").String() != "armoured_vehicle" {
			continue
		}
		id := eq.Get(i, "parent_id").String()
		if want[id] == nil {
			want[id] = &sum{}
			ids = append(ids, id)
		}
		w := want[id]
		if q := eq.Get(i, "quantity"); !q.IsNull() {
			w.total, w.counted = w.total+q.Int(), true
		}
		text := eq.Get(i, "description").String()
		if q := eq.Get(i, "quantity_text"); !q.IsNull() {
			text = q.String() + " " + text
		}
		w.written = append(w.written, text)
	}
	slices.Sort(ids)
	if len(rows) != len(ids) {
		t.Fatalf("README query gives %d rows, the release has %d deployments listing armour: %v", len(rows), len(ids), rows)
	}
	counted := false
	for i, r := range rows {
		id, w := cell(r[0]), want[ids[i]]
		total := "null"
		if w.counted {
			total, counted = fmt.Sprint(w.total), true
		}
		if id != ids[i] || cell(r[3]) != total {
			t.Errorf("row %d: %s with %s vehicles, want %s with %s", i+1, id, cell(r[3]), ids[i], total)
		}
		// string_agg joins in an order of its own; compare the items.
		got := strings.Split(cell(r[4]), "; ")
		if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(w.written))) {
			t.Errorf("row %d (%s): as written %q, want %q", i+1, id, got, w.written)
		}
	}
	if !counted {
		t.Error("no deployment lists a number of armoured vehicles: the seeds no longer show what the query counts")
	}
}
