package schema

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a place in an input file: the path relative to the repository,
// written with forward slashes, and a 1-based line and column (column counts
// characters, not bytes). Line 0 means the whole file.
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Diagnostic is one problem found in the inputs, at a place a curator can
// open in an editor.
type Diagnostic struct {
	Pos Pos
	Msg string
}

func (d Diagnostic) String() string { return d.Pos.String() + ": " + d.Msg }

// Diagnostics collects every problem of a run, so that one run reports them
// all rather than stopping at the first.
type Diagnostics struct {
	list []Diagnostic
}

// Addf records a problem at pos.
func (ds *Diagnostics) Addf(pos Pos, format string, args ...any) {
	ds.list = append(ds.list, Diagnostic{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// Append adds problems found elsewhere.
func (ds *Diagnostics) Append(other Diagnostics) {
	ds.list = append(ds.list, other.list...)
}

// Len is the number of problems recorded.
func (ds *Diagnostics) Len() int { return len(ds.list) }

// List returns the problems sorted by file, line, column and message, with
// exact duplicates removed, so that output is stable from run to run.
func (ds *Diagnostics) List() []Diagnostic {
	out := append([]Diagnostic(nil), ds.list...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		return a.Msg < b.Msg
	})
	uniq := out[:0]
	for i, d := range out {
		if i > 0 && d == out[i-1] {
			continue
		}
		uniq = append(uniq, d)
	}
	return uniq
}

// Err returns nil when nothing was recorded, or an error listing every
// problem, one per line.
func (ds *Diagnostics) Err() error {
	if ds.Len() == 0 {
		return nil
	}
	return &Error{List: ds.List()}
}

// Error is the error of a run that found problems in its inputs.
type Error struct {
	List []Diagnostic
}

func (e *Error) Error() string {
	var b strings.Builder
	for i, d := range e.List {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}
