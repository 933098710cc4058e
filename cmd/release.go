package cmd

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/armsdata/armsdata/dataset/archive"
	"github.com/armsdata/armsdata/dataset/atomicfile"
	"github.com/armsdata/armsdata/dataset/diff"
	"github.com/armsdata/armsdata/dataset/english"
	"github.com/armsdata/armsdata/schema"
)

const releaseUsage = `usage: armsdata release --version x.y.z [flags]

Prepares release x.y.z of the dataset from the committed out/: writes the
archive dist/NAME-x.y.z.tar.gz with its checksum file, and a section for
x.y.z at the top of CHANGELOG.md that says what changed since the previous
release. NAME is name: in seeds/dataset.yaml (armsdata). It neither
commits nor tags: you review and do that.

Run it as "make release VERSION=x.y.z", which first runs this command with
--dry-run (to fail fast), then "make test" (every test, and the proof that
the committed out/ is exactly what the seeds build), then this command.

How to release:
  1. Set version: x.y.z in seeds/dataset.yaml (the workbook and citations
     carry it), run make, and commit seeds/ and out/.
  2. Run make release VERSION=x.y.z. This command refuses to go on unless
       - x.y.z is MAJOR.MINOR.PATCH: digits, no leading zeros, no "v";
       - it equals version: in seeds/dataset.yaml;
       - it is greater than every release tag (vMAJOR.MINOR.PATCH) of the
         repository;
       - the working tree is clean: nothing modified, staged or untracked,
         and no file under out/ that git ignores (the archive holds
         exactly the committed out/);
       - CHANGELOG.md has no section for x.y.z yet;
       - dist/ holds no archive of x.y.z, nor its checksum file (one may
         have been published, and it must not change).
     Then it compares out/ with the previous release, the highest release
     tag (or --previous), as "armsdata diff" does, and writes
       dist/NAME-x.y.z.tar.gz         out/ under the directory NAME-x.y.z/
       dist/NAME-x.y.z.tar.gz.sha256  its SHA-256; check it with
                                      cd dist && sha256sum -c NAME-x.y.z.tar.gz.sha256
       CHANGELOG.md                   the section "## x.y.z (YYYY-MM-DD)":
                                      the notes of the section
                                      "## Unreleased", which it replaces
                                      (write breaking changes there as you
                                      make them), then rows added, removed
                                      and changed per table, removed and
                                      added row ids and the changed figures;
                                      the first release gets its row counts
                                      instead
  3. Review and edit CHANGELOG.md, then commit it and tag the commit:
       git add CHANGELOG.md && git commit -m "Release x.y.z"
       git tag -a vx.y.z -m "NAME x.y.z"
       git push origin HEAD vx.y.z
     and publish the two files of dist/.

The archive is deterministic: entries sorted by name, every time the Unix
epoch, uid and gid 0 with no user or group name, mode 0755 for directories
and 0644 for files, and a gzip header without name or time. Archiving the
same out/ again, from the tag, gives the same bytes and the same SHA-256.

Exit status: 0 done, 1 refused or failed (the message says why), 2 a wrong
command line.

flags:
`

// releaseToday is the date of the changelog section; tests replace it.
var releaseToday = func() string { return time.Now().UTC().Format("2006-01-02") }

// Release tags are "v" followed by the version.
const releaseTagPrefix = "v"

var releaseVersionPattern = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$`)

type releaseVersion [3]int

func parseReleaseVersion(s string) (releaseVersion, bool) {
	m := releaseVersionPattern.FindStringSubmatch(s)
	if m == nil {
		return releaseVersion{}, false
	}
	var v releaseVersion
	for i := range v {
		n, err := strconv.Atoi(m[i+1])
		if err != nil {
			return releaseVersion{}, false
		}
		v[i] = n
	}
	return v, true
}

func (v releaseVersion) less(w releaseVersion) bool {
	for i := range v {
		if v[i] != w[i] {
			return v[i] < w[i]
		}
	}
	return false
}

// releasePlan is what the checks found: everything a release writes.
type releasePlan struct {
	root, version, name string
	previous            string // label of the release compared with; "" for the first release
	section             string // the changelog section, "## x.y.z (date)\n\n…"
	changelog           []byte // the new CHANGELOG.md
}

func runRelease(e *env, args []string) int {
	fs := e.flags("release", releaseUsage)
	version := fs.String("version", "", "the version `x.y.z` to release; it must equal version: in seeds/dataset.yaml")
	root := fs.String("root", ".", "the repository `directory`")
	previous := fs.String("previous", "", "compare with `REV` (a revision or a release directory, as for diff) instead of the highest release tag")
	dryRun := fs.Bool("dry-run", false, "run the checks and print the changelog section; write nothing")
	pos, code, ok := e.parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "armsdata release: unexpected argument %q\n", pos[0])
		fs.Usage()
		return ExitUsage
	}
	if *version == "" {
		fmt.Fprintln(e.stderr, "armsdata release: give the version: --version x.y.z (make release VERSION=x.y.z)")
		return ExitUsage
	}
	plan, err := planRelease(*root, *version, *previous)
	if err != nil {
		fmt.Fprintf(e.stderr, "armsdata release: refused: %v\n", err)
		return ExitData
	}
	if *dryRun {
		fmt.Fprint(e.stdout, plan.section)
		return ExitOK
	}

	base := plan.name + "-" + plan.version
	tarball := filepath.Join(plan.root, releaseFiles(plan.name, plan.version)[0])
	if err := os.MkdirAll(filepath.Dir(tarball), 0o755); err != nil {
		fmt.Fprintf(e.stderr, "armsdata release: %v\n", err)
		return ExitData
	}
	sum, files, err := archive.WriteFile(tarball, filepath.Join(plan.root, diff.ReleaseDir), base)
	if err != nil {
		fmt.Fprintf(e.stderr, "armsdata release: writing %s: %v\n", tarball, err)
		return ExitData
	}
	changelog := filepath.Join(plan.root, "CHANGELOG.md")
	if err := atomicfile.WriteBytes(changelog, plan.changelog); err != nil {
		fmt.Fprintf(e.stderr, "armsdata release: writing %s: %v\n", changelog, err)
		return ExitData
	}

	compared := "first release"
	if plan.previous != "" {
		compared = "compared with " + plan.previous
	}
	tag := releaseTagPrefix + plan.version
	w := e.stdout
	fmt.Fprintf(w, "armsdata release %s (%s):\n", plan.version, compared)
	fmt.Fprintf(w, "  %s: %d files, sha256 %s\n", tarball, files, sum)
	fmt.Fprintf(w, "  %s.sha256\n", tarball)
	fmt.Fprintf(w, "  %s: section %s added\n", changelog, plan.version)
	fmt.Fprintf(w, "Next: review %s, then\n", changelog)
	fmt.Fprintf(w, "  git add CHANGELOG.md && git commit -m \"Release %s\"\n", plan.version)
	fmt.Fprintf(w, "  git tag -a %s -m \"%s %s\"\n", tag, plan.name, plan.version)
	fmt.Fprintf(w, "  git push origin HEAD %s\n", tag)
	fmt.Fprintf(w, "and publish %s and %s.sha256.\n", tarball, tarball)
	return ExitOK
}

// planRelease runs every check of a release and prepares what it writes.
func planRelease(root, version, previous string) (*releasePlan, error) {
	v, ok := parseReleaseVersion(version)
	if !ok {
		return nil, fmt.Errorf("version %q is not MAJOR.MINOR.PATCH (such as 0.2.0: digits, no leading zeros, no v)", version)
	}
	name, metaVersion, err := readReleaseMeta(root)
	if err != nil {
		return nil, err
	}
	if metaVersion != version {
		return nil, fmt.Errorf("version %s differs from version: %s in %s; set it there, run make and commit seeds/ and out/ first", version, metaVersion, schema.MetaFile)
	}
	if _, err := diff.Git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}"); err != nil {
		return nil, fmt.Errorf("%s is not a git repository with a commit", root)
	}
	if err := checkCleanTree(root); err != nil {
		return nil, err
	}
	latest, err := latestReleaseTag(root)
	if err != nil {
		return nil, err
	}
	if latest != "" {
		lv, _ := parseReleaseVersion(strings.TrimPrefix(latest, releaseTagPrefix))
		if !lv.less(v) {
			return nil, fmt.Errorf("version %s is not greater than the latest release, tag %s", version, latest)
		}
	}

	out, err := diff.ReadDir(filepath.Join(root, diff.ReleaseDir))
	if err != nil {
		return nil, err
	}
	oldLog, err := os.ReadFile(filepath.Join(root, "CHANGELOG.md"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if hasChangelogSection(oldLog, version) {
		return nil, fmt.Errorf("CHANGELOG.md already has a section for %s", version)
	}
	// An archive of the version may have been published with its
	// checksum: a second run must not replace it with other bytes.
	for _, f := range releaseFiles(name, version) {
		if _, err := os.Lstat(filepath.Join(root, f)); err == nil {
			return nil, fmt.Errorf("%s already exists, and a release archive that may have been published must not change; remove it first if it never was", f)
		}
	}

	plan := &releasePlan{root: root, version: version, name: name}
	var body bytes.Buffer
	switch {
	case previous != "" || latest != "":
		var prev *diff.Release
		if previous != "" {
			prev, err = diff.Open(previous, root)
		} else {
			prev, err = diff.ReadGit(root, latest, diff.ReleaseDir)
		}
		if err != nil {
			return nil, fmt.Errorf("reading the previous release: %v", err)
		}
		plan.previous = prev.Label
		if err := diff.WriteMarkdown(&body, diff.Compare(prev, out)); err != nil {
			return nil, err
		}
	default:
		writeFirstRelease(&body, out)
	}
	notes, rest := takeUnreleased(oldLog)
	plan.section = fmt.Sprintf("## %s (%s)\n\n", version, releaseToday())
	if notes != "" {
		plan.section += notes + "\n\n" + releaseDataHeading + "\n\n"
	}
	plan.section += body.String()
	plan.changelog = insertChangelogSection(rest, plan.section)
	return plan, nil
}

// unreleasedHeading opens the changelog's notes on changes not yet
// released, which the next release's section takes over.
const unreleasedHeading = "## Unreleased"

// releaseDataHeading heads what the diff found, under a release's notes.
const releaseDataHeading = "### Changes to the data"

// takeUnreleased returns the notes of the changelog's "## Unreleased"
// section (its lines up to the next "## " heading, trimmed) and the
// changelog without that section; the changelog as it is when it has none.
func takeUnreleased(log []byte) (notes string, rest []byte) {
	lines := strings.SplitAfter(string(log), "\n")
	from := slices.IndexFunc(lines, func(l string) bool { return strings.TrimRight(l, " \r\n") == unreleasedHeading })
	if from < 0 {
		return "", log
	}
	to := len(lines)
	for i := from + 1; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], "## ") {
			to = i
			break
		}
	}
	notes = strings.TrimSpace(strings.Join(lines[from+1:to], ""))
	return notes, []byte(strings.Join(lines[:from], "") + strings.Join(lines[to:], ""))
}

// releaseFiles are the files a release writes into dist/, relative to the
// repository: the archive, then its checksum file.
func releaseFiles(name, version string) []string {
	archive := filepath.Join("dist", name+"-"+version+".tar.gz")
	return []string{archive, archive + ".sha256"}
}

// readReleaseMeta reads name: and version: of seeds/dataset.yaml.
func readReleaseMeta(root string) (name, version string, err error) {
	data, err := os.ReadFile(filepath.Join(root, schema.MetaFile))
	if err != nil {
		return "", "", err
	}
	var meta struct {
		Name    string `yaml:"name"`
		Version string `yaml:"version"`
	}
	if err := yaml.Unmarshal(data, &meta); err != nil {
		return "", "", fmt.Errorf("%s: %v", schema.MetaFile, err)
	}
	if meta.Version == "" {
		return "", "", fmt.Errorf("%s has no version:", schema.MetaFile)
	}
	if meta.Name == "" {
		meta.Name = "armsdata"
	}
	if !regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`).MatchString(meta.Name) {
		return "", "", fmt.Errorf("name: %q in %s cannot name the archive", meta.Name, schema.MetaFile)
	}
	return meta.Name, meta.Version, nil
}

// checkCleanTree refuses uncommitted or untracked files anywhere, and
// files under out/ that git ignores (they would go into the archive).
func checkCleanTree(root string) error {
	st, err := diff.Git(root, "status", "--porcelain", "-z", "--untracked-files=all")
	if err != nil {
		return err
	}
	if list := porcelainPaths(st, ""); len(list) > 0 {
		return fmt.Errorf("the working tree is not clean; commit or remove first: %s", strings.Join(list, ", "))
	}
	st, err = diff.Git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--ignored=matching", "--", diff.ReleaseDir)
	if err != nil {
		return err
	}
	if list := porcelainPaths(st, "!! "); len(list) > 0 {
		return fmt.Errorf("%s/ holds files that git ignores and the archive would include; remove them first: %s", diff.ReleaseDir, strings.Join(list, ", "))
	}
	return nil
}

// porcelainPaths lists the entries of "git status --porcelain -z" that
// begin with prefix, at most ten.
func porcelainPaths(st []byte, prefix string) []string {
	var list []string
	for _, e := range strings.Split(string(st), "\x00") {
		if e == "" || !strings.HasPrefix(e, prefix) || len(e) < 4 || e[2] != ' ' {
			continue // the original path of a rename has no status
		}
		if len(list) == 10 {
			return append(list, "…")
		}
		list = append(list, e)
	}
	return list
}

// latestReleaseTag returns the release tag (vMAJOR.MINOR.PATCH) with the
// highest version, or "" when there is none. Other tags are ignored.
func latestReleaseTag(root string) (string, error) {
	out, err := diff.Git(root, "tag", "--list", releaseTagPrefix+"*")
	if err != nil {
		return "", err
	}
	latest, lv := "", releaseVersion{}
	for _, tag := range strings.Fields(string(out)) {
		v, ok := parseReleaseVersion(strings.TrimPrefix(tag, releaseTagPrefix))
		if ok && (latest == "" || lv.less(v)) {
			latest, lv = tag, v
		}
	}
	return latest, nil
}

// writeFirstRelease writes the changelog body of a release with no
// predecessor: its row counts.
func writeFirstRelease(b *bytes.Buffer, rel *diff.Release) {
	names := make([]string, 0, len(rel.Tables))
	rows := 0
	for n, t := range rel.Tables {
		names = append(names, n)
		rows += len(t.Rows)
	}
	sort.Strings(names)
	fmt.Fprintf(b, "First release: %d %s in %d %s.\n\n", rows, english.Plural(rows, "row"), len(names), english.Plural(len(names), "table"))
	for _, n := range names {
		k := len(rel.Tables[n].Rows)
		fmt.Fprintf(b, "- `%s`: %d %s\n", n, k, english.Plural(k, "row"))
	}
}

// hasChangelogSection reports whether the changelog has a heading
// "## VERSION" (alone or followed by a space).
func hasChangelogSection(log []byte, version string) bool {
	for _, line := range strings.Split(string(log), "\n") {
		if rest, ok := strings.CutPrefix(line, "## "+version); ok && (rest == "" || rest[0] == ' ') {
			return true
		}
	}
	return false
}

// insertChangelogSection puts section before the first "## " heading of
// the changelog, after whatever precedes it (a title, an introduction); at
// the end when there is no such heading. A missing changelog starts with
// the title "# Changelog".
func insertChangelogSection(log []byte, section string) []byte {
	s := string(log)
	if strings.TrimSpace(s) == "" {
		return []byte("# Changelog\n\n" + section)
	}
	at := -1
	if strings.HasPrefix(s, "## ") {
		at = 0
	} else if i := strings.Index(s, "\n## "); i >= 0 {
		at = i + 1
	}
	if at < 0 {
		return []byte(strings.TrimRight(s, "\n") + "\n\n" + section)
	}
	return []byte(s[:at] + section + "\n" + s[at:])
}
