package cmd

import (
	"fmt"

	"github.com/armsdata/armsdata/dataset/synth"
)

const synthUsage = `usage: armsdata synth -rules N -o DIR

Writes a synthetic corpus of N rules, in the input format, for benchmarks
and scale tests: DIR/seeds/ with one source folder per text (ten rules a
text, so 1,000,000 rules make 100,000 texts), its rules and waivers, link
keys shared by pairs of texts, the actors and the release metadata. The
texts are invented prose whose figures take every form the parsers read;
every figure is claimed or waived, and "armsdata check -root DIR" accepts
the corpus. The same N gives the same bytes. DIR must not exist or be
empty: synth never writes over or beside files of yours.

flags:
`

func runSynth(e *env, args []string) int {
	fs := e.flags("synth", synthUsage)
	n := fs.Int("rules", 0, "the `number` of rules to write (at least 1)")
	dir := fs.String("o", "", "the `directory` to write the corpus into: new or empty")
	if code, ok := e.parse(fs, args); !ok {
		return code
	}
	switch {
	case *n < 1:
		fmt.Fprintln(e.stderr, "armsdata synth: give -rules N, at least 1")
		fs.Usage()
		return ExitUsage
	case *dir == "":
		fmt.Fprintln(e.stderr, "armsdata synth: give -o DIR, a new or empty directory")
		fs.Usage()
		return ExitUsage
	}
	st, err := synth.Write(*dir, *n)
	if err != nil {
		fmt.Fprintf(e.stderr, "armsdata synth: %v\n", err)
		return ExitData
	}
	fmt.Fprintf(e.stdout, "armsdata synth: wrote %d rules, %d waivers and %d link keys over %d texts (%d files, %d bytes) to %s\n",
		st.Rules, st.Waivers, st.LinkKeys, st.Texts, st.Files, st.Bytes, *dir)
	return ExitOK
}
