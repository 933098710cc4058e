package cmd

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A quote that a spreadsheet would take for a formula (it starts with =,
// +, - or @) stays text: a string cell in the workbook, never a formula,
// and written verbatim in the CSV (the README documents that CSV is the
// faithful machine format).
func TestQuoteThatLooksLikeAFormula(t *testing.T) {
	for _, lead := range []string{"=", "+", "-", "@"} {
		t.Run(lead, func(t *testing.T) {
			root := t.TempDir()
			if err := copyTree("../testdata/base", root); err != nil {
				t.Fatal(err)
			}
			hostile := lead + "HYPERLINK(\"http://example.org\") Russia keeps 1,200 troops at Gyumri."
			text := "A tiny text.\n\n" + hostile + "\n"
			write(t, root, "seeds/sources/tiny/text.txt", text)
			sum := sha256.Sum256([]byte(text))
			manifest := readFile(t, root, "seeds/sources/tiny/source.yaml")
			manifest = replaceLine(manifest, "sha256:", "sha256: "+hex.EncodeToString(sum[:]))
			write(t, root, "seeds/sources/tiny/source.yaml", manifest)
			write(t, root, "seeds/sources/tiny/rules.yaml", `rules:
  - id: tiny-troops
    table: armed_forces
    quote: '`+strings.ReplaceAll(hostile, "'", "''")+`'
    values:
      actor: RUS
      counted: foreign_troops_at_base
      host: ARM
      site: Gyumri
      personnel: "1,200"
      when: {date: "2010", basis: inferred_publication, note: present tense}
`)
			var stdout, stderr bytes.Buffer
			if code := Do([]string{"build", "-q", "-root", root}, nil, &stdout, &stderr); code != 0 {
				t.Fatalf("build failed (%d): %s", code, stderr.String())
			}

			f, err := excelize.OpenFile(filepath.Join(root, "out", "tiny.xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := f.GetRows("armed_forces")
			if err != nil {
				t.Fatal(err)
			}
			col := -1 // the sheet shows the display quote in place of quote
			for i, h := range rows[0] {
				if h == "quote_display" {
					col = i
				}
			}
			cell, _ := excelize.CoordinatesToCellName(col+1, 2)
			if formula, _ := f.GetCellFormula("armed_forces", cell); formula != "" {
				t.Errorf("quote cell %s holds the formula %q", cell, formula)
			}
			if typ, _ := f.GetCellType("armed_forces", cell); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
				t.Errorf("quote cell %s has type %v, want a string", cell, typ)
			}
			if v, _ := f.GetCellValue("armed_forces", cell); v != hostile {
				t.Errorf("quote cell %s = %q, want %q", cell, v, hostile)
			}

			r := csv.NewReader(strings.NewReader(readFile(t, root, "out/csv/armed_forces.csv")))
			recs, err := r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			for i, h := range recs[0] {
				if (h == "quote" || h == "quote_display") && recs[1][i] != hostile {
					t.Errorf("CSV %s = %q, want it verbatim: %q", h, recs[1][i], hostile)
				}
			}
		})
	}
}

func write(t *testing.T, root, rel, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(root, rel), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, root, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// replaceLine replaces the first line containing key.
func replaceLine(s, key, line string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.Contains(l, key) {
			lines[i] = line
			break
		}
	}
	return strings.Join(lines, "\n")
}
