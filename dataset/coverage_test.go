package dataset

import (
	"reflect"
	"testing"

	"github.com/armsdata/armsdata/dataset/scan"
	"github.com/armsdata/armsdata/schema"
)

// The claim index finds exactly the rows whose spans hold a figure, each
// once and sorted, wherever the spans lie: nested, overlapping, shared by
// two rules, long ones far before short ones.
func TestClaimIndex(t *testing.T) {
	row := func(id string, spans ...span) *builtRow {
		return &builtRow{rule: &schema.Rule{ID: id}, spans: spans}
	}
	rows := []*builtRow{
		row("r-long", span{0, 100}),
		row("r-b", span{40, 45}, span{41, 44}), // two spans hold 42..43: listed once
		row("r-a", span{42, 43}),
		row("r-edge", span{50, 55}),
		row("r-none"),
	}
	tests := []struct {
		start, end int
		want       []string
	}{
		{42, 43, []string{"r-a", "r-b", "r-long"}},
		{40, 45, []string{"r-b", "r-long"}},
		{50, 55, []string{"r-edge", "r-long"}}, // a span holds a figure at its very bounds
		{49, 51, []string{"r-long"}},           // r-edge starts inside it
		{54, 56, []string{"r-long"}},           // r-edge ends inside it
		{99, 101, nil},                         // past every span
		{200, 201, nil},
	}
	ix := newClaimIndex(rows)
	for _, tc := range tests {
		m := scan.Mention{Start: tc.start, End: tc.end}
		if got := ix.by(m); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("by [%d,%d) = %q, want %q", tc.start, tc.end, got, tc.want)
		}
	}
}
