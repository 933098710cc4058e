package schema

import (
	"bytes"
	"flag"
	"io"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the README's generated table reference and figure readings")

// The README's table reference and its table of figure readings are
// generated from the schema; this test fails when either is stale and
// rewrites them with -update.
func TestReadmeTableReference(t *testing.T) {
	const path = "../README.md"
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	want := s
	for _, sec := range []struct {
		name  string
		write func(io.Writer) error
	}{{"tables", WriteMarkdown}, {"figures", WriteFigureReadings}} {
		begin, end := "<!-- "+sec.name+":begin -->\n", "<!-- "+sec.name+":end -->"
		i, j := strings.Index(want, begin), strings.Index(want, end)
		if i < 0 || j < i {
			t.Fatalf("%s lacks the %q … %q markers", path, begin, end)
		}
		var b bytes.Buffer
		if err := sec.write(&b); err != nil {
			t.Fatal(err)
		}
		want = want[:i+len(begin)] + b.String() + want[j:]
	}
	if want == s {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s: the generated sections are stale; run go test ./schema -update", path)
}
