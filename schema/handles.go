package schema

import "fmt"

// Col is a column's identity: its index in the rows of its table. The
// builder addresses every column by a Col resolved once, when the schema is
// defined (the field handles below and the tables' handle sets at the end
// of this file), never by looking a name up while it builds: a misspelt
// handle does not compile, and a handle naming no column, or one of
// another type, fails the package's initialisation and so every test.
type Col int

// NoCol is the handle of a column a field's kind does not have (an
// amount's unit, a count's currency). Indexing a row with it panics.
const NoCol Col = -1

// FigureCols are the columns of a count, amount, distance or ratio field.
type FigureCols struct {
	Text, Value, Low, High, Qualifier Col
	Currency                          Col // amounts only, else NoCol
	Unit, KM                          Col // distances only, else NoCol
}

// WhenCols are the columns of a time field.
type WhenCols struct {
	Text, Start, End, Precision, Basis, Note Col
}

// FieldCols are the columns one field expands to.
type FieldCols struct {
	Field *Field // the field, in its table
	// Value is the field's own column, <name>: the id, the text or code,
	// the actor code or codes, the row id, a figure's value; NoCol for a
	// time, which has none.
	Value Col
	// Name is an actor's <name>_name, an actor list's <name>_names or a
	// row reference's <name>_table; NoCol for other kinds.
	Name Col
	// Quoted is the column that must stand in the row's quote (see
	// Field.QuotedColumn), or NoCol.
	Quoted Col
	Figure FigureCols // figure fields; all NoCol for others
	When   WhenCols   // time fields; all NoCol for others
}

// RefCols are the id and the source reference every curated row carries
// (all but ID are NoCol in a table filled by the builder).
type RefCols struct {
	ID, SourceID, Citation, SourceURL, Quote, QuoteDisplay, QuoteStart, QuoteEnd, QuoteLine Col
}

// Cols returns the handles of the field's columns. Only a field of a
// table (t.Fields[i], t.Field(name), a rule value's Field) has them.
func (f *Field) Cols() FieldCols { return f.cols }

// Ref returns the handles of the table's id and source reference columns.
func (t *Table) Ref() RefCols { return t.defined().ref }

// SourceRef returns the columns of a curated table's source reference
// (source_id, citation, …, quote, its offsets), in one order for every
// table, for a row that takes its reference from another's (an equipment
// item's from its parent); nil for a table the builder fills.
func (t *Table) SourceRef() []Col { return t.defined().refList }

// MainFigure returns the field of the table's main figure (Figure), or nil.
func (t *Table) MainFigure() *Field { return t.defined().figure }

// When returns the table's time field, the "when" every data table but
// agreements shares, or nil.
func (t *Table) When() *Field { return t.defined().when }

// LinkKey returns the handle of the table's link_key column, or NoCol.
func (t *Table) LinkKey() Col { return t.defined().linkKey }

// fieldCols resolves the handles of field f among the columns of its
// table, which need not stand together (see Place).
func fieldCols(f *Field, cols []Column) FieldCols {
	at := func(suffix string) Col {
		for i, c := range cols {
			if c.Field == f.Name && c.Name == f.Name+suffix {
				return Col(i)
			}
		}
		return NoCol
	}
	fc := FieldCols{Field: f, Value: at(""), Name: NoCol, Quoted: NoCol,
		Figure: FigureCols{NoCol, NoCol, NoCol, NoCol, NoCol, NoCol, NoCol, NoCol},
		When:   WhenCols{NoCol, NoCol, NoCol, NoCol, NoCol, NoCol}}
	switch f.Kind {
	case KindActor:
		fc.Name = at("_name")
	case KindActors:
		fc.Name = at("_names")
	case KindRowRef:
		fc.Name = at("_table")
	case KindCount, KindAmount, KindDistance, KindRatio:
		fc.Figure = FigureCols{Text: at("_text"), Value: fc.Value, Low: at("_low"), High: at("_high"),
			Qualifier: at("_qualifier"), Currency: at("_currency"), Unit: at("_unit"), KM: at("_km")}
	case KindWhen:
		fc.When = WhenCols{Text: at("_text"), Start: at("_start"), End: at("_end"),
			Precision: at("_precision"), Basis: at("_basis"), Note: at("_note")}
	}
	if q := f.QuotedColumn(); q != "" {
		fc.Quoted = at(q[len(f.Name):])
	}
	return fc
}

// resolve returns the handle of a column the caller knows the table has,
// of the type it writes; a definition that breaks that panics while the
// package initialises.
func (d *definition) resolve(table, name string, typ Type) Col {
	c, ok := d.byName[name]
	switch {
	case !ok:
		panic(fmt.Sprintf("schema: table %s has no column %s", table, name))
	case d.columns[c].Type != typ:
		panic(fmt.Sprintf("schema: column %s.%s is of type %s, not %s", table, name, d.columns[c].Type, typ))
	}
	return c
}

// col resolves a handle of the sets below.
func (t *Table) col(name string, typ Type) Col { return t.defined().resolve(t.Name, name, typ) }

// field returns the handles of a field the caller knows the table has, of
// the kind it reads.
func (t *Table) field(name string, k Kind) FieldCols {
	f := t.Field(name)
	switch {
	case f == nil:
		panic(fmt.Sprintf("schema: table %s has no field %s", t.Name, name))
	case f.Kind != k:
		panic(fmt.Sprintf("schema: field %s.%s is of kind %s, not %s", t.Name, name, f.Kind, k))
	}
	return f.cols
}

// The handle sets of the tables the builder fills column by column (the
// curated tables it fills field by field, through FieldCols and RefCols).

// SourcesCols are the columns of Sources.
var SourcesCols = struct {
	SourceID, File, SHA256, Bytes, Characters, Title, TitleBasis, Authors, Publisher, Periodical,
	PublishedDate, PublishedEarliest, PublishedLatest, PublishedPrecision, DateBasis, DateNote,
	URL, Language, Citation, Notes Col
}{
	SourceID:           Sources.col("source_id", TypeString),
	File:               Sources.col("file", TypeString),
	SHA256:             Sources.col("sha256", TypeString),
	Bytes:              Sources.col("bytes", TypeInt),
	Characters:         Sources.col("characters", TypeInt),
	Title:              Sources.col("title", TypeString),
	TitleBasis:         Sources.col("title_basis", TypeString),
	Authors:            Sources.col("authors", TypeString),
	Publisher:          Sources.col("publisher", TypeString),
	Periodical:         Sources.col("periodical", TypeString),
	PublishedDate:      Sources.col("published_date", TypeDate),
	PublishedEarliest:  Sources.col("published_earliest", TypeDate),
	PublishedLatest:    Sources.col("published_latest", TypeDate),
	PublishedPrecision: Sources.col("published_precision", TypeString),
	DateBasis:          Sources.col("date_basis", TypeString),
	DateNote:           Sources.col("date_note", TypeString),
	URL:                Sources.col("url", TypeString),
	Language:           Sources.col("language", TypeString),
	Citation:           Sources.col("citation", TypeString),
	Notes:              Sources.col("notes", TypeString),
}

// ActorsCols are the columns of Actors.
var ActorsCols = struct{ Code, Name, ISOName, Kind, Note Col }{
	Code:    Actors.col("code", TypeString),
	Name:    Actors.col("name", TypeString),
	ISOName: Actors.col("iso_name", TypeString),
	Kind:    Actors.col("kind", TypeString),
	Note:    Actors.col("note", TypeString),
}

// ClaimsCols are the columns of Claims that the claim check reads and
// fills.
var ClaimsCols = struct {
	Kind, Computed, Result, Detail Col
	Subject, Object, Stated        FieldCols
}{
	Kind:     Claims.col("kind", TypeString),
	Computed: Claims.col("computed", TypeFloat),
	Result:   Claims.col("result", TypeString),
	Detail:   Claims.col("detail", TypeString),
	Subject:  Claims.field("subject", KindRowRef),
	Object:   Claims.field("object", KindRowRef),
	Stated:   Claims.field("stated", KindRatio),
}

// LinksCols are the columns of Links.
var LinksCols = struct {
	ID, LinkKey, Description, RowA, TableA, SourceA, RowB, TableB, SourceB, Relation, Detail Col
}{
	ID:          Links.col("id", TypeString),
	LinkKey:     Links.col("link_key", TypeString),
	Description: Links.col("description", TypeString),
	RowA:        Links.col("row_a", TypeString),
	TableA:      Links.col("table_a", TypeString),
	SourceA:     Links.col("source_a", TypeString),
	RowB:        Links.col("row_b", TypeString),
	TableB:      Links.col("table_b", TypeString),
	SourceB:     Links.col("source_b", TypeString),
	Relation:    Links.col("relation", TypeString),
	Detail:      Links.col("detail", TypeString),
}

// CoverageCols are the columns of Coverage.
var CoverageCols = struct {
	ID, SourceID, Text, Kind, Start, End, Line, Column, Status, RuleIDs, WaiverID, Reason, WaiverNote Col
}{
	ID:         Coverage.col("id", TypeString),
	SourceID:   Coverage.col("source_id", TypeString),
	Text:       Coverage.col("text", TypeString),
	Kind:       Coverage.col("kind", TypeString),
	Start:      Coverage.col("start", TypeInt),
	End:        Coverage.col("end", TypeInt),
	Line:       Coverage.col("line", TypeInt),
	Column:     Coverage.col("column", TypeInt),
	Status:     Coverage.col("status", TypeString),
	RuleIDs:    Coverage.col("rule_ids", TypeString),
	WaiverID:   Coverage.col("waiver_id", TypeString),
	Reason:     Coverage.col("reason", TypeString),
	WaiverNote: Coverage.col("waiver_note", TypeString),
}
