package cmd

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/dataset/atomicfile"
	"github.com/armsdata/armsdata/schema"
)

const docsUsage = `usage: armsdata docs [flags]

Regenerates the generated parts of README.md from the schema and from the
release built in memory: how to read a figure's columns (between
<!-- figures:begin --> and <!-- figures:end -->), the table reference
(between <!-- tables:begin --> and <!-- tables:end -->), the release
summary with rows per table, coverage per source and the checked claims
(between <!-- summary:begin --> and <!-- summary:end -->), and the form of
a row's citation with an example (between <!-- cite:begin --> and
<!-- cite:end -->). With -check it changes nothing and exits 1 when
README.md is out of date. Shows the build's progress on stderr as build
does.

flags:
`

func runDocs(e *env, args []string) int {
	fs := e.flags("docs", docsUsage)
	root := fs.String("root", ".", "repository `directory` holding seeds/ and README.md")
	check := fs.Bool("check", false, "only report whether README.md is up to date")
	if code, ok := e.parse(fs, args); !ok {
		return code
	}
	e, prog := e.watch("docs", false)
	defer prog.Close()
	rel, code := e.build(*root, prog)
	prog.Close()
	if rel == nil {
		return code
	}
	path := filepath.Join(*root, "README.md")
	old, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(e.stderr, "armsdata docs: %v\n", err)
		return ExitData
	}
	var figures, tables, summary, cite bytes.Buffer
	if err := schema.WriteFigureReadings(&figures); err != nil {
		fmt.Fprintf(e.stderr, "armsdata docs: %v\n", err)
		return ExitData
	}
	if err := schema.WriteMarkdown(&tables); err != nil {
		fmt.Fprintf(e.stderr, "armsdata docs: %v\n", err)
		return ExitData
	}
	if err := dataset.WriteSummary(&summary, rel); err != nil {
		fmt.Fprintf(e.stderr, "armsdata docs: %v\n", err)
		return ExitData
	}
	if err := dataset.WriteCitation(&cite, rel); err != nil {
		fmt.Fprintf(e.stderr, "armsdata docs: %v\n", err)
		return ExitData
	}
	text := string(old)
	for _, part := range []struct{ name, body string }{{"figures", figures.String()}, {"tables", tables.String()}, {"summary", summary.String()}, {"cite", cite.String()}} {
		var ok bool
		if text, ok = replaceSection(text, part.name, part.body); !ok {
			fmt.Fprintf(e.stderr, "README.md: no <!-- %s:begin --> … <!-- %s:end --> section\n", part.name, part.name)
			return ExitData
		}
	}
	switch {
	case text == string(old):
		return ExitOK
	case *check:
		fmt.Fprintln(e.stderr, "README.md: the generated sections are out of date; run make")
		return ExitData
	}
	if err := atomicfile.WriteBytes(path, []byte(text)); err != nil {
		fmt.Fprintf(e.stderr, "armsdata docs: %v\n", err)
		return ExitData
	}
	return ExitOK
}

// replaceSection puts body between the markers of the named section.
func replaceSection(text, name, body string) (string, bool) {
	begin, end := "<!-- "+name+":begin -->\n", "<!-- "+name+":end -->"
	i, j := strings.Index(text, begin), strings.Index(text, end)
	if i < 0 || j < i {
		return text, false
	}
	return text[:i+len(begin)] + body + text[j:], true
}
