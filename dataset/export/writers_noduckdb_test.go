//go:build !cgo

package export

import (
	"errors"

	"github.com/armsdata/armsdata/dataset"
)

// Without cgo there is no DuckDB to compare the writers with: BenchmarkWriters
// fails and says why, rather than reporting numbers without their peer.
type duckPeer struct{}

func newDuckPeer(string, *dataset.Release) (*duckPeer, error) {
	return nil, errors.New("BenchmarkWriters compares with DuckDB, which needs cgo: run it with CGO_ENABLED=1 and a C compiler (gcc)")
}

func (*duckPeer) copyTo(string, string) error { return nil }

func (*duckPeer) Close() error { return nil }
