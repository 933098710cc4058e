//go:build !cgo

package clients

import "testing"

// TestNeedsCgo stands in for the tests of clients_test.go, which read the
// release with DuckDB through cgo: built without cgo they are left out, and
// this failure says why instead of a package that passes with no tests.
// (It lets the package build, and so vet, for other systems with
// CGO_ENABLED=0: "make cross".)
func TestNeedsCgo(t *testing.T) {
	t.Fatal("the client tests read the release with DuckDB, which needs cgo: run them with CGO_ENABLED=1 and a C compiler (gcc)")
}
