package export

import (
	"strings"

	"github.com/armsdata/armsdata/dataset"
)

// withTexts gives r the source texts its quotes stand in, as a build
// does: each source's text holds every quote of its rows at the quote's
// offsets, spaces between. The rows must not overlap unless they agree.
func withTexts(r *dataset.Release) *dataset.Release {
	texts := map[string][]rune{}
	for _, t := range r.Tables {
		if !t.Schema.Curated {
			continue
		}
		ref := t.Schema.Ref()
		for _, row := range t.Rows {
			src := row[ref.SourceID].String()
			q := []rune(row[ref.Quote].String())
			start := int(row[ref.QuoteStart].Int())
			for len(texts[src]) < start+len(q) {
				texts[src] = append(texts[src], ' ')
			}
			copy(texts[src][start:], q)
		}
	}
	r.Texts = map[string]string{}
	for id, text := range texts {
		r.Texts[id] = strings.TrimRight(string(text), " ") + "\n"
	}
	return r
}
