package schema

// The tables of the release, in the order readers meet them (see All). This
// file is the single definition every exporter, the data dictionary and the
// README are generated from; each table's columns are in reading order (see
// Place).

var (
	attribution = Field{Name: "attribution", Kind: KindText, Verbatim: true, Place: PlaceSource, Description: "Whom the text credits with the figure or claim (\"Stockholm International Peace Research Institute\", \"Vedomosti\"); null when the text speaks in its own voice."}
	note        = Field{Name: "note", Kind: KindText, Place: PlaceNotes, Description: "Curator's remark on how the row reads its quote."}
	rowID       = Field{Name: "id", Kind: KindID, Description: "Row id: the id of the rule that produced it, stable from release to release."}
	when        = Field{Name: "when", Kind: KindWhen, Description: "When the row's figure or fact applies."}
	linkKey     = Field{Name: "link_key", Kind: KindText, Place: PlaceKeys, Description: "Key shared by rows of different sources that report the same quantity or fact (see the links table and seeds/links/)."}
)

// Sources is one row per source text.
var Sources = define(&Table{
	Name:        "sources",
	Title:       "Sources",
	Description: "The source texts, one row each, as recorded in seeds/sources/<id>/source.yaml: bibliographic data, checksum and the citation every row carries.",
	Fields: []Field{
		{Name: "source_id", Kind: KindID, Description: "Short stable id of the text."},
		{Name: "file", Kind: KindText, Place: PlaceKeys, Required: true, Description: "Path of the text in the repository."},
		{Name: "sha256", Kind: KindText, Place: PlaceKeys, Required: true, Description: "SHA-256 of the file's bytes, hex."},
		{Name: "bytes", Kind: KindInt, Place: PlaceOffsets, Required: true, Description: "Size of the file in bytes."},
		{Name: "characters", Kind: KindInt, Place: PlaceOffsets, Required: true, Description: "Length of the file in Unicode code points: the range of quote offsets."},
		{Name: "title", Kind: KindText, Required: true, Description: "Title of the text; a supplied title is in square brackets."},
		{Name: "title_basis", Kind: KindCode, Place: PlaceBasis, Required: true, Vocab: TitleBases, Description: "Where the title comes from."},
		{Name: "authors", Kind: KindText, Place: PlaceWho, Description: "Author(s) as the text names them; null when it names none."},
		{Name: "publisher", Kind: KindText, Place: PlaceWho, Description: "Publisher or outlet, where the text names one."},
		{Name: "periodical", Kind: KindText, Place: PlaceWho, Description: "Series, journal or newsletter and issue, where the text gives them."},
		{Name: "published_date", Kind: KindDate, Place: PlaceWhen, Description: "Publication day, when the text states it or it can be inferred to the day."},
		{Name: "published_earliest", Kind: KindDate, Place: PlaceBounds, Required: true, Description: "Earliest possible publication day."},
		{Name: "published_latest", Kind: KindDate, Place: PlaceBounds, Required: true, Description: "Latest possible publication day."},
		{Name: "published_precision", Kind: KindCode, Place: PlaceBasis, Required: true, Vocab: Precisions, Description: "How exact the publication date is."},
		{Name: "date_basis", Kind: KindCode, Place: PlaceBasis, Required: true, Vocab: DateBases, Description: "Whether the publication date is stated or inferred."},
		{Name: "date_note", Kind: KindText, Place: PlaceBasis, Description: "How the date was read or inferred."},
		// Beside the citation, not with the technical columns as a row's
		// source_url is: here the address is what a reader follows to
		// read the text, the sheet's links to the texts.
		{Name: "url", Kind: KindText, Role: RoleURL, Place: PlaceSource, Description: "Address of the text, where the text gives one."},
		{Name: "language", Kind: KindCode, Required: true, Vocab: Languages, Description: "Language of the text (ISO 639-1)."},
		{Name: "citation", Kind: KindText, Place: PlaceSource, Required: true, Description: "How to cite the text; every row of the source carries it."},
		{Name: "notes", Kind: KindText, Place: PlaceNotes, Description: "Quirks of the text a reader should know (layout, mojibake, page furniture)."},
	},
})

// Actors lists every actor code used in the release.
var Actors = define(&Table{
	Name:        "actors",
	Title:       "Actors",
	Description: "Every actor code used in the release (seeds/actors.yaml): ISO 3166-1 alpha-3 codes for states, codes of our own from the ISO user-assigned range for actors that have none.",
	Fields: []Field{
		{Name: "code", Kind: KindID, Description: "Actor code."},
		{Name: "name", Kind: KindText, Required: true, Description: "Short English name, as used in the *_name columns."},
		{Name: "iso_name", Kind: KindText, Place: PlaceBasis, Description: "English short name in ISO 3166-1; null for codes of our own."},
		{Name: "kind", Kind: KindCode, Required: true, Vocab: ActorKinds, Description: "What kind of actor the code stands for."},
		{Name: "note", Kind: KindText, Place: PlaceNotes, Description: "What a code of our own stands for."},
	},
})

// MilitaryExpenditure holds budgets, procurement spending and other sums.
var MilitaryExpenditure = define(&Table{
	Figure:      "amount",
	Name:        "military_expenditure",
	Title:       "Military expenditure",
	Description: "Defence budgets, spending on equipment and other military sums of money, one reported figure per row.",
	Curated:     true,
	Fields: []Field{
		rowID,
		{Name: "actor", Kind: KindActor, Required: true, Description: "Who spends, owes or budgets the sum."},
		{Name: "measure", Kind: KindCode, Required: true, Vocab: ExpenditureMeasures, Description: "What the sum measures."},
		{Name: "amount", Kind: KindAmount, Required: true, Description: "The sum."},
		when, attribution, linkKey, note,
	},
})

// ArmedForces holds personnel numbers.
var ArmedForces = define(&Table{
	Figure:      "personnel",
	Name:        "armed_forces",
	Title:       "Armed forces",
	Description: "Numbers of military personnel: national armed forces, forces of the Nagorno-Karabakh authorities, foreign troops at bases, peacekeepers, exercise participants and irregular fighters.",
	Curated:     true,
	Fields: []Field{
		rowID,
		{Name: "actor", Kind: KindActor, Required: true, Description: "Whose forces are counted."},
		{Name: "counted", Kind: KindCode, Required: true, Vocab: ForceKinds, Description: "What is counted."},
		{Name: "host", Kind: KindActor, Description: "Where the forces are, when they are abroad or the text places them."},
		{Name: "site", Kind: KindText, Place: PlaceWhere, Verbatim: true, Description: "Place or installation, as the text names it."},
		{Name: "personnel", Kind: KindCount, Required: true, Description: "Number of personnel."},
		when, attribution, linkKey, note,
	},
})

// ArmsTransfers holds deliveries, orders, offers, reports and denials.
var ArmsTransfers = define(&Table{
	Figure:      "quantity",
	Name:        "arms_transfers",
	Title:       "Arms transfers",
	Description: "Weapons delivered, ordered, offered, reported, denied, paraded or produced locally, with SIPRI-style status and condition.",
	Curated:     true,
	Fields: []Field{
		rowID,
		{Name: "supplier", Kind: KindActor, Description: "Supplying state; null when the text does not say."},
		{Name: "recipient", Kind: KindActor, Required: true, Description: "Receiving state."},
		{Name: "designation", Kind: KindText, Verbatim: true, Description: "Weapon designation (\"S-300\", \"MiG-25\"); null when the text names none."},
		{Name: "weapon", Kind: KindText, Verbatim: true, Required: true, Description: "The weapon as the text describes it."},
		{Name: "category", Kind: KindCode, Required: true, Vocab: WeaponCategories, Description: "Kind of weapon."},
		{Name: "quantity", Kind: KindCount, Description: "Number of items."},
		{Name: "unit", Kind: KindText, Place: PlaceFigure, Verbatim: true, Description: "What one item of the quantity is, as written (\"batteries\", \"fighter jets\")."},
		{Name: "value", Kind: KindAmount, Description: "Value of the transfer, where given."},
		{Name: "status", Kind: KindCode, Place: PlaceStatus, Required: true, Vocab: TransferStatuses, Description: "What the text says happened."},
		{Name: "condition", Kind: KindCode, Place: PlaceStatus, Required: true, Vocab: Conditions, Description: "Condition of the equipment, as SIPRI's register records it."},
		when, attribution, linkKey, note,
		{Name: "scope", Kind: KindCode, Required: true, Vocab: TransferScopes, Description: "Whether the row reports one kind of weapon, a line of SIPRI's register (its equipment row repeats its weapon), or a supply of arms of unspecified kinds."},
		{Name: "deal", Kind: KindText, Key: true, Description: "Key of the deal the row reports, shared by every row that reports the same deal (reported, then denied; ordered, then delivered), of one source or several: count deals with COUNT(DISTINCT deal). A row of scope item that no other row joins has its own id; null for a row of scope relationship that reports no deal."},
	},
})

// Deployments holds bases, installations and forces stationed abroad.
var Deployments = define(&Table{
	Figure:      "personnel",
	Name:        "deployments",
	Title:       "Deployments",
	Description: "Bases, installations and forces one actor keeps on another's territory, with the period they are held; the equipment a row's quote lists is in the equipment table, one row per item.",
	Curated:     true,
	Fields: []Field{
		rowID,
		{Name: "operator", Kind: KindActor, Required: true, Description: "Who operates the base or force."},
		{Name: "host", Kind: KindActor, Required: true, Description: "On whose territory."},
		{Name: "kind", Kind: KindCode, Required: true, Vocab: DeploymentKinds, Description: "What is deployed."},
		{Name: "site", Kind: KindText, Place: PlaceWhere, Verbatim: true, Description: "Place, as the text names it."},
		{Name: "facility", Kind: KindText, Verbatim: true, Description: "The base or installation, as the text names it."},
		{Name: "personnel", Kind: KindCount, Description: "Personnel, where the row's quote gives them."},
		when, attribution, linkKey, note,
	},
})

// Agreements holds treaties, protocols and other agreements.
var Agreements = define(&Table{
	Name:        "agreements",
	Title:       "Agreements",
	Description: "Agreements, treaties, protocols and memoranda between the parties, with the date signed and the term.",
	Curated:     true,
	Fields: []Field{
		rowID,
		{Name: "parties", Kind: KindActors, Required: true, Description: "Parties to the agreement."},
		{Name: "kind", Kind: KindCode, Required: true, Vocab: AgreementKinds, Description: "What the agreement is about."},
		{Name: "name", Kind: KindText, Verbatim: true, Description: "The agreement's name, as the text gives it."},
		{Name: "signed", Kind: KindWhen, Description: "When the agreement was signed or reached."},
		{Name: "in_force", Kind: KindWhen, Description: "The term the agreement runs for, where the text gives it."},
		attribution, linkKey, note,
	},
})

// Events holds wars, ceasefires, clashes, visits, exercises and parades.
var Events = define(&Table{
	Figure:      "count",
	Name:        "events",
	Title:       "Events",
	Description: "Wars, ceasefires, clashes, visits, exercises, parades and meetings, with casualty, displacement and other figures (one figure per row).",
	Curated:     true,
	Fields: []Field{
		rowID,
		{Name: "kind", Kind: KindCode, Required: true, Vocab: EventKinds, Description: "What happened."},
		{Name: "actors", Kind: KindActors, Required: true, Description: "Who took part."},
		{Name: "location", Kind: KindText, Place: PlaceWhere, Verbatim: true, Description: "Where, as the text names it."},
		{Name: "description", Kind: KindText, Required: true, Description: "The event in a few words."},
		when,
		{Name: "measure", Kind: KindCode, Place: PlaceFigure, Vocab: EventMeasures, Description: "What the count counts; null when the row has no figure."},
		{Name: "count", Kind: KindCount, Description: "The figure the text gives for the event."},
		attribution, linkKey, note,
	},
})

// Distances holds lengths and distances that describe deployments and front lines.
var Distances = define(&Table{
	Figure:      "distance",
	Name:        "distances",
	Title:       "Distances",
	Description: "Lengths of front lines and distances of bases and installations from a reference place.",
	Curated:     true,
	Fields: []Field{
		rowID,
		{Name: "feature", Kind: KindText, Verbatim: true, Required: true, Description: "What is measured (\"line of contact\", \"Gyumri\")."},
		{Name: "measure", Kind: KindCode, Required: true, Vocab: DistanceMeasures, Description: "Whether the figure is a length or a distance from a place."},
		{Name: "reference", Kind: KindText, Verbatim: true, Description: "The place the distance is measured from."},
		{Name: "direction", Kind: KindText, Verbatim: true, Description: "Direction from the reference place, as written."},
		{Name: "distance", Kind: KindDistance, Required: true, Description: "The distance."},
		when, attribution, linkKey, note,
	},
})

// Claims holds the texts' own comparisons, checked against the rows they compare.
var Claims = define(&Table{
	Name:        "claims",
	Title:       "Claims",
	Description: "Comparisons and derived claims the texts make (\"more than three times\", \"a bigger army than\"), each pointing at the rows it compares and checked against their values. A claim that fails is a finding, not an error.",
	Curated:     true,
	Fields: []Field{
		rowID,
		{Name: "kind", Kind: KindCode, Required: true, Vocab: ClaimKinds, Description: "What the claim asserts."},
		{Name: "subject", Kind: KindRowRef, Description: "Row whose figure the claim is about."},
		{Name: "object", Kind: KindRowRef, Description: "Row the subject is compared with."},
		{Name: "stated", Kind: KindRatio, Description: "The multiple the text states, for a ratio claim."},
		{Name: "computed", Kind: KindFloat, Place: PlaceFigure, Computed: true, Description: "Subject's value divided by the object's, from the rows."},
		{Name: "result", Kind: KindCode, Place: PlaceStatus, Computed: true, Required: true, Vocab: ClaimResults, Description: "Whether the rows bear the claim out."},
		{Name: "detail", Kind: KindText, Place: PlaceStatus, Computed: true, Required: true, Description: "The check with its numbers."},
		note,
	},
})

// Coverage accounts for every figure in every text.
var Coverage = define(&Table{
	Name:        "coverage",
	Title:       "Coverage",
	Description: "Every figure the builder finds in the texts (numbers, number words, years, ranges), each either claimed by the rules whose rows use it or waived with a reason (seeds/sources/<id>/waivers.yaml). The build fails on a figure that is neither.",
	Fields: []Field{
		{Name: "id", Kind: KindID, Description: "The figure's place: source id and start offset."},
		{Name: "source_id", Kind: KindText, Place: PlaceKeys, Required: true, Ref: "sources.source_id", Description: "Source text."},
		{Name: "text", Kind: KindText, Required: true, Description: "The figure as written."},
		{Name: "kind", Kind: KindCode, Required: true, Vocab: MentionKinds, Description: "What kind of figure the scanner found."},
		{Name: "start", Kind: KindInt, Place: PlaceOffsets, Required: true, Description: "Offset of the figure in the source, in code points."},
		{Name: "end", Kind: KindInt, Place: PlaceOffsets, Required: true, Description: "Offset just past the figure (exclusive)."},
		{Name: "line", Kind: KindInt, Place: PlaceOffsets, Required: true, Description: "Line of the source, from 1."},
		{Name: "column", Kind: KindInt, Place: PlaceOffsets, Required: true, Description: "Column on the line, from 1, in code points."},
		{Name: "status", Kind: KindCode, Place: PlaceStatus, Required: true, Vocab: CoverageStatuses, Description: "Claimed or waived."},
		{Name: "rule_ids", Kind: KindText, Place: PlaceKeys, Description: "Rules whose rows use the figure, separated by \";\"."},
		{Name: "waiver_id", Kind: KindText, Place: PlaceKeys, Description: "The waiver that covers the figure."},
		{Name: "reason", Kind: KindCode, Place: PlaceStatus, Vocab: WaiverReasons, Description: "Why the figure is waived."},
		{Name: "waiver_note", Kind: KindText, Place: PlaceNotes, Description: "The waiver's note."},
	},
})

// Links pairs rows of different sources that report the same quantity.
var Links = define(&Table{
	Name:        "links",
	Title:       "Links",
	Description: "Pairs of rows, from different sources or times, that report the same quantity or fact (a shared link_key), marked as agreeing, differing over time, or conflicting. Both rows are always kept; nothing is merged or averaged.",
	Fields: []Field{
		{Name: "id", Kind: KindID, Description: "Link id: key, then the two row ids."},
		{Name: "link_key", Kind: KindText, Place: PlaceKeys, Required: true, Description: "The shared key (seeds/links/)."},
		{Name: "description", Kind: KindText, Required: true, Description: "What the linked rows report."},
		{Name: "row_a", Kind: KindText, Place: PlaceKeys, Required: true, Description: "First row (by id)."},
		{Name: "table_a", Kind: KindText, Place: PlaceKeys, Required: true, Description: "Its table."},
		{Name: "source_a", Kind: KindText, Place: PlaceKeys, Required: true, Ref: "sources.source_id", Description: "Its source."},
		{Name: "row_b", Kind: KindText, Place: PlaceKeys, Required: true, Description: "Second row."},
		{Name: "table_b", Kind: KindText, Place: PlaceKeys, Required: true, Description: "Its table."},
		{Name: "source_b", Kind: KindText, Place: PlaceKeys, Required: true, Ref: "sources.source_id", Description: "Its source."},
		{Name: "relation", Kind: KindCode, Place: PlaceStatus, Required: true, Vocab: LinkRelations, Description: "How the two reports relate."},
		{Name: "detail", Kind: KindText, Place: PlaceStatus, Required: true, Description: "The comparison with its numbers and times, or the curator's reason."},
	},
})

// All lists every table in release order, the order of the workbook's
// sheets, the README and the data dictionary: what a reader opens first
// comes first.
//
//   - The curated tables, the records of what the texts report (claims, the
//     texts' own comparisons, last of them); then links, which pair rows of
//     those tables.
//   - The tables derived from their rows, each after the rows it reshapes:
//     indicators (a row per figure of military_expenditure and
//     armed_forces, for charts), equipment (a row per item of
//     arms_transfers, deployments and events, for counting) and row_actors
//     (a row per actor of every curated row, for joins).
//   - The reference tables every row points to: sources and actors.
//   - Coverage, the audit of every figure in the texts, at the end.
var All = []*Table{
	MilitaryExpenditure, ArmedForces, ArmsTransfers, Deployments, Agreements, Events, Distances, Claims, Links,
	Indicators, Equipment, RowActors,
	Sources, Actors,
	Coverage,
}

// Lookup returns the named table, or nil.
func Lookup(name string) *Table {
	for _, t := range All {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// CuratedNames lists the tables rules may fill.
func CuratedNames() []string {
	var out []string
	for _, t := range All {
		if t.Curated && !t.Derived {
			out = append(out, t.Name)
		}
	}
	return out
}
