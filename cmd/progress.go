package cmd

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/term"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/dataset/english"
)

// How the progress of a build is shown.
const (
	// barInterval is the least time between two drawings of the bar, and
	// how long a stage runs before its bar is drawn at all: often enough to
	// see it move, seldom enough to cost nothing.
	barInterval = 100 * time.Millisecond
	// slowStage is how long a stage must take to leave a line on stderr
	// ("armsdata build: load: 20000 files in 12.7 s"). Stages of a small
	// build (the real corpus, the tests' projects) take milliseconds, so
	// they print nothing and their stderr stays the same from run to run.
	slowStage = time.Second
	// barWidth is the number of cells of the bar itself.
	barWidth = 20
)

// progressMode is how a progress shows itself.
type progressMode int

const (
	progressQuiet progressMode = iota // -q: nothing
	progressLines                     // stderr is not a terminal: a line per slow stage
	progressBar                       // stderr is a terminal: a live bar, and a line per slow stage
)

// progress shows on stderr how far a command is in the build and the
// writing of the release: it is the dataset.Progress of both. On a
// terminal it draws a bar on one line ("armsdata build: validate
// [#####...............] 120000/474423 rows 25% 1.6 s"), redrawn in place
// with "\r" by a clock, at most every barInterval; a stage that took
// slowStage or more then leaves a line of its own in the bar's place, and
// a quicker one's bar is drawn over by the next, and erased at the end.
// Elsewhere (a file, a pipe) it prints only those lines, a few for a large
// build; with -q, nothing. Progress never goes to stdout.
//
// It is also the command's stderr while it runs (Write): whatever else is
// written there, a problem or the interrupt's message, first ends the
// bar's line (with a newline while a stage runs, so that its bar stays to
// say where the build was, otherwise by erasing it), so that each message
// starts a line of its own.
//
// Its methods may be called from several goroutines at once.
type progress struct {
	out    io.Writer // the real stderr
	prefix string    // "armsdata build"
	mode   progressMode
	width  int // the terminal's columns, for the bar
	now    func() time.Time

	// done counts the current stage's units: Add, called for each unit of
	// work of parallel loops, only adds to it, and never waits for a draw.
	done atomic.Int64

	mu          sync.Mutex
	stage, unit string
	total       int
	running     bool      // between a stage's Start and its End
	began       time.Time // the stage's Start
	drawn       time.Time // when the bar was last drawn
	shown       int       // columns of the bar on the terminal's line; 0 when it holds none
	closed      bool
	stopTicks   func() // set before the progress is shared
	stopOnce    sync.Once
}

var _ dataset.Progress = (*progress)(nil)

func newProgress(out io.Writer, prefix string, mode progressMode, width int, now func() time.Time) *progress {
	return &progress{out: out, prefix: prefix, mode: mode, width: width, now: now}
}

// watch returns the progress of command (build, check) and an env whose
// stderr goes through it. On a terminal, the bar's clock then runs: Close
// stops it.
func (e *env) watch(command string, quiet bool) (*env, *progress) {
	mode, width := progressLines, 0
	if quiet {
		mode = progressQuiet
	} else if tty, w := terminal(e.stderr); tty {
		mode, width = progressBar, w
	}
	p := newProgress(e.stderr, "armsdata "+command, mode, width, time.Now)
	if mode == progressBar {
		p.tick(barInterval)
	}
	return &env{stdin: e.stdin, stdout: e.stdout, stderr: p}, p
}

// terminal reports whether w is a terminal that a bar can be drawn on, and
// its width in columns. A terminal that says TERM=dumb may not move the
// cursor back, and gets plain lines.
func terminal(w io.Writer) (bool, int) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) || os.Getenv("TERM") == "dumb" {
		return false, 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil || width <= 0 {
		width = 80
	}
	return true, width
}

// tick redraws the bar every interval, also while no work is counted
// (its time moves on), until Close.
func (p *progress) tick(interval time.Duration) {
	t := time.NewTicker(interval)
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		for {
			select {
			case <-t.C:
				p.redraw()
			case <-stop:
				return
			}
		}
	}()
	p.stopTicks = func() {
		t.Stop()
		close(stop)
		<-stopped
	}
}

func (p *progress) Start(stage string, total int, unit string) {
	if p.mode == progressQuiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stage, p.total, p.unit = stage, total, unit
	p.done.Store(0)
	p.running, p.began = true, p.now()
}

func (p *progress) Add(n int) { p.done.Add(int64(n)) }

func (p *progress) End(stage string) {
	if p.mode == progressQuiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running = false
	took := p.now().Sub(p.began)
	if took < slowStage || p.closed {
		return
	}
	line := p.prefix + ": " + stage
	if done := int(p.done.Load()); p.unit != "" {
		line += fmt.Sprintf(": %d %s", done, english.Plural(done, p.unit))
	}
	line += " in " + seconds(took)
	if p.mode == progressBar {
		p.put(line) // over the bar
		p.shown = 0
		io.WriteString(p.out, "\n")
		return
	}
	io.WriteString(p.out, line+"\n")
}

// Write writes b to stderr, on a line of its own.
func (p *progress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.endLine()
	return p.out.Write(b)
}

// Close ends the bar's line, and stops its clock; nothing is drawn after.
// The command calls it before it writes to stdout, which may be the same
// terminal.
func (p *progress) Close() {
	p.stopOnce.Do(func() {
		if p.stopTicks != nil {
			p.stopTicks()
		}
	})
	p.mu.Lock()
	defer p.mu.Unlock()
	p.endLine()
	p.closed = true
}

// redraw draws the bar when it is due: the stage has run barInterval and
// the bar was drawn no sooner than barInterval ago. The clock calls it.
func (p *progress) redraw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if p.mode != progressBar || !p.running || p.closed ||
		now.Sub(p.began) < barInterval || now.Sub(p.drawn) < barInterval {
		return
	}
	head, tail := p.prefix+": "+p.stage, " "+seconds(now.Sub(p.began))
	if done := int(p.done.Load()); p.total > 0 {
		tail = fmt.Sprintf(" %d/%d %s %d%%", done, p.total, english.Plural(p.total, p.unit), 100*done/p.total) + tail
		// The bar itself, where the line has room for it.
		if bar := barWidth + 3; p.width <= 1 || len(head)+bar+len(tail) <= p.width-1 {
			filled := min(barWidth, barWidth*done/p.total)
			head += " [" + strings.Repeat("#", filled) + strings.Repeat(".", barWidth-filled) + "]"
		}
	}
	p.put(head + tail)
	p.drawn = now
}

// put draws line over the terminal's line, cut to its width: a line that
// wrapped could not be drawn over.
func (p *progress) put(line string) {
	if p.width > 1 && len(line) > p.width-1 {
		line = line[:p.width-1]
	}
	pad := max(0, p.shown-len(line))
	io.WriteString(p.out, "\r"+line+strings.Repeat(" ", pad))
	p.shown = len(line)
}

// endLine ends the terminal's line when it holds a bar: with a newline
// while its stage runs, otherwise by erasing it.
func (p *progress) endLine() {
	if p.shown == 0 {
		return
	}
	if p.running {
		io.WriteString(p.out, "\n")
	} else {
		io.WriteString(p.out, "\r"+strings.Repeat(" ", p.shown)+"\r")
	}
	p.shown = 0
}

// seconds shows a stage's time: "3.2 s", "4 min 05 s".
func seconds(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return fmt.Sprintf("%d min %02d s", int(d/time.Minute), int(d%time.Minute/time.Second))
}
