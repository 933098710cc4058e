// Package synth writes a synthetic corpus in armsdata's input format, for
// benchmarks and scale tests: texts of prose about arms, budgets, bases and
// wars, with figures of every kind the figure and time parsers read (every
// hedge, amounts in each way of writing dollars, distances in kilometres
// and miles, ratios, vague quantities, ranges, and times of every
// precision), and for each text the rules that claim its figures, the
// waivers that account for the rest, claims, and link keys shared with
// another text. The corpus checks clean and builds.
//
// The output depends only on the number of rules asked for: the same
// number gives the same bytes on every machine (the generator draws from
// its own seeded generator, never the clock or the map order).
package synth

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/armsdata/armsdata/schema"
)

// RulesPerText is how many rules a text of the corpus has (the last text
// may have fewer): 1M rules make 100k texts.
const RulesPerText = 10

// linkFileKeys bounds the link keys of one file of seeds/links (two per
// pair of texts), well within the YAML size limit.
const linkFileKeys = 1000

// Stats says what Write wrote.
type Stats struct {
	Texts, Rules, Waivers, LinkKeys, Files int
	Bytes                                  int64
}

// Write writes a corpus of n rules into dir, a project root: dir/seeds/….
// dir must not exist yet or be an empty directory, so that no file of the
// user's is ever replaced or mixed with the corpus.
func Write(dir string, n int) (Stats, error) {
	var st Stats
	if n < 1 {
		return st, fmt.Errorf("the number of rules must be at least 1, not %d", n)
	}
	if err := emptyDir(dir); err != nil {
		return st, err
	}
	c := corpus{rules: n, texts: (n + RulesPerText - 1) / RulesPerText}
	w := writer{root: dir, st: &st}
	w.file(schema.MetaFile, metaYAML)
	w.file(schema.ActorsFile, actorsYAML())
	var links strings.Builder
	keys := 0
	for t := 0; t < c.texts && w.err == nil; t++ {
		s := c.source(t)
		id := s.id
		w.file(schema.SourcePath(id, schema.SourceText), s.text)
		w.file(schema.SourcePath(id, schema.SourceManifest), s.manifest())
		w.file(schema.SourcePath(id, schema.RulesFile), s.rulesYAML())
		w.file(schema.SourcePath(id, schema.WaiversFile), s.waiversYAML())
		st.Texts++
		st.Rules += len(s.rules)
		st.Waivers += len(s.waivers)
		for _, k := range s.linkKeys {
			if keys%linkFileKeys == 0 {
				if links.Len() > 0 {
					w.file(linkFile(keys/linkFileKeys-1), links.String())
				}
				links.Reset()
				links.WriteString("links:\n")
			}
			links.WriteString(k)
			keys++
		}
	}
	if links.Len() > 0 {
		w.file(linkFile((keys-1)/linkFileKeys), links.String())
	}
	st.LinkKeys = keys
	return st, w.err
}

func linkFile(i int) string { return fmt.Sprintf("%s/links-%04d.yaml", schema.LinksDir, i) }

// emptyDir makes sure dir is a new or empty directory, creating it.
func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return os.MkdirAll(dir, 0o755)
	case err != nil:
		return err
	case len(entries) > 0:
		return fmt.Errorf("%s is not empty; synth writes only into a new or empty directory", dir)
	}
	return nil
}

type writer struct {
	root string
	st   *Stats
	err  error
	made map[string]bool
}

func (w *writer) file(rel, content string) {
	if w.err != nil {
		return
	}
	full := filepath.Join(w.root, filepath.FromSlash(rel))
	if w.made == nil {
		w.made = map[string]bool{}
	}
	if d := filepath.Dir(full); !w.made[d] {
		if w.err = os.MkdirAll(d, 0o755); w.err != nil {
			return
		}
		w.made[d] = true
	}
	// O_EXCL: the directory was empty, and nothing is written twice.
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		w.err = err
		return
	}
	if _, err := f.WriteString(content); err != nil {
		f.Close()
		w.err = err
		return
	}
	w.err = f.Close()
	w.st.Files++
	w.st.Bytes += int64(len(content))
}

const metaYAML = `# A synthetic corpus written by armsdata synth: invented texts, for
# benchmarks and scale tests. Nothing in it is a fact.
name: synth
title: "armsdata synthetic corpus"
description: >-
  Invented texts about arms transfers, budgets, bases and wars, with the rules,
  waivers, claims and link keys that make them a dataset. For benchmarks only.
version: 0.1.0
licence: CC0-1.0
licence_url: https://creativecommons.org/publicdomain/zero/1.0/
`

// rng is splitmix64: small, fast and the same everywhere.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n).
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// between returns a number in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

type corpus struct{ rules, texts int }

// rulesIn is the number of rules of text t.
func (c corpus) rulesIn(t int) int {
	if t < 0 || t >= c.texts {
		return 0
	}
	return min(RulesPerText, c.rules-t*RulesPerText)
}

// sourceID names text t.
func sourceID(t int) string { return fmt.Sprintf("s%06d", t) }

// date is a day of the calendar.
type date struct{ y, m, d int }

func (d date) t() time.Time { return time.Date(d.y, time.Month(d.m), d.d, 0, 0, 0, 0, time.UTC) }
func (d date) iso() string  { return d.t().Format("2006-01-02") }
func (d date) long() string { return fmt.Sprintf("%d %s %d", d.d, d.t().Month(), d.y) }

func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
