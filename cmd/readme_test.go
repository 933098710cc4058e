package cmd

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/armsdata/armsdata/dataset/diff/gittest"
)

// readmePlaceholders are the words of the README's commands that stand for
// what the reader supplies, and what the test supplies for them.
var readmePlaceholders = []struct{ word, value string }{
	{"<row id>", "balance2010-budget-aze-2009"},
	{"<id>", "balance2010-budget-aze-2009"},
	{"-rules N", "-rules 20"},
	{"DIR", "$SYNTH"},
}

// readmeCommands finds every armsdata command the README shows, in code
// spans and after "$ " in code blocks, in order, each once, with the
// output lines shown after a "$ " command (up to the block's end; "..."
// stands for lines left out, and a shown line may be part of one).
func readmeCommands(readme string) []readmeCommand {
	var out []readmeCommand
	seen := map[string]bool{}
	add := func(c readmeCommand) {
		if !seen[c.line] {
			seen[c.line] = true
			out = append(out, c)
		}
	}
	span := regexp.MustCompile("`(bin/armsdata [^`]+)`")
	lines := strings.Split(readme, "\n")
	for i := 0; i < len(lines); i++ {
		if cmd, ok := strings.CutPrefix(lines[i], "$ bin/armsdata "); ok {
			c := readmeCommand{line: "bin/armsdata " + cmd}
			for i+1 < len(lines) && !strings.HasPrefix(lines[i+1], "```") {
				i++
				if strings.TrimSpace(lines[i]) != "..." {
					c.shows = append(c.shows, lines[i])
				}
			}
			add(c)
			continue
		}
		for _, m := range span.FindAllStringSubmatch(lines[i], -1) {
			add(readmeCommand{line: m[1]})
		}
	}
	return out
}

type readmeCommand struct {
	line  string   // as the README writes it
	shows []string // output the README shows for it
}

// TestReadmeCommandsRun runs every armsdata command the README shows, as
// written (placeholders filled in, see readmePlaceholders), in a fresh
// copy of the repository's seeds, release and README committed to git, as
// a reader who has just cloned it would: each must succeed (diff may exit
// 1, "differences"), and where the README shows output, the output must
// hold those lines.
func TestReadmeCommandsRun(t *testing.T) {
	// Not parallel: gittest.Repo sets the environment.
	bin := buildBinary(t)
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	cmds := readmeCommands(string(readme))
	if len(cmds) < 5 {
		t.Fatalf("found only %d commands in the README", len(cmds))
	}
	repo := gittest.Repo(t)
	for _, dir := range []string{"seeds", "out"} {
		if err := copyTree(filepath.Join("..", dir), filepath.Join(repo, dir)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(repo, "README.md"), readme, 0o644); err != nil {
		t.Fatal(err)
	}
	gittest.Run(t, repo, "add", ".")
	gittest.Run(t, repo, "commit", "-q", "-m", "clone")
	if err := os.MkdirAll(filepath.Join(repo, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(bin, filepath.Join(repo, "bin", "armsdata")); err != nil {
		t.Fatal(err)
	}
	synth := filepath.Join(t.TempDir(), "synth")
	for _, c := range cmds {
		line := c.line
		for _, p := range readmePlaceholders {
			line = strings.ReplaceAll(line, p.word, p.value)
		}
		line = strings.ReplaceAll(line, "$SYNTH", synth)
		if strings.ContainsAny(line, "<>") {
			t.Errorf("README command %q has a placeholder the test does not know", c.line)
			continue
		}
		args := strings.Fields(line)
		cmd := exec.Command(filepath.Join(repo, args[0]), args[1:]...)
		cmd.Dir = repo
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != 0 && !(args[1] == "diff" && code == 1) {
			t.Errorf("README command %q (run as %q) exits %d:\n%s", c.line, line, code, out)
			continue
		}
		for _, want := range c.shows {
			// An example may show part of a line (explain's paragraph
			// is wrapped to the terminal): its text after the margin.
			want = strings.TrimPrefix(strings.TrimSpace(want), "| ")
			if !strings.Contains(string(out), want) {
				t.Errorf("README command %q shows %q, which its output lacks:\n%s", c.line, want, out)
			}
		}
		t.Logf("ran %q: exit %d", line, code)
	}
}
