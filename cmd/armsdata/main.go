// Command armsdata builds the armsdata release from the curated seeds.
// See "armsdata --help" and the README.
package main

import (
	"os"

	"github.com/armsdata/armsdata/cmd"
)

func main() {
	os.Exit(cmd.Do(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
