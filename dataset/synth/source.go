package synth

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// rule is one rule of a text, as its rules.yaml writes it.
type rule struct {
	id, table, quote string
	values           []kv
	equipment        []node // its equipment: list, each item a mapping
}

// waiver is one waiver of a text; lines is set once the text is laid out.
type waiver struct {
	id, reason, note   string
	quote, lines, kind string
}

// block is a part of a text: a line written as it is, or a paragraph
// wrapped to the text's width; a block may carry the waiver of its lines.
type block struct {
	text   string
	wrap   bool
	waiver *waiver
}

// source is one generated text with its manifest, rules and waivers.
type source struct {
	id         string
	pub        date
	periodical string
	title      string
	author     string
	issue      int
	text       string
	rules      []rule
	waivers    []waiver
	linkKeys   []string // entries of a links file, for the keys this text describes
}

// width is the column the paragraphs are wrapped at.
const width = 76

// source generates text t.
func (c corpus) source(t int) *source {
	r := &rng{s: uint64(t)*0x2545f4914f6cdd1d + 1}
	k := c.rulesIn(t)
	s := &source{id: sourceID(t)}
	s.pub = date{2005 + t%20, 1 + r.intn(12), 1 + r.intn(28)}
	s.periodical = periodicals[r.intn(len(periodicals))]
	s.title = titles[r.intn(len(titles))]
	s.author = givenNames[r.intn(len(givenNames))] + " " + surnames[r.intn(len(surnames))]
	s.issue = r.between(2, 400)
	g := gen{s: s, r: r, t: t, c: c, k: k}
	g.pair = &rng{s: uint64(t/2)*0x9e3779b97f4a7c15 + 7}
	a, b := g.twoCountries(r)
	g.a, g.b = a, b

	blocks := []block{
		{text: fmt.Sprintf("%s, no. %d\n%s\nBy %s, %s", s.periodical, s.issue, s.title, s.author, s.pub.long()),
			waiver: &waiver{id: s.id + "-masthead", reason: "publication_data", note: "The masthead, title and byline: the periodical's issue number and the date of publication."}},
		{},
	}
	var p1, p2, p3, p4 []string
	p1 = append(p1, openings[r.intn(len(openings))])
	p1 = append(p1, g.budgets()...)
	p2 = append(p2, g.garrison(), g.transfer())
	p2 = append(p2, fmt.Sprintf("The ministry declined to comment further%d.", 1+t%9))
	p3 = append(p3, g.deployment(), g.agreement())
	p3 = append(p3, fmt.Sprintf("Veterans marked the %s anniversary of the %s division.", ordinal(r.between(10, 60)), ordinal(r.between(100, 130))))
	p4 = append(p4, g.clash(), g.distance(), g.lastSlot())
	for _, p := range [][]string{p1, p2, p3, p4} {
		var kept []string
		for _, sentence := range p {
			if sentence != "" {
				kept = append(kept, sentence)
			}
		}
		blocks = append(blocks, block{text: strings.Join(kept, " "), wrap: true}, block{})
	}
	s.waivers = append(s.waivers,
		waiver{id: s.id + "-footnote-marker", reason: "footnote_marker", note: "A footnote number glued to the last word of the sentence.", quote: fmt.Sprintf("declined to comment further%d", 1+t%9)},
		waiver{id: s.id + "-anniversaries", reason: "not_a_quantity", note: "Ordinals name an anniversary and a unit; they count nothing.", kind: "ordinal"},
	)
	fn := s.pub.t().AddDate(0, 0, -r.between(3, 60))
	blocks = append(blocks,
		block{text: fmt.Sprintf("%d Interview with officials of the defence ministry, %d %s %d.", 1+t%9, fn.Day(), fn.Month(), fn.Year()), wrap: true,
			waiver: &waiver{id: s.id + "-footnote", reason: "footnote", note: "The footnote cites an interview; its date is not a fact of the dataset."}},
		block{text: fmt.Sprintf("Sources: The Military Balance %d, pp. %d–%d; %s, vol. %d, no. %d.", s.pub.y-1, r.between(10, 200), r.between(201, 400), periodicals[r.intn(len(periodicals))], r.between(1, 40), r.between(1, 52)), wrap: true,
			waiver: &waiver{id: s.id + "-sources", reason: "bibliography", note: "The list of sources: titles, years, pages and issues."}},
		block{text: "Page 1 of 1", waiver: &waiver{id: s.id + "-page", reason: "page_furniture", note: "The page number."}},
	)
	s.layout(blocks)
	return s
}

// layout writes the blocks as the text, one after another, and gives each
// block's waiver the block's lines.
func (s *source) layout(blocks []block) {
	var b strings.Builder
	line := 1
	for _, bl := range blocks {
		text := bl.text
		if bl.wrap {
			text = wrap(text, width)
		}
		n := strings.Count(text, "\n") + 1
		if bl.waiver != nil {
			w := *bl.waiver
			if n == 1 {
				w.lines = strconv.Itoa(line)
			} else {
				w.lines = fmt.Sprintf("%d-%d", line, line+n-1)
			}
			s.waivers = append(s.waivers, w)
		}
		b.WriteString(text)
		b.WriteByte('\n')
		line += n
	}
	s.text = b.String()
}

// wrap breaks text into lines of at most width columns, at spaces.
func wrap(text string, width int) string {
	var b strings.Builder
	col := 0
	for i, w := range strings.Fields(text) {
		n := len([]rune(w))
		switch {
		case i == 0:
		case col+1+n > width:
			b.WriteByte('\n')
			col = 0
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(w)
		col += n
	}
	return b.String()
}

// article puts "a" or "an" before a noun phrase.
func article(s string) string {
	if strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

// gen writes the sentences of one text and their rules. Each sentence is
// written only when the text has its rule (the last text may have fewer
// than RulesPerText), so no figure is left unclaimed.
type gen struct {
	s    *source
	r    *rng // the text's draws
	pair *rng // draws shared with the other text of the pair (t/2)
	t, k int
	c    corpus
	a, b country
}

// has reports whether the text has the rule of slot i.
func (g *gen) has(slot int) bool { return slot < g.k }

// partnerHas reports whether the other text of the pair has slot i too,
// so that the two can share a link key.
func (g *gen) partnerHas(slot int) bool {
	return g.has(slot) && g.c.rulesIn(g.t^1) > slot
}

func (g *gen) add(id, table, quote string, values ...kv) string {
	id = g.s.id + "-" + id
	g.s.rules = append(g.s.rules, rule{id: id, table: table, quote: quote, values: values})
	return id
}

func (g *gen) twoCountries(r *rng) (country, country) {
	i := r.intn(len(countries))
	j := (i + 1 + r.intn(len(countries)-1)) % len(countries)
	return countries[i], countries[j]
}

// variant picks form number (t + offset) of n, so that consecutive texts
// walk through every form of a slot.
func (g *gen) variant(offset, n int) int { return (g.t + offset) % n }

// inferredPub is a time inferred from the date of publication.
func (g *gen) inferredPub(note string) node {
	return mapping(kv{"date", str(strconv.Itoa(g.s.pub.y))}, kv{"basis", plain("inferred_publication")}, kv{"note", str(note)})
}

// ---- slot 0–2: two budgets and the text's comparison of them ----

// ratioForms are the multiples a text states, with the ratio that makes
// them hold; the object is a multiple of 250 million, so the subject's
// figure is exact in binary and the ratio exact where it must be.
var ratioForms = []struct {
	stated string
	times  float64
}{
	{"more than three times", 3.5},
	{"three times", 3},
	{"twice", 2},
	{"nearly four times", 3.8},
	{"about 2.5 times", 2.5},
	{"at least three times", 3},
}

// budgetHedges are the hedges a budget figure is written with.
var budgetHedges = []string{"", "around ", "an estimated ", "some ", "about "}

func (g *gen) budgets() []string {
	if !g.has(0) {
		return nil
	}
	year := g.s.pub.y - g.r.between(0, 2)
	obj := 250 * g.r.between(1, 3) // 1,000 would make "$2.5 billion, about 2.5 times"
	form := ratioForms[g.variant(0, len(ratioForms))]
	subj := float64(obj) * form.times
	hedge := budgetHedges[g.variant(1, len(budgetHedges))]
	subjFig := hedge + money(subj)
	objFig := money(float64(obj))
	subjQuote := fmt.Sprintf("%s %d defence budget was %s", possessive(g.a.name), year, subjFig)
	g.add("budget-"+strings.ToLower(g.a.code), "military_expenditure", subjQuote,
		kv{"actor", plain(g.a.code)}, kv{"measure", plain("defence_budget")},
		kv{"amount", str(subjFig)}, kv{"when", str(strconv.Itoa(year))})
	objWhen := mapping(kv{"date", str(strconv.Itoa(year))}, kv{"basis", plain("inferred_context")},
		kv{"note", str("The sentence compares the budgets of one year.")})
	switch {
	case !g.has(1):
		return []string{subjQuote + "."}
	case !g.has(2):
		objQuote := fmt.Sprintf("while %s spent %s", g.b.name, objFig)
		g.add("budget-"+strings.ToLower(g.b.code), "military_expenditure", objQuote,
			kv{"actor", plain(g.b.code)}, kv{"measure", plain("defence_budget")},
			kv{"amount", str(objFig)}, kv{"when", objWhen})
		return []string{subjQuote + ", " + objQuote + "."}
	}
	if g.t%2 == 1 {
		// "greater": the subject's budget exceeds the object's.
		subjQuote = fmt.Sprintf("%s %d defence budget of %s", possessive(g.a.name), year, subjFig)
		g.s.rules[len(g.s.rules)-1].quote = subjQuote
		objQuote := fmt.Sprintf("was larger than %s %s", possessive(g.b.name), objFig)
		sentence := subjQuote + " " + objQuote
		objID := g.add("budget-"+strings.ToLower(g.b.code), "military_expenditure", objQuote,
			kv{"actor", plain(g.b.code)}, kv{"measure", plain("defence_budget")},
			kv{"amount", str(objFig)}, kv{"when", objWhen})
		g.add("budget-claim", "claims", sentence,
			kv{"kind", plain("greater")}, kv{"subject", plain(g.s.rules[len(g.s.rules)-2].id)}, kv{"object", plain(objID)})
		return []string{sentence + "."}
	}
	objQuote := fmt.Sprintf("that of %s %s", possessive(g.b.name), objFig)
	claimQuote := fmt.Sprintf("%s, %s %s", subjFig, form.stated, objQuote)
	objID := g.add("budget-"+strings.ToLower(g.b.code), "military_expenditure", objQuote,
		kv{"actor", plain(g.b.code)}, kv{"measure", plain("defence_budget")},
		kv{"amount", str(objFig)}, kv{"when", objWhen})
	g.add("budget-claim", "claims", claimQuote,
		kv{"kind", plain("ratio")}, kv{"subject", plain(g.s.rules[len(g.s.rules)-2].id)}, kv{"object", plain(objID)},
		kv{"stated", str(form.stated)})
	return []string{fmt.Sprintf("%s %d defence budget was %s.", possessive(g.a.name), year, claimQuote)}
}

// money writes a sum of millions of dollars as a text does: "$400
// million", "$1.4 billion".
func money(millions float64) string {
	if millions >= 1000 {
		return "$" + strconv.FormatFloat(millions/1000, 'f', -1, 64) + " billion"
	}
	return "$" + strconv.FormatFloat(millions, 'f', -1, 64) + " million"
}

// ---- counts ----

// countForm writes a count of about n in form i: every hedge the figure
// parser reads, before and after the number, number words, vague
// quantities and ranges.
func countForm(i, n int) string {
	lo, hi := commas(n), commas(n+n/5+10)
	forms := []string{
		lo, "around " + lo, "about " + lo, "some " + lo, "approximately " + lo, "roughly " + lo,
		"an estimated " + lo, "more than " + lo, "over " + lo, "above " + lo, "at least " + lo,
		"up to " + lo, "as many as " + lo, "nearly " + lo, "almost " + lo, "fewer than " + lo,
		"under " + lo, "less than " + lo, "below " + lo, lo + " or more", lo + " or so",
		lo + " or fewer", lo + " or less", words(1+n/1000%19) + " thousand", words(1+n/100%9) + " hundred",
		"a dozen", "dozens of", "hundreds of", "thousands of", "tens of thousands of",
		"between " + lo + " and " + hi, "from " + lo + " to " + hi, lo + " to " + hi, lo + "–" + hi,
		words(20+10*(n%8)) + "-odd", words(21 + n%78),
	}
	return forms[i%len(forms)]
}

const countForms = 36

func (g *gen) garrison() string {
	if !g.has(3) {
		return ""
	}
	op, host := g.twoCountries(g.pair)
	site := sites[g.pair.intn(len(sites))]
	fig := countForm(g.variant(0, countForms), 100*g.r.between(5, 60))
	quote := fmt.Sprintf("%s keeps %s troops at its base in %s", op.name, fig, site)
	values := []kv{{"actor", plain(op.code)}, {"counted", plain("foreign_troops_at_base")}, {"host", plain(host.code)},
		{"site", str(site)}, {"personnel", str(fig)},
		{"when", g.inferredPub("Stated in the present tense; dated to the year of publication.")}}
	if g.partnerHas(3) {
		key := fmt.Sprintf("garrison-%06d", g.t/2)
		values = append(values, kv{"link_key", plain(key)})
		if g.t%2 == 0 {
			g.s.linkKeys = append(g.s.linkKeys, fmt.Sprintf("  - key: %s\n    description: %s\n", key, quoted(op.name+"'s troops at its base in "+site+".")))
		}
	}
	g.add("garrison", "armed_forces", quote, values...)
	return quote + "."
}

// ---- times ----

// timeForm writes a time of the text's recent past in form i as the
// opening of a sentence ("In August 2010", "Last week"), with the value a
// rule gives it: every precision the time parser reads, and the inferred
// forms for times the text leaves incomplete. The time's text is the
// opening without its "In" or "On".
func (g *gen) timeForm(i int) (opening string, value node) {
	p := g.s.pub
	y := p.y - g.r.between(0, 6)
	d := date{y, 1 + g.r.intn(12), 1 + g.r.intn(26)}
	month := d.t().Month().String()
	stated := func(lead, s string) (string, node) { return lead + s, str(s) }
	inferred := func(lead, s string) (string, node) {
		return lead + s, mapping(kv{"text", str(s)}, kv{"year", plain(strconv.Itoa(p.y))},
			kv{"basis", plain("inferred_publication")}, kv{"note", str("The text gives no year; that of publication.")})
	}
	switch i % timeForms {
	case 0:
		return stated("In ", fmt.Sprintf("%s %d", month, y))
	case 1:
		return stated("On ", d.long())
	case 2:
		return stated("", fmt.Sprintf("Between %s and %s %d", time.Month(1+d.m%6), time.Month(7+d.m%6), y))
	case 3:
		return stated("In ", strconv.Itoa(y))
	case 4:
		y0 := 1990 + g.r.between(0, 6)
		return stated("In ", fmt.Sprintf("%d-%02d", y0, (y0+3)%100))
	case 5:
		return stated("On ", fmt.Sprintf("%d–%d %s %d", d.d, d.d+2, month, y))
	case 6:
		return inferred("On ", fmt.Sprintf("%s %d", abbrev(d.t().Month()), d.d))
	case 7:
		return stated("In ", fmt.Sprintf("the late %ds", (p.y-20)/10*10))
	case 8:
		end, start := p.t().AddDate(0, 0, -1), p.t().AddDate(0, 0, -7)
		return "Last week", mapping(kv{"text", str("Last week")}, kv{"start", str(start.Format("2006-01-02"))},
			kv{"end", str(end.Format("2006-01-02"))}, kv{"basis", plain("inferred_publication")},
			kv{"note", str("The week before publication.")})
	case 9:
		return stated("On ", d.t().Weekday().String()+", "+d.long())
	case 10:
		return stated("In ", fmt.Sprintf("the early %ds", (p.y-10)/10*10))
	case 11:
		return stated("", fmt.Sprintf("Since %d", y))
	case 12:
		return stated("", fmt.Sprintf("Until %d", y))
	case 13:
		return inferred("In ", month)
	case 14:
		return stated("", fmt.Sprintf("From %d to %d", y-3, y))
	}
	return stated("In ", fmt.Sprintf("the %ds", (p.y-30)/10*10))
}

const timeForms = 16

// abbrev writes a month as the texts abbreviate it: "Jan.", "Sept.", and
// "May", which has no abbreviation.
func abbrev(m time.Month) string {
	switch m {
	case time.May:
		return "May"
	case time.September:
		return "Sept."
	}
	return m.String()[:3] + "."
}

// ---- slot 4: a transfer, with a quantity, a value and a time ----

func amountForm(i int, millions int) string {
	m := strconv.Itoa(millions)
	bn := fmt.Sprintf("1.%d", millions/100%10) // billions with a decimal, never a day's number
	forms := []string{
		"$" + m + " million", "US$" + m + " million", "USD " + m + " million", m + " million dollars",
		m + " million US dollars", "around $" + m + " million", "more than $" + m + " million",
		"up to $" + m + " million", "an estimated $" + m + " million", "nearly $" + bn + " billion",
		"$" + m + "–" + strconv.Itoa(millions+100) + " million", "between $" + m + " million and $" + strconv.Itoa(millions+50) + " million",
		"hundreds of millions of dollars", "$" + commas(millions*1000000), "at least $" + m + " million",
		"$" + bn + " billion or more", `\$` + m + " million",
	}
	return forms[i%len(forms)]
}

const amountForms = 17

var statuses = []string{"delivered", "ordered", "offered", "reported", "denied", "displayed", "produced_locally", "planned"}

func (g *gen) transfer() string {
	if !g.has(4) {
		return ""
	}
	sup, rec := g.a, g.b
	wp := weapons[g.variant(0, len(weapons))]
	cond := conditions[g.variant(1, len(conditions))]
	status := statuses[g.variant(2, len(statuses))]
	// No number of a quote is written twice (a figure must stand once in
	// its quote): quantities of two digits above any day and below the
	// second year of a period such as 1994-97, sums of three digits.
	qty := countForm(g.variant(3, countForms), g.r.between(32, 89))
	if wp.unit != "" {
		qty = words(2 + g.r.intn(8))
	}
	items := qty + " " + cond.words + wp.designation + " " + wp.what
	if wp.unit != "" {
		items = qty + " " + wp.unit + " of " + cond.words + wp.designation + " " + wp.what
	}
	when, whenValue := g.timeForm(g.variant(4, timeForms))
	value := amountForm(g.variant(5, amountForms), 10*g.r.between(10, 99))
	var clause, attribution string
	switch status {
	case "delivered":
		clause = fmt.Sprintf("%s delivered %s to %s, in a deal worth %s", sup.name, items, rec.name, value)
	case "ordered":
		clause = fmt.Sprintf("%s ordered %s from %s for %s", rec.name, items, sup.name, value)
	case "offered":
		clause = fmt.Sprintf("%s offered %s %s", sup.name, rec.name, items)
		value = ""
	case "reported":
		attribution = attributions[g.variant(6, len(attributions))]
		clause = fmt.Sprintf("%s reported that %s had sold %s to %s", attribution, sup.name, items, rec.name)
		value = ""
	case "denied":
		attribution = "the government of " + sup.name
		clause = fmt.Sprintf("%s denied selling %s to %s", attribution, items, rec.name)
		value = ""
	case "displayed":
		clause = fmt.Sprintf("%s paraded %s supplied by %s", rec.name, items, sup.name)
		value = ""
	case "produced_locally":
		clause = fmt.Sprintf("%s began producing %s under licence from %s", rec.name, items, sup.name)
		value = ""
	case "planned":
		clause = fmt.Sprintf("%s plans to buy %s from %s for %s", rec.name, items, sup.name, value)
	}
	quote := when + ", " + clause
	values := []kv{{"supplier", plain(sup.code)}, {"recipient", plain(rec.code)}, {"designation", str(wp.designation)},
		{"weapon", str(wp.what)}, {"category", plain(wp.category)}, {"quantity", str(qty)}}
	if wp.unit != "" {
		values = append(values, kv{"unit", str(wp.unit)})
	}
	if value != "" {
		values = append(values, kv{"value", str(value)})
	}
	values = append(values, kv{"status", plain(status)}, kv{"condition", plain(cond.code)}, kv{"scope", plain("item")}, kv{"when", whenValue})
	if attribution != "" {
		values = append(values, kv{"attribution", str(attribution)})
	}
	g.add("transfer", "arms_transfers", quote, values...)
	return quote + "."
}

// ---- slot 5: a deployment ----

func (g *gen) deployment() string {
	if !g.has(5) {
		return ""
	}
	op, host := g.b, g.a
	f := facilities[g.variant(0, len(facilities))]
	site := sites[(g.variant(1, len(sites))+7)%len(sites)]
	eq := equipment[g.variant(2, len(equipment))]
	var items []node
	for _, it := range eq.items {
		pairs := []kv{{"description", str(it.description)}, {"category", plain(it.category)}}
		if it.designation != "" {
			pairs = append([]kv{{"designation", str(it.designation)}}, pairs...)
		}
		items = append(items, mapping(pairs...))
	}
	fig := countForm(g.variant(7, countForms), 100*g.r.between(3, 40))
	y := g.s.pub.y - g.r.between(5, 20)
	var quote, when string
	if g.t%2 == 0 {
		when = fmt.Sprintf("since %d", y)
		quote = fmt.Sprintf("%s has kept %s at %s %s, with %s personnel and %s", op.name, article(f.name), site, when, fig, eq.text)
	} else {
		when = fmt.Sprintf("until %d", g.s.pub.y+g.r.between(5, 40))
		quote = fmt.Sprintf("%s keeps %s at %s, with %s personnel and %s, under a lease that runs %s", op.name, article(f.name), site, fig, eq.text, when)
	}
	g.add("deployment", "deployments", quote,
		kv{"operator", plain(op.code)}, kv{"host", plain(host.code)}, kv{"kind", plain(f.kind)},
		kv{"site", str(site)}, kv{"facility", str(f.name)}, kv{"personnel", str(fig)},
		kv{"when", str(when)})
	g.s.rules[len(g.s.rules)-1].equipment = items
	return quote + "."
}

// ---- slot 6: an agreement, reported by both texts of the pair ----

func (g *gen) agreement() string {
	if !g.has(6) {
		return ""
	}
	x, y := g.twoCountries(g.pair)
	ag := agreementKinds[g.pair.intn(len(agreementKinds))]
	pub := g.c.pairPub(g.t)
	signed := date{pub.y - g.pair.between(1, 8), 1 + g.pair.intn(12), 1 + g.pair.intn(28)}
	from, to := signed.y+1, signed.y+1+5*g.pair.between(1, 6)
	var quote, signedText, inForce string
	if g.t%2 == 0 {
		signedText, inForce = signed.long(), fmt.Sprintf("from %d to %d", from, to)
		quote = fmt.Sprintf("On %s, %s and %s signed %s, which runs %s", signedText, x.name, y.name, article(ag.name), inForce)
	} else {
		signedText, inForce = signed.t().Weekday().String()+", "+signed.long(), fmt.Sprintf("until %d", to)
		quote = fmt.Sprintf("%s and %s signed the %s on %s; it runs %s", x.name, y.name, ag.name, signedText, inForce)
	}
	values := []kv{{"parties", list(x.code, y.code)}, {"kind", plain(ag.kind)}, {"name", str(ag.name)},
		{"signed", str(signedText)}, {"in_force", str(inForce)}}
	if g.partnerHas(6) {
		key := fmt.Sprintf("treaty-%06d", g.t/2)
		values = append(values, kv{"link_key", plain(key)})
		if g.t%2 == 0 {
			g.s.linkKeys = append(g.s.linkKeys, fmt.Sprintf("  - key: %s\n    description: %s\n    relation: agree\n    note: %s\n", key,
				quoted(fmt.Sprintf("The %s between %s and %s, signed on %s.", ag.name, x.name, y.name, signed.long())),
				quoted("Both texts give the same parties and day of signature.")))
		}
	}
	g.add("agreement", "agreements", quote, values...)
	return quote + "."
}

// pairPub is the publication date of the first text of t's pair, so that
// both texts of a pair date their shared agreement alike.
func (c corpus) pairPub(t int) date {
	r := &rng{s: uint64(t&^1)*0x2545f4914f6cdd1d + 1}
	return date{2005 + (t&^1)%20, 1 + r.intn(12), 1 + r.intn(28)}
}

// ---- slot 7: a clash with its dead ----

func (g *gen) clash() string {
	if !g.has(7) {
		return ""
	}
	loc := regions[g.variant(0, len(regions))]
	fig := countForm(g.variant(11, countForms), g.r.between(100, 900)) // not a day or a year's two digits
	when, whenValue := g.timeForm(g.variant(5, timeForms))
	quote := fmt.Sprintf("%s, fighting near %s between the forces of %s and %s killed %s people", when, loc, g.a.name, g.b.name, fig)
	g.add("clash", "events", quote,
		kv{"kind", plain("clash")}, kv{"actors", list(g.a.code, g.b.code)}, kv{"location", str(loc)},
		kv{"description", str("Fighting near " + loc + ".")}, kv{"when", whenValue},
		kv{"measure", plain("killed")}, kv{"count", str(fig)})
	return quote + "."
}

// ---- slot 8: a distance or a length ----

func distanceForm(i, n int) string {
	forms := []string{
		fmt.Sprintf("%dkm", n), fmt.Sprintf("%d kilometres", n), fmt.Sprintf("%d kilometers", n), fmt.Sprintf("%d km", n),
		fmt.Sprintf("%d miles", n), fmt.Sprintf("about %d km", n), fmt.Sprintf("more than %dkm", n),
		fmt.Sprintf("some %d kilometres", n), fmt.Sprintf("nearly %d miles", n), fmt.Sprintf("%d to %d kilometres", n, n+20),
		fmt.Sprintf("up to %d km", n), words(20+n%79) + " kilometres", fmt.Sprintf("%d mi", n),
	}
	return forms[i%len(forms)]
}

const distanceForms = 13

func (g *gen) distance() string {
	if !g.has(8) {
		return ""
	}
	fig := distanceForm(g.variant(0, distanceForms), g.r.between(12, 400))
	if g.t%2 == 0 {
		site := sites[(g.variant(3, len(sites))+13)%len(sites)]
		ref := references[g.variant(1, len(references))]
		dir := directions[g.variant(2, len(directions))]
		quote := fmt.Sprintf("The town of %s lies %s %s of %s", site, fig, dir, ref)
		g.add("distance", "distances", quote,
			kv{"feature", str(site)}, kv{"measure", plain("distance_from")}, kv{"reference", str(ref)},
			kv{"direction", str(dir)}, kv{"distance", str(fig)})
		return quote + "."
	}
	quote := fmt.Sprintf("The line of contact between the armies stretches for %s", fig)
	g.add("distance", "distances", quote,
		kv{"feature", str("line of contact")}, kv{"measure", plain("length")}, kv{"distance", str(fig)},
		kv{"when", g.inferredPub("Stated in the present tense; dated to the year of publication.")})
	return quote + "."
}

// ---- slot 9: displacement over a decade, an army over a period, or a
// ranking ----

func (g *gen) lastSlot() string {
	if !g.has(9) {
		return ""
	}
	switch g.t % 3 {
	case 0:
		fig := []string{"tens of thousands of", "hundreds of thousands of", "thousands of", "more than 30,000", "around 40,000"}[g.t/3%5]
		decade := (g.s.pub.y - 20) / 10 * 10
		when := []string{"the late %ds", "the early %ds", "the %ds"}[g.t/3%3]
		when = fmt.Sprintf(when, decade)
		region := regions[g.variant(4, len(regions))]
		quote := fmt.Sprintf("In %s, %s people fled the %s region", when, fig, region)
		g.add("displaced", "events", quote,
			kv{"kind", plain("war")}, kv{"actors", list(g.a.code, g.b.code)}, kv{"location", str(region)},
			kv{"description", str("Flight of people from the " + region + " region during the war.")},
			kv{"when", str(when)}, kv{"measure", plain("displaced")}, kv{"count", str(fig)})
		return quote + "."
	case 1:
		y0 := 1990 + g.r.between(0, 6)
		when := fmt.Sprintf("%d-%02d", y0, (y0+3)%100)
		lo := 1000 * g.r.between(20, 60)
		fig := []string{"between %s and %s", "%s to %s", "%s–%s", "from %s to %s"}[g.t/3%4]
		fig = fmt.Sprintf(fig, commas(lo), commas(lo+5000))
		quote := fmt.Sprintf("In %s, the army of %s numbered %s men", when, g.a.name, fig)
		g.add("army", "armed_forces", quote,
			kv{"actor", plain(g.a.code)}, kv{"counted", plain("national_armed_forces")},
			kv{"personnel", str(fig)}, kv{"when", str(when)})
		return quote + "."
	}
	quote := fmt.Sprintf("%s remained the main supplier of arms to %s", g.a.name, g.b.name)
	g.add("supplier-rank", "claims", quote,
		kv{"kind", plain("rank")}, kv{"subject", plain(g.s.id + "-transfer")})
	return quote + "."
}
