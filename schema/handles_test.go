package schema

import (
	"reflect"
	"strings"
	"testing"
)

// Every field's handles resolve to its own columns, of the types the
// builder writes, and the handles of a table (its fields' and its source
// reference) reach each of its columns exactly once.
func TestFieldHandles(t *testing.T) {
	type want struct {
		suffix string
		typ    Type
	}
	figure := func(value Type) map[string]want {
		return map[string]want{"Figure.Text": {"_text", TypeString}, "Value": {"", value}, "Figure.Value": {"", value},
			"Figure.Low": {"_low", value}, "Figure.High": {"_high", value}, "Figure.Qualifier": {"_qualifier", TypeString}}
	}
	with := func(m map[string]want, extra map[string]want) map[string]want {
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	// The handles each kind has; every other handle is NoCol.
	kinds := map[Kind]map[string]want{
		KindID:       {"Value": {"", TypeString}},
		KindText:     {"Value": {"", TypeString}},
		KindCode:     {"Value": {"", TypeString}},
		KindInt:      {"Value": {"", TypeInt}},
		KindFloat:    {"Value": {"", TypeFloat}},
		KindDate:     {"Value": {"", TypeDate}},
		KindActor:    {"Value": {"", TypeString}, "Name": {"_name", TypeString}},
		KindActors:   {"Value": {"", TypeString}, "Name": {"_names", TypeString}},
		KindRowRef:   {"Value": {"", TypeString}, "Name": {"_table", TypeString}},
		KindCount:    figure(TypeInt),
		KindAmount:   with(figure(TypeFloat), map[string]want{"Figure.Currency": {"_currency", TypeString}}),
		KindDistance: with(figure(TypeFloat), map[string]want{"Figure.Unit": {"_unit", TypeString}, "Figure.KM": {"_km", TypeFloat}}),
		KindRatio:    figure(TypeFloat),
		KindWhen: {"When.Text": {"_text", TypeString}, "When.Start": {"_start", TypeDate}, "When.End": {"_end", TypeDate},
			"When.Precision": {"_precision", TypeString}, "When.Basis": {"_basis", TypeString}, "When.Note": {"_note", TypeString}},
	}
	for _, tab := range All {
		cols := tab.Columns()
		reached := map[Col]string{}
		reach := func(c Col, by string) {
			if c == NoCol {
				return
			}
			if other, ok := reached[c]; ok && other != by {
				// a figure's Value and Figure.Value are one column
				if strings.Replace(other, ".Figure.", ".", 1) != strings.Replace(by, ".Figure.", ".", 1) {
					t.Errorf("%s.%s: reached by %s and by %s", tab.Name, cols[c].Name, other, by)
				}
			}
			reached[c] = by
		}
		for i := range tab.Fields {
			f := &tab.Fields[i]
			fc := f.Cols()
			if fc.Field != f {
				t.Errorf("%s.%s: handles of another field", tab.Name, f.Name)
			}
			expected := kinds[f.Kind]
			for name, c := range handles(fc) {
				if name == "Quoted" {
					continue // below
				}
				w, ok := expected[name]
				switch {
				case !ok && c != NoCol:
					t.Errorf("%s.%s (%s): %s is column %d, want NoCol", tab.Name, f.Name, f.Kind, name, c)
				case !ok:
				case c < 0 || int(c) >= len(cols):
					t.Errorf("%s.%s (%s): %s is %d, not a column", tab.Name, f.Name, f.Kind, name, c)
				case cols[c].Name != f.Name+w.suffix || cols[c].Type != w.typ || cols[c].Field != f.Name:
					t.Errorf("%s.%s: %s is column %s (%s), want %s (%s)", tab.Name, f.Name, name, cols[c].Name, cols[c].Type, f.Name+w.suffix, w.typ)
				}
				reach(c, f.Name+"."+name)
			}
			if q := f.QuotedColumn(); (q == "") != (fc.Quoted == NoCol) || q != "" && cols[fc.Quoted].Name != q {
				t.Errorf("%s.%s: Quoted is %d, want column %q", tab.Name, f.Name, fc.Quoted, q)
			}
		}
		ref := tab.Ref()
		for name, c := range handles(ref) {
			if name == "ID" {
				if c != 0 || cols[0].Name != tab.Fields[0].Name {
					t.Errorf("%s: Ref().ID is %d, want the id column 0", tab.Name, c)
				}
				continue
			}
			switch {
			case !tab.Curated && c != NoCol:
				t.Errorf("%s: Ref().%s is %d in a table without source reference", tab.Name, name, c)
			case !tab.Curated:
			case cols[c].Name != snake(name) || cols[c].Field != "source":
				t.Errorf("%s: Ref().%s is column %s, want %s", tab.Name, name, cols[c].Name, snake(name))
			}
			reach(c, "Ref."+name)
		}
		for i, c := range cols {
			if _, ok := reached[Col(i)]; !ok {
				t.Errorf("%s.%s: no handle reaches it", tab.Name, c.Name)
			}
		}
	}
}

// A table's own handles: its main figure, its time and its link key.
func TestTableHandles(t *testing.T) {
	for _, tab := range All {
		if f := tab.MainFigure(); (f == nil) != (tab.Figure == "") || f != nil && f != tab.Field(tab.Figure) {
			t.Errorf("%s: MainFigure() = %v, want field %q", tab.Name, f, tab.Figure)
		}
		if f := tab.When(); f != tab.Field(when.Name) {
			t.Errorf("%s: When() = %v, want field %q", tab.Name, f, when.Name)
		}
		if c, want := tab.LinkKey(), Col(tab.Column(linkKey.Name)); c != want {
			t.Errorf("%s: LinkKey() = %d, want %d", tab.Name, c, want)
		}
	}
}

// The handle sets of the tables the builder fills column by column: each
// handle is the column its name says, and the sets of the tables filled
// whole reach every column.
func TestHandleSets(t *testing.T) {
	tests := []struct {
		table *Table
		set   any
		whole bool // every column has a handle
	}{
		{Sources, SourcesCols, true},
		{Actors, ActorsCols, true},
		{Claims, ClaimsCols, false},
		{Links, LinksCols, true},
		{Coverage, CoverageCols, true},
		{Indicators, IndicatorsCols, true},
		{RowActors, RowActorsCols, true},
	}
	for _, tc := range tests {
		cols := tc.table.Columns()
		seen := map[Col]string{}
		v := reflect.ValueOf(tc.set)
		for i := 0; i < v.NumField(); i++ {
			name, h := v.Type().Field(i).Name, v.Field(i).Interface()
			switch h := h.(type) {
			case Col:
				if h < 0 || int(h) >= len(cols) || cols[h].Name != snake(name) {
					t.Errorf("%s: handle %s is %d, want column %s", tc.table.Name, name, h, snake(name))
					continue
				}
				if other, dup := seen[h]; dup {
					t.Errorf("%s: handles %s and %s are one column", tc.table.Name, other, name)
				}
				seen[h] = name
			case FieldCols:
				if h.Field == nil || h.Field != tc.table.Field(snake(name)) {
					t.Errorf("%s: handle %s is not the handles of field %s", tc.table.Name, name, snake(name))
				}
			default:
				t.Errorf("%s: handle %s is a %T", tc.table.Name, name, h)
			}
		}
		if tc.whole && len(seen) != len(cols) {
			t.Errorf("%s: %d handles for %d columns", tc.table.Name, len(seen), len(cols))
		}
	}
}

// A handle that names no column, or a column of another type, stops the
// package from initialising (shown here by calling its resolver), so a
// typo cannot reach a build.
func TestHandleResolutionFails(t *testing.T) {
	tests := []struct {
		name string
		typ  Type
		want string
	}{
		{"sourceid", TypeString, "table sources has no column sourceid"},
		{"bytes", TypeString, "column sources.bytes is of type integer, not string"},
	}
	for _, tc := range tests {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(r.(string), tc.want) {
					t.Errorf("col(%q, %s): recovered %v, want a panic with %q", tc.name, tc.typ, r, tc.want)
				}
			}()
			Sources.col(tc.name, tc.typ)
		}()
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "field claims.stated is of kind ratio, not count") {
			t.Errorf("field(stated, count): recovered %v", r)
		}
	}()
	Claims.field("stated", KindCount)
}

// handles lists the Col fields of a handle struct by name, nested ones as
// "Figure.Text".
func handles(s any) map[string]Col {
	out := map[string]Col{}
	var walk func(prefix string, v reflect.Value)
	walk = func(prefix string, v reflect.Value) {
		for i := 0; i < v.NumField(); i++ {
			name := prefix + v.Type().Field(i).Name
			switch x := v.Field(i).Interface().(type) {
			case Col:
				out[name] = x
			case FigureCols, WhenCols:
				walk(name+".", v.Field(i))
			}
		}
	}
	walk("", reflect.ValueOf(s))
	return out
}

// snake turns a Go name into a column name: QuoteStart is quote_start,
// SourceURL source_url, RuleIDs rule_ids, ISOName iso_name.
func snake(name string) string {
	acronyms := []string{"SHA256", "IDs", "ID", "ISO", "URL", "KM"}
	var words []string
	for rest := name; rest != ""; {
		n := 0
		for _, a := range acronyms {
			if strings.HasPrefix(rest, a) && (len(rest) == len(a) || rest[len(a)] >= 'A' && rest[len(a)] <= 'Z') {
				n = len(a)
				break
			}
		}
		if n == 0 {
			n = 1
			for n < len(rest) && !(rest[n] >= 'A' && rest[n] <= 'Z') {
				n++
			}
		}
		words = append(words, strings.ToLower(rest[:n]))
		rest = rest[n:]
	}
	return strings.Join(words, "_")
}
