package cmd

import (
	"fmt"

	"github.com/armsdata/armsdata/dataset"
)

const explainUsage = `usage: armsdata explain [flags] ROW_ID

Prints one row of the release for review: its values, the rule that
produced it (file:line:col), and its quote inside the surrounding paragraph
of the source, with the quote between [[ and ]] and each figure, time and
verbatim value of the row between ** and **. Builds the release in memory
from seeds/ first (showing its progress on stderr, as build does); writes
nothing.

flags:
`

func runExplain(e *env, args []string) int {
	fs := e.flags("explain", explainUsage)
	root := fs.String("root", ".", "repository `directory` holding seeds/")
	pos, code, ok := e.parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintln(e.stderr, "armsdata explain: give exactly one row id")
		fs.Usage()
		return ExitUsage
	}
	e, prog := e.watch("explain", false)
	defer prog.Close()
	rel, code := e.build(*root, prog)
	prog.Close()
	if rel == nil {
		return code
	}
	if err := dataset.Explain(e.stdout, rel, *root, pos[0]); err != nil {
		fmt.Fprintf(e.stderr, "armsdata explain: %v\n", err)
		return ExitData
	}
	return ExitOK
}
