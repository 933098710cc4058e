package synth

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// The word lists the texts are written from. None holds a figure of its
// own: no digit outside a designation (S-300), no number word.

type country struct{ code, name string }

var countries = []country{
	{"ARM", "Armenia"}, {"AZE", "Azerbaijan"}, {"RUS", "Russia"}, {"TUR", "Turkey"},
	{"ISR", "Israel"}, {"UKR", "Ukraine"}, {"BLR", "Belarus"}, {"IRN", "Iran"},
	{"GEO", "Georgia"}, {"KAZ", "Kazakhstan"}, {"SRB", "Serbia"}, {"BGR", "Bulgaria"},
	{"PAK", "Pakistan"}, {"IND", "India"}, {"CHN", "China"}, {"FRA", "France"},
	{"GRC", "Greece"}, {"CYP", "Cyprus"}, {"JOR", "Jordan"}, {"EGY", "Egypt"},
	{"SYR", "Syria"}, {"KGZ", "Kyrgyzstan"}, {"TKM", "Turkmenistan"}, {"UZB", "Uzbekistan"},
}

func actorsYAML() string {
	var b strings.Builder
	b.WriteString("actors:\n")
	for _, c := range countries {
		fmt.Fprintf(&b, "  - {code: %s, name: %s, kind: state}\n", c.code, c.name)
	}
	return b.String()
}

var sites = []string{
	"Gyumri", "Erebuni", "Gabala", "Akhalkalaki", "Vaziani", "Tartus", "Hmeimim",
	"Kant", "Dushanbe", "Baikonur", "Sevastopol", "Batumi", "Ganja", "Nakhchivan",
	"Meghri", "Kapan", "Lachin", "Shusha", "Agdam", "Fizuli", "Kelbajar", "Goris",
}

var references = []string{"Yerevan", "Baku", "Tbilisi", "Moscow", "Ankara", "Tehran", "Stepanakert", "Sochi"}

var directions = []string{"north", "northwest", "west", "southwest", "south", "southeast", "east", "northeast"}

var regions = []string{"Kelbajar", "Lachin", "Agdam", "Fizuli", "Jabrayil", "Zangilan", "Kubatly", "Tavush", "Syunik", "Shirak"}

var surnames = []string{"Petrosyan", "Aliyeva", "Ivanov", "Kaya", "Levi", "Melnyk", "Novak", "Rahimi", "Beridze", "Sokolova", "Demir", "Hakobyan"}
var givenNames = []string{"Anna", "Elmar", "Sergei", "Ayse", "David", "Olena", "Marta", "Reza", "Nino", "Irina", "Kemal", "Lilit"}

var periodicals = []string{
	"Caucasus Defence Review", "Caspian Security Monitor", "Black Sea Strategic Digest",
	"Eurasian Arms Bulletin", "South Caucasus Analyst", "Regional Security Weekly",
}

var titles = []string{
	"Arms and influence in the South Caucasus",
	"Old bases, new suppliers",
	"The arms race nobody admits to",
	"Budgets, brigades and a fragile ceasefire",
	"Who arms whom along the line of contact",
	"Missiles, money and mediation",
	"The return of the great powers to the Caucasus",
	"Drones over the mountains",
}

var openings = []string{
	"Officials on both sides describe the balance of forces as stable, though few of them believe it.",
	"The region's military balance has shifted more quickly than its diplomats admit.",
	"Behind the talk of mediation lies a steady accumulation of weapons.",
	"Analysts in the capitals read the same figures in very different ways.",
}

// weapon is a kind of equipment a transfer sentence names.
type weapon struct {
	designation, what, unit, category string
}

var weapons = []weapon{
	{"S-300", "air-defence systems", "batteries", "air_defence_system"},
	{"T-90", "main battle tanks", "", "armoured_vehicle"},
	{"MiG-29", "fighter jets", "", "aircraft"},
	{"Su-25", "ground-attack aircraft", "", "aircraft"},
	{"BM-21", "multiple rocket launchers", "", "artillery"},
	{"Mi-24", "attack helicopters", "", "aircraft"},
	{"Iskander", "ballistic missile systems", "", "missile_system"},
	{"Harop", "loitering munitions", "", "uav"},
	{"BTR-80", "armoured personnel carriers", "", "armoured_vehicle"},
	{"Smerch", "heavy rocket launchers", "", "artillery"},
}

// condition is an equipment condition and the words that say it.
var conditions = []struct{ code, words string }{
	{"new", "brand-new "}, {"second_hand", "ex-Soviet "}, {"second_hand_modernised", "modernised ex-Soviet "}, {"unknown", ""},
}

var attributions = []string{"the Stockholm International Peace Research Institute", "Vedomosti", "Kommersant", "the defence ministry", "Jane's Defence Weekly"}

var facilities = []struct{ name, kind string }{
	{"military base", "military_base"},
	{"air base", "air_unit"},
	{"radar station", "radar_station"},
	{"border guard post", "border_guard"},
	{"ceasefire monitoring centre", "monitoring_centre"},
	{"forward arsenal", "forward_arsenal"},
}

// equipment is what a deployment sentence lists, as written, and its
// items.
var equipment = []struct {
	text  string
	items []struct{ designation, description, category string }
}{
	{"S-300 batteries and MiG-29 fighters", []struct{ designation, description, category string }{
		{"S-300", "S-300 batteries", "air_defence_system"}, {"MiG-29", "MiG-29 fighters", "aircraft"}}},
	{"T-90 tanks and BM-21 launchers", []struct{ designation, description, category string }{
		{"T-90", "T-90 tanks", "armoured_vehicle"}, {"BM-21", "BM-21 launchers", "artillery"}}},
	{"Mi-24 helicopters", []struct{ designation, description, category string }{
		{"Mi-24", "Mi-24 helicopters", "aircraft"}}},
	{"radar equipment and Su-25 aircraft", []struct{ designation, description, category string }{
		{"Su-25", "Su-25 aircraft", "aircraft"}}}, // radar equipment is no weapon of a category
}

var agreementKinds = []struct{ name, kind string }{
	{"agreement on military-technical cooperation", "military_technical_cooperation"},
	{"treaty of friendship and mutual assistance", "mutual_assistance"},
	{"protocol on defence cooperation", "defence_cooperation"},
	{"memorandum on officer training", "officer_training"},
	{"agreement on the terms of the base", "basing"},
	{"agreement on a joint air-defence system", "joint_forces"},
}

// number words for counts written in words.
var smallWords = []string{"", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
var tensWords = []string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}

// words writes 1..99 in words ("twenty-four").
func words(n int) string {
	switch {
	case n < 20:
		return smallWords[n]
	case n%10 == 0:
		return tensWords[n/10]
	}
	return tensWords[n/10] + "-" + smallWords[n%10]
}

// commas writes n with thousands commas, as English texts do.
func commas(n int) string { return message.NewPrinter(language.English).Sprint(n) }

// possessive writes a country's name with 's.
func possessive(name string) string { return name + "'s" }
