package schema

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the README's generated table reference")

const (
	beginMarker = "<!-- tables:begin -->\n"
	endMarker   = "<!-- tables:end -->"
)

// The README's table reference is generated from the schema; this test
// fails when it is stale and rewrites it with -update.
func TestReadmeTableReference(t *testing.T) {
	const path = "../README.md"
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	i, j := strings.Index(s, beginMarker), strings.Index(s, endMarker)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the %q … %q markers", path, beginMarker, endMarker)
	}
	var b bytes.Buffer
	if err := WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	want := s[:i+len(beginMarker)] + b.String() + s[j:]
	if want == s {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s: the table reference is stale; run go test ./schema -update", path)
}
