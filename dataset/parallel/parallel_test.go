package parallel

import (
	"runtime"
	"sync"
	"testing"
)

func TestRangesCoverEveryIndexOnce(t *testing.T) {
	for _, procs := range []int{1, 2, 8} {
		for _, tc := range []struct{ n, size int }{{0, 4}, {1, 4}, {7, 1}, {100, 7}, {100, 100}, {100, 1000}, {5, 0}} {
			old := runtime.GOMAXPROCS(procs)
			var mu sync.Mutex
			seen := make([]int, tc.n)
			Ranges(tc.n, tc.size, func(lo, hi int) {
				if tc.size > 0 && hi-lo > tc.size || lo >= hi {
					t.Errorf("procs %d n %d size %d: range [%d,%d)", procs, tc.n, tc.size, lo, hi)
				}
				mu.Lock()
				defer mu.Unlock()
				for i := lo; i < hi; i++ {
					seen[i]++
				}
			})
			runtime.GOMAXPROCS(old)
			for i, k := range seen {
				if k != 1 {
					t.Errorf("procs %d n %d size %d: index %d seen %d times", procs, tc.n, tc.size, i, k)
				}
			}
		}
	}
}

func TestMapKeepsOrder(t *testing.T) {
	old := runtime.GOMAXPROCS(4)
	defer runtime.GOMAXPROCS(old)
	in := make([]int, 1000)
	for i := range in {
		in[i] = i
	}
	out := Map(in, 3, func(x int) int { return x * x })
	for i, y := range out {
		if y != i*i {
			t.Fatalf("out[%d] = %d, want %d", i, y, i*i)
		}
	}
}
