package dataset

import (
	"reflect"
	"regexp"
	"testing"

	"github.com/armsdata/armsdata/dataset/figure"
	"github.com/armsdata/armsdata/dataset/scan"
	"github.com/armsdata/armsdata/dataset/when"
	"github.com/armsdata/armsdata/schema"
)

// The parsers name qualifiers and precisions; the schema documents them.
// Both lists must be the same, or a row could carry an undocumented code.
func TestParserVocabulariesMatchSchema(t *testing.T) {
	var quals, precs []string
	for _, q := range figure.Qualifiers() {
		quals = append(quals, string(q))
	}
	for _, p := range when.Precisions() {
		precs = append(precs, string(p))
	}
	if want := schema.Qualifiers.Codes(); !reflect.DeepEqual(quals, want) {
		t.Errorf("figure qualifiers %v, schema documents %v", quals, want)
	}
	if want := schema.Precisions.Codes(); !reflect.DeepEqual(precs, want) {
		t.Errorf("when precisions %v, schema documents %v", precs, want)
	}
	if want := schema.MentionKinds.Codes(); !reflect.DeepEqual(scan.Kinds, want) {
		t.Errorf("scan kinds %v, schema documents %v", scan.Kinds, want)
	}
}

// The dictionary's reading of each qualifier (schema.FigureReadings) is
// what the parser gives for the examples it shows: the same columns set,
// with the numbers it shows (one per example where it lists one per
// example, else the first example's).
func TestFigureReadingsAreWhatTheParserReads(t *testing.T) {
	number := regexp.MustCompile(`[0-9]+`)
	examples := regexp.MustCompile(`"([^"]*)"`)
	for _, r := range schema.FigureReadings {
		ex := examples.FindAllStringSubmatch(r.Example, -1)
		if len(ex) == 0 {
			t.Errorf("%s: no example", r.Qualifier)
		}
		for i, m := range ex {
			f, err := figure.Parse(m[1])
			if err != nil {
				t.Errorf("%s: example %q: %v", r.Qualifier, m[1], err)
				continue
			}
			if string(f.Qualifier) != r.Qualifier {
				t.Errorf("example %q reads as %s, shown as %s", m[1], f.Qualifier, r.Qualifier)
			}
			for _, c := range []struct {
				name  string
				shown string
				got   *float64
			}{{"value", r.Value, f.Value}, {"low", r.Low, f.Low}, {"high", r.High, f.High}} {
				switch nums := number.FindAllString(c.shown, -1); {
				case c.got == nil && c.shown != "":
					t.Errorf("example %q: %s shown as %q, parsed as null", m[1], c.name, c.shown)
				case c.got != nil && c.shown == "":
					t.Errorf("example %q: %s shown as null, parsed as %s", m[1], c.name, figure.Number(*c.got))
				case c.got != nil && len(nums) == len(ex) && nums[i] != figure.Number(*c.got),
					c.got != nil && len(nums) != len(ex) && i == 0 && nums[0] != figure.Number(*c.got):
					t.Errorf("example %q: %s shown as %q, parsed as %s", m[1], c.name, c.shown, figure.Number(*c.got))
				}
			}
		}
	}
}
