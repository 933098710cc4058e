package dataset

import (
	"strings"
	"testing"

	"github.com/armsdata/armsdata/schema"
)

// An inferred time must fit the source's publication: one counted from the
// date of publication reaches into the year of publication or a year either
// side; one read from the text's context does not start after the text was
// written. Each case gives the publication span, the basis, the time's
// bounds ("" open) and whether it is refused.
func TestNearPublication(t *testing.T) {
	tests := []struct {
		name, earliest, latest, basis, start, end string
		refused                                   bool
	}{
		{"the year of publication", "2010-09-03", "2010-12-31", "inferred_publication", "2010-01-01", "2010-12-31", false},
		{"a month before publication", "2016-11-21", "2016-11-21", "inferred_publication", "2016-04-01", "2016-04-30", false},
		{"last November, in January", "2001-01-04", "2001-01-08", "inferred_publication", "2000-11-01", "2000-11-30", false},
		{"next week, after publication", "2001-01-04", "2001-01-08", "inferred_publication", "2001-01-08", "2001-01-21", false},
		{"the past decade", "2016-11-21", "2016-11-21", "inferred_publication", "2006-01-01", "2016-12-31", false},
		{"until publication", "2010-09-03", "2010-12-31", "inferred_publication", "", "2010-12-31", false},
		{"the first day of the window", "2010-09-03", "2010-09-03", "inferred_publication", "2005-01-01", "2009-01-01", false},
		{"the last day of the window", "2010-09-03", "2010-09-03", "inferred_publication", "2011-12-31", "2013-01-01", false},
		{"a copied year", "2016-11-21", "2016-11-21", "inferred_publication", "2010-01-01", "2010-12-31", true},
		{"a mistyped year", "2003-03-12", "2003-03-12", "inferred_publication", "2099-01-01", "2099-12-31", true},
		{"until long before", "2010-09-03", "2010-12-31", "inferred_publication", "", "2008-12-31", true},
		{"from long after", "2010-09-03", "2010-12-31", "inferred_publication", "2012-01-01", "", true},
		{"context: long before", "2021-02-16", "2021-12-31", "inferred_context", "1988-01-01", "2020-12-31", false},
		{"context: running past publication", "2021-02-16", "2021-12-31", "inferred_context", "2020-11-10", "2025-11-10", false},
		{"context: starting on the last day", "2010-09-03", "2010-09-03", "inferred_context", "2010-09-03", "2010-09-03", false},
		{"context: open start", "2010-09-03", "2010-09-03", "inferred_context", "", "2044-12-31", false},
		{"context: starting after", "2010-09-03", "2010-09-03", "inferred_context", "2010-09-04", "2010-09-04", true},
		{"stated in the future", "2010-09-03", "2010-09-03", "stated", "2044-01-01", "2044-12-31", false},
	}
	date := func(s string) schema.Date {
		if s == "" {
			return schema.Date{}
		}
		d, err := schema.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ds schema.Diagnostics
			b := &builder{ds: &ds}
			src := &schema.Source{ID: "s", Published: schema.Published{Earliest: date(tc.earliest), Latest: date(tc.latest)}}
			w := &schema.WhenSpec{Basis: tc.basis, Start: tc.start, End: tc.end}
			v := &schema.RuleValue{Field: &schema.Field{Name: "when", Kind: schema.KindWhen}, When: w}
			ok := b.nearPublication(&schema.Rule{ID: "s-x", Source: src}, v, date(tc.start), date(tc.end))
			if ok == tc.refused || ok != (ds.Len() == 0) {
				t.Errorf("ok %v, want refused %v: %v", ok, tc.refused, ds.List())
			}
			for _, d := range ds.List() {
				if !strings.HasPrefix(d.Msg, "rule s-x: when: ") {
					t.Errorf("message %q does not name the rule and field", d.Msg)
				}
			}
		})
	}
}
