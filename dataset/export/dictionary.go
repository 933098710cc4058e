package export

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// Dictionary writes DICTIONARY.md: every table, column and vocabulary of
// the release, generated from the schema like the workbook's Dictionary
// sheet and the README's table reference.
type Dictionary struct{}

func (Dictionary) Name() string { return "dictionary" }

func (Dictionary) Export(dir string, r *dataset.Release) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s — data dictionary\n\nVersion %s. Generated from the schema; do not edit.\n\n## Tables\n\n", r.Meta.Title, r.Meta.Version)
	if err := schema.WriteMarkdown(&b); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "DICTIONARY.md"), b.Bytes(), 0o644)
}
