// Package parallel runs independent pieces of work on every core, for the
// builder's per-source and per-row loops. The callers keep their results
// in slices indexed like their inputs and merge them in input order, so
// the output does not depend on GOMAXPROCS or on scheduling.
package parallel

import (
	"runtime"
	"sync"
)

// Ranges calls f on consecutive ranges [lo, hi) that together cover
// [0, n), each at most size long, on up to GOMAXPROCS goroutines, and
// returns when every call has returned. f must be safe to run
// concurrently with itself on different ranges. With one processor, or
// when everything fits in one range, f runs on the calling goroutine.
func Ranges(n, size int, f func(lo, hi int)) {
	if size < 1 {
		size = 1
	}
	workers := min(runtime.GOMAXPROCS(0), (n+size-1)/size)
	if workers <= 1 {
		for lo := 0; lo < n; lo += size {
			f(lo, min(lo+size, n))
		}
		return
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for lo := range next {
				f(lo, min(lo+size, n))
			}
		}()
	}
	for lo := 0; lo < n; lo += size {
		next <- lo
	}
	close(next)
	wg.Wait()
}

// Map returns f applied to each of in, computed by Ranges in ranges of
// size, in the order of in.
func Map[T, R any](in []T, size int, f func(T) R) []R {
	out := make([]R, len(in))
	Ranges(len(in), size, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			out[i] = f(in[i])
		}
	})
	return out
}
