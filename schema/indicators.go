package schema

import (
	"fmt"
	"strings"
)

// The indicator table: every figure of the military balance (sums of money
// and personnel numbers) in one long table, actor × time × indicator, as
// chart-ready tables are laid out.

// IndicatorSource is a curated table whose rows each give one indicator
// figure: its main figure, for the indicator its coded field names.
type IndicatorSource struct {
	Table *Table
	// Code is the coded field that says what the figure measures; its
	// terms map onto indicators (see indicatorTerms).
	Code *Field
	// Actor is whose figure it is; Host, where the table has one, where
	// the forces are.
	Actor, Host *Field
	// Unit is the indicator unit of a count ("personnel"); "" for a sum
	// of money, whose unit is its currency.
	Unit string
}

// IndicatorSources are the tables the indicators come from, in release
// order.
var IndicatorSources = []IndicatorSource{
	{Table: MilitaryExpenditure, Code: MilitaryExpenditure.Field("measure"), Actor: MilitaryExpenditure.Field("actor")},
	{Table: ArmedForces, Code: ArmedForces.Field("counted"), Actor: ArmedForces.Field("actor"), Host: ArmedForces.Field("host"), Unit: "personnel"},
}

// indicatorTerm is one indicator and the term of a source table it comes
// from.
type indicatorTerm struct {
	code, description string
	from              *Table
	term              string // of the table's Code field
	// headline marks the figures of the balance itself, what a reader
	// compares first: the workbook's Balance sheet lists and charts the
	// rows of these indicators (HeadlineIndicators).
	headline bool
}

// indicatorTerms map every term of the sources' coded fields onto an
// indicator. The codes of the military_expenditure measures name what
// they are in a list of all indicators ("debt" alone would not).
var indicatorTerms = []indicatorTerm{
	{"defence_budget", "Annual defence budget of a state.", MilitaryExpenditure, "defence_budget", true},
	{"equipment_spending", "Spending on military equipment (procurement, \"hardware\") over a period.", MilitaryExpenditure, "hardware_spending", true},
	{"arms_deliveries_value", "Value of arms delivered, as a whole, over a period.", MilitaryExpenditure, "arms_deliveries_value", false},
	{"military_debt", "Money one state owes another for a military installation or service.", MilitaryExpenditure, "debt", false},
	{"national_armed_forces", "Personnel of the armed forces of a state, at home.", ArmedForces, "national_armed_forces", true},
	{"de_facto_forces", "Personnel of the forces of an authority without general recognition (the Nagorno-Karabakh authorities).", ArmedForces, "de_facto_forces", true},
	{"foreign_troops_at_base", "Troops one state keeps at a base or installation on another's territory (host says where).", ArmedForces, "foreign_troops_at_base", false},
	{"peacekeepers", "Personnel of a peacekeeping force.", ArmedForces, "peacekeepers", false},
	{"exercise_participants", "Personnel taking part in a military exercise.", ArmedForces, "exercise_participants", false},
	{"irregular_fighters", "Fighters of armed groups, volunteers or mercenaries sent to a conflict.", ArmedForces, "irregular_fighters", false},
}

// IndicatorKinds is the indicator vocabulary; each term says which rows
// give it.
var IndicatorKinds = indicatorVocab(IndicatorSources, indicatorTerms)

// indicatorVocab builds the indicator vocabulary, and panics while the
// package initialises unless every term of every source's coded field
// maps onto exactly one indicator, and every indicator comes from a term
// of a source: a new measure or force kind cannot be left out of the
// indicator table.
func indicatorVocab(sources []IndicatorSource, terms []indicatorTerm) *Vocab {
	v := &Vocab{
		Name:        "indicator",
		Description: "What an indicator figure measures. Each indicator comes from the rows of one table with one code of what they measure; the term says which.",
	}
	for _, src := range sources {
		switch t := src.Table; {
		case src.Code == nil || src.Code.Kind != KindCode:
			panic(fmt.Sprintf("schema: indicator source %s: no coded field saying what the figure measures", t.Name))
		case src.Actor == nil || src.Actor.Kind != KindActor || src.Host != nil && src.Host.Kind != KindActor:
			panic(fmt.Sprintf("schema: indicator source %s: actor and host must be actor fields", t.Name))
		case t.MainFigure() == nil || t.When() == nil:
			panic(fmt.Sprintf("schema: indicator source %s: needs a main figure and a time", t.Name))
		case (src.Unit == "") != (t.MainFigure().Kind == KindAmount):
			panic(fmt.Sprintf("schema: indicator source %s: a sum of money takes its currency as unit, a count needs a unit", t.Name))
		}
	}
	mapped := map[string]string{} // "table.term" → indicator
	for _, it := range terms {
		var src *IndicatorSource
		for i := range sources {
			if sources[i].Table == it.from {
				src = &sources[i]
			}
		}
		switch key := it.from.Name + "." + it.term; {
		case src == nil:
			panic(fmt.Sprintf("schema: indicator %s comes from %s, which is not an indicator source", it.code, it.from.Name))
		case !src.Code.Vocab.Has(it.term):
			panic(fmt.Sprintf("schema: indicator %s: %q is not a term of %s.%s", it.code, it.term, it.from.Name, src.Code.Name))
		case mapped[key] != "":
			panic(fmt.Sprintf("schema: %s %s maps onto indicators %s and %s", it.from.Name, it.term, mapped[key], it.code))
		case v.Has(it.code):
			panic(fmt.Sprintf("schema: indicator %s twice", it.code))
		default:
			mapped[key] = it.code
			v.Terms = append(v.Terms, Term{it.code, fmt.Sprintf("%s From %s rows with %s %s.", it.description, it.from.Name, src.Code.Name, it.term)})
		}
	}
	for _, src := range sources {
		for _, term := range src.Code.Vocab.Codes() {
			if mapped[src.Table.Name+"."+term] == "" {
				panic(fmt.Sprintf("schema: %s %s %s maps onto no indicator (schema/indicators.go)", src.Table.Name, src.Code.Name, term))
			}
		}
	}
	return v
}

// IndicatorFor returns the indicator of a row of source table t whose coded
// field holds term, or "".
func IndicatorFor(t *Table, term string) string {
	for _, it := range indicatorTerms {
		if it.from == t && it.term == term {
			return it.code
		}
	}
	return ""
}

// HeadlineIndicators lists the codes of the headline indicators, in the
// vocabulary's order: the budgets, equipment spending and armed forces of
// the parties to the balance, the figures the sources set side by side.
// Money that changes hands (arms deliveries, debts) and forces abroad,
// peacekeepers, exercises and irregulars are in the indicators table, not
// in the headline.
func HeadlineIndicators() []string {
	var codes []string
	for _, it := range indicatorTerms {
		if it.headline {
			codes = append(codes, it.code)
		}
	}
	return codes
}

// IndicatorTitle is an indicator's code as a title: "Defence budget" for
// defence_budget.
func IndicatorTitle(code string) string {
	if code == "" {
		return ""
	}
	s := strings.ReplaceAll(code, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// IndicatorUnits are the units of indicator figures: people, or a
// currency.
var IndicatorUnits = indicatorUnits()

func indicatorUnits() *Vocab {
	v := &Vocab{
		Name:        "indicator_unit",
		Description: "Unit of an indicator figure: personnel for counts of people, an ISO 4217 code for sums of money.",
		Terms:       []Term{{"personnel", "Number of people (the personnel figure of an armed_forces row)."}},
	}
	for _, src := range IndicatorSources {
		if src.Unit != "" && !v.Has(src.Unit) {
			panic(fmt.Sprintf("schema: indicator source %s has unit %q, which vocabulary %s lacks", src.Table.Name, src.Unit, v.Name))
		}
	}
	for _, c := range Currencies.Terms {
		v.Terms = append(v.Terms, Term{c.Code, "A sum of money in " + strings.TrimSuffix(c.Description, ".") + "."})
	}
	return v
}

// Indicators holds every figure of the military balance, one per row.
var Indicators = define(&Table{
	Name:  "indicators",
	Title: "Indicators",
	Description: "Every figure of the military balance in one long table, one reported figure per row: actor, indicator, time, value and unit " +
		"(each row of military_expenditure and armed_forces gives one). Two sources for the same actor, indicator and year are two rows: " +
		"nothing is merged or averaged. The figure's cells are copied from its row, which row_id names, and checked against it; " +
		"its quote is there. Ids of the rows of curated tables are unique across tables, so row_id alone names the row; table_name says which table holds it.",
	Fields: []Field{
		{Name: "id", Kind: KindID, Description: "Indicator id: <row id>/<figure column> (\"balance2010-budget-arm-2009/amount\")."},
		{Name: "actor", Kind: KindActor, Required: true, Description: "Whose figure it is: who spends or owes the sum, whose forces are counted (the row's actor)."},
		{Name: "indicator", Kind: KindCode, Required: true, Vocab: IndicatorKinds, Description: "What the figure measures."},
		{Name: "host", Kind: KindActor, Description: "Where the forces are, when they are abroad or the text places them (the row's host); null for sums of money."},
		{Name: "year", Kind: KindInt, Place: PlaceWhen, Description: "The calendar year of the time span, when it starts and ends in the same year (a day, a month, a year); null for a span over several years or open at an end, so that a period is never charted as one of its years."},
		{Name: "when_start", Kind: KindDate, Place: PlaceWhen, Description: "Earliest possible day of the span the figure applies to (the row's when_start); null when open or unknown."},
		{Name: "when_end", Kind: KindDate, Place: PlaceWhen, Description: "Latest possible day of the span (the row's when_end); null when open or unknown."},
		{Name: "when_precision", Kind: KindCode, Place: PlaceBasis, Vocab: Precisions, Description: "How exact the span is (the row's when_precision)."},
		{Name: "when_basis", Kind: KindCode, Place: PlaceBasis, Vocab: TimeBases, Description: "Whether the quote states the time or it is inferred (the row's when_basis)."},
		{Name: "value_text", Kind: KindText, Place: PlaceFigure, Required: true, Description: "The figure exactly as the quote writes it (the row's <figure>_text)."},
		{Name: "value", Kind: KindFloat, Place: PlaceFigure, Role: RoleNumber, Description: "The figure's value, as the row gives it (the row's <figure>, whose description says what it holds for each qualifier)."},
		{Name: "low", Kind: KindFloat, Place: PlaceBounds, Role: RoleNumber, Description: "Lowest value the text allows (the row's <figure>_low); null when open."},
		{Name: "high", Kind: KindFloat, Place: PlaceBounds, Role: RoleNumber, Description: "Highest value the text allows (the row's <figure>_high); null when open."},
		{Name: "qualifier", Kind: KindCode, Place: PlaceFigure, Required: true, Vocab: Qualifiers, Description: "How the text hedges the figure (the row's <figure>_qualifier)."},
		{Name: "unit", Kind: KindCode, Place: PlaceFigure, Required: true, Vocab: IndicatorUnits, Description: "Unit of value, low and high: personnel, or the currency of a sum (the row's <figure>_currency)."},
		{Name: "source_id", Kind: KindText, Place: PlaceKeys, Required: true, Ref: "sources.source_id", Description: "Source text of the row."},
		{Name: "citation", Kind: KindText, Place: PlaceSource, Required: true, Description: "The source as a reader cites it."},
		{Name: "table_name", Kind: KindText, Place: PlaceKeys, Required: true, Description: "Table of the row the figure comes from."},
		{Name: "row_id", Kind: KindText, Required: true, Role: RoleID, Description: "Id of the row the figure comes from; join on <table_name>.id = row_id for its quote and everything else."},
	},
})

// IndicatorsCols are the columns of Indicators.
var IndicatorsCols = struct {
	ID, Actor, ActorName, Indicator, Host, HostName, Year, WhenStart, WhenEnd, WhenPrecision, WhenBasis,
	ValueText, Value, Low, High, Qualifier, Unit, SourceID, Citation, TableName, RowID Col
}{
	ID:            Indicators.col("id", TypeString),
	Actor:         Indicators.col("actor", TypeString),
	ActorName:     Indicators.col("actor_name", TypeString),
	Indicator:     Indicators.col("indicator", TypeString),
	Host:          Indicators.col("host", TypeString),
	HostName:      Indicators.col("host_name", TypeString),
	Year:          Indicators.col("year", TypeInt),
	WhenStart:     Indicators.col("when_start", TypeDate),
	WhenEnd:       Indicators.col("when_end", TypeDate),
	WhenPrecision: Indicators.col("when_precision", TypeString),
	WhenBasis:     Indicators.col("when_basis", TypeString),
	ValueText:     Indicators.col("value_text", TypeString),
	Value:         Indicators.col("value", TypeFloat),
	Low:           Indicators.col("low", TypeFloat),
	High:          Indicators.col("high", TypeFloat),
	Qualifier:     Indicators.col("qualifier", TypeString),
	Unit:          Indicators.col("unit", TypeString),
	SourceID:      Indicators.col("source_id", TypeString),
	Citation:      Indicators.col("citation", TypeString),
	TableName:     Indicators.col("table_name", TypeString),
	RowID:         Indicators.col("row_id", TypeString),
}
