package dataset_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/dataset/export"
	"github.com/armsdata/armsdata/dataset/synth"
	"github.com/armsdata/armsdata/schema"
)

// recorder is a dataset.Progress that checks the calls it gets against
// the interface's contract and keeps what each stage counted.
type recorder struct {
	mu       sync.Mutex
	current  *stageRecord // the stage between its Start and its End
	stages   []*stageRecord
	problems []string
}

type stageRecord struct {
	name         string
	total, done  int
	unit         string
	ended        bool
	exceededOnce bool
}

func (r *recorder) problem(format string, args ...any) {
	r.problems = append(r.problems, fmt.Sprintf(format, args...))
}

func (r *recorder) Start(stage string, total int, unit string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.current != nil {
		r.problem("stage %s starts before %s has ended", stage, r.current.name)
	}
	if total < 0 || (total > 0 && unit == "") {
		r.problem("stage %s: total %d of unit %q", stage, total, unit)
	}
	r.current = &stageRecord{name: stage, total: total, unit: unit}
	r.stages = append(r.stages, r.current)
}

func (r *recorder) Add(n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.current
	if s == nil {
		r.problem("Add(%d) outside a stage", n)
		return
	}
	if n < 0 {
		r.problem("stage %s: Add(%d)", s.name, n)
	}
	s.done += n
	if s.done > s.total && !s.exceededOnce {
		s.exceededOnce = true
		r.problem("stage %s: %d %s done of %d", s.name, s.done, s.unit, s.total)
	}
}

func (r *recorder) End(stage string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.current == nil || r.current.name != stage {
		r.problem("End(%s) of a stage not started", stage)
		return
	}
	r.current.ended = true
	r.current = nil
}

// check fails t on every breach of the contract, a stage left running,
// a stage that ended short of its total and stages other than want.
func (r *recorder) check(t *testing.T, want []string) {
	t.Helper()
	for _, p := range r.problems {
		t.Error(p)
	}
	var names []string
	for _, s := range r.stages {
		names = append(names, s.name)
		if !s.ended {
			t.Errorf("stage %s did not end", s.name)
		}
		if s.done != s.total {
			t.Errorf("stage %s ended with %d of %d %s done", s.name, s.done, s.total, s.unit)
		}
	}
	if !slices.Equal(names, want) {
		t.Errorf("stages %q, want %q", names, want)
	}
}

func (r *recorder) stage(name string) *stageRecord {
	for _, s := range r.stages {
		if s.name == name {
			return s
		}
	}
	return &stageRecord{}
}

// TestBuildProgress builds testdata/base and a small synthetic corpus
// (which has waivers and links), publishes each, and checks what the build
// and the writers told their Progress: every stage that starts ends, in
// order, without overlap; no stage counts more than its total, and each
// counted all of it, the totals being what the release has (its rule and
// waiver files, rules, sources, rows).
func TestBuildProgress(t *testing.T) {
	for _, c := range []struct {
		name string
		root func(t *testing.T) string
	}{
		{"testdata/base", func(*testing.T) string { return "../testdata/base" }},
		{"synthetic", func(t *testing.T) string {
			dir := t.TempDir()
			if _, err := synth.Write(dir, 100); err != nil {
				t.Fatal(err)
			}
			return dir
		}},
	} {
		t.Run(c.name, func(t *testing.T) { checkBuildProgress(t, c.root(t)) })
	}
}

func checkBuildProgress(t *testing.T, root string) {
	var built recorder
	rel, ds := dataset.BuildStages(root, &built)
	if ds.Len() > 0 {
		t.Fatalf("the corpus does not build: %v", ds.List())
	}
	built.check(t, []string{"load", "match+normalise", "coverage", "links+claims", "tables", "validate"})
	p, _ := schema.Load(root)
	files, _ := filepath.Glob(filepath.Join(root, "seeds/sources/*/*.yaml"))
	var ruleFiles int
	for _, f := range files {
		if b := filepath.Base(f); b != schema.SourceManifest {
			ruleFiles++
		}
	}
	for _, c := range []struct {
		stage string
		total int
	}{
		{"load", ruleFiles},
		{"match+normalise", len(p.Rules)},
		{"coverage", len(p.Sources)},
		{"validate", rel.Rows()},
	} {
		if got := built.stage(c.stage).total; got != c.total || got == 0 {
			t.Errorf("stage %s: total %d, want %d", c.stage, got, c.total)
		}
	}

	// Partitioned, so that every writer of rows writes some.
	var written recorder
	pub := export.Publisher{Progress: &written}
	out := filepath.Join(t.TempDir(), "out")
	if err := pub.Publish(context.Background(), out, rel, export.AllWith(export.Options{Partition: true})); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, e := range export.All() {
		want = append(want, "write "+e.Name())
	}
	written.check(t, append(want, "verify", "sync"))
	for _, w := range []string{"csv", "parquet", "parquet-partitioned", "xlsx"} {
		if s := written.stage("write " + w); s.total == 0 || s.unit != "row" {
			t.Errorf("writer %s counts %d %s, want its rows", w, s.total, s.unit)
		}
	}
	if got, want := written.stage("write csv").total, rel.Rows(); got != want {
		t.Errorf("writer csv counts %d rows, want the release's %d", got, want)
	}
}
