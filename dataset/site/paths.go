package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// The site's layout, relative to its directory. Every page links to the
// others by relative paths, so that the site works from file:// and from
// any static host, at any place.
const (
	indexPage   = "index.html"
	balancePage = "balance.html"
	stylePath   = "style.css"
	scriptPath  = "site.js"
	tablesDir   = "tables"
	rowsDir     = "rows"
	sourcesDir  = "sources"
	actorsDir   = "actors"
	dataDir     = "data"
)

// maxName is the longest file name (in bytes, extension included) a page
// gets: file systems allow 255, and an archive or a sync tool may add a
// suffix.
const maxName = 180

// slug turns an id into a file name or fragment that means the same
// thing on every file system and in every URL: ASCII letters, digits, "-"
// and "_" stay, every other byte becomes "~" and two hex digits ("/" is
// "~2f"), so that two ids never give one name, a name is never a path
// ("..", "/"), a relative link is never read as a scheme ("a:b"), and
// no character needs escaping in an href or an HTML id. An id whose slug
// would be longer than maxName keeps a prefix and gets the first 16 hex
// digits of its SHA-256, which keeps names distinct in practice.
//
// Letters keep their case, so ids that differ only in case would give
// names a case-insensitive file system takes for one: the site refuses
// such a release (see checkFold) rather than quietly overwrite a page.
func slug(id string) string {
	var b strings.Builder
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_':
			b.WriteByte(c)
		default:
			const hexDigits = "0123456789abcdef"
			b.WriteByte('~')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
	}
	s := b.String()
	if s == "" {
		s = "~"
	}
	if len(s) > maxName-len(".html") {
		sum := sha256.Sum256([]byte(id))
		keep := maxName - len(".html") - 1 - 16
		for keep > 0 && s[keep-1] == '~' || keep > 1 && s[keep-2] == '~' {
			keep-- // do not cut an escape in two
		}
		s = s[:keep] + "~" + hex.EncodeToString(sum[:8])
	}
	return s
}

// rowPage is the page of row id of the named table.
func rowPage(table, id string) string {
	return rowsDir + "/" + slug(table) + "/" + slug(id) + ".html"
}

// sourcePage is the page of a source text.
func sourcePage(id string) string { return sourcesDir + "/" + slug(id) + ".html" }

// actorPage is the page of an actor.
func actorPage(code string) string { return actorsDir + "/" + slug(code) + ".html" }

// tablePage is the browsable page of a table.
func tablePage(table string) string { return tablesDir + "/" + slug(table) + ".html" }

// chunkPath is the file of the n-th chunk of a table's rows.
func chunkPath(table string, n int) string {
	return dataDir + "/" + slug(table) + "/" + pad(n) + ".js"
}

// pad writes n in at least four digits, so that chunk files sort in order.
func pad(n int) string { return fmt.Sprintf("%04d", n) }

// quoteAnchor is the fragment, on a source page, where the quote of a row
// starts.
func quoteAnchor(id string) string { return "q-" + slug(id) }

// rootOf is the relative path from a page at path p back to the site's
// directory: "" for index.html, "../" for tables/x.html.
func rootOf(p string) string { return strings.Repeat("../", strings.Count(p, "/")) }
