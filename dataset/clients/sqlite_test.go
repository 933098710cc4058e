//go:build cgo

package clients

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// TestSQLiteViewsAnswerTheReadme: each view of the SQLite database,
// filtered as the README's DuckDB query filters, gives the rows that query
// gives on the Parquet files of the same release. The views cannot be the
// README's text (it reads read_parquet(…) and uses functions Python's
// SQLite lacks); this keeps the two answers one.
func TestSQLiteViewsAnswerTheReadme(t *testing.T) {
	b := release(t)
	duck := openDuckDB(t)
	if _, err := duck.Exec("SET file_search_path = " + lit(b.base)); err != nil {
		t.Fatal(err)
	}
	lite, err := sql.Open("sqlite", "file:"+filepath.ToSlash(filepath.Join(b.dir, b.rel.Meta.Name+".sqlite"))+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	tests := []struct {
		marker string // the README block's
		view   string // the query of the view
		// ordered: the README's ORDER BY names every row apart, so the
		// order must match too; otherwise rows tie and only the set is
		// compared.
		ordered bool
		// parts: the column, by index, that lists items separated by
		// "; ", in an order the README's query leaves open.
		parts int
	}{
		{"duckdb-deals", "SELECT supplier, supplier_name, deals, mentions FROM deals_by_supplier WHERE recipient = 'AZE'", true, -1},
		{"duckdb-agreements-rus", "SELECT id, parties, kind, signed_start, citation FROM agreements_by_party WHERE party = 'RUS'", true, -1},
		{"duckdb-balance", "SELECT year, indicator, actor, value, qualifier, unit, source_id FROM military_balance WHERE actor IN ('ARM', 'AZE')", false, -1},
		{"duckdb-equipment", "SELECT id, operator, host, quantity, as_written FROM deployment_equipment WHERE category = 'armoured_vehicle'", true, 4},
	}
	for _, tc := range tests {
		t.Run(tc.marker, func(t *testing.T) {
			_, want := query(t, duck, readmeBlock(t, "<!-- tested: "+tc.marker+" -->\n```sql\n"))
			_, got := query(t, lite, tc.view)
			show := func(rows [][]any) []string {
				out := make([]string, len(rows))
				for i, r := range rows {
					cells := make([]string, len(r))
					for j, v := range r {
						cells[j] = sqlCell(v)
						if j == tc.parts {
							parts := strings.Split(cells[j], "; ")
							slices.Sort(parts)
							cells[j] = strings.Join(parts, "; ")
						}
					}
					out[i] = strings.Join(cells, " | ")
				}
				if !tc.ordered {
					slices.Sort(out)
				}
				return out
			}
			g, w := show(got), show(want)
			if len(w) == 0 {
				t.Fatal("the README's query gives no rows; the comparison proves nothing")
			}
			if !slices.Equal(g, w) {
				t.Errorf("the view gives\n\t%s\nthe README's query\n\t%s", strings.Join(g, "\n\t"), strings.Join(w, "\n\t"))
			}
		})
	}
}

// sqlCell shows a value from DuckDB or SQLite alike: a DuckDB DATE as the
// YYYY-MM-DD text SQLite stores, numbers as the release's CSV writes them.
func sqlCell(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case time.Time:
		return x.Format(time.DateOnly)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}
