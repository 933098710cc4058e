package dataset

import (
	"regexp"
	"strings"
	"testing"
)

// The real corpus's line-end hyphens, in every quote that has one (27
// quotes, 39 places, all in ieee2021, a PDF extraction): each is shown
// joined but "co-chairs", which the text writes with its hyphen elsewhere
// ("the co-chairs of the Minsk Group"). Checked by hand against the
// text's spelling.
func TestDisplayRealHyphenations(t *testing.T) {
	cases := map[string][]struct{ written, shown string }{
		"ieee2021-peacekeepers-2020":                        {{"Rus-\nsian", "Russian"}, {"person-\nnel", "personnel"}},
		"ieee2021-peacekeeping-force-2020":                  {{"Rus-\nsian", "Russian"}, {"person-\nnel", "personnel"}},
		"ieee2021-erdogan-accuses-france-arms":              {{"co-\nchairs", "co-chairs"}, {"weap-\nons", "weapons"}},
		"ieee2021-erdogan-accuses-russia-arms":              {{"co-\nchairs", "co-chairs"}, {"weap-\nons", "weapons"}},
		"ieee2021-erdogan-accuses-usa-arms":                 {{"co-\nchairs", "co-chairs"}, {"weap-\nons", "weapons"}},
		"ieee2021-ceasefire-2020-10-10":                     {{"be-\ntween", "between"}},
		"ieee2021-moscow-meeting-2020-10-10":                {{"be-\ntween", "between"}},
		"ieee2021-ceasefire-2020-10-17":                     {{"cease-\nfire", "ceasefire"}},
		"ieee2021-compromise-2020-10-30":                    {{"agree-\nment", "agreement"}},
		"ieee2021-csto-membership":                          {{"Ar-\nmenian", "Armenian"}},
		"ieee2021-incidents-since-1994":                     {{"Ar-\nmenian", "Armenian"}},
		"ieee2021-turkey-armenia-normalisation-2009":        {{"precise-\nly", "precisely"}},
		"ieee2021-turkey-armenia-normalisation-broken-2018": {{"precise-\nly", "precisely"}},
		"ieee2021-turkey-azerbaijan-cooperation-since-2019": {{"grow-\ning", "growing"}},
		"ieee2021-artsakh-recognition-bid-2020":             {{"internation-\nal", "international"}},
		"ieee2021-baku-victory-parade-2020":                 {{"Azerbaija-\nni", "Azerbaijani"}, {"vic-\ntory", "victory"}},
		"ieee2021-casualties-since-first-hostilities":       {{"ci-\nvilian", "civilian"}},
		"ieee2021-erdogan-ultimatum-2020-02-04":             {{"with-\ndrawal", "withdrawal"}},
		"ieee2021-martial-law-2020":                         {{"mobilisa-\ntion", "mobilisation"}},
		"ieee2021-russian-delegation-yerevan-2020":          {{"No-\nvember", "November"}},
		"ieee2021-secession-bid-1988":                       {{"se-\ncede", "secede"}},
		"ieee2021-syria-war-nine-years":                     {{"con-\ntinue", "continue"}},
		"ieee2021-line-of-contact-length":                   {{"extend-\ned", "extended"}},
		// Quotes lengthened to reach a footnote or a list of participants:
		// a hyphen before a blank line and footnote numbers is page
		// furniture, kept; an address's and an ordinal's hyphens are kept.
		"ieee2021-sna-fighters-2020":         {{"bor-\nder", "border"}, {"inter-\nest", "interest"}, {"objec-\ntives", "objectives"}, {"cooper-\nation", "cooperation"}, {"inter-\n\n57", "inter- 57"}},
		"ieee2021-air-squadron-yerevan":      {{"estab-\n\n25", "estab- 25"}, {"17th-\nannual", "17th-annual"}},
		"ieee2021-kavkaz-2020":               {{"have-\nyour", "have-your"}},
		"ieee2021-peacekeeping-force-2020/1": {{"Rus-\nsian", "Russian"}, {"person-\nnel", "personnel"}},
	}
	lineEndHyphen := regexp.MustCompile(`[\pL\pN]-[ \t]*\n\s*[\pL\pN]`)
	r := repoBuild(t)
	seen, places := map[string]bool{}, 0
	for _, tab := range r.Tables {
		if !tab.Schema.Curated {
			continue
		}
		ref := tab.Schema.Ref()
		for _, row := range tab.Rows {
			id, q, shown := row[ref.ID].String(), row[ref.Quote].String(), row[ref.QuoteDisplay].String()
			if strings.ContainsAny(shown, "\n\t") || strings.Contains(shown, "  ") || strings.Contains(shown, `\$`) {
				t.Errorf("%s: quote_display %q keeps a line break, a run of spaces or an escape", id, shown)
			}
			n := len(lineEndHyphen.FindAllString(q, -1))
			want, listed := cases[id]
			if n == 0 {
				if listed {
					t.Errorf("%s: listed, but its quote has no line-end hyphen", id)
				}
				continue
			}
			seen[id], places = true, places+n
			if len(want) != n {
				t.Errorf("%s: %d line-end hyphens in the quote, %d listed", id, n, len(want))
			}
			for _, c := range want {
				if !strings.Contains(q, c.written) || !strings.Contains(shown, c.shown) {
					t.Errorf("%s: %q in the quote should show as %q; quote_display %q", id, c.written, c.shown, shown)
				}
			}
		}
	}
	if len(seen) != len(cases) || places != 39 {
		t.Errorf("%d quotes with %d line-end hyphens, want the %d listed with 39", len(seen), places, len(cases))
	}
}
