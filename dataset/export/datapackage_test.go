package export

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// dpRow builds a row of t from the named values; the other columns are null.
func dpRow(t *schema.Table, vals map[string]schema.Value) schema.Row {
	cols := t.Columns()
	row := make(schema.Row, len(cols))
	for i, c := range cols {
		if v, ok := vals[c.Name]; ok {
			row[i] = v
		} else {
			row[i] = schema.Null(c.Type)
		}
	}
	return row
}

// dpSourceRow is a row of the sources table.
func dpSourceRow(id, url string) schema.Row {
	d := schema.DateValue(mustDate(2010, 9, 3))
	vals := map[string]schema.Value{
		"source_id": schema.Str(id), "file": schema.Str("seeds/texts/" + id + ".txt"),
		"sha256": schema.Str(strings.Repeat("ab", 32)), "bytes": schema.Int(100), "characters": schema.Int(99),
		"title": schema.Str("Title of " + id), "title_basis": schema.Str("stated"),
		"published_earliest": d, "published_latest": d, "published_precision": schema.Str("day"),
		"date_basis": schema.Str("stated"), "language": schema.Str("en"),
		"citation": schema.Str("Author, “Title of " + id + "”, 3 September 2010."),
	}
	if url != "" {
		vals["url"] = schema.Str(url)
	}
	return dpRow(schema.Sources, vals)
}

// dpRelease is the fixture release with the sources and actors tables its
// foreign keys point to: the fixture's rows cite source "src" and actor AZE.
// Source "web" has an address, with an & that JSON must not escape.
func dpRelease() *dataset.Release {
	r := fixtureRelease()
	r.Meta.Homepage = "https://example.org/armsdata"
	sources := &dataset.Table{Schema: schema.Sources, Rows: []schema.Row{
		dpSourceRow("src", ""),
		dpSourceRow("web", "https://example.org/a?b=1&c=2"),
	}}
	actors := &dataset.Table{Schema: schema.Actors, Rows: []schema.Row{
		dpRow(schema.Actors, map[string]schema.Value{"code": schema.Str("ARM"), "name": schema.Str("Armenia"), "kind": schema.Str("state")}),
		dpRow(schema.Actors, map[string]schema.Value{"code": schema.Str("AZE"), "name": schema.Str("Azerbaijan"), "kind": schema.Str("state")}),
	}}
	r.Tables = append([]*dataset.Table{sources, actors}, r.Tables...)
	return r
}

// dpExport writes the CSV and Parquet files of r into a fresh directory,
// then the data package, and returns the directory.
func dpExport(t *testing.T, r *dataset.Release) string {
	t.Helper()
	dir := t.TempDir()
	for _, e := range []Exporter{CSV{}, Parquet{}, DataPackage{}} {
		if err := e.Export(dir, r); err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
	}
	return dir
}

// dpRead decodes dir/datapackage.json as plain JSON, so that the tests see
// the keys the file has, not the exporter's structs.
func dpRead(t *testing.T, dir string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, dataPackageFile))
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(b) {
		t.Fatalf("datapackage.json is not valid JSON:\n%s", b)
	}
	var pkg map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&pkg); err != nil {
		t.Fatal(err)
	}
	return pkg
}

func dpObj(t *testing.T, v any, what string) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s is %T, want an object", what, v)
	}
	return m
}

func dpArr(t *testing.T, v any, what string) []any {
	t.Helper()
	a, ok := v.([]any)
	if !ok {
		t.Fatalf("%s is %T, want an array", what, v)
	}
	return a
}

func dpStr(t *testing.T, v any, what string) string {
	t.Helper()
	s, ok := v.(string)
	if !ok {
		t.Fatalf("%s is %T (%v), want a string", what, v, v)
	}
	return s
}

func dpStrings(t *testing.T, v any, what string) []string {
	t.Helper()
	var out []string
	for i, x := range dpArr(t, v, what) {
		out = append(out, dpStr(t, x, fmt.Sprintf("%s[%d]", what, i)))
	}
	return out
}

// dpResources returns the resources by name, failing on a repeated name.
func dpResources(t *testing.T, pkg map[string]any) (map[string]map[string]any, []string) {
	t.Helper()
	byName := map[string]map[string]any{}
	var order []string
	for i, x := range dpArr(t, pkg["resources"], "resources") {
		res := dpObj(t, x, "resource")
		name := dpStr(t, res["name"], "resource name")
		if byName[name] != nil {
			t.Errorf("resource %d: name %q repeated", i, name)
		}
		byName[name] = res
		order = append(order, name)
	}
	return byName, order
}

// Patterns of the Data Package v1 JSON Schema (data-package.json and
// tabular-data-resource.json).
var (
	dpTestName    = regexp.MustCompile(`^[-a-z0-9._/]+$`)
	dpTestLicence = regexp.MustCompile(`^[-a-zA-Z0-9._]+$`)
	dpTestHash    = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)
)

func dpTestPathOK(p string) bool {
	return p != "" && (strings.Contains(p, "://") || !strings.ContainsAny(p[:1], "./~") && !strings.Contains(p, ".."))
}

// dpValidate checks a descriptor against what the tabular-data-package
// profile of the Data Package standard (v1) requires, as a validator such
// as frictionless-py would, and checks every foreign key against the
// resources it names. frictionless-py is not available here (no PyPI, no
// Debian package), so this is the structural check in Go.
func dpValidate(t *testing.T, pkg map[string]any) {
	t.Helper()
	allowed := func(obj map[string]any, what string, keys ...string) {
		t.Helper()
		for k := range obj {
			if !slices.Contains(keys, k) {
				t.Errorf("%s has the unexpected key %q", what, k)
			}
		}
	}
	allowed(pkg, "package", "profile", "name", "title", "description", "version", "homepage", "keywords", "licenses", "sources", "resources")
	if p := dpStr(t, pkg["profile"], "profile"); p != "tabular-data-package" {
		t.Errorf("profile = %q", p)
	}
	if n := dpStr(t, pkg["name"], "name"); !dpTestName.MatchString(n) {
		t.Errorf("package name %q does not match %s", n, dpTestName)
	}
	if kw, ok := pkg["keywords"]; ok {
		if ks := dpStrings(t, kw, "keywords"); len(ks) == 0 {
			t.Error("keywords is empty (minItems 1)")
		}
	}
	if ls, ok := pkg["licenses"]; ok {
		for _, x := range dpArr(t, ls, "licenses") {
			l := dpObj(t, x, "licence")
			allowed(l, "licence", "name", "path", "title")
			if l["name"] == nil && l["path"] == nil {
				t.Error("licence has neither name nor path")
			}
			if n, ok := l["name"]; ok && !dpTestLicence.MatchString(dpStr(t, n, "licence name")) {
				t.Errorf("licence name %v does not match %s", n, dpTestLicence)
			}
		}
	}
	if ss, ok := pkg["sources"]; ok {
		for _, x := range dpArr(t, ss, "sources") {
			s := dpObj(t, x, "source")
			allowed(s, "source", "title", "path")
			if dpStr(t, s["title"], "source title") == "" {
				t.Error("source without title")
			}
			if p, ok := s["path"]; ok && !dpTestPathOK(dpStr(t, p, "source path")) {
				t.Errorf("source path %v is neither a URL nor a relative POSIX path", p)
			}
		}
	}

	resources, order := dpResources(t, pkg)
	if len(order) == 0 {
		t.Fatal("no resources (minItems 1)")
	}
	schemas := map[string]map[string]any{}
	for _, name := range order {
		res := resources[name]
		what := "resource " + name
		allowed(res, what, "name", "type", "profile", "path", "title", "description", "format", "mediatype", "encoding", "bytes", "hash", "dialect", "schema")
		if !dpTestName.MatchString(name) {
			t.Errorf("%s: name does not match %s", what, dpTestName)
		}
		if p := dpStr(t, res["profile"], what+" profile"); p != "tabular-data-resource" {
			t.Errorf("%s: profile %q, want tabular-data-resource (required by tabular-data-package)", what, p)
		}
		if ty := dpStr(t, res["type"], what+" type"); ty != "table" {
			t.Errorf("%s: type %q", what, ty)
		}
		// A path is a string, or a non-empty list of them for a
		// multipart resource.
		paths := []string{}
		if _, multipart := res["path"].([]any); multipart {
			paths = dpStrings(t, res["path"], what+" path")
			if len(paths) == 0 {
				t.Errorf("%s: empty path list (minItems 1)", what)
			}
		} else {
			paths = append(paths, dpStr(t, res["path"], what+" path"))
		}
		for _, p := range paths {
			if !dpTestPathOK(p) || strings.Contains(p, `\`) {
				t.Errorf("%s: path %q is not a relative POSIX path", what, p)
			}
		}
		if h := dpStr(t, res["hash"], what+" hash"); !dpTestHash.MatchString(h) {
			t.Errorf("%s: hash %q does not match %s", what, h, dpTestHash)
		}
		if _, err := res["bytes"].(json.Number).Int64(); err != nil {
			t.Errorf("%s: bytes %v is not an integer", what, res["bytes"])
		}
		if mt := dpStr(t, res["mediatype"], what+" mediatype"); !strings.Contains(mt, "/") {
			t.Errorf("%s: mediatype %q", what, mt)
		}
		sc := dpObj(t, res["schema"], what+" schema")
		allowed(sc, what+" schema", "fields", "missingValues", "primaryKey", "foreignKeys")
		schemas[name] = sc
		fields := dpArr(t, sc["fields"], what+" fields")
		if len(fields) == 0 {
			t.Errorf("%s: no fields (minItems 1)", what)
		}
		for _, x := range fields {
			f := dpObj(t, x, what+" field")
			fname := dpStr(t, f["name"], what+" field name")
			fwhat := what + " field " + fname
			allowed(f, fwhat, "name", "type", "format", "description", "constraints")
			switch ty := dpStr(t, f["type"], fwhat+" type"); ty {
			case "string", "integer", "number", "date":
			default:
				t.Errorf("%s: type %q", fwhat, ty)
			}
			if fm := dpStr(t, f["format"], fwhat+" format"); fm != "default" {
				t.Errorf("%s: format %q", fwhat, fm)
			}
			if c, ok := f["constraints"]; ok {
				cons := dpObj(t, c, fwhat+" constraints")
				allowed(cons, fwhat+" constraints", "required", "enum")
				if req, ok := cons["required"]; ok {
					if _, isBool := req.(bool); !isBool {
						t.Errorf("%s: required %v is not a boolean", fwhat, req)
					}
				}
				if e, ok := cons["enum"]; ok {
					codes := dpStrings(t, e, fwhat+" enum")
					sorted := slices.Clone(codes)
					slices.Sort(sorted)
					if len(codes) == 0 || len(slices.Compact(sorted)) != len(codes) {
						t.Errorf("%s: enum %q must be non-empty and unique", fwhat, codes)
					}
				}
			}
		}
		dpStrings(t, sc["missingValues"], what+" missingValues")
	}
	// Keys: every field named exists, every reference names an existing
	// resource of the same format and an existing field of it.
	fieldNames := func(sc map[string]any) []string {
		var out []string
		for _, x := range sc["fields"].([]any) {
			out = append(out, x.(map[string]any)["name"].(string))
		}
		return out
	}
	for _, name := range order {
		sc := schemas[name]
		own := fieldNames(sc)
		pk := dpStrings(t, sc["primaryKey"], name+" primaryKey")
		if len(pk) == 0 {
			t.Errorf("%s: empty primaryKey", name)
		}
		for _, k := range pk {
			if !slices.Contains(own, k) {
				t.Errorf("%s: primaryKey %q is not a field", name, k)
			}
		}
		fks, ok := sc["foreignKeys"]
		if !ok {
			continue
		}
		for _, x := range dpArr(t, fks, name+" foreignKeys") {
			fk := dpObj(t, x, name+" foreign key")
			fields := dpStrings(t, fk["fields"], name+" foreign key fields")
			ref := dpObj(t, fk["reference"], name+" foreign key reference")
			target := dpStr(t, ref["resource"], name+" reference resource")
			refFields := dpStrings(t, ref["fields"], name+" reference fields")
			if len(fields) == 0 || len(fields) != len(refFields) {
				t.Errorf("%s: foreign key %q → %q: field counts differ", name, fields, refFields)
			}
			for _, f := range fields {
				if !slices.Contains(own, f) {
					t.Errorf("%s: foreign key field %q is not a field", name, f)
				}
			}
			tsc := schemas[target]
			if tsc == nil {
				t.Errorf("%s: foreign key to resource %q, which does not exist", name, target)
				continue
			}
			if resources[name]["format"] != resources[target]["format"] {
				t.Errorf("%s: foreign key to %s, a resource of another format", name, target)
			}
			for _, f := range refFields {
				if !slices.Contains(fieldNames(tsc), f) {
					t.Errorf("%s: foreign key to %s.%s, which is not a field", name, target, f)
				}
			}
		}
	}
}

func TestDataPackageName(t *testing.T) {
	if got := (DataPackage{}).Name(); got != "datapackage" {
		t.Errorf("Name() = %q", got)
	}
}

// TestDataPackageDescriptor checks the package-level properties and runs
// the structural validation on a release with foreign keys between tables.
func TestDataPackageDescriptor(t *testing.T) {
	r := dpRelease()
	dir := dpExport(t, r)
	pkg := dpRead(t, dir)
	dpValidate(t, pkg)

	for key, want := range map[string]string{
		"profile": "tabular-data-package", "name": "fixture", "title": "Fixture release",
		"description": "For tests.", "version": "0.0.0-test", "homepage": "https://example.org/armsdata",
	} {
		if got, _ := pkg[key].(string); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	lic := dpArr(t, pkg["licenses"], "licenses")
	if len(lic) != 1 {
		t.Fatalf("licenses = %v", lic)
	}
	l := dpObj(t, lic[0], "licence")
	if l["name"] != "CC-BY-4.0" || l["path"] != "https://creativecommons.org/licenses/by/4.0/" || l["title"] != "Creative Commons Attribution 4.0 International" {
		t.Errorf("licence = %v", l)
	}
	if kw := dpStrings(t, pkg["keywords"], "keywords"); !slices.Equal(kw, []string{"fixture"}) {
		t.Errorf("keywords = %q, want the curated tables' titles", kw)
	}

	// One source per row of the sources table: the citation as title, the
	// address as path, else the file in the repository.
	srcs := dpArr(t, pkg["sources"], "sources")
	want := []map[string]any{
		{"title": "Author, “Title of src”, 3 September 2010.", "path": "seeds/texts/src.txt"},
		{"title": "Author, “Title of web”, 3 September 2010.", "path": "https://example.org/a?b=1&c=2"},
	}
	if len(srcs) != len(want) {
		t.Fatalf("%d sources, want %d", len(srcs), len(want))
	}
	for i, w := range want {
		s := dpObj(t, srcs[i], "source")
		if s["title"] != w["title"] || s["path"] != w["path"] {
			t.Errorf("source %d = %v, want %v", i, s, w)
		}
	}

	// Resources: every table in both formats, CSV first, in table order.
	_, order := dpResources(t, pkg)
	wantOrder := []string{"sources-csv", "actors-csv", "fixture-csv", "sources-parquet", "actors-parquet", "fixture-parquet"}
	if !slices.Equal(order, wantOrder) {
		t.Errorf("resources = %q, want %q", order, wantOrder)
	}
}

// TestDataPackageOptionalMeta checks that absent metadata leaves its
// property out rather than writing an empty one.
func TestDataPackageOptionalMeta(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*dataset.Release)
		absent []string
	}{
		{"no homepage", func(r *dataset.Release) { r.Meta.Homepage = "" }, []string{"homepage"}},
		{"no licence", func(r *dataset.Release) { r.Meta.Licence, r.Meta.LicenceURL = "", "" }, []string{"licenses"}},
		{"no sources table", func(r *dataset.Release) {
			r.Tables = slices.DeleteFunc(r.Tables, func(t *dataset.Table) bool { return t.Schema.Name == "sources" })
			for _, t := range r.Tables {
				if t.Schema == fixtureTable {
					// Without the sources table the fixture's source_id
					// key has nothing to point to: use a copy without it.
					t.Schema = dpWithoutRef(fixtureTable, "source_id")
				}
			}
		}, []string{"sources"}},
		{"no curated table", func(r *dataset.Release) {
			r.Tables = slices.DeleteFunc(r.Tables, func(t *dataset.Table) bool { return t.Schema.Curated })
		}, []string{"keywords"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := dpRelease()
			tc.edit(r)
			pkg := dpRead(t, dpExport(t, r))
			dpValidate(t, pkg)
			for _, k := range tc.absent {
				if v, ok := pkg[k]; ok {
					t.Errorf("%s = %v, want it absent", k, v)
				}
			}
		})
	}
}

// dpWithoutRef returns a copy of a curated table whose reference column
// col has no foreign key.
func dpWithoutRef(t *schema.Table, col string) *schema.Table {
	c := &schema.Table{Name: t.Name, Title: t.Title, Description: t.Description, Fields: t.Fields, Curated: t.Curated, Figure: t.Figure}
	// Columns returns the table's own cached slice, into which the
	// reference columns were copied: changing it changes c alone.
	cols := c.Columns()
	cols[c.Column(col)].Ref = ""
	return c
}

// TestDataPackageResourcesMatchFiles checks that the resources are exactly
// the CSV and Parquet files in dir, each with its size and SHA-256, and
// each with the path, format and media type of its file.
func TestDataPackageResourcesMatchFiles(t *testing.T) {
	dir := dpExport(t, dpRelease())
	resources, order := dpResources(t, dpRead(t, dir))

	var files []string
	for _, sub := range []string{"csv", "parquet"} {
		entries, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			files = append(files, sub+"/"+e.Name())
		}
	}
	var paths []string
	for _, name := range order {
		res := resources[name]
		path := res["path"].(string)
		paths = append(paths, path)
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if n, _ := res["bytes"].(json.Number).Int64(); n != int64(len(b)) {
			t.Errorf("%s: bytes = %d, the file has %d", name, n, len(b))
		}
		sum := sha256.Sum256(b)
		if got, want := res["hash"], "sha256:"+hex.EncodeToString(sum[:]); got != want {
			t.Errorf("%s: hash = %v, the file's is %s", name, got, want)
		}
		table, format, _ := strings.Cut(name, "-")
		wantRes := map[string]string{
			"csv":     "csv/" + table + ".csv|csv|text/csv|utf-8",
			"parquet": "parquet/" + table + ".parquet|parquet|application/vnd.apache.parquet|",
		}[format]
		enc, _ := res["encoding"].(string)
		if got := strings.Join([]string{path, res["format"].(string), res["mediatype"].(string), enc}, "|"); got != wantRes {
			t.Errorf("%s: path|format|mediatype|encoding = %q, want %q", name, got, wantRes)
		}
		if r := dpRelease().Table(table); r == nil || res["title"] != r.Schema.Title || res["description"] != r.Schema.Description {
			t.Errorf("%s: title %v, description %v: not its table's", name, res["title"], res["description"])
		}
	}
	slices.Sort(files)
	slices.Sort(paths)
	if !slices.Equal(paths, files) {
		t.Errorf("resource paths %q, want the files %q", paths, files)
	}
}

// TestDataPackageSchema checks each resource's Table Schema against the
// table's columns: names and types in order, required = !Nullable, enum =
// the vocabulary's codes, primary key, foreign keys in the resource's own
// format, missing values and, for CSV, the dialect and the file's header.
func TestDataPackageSchema(t *testing.T) {
	r := dpRelease()
	dir := dpExport(t, r)
	resources, order := dpResources(t, dpRead(t, dir))
	wantDialect := map[string]any{"delimiter": ",", "lineTerminator": "\n", "quoteChar": `"`, "doubleQuote": true, "header": true}
	for _, name := range order {
		res := resources[name]
		table, format, _ := strings.Cut(name, "-")
		cols := r.Table(table).Schema.Columns()
		sc := dpObj(t, res["schema"], name+" schema")
		fields := dpArr(t, sc["fields"], name+" fields")
		if len(fields) != len(cols) {
			t.Fatalf("%s: %d fields for %d columns", name, len(fields), len(cols))
		}
		var wantFKs []any
		for i, c := range cols {
			f := fields[i].(map[string]any)
			what := name + "." + c.Name
			if f["name"] != c.Name || f["type"] != string(c.Type) || f["description"] != c.Description {
				t.Errorf("%s: field %v, want name %s, type %s and the column's description", what, f, c.Name, c.Type)
			}
			cons, _ := f["constraints"].(map[string]any)
			required, _ := cons["required"].(bool)
			if required != !c.Nullable {
				t.Errorf("%s: required = %v, nullable = %v", what, required, c.Nullable)
			}
			var enum []string
			if e, ok := cons["enum"]; ok {
				enum = dpStrings(t, e, what+" enum")
			}
			var codes []string
			if c.Vocab != nil {
				codes = c.Vocab.Codes()
			}
			if !slices.Equal(enum, codes) {
				t.Errorf("%s: enum = %q, want the vocabulary's codes %q", what, enum, codes)
			}
			if c.Ref != "" {
				rt, rc, _ := strings.Cut(c.Ref, ".")
				wantFKs = append(wantFKs, map[string]any{
					"fields":    []any{c.Name},
					"reference": map[string]any{"resource": rt + "-" + format, "fields": []any{rc}},
				})
			}
		}
		if pk := dpStrings(t, sc["primaryKey"], name+" primaryKey"); !slices.Equal(pk, []string{cols[0].Name}) {
			t.Errorf("%s: primaryKey = %q, want [%s]", name, pk, cols[0].Name)
		}
		gotFKs, _ := sc["foreignKeys"].([]any)
		if !jsonEqual(gotFKs, wantFKs) {
			t.Errorf("%s: foreignKeys = %v, want %v", name, gotFKs, wantFKs)
		}
		wantMissing := map[string][]string{"csv": {""}, "parquet": {}}[format]
		if mv := dpStrings(t, sc["missingValues"], name+" missingValues"); !slices.Equal(mv, wantMissing) {
			t.Errorf("%s: missingValues = %q, want %q", name, mv, wantMissing)
		}
		switch format {
		case "csv":
			if !jsonEqual(res["dialect"], wantDialect) {
				t.Errorf("%s: dialect = %v, want %v", name, res["dialect"], wantDialect)
			}
			f, err := os.Open(filepath.Join(dir, filepath.FromSlash(res["path"].(string))))
			if err != nil {
				t.Fatal(err)
			}
			header, _ := bufio.NewReader(f).ReadString('\n')
			f.Close()
			if want := strings.Join(columnNames(r.Table(table).Schema), ",") + "\n"; header != want {
				t.Errorf("%s: the file's header %q is not the schema's fields %q", name, header, want)
			}
		case "parquet":
			if d, ok := res["dialect"]; ok {
				t.Errorf("%s: dialect %v on a Parquet resource", name, d)
			}
		default:
			t.Errorf("%s: unexpected format %q", name, format)
		}
	}
}

func jsonEqual(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

// TestDataPackageRealSchema describes a release of every table the schema
// defines (without rows): every foreign key of the real schema must resolve
// and the descriptor must pass the structural validation.
func TestDataPackageRealSchema(t *testing.T) {
	r := &dataset.Release{Meta: dataset.Meta{
		Name: "armsdata", Title: "armsdata", Description: "All tables.", Version: "0.1.0",
		Licence: "CC-BY-4.0", LicenceURL: "https://creativecommons.org/licenses/by/4.0/",
	}}
	for _, s := range schema.All {
		r.Tables = append(r.Tables, &dataset.Table{Schema: s})
	}
	pkg := dpRead(t, dpExport(t, r))
	dpValidate(t, pkg)
	resources, order := dpResources(t, pkg)
	if len(order) != 2*len(schema.All) {
		t.Errorf("%d resources for %d tables", len(order), len(schema.All))
	}
	fks := 0
	for _, name := range order {
		if f, ok := dpObj(t, resources[name]["schema"], name)["foreignKeys"]; ok {
			fks += len(f.([]any))
		}
	}
	if fks == 0 {
		t.Error("no foreign keys: the real schema has Refs to sources and actors")
	}
}

// TestDataPackageDeterministic checks that the same release gives the same
// bytes, in another directory or written again over itself, and the file's
// form: two-space indentation, a final newline, no HTML escapes.
func TestDataPackageDeterministic(t *testing.T) {
	a, err := os.ReadFile(filepath.Join(dpExport(t, dpRelease()), dataPackageFile))
	if err != nil {
		t.Fatal(err)
	}
	dir := dpExport(t, dpRelease())
	if err := (DataPackage{}).Export(dir, dpRelease()); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, dataPackageFile))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two exports of the same release differ")
	}
	if !bytes.HasPrefix(a, []byte("{\n  \"profile\": \"tabular-data-package\",\n  \"name\": ")) {
		t.Errorf("file starts %q, want two-space indentation with profile first", a[:min(len(a), 60)])
	}
	if !bytes.HasSuffix(a, []byte("}\n")) || bytes.HasSuffix(a, []byte("\n\n")) {
		t.Error("file does not end in exactly one newline")
	}
	if bytes.Contains(a, []byte(`\u0026`)) || !bytes.Contains(a, []byte("a?b=1&c=2")) {
		t.Error("& is escaped as \\u0026")
	}
}

// TestDataPackageMissingFile checks that a CSV or Parquet file the
// descriptor would list, but that is not in dir, is an error naming it,
// and that no descriptor is written.
func TestDataPackageMissingFile(t *testing.T) {
	for _, file := range []string{"csv/fixture.csv", "csv/sources.csv", "parquet/actors.parquet", "parquet/fixture.parquet"} {
		t.Run(file, func(t *testing.T) {
			dir := t.TempDir()
			r := dpRelease()
			for _, e := range []Exporter{CSV{}, Parquet{}} {
				if err := e.Export(dir, r); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(file))); err != nil {
				t.Fatal(err)
			}
			err := (DataPackage{}).Export(dir, r)
			if err == nil || !strings.Contains(err.Error(), file) {
				t.Errorf("Export error = %v, want one naming %s", err, file)
			}
			if _, err := os.Stat(filepath.Join(dir, dataPackageFile)); err == nil {
				t.Error("datapackage.json written despite the error")
			}
		})
	}
	t.Run("nothing exported", func(t *testing.T) {
		err := (DataPackage{}).Export(t.TempDir(), dpRelease())
		if err == nil || !strings.Contains(err.Error(), "csv/sources.csv") {
			t.Errorf("Export error = %v, want one naming csv/sources.csv", err)
		}
	})
}

// TestDataPackageRejects checks that a release whose data would break a
// promise of the descriptor, or whose metadata does not fit the standard,
// is refused with an error saying why; and that the releases every
// exporter refuses are refused here too.
func TestDataPackageRejects(t *testing.T) {
	set := func(table, id, column string, v schema.Value) func(*dataset.Release) {
		return func(r *dataset.Release) {
			tb := r.Table(table)
			for i, row := range tb.Rows {
				if row[0].Text() == id {
					tb.Rows[i] = slices.Clone(row)
					tb.Rows[i][tb.Schema.Column(column)] = v
				}
			}
		}
	}
	tests := []struct {
		name, want string
		edit       func(*dataset.Release)
	}{
		{"foreign key to a missing table", "no table actors", func(r *dataset.Release) {
			r.Tables = slices.DeleteFunc(r.Tables, func(t *dataset.Table) bool { return t.Schema.Name == "actors" })
		}},
		{"foreign key to a missing value", `"RUS" is not in actors.code`, set("fixture", "full", "actor", schema.Str("RUS"))},
		{"dangling source", `"nosuch" is not in sources.source_id`, set("fixture", "nulls", "source_id", schema.Str("nosuch"))},
		{"repeated primary key", `same id "full"`, set("fixture", "nulls", "id", schema.Str("full"))},
		{"empty primary key", "empty text in a required column", set("actors", "ARM", "code", schema.Str(""))},
		{"empty required text", "empty text in a required column", set("fixture", "full", "quote", schema.Str(""))},
		{"code outside its vocabulary", `"brand_new" is not a code of the vocabulary condition`, set("fixture", "full", "kind", schema.Str("brand_new"))},
		{"package name", "not a data package name", func(r *dataset.Release) { r.Meta.Name = "Arms Data" }},
		{"licence id", "not a licence id", func(r *dataset.Release) { r.Meta.Licence = "CC BY 4.0" }},
		{"source without title", "neither a citation nor a title", func(r *dataset.Release) {
			// Not a valid sources row (title and citation are required),
			// but the descriptor must not write a source without a title.
			s := dpWithoutRequired(schema.Sources)
			tb := r.Table("sources")
			tb.Schema = s
			tb.Rows[0] = slices.Clone(tb.Rows[0])
			tb.Rows[0][s.Column("title")] = schema.Null(schema.TypeString)
			tb.Rows[0][s.Column("citation")] = schema.Null(schema.TypeString)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := dpRelease()
			tc.edit(r)
			dir := t.TempDir()
			for _, e := range []Exporter{CSV{}, Parquet{}} {
				if err := e.Export(dir, r); err != nil {
					t.Fatalf("%s: %v", e.Name(), err)
				}
			}
			err := (DataPackage{}).Export(dir, r)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Export error = %v, want one mentioning %q", err, tc.want)
			}
			if _, err := os.Stat(filepath.Join(dir, dataPackageFile)); err == nil {
				t.Error("datapackage.json written despite the error")
			}
		})
	}
	for _, c := range invalidReleases() {
		t.Run("invalid/"+c.name, func(t *testing.T) {
			err := (DataPackage{}).Export(t.TempDir(), c.release)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Export error = %v, want one mentioning %q", err, c.want)
			}
		})
	}
}

// dpWithoutRequired returns a copy of a table whose text fields are all
// optional.
func dpWithoutRequired(t *schema.Table) *schema.Table {
	fields := slices.Clone(t.Fields)
	for i := range fields {
		if fields[i].Kind == schema.KindText {
			fields[i].Required = false
		}
	}
	return &schema.Table{Name: t.Name, Title: t.Title, Description: t.Description, Fields: fields, Curated: t.Curated, Figure: t.Figure}
}

// TestDataPackageSourcePaths checks how a source becomes an entry of
// sources: its address if it has one, else its file if that is a path the
// standard accepts (relative, no ".."), else no path; its citation as the
// title, else its title.
func TestDataPackageSourcePaths(t *testing.T) {
	tests := []struct {
		name, url, file, citation string
		wantTitle, wantPath       string
	}{
		{"address", "https://example.org/x", "seeds/texts/x.txt", "Cited.", "Cited.", "https://example.org/x"},
		{"file in the repository", "", "seeds/texts/x.txt", "Cited.", "Cited.", "seeds/texts/x.txt"},
		{"absolute file", "", "/srv/texts/x.txt", "Cited.", "Cited.", ""},
		{"file outside the repository", "", "seeds/../../x.txt", "Cited.", "Cited.", ""},
		{"no citation", "", "seeds/texts/x.txt", "", "Title of src", "seeds/texts/x.txt"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := dpRelease()
			tb := r.Table("sources")
			tb.Schema = dpWithoutRequired(schema.Sources)
			row := slices.Clone(tb.Rows[0])
			row[tb.Schema.Column("url")] = schema.OptStr(tc.url)
			row[tb.Schema.Column("file")] = schema.Str(tc.file)
			row[tb.Schema.Column("citation")] = schema.OptStr(tc.citation)
			tb.Rows = []schema.Row{row}
			pkg := dpRead(t, dpExport(t, r))
			dpValidate(t, pkg)
			srcs := dpArr(t, pkg["sources"], "sources")
			if len(srcs) != 1 {
				t.Fatalf("sources = %v", srcs)
			}
			s := dpObj(t, srcs[0], "source")
			path, hasPath := s["path"]
			if s["title"] != tc.wantTitle || tc.wantPath == "" && hasPath || tc.wantPath != "" && path != tc.wantPath {
				t.Errorf("source = %v, want title %q, path %q", s, tc.wantTitle, tc.wantPath)
			}
		})
	}
}
