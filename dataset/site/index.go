package site

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/dataset/parallel"
	"github.com/armsdata/armsdata/dataset/quote"
	"github.com/armsdata/armsdata/schema"
)

// rowAt is a row of a table of the release.
type rowAt struct {
	t *dataset.Table
	i int
}

func (r rowAt) row() schema.Row { return r.t.Rows[r.i] }
func (r rowAt) id() string      { return r.t.Rows[r.i][r.t.Schema.Ref().ID].String() }

// site is a release indexed for its pages: what every row is linked to,
// found once, so that each page is written without a scan of the tables.
type site struct {
	rel     *dataset.Release
	texts   map[string][]rune      // source texts by id, as code points
	matched map[string]*quote.Text // the same, prepared for finding values in quotes

	byID     map[string]rowAt // rows of the curated tables by id (unique across them)
	sources  map[string]rowAt // sources rows by source id
	actors   map[string]rowAt // actors rows by code
	bySource map[string][]rowAt

	// The rows of the builder's tables that name a curated row, by its id.
	links      map[string][]int // links rows naming it as row_a or row_b
	claims     map[string][]int // claims rows naming it as subject or object
	indicators map[string][]int // indicators rows it gives
	rowActors  map[string][]int // row_actors rows of its actors
	items      map[string][]int // equipment rows it is the parent of
	claimedBy  map[string][]int // coverage rows it claims (rule_ids)
	coverage   map[string][]int // coverage rows by source id

	chartsOnce sync.Once
	chartList  []*chart

	listingsOnce sync.Once
	listings     map[*schema.Table]*listing
}

// table returns the release's table with the schema t, or nil.
func (s *site) table(t *schema.Table) *dataset.Table { return s.rel.Table(t.Name) }

// newSite indexes r. It fails on what would make pages collide or links
// dangle: ids of curated rows repeated across tables, a source without its
// text, offsets outside the text.
func newSite(r *dataset.Release) (*site, error) {
	s := &site{
		rel: r, texts: map[string][]rune{}, matched: map[string]*quote.Text{},
		byID: map[string]rowAt{}, sources: map[string]rowAt{}, actors: map[string]rowAt{}, bySource: map[string][]rowAt{},
		links: map[string][]int{}, claims: map[string][]int{}, indicators: map[string][]int{},
		rowActors: map[string][]int{}, items: map[string][]int{}, claimedBy: map[string][]int{}, coverage: map[string][]int{},
	}
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if t := s.table(schema.Sources); t != nil {
		sc := schema.SourcesCols
		var ids []string
		for i, row := range t.Rows {
			id := row[sc.SourceID].String()
			s.sources[id] = rowAt{t, i}
			if _, ok := r.Texts[id]; ok {
				ids = append(ids, id)
			}
		}
		prepared := parallel.Map(ids, 64, func(id string) *quote.Text { return quote.New(r.Texts[id]) })
		for i, id := range ids {
			s.texts[id] = []rune(r.Texts[id])
			s.matched[id] = prepared[i]
		}
	}
	if t := s.table(schema.Actors); t != nil {
		for i, row := range t.Rows {
			s.actors[row[schema.ActorsCols.Code].String()] = rowAt{t, i}
		}
	}
	for _, t := range r.Tables {
		if !t.Schema.Curated {
			continue
		}
		ref := t.Schema.Ref()
		for i, row := range t.Rows {
			id := row[ref.ID].String()
			if prev, dup := s.byID[id]; dup {
				bad("row id %s is in both %s and %s; the site links rows by id", id, prev.t.Schema.Name, t.Schema.Name)
				continue
			}
			s.byID[id] = rowAt{t, i}
			src := row[ref.SourceID].String()
			s.bySource[src] = append(s.bySource[src], rowAt{t, i})
			text, ok := s.texts[src]
			start, end := int(row[ref.QuoteStart].Int()), int(row[ref.QuoteEnd].Int())
			switch {
			case !ok:
				bad("row %s: the release holds no text of its source %s", id, src)
			case start < 0 || end > len(text) || start > end:
				bad("row %s: quote offsets [%d, %d) outside the text of %s (%d code points)", id, start, end, src, len(text))
			case string(text[start:end]) != row[ref.Quote].String():
				bad("row %s: the quote is not the text of %s at its offsets [%d, %d)", id, src, start, end)
			}
		}
	}
	index := func(t *schema.Table, into map[string][]int, cols ...schema.Col) {
		tab := s.table(t)
		if tab == nil {
			return
		}
		for i, row := range tab.Rows {
			for k, c := range cols {
				id := row[c].String()
				if k > 0 && id == row[cols[0]].String() {
					continue // a row naming the same row twice is listed once
				}
				if id != "" {
					into[id] = append(into[id], i)
				}
			}
		}
	}
	index(schema.Links, s.links, schema.LinksCols.RowA, schema.LinksCols.RowB)
	index(schema.Claims, s.claims, schema.ClaimsCols.Subject.Value, schema.ClaimsCols.Object.Value)
	index(schema.Indicators, s.indicators, schema.IndicatorsCols.RowID)
	index(schema.RowActors, s.rowActors, schema.RowActorsCols.RowID)
	index(schema.Equipment, s.items, schema.EquipmentCols.ParentID)
	index(schema.Coverage, s.coverage, schema.CoverageCols.SourceID)
	if t := s.table(schema.Coverage); t != nil {
		for i, row := range t.Rows {
			for _, id := range splitList(row[schema.CoverageCols.RuleIDs].String()) {
				s.claimedBy[id] = append(s.claimedBy[id], i)
			}
		}
	}
	for _, rows := range s.bySource {
		sort.SliceStable(rows, func(i, j int) bool {
			a, b := rows[i].row(), rows[j].row()
			as, bs := a[rows[i].t.Schema.Ref().QuoteStart].Int(), b[rows[j].t.Schema.Ref().QuoteStart].Int()
			if as != bs {
				return as < bs
			}
			return rows[i].id() < rows[j].id()
		})
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		const most = 5
		if len(problems) > most {
			problems = append(problems[:most], fmt.Sprintf("and %d more", len(problems)-most))
		}
		return nil, fmt.Errorf("the release cannot be shown as a site: %s", strings.Join(problems, "; "))
	}
	return s, nil
}

// splitList splits a ";"-separated list cell, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// home is where row i of table t is shown, relative to the site: its own
// page for the rows of the curated tables (and of any table the site has
// no better place for), the page of the source or actor for those
// tables' rows, and an anchor on the page of the row it belongs to for
// the builder's rows about a curated row (its links, indicators, actors)
// or on the source page for a coverage figure.
func (s *site) home(t *dataset.Table, i int) string {
	row := t.Rows[i]
	switch t.Schema {
	case schema.Sources:
		return sourcePage(row[schema.SourcesCols.SourceID].String())
	case schema.Actors:
		return actorPage(row[schema.ActorsCols.Code].String())
	case schema.Coverage:
		c := schema.CoverageCols
		return sourcePage(row[c.SourceID].String()) + "#" + slug(row[c.ID].String())
	case schema.Links:
		c := schema.LinksCols
		return rowPage(row[c.TableA].String(), row[c.RowA].String()) + "#" + slug(row[c.ID].String())
	case schema.Indicators:
		c := schema.IndicatorsCols
		return rowPage(row[c.TableName].String(), row[c.RowID].String()) + "#" + slug(row[c.ID].String())
	case schema.RowActors:
		c := schema.RowActorsCols
		return rowPage(row[c.TableName].String(), row[c.RowID].String()) + "#" + slug(row[c.ID].String())
	}
	return rowPage(t.Schema.Name, row[t.Schema.Ref().ID].String())
}

// ownsPage reports whether the rows of t have pages of their own (see
// home).
func ownsPage(t *schema.Table) bool {
	switch t {
	case schema.Sources, schema.Actors, schema.Coverage, schema.Links, schema.Indicators, schema.RowActors:
		return false
	}
	return true
}

// rowHref is the page of the curated row with the id, or "" when the
// release has none.
func (s *site) rowHref(id string) string {
	if at, ok := s.byID[id]; ok {
		return rowPage(at.t.Schema.Name, id)
	}
	return ""
}
