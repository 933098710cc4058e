package export

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/armsdata/armsdata/dataset"
)

// sabotage is an exporter that damages the staging directory, as another
// process or a faulty exporter could, so that Publish must notice.
type sabotage struct {
	name string
	do   func(t *testing.T, dir string)
	t    *testing.T
}

func (s sabotage) Name() string { return "sabotage: " + s.name }
func (s sabotage) Export(dir string, _ *dataset.Release) error {
	s.do(s.t, dir)
	return nil
}
func (sabotage) Verify(string, *dataset.Release) error { return nil }

// TestPublishRefusesIncompleteRelease damages the staged release at points
// of the export and checks that Publish refuses to publish it, names the
// damage, leaves the previous release as it was and leaves no staging
// directory. Before the exporters verified their files, each of these was
// published.
func TestPublishRefusesIncompleteRelease(t *testing.T) {
	remove := func(p string) func(*testing.T, string) {
		return func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name  string
		after int // the sabotage runs after this many exporters of releaseOrder
		do    func(*testing.T, string)
		want  string
	}{
		{"a CSV file removed after the checksums", 5, remove("csv/actors.csv"), "table actors"},
		{"a Parquet file removed after the checksums", 5, remove("parquet/fixture.parquet"), "table fixture"},
		{"a file added after the checksums", 5, func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"stray.txt": "x"})
		}, "not listed: stray.txt"},
		{"the staging directory removed midway (another build's cleanup)", 1, func(t *testing.T, dir string) {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
		}, "no such file or directory"},
		{"a Parquet file truncated before the data package", 3, func(t *testing.T, dir string) {
			p := filepath.Join(dir, "parquet", "actors.parquet")
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b[:len(b)/2], 0o644); err != nil {
				t.Fatal(err)
			}
		}, "parquet/actors.parquet is truncated"},
		{"a sheet dropped from the workbook before the checksums", 4, func(t *testing.T, dir string) {
			p := filepath.Join(dir, "fixture.xlsx")
			f, err := excelize.OpenFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.DeleteSheet("actors"); err != nil {
				t.Fatal(err)
			}
			if err := f.SaveAs(p); err != nil {
				t.Fatal(err)
			}
		}, `xlsx: fixture.xlsx has the sheets`},
		{"the data package edited after the checksums", 5, func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{dataPackageFile: "{}\n"})
		}, "datapackage.json differs"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := exportRelease(t)
			before := dirSums(t, out)
			exporters := append([]Exporter{}, releaseOrder[:tc.after]...)
			exporters = append(exporters, sabotage{tc.name, tc.do, t})
			exporters = append(exporters, releaseOrder[tc.after:]...)
			err := (Publisher{}).Publish(context.Background(), out, dpRelease(), exporters)
			if err == nil {
				t.Fatal("published a damaged release")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
			if after := dirSums(t, out); after != before {
				t.Error("the previous release changed")
			}
			assertNothingBeside(t, out)
		})
	}
}

// dirSums is the SHA256SUMS text SHA256Sums would write for dir: a
// fingerprint of every file and its content.
func dirSums(t *testing.T, dir string) string {
	t.Helper()
	b, err := sumsList(dir)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// assertNothingBeside fails when a publish left anything beside out: a
// staging directory, a lock file, a kept directory (.<base>.*).
func assertNothingBeside(t *testing.T, out string) {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "."+filepath.Base(out)+".") {
			t.Errorf("left beside %s: %s", out, e.Name())
		}
	}
}

// TestPublishPlaces runs Publish over what may be at the place of the
// release: what is not provably a release armsdata wrote, or is the
// project's, is refused and left byte for byte as it was; a new path, an
// empty directory and a release are replaced by the new release. Before,
// Publish replaced whatever was there.
func TestPublishPlaces(t *testing.T) {
	tests := []struct {
		name string
		// setup prepares dir (the parent of the place) and returns the
		// place to publish at, relative to dir, and the project ("" none).
		setup  func(t *testing.T, dir string) (out, project string)
		refuse string // "" when Publish must succeed
	}{
		{"nothing there", func(t *testing.T, dir string) (string, string) {
			return "a/b/out", ""
		}, ""},
		{"an empty directory", func(t *testing.T, dir string) (string, string) {
			mkdir(t, filepath.Join(dir, "out"))
			return "out", ""
		}, ""},
		{"a release", func(t *testing.T, dir string) (string, string) {
			publishAt(t, filepath.Join(dir, "out"))
			return "out", ""
		}, ""},
		{"a release with a file missing", func(t *testing.T, dir string) (string, string) {
			publishAt(t, filepath.Join(dir, "out"))
			if err := os.Remove(filepath.Join(dir, "out", "csv", "actors.csv")); err != nil {
				t.Fatal(err)
			}
			return "out", ""
		}, ""},
		{"a link to a release", func(t *testing.T, dir string) (string, string) {
			publishAt(t, filepath.Join(dir, "real"))
			symlink(t, "real", filepath.Join(dir, "out"))
			return "out", ""
		}, ""},
		{"a directory of other files", func(t *testing.T, dir string) (string, string) {
			writeFiles(t, dir, map[string]string{"out/notes.txt": "mine"})
			return "out", ""
		}, "it is not a release armsdata wrote (it has no SHA256SUMS)"},
		{"a directory of empty directories", func(t *testing.T, dir string) (string, string) {
			mkdir(t, filepath.Join(dir, "out", "csv"))
			return "out", ""
		}, "it has no SHA256SUMS"},
		{"a file", func(t *testing.T, dir string) (string, string) {
			writeFiles(t, dir, map[string]string{"out": "mine"})
			return "out", ""
		}, "it is a file"},
		{"a link to a directory of other files", func(t *testing.T, dir string) (string, string) {
			writeFiles(t, dir, map[string]string{"mine/notes.txt": "mine"})
			symlink(t, "mine", filepath.Join(dir, "out"))
			return "out", ""
		}, "it has no SHA256SUMS"},
		{"a dangling link", func(t *testing.T, dir string) (string, string) {
			symlink(t, "gone", filepath.Join(dir, "out"))
			return "out", ""
		}, "it is a symbolic link to gone, which does not exist"},
		{"a release with a file added", func(t *testing.T, dir string) (string, string) {
			publishAt(t, filepath.Join(dir, "out"))
			writeFiles(t, dir, map[string]string{"out/csv/mine.csv": "a\n"})
			return "out", ""
		}, "files that its SHA256SUMS does not list, which publishing would delete: " + filepath.Join(dir0, "out", "csv", "mine.csv")},
		{"a release with a file edited", func(t *testing.T, dir string) (string, string) {
			publishAt(t, filepath.Join(dir, "out"))
			writeFiles(t, dir, map[string]string{"out/csv/fixture.csv": "my notes"})
			return "out", ""
		}, "files changed since armsdata wrote them"},
		{"a release holding a link", func(t *testing.T, dir string) (string, string) {
			publishAt(t, filepath.Join(dir, "out"))
			symlink(t, "/etc/passwd", filepath.Join(dir, "out", "link"))
			return "out", ""
		}, "link is not a regular file"},
		{"SHA256SUMS of another program", func(t *testing.T, dir string) (string, string) {
			writeFiles(t, dir, map[string]string{"out/SHA256SUMS": "d41d8cd98f00b204e9800998ecf8427e  a.txt\n", "out/a.txt": "", "out/datapackage.json": "{}"})
			return "out", ""
		}, "its SHA256SUMS is not one armsdata wrote"},
		{"SHA256SUMS without a data package", func(t *testing.T, dir string) (string, string) {
			writeFiles(t, dir, map[string]string{"out/a.txt": ""})
			if err := (SHA256Sums{}).Export(filepath.Join(dir, "out"), nil); err != nil {
				t.Fatal(err)
			}
			return "out", ""
		}, "it has no datapackage.json"},
		{"SHA256SUMS that does not list the data package", func(t *testing.T, dir string) (string, string) {
			writeFiles(t, dir, map[string]string{"out/a.txt": ""})
			if err := (SHA256Sums{}).Export(filepath.Join(dir, "out"), nil); err != nil {
				t.Fatal(err)
			}
			writeFiles(t, dir, map[string]string{"out/datapackage.json": "{}"})
			return "out", ""
		}, "its SHA256SUMS does not list datapackage.json"},
		{"inside a release", func(t *testing.T, dir string) (string, string) {
			publishAt(t, filepath.Join(dir, "out"))
			return "out/csv/new", ""
		}, "it lies inside the release"},
		{"the project", func(t *testing.T, dir string) (string, string) {
			writeFiles(t, dir, map[string]string{"p/seeds/dataset.yaml": "x"})
			return "p", filepath.Join(dir, "p")
		}, "it is the project directory"},
		{"above the project", func(t *testing.T, dir string) (string, string) {
			writeFiles(t, dir, map[string]string{"p/seeds/dataset.yaml": "x"})
			return ".", filepath.Join(dir, "p")
		}, "it holds the project directory"},
		{"the seeds", func(t *testing.T, dir string) (string, string) {
			writeFiles(t, dir, map[string]string{"p/seeds/dataset.yaml": "x"})
			return "p/seeds", filepath.Join(dir, "p")
		}, "it is the project's seeds/ directory"},
		{"a new place in the seeds", func(t *testing.T, dir string) (string, string) {
			writeFiles(t, dir, map[string]string{"p/seeds/dataset.yaml": "x"})
			return "p/seeds/new/out", filepath.Join(dir, "p")
		}, "inside the project's seeds/"},
		{"a link to the seeds", func(t *testing.T, dir string) (string, string) {
			writeFiles(t, dir, map[string]string{"p/seeds/dataset.yaml": "x"})
			symlink(t, "p/seeds", filepath.Join(dir, "out"))
			return "out", filepath.Join(dir, "p")
		}, "it is the project's seeds/ directory"},
		{"the seeds through a linked project", func(t *testing.T, dir string) (string, string) {
			writeFiles(t, dir, map[string]string{"p/seeds/dataset.yaml": "x"})
			symlink(t, "p", filepath.Join(dir, "q"))
			return "p/seeds", filepath.Join(dir, "q")
		}, "it is the project's seeds/ directory"},
		{"the project's out/", func(t *testing.T, dir string) (string, string) {
			writeFiles(t, dir, map[string]string{"p/seeds/dataset.yaml": "x"})
			return "p/out", filepath.Join(dir, "p")
		}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out, project := tc.setup(t, dir)
			out = filepath.Join(dir, out)
			before := treeState(t, dir)
			var logged []string
			p := Publisher{Project: project, Log: func(m string) { logged = append(logged, m) }}
			err := p.Publish(context.Background(), out, dpRelease(), releaseOrder)
			if tc.refuse != "" {
				var refused *RefusedError
				if !errors.As(err, &refused) {
					t.Fatalf("got %v, want a refusal", err)
				}
				want := strings.ReplaceAll(tc.refuse, dir0, dir)
				if !strings.Contains(err.Error(), want) {
					t.Errorf("refusal %q does not say %q", err, want)
				}
				if after := treeState(t, dir); after != before {
					t.Errorf("a refused publish changed %s:\nbefore\n%s\nafter\n%s", dir, before, after)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			c, err := checkSums(mustResolve(t, out))
			if err != nil || !c.ok() {
				t.Fatalf("the published release does not verify: %v %v", err, c)
			}
			if len(logged) > 0 {
				t.Errorf("logged %q", logged)
			}
			assertNothingBeside(t, mustResolve(t, out))
			if fi, err := os.Lstat(filepath.Join(dir, "out")); err == nil && tc.name == "a link to a release" && fi.Mode()&os.ModeSymlink == 0 {
				t.Error("the link was replaced")
			}
		})
	}
}

// dir0 stands for the test's directory in a wanted message.
const dir0 = "$DIR"

func mkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
}

func mustResolve(t *testing.T, path string) string {
	t.Helper()
	r, err := filepath.EvalSymlinks(path)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// publishAt publishes the fixture release at out.
func publishAt(t *testing.T, out string) {
	t.Helper()
	if err := (Publisher{}).Publish(context.Background(), out, dpRelease(), releaseOrder); err != nil {
		t.Fatal(err)
	}
}

// treeState lists every path under dir with its type and content (a
// link's target), one per line.
func treeState(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.Walk(dir, func(path string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		switch {
		case fi.Mode()&os.ModeSymlink != 0:
			dest, _ := os.Readlink(path)
			b.WriteString(rel + " -> " + dest + "\n")
		case fi.IsDir():
			b.WriteString(rel + "/\n")
		default:
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			b.WriteString(rel + " " + string(data) + "\n")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestPublishKeepsFilesAddedMeanwhile: a file that appears in the previous
// release while the new one is written is not deleted with the previous
// release: that directory is kept beside the release, and Log says where.
// Before, the previous release was deleted whole.
func TestPublishKeepsFilesAddedMeanwhile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	publishAt(t, out)
	meddle := sabotage{"a person saves a file into out/", func(t *testing.T, _ string) {
		writeFiles(t, out, map[string]string{"csv/mine.txt": "mine"})
	}, t}
	var logged []string
	p := Publisher{Log: func(m string) { logged = append(logged, m) }}
	if err := p.Publish(context.Background(), out, dpRelease(), append([]Exporter{meddle}, releaseOrder...)); err != nil {
		t.Fatal(err)
	}
	kept, _ := filepath.Glob(filepath.Join(dir, ".out.kept-*"))
	if len(kept) != 1 {
		t.Fatalf("kept %v, want one directory", kept)
	}
	if b, err := os.ReadFile(filepath.Join(kept[0], "csv", "mine.txt")); err != nil || string(b) != "mine" {
		t.Errorf("the file was not kept: %q, %v", b, err)
	}
	if entries, _ := os.ReadDir(filepath.Join(kept[0], "csv")); len(entries) != 1 {
		t.Errorf("the previous release's own files were kept too: %v", entries)
	}
	if len(logged) != 1 || !strings.Contains(logged[0], "kept "+kept[0]) {
		t.Errorf("logged %q", logged)
	}
}

// TestPublishWaitsForLock: while another build holds the lock, Publish
// waits and says so once, publishes when the lock is released, and gives
// up after Wait, or when its context is cancelled, leaving the previous
// release as it was.
func TestPublishWaitsForLock(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	publishAt(t, out)
	lockPath := filepath.Join(dir, ".out.lock")
	hold := func(t *testing.T) func() {
		t.Helper()
		unlock, err := lockPlace(context.Background(), lockPath, out, time.Second, func(string, ...any) {})
		if err != nil {
			t.Fatal(err)
		}
		return unlock
	}
	var logged []string
	p := Publisher{Wait: 200 * time.Millisecond, Log: func(m string) { logged = append(logged, m) }}

	t.Run("released", func(t *testing.T) {
		logged = nil
		unlock := hold(t)
		time.AfterFunc(50*time.Millisecond, unlock)
		if err := p.Publish(context.Background(), out, dpRelease(), releaseOrder); err != nil {
			t.Fatal(err)
		}
		if len(logged) != 1 || !strings.Contains(logged[0], "waiting for another build to finish publishing to "+out) {
			t.Errorf("logged %q", logged)
		}
		assertNothingBeside(t, out)
	})
	t.Run("held too long", func(t *testing.T) {
		unlock := hold(t)
		defer unlock()
		before := dirSums(t, out)
		err := p.Publish(context.Background(), out, dpRelease(), releaseOrder)
		if err == nil || !strings.Contains(err.Error(), "gave up waiting") {
			t.Fatalf("got %v, want a time-out", err)
		}
		if dirSums(t, out) != before {
			t.Error("out changed")
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		unlock := hold(t)
		defer unlock()
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(20*time.Millisecond, cancel)
		if err := p.Publish(ctx, out, dpRelease(), releaseOrder); !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want context.Canceled", err)
		}
	})
}

// TestPublishCancelled: a context cancelled while the exporters run (an
// interrupt) stops before the swap, removes the staging directory and
// leaves the previous release.
func TestPublishCancelled(t *testing.T) {
	out := exportRelease(t)
	before := dirSums(t, out)
	ctx, cancel := context.WithCancel(context.Background())
	interrupt := sabotage{"interrupt", func(*testing.T, string) { cancel() }, t}
	exporters := append([]Exporter{releaseOrder[0], interrupt}, releaseOrder[1:]...)
	if err := (Publisher{}).Publish(ctx, out, dpRelease(), exporters); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if dirSums(t, out) != before {
		t.Error("out changed")
	}
	assertNothingBeside(t, out)
}
