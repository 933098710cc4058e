package dataset

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/armsdata/armsdata/dataset/quote"
	"github.com/armsdata/armsdata/schema"
)

// The data tests run on the real seeds: the release the repository builds.

var (
	repoOnce    sync.Once
	repoRelease *Release
	repoDiags   schema.Diagnostics
)

func repoBuild(t *testing.T) *Release {
	t.Helper()
	repoOnce.Do(func() { repoRelease, repoDiags = Build("../") })
	if repoDiags.Len() > 0 {
		t.Fatalf("the seeds do not build:\n%v", repoDiags.Err())
	}
	return repoRelease
}

// sourceTexts reads every source file as Python would, code point by code point.
func sourceTexts(t *testing.T, r *Release) map[string][]rune {
	t.Helper()
	texts := map[string][]rune{}
	c := schema.SourcesCols
	for _, row := range r.Table(schema.Sources.Name).Rows {
		data, err := os.ReadFile(filepath.Join("..", row[c.File].String()))
		if err != nil {
			t.Fatal(err)
		}
		texts[row[c.SourceID].String()] = []rune(string(data))
	}
	return texts
}

// Every row of every curated table has a quote that stands in its source at
// its offsets, on the line it names.
func TestEveryQuoteIsAtItsOffsets(t *testing.T) {
	r := repoBuild(t)
	texts := sourceTexts(t, r)
	rows := 0
	for _, tab := range r.Tables {
		if !tab.Schema.Curated {
			continue
		}
		ref := tab.Schema.Ref()
		for _, row := range tab.Rows {
			rows++
			id := row[ref.ID].String()
			text := texts[row[ref.SourceID].String()]
			start, end := int(row[ref.QuoteStart].Int()), int(row[ref.QuoteEnd].Int())
			if start < 0 || end > len(text) || start >= end {
				t.Errorf("%s %s: offsets [%d,%d) outside the text (%d)", tab.Schema.Name, id, start, end, len(text))
				continue
			}
			if got, want := string(text[start:end]), row[ref.Quote].String(); got != want {
				t.Errorf("%s %s: text[%d:%d] = %q, quote = %q", tab.Schema.Name, id, start, end, got, want)
			}
			if line := 1 + strings.Count(string(text[:start]), "\n"); int64(line) != row[ref.QuoteLine].Int() {
				t.Errorf("%s %s: quote starts on line %d, row says %d", tab.Schema.Name, id, line, row[ref.QuoteLine].Int())
			}
		}
	}
	if rows == 0 {
		t.Fatal("no curated rows at all")
	}
}

// Every figure, time and verbatim text of a row appears in its quote, as
// the display quote shows it.
func TestEveryFigureIsInItsQuote(t *testing.T) {
	r := repoBuild(t)
	for _, tab := range r.Tables {
		if !tab.Schema.Curated {
			continue
		}
		ref := tab.Schema.Ref()
		for _, row := range tab.Rows {
			q := quote.New(row[ref.QuoteDisplay].String())
			for _, f := range tab.Schema.Fields {
				c := f.Cols().Quoted
				if c == schema.NoCol || row[c].IsNull() {
					continue
				}
				if v := row[c]; len(q.FindWord(v.String())) == 0 {
					t.Errorf("%s %s: %s %q is not in the display quote %q", tab.Schema.Name, row[ref.ID].String(), f.QuotedColumn(), v.String(), row[ref.QuoteDisplay].String())
				}
			}
		}
	}
}

// Building twice gives identical releases: no map order leaks into rows.
func TestBuildIsDeterministic(t *testing.T) {
	a := repoBuild(t)
	b, ds := Build("../")
	if ds.Len() > 0 {
		t.Fatal(ds.Err())
	}
	for ti, tab := range a.Tables {
		other := b.Tables[ti]
		if len(tab.Rows) != len(other.Rows) {
			t.Fatalf("%s: %d rows, then %d", tab.Schema.Name, len(tab.Rows), len(other.Rows))
		}
		for i := range tab.Rows {
			for j := range tab.Rows[i] {
				if !tab.Rows[i][j].Equal(other.Rows[i][j]) {
					t.Errorf("%s row %d col %d differs between builds", tab.Schema.Name, i, j)
				}
			}
		}
	}
}
