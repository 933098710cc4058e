package schema

import (
	"sort"
	"strings"
)

// Vocab is the closed list of codes a coded column may hold.
type Vocab struct {
	Name        string
	Description string
	Terms       []Term
}

// Term is one code of a vocabulary and what it means.
type Term struct {
	Code        string
	Description string
}

// Has reports whether code is a term of the vocabulary.
func (v *Vocab) Has(code string) bool {
	for _, t := range v.Terms {
		if t.Code == code {
			return true
		}
	}
	return false
}

// Codes lists the codes in their documented order.
func (v *Vocab) Codes() []string {
	out := make([]string, len(v.Terms))
	for i, t := range v.Terms {
		out[i] = t.Code
	}
	return out
}

// Suggest returns the term closest to code, for "did you mean" hints, or "".
func (v *Vocab) Suggest(code string) string {
	return Closest(code, v.Codes())
}

// Closest returns the candidate within a small edit distance of s, or "".
func Closest(s string, candidates []string) string {
	best, bestD := "", 1+len(s)/3
	if bestD > 3 {
		bestD = 3
	}
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	for _, c := range sorted {
		if d := editDistance(strings.ToLower(s), strings.ToLower(c)); d < bestD || (d <= bestD && strings.HasPrefix(c, s) && best == "") {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Qualifiers says how a text hedges a figure; FigureReadings says which
// columns each fills.
var Qualifiers = &Vocab{
	Name:        "qualifier",
	Description: "How the text hedges a figure. Only exact and approx give a point value; every other qualifier leaves the value null and puts its numbers in the _low and _high columns.",
	Terms: []Term{
		{"exact", "Written without a hedge (\"67,000\"): value = the number. Exact as written, not necessarily exact in fact."},
		{"approx", "\"around\", \"about\", \"some\", \"approximately\", \"roughly\", \"an estimated\", \"or so\", \"-odd\": value = the number, an estimate; no bounds."},
		{"more_than", "\"more than\", \"over\", \"above\": a lower bound, low = the number (excluded); value null."},
		{"at_least", "\"at least\", \"or more\": a lower bound, low = the number (included); value null."},
		{"up_to", "\"up to\", \"as many as\", \"as much as\", \"or fewer\", \"or less\": an upper bound, high = the number (included); value null."},
		{"less_than", "\"less than\", \"fewer than\", \"under\", \"below\": an upper bound, high = the number (excluded); value null."},
		{"nearly", "\"nearly\", \"almost\": just below the number, an upper bound, high = the number (excluded); value null."},
		{"range", "\"between X and Y\", \"from X to Y\", \"X to Y\", \"X–Y\": low = X, high = Y; value null."},
		{"order_of_magnitude", "A vague quantity word, coded as ACLED does: low = the word's floor (\"dozens\" 12, \"hundreds\" 100, \"thousands\" 1,000, \"tens of thousands\" 10,000); value and high null."},
	},
}

// Currencies are the ISO 4217 codes the texts use.
var Currencies = &Vocab{
	Name:        "currency",
	Description: "ISO 4217 currency codes. \"$\", \"US$\" and \"dollars\" in these English-language texts are US dollars.",
	Terms: []Term{
		{"USD", "United States dollar."},
	},
}

// DistanceUnits are the units distances are written in.
var DistanceUnits = &Vocab{
	Name:        "distance_unit",
	Description: "Units of distance as the texts write them.",
	Terms: []Term{
		{"km", "Kilometres (\"km\", \"kilometres\")."},
		{"mi", "Statute miles (\"miles\"); 1 mi = 1.609344 km."},
	},
}

// Precisions say how exact a time span is.
var Precisions = &Vocab{
	Name:        "precision",
	Description: "How exact a time span is. _start and _end give the earliest and latest possible day, as UCDP's event data does.",
	Terms: []Term{
		{"day", "One day (\"27 September 2020\"): start = end."},
		{"days", "Consecutive days (\"2–3 September\", \"February 26 and 27\")."},
		{"month", "One calendar month (\"November 2008\"): its first to its last day."},
		{"months", "A run of whole months (\"between April and October\")."},
		{"year", "One calendar year (\"2009\"): 1 January to 31 December."},
		{"period", "A run of whole years (\"1994-97\", \"2015 to 2019\")."},
		{"decade", "A decade, or its early (years 0–3), mid (4–6) or late (7–9) part (\"the late 1980s\" = 1987–1989)."},
		{"open", "One end only: \"since 1996\" (end null), \"until 2044\" (start null)."},
	},
}

// TimeBases say where a row's time comes from.
var TimeBases = &Vocab{
	Name:        "time_basis",
	Description: "Whether the time of a row is stated in its quote or inferred, and from what. Inferred is never passed off as stated.",
	Terms: []Term{
		{"stated", "The quote states the time in full."},
		{"inferred_publication", "Inferred from the source's publication date: the quote says \"last week\", \"currently\", gives a day without a year, or states a figure in the present tense."},
		{"inferred_context", "Inferred from elsewhere in the same text; the note says where."},
	},
}

// TitleBases say whether a source's title is its own.
var TitleBases = &Vocab{
	Name:        "title_basis",
	Description: "Where a source's title comes from.",
	Terms: []Term{
		{"stated", "The text gives its title."},
		{"truncated", "The text gives its title only cut short (a running header ending in \"…\")."},
		{"supplied", "The text has no title; we supply a descriptive one in square brackets."},
	},
}

// DateBases say whether a source's publication date is its own.
var DateBases = &Vocab{
	Name:        "date_basis",
	Description: "Whether a source's publication date is stated in the text or inferred.",
	Terms: []Term{
		{"stated", "The text states its publication date."},
		{"inferred", "The text gives no publication date; it is inferred, and the note says from what."},
	},
}

// ActorKinds classify actors.
var ActorKinds = &Vocab{
	Name:        "actor_kind",
	Description: "What kind of actor a code stands for.",
	Terms: []Term{
		{"state", "A state with an ISO 3166-1 alpha-3 code."},
		{"de_facto_state", "An authority that controls territory without general recognition; a code from the ISO user-assigned range."},
		{"armed_group", "A non-state armed group; a code from the ISO user-assigned range."},
		{"organisation", "An international organisation or alliance; a code from the ISO user-assigned range."},
	},
}
