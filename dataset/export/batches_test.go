package export

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"
)

// TestInBatches: the batches cover the rows once, in order, at least one
// even for no rows, and consume sees them in row order however the jobs
// finish and however many processors there are.
func TestInBatches(t *testing.T) {
	for _, procs := range []int{1, 4} {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		for _, c := range []struct {
			n, size int
			want    [][2]int
		}{
			{0, 3, [][2]int{{0, 0}}},
			{2, 3, [][2]int{{0, 2}}},
			{6, 3, [][2]int{{0, 3}, {3, 6}}},
			{7, 3, [][2]int{{0, 3}, {3, 6}, {6, 7}}},
			{40, 1, nil},
		} {
			if c.want == nil {
				for i := range c.n {
					c.want = append(c.want, [2]int{i, i + 1})
				}
			}
			var got [][2]int
			err := inBatches(c.n, c.size,
				func(from, to int) ([2]int, error) {
					// Later batches finish first.
					time.Sleep(time.Duration((c.n-from)%5) * time.Millisecond)
					return [2]int{from, to}, nil
				},
				func(b [2]int) error { got = append(got, b); return nil })
			if err != nil || !slices.Equal(got, c.want) {
				t.Errorf("GOMAXPROCS %d, n %d, size %d: batches %v (%v), want %v", procs, c.n, c.size, got, err, c.want)
			}
		}
	}
}

// TestInBatchesError: the first failure in row order is returned, whichever
// failed first in time, and nothing after it is consumed.
func TestInBatchesError(t *testing.T) {
	for _, procs := range []int{1, 4} {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		for _, c := range []struct {
			name        string
			prepareFail []int // batches whose prepare fails
			consumeFail int   // batch whose consume fails, or -1
			want        string
			consumed    []int
		}{
			{"prepare", []int{5, 3}, -1, "prepare 3", []int{0, 1, 2}},
			{"consume", nil, 2, "consume 2", []int{0, 1, 2}},
			{"consume before prepare", []int{4}, 2, "consume 2", []int{0, 1, 2}},
			{"first batch", []int{0}, -1, "prepare 0", nil},
		} {
			var consumed []int
			err := inBatches(100, 10,
				func(from, to int) (int, error) {
					b := from / 10
					if slices.Contains(c.prepareFail, b) {
						time.Sleep(time.Duration(10-b) * time.Millisecond)
						return 0, fmt.Errorf("prepare %d", b)
					}
					return b, nil
				},
				func(b int) error {
					consumed = append(consumed, b)
					if b == c.consumeFail {
						return fmt.Errorf("consume %d", b)
					}
					return nil
				})
			if err == nil || err.Error() != c.want || !slices.Equal(consumed, c.consumed) {
				t.Errorf("GOMAXPROCS %d, %s: error %v after consuming %v, want %q after %v", procs, c.name, err, consumed, c.want, c.consumed)
			}
		}
	}
}

// TestPipelineSubmitAfterFailure: once the pipeline has failed, Submit
// returns the error rather than starting more work.
func TestPipelineSubmitAfterFailure(t *testing.T) {
	boom := errors.New("boom")
	p := newPipeline(func(int) error { return boom })
	if err := p.Submit(func() (int, error) { return 1, nil }); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	var err error
	for err == nil && time.Now().Before(deadline) {
		err = p.Submit(func() (int, error) { return 2, nil })
		time.Sleep(time.Millisecond)
	}
	if !errors.Is(err, boom) {
		t.Errorf("Submit after a failure = %v, want %v", err, boom)
	}
	if err := p.Close(); !errors.Is(err, boom) {
		t.Errorf("Close = %v, want %v", err, boom)
	}
}
