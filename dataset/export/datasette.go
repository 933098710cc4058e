package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// encodeDatasetteMetadata renders datasette.json, Datasette's metadata for
// the database of plan p (`datasette armsdata.sqlite --metadata
// datasette.json`), from the release metadata (seeds/dataset.yaml) and the
// schema:
//
//   - title, description, license (the licence's full name where known,
//     else its id), license_url, source (the source texts, which the
//     sources table lists) and source_url (the release's homepage, when
//     it has one): Datasette shows them on the index page and in every
//     page's footer;
//   - databases.<name>.tables.<table>: title, description and columns
//     (every column's description, in the schema's order), and units for
//     the columns that have one (Pint's notation, which Datasette uses to
//     show and convert them: distance_km is in km; a sum's currency is a
//     column of its own and no unit); the same for each view;
//   - a date column's description says that it is ISO 8601 text: SQLite
//     has no date type.
//
// Objects keep the schema's order (jsonObject), so the same release gives
// the same bytes; JSON indented by two spaces, "<", ">" and "&" as they
// are, ending in a newline.
func encodeDatasetteMetadata(r *dataset.Release, p *sqlitePlan) ([]byte, error) {
	m := r.Meta
	top := jsonObject{}
	top.add("title", m.Title)
	var views []string
	for _, v := range p.views {
		views = append(views, v.name)
	}
	about := "Each table has a page per row; the curated tables have a search box over their quotes."
	if len(views) > 0 {
		about += " The views (" + strings.Join(views, ", ") + ") answer the common questions."
	}
	top.add("description", m.Description+" "+about)
	if m.Licence != "" {
		name := m.Licence
		if t, ok := dpLicenceTitles[m.Licence]; ok {
			name = t
		}
		top.add("license", name)
	}
	top.add("license_url", m.LicenceURL)
	if src := r.Table(schema.Sources.Name); src != nil {
		top.add("source", fmt.Sprintf("%d source texts, listed in the %s table and quoted in every row", len(src.Rows), schema.Sources.Name))
	}
	top.add("source_url", m.Homepage)

	tables := jsonObject{}
	for _, t := range p.tables {
		s := t.t.Schema
		cols, units := jsonObject{}, jsonObject{}
		for _, c := range s.Columns() {
			desc := c.Description
			if c.Type == schema.TypeDate {
				desc += " " + datasetteDateNote
			}
			cols.add(c.Name, desc)
			units.add(c.Name, c.Unit) // left out when the column has no unit
		}
		desc := s.Description
		if t.fts != nil {
			desc += " The search box looks in " + strings.Join(t.fts.columns, ", ") + "."
		}
		tab := jsonObject{}
		tab.add("title", s.Title)
		tab.add("description", desc)
		tab.add("columns", cols)
		if len(units) > 0 {
			tab.add("units", units)
		}
		tables.add(s.Name, tab)
	}
	for _, v := range p.views {
		cols := jsonObject{}
		for _, c := range v.columns {
			desc := c.description
			if c.date {
				desc += " " + datasetteDateNote
			}
			cols.add(c.name, desc)
		}
		tab := jsonObject{}
		tab.add("title", v.title)
		tab.add("description", v.description)
		tab.add("columns", cols)
		tables.add(v.name, tab)
	}
	db := jsonObject{{"tables", tables}}
	top = append(top, jsonField{"databases", jsonObject{{p.db, db}}})

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(top); err != nil { // Encode ends with "\n"
		return nil, err
	}
	return buf.Bytes(), nil
}

// datasetteDateNote ends the description of a date column.
const datasetteDateNote = "ISO 8601 text, YYYY-MM-DD: SQLite has no date type."

// jsonObject is a JSON object that keeps the order its fields were added
// in; empty text values are left out.
type jsonObject []jsonField

type jsonField struct {
	key   string
	value any
}

func (o *jsonObject) add(key string, value any) {
	if s, ok := value.(string); ok && s == "" {
		return
	}
	*o = append(*o, jsonField{key, value})
}

// MarshalJSON writes the fields in order. Text is encoded without HTML
// escaping, as the encoder around it is told.
func (o jsonObject) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	buf.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := enc.Encode(f.key); err != nil {
			return nil, err
		}
		buf.WriteByte(':')
		if err := enc.Encode(f.value); err != nil {
			return nil, err
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}
