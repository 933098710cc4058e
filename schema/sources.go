package schema

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Source is one source folder of seeds/sources: its text and what its
// source.yaml records of it.
type Source struct {
	ID         string // the folder's name
	File       string // the text, from the repository root: seeds/sources/x/text.txt
	SHA256     string
	Title      string
	TitleBasis string
	Authors    string
	Publisher  string
	Periodical string
	URL        string
	Language   string
	Notes      string
	Published  Published

	// Text is the file's content, set only when the file passed every check
	// (present, UTF-8, no BOM or CR, checksum as recorded).
	Text  string
	Bytes int

	Pos Pos // the manifest
}

// Published is when a source appeared: a span of possible days, how exact it
// is, and whether the text states it.
type Published struct {
	Earliest, Latest Date
	Precision        string // day, month or year
	Basis            string // stated or inferred
	Note             string
}

// Date returns the publication day when it is known to the day.
func (p Published) Date() Date {
	if p.Precision == "day" && p.Earliest == p.Latest {
		return p.Earliest
	}
	return Date{}
}

// Display writes the date as a citation does ("21 November 2016",
// "c. January 2001 (date inferred)").
func (p Published) Display() string {
	var s string
	switch p.Precision {
	case "day":
		s = fmt.Sprintf("%d %s %d", p.Earliest.Day, p.Earliest.Month, p.Earliest.Year)
	case "month":
		s = fmt.Sprintf("%s %d", p.Earliest.Month, p.Earliest.Year)
	default:
		s = fmt.Sprint(p.Earliest.Year)
	}
	if p.Basis == "inferred" {
		s = "c. " + s + " (date inferred)"
	}
	return s
}

// Citation is how a reader cites the source; every row of it carries this.
func (s *Source) Citation() string {
	var parts []string
	if s.Authors != "" {
		parts = append(parts, s.Authors)
	}
	title := s.Title
	if s.TitleBasis != "supplied" {
		title = "“" + title + "”"
	}
	parts = append(parts, title)
	for _, p := range []string{s.Periodical, s.Publisher} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	parts = append(parts, s.Published.Display())
	c := strings.Join(parts, ", ") + "."
	if s.URL != "" {
		c += " " + s.URL
	}
	return c
}

var publishedPrecisions = &Vocab{Name: "publication precision", Terms: []Term{{"day", ""}, {"month", ""}, {"year", ""}}}

// sourceGone are the keys of a source's manifest entry that the folder
// layout took over.
var sourceGone = map[string]string{
	"id":   "a source's id is the name of its folder; remove id:",
	"file": "a source's text is " + SourceText + " beside " + SourceManifest + "; remove file:",
}

// loadSource reads a source folder's manifest and text. It returns nil
// when there is no manifest, or it cannot be read or is not a mapping.
func loadSource(d decoder, root string, f *sourceFolder, cache *ParseCache) *Source {
	if !f.manifest {
		return nil
	}
	n := readYAML(root, f.dir+"/"+SourceManifest, cache, d.ds)
	if n == nil {
		return nil
	}
	s := &Source{ID: f.id, File: f.dir + "/" + SourceText, Pos: n.Pos}
	var shaPos Pos
	str := func(dst *string, what string) func(*Node) {
		return func(n *Node) { *dst, _ = d.text(n, what) }
	}
	opt := func(dst *string, what string) func(*Node) {
		return func(n *Node) { *dst, _ = d.optText(n, what) }
	}
	ok := d.mapping(d.without(n, sourceGone), "source",
		key{"sha256", true, func(n *Node) {
			if h, ok := d.text(n, "sha256"); ok {
				if len(h) != 64 || strings.Trim(h, "0123456789abcdef") != "" {
					d.ds.Addf(n.Pos, "sha256 must be 64 lower-case hex digits")
					return
				}
				s.SHA256, shaPos = h, n.Pos
			}
		}},
		key{"title", true, str(&s.Title, "title")},
		key{"title_basis", true, func(n *Node) { s.TitleBasis, _ = d.code(n, "title_basis", TitleBases) }},
		key{"authors", false, opt(&s.Authors, "authors")},
		key{"publisher", false, opt(&s.Publisher, "publisher")},
		key{"periodical", false, opt(&s.Periodical, "periodical")},
		key{"published", true, func(n *Node) { s.Published = loadPublished(d, n) }},
		key{"url", false, opt(&s.URL, "url")},
		key{"language", true, func(n *Node) { s.Language, _ = d.code(n, "language", Languages) }},
		key{"notes", false, opt(&s.Notes, "notes")},
	)
	if !ok {
		return nil
	}
	if s.TitleBasis == "supplied" && !(strings.HasPrefix(s.Title, "[") && strings.HasSuffix(s.Title, "]")) {
		d.ds.Addf(n.Pos, "source %q: a supplied title is written in square brackets", s.ID)
	}
	if s.SHA256 != "" && !f.textReported {
		s.Text, s.Bytes = readText(d.ds, root, s, shaPos)
	}
	return s
}

func loadPublished(d decoder, n *Node) Published {
	var p Published
	d.mapping(n, "published",
		key{"earliest", true, func(n *Node) { p.Earliest, _ = d.date(n, "earliest") }},
		key{"latest", true, func(n *Node) { p.Latest, _ = d.date(n, "latest") }},
		key{"precision", true, func(n *Node) { p.Precision, _ = d.code(n, "precision", publishedPrecisions) }},
		key{"basis", true, func(n *Node) { p.Basis, _ = d.code(n, "basis", DateBases) }},
		key{"note", false, func(n *Node) { p.Note, _ = d.optText(n, "note") }},
	)
	if !p.Earliest.IsZero() && !p.Latest.IsZero() && p.Latest.Before(p.Earliest) {
		d.ds.Addf(n.Pos, "published: latest %s is before earliest %s", p.Latest, p.Earliest)
	}
	if p.Basis == "inferred" && p.Note == "" {
		d.ds.Addf(n.Pos, "published: an inferred date needs a note saying from what")
	}
	return p
}

// readText reads a source text and checks it: inside seeds/, UTF-8 without
// BOM or carriage returns (either would make code-point offsets differ
// between readers), not binary, and with the recorded checksum. A problem is
// reported both at the manifest's sha256 and in the text, so a reader sees
// both ends.
func readText(ds *Diagnostics, root string, s *Source, shaPos Pos) (string, int) {
	data, ok := readFile(root, s.File, shaPos, ds)
	if !ok {
		return "", 0
	}
	textPos := Pos{File: s.File, Line: 1, Col: 1}
	bad := func(at Pos, format string, args ...any) (string, int) {
		msg := fmt.Sprintf(format, args...)
		ds.Addf(at, "%s", msg)
		ds.Addf(shaPos, "source %q: %s (see %s)", s.ID, msg, at)
		return "", 0
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != s.SHA256 {
		ds.Addf(textPos, "content changed: its sha256 is %s, but %s records %s", got, shaPos, s.SHA256)
		ds.Addf(shaPos, "source %q: %s has sha256 %s, not the recorded one; restore the text, or review every rule of the source before recording the new hash", s.ID, s.File, got)
		return "", 0
	}
	switch {
	case len(data) == 0:
		return bad(textPos, "the text is empty")
	case !utf8.Valid(data):
		line, col := invalidUTF8At(data)
		return bad(Pos{s.File, line, col}, "the text is not valid UTF-8")
	case bytes.HasPrefix(data, []byte("\uFEFF")):
		return bad(Pos{s.File, 1, 1}, "the text starts with a byte-order mark; code-point offsets would differ between readers")
	case bytes.IndexByte(data, 0) >= 0:
		return bad(posOfByte(s.File, data, bytes.IndexByte(data, 0)), "the text holds a NUL byte; it looks binary")
	case bytes.IndexByte(data, '\r') >= 0:
		return bad(posOfByte(s.File, data, bytes.IndexByte(data, '\r')), "the text has carriage returns (CRLF line ends); Python's open() would read different offsets")
	}
	// A quote is a slice of the text, so the text holds only what a text
	// of the release may hold.
	for off, c := range string(data) {
		if refusedChar(c) {
			return bad(posOfByte(s.File, data, off), "the text holds %s, which a text of the release may not hold (a quote of it could not be written)", CharName(c))
		}
	}
	return string(data), len(data)
}

// posOfByte converts a byte offset into a line and column (in characters).
func posOfByte(file string, data []byte, off int) Pos {
	line, col := 1, 1
	for _, r := range string(data[:off]) {
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return Pos{file, line, col}
}
