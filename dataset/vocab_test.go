package dataset

import (
	"reflect"
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
