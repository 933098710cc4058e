package cmd

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"
)

// interrupted is the cause of a context that a signal cancelled.
type interrupted struct{ sig os.Signal }

func (i interrupted) Error() string { return "interrupted by " + i.name() }

// name is the signal's usual name, SIGINT rather than Go's "interrupt".
func (i interrupted) name() string {
	switch i.sig {
	case os.Interrupt:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP"
	}
	return i.sig.String()
}

// code is the exit status of a command the signal stopped: 128 plus the
// signal's number, as shells report a process the signal ended (130 for
// SIGINT, 143 for SIGTERM).
func (i interrupted) code() int {
	if s, ok := i.sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return ExitData
}

// interruptible returns a context that SIGINT (Ctrl-C), SIGTERM or SIGHUP
// cancel, with an interrupted cause, instead of ending the process, so
// that the command can clean up; stop restores the signals' default. A
// signal the process was started with ignored (nohup, a background job)
// stays ignored. Only the first signal is caught: a second one ends the
// process at once, as the user then expects.
func interruptible(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := notify()
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			signal.Stop(ch)
			cancel(interrupted{s})
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(done)
		cancel(nil)
	}
}

// notify returns a channel that SIGINT, SIGTERM and SIGHUP are relayed
// to, but not one the process was started with ignored. (The list is never
// empty, which would relay every signal: Go keeps only SIGINT and SIGHUP
// ignored when started so.)
func notify() chan os.Signal {
	ch := make(chan os.Signal, 1)
	var sigs []os.Signal
	for _, s := range []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP} {
		if !signal.Ignored(s) {
			sigs = append(sigs, s)
		}
	}
	signal.Notify(ch, sigs...)
	return ch
}

// beforeSignal makes SIGINT, SIGTERM and SIGHUP (as interruptible, only
// the first), until stop is called, run before and then end the process
// as they would have without it: the signal is sent again once its default
// is restored, so that the shell sees the process ended by that signal
// (where it cannot be sent, the process exits with 128 + its number).
// The build uses it to end the progress bar's line while nothing is
// written yet, where a signal needs no other cleanup.
func beforeSignal(before func()) (stop func()) {
	ch := notify()
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			before()
			signal.Stop(ch) // back to the default, unless interruptible is catching it by now
			if p, err := os.FindProcess(os.Getpid()); err != nil || p.Signal(s) != nil {
				os.Exit(interrupted{s}.code()) // a system that cannot send it (Windows)
			}
		case <-done:
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}

// interruption returns the signal that cancelled ctx, if one did.
func interruption(ctx context.Context) (interrupted, bool) {
	var in interrupted
	ok := errors.As(context.Cause(ctx), &in)
	return in, ok
}
