//go:build cgo

// Command bench measures armsdata on synthetic corpora (make bench): for
// each size it writes a corpus with armsdata synth, builds it in a child
// process, timing every stage of the build and every writer, and runs the
// peers on the same rows in child processes of their own: DuckDB's COPY to
// CSV and to Parquet (one thread) of the release's tables read from its
// CSV files, and excelize's default StreamWriter. It prints a Markdown
// table: stage times, rows per second, peak RSS (each child's maximum
// resident set, from its rusage) and each writer's time over its peer's.
//
// It is a measurement, never a test: numbers depend on the machine and on
// what else runs on it.
//
//	go run ./bench                      # 10k and 100k rules
//	go run ./bench -sizes 1000000       # 1M rules
//	go run ./bench -sizes 10000 -keep /tmp/corpora
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/armsdata/armsdata/dataset/synth"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-child" {
		os.Exit(child(os.Args[2:]))
	}
	sizes := flag.String("sizes", "10000,100000", "comma-separated `numbers` of rules to synthesise and build")
	keep := flag.String("keep", "", "write the corpora and releases under `directory` and keep them (default: a temporary directory, removed)")
	timeout := flag.Duration("timeout", 30*time.Minute, "stop a child process that runs longer")
	maxRSS := flag.Int64("max-rss", 16<<10, "stop a child process whose resident set passes this many `MiB` (the machine is shared)")
	flag.Parse()
	var ns []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "bench: bad size %q\n", s)
			os.Exit(2)
		}
		ns = append(ns, n)
	}
	base := *keep
	if base == "" {
		tmp, err := os.MkdirTemp("", "armsdata-bench-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		defer os.RemoveAll(tmp)
		base = tmp
	}
	r := runner{timeout: *timeout, maxRSS: *maxRSS << 20}
	failed := false
	for _, n := range ns {
		if !r.size(filepath.Join(base, fmt.Sprintf("rules-%d", n)), n) {
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

type runner struct {
	timeout time.Duration
	maxRSS  int64
}

// report is one line a child prints: a stage that ended, with the wall
// time it took and the child's peak RSS so far.
type report struct {
	Stage   string  `json:"stage"`
	Seconds float64 `json:"seconds"`
	RSSKB   int64   `json:"rss_kb"`
	Rows    int     `json:"rows,omitempty"`
	Error   string  `json:"error,omitempty"`
}

// result is what a child run gave: its reports, its peak RSS and how it
// ended.
type result struct {
	reports []report
	rssKB   int64
	wall    time.Duration
	err     error
}

func (res result) stage(name string) (report, bool) {
	for _, r := range res.reports {
		if r.Stage == name {
			return r, true
		}
	}
	return report{}, false
}

// run runs the bench binary itself in child mode and collects its reports.
func (r runner) run(args ...string) result {
	self, err := os.Executable()
	if err != nil {
		return result{err: err}
	}
	ctx, cancel := context.WithTimeout(context.Background(), r.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, self, append([]string{"-child"}, args...)...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return result{err: err}
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return result{err: err}
	}
	over := make(chan int64, 1)
	go watchRSS(ctx, cmd.Process.Pid, r.maxRSS, over, cancel)
	var res result
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		var rep report
		if json.Unmarshal(sc.Bytes(), &rep) == nil {
			res.reports = append(res.reports, rep)
			fmt.Fprintf(os.Stderr, "  %-24s %8.2f s  %7d MiB\n", rep.Stage, rep.Seconds, rep.RSSKB>>10)
		}
	}
	res.err = cmd.Wait()
	res.wall = time.Since(start)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		res.rssKB = ru.Maxrss // kilobytes on Linux
	}
	select {
	case kb := <-over:
		res.err = fmt.Errorf("stopped: resident set passed %d MiB (%d MiB)", r.maxRSS>>20, kb>>10)
	default:
		if ctx.Err() != nil {
			res.err = fmt.Errorf("stopped after %s (-timeout)", r.timeout)
		}
	}
	for _, rep := range res.reports {
		if rep.Error != "" && res.err == nil {
			res.err = fmt.Errorf("%s", rep.Error)
		}
	}
	return res
}

// watchRSS stops the child when its resident set passes limit bytes, so
// that a build that does not fit does not take the shared machine down.
// It reads /proc (Linux); elsewhere it watches nothing.
func watchRSS(ctx context.Context, pid int, limit int64, over chan<- int64, stop func()) {
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
		if err != nil {
			return
		}
		for _, line := range strings.Split(string(data), "\n") {
			if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
				kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
				if kb<<10 > limit {
					over <- kb
					stop()
					return
				}
			}
		}
	}
}

// size benchmarks one corpus size and prints its table.
func (r runner) size(dir string, n int) bool {
	corpus, out, peers := filepath.Join(dir, "corpus"), filepath.Join(dir, "out"), filepath.Join(dir, "peers")
	fmt.Fprintf(os.Stderr, "bench: %d rules: synth\n", n)
	start := time.Now()
	st, err := synth.Write(corpus, n)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return false
	}
	synthTime := time.Since(start)
	fmt.Fprintf(os.Stderr, "bench: %d rules: build (child process)\n", n)
	build := r.run("build", corpus, out)
	var duck, xl result
	if build.err == nil {
		fmt.Fprintf(os.Stderr, "bench: %d rules: DuckDB COPY (child process)\n", n)
		duck = r.run("duckdb", filepath.Join(out, "csv"), filepath.Join(peers, "duckdb"))
		fmt.Fprintf(os.Stderr, "bench: %d rules: excelize StreamWriter (child process)\n", n)
		xl = r.run("excelize", filepath.Join(out, "csv"), filepath.Join(peers, "excelize.xlsx"))
	}
	printTable(os.Stdout, n, st, synthTime, build, duck, xl)
	return build.err == nil && duck.err == nil && xl.err == nil
}

func printTable(w io.Writer, n int, st synth.Stats, synthTime time.Duration, build, duck, xl result) {
	rows := 0
	if rep, ok := build.stage("rows"); ok {
		rows = rep.Rows
	}
	fmt.Fprintf(w, "\n### %s rules, %s texts (synth %s, %.1f MB of input)\n\n", thousands(n), thousands(st.Texts), secs(synthTime.Seconds()), float64(st.Bytes)/1e6)
	fmt.Fprintf(w, "Release: %s rows. Build in a child process: %s wall, peak RSS %s MiB", thousands(rows), secs(build.wall.Seconds()), thousands(int(build.rssKB>>10)))
	if build.err != nil {
		fmt.Fprintf(w, "; **it did not finish: %v**", build.err)
	}
	fmt.Fprint(w, ".\n\n| stage | time | rows/s | peak RSS so far | peer | peer time | peer RSS | armsdata ÷ peer |\n|---|---:|---:|---:|---|---:|---:|---:|\n")
	peer := map[string]struct {
		name string
		res  result
		rep  string
	}{
		"write csv":     {"DuckDB COPY csv, 1 thread", duck, "copy csv"},
		"write parquet": {"DuckDB COPY parquet, 1 thread", duck, "copy parquet"},
		"write xlsx":    {"excelize StreamWriter, defaults", xl, "stream writer"},
	}
	var total float64
	for _, rep := range build.reports {
		if rep.Stage == "rows" || rep.Error != "" {
			continue
		}
		total += rep.Seconds
		rate := ""
		// A stage under 10 ms (an empty partitioned copy, the
		// dictionary) has no meaningful rate.
		if rows > 0 && rep.Seconds >= 0.01 {
			rate = thousands(int(float64(rows) / rep.Seconds))
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s MiB |", rep.Stage, secs(rep.Seconds), rate, thousands(int(rep.RSSKB>>10)))
		if p, ok := peer[rep.Stage]; ok {
			if pr, ok := p.res.stage(p.rep); ok && pr.Seconds > 0 {
				fmt.Fprintf(w, " %s | %s | %s MiB | %.1f× |", p.name, secs(pr.Seconds), thousands(int(p.res.rssKB>>10)), rep.Seconds/pr.Seconds)
			} else {
				fmt.Fprintf(w, " %s | %s | | |", p.name, errText(p.res.err))
			}
		} else {
			fmt.Fprint(w, " | | | |")
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "| **total** | **%s** | %s | %s MiB (max RSS) | | | | |\n", secs(total), rateOf(rows, total), thousands(int(build.rssKB>>10)))
	for _, res := range []result{build, duck, xl} {
		for _, rep := range res.reports {
			if rep.Error != "" {
				fmt.Fprintf(w, "\n%s: %s\n", rep.Stage, rep.Error)
			}
		}
	}
}

func errText(err error) string {
	if err == nil {
		return "not run"
	}
	return "failed"
}

func rateOf(rows int, s float64) string {
	if rows == 0 || s <= 0 {
		return ""
	}
	return thousands(int(float64(rows) / s))
}

func secs(s float64) string {
	if s < 10 {
		return fmt.Sprintf("%.2f s", s)
	}
	return fmt.Sprintf("%.1f s", s)
}

// thousands writes n with thousands commas: 1,000,000.
func thousands(n int) string { return message.NewPrinter(language.English).Sprint(n) }
