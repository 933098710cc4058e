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

// dictionaryFile is the file Dictionary writes.
const dictionaryFile = "DICTIONARY.md"

func (Dictionary) Export(dir string, r *dataset.Release) error {
	b, err := encodeDictionary(r)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, dictionaryFile), b, 0o644)
}

// Verify checks that dir/DICTIONARY.md is the dictionary of r.
func (Dictionary) Verify(dir string, r *dataset.Release) error {
	return verifyBytes(dir, dictionaryFile, func() ([]byte, error) { return encodeDictionary(r) })
}

func encodeDictionary(r *dataset.Release) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s — data dictionary\n\nVersion %s. Generated from the schema; do not edit.\n\n## Tables\n\n", r.Meta.Title, r.Meta.Version)
	if err := schema.WriteMarkdown(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
