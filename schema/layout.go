package schema

import (
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// TextsDir holds the source texts, each named by an entry of SourcesFile.
const TextsDir = "seeds/texts"

// seedsLayout is every entry seeds/ may hold: the files, then the
// directories. Anything else is refused, so that no input is left unread by
// a misspelt name (links.yml, rule/).
var seedsLayout = struct{ files, dirs []string }{
	files: []string{path.Base(MetaFile), path.Base(SourcesFile), path.Base(ActorsFile), path.Base(LinksFile)},
	dirs:  []string{path.Base(RulesDir), path.Base(TextsDir), path.Base(WaiversDir)},
}

// checkSeedsLayout refuses every entry of seeds/ that is not part of the
// layout, and the layout's directories when they are not directories.
func checkSeedsLayout(root string, ds *Diagnostics) {
	entries, err := os.ReadDir(filepath.Join(root, SeedsDir))
	if err != nil {
		ds.Addf(Pos{File: SeedsDir}, "cannot list %s/: %v", SeedsDir, err)
		return
	}
	known := append(append([]string(nil), seedsLayout.files...), seedsLayout.dirs...)
	isDir := map[string]bool{}
	for _, d := range seedsLayout.dirs {
		isDir[d] = true
	}
	for _, e := range entries {
		name, rel := e.Name(), SeedsDir+"/"+e.Name()
		switch {
		case isDir[name]:
			if e.Type()&os.ModeSymlink != 0 {
				ds.Addf(Pos{File: rel}, "a symbolic link; %s/ must be a directory inside %s/ (no link is followed)", name, SeedsDir)
			} else if !e.IsDir() {
				ds.Addf(Pos{File: rel}, "not a directory; %s/ is the directory of the %s", name, dirContents(rel))
			}
		case contains(seedsLayout.files, name):
			// read (or refused) by Load
		default:
			if msg := leftover(name); msg != "" {
				ds.Addf(Pos{File: rel}, "%s", msg)
				continue
			}
			ds.Addf(Pos{File: rel}, "not part of the project: %s/ holds %s and the directories %s/, %s/ and %s/%s",
				SeedsDir, strings.Join(seedsLayout.files, ", "), seedsLayout.dirs[0], seedsLayout.dirs[1], seedsLayout.dirs[2],
				suggest(name, known))
		}
	}
}

// dirContents says what a directory of the layout holds.
func dirContents(dir string) string {
	switch dir {
	case RulesDir:
		return "rule files"
	case WaiversDir:
		return "waiver files"
	}
	return "source texts"
}

// seedFiles lists the files of a seeds directory that want(name) accepts,
// as paths from the repository root, and refuses every other entry at its
// name: a subdirectory, an editor's leftover, a hidden file, a YAML file
// with the wrong extension, anything else. A directory that is missing
// lists nothing; one that is a symbolic link or not a directory is refused
// by checkSeedsLayout and lists nothing either.
func seedFiles(root, dir string, want func(name string) bool, ds *Diagnostics) []string {
	full := filepath.Join(root, filepath.FromSlash(dir))
	if fi, err := os.Lstat(full); err != nil || !fi.IsDir() {
		return nil
	}
	entries, err := os.ReadDir(full)
	if err != nil {
		ds.Addf(Pos{File: dir}, "cannot list %s/: %v", dir, err)
		return nil
	}
	what := dirContents(dir)
	var out []string
	for _, e := range entries {
		name, rel := e.Name(), dir+"/"+e.Name()
		switch {
		case e.IsDir():
			ds.Addf(Pos{File: rel}, "a directory; %s lie directly in %s/, subdirectories are not read: move its files up, or remove it", what, dir)
		case want(name):
			out = append(out, rel) // a symbolic link is refused when read
		case leftover(name) != "":
			ds.Addf(Pos{File: rel}, "%s", leftover(name))
		case strings.HasPrefix(name, "."):
			ds.Addf(Pos{File: rel}, "a hidden file; hidden files are not read: rename it, or remove it")
		case dir == TextsDir:
			ds.Addf(Pos{File: rel}, "the text of no source: add its entry, with its sha256, to %s, or remove the file", SourcesFile)
		default:
			ds.Addf(Pos{File: rel}, "%s", wrongExtension(root, dir, name, what))
		}
	}
	return out
}

// wrongExtension is the problem of a file in the rules or waivers
// directory that does not end in .yaml.
func wrongExtension(root, dir, name, what string) string {
	stem, ok := yamlStem(name)
	if !ok {
		return "not one of the " + what + " (they end in .yaml); move it out of " + dir + "/"
	}
	if exists(root, dir+"/"+stem+".yaml") {
		return what + " end in .yaml, and " + stem + ".yaml exists too: merge the two, or remove this one"
	}
	return what + " end in .yaml; rename it to " + stem + ".yaml"
}

// yamlStem returns the name without its extension when it is a YAML
// extension written otherwise than .yaml (.yml, .YAML).
func yamlStem(name string) (string, bool) {
	ext := path.Ext(name)
	if ext == ".yaml" || !strings.EqualFold(ext, ".yaml") && !strings.EqualFold(ext, ".yml") {
		return "", false
	}
	return strings.TrimSuffix(name, ext), true
}

// SeedFileSource names the source a file of the rules or waivers
// directory belongs to by its name, for files that failed to load:
// tiny.yaml and a misnamed tiny.yml both belong to tiny.
func SeedFileSource(name string) string {
	if stem, ok := yamlStem(name); ok {
		return stem
	}
	return strings.TrimSuffix(name, ".yaml")
}

// leftover recognises the files editors leave beside the one being edited
// (vim's swap files, Emacs's lock and auto-save files, backups). They are
// refused, not skipped: a swap or auto-save file means an edit may not be
// saved yet, and the check would pass on the file as it was.
func leftover(name string) string {
	switch {
	case strings.HasSuffix(name, "~"), strings.HasSuffix(name, ".bak"), strings.HasSuffix(name, ".orig"):
		return "an editor's backup file; remove it"
	case strings.HasPrefix(name, ".#"),
		len(name) > 2 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),
		strings.HasPrefix(name, ".") && (strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swo") || strings.HasSuffix(name, ".swx")):
		return "an editor's swap, lock or auto-save file: a file may be open with unsaved changes; save and close it (or recover it), then remove this one"
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// yamlFiles lists the *.yaml files of the rules or waivers directory, as
// paths from the repository root, refusing every other entry (see
// seedFiles). They come in the order of their names without the extension,
// so that tiny.yaml comes before tiny-copy.yaml and a duplicate is reported
// in the file that was added later.
func yamlFiles(root, dir string, ds *Diagnostics) []string {
	out := seedFiles(root, dir, func(name string) bool {
		return strings.HasSuffix(name, ".yaml") && !strings.HasPrefix(name, ".")
	}, ds)
	sort.Slice(out, func(i, j int) bool {
		a, b := strings.TrimSuffix(out[i], ".yaml"), strings.TrimSuffix(out[j], ".yaml")
		if a != b {
			return a < b
		}
		return out[i] < out[j]
	})
	return out
}

// checkTexts refuses every entry of the texts directory that no source
// names. When the manifest could not be read, nothing is known to be
// named, and nothing is refused.
func checkTexts(root string, p *Project, ds *Diagnostics) {
	if p.sourcesFailed {
		return
	}
	seedFiles(root, TextsDir, func(name string) bool { return p.textFiles[TextsDir+"/"+name] }, ds)
}
