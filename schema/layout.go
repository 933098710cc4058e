package schema

import (
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// The seeds tree, relative to the repository root. No file of it grows
// with the number of sources: each source is a folder of its own, and link
// keys, which join rows of several sources, may be spread over any number
// of files.
const (
	SeedsDir   = "seeds"
	MetaFile   = "seeds/dataset.yaml"
	ActorsFile = "seeds/actors.yaml"
	SourcesDir = "seeds/sources" // a folder per source, named by its id
	LinksDir   = "seeds/links"   // link key files, *.yaml
)

// The files of a source folder. Rules and waivers may be split into parts
// (rules-<part>.yaml, waivers-<part>.yaml) when one file would pass the
// YAML size limit.
const (
	SourceManifest = "source.yaml" // the text's sha256 and bibliographic data
	SourceText     = "text.txt"    // the text, byte-identical as received
	RulesFile      = "rules.yaml"
	WaiversFile    = "waivers.yaml"
)

// SourcePath is the path from the repository root of a file of the
// source's folder: SourcePath("tiny", RulesFile) is
// seeds/sources/tiny/rules.yaml.
func SourcePath(id, name string) string { return SourcesDir + "/" + id + "/" + name }

// seedsLayout is every entry seeds/ may hold: the files, then the
// directories. Anything else is refused, so that no input is left unread by
// a misspelt name (links.yml, source/).
var seedsLayout = struct{ files, dirs []string }{
	files: []string{path.Base(MetaFile), path.Base(ActorsFile)},
	dirs:  []string{path.Base(SourcesDir), path.Base(LinksDir)},
}

// earlierLayout says where the entries of seeds/ of the layout before
// source folders went, for a tree not yet moved over.
var earlierLayout = map[string]string{
	"sources.yaml": "the sources manifest of an earlier layout: each source is now a folder " + SourcesDir + "/<id>/ (its id is the folder's name) whose " + SourceManifest + " holds its entry without id: and file:; move each entry there",
	"texts":        "the texts directory of an earlier layout: a source's text is now " + SourcePath("<id>", SourceText) + "; move each text there",
	"rules":        "the rules directory of an earlier layout: a source's rules are now " + SourcePath("<id>", RulesFile) + ", without source: (the folder names the source); move each file there",
	"waivers":      "the waivers directory of an earlier layout: a source's waivers are now " + SourcePath("<id>", WaiversFile) + ", without source: (the folder names the source); move each file there",
	"links.yaml":   "the links file of an earlier layout: link keys are now in " + LinksDir + "/, any number of *.yaml files; move it there",
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
	for _, e := range entries {
		name, rel := e.Name(), SeedsDir+"/"+e.Name()
		stem, _ := yamlStem(name)
		switch {
		case contains(seedsLayout.dirs, name):
			// listed (or refused) by sourceFolders and linkFiles
		case contains(seedsLayout.files, name):
			// read (or refused) by Load
		case earlierLayout[name] != "":
			ds.Addf(Pos{File: rel}, "%s", earlierLayout[name])
		case earlierLayout[stem+".yaml"] != "":
			ds.Addf(Pos{File: rel}, "%s", earlierLayout[stem+".yaml"])
		case leftover(name) != "":
			ds.Addf(Pos{File: rel}, "%s", leftover(name))
		default:
			ds.Addf(Pos{File: rel}, "not part of the project: %s/ holds %s and the directories %s/ and %s/%s",
				SeedsDir, strings.Join(seedsLayout.files, ", "), seedsLayout.dirs[0], seedsLayout.dirs[1],
				suggest(name, known))
		}
	}
}

// layoutDir lists a directory of the layout, or refuses it: a symbolic
// link or a file where the directory should be. A missing directory lists
// nothing and is reported only when required.
func layoutDir(root, dir, what string, required bool, ds *Diagnostics) ([]os.DirEntry, bool) {
	fi, err := os.Lstat(filepath.Join(root, filepath.FromSlash(dir)))
	switch {
	case os.IsNotExist(err):
		if required {
			ds.Addf(Pos{File: dir}, "no %s/ directory: it holds the %s", dir, what)
		}
		return nil, false
	case err != nil:
		ds.Addf(Pos{File: dir}, "cannot read %s/: %v", dir, err)
		return nil, false
	case fi.Mode()&os.ModeSymlink != 0:
		ds.Addf(Pos{File: dir}, "a symbolic link; %s/ must be a directory inside %s/ (no link is followed)", path.Base(dir), SeedsDir)
		return nil, false
	case !fi.IsDir():
		ds.Addf(Pos{File: dir}, "not a directory; %s/ is the directory of the %s", path.Base(dir), what)
		return nil, false
	}
	entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(dir)))
	if err != nil {
		ds.Addf(Pos{File: dir}, "cannot list %s/: %v", dir, err)
		return nil, false
	}
	return entries, true
}

// sourceFolder is what one folder of seeds/sources holds.
type sourceFolder struct {
	id, dir  string
	manifest bool // source.yaml is there
	// textReported is set when text.txt is missing and a misnamed text
	// was reported instead: the text is not then read, nor its absence
	// reported a second time.
	textReported   bool
	rules, waivers []string // paths from the root, the main file first
}

// sourceFolders lists the folders of seeds/sources, one per source, in
// the order of their names, and refuses every entry that is not part of
// one: a file beside the folders, a folder whose name is not an id, and in
// a folder anything but its manifest, text, rule and waiver files.
func sourceFolders(root string, ds *Diagnostics) []*sourceFolder {
	entries, ok := layoutDir(root, SourcesDir, "source folders, one per source", true, ds)
	if !ok {
		return nil
	}
	var out []*sourceFolder
	for _, e := range entries {
		name, rel := e.Name(), SourcesDir+"/"+e.Name()
		switch {
		case e.Type()&os.ModeSymlink != 0:
			ds.Addf(Pos{File: rel}, "a symbolic link; a source folder must be a directory inside %s/ (no link is followed)", SeedsDir)
		case leftover(name) != "":
			ds.Addf(Pos{File: rel}, "%s", leftover(name))
		case strings.HasPrefix(name, "."):
			ds.Addf(Pos{File: rel}, "hidden; hidden files and folders are not read: rename it, or remove it")
		case !e.IsDir():
			ds.Addf(Pos{File: rel}, "not a source folder: %s/ holds one folder per source, named by the source's id, with its %s and %s; move the file into its source's folder",
				SourcesDir, SourceManifest, SourceText)
		default:
			if msg, _ := idProblem("source folder name (the source's id)", name); msg != "" {
				ds.Addf(Pos{File: rel}, "%s", msg)
				continue
			}
			if f := readSourceFolder(root, name, ds); f != nil {
				out = append(out, f)
			}
		}
	}
	if len(out) == 0 && len(entries) == 0 {
		ds.Addf(Pos{File: SourcesDir}, "no source folders; each source is a folder %s holding %s and %s", SourcePath("<id>", ""), SourceManifest, SourceText)
	}
	return out
}

// sourceFolderFiles names what a source folder holds, for messages.
const sourceFolderFiles = SourceManifest + ", " + SourceText + ", " + RulesFile + " and " + WaiversFile +
	" (split into rules-<part>.yaml, waivers-<part>.yaml when long)"

// readSourceFolder lists one source folder and refuses what does not
// belong in it.
func readSourceFolder(root, id string, ds *Diagnostics) *sourceFolder {
	f := &sourceFolder{id: id, dir: SourcesDir + "/" + id}
	entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(f.dir)))
	if err != nil {
		ds.Addf(Pos{File: f.dir}, "cannot list %s/: %v", f.dir, err)
		return nil
	}
	has := map[string]bool{}
	var strays []string
	for _, e := range entries {
		name, rel := e.Name(), f.dir+"/"+e.Name()
		has[name] = true
		switch {
		case e.IsDir():
			ds.Addf(Pos{File: rel}, "a directory; a source folder holds only its files, %s, and subdirectories are not read: move its files up, or remove it", sourceFolderFiles)
		case name == SourceManifest:
			f.manifest = true
		case name == SourceText:
		case isPart(name, RulesFile):
			f.rules = append(f.rules, rel) // a symbolic link is refused when read
		case isPart(name, WaiversFile):
			f.waivers = append(f.waivers, rel)
		case leftover(name) != "":
			ds.Addf(Pos{File: rel}, "%s", leftover(name))
		case strings.HasPrefix(name, "."):
			ds.Addf(Pos{File: rel}, "a hidden file; hidden files are not read: rename it, or remove it")
		default:
			strays = append(strays, name)
		}
	}
	manifestReported := false
	for _, name := range strays {
		rel := f.dir + "/" + name
		stem, isYAML := yamlStem(name)
		switch {
		case isYAML && (stem+".yaml" == SourceManifest || isPart(stem+".yaml", RulesFile) || isPart(stem+".yaml", WaiversFile)):
			if has[stem+".yaml"] {
				ds.Addf(Pos{File: rel}, "%s.yaml exists too: merge the two, or remove this one", stem)
			} else {
				ds.Addf(Pos{File: rel}, "a source folder's YAML files end in .yaml; rename it to %s.yaml", stem)
				manifestReported = manifestReported || stem+".yaml" == SourceManifest
			}
		case strings.EqualFold(path.Ext(name), ".txt") && !has[SourceText]:
			ds.Addf(Pos{File: rel}, "a source's text is named %s; rename this file to %s", SourceText, SourceText)
			f.textReported = true
		case strings.EqualFold(path.Ext(name), ".txt"):
			ds.Addf(Pos{File: rel}, "not read: a source folder holds one text, %s; another text is another source, with a folder of its own (and notes on the text go into notes: of %s)", SourceText, SourceManifest)
		default:
			names := []string{SourceManifest, SourceText, RulesFile, WaiversFile}
			ds.Addf(Pos{File: rel}, "not part of a source folder, which holds %s%s", sourceFolderFiles, suggest(name, names))
			manifestReported = manifestReported || Closest(name, names) == SourceManifest && !f.manifest
		}
	}
	if !f.manifest && !manifestReported {
		ds.Addf(Pos{File: f.dir}, "no %s: a source folder holds %s, with the text's sha256 and bibliographic data, beside %s", SourceManifest, SourceManifest, SourceText)
	}
	sortParts(f.rules)
	sortParts(f.waivers)
	return f
}

// isPart reports whether name is the file main (rules.yaml) or one of its
// parts (rules-<part>.yaml, the part an id).
func isPart(name, main string) bool {
	if name == main {
		return true
	}
	stem := strings.TrimSuffix(main, ".yaml")
	part, ok := strings.CutPrefix(name, stem+"-")
	if !ok || !strings.HasSuffix(part, ".yaml") {
		return false
	}
	return idPattern.MatchString(strings.TrimSuffix(part, ".yaml"))
}

// sortParts orders a source's rule or waiver files for reading: the main
// file, then the parts by name, so that a duplicate is reported in a part,
// not in the main file.
func sortParts(files []string) {
	sort.Slice(files, func(i, j int) bool {
		a, b := strings.TrimSuffix(files[i], ".yaml"), strings.TrimSuffix(files[j], ".yaml")
		return a < b // rules < rules-2: the main file is a prefix of its parts
	})
}

// RuleFileSource names the source whose rules or waivers a file of the
// seeds tree holds, or was meant to hold (a rules.yml, any file of its
// folder but the manifest and the text): its folder's name. It is "" for
// other files.
func RuleFileSource(file string) string {
	rest, ok := strings.CutPrefix(file, SourcesDir+"/")
	if !ok {
		return ""
	}
	id, name, ok := strings.Cut(rest, "/")
	if !ok || name == SourceManifest || name == SourceText || strings.Contains(name, "/") {
		return ""
	}
	return id
}

// linkFiles lists the link key files of seeds/links, in the order of their
// names, refusing every other entry at its name: a subdirectory, an
// editor's leftover, a hidden file, a YAML file with the wrong extension,
// anything else. The directory is optional.
func linkFiles(root string, ds *Diagnostics) []string {
	const what = "link key files"
	entries, ok := layoutDir(root, LinksDir, what, false, ds)
	if !ok {
		return nil
	}
	var out []string
	for _, e := range entries {
		name, rel := e.Name(), LinksDir+"/"+e.Name()
		switch {
		case e.IsDir():
			ds.Addf(Pos{File: rel}, "a directory; %s lie directly in %s/, subdirectories are not read: move its files up, or remove it", what, LinksDir)
		case leftover(name) != "":
			ds.Addf(Pos{File: rel}, "%s", leftover(name))
		case strings.HasPrefix(name, "."):
			ds.Addf(Pos{File: rel}, "a hidden file; hidden files are not read: rename it, or remove it")
		case strings.HasSuffix(name, ".yaml"):
			out = append(out, rel) // a symbolic link is refused when read
		default:
			ds.Addf(Pos{File: rel}, "%s", wrongExtension(root, LinksDir, name, what))
		}
	}
	return out
}

// wrongExtension is the problem of a file in a directory of YAML files
// that does not end in .yaml.
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
