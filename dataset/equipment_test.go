package dataset

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/armsdata/armsdata/dataset/quote"
	"github.com/armsdata/armsdata/schema"
)

// smallProject writes a project of one source, s, published on 3 September
// 2010, with the text and rule file given, and returns its root.
func smallProject(t *testing.T, text, rules string) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"seeds/dataset.yaml": "name: small\ntitle: Small\ndescription: A test project.\nversion: 0.0.1\nlicence: CC-BY-4.0\nlicence_url: https://example.org/licence\n",
		"seeds/actors.yaml": "actors:\n  - {code: ARM, name: Armenia, kind: state}\n  - {code: AZE, name: Azerbaijan, kind: state}\n" +
			"  - {code: RUS, name: Russia, kind: state}\n  - {code: UKR, name: Ukraine, kind: state}\n",
		"seeds/sources/s/source.yaml": fmt.Sprintf("sha256: %x\ntitle: A small text\ntitle_basis: stated\npublished:\n  earliest: 2010-09-03\n  latest: 2010-09-03\n  precision: day\n  basis: stated\nlanguage: en\n",
			sha256.Sum256([]byte(text))),
		"seeds/sources/s/text.txt":   text,
		"seeds/sources/s/rules.yaml": rules,
	}
	for name, data := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// itemRow shows an equipment row: its id, parent, designation, description,
// category, quantity cells (text, value, low, high, qualifier) and unit.
func itemRow(t *Table, i int) string {
	var cells []string
	for _, c := range []string{"id", "parent_table", "parent_id", "position", "designation", "description", "category",
		"quantity_text", "quantity", "quantity_low", "quantity_high", "quantity_qualifier", "unit"} {
		cells = append(cells, t.Get(i, c).Text())
	}
	return strings.Join(cells, "|")
}

// The builder reads an item as it reads a row's fields (each value in the
// quote, a figure whole) and refuses what an item cannot say: a count in
// its description or unit, a unit without a quantity. Each case gives the
// rules of one deployment or transfer and the equipment rows or the
// problems they make.
func TestEquipmentRows(t *testing.T) {
	const text = "Russia operates MiG-29 fighters and two S-300 air-defence systems at Gyumri.\n" +
		"Ukraine sold 30 MiG-25 fighter jets to Azerbaijan.\nRussia sells arms to Armenia.\n" +
		"Russia keeps more than 100 tanks and two-seat trainers at Gyumri.\n"
	// gyumri is a deployment rule of the first sentence; items its list.
	gyumri := func(items string) string {
		return "rules:\n  - id: s-gyumri\n    table: deployments\n    quote: Russia operates MiG-29 fighters and two S-300 air-defence systems at Gyumri.\n" +
			"    values: {operator: RUS, host: ARM, kind: military_base, site: Gyumri}\n    equipment:\n" + items +
			"  - id: s-tanks\n    table: deployments\n    quote: Russia keeps more than 100 tanks and two-seat trainers at Gyumri.\n" +
			"    values: {operator: RUS, host: ARM, kind: military_base}\n" +
			"    equipment:\n      - {description: tanks, category: armoured_vehicle, quantity: more than 100, unit: tanks}\n" +
			"      - {description: two-seat trainers, category: aircraft}\n" +
			"  - id: s-arms\n    table: arms_transfers\n    quote: Russia sells arms to Armenia.\n" +
			"    values: {supplier: RUS, recipient: ARM, weapon: arms, category: mixed, status: delivered, condition: unknown, scope: relationship}\n" +
			"  - id: s-mig25\n    table: arms_transfers\n    quote: Ukraine sold 30 MiG-25 fighter jets to Azerbaijan.\n" +
			"    values: {supplier: UKR, recipient: AZE, designation: MiG-25, weapon: MiG-25 fighter jets, category: aircraft, quantity: \"30\", unit: fighter jets, status: delivered, condition: unknown, scope: item}\n"
	}
	good := "      - {designation: MiG-29, description: MiG-29 fighters, category: aircraft}\n" +
		"      - {designation: S-300, description: S-300 air-defence systems, category: air_defence_system, quantity: two, unit: air-defence systems}\n"
	tests := []struct {
		name, rules string
		rows        []string // the equipment rows, when the rules build
		problems    []string // else the problems, each a part of one
	}{
		{"listed and own items", gyumri(good), []string{
			"s-gyumri/1|deployments|s-gyumri|1|MiG-29|MiG-29 fighters|aircraft||||||",
			"s-gyumri/2|deployments|s-gyumri|2|S-300|S-300 air-defence systems|air_defence_system|two|2|||exact|air-defence systems",
			"s-mig25/1|arms_transfers|s-mig25|1|MiG-25|MiG-25 fighter jets|aircraft|30|30|||exact|fighter jets",
			"s-tanks/1|deployments|s-tanks|1||tanks|armoured_vehicle|more than 100||100||more_than|tanks",
			"s-tanks/2|deployments|s-tanks|2||two-seat trainers|aircraft||||||",
		}, nil},
		{"quantity not in the quote", gyumri("      - {description: S-300 air-defence systems, category: air_defence_system, quantity: three}\n"), nil,
			[]string{`rules.yaml:7:90: rule s-gyumri: figure "three" is not in the quote`}},
		{"hedge left out of the quantity", strings.Replace(gyumri(good), "quantity: more than 100", "quantity: \"100\"", 1), nil,
			[]string{`rule s-tanks: quantity "100" leaves out the hedge "more than" that the text writes with it (seeds/sources/s/text.txt:4:14); write "more than 100"`}},
		{"description not in the quote", gyumri("      - {description: S-400 systems, category: air_defence_system}\n"), nil,
			[]string{`rule s-gyumri: description "S-400 systems" is not in the quote`}},
		{"a count in the description", gyumri("      - {designation: S-300, description: two S-300 air-defence systems, category: air_defence_system}\n"), nil,
			[]string{`rules.yaml:7:43: rule s-gyumri: description "two S-300 air-defence systems" holds the count "two"; write the count as the quantity and the description without it`}},
		{"a unit without a quantity", gyumri("      - {description: S-300 air-defence systems, category: air_defence_system, unit: air-defence systems}\n"), nil,
			[]string{`rule s-gyumri: unit "air-defence systems" says what one counted item is, but no quantity is given; give the quantity, or drop unit`}},
		{"a count in an arms transfer's weapon", strings.Replace(gyumri(good), "weapon: MiG-25 fighter jets", "weapon: 30 MiG-25 fighter jets", 1), nil,
			[]string{`rule s-mig25: weapon "30 MiG-25 fighter jets" holds the count "30"; write the count as the quantity and the weapon without it`}},
		{"an item listed twice", gyumri(good + "      - {designation: MiG-29, description: MiG-29 fighters, category: aircraft}\n"), nil,
			[]string{`rules.yaml:9:10: rule s-gyumri: equipment item 3 repeats item 1; list each item once, with its quantity`}},
		{"the equipment text of the earlier format", strings.Replace(gyumri(good), "site: Gyumri}", "site: Gyumri, equipment: MiG-29 fighters}", 1), nil,
			[]string{`rules.yaml:5:75: equipment is no longer a field of deployments: list each item under the rule's equipment: key, beside values:`}},
		{"a relationship with a list", gyumri(good) + "    equipment:\n      - {description: arms, category: mixed}\n", nil,
			[]string{`rule s-mig25: an arms_transfers row is one item: its designation, weapon, category, quantity and unit give its equipment row`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rel, ds := Build(smallProject(t, text, tc.rules))
			if tc.problems != nil {
				got := ds.Err().Error()
				for _, p := range tc.problems {
					if !strings.Contains(got, p) {
						t.Errorf("problems\n%s\nwant one with %q", got, p)
					}
				}
				if n := ds.Len(); n != len(tc.problems) {
					t.Errorf("%d problems, want %d:\n%s", n, len(tc.problems), got)
				}
				return
			}
			if ds.Len() > 0 {
				t.Fatal(ds.Err())
			}
			eq := rel.Table(schema.Equipment.Name)
			var got []string
			for i := range eq.Rows {
				got = append(got, itemRow(eq, i))
			}
			if strings.Join(got, "\n") != strings.Join(tc.rows, "\n") {
				t.Errorf("equipment rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.rows, "\n"))
			}
			// The items take their rule's source reference and quote: the
			// parent row's, whose id is the rule's.
			for i := range eq.Rows {
				parent := rel.Table(eq.Get(i, "parent_table").String())
				pi := -1
				if parent != nil {
					pi = slices.IndexFunc(parent.Rows, func(r schema.Row) bool { return r[0].String() == eq.Get(i, "parent_id").String() })
				}
				if q := eq.Get(i, "quote").String(); pi < 0 || q == "" || q != parent.Get(pi, "quote").String() {
					t.Errorf("row %s: quote %q, not its parent's", eq.Get(i, "id").String(), q)
				}
			}
			// An item's quantity claims its figure: "two" stands in no
			// other value of any row.
			cov := rel.Table(schema.Coverage.Name)
			for i := range cov.Rows {
				if cov.Get(i, "text").String() == "two" && cov.Get(i, "line").Int() == 1 && cov.Get(i, "rule_ids").String() != "s-gyumri" {
					t.Errorf("two on line 1 is claimed by %s, want s-gyumri", cellText(cov.Get(i, "rule_ids")))
				}
			}
			// Deals: the item row has its own id, the relationship none.
			at := rel.Table(schema.ArmsTransfers.Name)
			for i := range at.Rows {
				id, deal := at.Get(i, "id").String(), at.Get(i, "deal")
				if want := map[string]string{"s-mig25": "s-mig25", "s-arms": ""}[id]; deal.Text() != want {
					t.Errorf("%s: deal %s, want %q", id, cellText(deal), want)
				}
			}
		})
	}
}

// heldCount finds the count a description or unit holds, but not a
// number that begins a compound word, a designation's digits or a year.
func TestHeldCount(t *testing.T) {
	for s, want := range map[string]string{
		"90 armoured vehicles": "90", "two S-300 air-defence systems": "two", "more than 100 tanks": "100",
		"dozens of drones": "dozens", "2-3 batteries": "2-3",
		"two-seat trainers": "", "S-300 air-defence systems": "", "MiG-29 fighters": "", "the 102nd brigade's tanks": "",
		"armoured vehicles": "", "2020 models": "",
	} {
		if got := heldCount(s); got != want {
			t.Errorf("heldCount(%q) = %q, want %q", s, got, want)
		}
	}
}

// The data test of every build catches equipment rows and deals the
// builder got wrong: each case corrupts one cell of the small project's
// release.
func TestValidateItems(t *testing.T) {
	const text = "Russia operates MiG-29 fighters and two S-300 air-defence systems at Gyumri.\n" +
		"Ukraine sold 30 MiG-25 fighter jets to Azerbaijan.\nRussia sells arms to Armenia.\n"
	const rules = "rules:\n  - id: s-gyumri\n    table: deployments\n    quote: Russia operates MiG-29 fighters and two S-300 air-defence systems at Gyumri.\n" +
		"    values: {operator: RUS, host: ARM, kind: military_base, site: Gyumri}\n    equipment:\n" +
		"      - {designation: MiG-29, description: MiG-29 fighters, category: aircraft}\n" +
		"      - {designation: S-300, description: S-300 air-defence systems, category: air_defence_system, quantity: two, unit: air-defence systems}\n" +
		"  - id: s-arms\n    table: arms_transfers\n    quote: Russia sells arms to Armenia.\n" +
		"    values: {supplier: RUS, recipient: ARM, weapon: arms, category: mixed, status: delivered, condition: unknown, scope: relationship}\n" +
		"  - id: s-mig25\n    table: arms_transfers\n    quote: Ukraine sold 30 MiG-25 fighter jets to Azerbaijan.\n" +
		"    values: {supplier: UKR, recipient: AZE, designation: MiG-25, weapon: MiG-25 fighter jets, category: aircraft, quantity: \"30\", unit: fighter jets, status: delivered, condition: unknown, scope: item}\n"
	tests := []struct {
		table, id, column string
		value             schema.Value
		want              string
	}{
		{"equipment", "s-gyumri/2", "parent_id", schema.Str("s-nothing"), `parent_id "s-nothing" is not a row of deployments`},
		{"equipment", "s-gyumri/2", "parent_table", schema.Str("events"), `parent_id "s-gyumri" is not a row of events`},
		{"equipment", "s-gyumri/2", "position", schema.Int(3), "id is not its parent_id and position, s-gyumri/3"},
		{"arms_transfers", "s-mig25", "deal", schema.Null(schema.TypeString), "scope item, and no deal"},
		{"arms_transfers", "s-mig25", "scope", schema.Str("relationship"), "scope relationship, and 1 equipment rows"},
		{"arms_transfers", "s-arms", "deal", schema.Str("odd"), `deal "odd" joins no other row`},
		{"arms_transfers", "s-arms", "deal", schema.Str("s-mig25"), `deal "s-mig25": supplier "UKR", but s-arms of the same deal has "RUS"`},
	}
	for _, tc := range tests {
		t.Run(tc.table+" "+tc.column, func(t *testing.T) {
			root := smallProject(t, text, rules)
			rel, ds := Build(root)
			if ds.Len() > 0 {
				t.Fatal(ds.Err())
			}
			if ps := validateItems(rel); len(ps) > 0 {
				t.Fatalf("the release fails its checks: %v", ps)
			}
			tab := rel.Table(tc.table)
			found := false
			for _, r := range tab.Rows {
				if r[0].String() == tc.id {
					r[tab.Schema.Column(tc.column)] = tc.value
					found = true
				}
			}
			if !found {
				t.Fatalf("no row %s", tc.id)
			}
			p, _ := schema.Load(root)
			texts := map[string]*quote.Text{}
			for _, s := range p.Sources {
				texts[s.ID] = quote.New(s.Text)
			}
			var msgs []string
			for _, pr := range validate(rel, texts, NoProgress{}) {
				msgs = append(msgs, pr.msg)
			}
			if got := strings.Join(msgs, "\n"); !strings.Contains(got, tc.want) {
				t.Errorf("problems\n%s\nwant one with %q", got, tc.want)
			}
		})
	}
}

// Deal keys are checked across the rules before anything is built: a key
// is an id, joins two rows or more, is no rule's id, and its rows name one
// supplier and one recipient; a row of scope item is of one category.
func TestDealKeys(t *testing.T) {
	const text = "Vedomosti reported that Russia sold two S-300 batteries to Azerbaijan, which Russia denied.\n"
	// transfer is a rule of the text's sentence with the given values.
	transfer := func(id, values string) string {
		return "  - id: " + id + "\n    table: arms_transfers\n    quote: Vedomosti reported that Russia sold two S-300 batteries to Azerbaijan, which Russia denied.\n" +
			"    values: {recipient: AZE, designation: S-300, weapon: S-300 batteries, category: air_defence_system, quantity: two, unit: batteries, condition: unknown, " + values + "}\n"
	}
	tests := []struct {
		name, rules string
		want        []string // problems, each a part of one; none when the rules are good
	}{
		{"two rows of one deal", transfer("s-reported", "supplier: RUS, status: reported, scope: item, deal: s300-aze") +
			transfer("s-denied", "supplier: RUS, status: denied, scope: item, deal: s300-aze"), nil},
		{"a key of one row, misspelt", transfer("s-reported", "supplier: RUS, status: reported, scope: item, deal: s300-aze") +
			transfer("s-denied", "supplier: RUS, status: denied, scope: item, deal: s300-aze") +
			transfer("s-again", "supplier: RUS, status: reported, scope: item, deal: s300-aez"),
			[]string{`rules.yaml:13:209: rule s-again: deal key "s300-aez" joins no other row; a deal key is shared by the rows that report the same deal (a row of scope item that no other row joins has its own id as its deal): give it to the other rows of the deal too, or drop it; did you mean "s300-aze"?`}},
		{"rows of a deal disagree", transfer("s-reported", "supplier: RUS, status: reported, scope: item, deal: s300-aze") +
			transfer("s-denied", "supplier: UKR, status: denied, scope: item, deal: s300-aze") +
			transfer("s-third", "status: denied, scope: item, deal: s300-aze"),
			[]string{`rules.yaml:9:207: rule s-denied: deal "s300-aze": supplier UKR, but rule s-reported (seeds/sources/s/rules.yaml:2:5) of the same deal has RUS`,
				`rule s-third: deal "s300-aze": supplier none, but rule s-reported`}},
		{"a key that is a rule's id", transfer("s-reported", "supplier: RUS, status: reported, scope: item, deal: s-denied") +
			transfer("s-denied", "supplier: RUS, status: denied, scope: item, deal: s-denied"),
			[]string{`rule s-reported: deal key "s-denied" is the id of rule s-denied (seeds/sources/s/rules.yaml:6:5)`}},
		{"a key that is not an id", transfer("s-reported", "supplier: RUS, status: reported, scope: item, deal: S300 deal"),
			[]string{`rules.yaml:5:209: deal "S300 deal" must be lower-case letters and digits, joined by - or _; its character 1, 'S', is upper case`}},
		{"an item of mixed arms", transfer("s-reported", "supplier: RUS, status: reported, scope: item") +
			"  - id: s-arms\n    table: arms_transfers\n    quote: Vedomosti reported that Russia sold two S-300 batteries to Azerbaijan, which Russia denied.\n" +
			"    values: {supplier: RUS, recipient: AZE, weapon: S-300 batteries, category: mixed, status: reported, condition: unknown, scope: item}\n",
			[]string{`rule s-arms: scope item is one kind of weapon, but category is mixed (arms of several or unspecified kinds); give the weapon's category, or scope relationship`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, ds := Build(smallProject(t, text, "rules:\n"+tc.rules))
			var got []string
			for _, d := range ds.List() {
				got = append(got, d.String())
			}
			all := strings.Join(got, "\n")
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("problems\n%s\nwant one with %q", all, w)
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("%d problems, want %d:\n%s", len(got), len(tc.want), all)
			}
		})
	}
}
