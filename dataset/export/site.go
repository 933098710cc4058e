package export

import (
	"path/filepath"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/dataset/site"
)

// siteDir is the directory of the explorer inside the release.
const siteDir = "site"

// Site writes dir/site/, the release's explorer: static HTML pages, a
// style sheet, a script and the tables' rows in script files, working
// from file:// and from any static host (see package site). SHA256SUMS
// lists its files with the others; the data package does not, since they
// are not tables.
type Site struct{}

var _ Exporter = Site{}

// Name returns "site".
func (Site) Name() string { return "site" }

// Export writes dir/site/.
func (Site) Export(dir string, r *dataset.Release) error {
	d := filepath.Join(dir, siteDir)
	if err := makeFormatDir(d); err != nil {
		return err
	}
	return site.Write(d, r)
}

// Verify checks that dir/site/ holds exactly the files Export writes for
// r, each with the bytes it renders to.
func (Site) Verify(dir string, r *dataset.Release) error {
	return site.Verify(filepath.Join(dir, siteDir), r)
}
