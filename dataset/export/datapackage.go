package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// DataPackage writes dir/datapackage.json, a Frictionless Data Package
// descriptor (https://specs.frictionlessdata.io/data-package/, v1, using
// only properties v2 also accepts) of the files the CSV and Parquet
// exporters wrote, and of the partitioned copy when the release has one.
// Tools that read data packages (frictionless-py and
// frictionless-r, DuckDB's and pandas' helpers, data portals) then get the
// column types, null markers, coded values and keys without guessing. It
// must run after CSV, Parquet and PartitionedParquet, whose files it reads,
// and before SHA256Sums, which lists it.
//
// Format decisions:
//
//   - profile "tabular-data-package". Its JSON Schema wants every resource to
//     be a tabular data resource (profile "tabular-data-resource", a Table
//     Schema), so the Parquet resources carry that profile too, and "type":
//     "table", which is how v2 says a resource is tabular whatever its
//     format (v1's prose still speaks only of CSV).
//   - One resource per table and format, named <table>-csv and
//     <table>-parquet: all CSV resources first, then all Parquet ones, each
//     in the release's table order. bytes and hash ("sha256:<hex>") are of
//     the files as they are in dir, read back, so they describe exactly what
//     is published.
//   - The partitioned copy (PartitionedParquet), when the release has it,
//     is one more resource per table it covers, <table>-parquet-partitioned,
//     after all the others: a multipart resource whose path lists its files
//     in order (a list even of one file, so that readers need not guess),
//     with the Table Schema of the table's Parquet resource (the files hold
//     exactly its columns; source_year is only in the directory names, as
//     the description says) and its foreign keys to the Parquet resources.
//     bytes and hash are of the files' bytes one after the other, which is
//     what the standard makes of a multipart resource's data; SHA256SUMS
//     has each file's own sum.
//   - The workbook is not a resource: the tabular profile would require a
//     single Table Schema for it, but it holds a sheet per table plus About,
//     Balance and Dictionary sheets, and tools would read its first sheet
//     (About) as the data. Its integrity is covered by SHA256SUMS, which lists every
//     file.
//   - The Table Schema comes from the column definitions: type string,
//     integer, number or date (the names are the same in both), format
//     "default" (for a date: YYYY-MM-DD, as the CSV writes it; for numbers:
//     digits with "." and no grouping), the column's description,
//     constraints.required for a column that is not nullable and
//     constraints.enum for a coded one. primaryKey is the first column, the
//     row id. Each column's Ref becomes a foreign key to the resource of the
//     same format holding the referenced table.
//   - missingValues is [""] for CSV, where null is an empty cell, and [] for
//     Parquet, where null is a real null and "" is text.
//   - The CSV dialect is the one the CSV exporter writes: ",", records ending
//     in "\n", '"' quoting with doubled quotes, one header row.
//   - sources lists the source texts (the sources table): title is the
//     citation, path the text's address or, where it has none, its path in
//     the repository (seeds/sources/…/text.txt).
//   - keywords are the titles of the curated tables, lower-cased, while the
//     release metadata has no keywords of its own.
//   - No "created" timestamp, and no maps: the same release and files give
//     the same bytes. JSON indented by two spaces, "<", ">" and "&" left as
//     they are (not \u003c…), ending in a newline.
//
// The descriptor promises what a validator will check, so Export refuses a
// release that would break those promises instead of writing them: a
// primary key that is empty or repeated, empty text in a required column
// (the CSV cell would be empty, that is, missing), a code outside its
// vocabulary, a foreign key to a table the release lacks or to a value the
// table does not hold.
type DataPackage struct {
	// Partitioned says when the release has the partitioned copy; it must
	// be the one the release was exported with.
	Partitioned PartitionedParquet
}

var _ Exporter = DataPackage{}

// dataPackageFile is the descriptor's file name, which the Data Package
// standard fixes.
const dataPackageFile = "datapackage.json"

// Name returns "datapackage".
func (DataPackage) Name() string { return "datapackage" }

// Export writes dir/datapackage.json.
func (d DataPackage) Export(dir string, r *dataset.Release) error {
	b, err := encodeDataPackage(dir, r, d.Partitioned)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, dataPackageFile), b, 0o644)
}

// Verify checks that dir/datapackage.json is the descriptor of r and of
// the files as they are in dir now: every CSV and Parquet file of every
// table (and of the partitioned copy, when r has one) is there with the
// size and SHA-256 the descriptor gives.
func (d DataPackage) Verify(dir string, r *dataset.Release) error {
	return verifyBytes(dir, dataPackageFile, func() ([]byte, error) { return encodeDataPackage(dir, r, d.Partitioned) })
}

// The descriptor, as ordered structs: encoding/json writes struct fields in
// declaration order, so the output does not depend on map iteration.

type dpPackage struct {
	Profile     string       `json:"profile"`
	Name        string       `json:"name"`
	Title       string       `json:"title,omitempty"`
	Description string       `json:"description,omitempty"`
	Version     string       `json:"version,omitempty"`
	Homepage    string       `json:"homepage,omitempty"`
	Keywords    []string     `json:"keywords,omitempty"`
	Licenses    []dpLicense  `json:"licenses,omitempty"`
	Sources     []dpSource   `json:"sources,omitempty"`
	Resources   []dpResource `json:"resources"`
}

type dpLicense struct {
	Name  string `json:"name,omitempty"`
	Path  string `json:"path,omitempty"`
	Title string `json:"title,omitempty"`
}

type dpSource struct {
	Title string `json:"title"`
	Path  string `json:"path,omitempty"`
}

type dpResource struct {
	Name        string     `json:"name"`
	Type        string     `json:"type"`
	Profile     string     `json:"profile"`
	Path        dpPath     `json:"path"`
	Title       string     `json:"title,omitempty"`
	Description string     `json:"description,omitempty"`
	Format      string     `json:"format"`
	Mediatype   string     `json:"mediatype"`
	Encoding    string     `json:"encoding,omitempty"`
	Bytes       int64      `json:"bytes"`
	Hash        string     `json:"hash"`
	Dialect     *dpDialect `json:"dialect,omitempty"`
	Schema      dpSchema   `json:"schema"`
}

// dpPath is a resource's path: a string for a file, a list of strings for
// the files of a multipart resource.
type dpPath struct {
	files     []string
	multipart bool
}

func (p dpPath) MarshalJSON() ([]byte, error) {
	if p.multipart {
		return json.Marshal(p.files)
	}
	if len(p.files) != 1 {
		return nil, fmt.Errorf("a resource of one file has %d paths", len(p.files))
	}
	return json.Marshal(p.files[0])
}

type dpDialect struct {
	Delimiter      string `json:"delimiter"`
	LineTerminator string `json:"lineTerminator"`
	QuoteChar      string `json:"quoteChar"`
	DoubleQuote    bool   `json:"doubleQuote"`
	Header         bool   `json:"header"`
}

type dpSchema struct {
	Fields        []dpField      `json:"fields"`
	MissingValues []string       `json:"missingValues"`
	PrimaryKey    []string       `json:"primaryKey"`
	ForeignKeys   []dpForeignKey `json:"foreignKeys,omitempty"`
}

type dpField struct {
	Name        string         `json:"name"`
	Type        string         `json:"type"`
	Format      string         `json:"format"`
	Description string         `json:"description,omitempty"`
	Constraints *dpConstraints `json:"constraints,omitempty"`
}

type dpConstraints struct {
	Required bool     `json:"required,omitempty"`
	Enum     []string `json:"enum,omitempty"`
}

type dpForeignKey struct {
	Fields    []string    `json:"fields"`
	Reference dpReference `json:"reference"`
}

type dpReference struct {
	Resource string   `json:"resource"`
	Fields   []string `json:"fields"`
}

// dpFormat is one file format of the release as the descriptor lists it.
type dpFormat struct {
	name      string // format, directory and resource name suffix
	ext       string
	mediatype string
	encoding  string
	dialect   *dpDialect
	missing   []string
}

// dpFormats are the formats listed, in the order of their resources. The
// directories and extensions are those the CSV and Parquet exporters write.
var dpFormats = []dpFormat{
	{
		name: "csv", ext: ".csv", mediatype: "text/csv", encoding: "utf-8",
		dialect: &dpDialect{Delimiter: ",", LineTerminator: "\n", QuoteChar: `"`, DoubleQuote: true, Header: true},
		missing: []string{""},
	},
	{
		// application/vnd.apache.parquet is registered with IANA (2024).
		name: "parquet", ext: ".parquet", mediatype: "application/vnd.apache.parquet",
		missing: []string{},
	},
}

// dpResourceName is the resource of a table in a format.
func dpResourceName(table string, f dpFormat) string { return table + "-" + f.name }

// dpFilePath is a table's file in a format, relative to the release
// directory, with forward slashes.
func dpFilePath(table string, f dpFormat) string { return f.name + "/" + table + f.ext }

// dpNamePattern is the Data Package's pattern for package and resource names.
var dpNamePattern = regexp.MustCompile(`^[-a-z0-9._/]+$`)

// dpLicenceNamePattern is its pattern for licence names (SPDX ids fit it),
// which the loader checks too.
var dpLicenceNamePattern = schema.LicencePattern

// dpLicenceTitles are the full names of the licences a data release is
// likely to use, by SPDX id.
var dpLicenceTitles = map[string]string{
	"CC-BY-4.0":    "Creative Commons Attribution 4.0 International",
	"CC-BY-SA-4.0": "Creative Commons Attribution Share Alike 4.0 International",
	"CC0-1.0":      "Creative Commons Zero v1.0 Universal",
	"ODbL-1.0":     "Open Data Commons Open Database License v1.0",
	"ODC-By-1.0":   "Open Data Commons Attribution License v1.0",
	"PDDL-1.0":     "Open Data Commons Public Domain Dedication & License 1.0",
}

// encodeDataPackage builds the descriptor of the release whose files are in
// dir and renders it.
func encodeDataPackage(dir string, r *dataset.Release, partitioned PartitionedParquet) ([]byte, error) {
	if err := validateExportTables(r); err != nil {
		return nil, err
	}
	m := r.Meta
	if !dpNamePattern.MatchString(m.Name) {
		return nil, fmt.Errorf("release name %q is not a data package name (lower-case letters, digits, - . _ /)", m.Name)
	}
	if err := checkDataPackageRows(r); err != nil {
		return nil, err
	}
	pkg := dpPackage{
		Profile:     "tabular-data-package",
		Name:        m.Name,
		Title:       m.Title,
		Description: m.Description,
		Version:     m.Version,
		Homepage:    m.Homepage,
		Keywords:    dpKeywords(r),
	}
	if m.Licence != "" || m.LicenceURL != "" {
		if m.Licence != "" && !dpLicenceNamePattern.MatchString(m.Licence) {
			return nil, fmt.Errorf("licence %q is not a licence id (an SPDX id such as CC-BY-4.0)", m.Licence)
		}
		pkg.Licenses = []dpLicense{{Name: m.Licence, Path: m.LicenceURL, Title: dpLicenceTitles[m.Licence]}}
	}
	sources, err := dpSources(r)
	if err != nil {
		return nil, err
	}
	pkg.Sources = sources
	for _, f := range dpFormats {
		for _, t := range r.Tables {
			res, err := dpTableResource(dir, r, t.Schema, f)
			if err != nil {
				return nil, fmt.Errorf("table %s: %w", t.Schema.Name, err)
			}
			pkg.Resources = append(pkg.Resources, res)
		}
	}
	parts, err := partitioned.layout(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", partitionedDir, err)
	}
	for _, pt := range parts {
		res, err := dpPartitionedResource(dir, r, pt)
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", pt.table.Schema.Name, err)
		}
		pkg.Resources = append(pkg.Resources, res)
	}
	if len(pkg.Resources) == 0 {
		return nil, fmt.Errorf("the release has no tables; a data package needs at least one resource")
	}

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(pkg); err != nil { // Encode ends with "\n"
		return nil, err
	}
	return buf.Bytes(), nil
}

// dpKeywords are the titles of the curated tables, lower-cased, once each.
func dpKeywords(r *dataset.Release) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range r.Tables {
		k := strings.ToLower(t.Schema.Title)
		if !t.Schema.Curated || k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, k)
	}
	return out
}

// dpSources lists the rows of the sources table, if the release has one.
func dpSources(r *dataset.Release) ([]dpSource, error) {
	t := r.Table(schema.Sources.Name)
	if t == nil {
		return nil, nil
	}
	text := func(i int, col string) string {
		c := t.Schema.Column(col)
		if c < 0 {
			return ""
		}
		v := t.Rows[i][c]
		if v.IsNull() || v.Type() != schema.TypeString {
			return ""
		}
		return v.String()
	}
	out := make([]dpSource, 0, len(t.Rows))
	for i := range t.Rows {
		s := dpSource{Title: text(i, "citation"), Path: text(i, "url")}
		if s.Title == "" {
			s.Title = text(i, "title")
		}
		if s.Title == "" {
			return nil, fmt.Errorf("source %d (%s) has neither a citation nor a title", i+1, t.Rows[i][0].Text())
		}
		if s.Path == "" {
			s.Path = text(i, "file")
		}
		if !dpPathOK(s.Path) {
			s.Path = "" // optional; better none than one validators refuse
		}
		out = append(out, s)
	}
	return out, nil
}

// dpPathOK reports whether p is a path the Data Package schema accepts: a
// URL, or a relative POSIX path that does not start with ".", "/" or "~"
// and has no "..".
func dpPathOK(p string) bool {
	if p == "" {
		return false
	}
	if strings.Contains(p, "://") {
		return true
	}
	return !strings.ContainsAny(p[:1], "./~") && !strings.Contains(p, "..")
}

// dpTableResource describes one table's file in one format.
func dpTableResource(dir string, r *dataset.Release, t *schema.Table, f dpFormat) (dpResource, error) {
	rel := dpFilePath(t.Name, f)
	sum, n, err := fileSHA256(filepath.Join(dir, filepath.FromSlash(rel)))
	if errors.Is(err, fs.ErrNotExist) {
		return dpResource{}, fmt.Errorf("%s is missing: the %s exporter must run before %s", rel, f.name, DataPackage{}.Name())
	}
	if err != nil {
		return dpResource{}, err
	}
	sc, err := dpTableSchema(r, t, f)
	if err != nil {
		return dpResource{}, err
	}
	return dpResource{
		Name:        dpResourceName(t.Name, f),
		Type:        "table",
		Profile:     "tabular-data-resource",
		Path:        dpPath{files: []string{rel}},
		Title:       t.Title,
		Description: t.Description,
		Format:      f.name,
		Mediatype:   f.mediatype,
		Encoding:    f.encoding,
		Bytes:       n,
		Hash:        "sha256:" + sum,
		Dialect:     f.dialect,
		Schema:      sc,
	}, nil
}

// dpParquet is the Parquet format, whose Table Schema the partitioned
// copy shares.
var dpParquet = dpFormats[1]

// dpPartitionedResource describes the files of one table of the
// partitioned copy as one multipart resource.
func dpPartitionedResource(dir string, r *dataset.Release, pt partTable) (dpResource, error) {
	t := pt.table.Schema
	h := sha256.New()
	var n int64
	var paths []string
	for _, f := range pt.files {
		fh, err := os.Open(filepath.Join(dir, filepath.FromSlash(f.path)))
		if errors.Is(err, fs.ErrNotExist) {
			return dpResource{}, fmt.Errorf("%s is missing: the %s exporter must run before %s", f.path, PartitionedParquet{}.Name(), DataPackage{}.Name())
		}
		if err != nil {
			return dpResource{}, err
		}
		m, err := io.Copy(h, fh)
		fh.Close()
		if err != nil {
			return dpResource{}, fmt.Errorf("reading %s: %w", f.path, err)
		}
		n += m
		paths = append(paths, f.path)
	}
	sc, err := dpTableSchema(r, t, dpParquet)
	if err != nil {
		return dpResource{}, err
	}
	return dpResource{
		Name:    t.Name + "-" + partitionedDir,
		Type:    "table",
		Profile: "tabular-data-resource",
		Path:    dpPath{files: paths, multipart: true},
		Title:   t.Title + " (partitioned)",
		Description: fmt.Sprintf("%s The same rows as %s, one file per year of the sources (%s/%s/%s=<year>/part-0.parquet, "+
			"hive partitioning); the year is in the directory names only, readers such as DuckDB and Spark add it as the column %s.",
			t.Description, dpFilePath(t.Name, dpParquet), partitionedDir, t.Name, partitionColumn, partitionColumn),
		Format:    dpParquet.name,
		Mediatype: dpParquet.mediatype,
		Bytes:     n,
		Hash:      "sha256:" + hex.EncodeToString(h.Sum(nil)),
		Schema:    sc,
	}, nil
}

// dpTableSchema is the Table Schema of a table in a format.
func dpTableSchema(r *dataset.Release, t *schema.Table, f dpFormat) (dpSchema, error) {
	cols := t.Columns()
	if len(cols) == 0 {
		return dpSchema{}, fmt.Errorf("no columns")
	}
	sc := dpSchema{
		MissingValues: f.missing,
		PrimaryKey:    []string{cols[0].Name},
	}
	for _, c := range cols {
		typ, err := dpFieldType(c.Type)
		if err != nil {
			return dpSchema{}, fmt.Errorf("column %s: %w", c.Name, err)
		}
		fd := dpField{Name: c.Name, Type: typ, Format: "default", Description: c.Description}
		var cons dpConstraints
		cons.Required = !c.Nullable
		if c.Vocab != nil {
			cons.Enum = c.Vocab.Codes()
		}
		if cons.Required || len(cons.Enum) > 0 {
			fd.Constraints = &cons
		}
		sc.Fields = append(sc.Fields, fd)
		if c.Ref != "" {
			table, col, err := dpResolveRef(r, c)
			if err != nil {
				return dpSchema{}, err
			}
			sc.ForeignKeys = append(sc.ForeignKeys, dpForeignKey{
				Fields:    []string{c.Name},
				Reference: dpReference{Resource: dpResourceName(table.Schema.Name, f), Fields: []string{col}},
			})
		}
	}
	return sc, nil
}

// dpFieldType maps a column type to its Table Schema type.
func dpFieldType(t schema.Type) (string, error) {
	switch t {
	case schema.TypeString:
		return "string", nil
	case schema.TypeInt:
		return "integer", nil
	case schema.TypeFloat:
		return "number", nil
	case schema.TypeDate:
		return "date", nil
	}
	return "", fmt.Errorf("unknown column type %q", t)
}

// dpResolveRef returns the table and column a column's Ref names, which
// must be in the release.
func dpResolveRef(r *dataset.Release, c schema.Column) (*dataset.Table, string, error) {
	table, col, ok := strings.Cut(c.Ref, ".")
	if !ok || table == "" || col == "" {
		return nil, "", fmt.Errorf("column %s: foreign key %q is not table.column", c.Name, c.Ref)
	}
	t := r.Table(table)
	if t == nil {
		return nil, "", fmt.Errorf("column %s: foreign key %s, but the release has no table %s", c.Name, c.Ref, table)
	}
	if t.Schema.Column(col) < 0 {
		return nil, "", fmt.Errorf("column %s: foreign key %s, but table %s has no column %s", c.Name, c.Ref, table, col)
	}
	return t, col, nil
}

// checkDataPackageRows refuses rows that break a constraint the descriptor
// states: see DataPackage.
func checkDataPackageRows(r *dataset.Release) error {
	// The values each foreign key may take, by "table.column".
	targets := map[string]map[string]bool{}
	for _, t := range r.Tables {
		if err := validateExportRows(t); err != nil {
			return fmt.Errorf("table %s: %w", t.Schema.Name, err)
		}
		for _, c := range t.Schema.Columns() {
			if c.Ref == "" || targets[c.Ref] != nil {
				continue
			}
			target, col, err := dpResolveRef(r, c)
			if err != nil {
				return fmt.Errorf("table %s: %w", t.Schema.Name, err)
			}
			j := target.Schema.Column(col)
			set := make(map[string]bool, len(target.Rows))
			for _, row := range target.Rows {
				if !row[j].IsNull() {
					set[row[j].Text()] = true
				}
			}
			targets[c.Ref] = set
		}
	}
	for _, t := range r.Tables {
		if err := checkDataPackageTable(t, targets); err != nil {
			return fmt.Errorf("table %s: %w", t.Schema.Name, err)
		}
	}
	return nil
}

func checkDataPackageTable(t *dataset.Table, targets map[string]map[string]bool) error {
	cols := t.Schema.Columns()
	if len(cols) == 0 {
		return fmt.Errorf("no columns")
	}
	if cols[0].Nullable {
		return fmt.Errorf("the first column, %s, is the primary key and cannot be nullable", cols[0].Name)
	}
	ids := make(map[string]int, len(t.Rows))
	for i, row := range t.Rows {
		id := row[0].Text()
		if first, dup := ids[id]; dup {
			return fmt.Errorf("rows %d and %d have the same %s %q; it is the primary key", first, i+1, cols[0].Name, id)
		}
		ids[id] = i + 1
		for j, c := range cols {
			v := row[j]
			if v.IsNull() {
				continue // validateExportRows allows it only where nullable
			}
			at := func() string { return fmt.Sprintf("row %d (%s), column %s", i+1, id, c.Name) }
			text := v.Text()
			if text == "" && !c.Nullable {
				return fmt.Errorf("%s: empty text in a required column; in CSV it would read as missing", at())
			}
			if c.Vocab != nil && !c.Vocab.Has(text) {
				return fmt.Errorf("%s: %q is not a code of the vocabulary %s", at(), text, c.Vocab.Name)
			}
			if c.Ref != "" && !targets[c.Ref][text] {
				return fmt.Errorf("%s: %q is not in %s", at(), text, c.Ref)
			}
		}
	}
	return nil
}
