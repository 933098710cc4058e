package dataset

import (
	"fmt"

	"github.com/armsdata/armsdata/dataset/english"
	"github.com/armsdata/armsdata/schema"
)

// indicatorRows derives the indicator table from the rows of its sources
// (schema.IndicatorSources): one row per row that gives its main figure,
// the figure's cells copied as they are, whatever a value means for its
// qualifier, and never re-read from its text.
func indicatorRows(rows map[*schema.Table][]schema.Row) []schema.Row {
	var out []schema.Row
	c := schema.IndicatorsCols
	for _, src := range schema.IndicatorSources {
		fig := src.Table.MainFigure()
		fc, wc, ref := fig.Cols().Figure, src.Table.When().Cols().When, src.Table.Ref()
		actor := src.Actor.Cols()
		for _, r := range rows[src.Table] {
			if r[fc.Text].IsNull() {
				continue // no figure, no indicator
			}
			id := r[ref.ID].String()
			row := newRow(schema.Indicators)
			row[c.ID] = schema.Str(indicatorID(id, fig))
			row[c.Actor], row[c.ActorName] = r[actor.Value], r[actor.Name]
			row[c.Indicator] = schema.OptStr(schema.IndicatorFor(src.Table, r[src.Code.Cols().Value].String()))
			if src.Host != nil {
				host := src.Host.Cols()
				row[c.Host], row[c.HostName] = r[host.Value], r[host.Name]
			}
			row[c.WhenStart], row[c.WhenEnd] = r[wc.Start], r[wc.End]
			row[c.WhenPrecision], row[c.WhenBasis] = r[wc.Precision], r[wc.Basis]
			row[c.Year] = spanYear(r[wc.Start], r[wc.End])
			row[c.ValueText] = r[fc.Text]
			row[c.Value], row[c.Low], row[c.High] = asFloat(r[fc.Value]), asFloat(r[fc.Low]), asFloat(r[fc.High])
			row[c.Qualifier] = r[fc.Qualifier]
			row[c.Unit] = schema.Str(src.Unit)
			if src.Unit == "" {
				row[c.Unit] = r[fc.Currency]
			}
			row[c.SourceID], row[c.Citation] = r[ref.SourceID], r[ref.Citation]
			row[c.TableName] = schema.Str(src.Table.Name)
			row[c.RowID] = schema.Str(id)
			out = append(out, row)
		}
	}
	return out
}

// indicatorID is the id of the indicator of a row's figure field: the
// row's id (which never holds a "/") and the field's name.
func indicatorID(rowID string, fig *schema.Field) string { return rowID + "/" + fig.Name }

// spanYear is the calendar year a span lies in, or null when it is open
// at an end or reaches over more than one year.
func spanYear(start, end schema.Value) schema.Value {
	if start.IsNull() || end.IsNull() || start.Date().Year != end.Date().Year {
		return schema.Null(schema.TypeInt)
	}
	return schema.Int(int64(start.Date().Year))
}

// asFloat is a figure cell as a number: counts are whole numbers, which a
// float holds exactly up to 2^53 (the release's limit for integers).
func asFloat(v schema.Value) schema.Value {
	switch {
	case v.IsNull():
		return schema.Null(schema.TypeFloat)
	case v.Type() == schema.TypeInt:
		return schema.Float(float64(v.Int()))
	}
	return v
}

// checkIndicators is the data test of the indicator table, run by every
// build: each indicator row holds its row's actor, host, time, figure and
// source as they stand in that row, under the indicator its code maps
// onto, with the year its span gives; and each row of a source table that
// gives its figure has exactly one indicator row. It reads the cells by
// column name (the row's <figure>, <figure>_text, … and when_*), not
// through the builder's handles, so that it checks the release as a
// reader sees it.
func checkIndicators(rel *Release) []problem {
	ind := rel.Table(schema.Indicators.Name)
	if ind == nil {
		return nil
	}
	var problems []problem
	index := NewRowIndex(rel)
	seen := map[string]int{} // row id → indicator rows
	for i, r := range ind.Rows {
		id, rowID, table := r[0].String(), ind.Get(i, "row_id").String(), ind.Get(i, "table_name").String()
		parent, pi := index.Find(table, rowID)
		src := indicatorSource(table)
		if parent == nil || src == nil {
			problems = append(problems, problem{id: id, msg: fmt.Sprintf("indicators %s: no row %q in an indicator source table %s", id, rowID, table)})
			continue
		}
		seen[rowID]++
		for _, msg := range indicatorProblems(ind, i, parent, pi, src) {
			problems = append(problems, problem{id: rowID, msg: fmt.Sprintf("indicators %s: %s", id, msg)})
		}
	}
	for _, src := range schema.IndicatorSources {
		t := rel.Table(src.Table.Name)
		if t == nil {
			continue
		}
		fig := src.Table.MainFigure().Name
		for i := range t.Rows {
			want, rowID := 1, t.Rows[i][0].String()
			if t.Get(i, fig+"_text").IsNull() {
				want = 0
			}
			if got := seen[rowID]; got != want {
				problems = append(problems, problem{id: rowID, msg: fmt.Sprintf("indicators: %s %s gives %d %s, the indicator table has %d",
					t.Schema.Name, rowID, want, english.Plural(want, "figure"), got)})
			}
		}
	}
	return problems
}

// indicatorSource returns the indicator source named table, or nil.
func indicatorSource(table string) *schema.IndicatorSource {
	for i := range schema.IndicatorSources {
		if schema.IndicatorSources[i].Table.Name == table {
			return &schema.IndicatorSources[i]
		}
	}
	return nil
}

// indicatorProblems compares indicator row i of ind with its row pi of
// parent, a table of the indicator source src.
func indicatorProblems(ind *Table, i int, parent *Table, pi int, src *schema.IndicatorSource) []string {
	var out []string
	fig := src.Table.MainFigure().Name
	want := func(col string, v schema.Value) {
		if got := ind.Get(i, col); !got.Equal(v) {
			out = append(out, fmt.Sprintf("%s is %s, but its row gives %s", col, cellText(got), cellText(v)))
		}
	}
	from := func(col string) schema.Value { return parent.Get(pi, col) }
	want("id", schema.Str(parent.Rows[pi][0].String()+"/"+fig))
	want("indicator", schema.OptStr(schema.IndicatorFor(src.Table, from(src.Code.Name).Text())))
	want("actor", from(src.Actor.Name))
	want("actor_name", from(src.Actor.Name+"_name"))
	host, hostName := schema.Null(schema.TypeString), schema.Null(schema.TypeString)
	if src.Host != nil {
		host, hostName = from(src.Host.Name), from(src.Host.Name+"_name")
	}
	want("host", host)
	want("host_name", hostName)
	for _, col := range []string{"when_start", "when_end", "when_precision", "when_basis", "source_id", "citation"} {
		want(col, from(col))
	}
	want("value_text", from(fig+"_text"))
	want("value", asFloat(from(fig)))
	want("low", asFloat(from(fig+"_low")))
	want("high", asFloat(from(fig+"_high")))
	want("qualifier", from(fig+"_qualifier"))
	if src.Unit != "" {
		want("unit", schema.Str(src.Unit))
	} else {
		want("unit", from(fig+"_currency"))
	}
	want("year", spanYear(ind.Get(i, "when_start"), ind.Get(i, "when_end")))
	return out
}
