package site

import (
	"bytes"
	"sort"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// tableEntry is a table as the index lists it.
type tableEntry struct {
	Href, Name, Title, Description string
	Rows                           int
	Curated                        bool
}

// sourceEntry is a source as the index lists it.
type sourceEntry struct {
	Href, ID, Title, Citation string
	Rows                      int
}

// listedSources is the most sources the first page lists; the sources
// table's page has them all.
const listedSources = 100

// indexView is the site's first page.
type indexView struct {
	common
	Tables  []tableEntry
	Sources []sourceEntry
	More    int    // sources not listed
	All     string // the sources table's page
	Cite    string
	Charts  int
	Search  string // the search page, when the site has one
}

func (s *site) indexPage() func(*bytes.Buffer) error {
	return func(b *bytes.Buffer) error {
		v := &indexView{common: s.newCommon("index", s.rel.Meta.Title, indexPage)}
		for _, t := range s.rel.Tables {
			v.Tables = append(v.Tables, tableEntry{Href: tablePage(t.Schema.Name), Name: t.Schema.Name, Title: t.Schema.Title,
				Description: t.Schema.Description, Rows: len(t.Rows), Curated: t.Schema.Curated})
		}
		if t := s.table(schema.Sources); t != nil {
			sc := schema.SourcesCols
			v.All = tablePage(t.Schema.Name)
			for i, r := range t.Rows {
				if i == listedSources {
					v.More = len(t.Rows) - i
					break
				}
				id := r[sc.SourceID].String()
				v.Sources = append(v.Sources, sourceEntry{Href: s.home(t, i), ID: id, Title: r[sc.Title].String(),
					Citation: r[sc.Citation].String(), Rows: len(s.bySource[id])})
			}
		}
		v.Cite = dataset.CiteRow(s.rel.Meta, "<table>", "<id>", "<citation>")
		v.Charts = len(s.charts())
		v.Search = searchPage
		return page("index", v)(b)
	}
}

// actorTable is how many rows of a table name an actor in a role.
type actorTable struct {
	Table, Title, Role string
	Rows               int
	Href               string // the table's page, filtered on the actor in the role
}

// actorView is the page of an actor.
type actorPageView struct {
	common
	TableHref string
	Values    []cell
	Code      string
	Name      string
	Tables    []actorTable
}

func (s *site) actorPage(t *dataset.Table, i int, p string) func(*bytes.Buffer) error {
	return func(b *bytes.Buffer) error {
		row, root := t.Rows[i], rootOf(p)
		code := row[schema.ActorsCols.Code].String()
		v := &actorPageView{common: s.newCommon("actor", row[schema.ActorsCols.Name].String(), p), TableHref: root + tablePage(t.Schema.Name),
			Code: code, Name: row[schema.ActorsCols.Name].String()}
		for c := range t.Schema.Columns() {
			v.Values = append(v.Values, s.valueCell(t.Schema, schema.Col(c), row, root))
		}
		if rt := s.table(schema.RowActors); rt != nil {
			c := schema.RowActorsCols
			type key struct{ table, role string }
			rows := map[key]map[string]bool{}
			for _, r := range rt.Rows {
				if r[c.Actor].String() != code {
					continue
				}
				k := key{r[c.TableName].String(), r[c.Role].String()}
				if rows[k] == nil {
					rows[k] = map[string]bool{}
				}
				rows[k][r[c.RowID].String()] = true
			}
			for k, ids := range rows {
				at := actorTable{Table: k.table, Role: k.role, Rows: len(ids), Href: root + tablePage(k.table)}
				if st := schema.Lookup(k.table); st != nil {
					at.Title = st.Title
					if af := schema.ActorFieldFor(st, k.role); af != nil {
						at.Href += "#?f." + af.Field.Name + "=" + code
					}
				}
				v.Tables = append(v.Tables, at)
			}
			order := map[string]int{}
			for n, t := range s.rel.Tables {
				order[t.Schema.Name] = n
			}
			sort.Slice(v.Tables, func(i, j int) bool {
				a, b := v.Tables[i], v.Tables[j]
				if a.Table != b.Table {
					return order[a.Table] < order[b.Table]
				}
				return a.Role < b.Role
			})
		}
		return page("actor", v)(b)
	}
}
