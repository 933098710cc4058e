//go:build !cgo

// Without cgo the bench cannot run its DuckDB peer; this stand-in says so
// (and lets the package build, and so vet, for other systems with
// CGO_ENABLED=0: "make cross").
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "bench: the DuckDB peer needs cgo: run it with CGO_ENABLED=1 and a C compiler (gcc)")
	os.Exit(2)
}
