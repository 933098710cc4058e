package cmd

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// step is one call on a progress at a moment of its fake clock.
type step struct {
	at   time.Duration
	call func(p *progress)
}

func pStart(at time.Duration, stage string, total int, unit string) step {
	return step{at, func(p *progress) { p.Start(stage, total, unit) }}
}
func pAdd(at time.Duration, n int) step { return step{at, func(p *progress) { p.Add(n) }} }
func pEnd(at time.Duration, stage string) step {
	return step{at, func(p *progress) { p.End(stage) }}
}

// pTick is a beat of the bar's clock (what progress.tick's goroutine does).
func pTick(at time.Duration) step { return step{at, func(p *progress) { p.redraw() }} }
func pWrite(at time.Duration, s string) step {
	return step{at, func(p *progress) { p.Write([]byte(s)) }}
}
func pClose(at time.Duration) step { return step{at, func(p *progress) { p.Close() }} }

const ms = time.Millisecond

// TestProgress runs the reporter on a fake clock and a pretended terminal,
// and compares all it writes to stderr, byte for byte.
func TestProgress(t *testing.T) {
	load := func(done int) string {
		return "armsdata build: load [" + strings.Repeat("#", done*2) + strings.Repeat(".", 20-done*2) + "] "
	}
	tests := []struct {
		name  string
		mode  progressMode
		width int
		steps []step
		want  string
	}{
		{
			name: "the bar waits for a stage to have run an interval",
			mode: progressBar,
			steps: []step{pStart(0, "load", 10, "file"), pAdd(10*ms, 1), pTick(50 * ms), pAdd(60*ms, 1), pTick(99 * ms),
				pAdd(99*ms, 1), pTick(100 * ms)},
			want: "\r" + load(3) + "3/10 files 30% 0.1 s",
		},
		{
			name: "the bar is redrawn at most every interval, and counting does not draw it",
			mode: progressBar,
			steps: []step{pStart(0, "load", 10, "file"), pAdd(10*ms, 1),
				pTick(100 * ms), pAdd(120*ms, 3), pTick(150 * ms), pTick(199 * ms), pTick(200 * ms), pAdd(210*ms, 1), pTick(250 * ms), pTick(300 * ms)},
			want: "\r" + load(1) + "1/10 files 10% 0.1 s" +
				"\r" + load(4) + "4/10 files 40% 0.2 s" +
				"\r" + load(5) + "5/10 files 50% 0.3 s",
		},
		{
			name:  "the clock redraws a stage that counts nothing",
			mode:  progressBar,
			steps: []step{pStart(0, "links+claims", 0, ""), pTick(100 * ms), pTick(1500 * ms)},
			want:  "\rarmsdata build: links+claims 0.1 s\rarmsdata build: links+claims 1.5 s",
		},
		{
			name:  "a slow stage leaves its line over the bar, padded to cover it, and a newline",
			mode:  progressBar,
			steps: []step{pStart(0, "load", 10, "file"), pAdd(50*ms, 10), pTick(100 * ms), pEnd(1200*ms, "load"), pTick(1300 * ms), pClose(1300 * ms)},
			want: "\r" + load(10) + "10/10 files 100% 0.1 s" +
				"\rarmsdata build: load: 10 files in 1.2 s" + strings.Repeat(" ", 27) + "\n",
		},
		{
			name: "a quick stage's bar stays until the next one draws over it, and Close erases the last",
			mode: progressBar,
			steps: []step{pStart(0, "load", 10, "file"), pAdd(50*ms, 10), pTick(100 * ms), pEnd(900*ms, "load"),
				pStart(900*ms, "tables", 0, ""), pTick(950 * ms), pTick(1000 * ms), pEnd(1100*ms, "tables"), pClose(1100 * ms)},
			want: "\r" + load(10) + "10/10 files 100% 0.1 s" +
				"\rarmsdata build: tables 0.1 s" + strings.Repeat(" ", 38) +
				"\r" + strings.Repeat(" ", 28) + "\r",
		},
		{
			name:  "Close in the middle of a stage ends its bar with a newline, and nothing is drawn after",
			mode:  progressBar,
			steps: []step{pStart(0, "write xlsx", 4, "row"), pAdd(50*ms, 1), pTick(100 * ms), pClose(200 * ms), pAdd(300*ms, 1), pTick(400 * ms), pEnd(2*time.Second, "write xlsx")},
			want:  "\rarmsdata build: write xlsx [#####...............] 1/4 rows 25% 0.1 s\n",
		},
		{
			name: "a message in the middle of a stage starts on a line of its own, and the bar comes back below",
			mode: progressBar,
			steps: []step{pStart(0, "load", 10, "file"), pAdd(50*ms, 1), pTick(100 * ms),
				pWrite(150*ms, "armsdata build: interrupted by SIGINT\n"), pAdd(160*ms, 1), pTick(200 * ms)},
			want: "\r" + load(1) + "1/10 files 10% 0.1 s\n" +
				"armsdata build: interrupted by SIGINT\n" +
				"\r" + load(2) + "2/10 files 20% 0.2 s",
		},
		{
			name: "a message after a quick stage erases its bar",
			mode: progressBar,
			steps: []step{pStart(0, "validate", 2, "row"), pAdd(50*ms, 2), pTick(100 * ms), pEnd(200*ms, "validate"),
				pWrite(200*ms, "seeds/x.yaml:1:1: a problem\n")},
			want: "\rarmsdata build: validate [####################] 2/2 rows 100% 0.1 s" +
				"\r" + strings.Repeat(" ", 67) + "\r" + "seeds/x.yaml:1:1: a problem\n",
		},
		{
			name:  "a narrow terminal gets no bar, and a line cut to its width",
			mode:  progressBar,
			width: 40,
			steps: []step{pStart(0, "match+normalise", 100000, "rule"), pAdd(50*ms, 52341), pTick(100 * ms)},
			want:  "\rarmsdata build: match+normalise 52341/1",
		},
		{
			name:  "a stage of a minute or more",
			mode:  progressBar,
			steps: []step{pStart(0, "validate", 1, "row"), pAdd(50*ms, 1), pTick(100 * ms), pEnd(125*time.Second, "validate")},
			want: "\rarmsdata build: validate [####################] 1/1 row 100% 0.1 s" +
				"\rarmsdata build: validate: 1 row in 2 min 05 s" + strings.Repeat(" ", 21) + "\n",
		},
		{
			name: "without a terminal, only the stages of a second or more, each a line",
			mode: progressLines,
			steps: []step{pStart(0, "load", 10, "file"), pAdd(100*ms, 5), pTick(200 * ms), pAdd(300*ms, 5), pEnd(999*ms, "load"),
				pStart(999*ms, "match+normalise", 3, "rule"), pAdd(1000*ms, 3), pEnd(1999*ms, "match+normalise"),
				pStart(1999*ms, "links+claims", 0, ""), pEnd(4000*ms, "links+claims"),
				pWrite(4000*ms, "armsdata: finding: a claim fails\n"), pClose(4000 * ms)},
			want: "armsdata build: match+normalise: 3 rules in 1.0 s\n" +
				"armsdata build: links+claims in 2.0 s\n" +
				"armsdata: finding: a claim fails\n",
		},
		{
			name: "-q prints no progress, only the messages",
			mode: progressQuiet,
			steps: []step{pStart(0, "load", 10, "file"), pAdd(100*ms, 5), pTick(200 * ms), pEnd(5*time.Second, "load"),
				pWrite(5*time.Second, "a problem\n"), pClose(5 * time.Second)},
			want: "a problem\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			var clock time.Duration
			base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
			width := tc.width
			if width == 0 {
				width = 100
			}
			p := newProgress(&out, "armsdata build", tc.mode, width, func() time.Time { return base.Add(clock) })
			for _, s := range tc.steps {
				clock = s.at
				s.call(p)
			}
			if got := out.String(); got != tc.want {
				t.Errorf("stderr:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestProgressConcurrentAdds counts from several goroutines at once, as
// the build's parallel loops do, while the clock redraws the bar: no unit
// is lost (run with -race, it also checks the locking).
func TestProgressConcurrentAdds(t *testing.T) {
	var out bytes.Buffer
	var clock atomic.Int64
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	p := newProgress(&out, "armsdata build", progressBar, 100, func() time.Time { return base.Add(time.Duration(clock.Load())) })
	const workers, each = 8, 200000
	p.Start("validate", workers*each, "row")
	var wg sync.WaitGroup
	begin := make(chan struct{}) // all at once
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-begin
			for range each {
				p.Add(1)
			}
		}()
	}
	close(begin)
	for i := range 50 {
		clock.Store(int64(time.Duration(i) * barInterval))
		p.redraw()
	}
	wg.Wait()
	clock.Store(int64(10 * time.Second))
	p.End("validate")
	if want := "armsdata build: validate: 1600000 rows in 10.0 s"; !strings.Contains(out.String(), want) {
		t.Errorf("stderr ends %q, want %q", out.String()[max(0, out.Len()-80):], want)
	}
}

// TestProgressBarEndsOnSignal interrupts a process that shows a bar, and
// checks that the bar's line was ended before the signal ended the process,
// and that it ended the process as the signal does (the shell must see
// SIGINT, to stop a script's loop). The child is this test binary, drawing
// a bar on its stderr (a pipe: the child pretends it is a terminal) with
// beforeSignal as the build sets it, and then waiting.
func TestProgressBarEndsOnSignal(t *testing.T) {
	if os.Getenv("ARMSDATA_BAR_CHILD") == "1" {
		barChild()
		return
	}
	if runtime.GOOS == "windows" {
		t.Skip("SIGINT cannot be sent to a process on Windows")
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestProgressBarEndsOnSignal$")
		cmd.Env = append(os.Environ(), "ARMSDATA_BAR_CHILD=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The child says when its bar is drawn and the signals are caught.
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if line != "ready\n" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the child said %q (%v), stderr:\n%s", line, err, stderr.String())
		}
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		err = cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatalf("%v: the child ended with %v", sig, err)
		}
		if ws, ok := exit.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != sig {
			t.Errorf("%v: the child was not ended by the signal: %v", sig, err)
		}
		want := "\rarmsdata build: load [##..................] 1/10 files 10% 1.0 s\n"
		if got := stderr.String(); got != want {
			t.Errorf("%v: stderr:\n got %q\nwant %q", sig, got, want)
		}
	}
}

// barChild draws a bar in the middle of a stage and waits for the signal.
func barChild() {
	var clock time.Duration
	base := time.Now()
	p := newProgress(os.Stderr, "armsdata build", progressBar, 100, func() time.Time { clock += time.Second; return base.Add(clock) })
	defer beforeSignal(p.Close)()
	p.Start("load", 10, "file")
	p.Add(1)
	p.redraw()
	os.Stdout.WriteString("ready\n")
	time.Sleep(time.Minute) // the signal ends the process
	os.Exit(3)
}

// TestWatchMode checks how a command chooses to show its progress: -q
// shows none, and a stderr that is no terminal (a buffer, as in the
// end-to-end tests, or a pipe) gets the lines of slow stages, not a bar.
func TestWatchMode(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	tests := []struct {
		name   string
		stderr io.Writer
		quiet  bool
		want   progressMode
	}{
		{"a buffer", &bytes.Buffer{}, false, progressLines},
		{"a pipe", w, false, progressLines},
		{"-q", w, true, progressQuiet},
	}
	for _, tc := range tests {
		e := &env{stdout: &bytes.Buffer{}, stderr: tc.stderr}
		e2, p := e.watch("build", tc.quiet)
		p.Close()
		if p.mode != tc.want {
			t.Errorf("%s: mode %d, want %d", tc.name, p.mode, tc.want)
		}
		if e2.stderr != p || p.out != tc.stderr {
			t.Errorf("%s: the command's stderr does not go through its progress to stderr", tc.name)
		}
	}
}
