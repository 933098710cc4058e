// Package cmd is the armsdata command line: it parses arguments, runs the
// pipeline (load and check seeds, build rows, export) and maps the outcome
// to an exit code. main only calls Do.
package cmd

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/dataset/english"
	"github.com/armsdata/armsdata/dataset/export"
	"github.com/armsdata/armsdata/schema"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitData  = 1 // the inputs have problems, or writing failed
	ExitUsage = 2 // the command line is wrong
)

// Version is the tool's version, set at link time for releases.
var Version = "dev"

type command struct {
	name    string
	summary string
	usage   string
	run     func(env *env, args []string) int
}

type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

func commands() []command {
	return []command{
		{"build", "check the seeds and write the release", buildUsage, runBuild},
		{"check", "check the seeds without writing anything", checkUsage, runCheck},
		{"explain", "show one row with its rule and its quote in context", explainUsage, runExplain},
		{"diff", "compare two releases row by row (directories or git revisions)", diffUsage, runDiff},
		{"release", "pack release x.y.z: archive, checksum and changelog section", releaseUsage, runRelease},
		{"docs", "regenerate the generated sections of README.md", docsUsage, runDocs},
		{"synth", "write a synthetic corpus of N rules, for benchmarks", synthUsage, runSynth},
		{"version", "print the version", versionUsage, runVersion},
	}
}

const mainUsage = `armsdata turns source texts about arms transfers and the military balance
into a citable dataset: hand-curated rules (seeds/sources/<id>/rules.yaml)
quote the texts beside them, and every row of the release in out/ carries
its quote and the quote's place in the source.

usage: armsdata <command> [flags]

commands:
%s
Run "armsdata <command> --help" for a command's flags.
Exit status: 0 success, 1 problems in the inputs (listed as file:line:col),
2 a wrong command line.
`

// Do runs the command line args (without the program name) and returns
// the exit code.
func Do(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText())
		return ExitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usageText())
		return ExitOK
	case "-version", "--version":
		args = []string{"version"}
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(e, args[1:])
		}
	}
	fmt.Fprintf(stderr, "armsdata: unknown command %q\n\n%s", args[0], usageText())
	return ExitUsage
}

func usageText() string {
	var b strings.Builder
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-9s %s\n", c.name, c.summary)
	}
	return fmt.Sprintf(mainUsage, b.String())
}

// flags makes a command's flag set; parse reports whether to go on, and
// the exit code when not.
func (e *env) flags(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	return fs
}

func (e *env) parse(fs *flag.FlagSet, args []string) (int, bool) {
	pos, code, ok := e.parseArgs(fs, args)
	if !ok {
		return code, false
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "armsdata %s: unexpected argument %q\n", fs.Name(), pos[0])
		fs.Usage()
		return ExitUsage, false
	}
	return 0, true
}

// parseArgs parses the flags and returns the positional arguments; when
// it returns false, the command ends with the exit code. --help prints the
// usage on stdout and is a success; a wrong flag prints flag's message and
// the usage on stderr and is a usage error (2). The usage is printed once:
// flag.FlagSet.Parse itself would print it to stderr on --help too.
func (e *env) parseArgs(fs *flag.FlagSet, args []string) ([]string, int, bool) {
	usage := fs.Usage
	fs.Usage = func() {}
	pos, err := parseInterspersed(fs, args)
	fs.Usage = usage
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(e.stdout)
		fs.Usage()
		fs.SetOutput(e.stderr)
		return nil, ExitOK, false
	case err != nil:
		fs.Usage()
		return nil, ExitUsage, false
	}
	return pos, 0, true
}

// parseInterspersed parses flags that may come before, between or after
// the positional arguments, and returns those. After "--" every argument
// is positional.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

const buildUsage = `usage: armsdata build [flags]

Checks everything under seeds/ (the source texts and their checksums, the
actors, every rule, the coverage of every figure in every text), then writes
the release: out/csv/<table>.csv, out/parquet/<table>.parquet,
out/<name>.xlsx, out/<name>.sqlite (every table in one SQLite database,
with full-text search and views) and out/datasette.json (its metadata for
Datasette), out/DICTIONARY.md, out/datapackage.json and out/SHA256SUMS;
for a large release, or with -partition, also
out/parquet-partitioned/<table>/source_year=<year>/part-0.parquet (the
tables whose rows come from a source, hive-partitioned by the year of the
source, for Spark and DuckDB). Nothing is written unless every check
passes. The release is written beside out/ and checked (every file that
datapackage.json and SHA256SUMS name is there with its checksum, every
table has its CSV and Parquet file, its sheet and its rows in the
database); only then does it
replace the old one, in a single step, so a failed, interrupted (Ctrl-C,
SIGTERM) or killed build leaves out/ as it was. Claims of the texts that
the rows contradict are reported as findings on stderr and do not stop the
build.

The release replaces only what build can tell is a release it wrote, so it
never deletes your files. -o may name
  - a directory that does not exist yet (it is created),
  - an empty directory, or
  - an earlier release: a directory whose SHA256SUMS lists datapackage.json
    and every file in it, each with its current checksum.
Anything else is refused and left as it is: a file, a directory of other
files, a release with a file added or edited since it was written (move
the file out, or remove or restore the directory), the project directory
(-root) or a directory above it, seeds/ or a place inside it, a place
inside another release. A relative -o is taken from the current
directory. When -o (or out/) is a symbolic link, the release replaces the
directory the link points to, under the same rules, and the link stays.

While it runs, build shows its progress on stderr (never on stdout): on
a terminal, one line redrawn in place, with the stage at work (load,
match+normalise, coverage, links+claims, tables, validate, then a stage
per writer, verify and sync), how far it is and its time; otherwise (a
pipe, a file, CI), a line for each stage that took a second or more, such
as "armsdata build: validate: 474423 rows in 9.5 s", so a small build
prints none. -q prints no progress.

Builds writing to the same place take turns: a build waits (up to 5
minutes, saying so on stderr) while another one publishes there. While it
publishes, a build holds the lock file .out.lock beside out/ and writes into
.out.tmp-*; it removes both, and a killed build's are removed by the next.

Parsed YAML files are kept in a cache, by content, so that a build after
an edit parses only the files that changed: in the armsdata folder of the
user's cache directory (~/.cache/armsdata on Linux), or where
ARMSDATA_CACHE names; ARMSDATA_CACHE=off turns it off. It never changes
what is built.

Exit status: 0 published, 1 problems in the inputs (file:line:col) or a
refused or failed write (out/ as it was), 2 a wrong command line, 130 or
143 interrupted by SIGINT or SIGTERM (out/ as it was).

flags:
`

const checkUsage = `usage: armsdata check [flags]

Checks everything under seeds/ as build does, and writes nothing. Problems
are listed one per line as file:line:col: message. Shows its progress on
stderr as build does (a line redrawn on a terminal, otherwise a line for
each stage of a second or more; none with -q).

flags:
`

const versionUsage = `usage: armsdata version [flags]

Prints two versions, which are two things: the tool's (the program, named
by the git commit it was built from) and, when run in a project, the
dataset's (the release, from seeds/dataset.yaml; the data package, the
workbook's About sheet and every citation carry it).

flags:
`

func runVersion(e *env, args []string) int {
	fs := e.flags("version", versionUsage)
	root := fs.String("root", ".", "repository `directory` holding seeds/")
	if code, ok := e.parse(fs, args); !ok {
		return code
	}
	fmt.Fprintf(e.stdout, "tool:    armsdata %s\n", Version)
	if _, err := os.Stat(filepath.Join(*root, schema.MetaFile)); err != nil {
		return ExitOK // not in a project
	}
	m, ds := schema.LoadMeta(*root)
	if ds.Len() > 0 {
		printDiagnostics(e.stderr, ds)
		return ExitData
	}
	fmt.Fprintf(e.stdout, "dataset: %s %s (%s)\n", m.Name, m.Version, schema.MetaFile)
	return ExitOK
}

// projectFlags are the flags of the commands that build a project.
func projectFlags(fs *flag.FlagSet) (root *string, quiet, verbose *bool) {
	root = fs.String("root", ".", "repository `directory` holding seeds/")
	quiet = fs.Bool("q", false, "print nothing but problems")
	verbose = fs.Bool("v", false, "print row counts per table")
	return root, quiet, verbose
}

func runBuild(e *env, args []string) int {
	fs := e.flags("build", buildUsage)
	out := fs.String("o", "", "write the release to `directory` (default <root>/out)")
	partition := fs.Bool("partition", false, fmt.Sprintf("write parquet-partitioned/ whatever the size of the release\n(by default only when a table has at least %d rows)", export.PartitionMinRows))
	root, quiet, verbose := projectFlags(fs)
	if code, ok := e.parse(fs, args); !ok {
		return code
	}
	dir := *out
	if dir == "" {
		if flagSet(fs, "o") {
			fmt.Fprintln(e.stderr, "armsdata build: -o needs a directory")
			return ExitUsage
		}
		dir = filepath.Join(*root, "out")
	}
	e, prog := e.watch("build", *quiet)
	defer prog.Close()
	rel, code := e.build(*root, prog)
	if rel == nil {
		return code
	}
	// Signals are caught only now: before, nothing is written, and the
	// default (the process ends) is what a person pressing Ctrl-C wants.
	ctx, stop := interruptible(context.Background())
	defer stop()
	p := export.Publisher{
		Project:  *root,
		Log:      func(msg string) { fmt.Fprintf(e.stderr, "armsdata build: %s\n", msg) },
		Progress: prog,
	}
	err := p.Publish(ctx, dir, rel, export.AllWith(export.Options{Partition: *partition}))
	prog.Close()
	var refused *export.RefusedError
	switch {
	case err == nil:
	case errors.As(err, &refused):
		fmt.Fprintf(e.stderr, "armsdata build: refusing to write the release to %s, and changing nothing: %s\n", refused.Path, refused.Reason)
		return ExitData
	case errors.Is(err, context.Canceled):
		if in, ok := interruption(ctx); ok {
			fmt.Fprintf(e.stderr, "armsdata build: interrupted by %s: the unfinished release was removed, %s is as it was\n", in.name(), dir)
			return in.code()
		}
		fallthrough
	default:
		fmt.Fprintf(e.stderr, "armsdata build: writing %s: %v (the previous release is untouched)\n", dir, err)
		return ExitData
	}
	e.summary(rel, dir, *quiet, *verbose)
	return ExitOK
}

// flagSet reports whether the command line gave the flag, also when it
// gave it its default value.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func runCheck(e *env, args []string) int {
	fs := e.flags("check", checkUsage)
	root, quiet, verbose := projectFlags(fs)
	if code, ok := e.parse(fs, args); !ok {
		return code
	}
	e, prog := e.watch("check", *quiet)
	defer prog.Close()
	rel, code := e.build(*root, prog)
	prog.Close()
	if rel == nil {
		return code
	}
	e.summary(rel, "", *quiet, *verbose)
	return ExitOK
}

// build runs the pipeline up to the rows, telling prog how far it is, and
// prints every problem. On a terminal, a signal meanwhile ends the bar's
// line before it ends the process.
func (e *env) build(root string, prog *progress) (*dataset.Release, int) {
	if prog.mode == progressBar {
		defer beforeSignal(prog.Close)()
	}
	rel, ds := dataset.BuildWith(root, dataset.Options{Cache: parseCache(), Progress: prog})
	if ds.Len() > 0 {
		printDiagnostics(e.stderr, ds)
		return nil, ExitData
	}
	for _, f := range rel.Findings {
		fmt.Fprintf(e.stderr, "armsdata: finding: %s\n", f)
	}
	return rel, ExitOK
}

func printDiagnostics(w io.Writer, ds schema.Diagnostics) {
	list := ds.List()
	for _, d := range list {
		fmt.Fprintln(w, d)
	}
	fmt.Fprintf(w, "armsdata: %d %s\n", len(list), english.Plural(len(list), "problem"))
}

func (e *env) summary(rel *dataset.Release, dir string, quiet, verbose bool) {
	if quiet {
		return
	}
	rows := 0
	for _, t := range rel.Tables {
		rows += len(t.Rows)
		if verbose {
			fmt.Fprintf(e.stdout, "%-22s %5d %s\n", t.Schema.Name, len(t.Rows), english.Plural(len(t.Rows), "row"))
		}
	}
	if dir != "" {
		fmt.Fprintf(e.stdout, "armsdata: wrote %d tables, %d rows, to %s\n", len(rel.Tables), rows, dir)
	} else {
		fmt.Fprintf(e.stdout, "armsdata: ok: %d tables, %d rows\n", len(rel.Tables), rows)
	}
}
