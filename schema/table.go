package schema

import (
	"cmp"
	"fmt"
	"slices"
	"sync/atomic"
)

// Kind says what a field holds and therefore which columns it expands to.
// A rule writes one value per field; the builder turns it into the field's
// columns. Adding a field to a table adds its columns to every exporter,
// the data dictionary and the README at once.
type Kind string

const (
	// KindID is the row id: the rule id, stable from release to release.
	KindID Kind = "id"
	// KindText is free text: one text column.
	KindText Kind = "text"
	// KindInt is a whole number written by the builder, not by a rule.
	KindInt Kind = "int"
	// KindDate is a day written by the builder, not by a rule.
	KindDate Kind = "date"
	// KindCode is a term of the field's vocabulary: one text column.
	KindCode Kind = "code"
	// KindActor is an actor code: <name> and <name>_name.
	KindActor Kind = "actor"
	// KindActors is a list of actor codes: <name> ("ARM;RUS", sorted by
	// code) and <name>_names, in the same order.
	KindActors Kind = "actors"
	// KindCount is a hedged count: <name>_text, <name>, <name>_low,
	// <name>_high, <name>_qualifier.
	KindCount Kind = "count"
	// KindAmount is a hedged sum of money: as KindCount plus <name>_currency.
	KindAmount Kind = "amount"
	// KindDistance is a hedged distance: as KindCount plus <name>_unit and
	// <name>_km, the value converted to kilometres.
	KindDistance Kind = "distance"
	// KindWhen is a time span: <name>_text, <name>_start, <name>_end,
	// <name>_precision, <name>_basis, <name>_note.
	KindWhen Kind = "when"
	// KindRatio is a hedged multiple ("more than three times"): as KindCount,
	// with a number value.
	KindRatio Kind = "ratio"
	// KindRowRef is the id of a row of a curated table: <name> and
	// <name>_table.
	KindRowRef Kind = "rowref"
	// KindFloat is a number written by the builder, not by a rule.
	KindFloat Kind = "float"
)

// Place is where a column stands in its table. Every table is in reading
// order: its columns sorted by place, and within a place in the order of
// the table's fields (a field's columns in their own order), the source
// reference last. The places, in order:
//
//   - the row's id, always column 0 (the key every tool expects first:
//     diffs, validation and error positions read it there);
//   - what the row reports (its kind, measure, weapon, description), who
//     (actors and their names), where (a site or location), the figure as
//     written (<x>_text, its value, qualifier, currency or unit), when
//     (when_text, _start, _end), the status, and the source as a reader
//     reads it (attribution, citation, quote_display): what a reader needs;
//   - then the technical columns: a figure's bounds (_low, _high), the
//     precision and basis of a time or a date, the quote's offsets, the
//     verbatim quote, the source's address, ids and keys (source_id,
//     link_key, deal, the ids of other rows and their tables), notes.
//
// A field's columns take the place of the field, but for its detail: a
// figure's bounds and a time's precision, basis and note go to the
// technical places whatever the field's place. The workbook groups the
// technical columns (Place.Technical) and collapses them.
type Place int

const (
	placeByKind  Place = iota // a field's zero Place: the one its kind gives (see placeOf)
	PlaceID                   // the row's id
	PlaceWhat                 // what the row reports
	PlaceWho                  // actors and their names
	PlaceWhere                // a site, a location
	PlaceFigure               // the figure as written, its value, qualifier, currency or unit
	PlaceWhen                 // a time as written, its start and end
	PlaceStatus               // what happened, what a check found
	PlaceSource               // attribution, citation, the quote as displayed
	PlaceBounds               // a figure's bounds; the first technical place
	PlaceBasis                // a time's precision, basis and note; where a value comes from
	PlaceOffsets              // positions in the source file
	PlaceQuote                // the verbatim quote
	PlaceAddress              // web addresses
	PlaceKeys                 // ids and keys that join rows
	PlaceNotes                // notes
)

// Technical reports whether the place is one of the technical columns,
// which follow what a reader needs.
func (p Place) Technical() bool { return p >= PlaceBounds }

// Role tells the exporters how to present a column to a reader; it never
// changes the value.
type Role string

const (
	RolePlain  Role = ""
	RoleID     Role = "id"
	RoleQuote  Role = "quote"  // long text: wrapped, wide
	RoleNumber Role = "number" // a count: thousands separators
	RoleMoney  Role = "money"  // an amount of money: currency format
	RoleURL    Role = "url"    // a link
	RoleCode   Role = "code"   // a short code
)

// Field is what a rule (or the builder) fills in.
type Field struct {
	Name        string
	Kind        Kind
	Required    bool
	Description string
	Vocab       *Vocab // KindCode only
	// Verbatim text fields must appear in the row's quote, as written.
	Verbatim bool
	// Computed fields are filled by the builder; a rule may not set them.
	Computed bool
	// Ref is a foreign key, "table.column", for a text or code field.
	Ref string
	// Role tells exporters how to present a text or number field (RoleURL:
	// a link, RoleNumber: thousands separators).
	Role Role
	// Key text fields hold an identifier a rule makes up to join rows
	// (lower-case letters and digits, joined by - or _), read as ids are.
	Key bool
	// Place is where the field's columns stand in the table (see Place);
	// zero gives the place of its kind: the id first, actors with who,
	// figures with the figure, times with when, row references, keys and
	// ids with the keys, addresses with the addresses, the rest with what.
	Place Place

	cols FieldCols // resolved when its table is defined
}

// QuotedColumn names the column of the field whose value must stand in the
// row's quote, as written: a figure's or a time's _text, or a verbatim
// text; "" for fields that need not. The builder checks it when it reads a
// rule, every build re-checks it, and explain marks it.
func (f *Field) QuotedColumn() string {
	switch f.Kind {
	case KindCount, KindAmount, KindDistance, KindRatio, KindWhen:
		return f.Name + "_text"
	case KindText:
		if f.Verbatim {
			return f.Name
		}
	}
	return ""
}

// Column is one physical column of a table, as the exporters write it.
type Column struct {
	Name        string
	Type        Type
	Nullable    bool
	Description string
	Vocab       *Vocab // allowed values, when the column is coded
	Role        Role
	Ref         string // foreign key as "table.column", or ""
	Field       string // the field the column comes from
	Place       Place  // where the column stands in its table
	// Unit is the unit every value of the column is in, as Pint (which
	// Datasette displays units with) spells it ("km"); "" when the column
	// has none or the unit varies by row (an amount's is its _currency).
	Unit string
}

// Table is one table of the release.
type Table struct {
	Name        string
	Title       string // for readers: the About sheet and README headings
	Description string
	Fields      []Field
	// Curated tables are filled by rules; each row carries the source
	// reference columns.
	Curated bool
	// Figure names the field holding the table's main figure: the one
	// claims compare and links match.
	Figure string
	// Derived curated tables take their rows from the rules of other
	// tables (the equipment table from the rules' equipment: lists), each
	// row with the source reference of the rule it comes from; no rule
	// names them in its table:.
	Derived bool

	def atomic.Value // *definition; see define
}

// definition is what define derives from a table's fields: the columns
// and the handles the builder addresses them by.
type definition struct {
	columns []Column
	byName  map[string]Col
	ref     RefCols
	refList []Col  // the source reference columns, in referenceColumns' order
	figure  *Field // the field Figure names
	when    *Field // the shared time field, when the table has it
	linkKey Col
}

// define expands the table's fields into columns and resolves every
// handle of the table, once; it returns the table. Every table of the
// schema is defined as it is declared, so a field of the wrong kind or a
// handle naming no column fails the package's initialisation, and so every
// test, before any build runs; after that a table is only read.
func define(t *Table) *Table {
	if t.def.Load() == nil {
		t.Fields = slices.Clone(t.Fields) // a table made from another's fields must not write into them
		d := newDefinition(t.Name, t.Fields, t.Curated, t.Figure)
		// Column 0 is the row's id: the key diffs, validation, error
		// positions and every reader's tools take first.
		if len(t.Fields) == 0 || t.Fields[0].Kind != KindID || d.columns[0].Field != t.Fields[0].Name ||
			len(d.columns) > 1 && d.columns[1].Place == PlaceID {
			panic(fmt.Sprintf("schema: table %s: its first field, and only it, must be the row's id (KindID), column 0", t.Name))
		}
		t.def.Store(d)
	}
	return t
}

// defined returns the table's definition. A table nobody defined (one made
// in a test) is derived on first use, from a copy of its fields, which so
// get no handles; goroutines that race to derive it store one definition.
func (t *Table) defined() *definition {
	if d, ok := t.def.Load().(*definition); ok {
		return d
	}
	t.def.CompareAndSwap(nil, newDefinition(t.Name, slices.Clone(t.Fields), t.Curated, t.Figure))
	return t.def.Load().(*definition)
}

// Columns returns the physical columns in reading order (see Place): each
// field expanded, with, for a curated table, the source reference.
func (t *Table) Columns() []Column { return t.defined().columns }

// Column returns the index of the named column, or -1. The builder
// addresses columns by handles (see Col); this is for readers of a release
// that go by name.
func (t *Table) Column(name string) int {
	if c, ok := t.defined().byName[name]; ok {
		return int(c)
	}
	return -1
}

// Field returns the named field, or nil.
func (t *Table) Field(name string) *Field {
	for i := range t.Fields {
		if t.Fields[i].Name == name {
			return &t.Fields[i]
		}
	}
	return nil
}

// newDefinition derives a table's columns and handles from its fields,
// writing each field's handles into it. The columns are sorted by place,
// stably, so that a field's columns keep their order within a place and
// the fields theirs; the handles are resolved after the sort.
func newDefinition(name string, fields []Field, curated bool, figure string) *definition {
	d := &definition{byName: map[string]Col{}, linkKey: NoCol}
	for i := range fields {
		d.columns = append(d.columns, expand(fields[i])...)
	}
	if curated {
		d.columns = append(d.columns, referenceColumns...)
	}
	slices.SortStableFunc(d.columns, func(a, b Column) int { return cmp.Compare(a.Place, b.Place) })
	for i, c := range d.columns {
		if _, dup := d.byName[c.Name]; !dup {
			d.byName[c.Name] = Col(i)
		}
	}
	for i := range fields {
		f := &fields[i]
		f.cols = fieldCols(f, d.columns)
		if f.Name == when.Name {
			d.when = f
		}
		if f.Name == linkKey.Name {
			d.linkKey = f.cols.Value
		}
		if f.Name == figure {
			d.figure = f
		}
	}
	d.ref = RefCols{ID: 0, SourceID: NoCol, Citation: NoCol, SourceURL: NoCol,
		Quote: NoCol, QuoteDisplay: NoCol, QuoteStart: NoCol, QuoteEnd: NoCol, QuoteLine: NoCol}
	if curated {
		for _, c := range referenceColumns {
			d.refList = append(d.refList, d.byName[c.Name])
		}
		d.ref = RefCols{
			ID:           d.resolve(name, "id", TypeString),
			SourceID:     d.resolve(name, "source_id", TypeString),
			Citation:     d.resolve(name, "citation", TypeString),
			SourceURL:    d.resolve(name, "source_url", TypeString),
			Quote:        d.resolve(name, "quote", TypeString),
			QuoteDisplay: d.resolve(name, "quote_display", TypeString),
			QuoteStart:   d.resolve(name, "quote_start", TypeInt),
			QuoteEnd:     d.resolve(name, "quote_end", TypeInt),
			QuoteLine:    d.resolve(name, "quote_line", TypeInt),
		}
	}
	if figure != "" && (d.figure == nil || d.figure.cols.Figure.Text == NoCol) {
		panic(fmt.Sprintf("schema: table %s: main figure %q is not a figure field", name, figure))
	}
	if d.when != nil && d.when.Kind != KindWhen {
		panic(fmt.Sprintf("schema: table %s: field %s is not a time", name, d.when.Name))
	}
	return d
}

// ReferenceColumns are the source reference carried by every curated row,
// in the order SourceRef lists them; in a table they stand at their
// places. The rule that produced a row is named by its id (an equipment
// row's by its parent_id): the reference has no rule_id of its own.
var referenceColumns = []Column{
	{Name: "source_id", Type: TypeString, Description: "Id of the source text the row comes from.", Role: RoleCode, Ref: "sources.source_id", Field: "source", Place: PlaceKeys},
	{Name: "citation", Type: TypeString, Description: "The source as a reader cites it: author, title, outlet, date.", Field: "source", Place: PlaceSource},
	{Name: "source_url", Type: TypeString, Nullable: true, Description: "Address of the source, where the text gives one.", Role: RoleURL, Field: "source", Place: PlaceAddress},
	{Name: "quote", Type: TypeString, Description: "The passage of the source the row rests on, exactly as it stands in the file (line breaks included): the authority for the row, at its offsets.", Role: RoleQuote, Field: "source", Place: PlaceQuote},
	{Name: "quote_display", Type: TypeString, Description: "The quote as a reader reads it, for reading and pasting: each run of white space (line breaks included) one space, a word hyphenated across a line end joined (the hyphen kept where the word has it: the part after it starts with a capital or a digit, or the source writes the word with it on one line and never whole), Markdown escapes resolved (\\$ is $).", Role: RoleQuote, Field: "source", Place: PlaceSource},
	{Name: "quote_start", Type: TypeInt, Description: "Offset of the quote's first character in the source file, counted in Unicode code points from 0 (Python: text[quote_start:quote_end] == quote).", Field: "source", Place: PlaceOffsets},
	{Name: "quote_end", Type: TypeInt, Description: "Offset just past the quote's last character (exclusive), in code points.", Field: "source", Place: PlaceOffsets},
	{Name: "quote_line", Type: TypeInt, Description: "Line of the source file on which the quote starts, from 1.", Field: "source", Place: PlaceOffsets},
}

// placeOf is the place of a field's columns (but for the detail of a
// figure or a time, which expand places apart).
func placeOf(f Field) Place {
	if f.Place != placeByKind {
		return f.Place
	}
	switch f.Kind {
	case KindID:
		return PlaceID
	case KindActor, KindActors:
		return PlaceWho
	case KindCount, KindAmount, KindDistance, KindRatio:
		return PlaceFigure
	case KindWhen:
		return PlaceWhen
	case KindRowRef:
		return PlaceKeys
	}
	switch {
	case f.Key || f.Role == RoleID:
		return PlaceKeys
	case f.Role == RoleURL:
		return PlaceAddress
	}
	return PlaceWhat
}

// expand gives a field's columns, each at its place: the field's, but a
// figure's bounds (PlaceBounds) and a time's precision, basis and note
// (PlaceBasis), which are detail.
func expand(f Field) []Column {
	opt := !f.Required
	place := placeOf(f)
	col := func(suffix string, t Type, nullable bool, desc string) Column {
		return Column{Name: f.Name + suffix, Type: t, Nullable: nullable, Description: desc, Field: f.Name, Place: place}
	}
	detail := func(c Column, p Place) Column {
		c.Place = p
		return c
	}
	figure := func(valueType Type, valueRole Role, what string) []Column {
		valueDesc, lowDesc, highDesc := figureColumnDescriptions(f.Description, what)
		value := col("", valueType, true, valueDesc)
		value.Role = valueRole
		low := detail(col("_low", valueType, true, lowDesc), PlaceBounds)
		low.Role = valueRole
		high := detail(col("_high", valueType, true, highDesc), PlaceBounds)
		high.Role = valueRole
		qual := col("_qualifier", TypeString, opt, "How the text hedges the figure.")
		qual.Vocab = Qualifiers
		return []Column{
			col("_text", TypeString, opt, fmt.Sprintf("The %s as the quote writes it, shown as quote_display shows the quote (one line, escapes resolved).", what)),
			value, low, high, qual,
		}
	}
	switch f.Kind {
	case KindID:
		c := col("", TypeString, false, f.Description)
		c.Role = RoleID
		return []Column{c}
	case KindText:
		desc := f.Description
		if f.Verbatim {
			desc += " Written as in the quote (checked), shown as quote_display shows it."
		}
		c := col("", TypeString, opt, desc)
		c.Ref, c.Role = f.Ref, f.Role
		return []Column{c}
	case KindInt:
		c := col("", TypeInt, opt, f.Description)
		c.Role = f.Role
		return []Column{c}
	case KindFloat:
		c := col("", TypeFloat, opt, f.Description)
		c.Role = f.Role
		return []Column{c}
	case KindDate:
		return []Column{col("", TypeDate, opt, f.Description)}
	case KindCode:
		c := col("", TypeString, opt, f.Description)
		c.Vocab, c.Role = f.Vocab, RoleCode
		return []Column{c}
	case KindActor:
		c := col("", TypeString, opt, f.Description+" ISO 3166-1 alpha-3 code, or a code of our own for an actor that has none (see the actors table).")
		c.Role, c.Ref = RoleCode, "actors.code"
		return []Column{c, col("_name", TypeString, opt, "Readable name of the "+f.Name+".")}
	case KindActors:
		c := col("", TypeString, opt, f.Description+" Actor codes sorted by code, separated by \";\" (\"ARM;RUS\"; see the actors table). To select or count rows by actor, join row_actors, which has one row per actor.")
		c.Role = RoleCode
		return []Column{c, col("_names", TypeString, opt, "Readable names of the "+f.Name+", separated by \"; \", in the order of the codes.")}
	case KindCount:
		return figure(TypeInt, RoleNumber, "count")
	case KindAmount:
		cur := col("_currency", TypeString, opt, "Currency of the amount (ISO 4217). The texts write $ and \"dollars\" for US dollars.")
		cur.Vocab, cur.Role = Currencies, RoleCode
		return append(figure(TypeFloat, RoleMoney, "amount"), cur)
	case KindDistance:
		unit := col("_unit", TypeString, opt, "Unit of the distance as written.")
		unit.Vocab, unit.Role = DistanceUnits, RoleCode
		km := col("_km", TypeFloat, true, "The point value converted to kilometres (1 mile = 1.609344 km), beside the value as written; null when the value is.")
		km.Role, km.Unit = RoleNumber, "km"
		return append(figure(TypeFloat, RoleNumber, "distance"), unit, km)
	case KindRatio:
		return figure(TypeFloat, RolePlain, "multiple")
	case KindRowRef:
		c := col("", TypeString, opt, f.Description)
		c.Role = RoleID
		return []Column{c, col("_table", TypeString, opt, "Table of the row "+f.Name+" names.")}
	case KindWhen:
		prec := detail(col("_precision", TypeString, true, "How exact the span is."), PlaceBasis)
		prec.Vocab = Precisions
		basis := detail(col("_basis", TypeString, true, "Whether the quote states the time or it is inferred, and from what."), PlaceBasis)
		basis.Vocab = TimeBases
		return []Column{
			col("_text", TypeString, true, "The time as the quote writes it, shown as quote_display shows the quote; null when the quote gives none."),
			col("_start", TypeDate, true, f.Description+" Earliest possible day; null when open or unknown."),
			col("_end", TypeDate, true, "Latest possible day of the span; null when open or unknown."),
			prec, basis,
			detail(col("_note", TypeString, true, "How an inferred time was inferred."), PlaceBasis),
		}
	}
	panic("schema: unknown field kind " + string(f.Kind))
}
