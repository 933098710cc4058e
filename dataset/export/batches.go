package export

import (
	"runtime"
)

// pipeline runs jobs on up to GOMAXPROCS goroutines at once and hands their
// results to consume one at a time, in the order the jobs were submitted,
// on a goroutine of its own. What consume writes is therefore the same
// whatever the number of processors. Submit blocks while about GOMAXPROCS
// results wait for consume, so memory holds a few jobs' results, never all.
//
// After the first error of a job or of consume, in submission order, the
// results after it are dropped and Submit returns that error; Close waits
// for every job and returns it too.
type pipeline[T any] struct {
	consume func(T) error
	queue   chan chan pipelineResult[T] // results to come, in submission order
	slots   chan struct{}               // one per job running
	failed  chan struct{}               // closed when err is set
	done    chan struct{}               // closed when the consumer has finished
	err     error
}

type pipelineResult[T any] struct {
	v   T
	err error
}

func newPipeline[T any](consume func(T) error) *pipeline[T] {
	n := runtime.GOMAXPROCS(0)
	p := &pipeline[T]{
		consume: consume,
		queue:   make(chan chan pipelineResult[T], n),
		slots:   make(chan struct{}, n),
		failed:  make(chan struct{}),
		done:    make(chan struct{}),
	}
	go p.run()
	return p
}

func (p *pipeline[T]) run() {
	defer close(p.done)
	for out := range p.queue {
		r := <-out
		if p.err != nil {
			continue // drained: every job has finished when done closes
		}
		err := r.err
		if err == nil {
			err = p.consume(r.v)
		}
		if err != nil {
			p.err = err
			close(p.failed)
		}
	}
}

// Submit starts job, or returns the pipeline's error once it has one.
func (p *pipeline[T]) Submit(job func() (T, error)) error {
	out := make(chan pipelineResult[T], 1)
	select {
	case <-p.failed:
		return p.err
	case p.queue <- out:
	}
	p.slots <- struct{}{}
	go func() {
		v, err := job()
		<-p.slots
		out <- pipelineResult[T]{v, err}
	}()
	return nil
}

// Close waits for every job submitted and its consume, and returns the
// first error. Submit must not be called after it.
func (p *pipeline[T]) Close() error {
	close(p.queue)
	<-p.done
	return p.err
}

// inBatches cuts the rows [0, n) into batches of size rows (the last may be
// shorter; no rows make one empty batch, so that consume always runs once)
// and has prepare turn each into a T on several goroutines, while consume
// takes the results one at a time in row order: see pipeline. The first
// error in row order is returned, and no batch after it is consumed.
func inBatches[T any](n, size int, prepare func(from, to int) (T, error), consume func(T) error) error {
	p := newPipeline(consume)
	for b := range max(1, (n+size-1)/size) {
		from, to := b*size, min(n, (b+1)*size)
		if p.Submit(func() (T, error) { return prepare(from, to) }) != nil {
			break
		}
	}
	return p.Close()
}
