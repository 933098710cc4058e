package dataset

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/armsdata/armsdata/schema"
)

// WriteSummary writes the release at a glance, in Markdown, for the README:
// rows per table, coverage of the figures per source, the texts' claims
// with their results, and the links between sources.
func WriteSummary(w io.Writer, rel *Release) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Release %s.\n\n| table | rows |\n|---|---:|\n", rel.Meta.Version)
	for _, t := range rel.Tables {
		fmt.Fprintf(&b, "| `%s` | %d |\n", t.Schema.Name, len(t.Rows))
	}

	b.WriteString("\nCoverage: every figure the builder finds in a text is claimed by a rule or waived with a reason.\n\n")
	b.WriteString("| source | claimed | waived | total |\n|---|---:|---:|---:|\n")
	type counts struct{ claimed, waived int }
	per := map[string]*counts{}
	var order []string
	if cov := rel.Table(schema.Coverage.Name); cov != nil {
		for _, r := range cov.Rows {
			src := r[schema.CoverageCols.SourceID].String()
			if per[src] == nil {
				per[src] = &counts{}
				order = append(order, src)
			}
			if r[schema.CoverageCols.Status].String() == "claimed" {
				per[src].claimed++
			} else {
				per[src].waived++
			}
		}
	}
	sort.Strings(order)
	var total counts
	for _, src := range order {
		c := per[src]
		total.claimed += c.claimed
		total.waived += c.waived
		fmt.Fprintf(&b, "| `%s` | %d | %d | %d |\n", src, c.claimed, c.waived, c.claimed+c.waived)
	}
	fmt.Fprintf(&b, "| all | %d | %d | %d |\n", total.claimed, total.waived, total.claimed+total.waived)

	if claims := rel.Table(schema.Claims.Name); claims != nil && len(claims.Rows) > 0 {
		b.WriteString("\nThe texts' own claims, checked against the rows they compare:\n\n")
		b.WriteString("| claim | kind | result | check |\n|---|---|---|---|\n")
		c := schema.ClaimsCols
		for _, r := range claims.Rows {
			fmt.Fprintf(&b, "| `%s` | %s | **%s** | %s |\n", r[schema.Claims.Ref().ID].String(), r[c.Kind].String(),
				r[c.Result].String(), mdCell(r[c.Detail].String()))
		}
	}
	if links := rel.Table(schema.Links.Name); links != nil && len(links.Rows) > 0 {
		b.WriteString("\nReports of the same quantity in different sources (all kept, never merged):\n\n")
		b.WriteString("| key | rows | relation |\n|---|---|---|\n")
		c := schema.LinksCols
		for _, r := range links.Rows {
			fmt.Fprintf(&b, "| `%s` | `%s` / `%s` | %s |\n", r[c.LinkKey].String(), r[c.RowA].String(), r[c.RowB].String(), r[c.Relation].String())
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
