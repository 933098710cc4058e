package export

import (
	"errors"
	"fmt"
	"strings"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// The views of the SQLite database answer the questions the README asks of
// the release, each over every actor (a Datasette filter or a WHERE picks
// one: recipient = 'AZE', party = 'RUS'), and put the row's quote beside
// its figures wherever a view shows rows of a source. They are defined
// here, once: the README's DuckDB queries read Parquet files
// (read_parquet(…)) and use functions Python's SQLite (3.40) lacks
// (string_agg and concat_ws came with 3.44), so they cannot be the views'
// text; dataset/clients checks that each view, filtered as the README
// filters, gives the rows of the README's query. Views are written in
// SQLite 3.37's SQL (the oldest that reads the STRICT tables); a view
// whose tables the release lacks is left out.

// sqliteView is one view of the database.
type sqliteView struct {
	name, title, description string
	create                   string // CREATE VIEW
	columns                  []sqliteViewColumn
}

// sqliteViewColumn is a column of a view and what it holds, for
// Datasette's metadata; date says that it shows a date column.
type sqliteViewColumn struct {
	name, description string
	date              bool
}

// sqliteViewBuilder collects the views and the indexes they join on; the
// first problem of each view is kept, and all are returned at the end.
type sqliteViewBuilder struct {
	r       *dataset.Release
	views   []sqliteView
	indexes []string
	errs    []error
}

// sqliteViews returns the views of r's database, and the CREATE INDEX
// statements of the indexes they join on.
func sqliteViews(r *dataset.Release) ([]sqliteView, []string, error) {
	b := &sqliteViewBuilder{r: r}
	b.dealsBySupplier()
	b.agreementsByParty()
	b.militaryBalance()
	b.deploymentEquipment()
	b.linkedRows()
	return b.views, b.indexes, errors.Join(b.errs...)
}

// has reports whether the release holds every table of the schema in
// tables; a view of a table it lacks is not written.
func (b *sqliteViewBuilder) has(tables ...*schema.Table) bool {
	for _, s := range tables {
		if t := b.r.Table(s.Name); t == nil || t.Schema != s {
			return false
		}
	}
	return true
}

// code is the SQL literal of a code of v, which must have it.
func (b *sqliteViewBuilder) code(v *schema.Vocab, code string) string {
	if !v.Has(code) {
		b.errs = append(b.errs, fmt.Errorf("views: %q is not a code of the vocabulary %s", code, v.Name))
	}
	return sqliteString(code)
}

// from is the view column that shows column col of t, described as t
// describes it.
func (b *sqliteViewBuilder) from(t *schema.Table, col string) sqliteViewColumn {
	return b.renamed(col, t, col, "")
}

// renamed is the view column name that shows column col of t, described
// as t describes it, after prefix.
func (b *sqliteViewBuilder) renamed(name string, t *schema.Table, col, prefix string) sqliteViewColumn {
	i := t.Column(col)
	if i < 0 {
		b.errs = append(b.errs, fmt.Errorf("views: table %s has no column %s", t.Name, col))
		return sqliteViewColumn{name: name}
	}
	c := t.Columns()[i]
	return sqliteViewColumn{name: name, description: prefix + c.Description, date: c.Type == schema.TypeDate}
}

func (b *sqliteViewBuilder) add(v sqliteView, sql string) {
	v.create = "CREATE VIEW " + sqliteIdent(v.name) + " AS\n" + sql
	b.views = append(b.views, v)
}

// rowRefs joins, for each table of tables, the row that the outer
// query's columns tableCol (a table's name) and idCol (a row id) name,
// under the alias <alias><i>; pick(col) is the value of the reference
// column col (quote_display, citation) of whichever table holds the row.
// A lookup by primary key per table, rather than a UNION ALL of every
// table, which SQLite would read whole for each row.
func rowRefs(alias, tableCol, idCol string, tables []*schema.Table) (joins string, pick func(col func(schema.RefCols) schema.Col) string) {
	var j strings.Builder
	for i, t := range tables {
		fmt.Fprintf(&j, "LEFT JOIN %s AS %s%d ON %s = %s AND %s%d.%s = %s\n",
			sqliteIdent(t.Name), alias, i+1, tableCol, sqliteString(t.Name), alias, i+1, sqliteIdent(t.Columns()[t.Ref().ID].Name), idCol)
	}
	pick = func(col func(schema.RefCols) schema.Col) string {
		parts := make([]string, len(tables))
		for i, t := range tables {
			parts[i] = fmt.Sprintf("%s%d.%s", alias, i+1, sqliteIdent(t.Columns()[col(t.Ref())].Name))
		}
		if len(parts) == 1 {
			return parts[0]
		}
		return "coalesce(" + strings.Join(parts, ", ") + ")"
	}
	return j.String(), pick
}

func quoteDisplay(r schema.RefCols) schema.Col { return r.QuoteDisplay }
func citation(r schema.RefCols) schema.Col     { return r.Citation }

// dealsBySupplier: "all arms transfers to Azerbaijan by supplier, counting
// deals, not mentions" (README, duckdb-deals), for every recipient.
func (b *sqliteViewBuilder) dealsBySupplier() {
	at := schema.ArmsTransfers
	if !b.has(at) {
		return
	}
	b.add(sqliteView{
		name:  "deals_by_supplier",
		title: "Arms deals by recipient and supplier",
		description: "One row per recipient and supplier of " + at.Name + ": deals counts the deals of scope item, each once however many rows " +
			"report it (reported, then denied; ordered, then delivered), and mentions the rows of every scope. " +
			"Filter recipient = AZE for the arms transfers to Azerbaijan. A null supplier is one the text does not name.",
		columns: []sqliteViewColumn{
			b.from(at, "recipient"), b.from(at, "recipient_name"), b.from(at, "supplier"), b.from(at, "supplier_name"),
			{name: "deals", description: "Deals of scope item: distinct values of deal among the rows of scope item."},
			{name: "mentions", description: "Rows of " + at.Name + " of any scope."},
		},
	}, fmt.Sprintf(`SELECT recipient, recipient_name, supplier, supplier_name,
       count(DISTINCT deal) FILTER (WHERE scope = %s) AS deals,
       count(*) AS mentions
FROM %s
GROUP BY recipient, recipient_name, supplier, supplier_name
ORDER BY recipient, deals DESC, mentions DESC, supplier NULLS LAST`, b.code(schema.TransferScopes, "item"), sqliteIdent(at.Name)))
}

// agreementsByParty: "every agreement Russia is party to" (README,
// duckdb-agreements-rus), for every party, through row_actors.
func (b *sqliteViewBuilder) agreementsByParty() {
	ag, ra := schema.Agreements, schema.RowActors
	if !b.has(ag, ra) {
		return
	}
	ref := ag.Ref()
	cols := ag.Columns()
	b.add(sqliteView{
		name:  "agreements_by_party",
		title: "Agreements by party",
		description: "Every agreement once for each of its parties (through " + ra.Name + "), with its quote. " +
			"Filter party = RUS for every agreement Russia is party to.",
		columns: []sqliteViewColumn{
			b.renamed("party", ra, "actor", "The party: "), b.renamed("party_name", ra, "actor_name", ""),
			b.from(ag, "id"), b.from(ag, "parties"), b.from(ag, "kind"), b.from(ag, "name"),
			b.from(ag, "signed_text"), b.from(ag, "signed_start"), b.from(ag, "signed_end"),
			b.from(ag, cols[ref.Citation].Name), b.from(ag, cols[ref.QuoteDisplay].Name),
		},
	}, fmt.Sprintf(`SELECT r.actor AS party, r.actor_name AS party_name,
       a.id, a.parties, a.kind, a.name, a.signed_text, a.signed_start, a.signed_end, a.%s, a.%s
FROM %s AS r
JOIN %s AS a ON a.id = r.row_id
WHERE r.table_name = %s AND r.role = %s
ORDER BY r.actor, a.signed_start NULLS LAST, a.id`,
		sqliteIdent(cols[ref.Citation].Name), sqliteIdent(cols[ref.QuoteDisplay].Name),
		sqliteIdent(ra.Name), sqliteIdent(ag.Name), sqliteString(ag.Name), b.code(schema.ActorRoles, "party")))
}

// militaryBalance: "Armenia and Azerbaijan, budget and personnel, by year
// and by source" (README, duckdb-balance), for every actor, with the quote
// of the row each figure comes from.
func (b *sqliteViewBuilder) militaryBalance() {
	ind := schema.Indicators
	tables := make([]*schema.Table, len(schema.IndicatorSources))
	for i, s := range schema.IndicatorSources {
		tables[i] = s.Table
	}
	if !b.has(append([]*schema.Table{ind}, tables...)...) {
		return
	}
	joins, pick := rowRefs("s", "i.table_name", "i.row_id", tables)
	var cols []sqliteViewColumn
	var sel []string
	for _, c := range []string{"year", "indicator", "actor", "actor_name", "value", "low", "high", "qualifier", "value_text", "unit",
		"when_start", "when_end", "source_id", "citation", "table_name", "row_id"} {
		cols = append(cols, b.from(ind, c))
		sel = append(sel, "i."+sqliteIdent(c))
	}
	qd := tables[0].Columns()[tables[0].Ref().QuoteDisplay].Name
	cols = append(cols, b.renamed(qd, tables[0], qd, "From the row the figure comes from: "))
	budget, forces := b.code(schema.IndicatorKinds, "defence_budget"), b.code(schema.IndicatorKinds, "national_armed_forces")
	b.add(sqliteView{
		name:  "military_balance",
		title: "Military balance: defence budgets and armed forces",
		description: "The defence budget and the national armed forces of every actor, by year and by source, one reported figure per row " +
			"(two sources for one year are two rows; nothing is merged), hedged as the text hedges it (value is null for a bound: read low, high and qualifier), " +
			"with the quote of the row it comes from. Filter actor in ARM, AZE for Armenia against Azerbaijan.",
		columns: cols,
	}, fmt.Sprintf(`SELECT %s, %s AS %s
FROM %s AS i
%sWHERE i.indicator IN (%s, %s)
ORDER BY i.year NULLS LAST, i.indicator, i.actor, i.source_id, i.id`,
		strings.Join(sel, ", "), pick(quoteDisplay), sqliteIdent(qd), sqliteIdent(ind.Name), joins, budget, forces))
}

// deploymentEquipment: "how many armoured vehicles each deployment lists"
// (README, duckdb-equipment), for every category of equipment.
func (b *sqliteViewBuilder) deploymentEquipment() {
	d, e := schema.Deployments, schema.Equipment
	if !b.has(d, e) {
		return
	}
	qd := d.Columns()[d.Ref().QuoteDisplay].Name
	parent := b.code(schema.EquipmentParents, d.Name)
	b.indexes = append(b.indexes, fmt.Sprintf("CREATE INDEX %s ON %s (parent_table, parent_id, position)", sqliteIdent(e.Name+"_by_parent"), sqliteIdent(e.Name)))
	b.add(sqliteView{
		name:  "deployment_equipment",
		title: "Equipment of each deployment, by category",
		description: "One row per deployment and category of the equipment its quote lists: the sum of the quantities " +
			"(null when the text gives none; a hedged quantity such as \"more than 100\" has no point value and is left out of the sum: see as_written) " +
			"and the items as written, in the order of the quote. Filter category = armoured_vehicle for the armour of each deployment.",
		columns: []sqliteViewColumn{
			b.from(d, "id"), b.from(d, "operator"), b.from(d, "operator_name"), b.from(d, "host"), b.from(d, "host_name"),
			b.from(d, "site"), b.from(d, "facility"), b.from(e, "category"),
			{name: "quantity", description: "Sum of the items' quantities (their point values); null when none has one."},
			{name: "items", description: "Number of equipment rows of the category."},
			{name: "as_written", description: "The items as the quote writes them, quantity and description, separated by \"; \"."},
			b.from(d, qd),
		},
	}, fmt.Sprintf(`SELECT d.id, d.operator, d.operator_name, d.host, d.host_name, d.site, d.facility, e.category,
       sum(e.quantity) AS quantity,
       count(*) AS items,
       (SELECT group_concat(w, '; ') FROM (
          SELECT coalesce(x.quantity_text || ' ', '') || x.description AS w
          FROM %[1]s AS x
          WHERE x.parent_table = %[3]s AND x.parent_id = d.id AND x.category = e.category
          ORDER BY x.position)) AS as_written,
       d.%[4]s
FROM %[2]s AS d
JOIN %[1]s AS e ON e.parent_table = %[3]s AND e.parent_id = d.id
GROUP BY d.id, e.category
ORDER BY d.id, e.category`, sqliteIdent(e.Name), sqliteIdent(d.Name), parent, sqliteIdent(qd)))
}

// linkedRows: the rows that conflict (links of relation conflict), and
// every other pair the links table makes, each row's quote beside the
// other's.
func (b *sqliteViewBuilder) linkedRows() {
	l := schema.Links
	if !b.has(l) {
		return
	}
	// The tables a link can name: those with a link_key.
	var tables []*schema.Table
	for _, t := range b.r.Tables {
		if t.Schema.Curated && t.Schema.LinkKey() != schema.NoCol {
			tables = append(tables, t.Schema)
		}
	}
	if len(tables) == 0 {
		return
	}
	joinsA, pickA := rowRefs("a", "l.table_a", "l.row_a", tables)
	joinsB, pickB := rowRefs("b", "l.table_b", "l.row_b", tables)
	b.add(sqliteView{
		name:  "linked_rows",
		title: "Linked reports, quote beside quote",
		description: "Every pair of rows the links table makes (rows of different sources or times that report the same quantity or fact), " +
			"with each row's citation and quote side by side. Filter relation = conflict for the reports that conflict.",
		columns: []sqliteViewColumn{
			b.from(l, "id"), b.from(l, "link_key"), b.from(l, "relation"), b.from(l, "description"), b.from(l, "detail"),
			b.from(l, "table_a"), b.from(l, "row_a"), b.from(l, "source_a"),
			{name: "citation_a", description: "The source of the first row as a reader cites it."},
			{name: "quote_a", description: "The quote of the first row, as quote_display shows it."},
			b.from(l, "table_b"), b.from(l, "row_b"), b.from(l, "source_b"),
			{name: "citation_b", description: "The source of the second row as a reader cites it."},
			{name: "quote_b", description: "The quote of the second row, as quote_display shows it."},
		},
	}, fmt.Sprintf(`SELECT l.id, l.link_key, l.relation, l.description, l.detail,
       l.table_a, l.row_a, l.source_a, %s AS citation_a, %s AS quote_a,
       l.table_b, l.row_b, l.source_b, %s AS citation_b, %s AS quote_b
FROM %s AS l
%s%sORDER BY l.id`, pickA(citation), pickA(quoteDisplay), pickB(citation), pickB(quoteDisplay), sqliteIdent(l.Name), joinsA, joinsB))
}
