#!/usr/bin/env bash
# Open the release workbook in LibreOffice Calc, headless, and check that
# Calc reads what the release holds.
#
# usage: scripts/libreoffice_check.sh [WORKBOOK [CSV_DIR]]
#   WORKBOOK  default out/armsdata.xlsx
#   CSV_DIR   the release's CSV files, default csv/ beside the workbook
# environment:
#   RENDER_DIR  also write pages 1-2 of the PDF and the Balance sheet's pages
#               as PNG files there, at 60 dpi (the Balance pages at 100;
#               pdftoppm, from poppler-utils), for a person to look at
#   SOFFICE     the LibreOffice program (default: soffice)
#   PYTHON      a Python 3 for the comparison, standard library only
#               (default: python3)
#
# Checks:
#   1. Calc loads the workbook and exports it to PDF: soffice exits 0,
#      prints no error (it exits 0 even when it cannot load a file) and
#      writes a non-empty PDF.
#   2. Calc exports every sheet to CSV with the cells' values, not their
#      display: the sheets are About, Balance (when the release has
#      indicators.csv), one per CSV file of the release, and Dictionary;
#      each row of the Balance table (header in row 4) holds the cells of
#      the indicators.csv row its Row id names (numbers as numbers); each
#      table sheet equals CSV_DIR/<table>.csv cell for cell,
#      every column in the same order (numbers to 15 significant digits, the
#      precision of a spreadsheet). A cell Calc had to repair, a formula, a
#      date it does not see as a date or a number it reads as text shows up
#      as a difference.
#   3. Calc keeps the outline: the workbook saved again by Calc as XLSX has,
#      on each table sheet, exactly the columns the Dictionary's shown
#      column calls collapsed hidden in an outline group of level 1, and
#      declares that level (outlineLevelCol); the PDF of check 1 prints the
#      visible columns only.
#   4. The PDF prints the Balance sheet's charts: its pages show the title
#      of a chart per indicator and unit of the Balance table ("Defence
#      budget (USD)"), which only the charts carry (pdftotext, from
#      poppler-utils; skipped without it).
#
# Exit status: 0 ok, 1 a check failed, 2 the check cannot run.
set -euo pipefail

wb=${1:-out/armsdata.xlsx}
csv_dir=${2:-$(dirname "$wb")/csv}
soffice=${SOFFICE:-soffice}
python=${PYTHON:-python3}

fail() { echo "libreoffice_check: $*" >&2; exit 1; }
cannot() { echo "libreoffice_check: $*" >&2; exit 2; }

command -v "$soffice" >/dev/null || cannot "no $soffice: install LibreOffice Calc (apt-get install libreoffice-calc-nogui)"
command -v "$python" >/dev/null || cannot "no $python"
[ -f "$wb" ] || cannot "no workbook $wb (run make first)"
[ -d "$csv_dir" ] || cannot "no CSV directory $csv_dir"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
base=$(basename "$wb" .xlsx)
version=$("$soffice" --version 2>/dev/null | head -n 1 || true)

# run_soffice LOG ARGS...: convert with a private profile (no state shared
# with other runs or the user's), within 5 minutes, and fail on any error
# it reports. The javaldx warning is harmless: Calc needs no Java.
run_soffice() {
	local log=$1
	shift
	local rc=0
	timeout 300 "$soffice" --headless --norestore --nolockcheck --nodefault \
		"-env:UserInstallation=file://$tmp/profile" "$@" >"$log" 2>&1 || rc=$?
	grep -v -e 'failed to launch javaldx' "$log" >"$log.rest" || true
	if [ "$rc" -ne 0 ]; then
		cat "$log.rest" >&2
		fail "soffice exited with status $rc converting $wb"
	fi
	if grep -v -e '^convert ' -e '^Writing sheet ' "$log.rest" | grep -i -E 'error|could not|corrupt|repair|exception' >&2; then
		fail "LibreOffice reported a problem converting $wb"
	fi
}

# 1. PDF: every sheet laid out and rendered.
run_soffice "$tmp/pdf.log" --convert-to pdf --outdir "$tmp/pdf" "$wb"
pdf="$tmp/pdf/$base.pdf"
[ -s "$pdf" ] || { cat "$tmp/pdf.log.rest" >&2; fail "LibreOffice wrote no PDF for $wb"; }
pages=""
if command -v pdfinfo >/dev/null; then
	pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
fi

# 2. CSV of every sheet (filter options: comma, double quote, UTF-8, from
# line 1, standard cell format, default language, every text cell quoted —
# so a number or date is told from text by its missing quotes —, detect
# special numbers, values not as shown, no formulas, keep spaces, all
# sheets).
run_soffice "$tmp/csv.log" --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,false,false,false,-1' \
	--outdir "$tmp/csv" "$wb"
sed -n 's/^Writing sheet \(.*\) -> .*$/\1/p' "$tmp/csv.log" >"$tmp/sheets"

summary=$("$python" - "$tmp/csv" "$base" "$csv_dir" "$tmp/sheets" <<'PY'
import csv, math, os, sys

lo_dir, base, csv_dir, sheets_file = sys.argv[1:5]
sheets = [s for s in open(sheets_file, encoding="utf-8").read().split("\n") if s]
tables = sorted(f[:-4] for f in os.listdir(csv_dir) if f.endswith(".csv"))
problems = []

balance = "indicators" in tables
lead = ["About", "Balance"] if balance else ["About"]
if sheets[:len(lead)] != lead or sheets[-1:] != ["Dictionary"] or sorted(sheets[len(lead):-1]) != tables:
    problems.append(f"sheets {sheets}, want {', '.join(lead)}, the tables {tables}, Dictionary")


def parse(path):
    """Rows of (value, quoted) pairs: Calc quotes text cells only."""
    with open(path, newline="", encoding="utf-8") as f:
        text = f.read()
    rows, row, field, quoted, start, i, n = [], [], "", False, True, 0, len(text)
    while i < n:
        ch = text[i]
        if start and ch == '"':
            parts, i = [], i + 1
            while True:
                j = text.find('"', i)
                if j < 0:
                    raise ValueError(f"{path}: unterminated quote")
                parts.append(text[i:j])
                if text.startswith('""', j):
                    parts.append('"')
                    i = j + 2
                    continue
                i = j + 1
                break
            field, quoted, start = "".join(parts), True, False
        elif ch == ",":
            row.append((field, quoted))
            field, quoted, start, i = "", False, True, i + 1
        elif ch in "\r\n":
            row.append((field, quoted))
            rows.append(row)
            row, field, quoted, start = [], "", False, True
            i += 2 if text.startswith("\r\n", i) else 1
        else:
            field, start, i = field + ch, False, i + 1
    if row or not start:
        row.append((field, quoted))
        rows.append(row)
    while rows and not any(v for v, _ in rows[-1]):
        rows.pop()
    return rows


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def same(a, b):
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    return math.isfinite(x) and math.isfinite(y) and abs(x - y) <= 1e-14 * max(abs(x), abs(y))


# Column types as the workbook's Dictionary sheet gives them.
types = {}
dict_path = os.path.join(lo_dir, f"{base}-Dictionary.csv")
if os.path.exists(dict_path):
    d = parse(dict_path)
    head = [v for v, _ in d[0]] if d else []
    if head[:3] != ["table", "column", "type"]:
        problems.append(f"Dictionary header {head}")
    for r in d[1:]:
        types[(r[0][0], r[1][0])] = r[2][0]

rows = cells = 0
for t in tables:
    path = os.path.join(lo_dir, f"{base}-{t}.csv")
    if not os.path.exists(path):
        continue  # reported with the sheet list
    calc, release = parse(path), read(os.path.join(csv_dir, t + ".csv"))
    # The sheet shows every column of the CSV file, in its order.
    shown = [v for v, _ in calc[0]] if calc else []
    header = release[0] if release else []
    if shown != header:
        problems.append(f"sheet {t}: columns {shown}, {t}.csv has {header}")
        continue
    rows += max(len(release) - 1, 0)
    if len(calc) != len(release):
        problems.append(f"sheet {t}: Calc reads {len(calc)} rows with the header, {t}.csv has {len(release)}")
    bad = 0
    for i, (c, r) in enumerate(zip(calc, release)):
        c = c + [("", False)] * (len(r) - len(c))
        if len(c) != len(r):
            problems.append(f"sheet {t}, row {i + 1}: {len(c)} cells, {t}.csv has {len(r)}")
            continue
        for j, ((x, quoted), y) in enumerate(zip(c, r)):
            col = release[0][j]
            why = None
            if not same(x, y):
                why = f"Calc reads {x!r}, {t}.csv has {y!r}"
            elif i > 0 and x != "":
                typ = types.get((t, col))
                if typ is None:
                    why = "not in the Dictionary"
                elif quoted != (typ == "string"):
                    why = f"Calc reads {x!r} as {'text' if quoted else 'a number or date'} in a {typ} column"
            cells += i > 0 and x != ""
            if why:
                bad += 1
                if bad <= 10:
                    problems.append(f"sheet {t}, row {i + 1}, column {col}: {why}")
    if bad > 10:
        problems.append(f"sheet {t}: {bad} cells wrong in all")

# The Balance sheet: its table from row 4, each row the cells of the
# indicators row its Row id names. Its title, note and the notes under the
# table are single cells of column A.
BALANCE = [("Figure", ""), ("Indicator", "indicator"), ("Actor", "actor"), ("Year", "year"), ("Time basis", "when_basis"),
           ("As written", "value_text"), ("Value", "value"), ("Lower bound", "low"), ("Upper bound", "high"),
           ("Qualifier", "qualifier"), ("Unit", "unit"), ("Citation", "citation"), ("Row id", "row_id")]
NUMBERS = {"Year", "Value", "Lower bound", "Upper bound"}
balance_rows, blocks = 0, []
path = os.path.join(lo_dir, f"{base}-Balance.csv")
if balance and os.path.exists(path):
    calc = parse(path)
    ind = read(os.path.join(csv_dir, "indicators.csv"))
    by_id = {r[ind[0].index("row_id")]: dict(zip(ind[0], r)) for r in ind[1:]}
    head = [v for v, _ in calc[3]] if len(calc) > 3 else []
    if head[:len(BALANCE)] != [h for h, _ in BALANCE]:
        problems.append(f"sheet Balance: header {head}, want {[h for h, _ in BALANCE]}")
    else:
        for i, row in enumerate(calc[4:], start=5):
            if not any(v for v, _ in row):
                break
            row = row + [("", False)] * (len(BALANCE) - len(row))
            bcells = {h: c for (h, _), c in zip(BALANCE, row)}
            want = by_id.get(bcells["Row id"][0])
            if want is None:
                problems.append(f"sheet Balance, row {i}: row id {bcells['Row id'][0]!r} is not in indicators.csv")
                continue
            balance_rows += 1
            key = (want["indicator"], want["unit"])
            if key not in blocks:
                blocks.append(key)
            for h, col in BALANCE:
                x, quoted = bcells[h]
                if not col:
                    if not x.endswith(": " + want["value_text"]):
                        problems.append(f"sheet Balance, row {i}, {h}: {x!r} does not end with the figure as written")
                    continue
                if not same(x, want[col]):
                    problems.append(f"sheet Balance, row {i}, {h}: Calc reads {x!r}, indicators.csv has {want[col]!r}")
                elif x != "" and quoted != (h not in NUMBERS):
                    problems.append(f"sheet Balance, row {i}, {h}: Calc reads {x!r} as {'text' if quoted else 'a number'}")
with open(os.path.join(lo_dir, "balance-charts"), "w", encoding="utf-8") as f:
    for indicator, unit in blocks:
        f.write(f"{indicator.replace('_', ' ').capitalize()} ({unit})\n")

if problems:
    for p in problems[:50]:
        print(p)
    sys.exit(1)
balance_note = f"the Balance sheet's {balance_rows} rows equal to indicators.csv, " if balance else ""
print(f"{balance_note}{len(tables)} table sheets, {rows} rows, {cells} non-empty cells, equal to {csv_dir} and typed as the Dictionary says")
PY
) || fail "Calc does not read the workbook as the release's CSV files hold it:
$summary"

# 3. The outline, as Calc writes it back.
run_soffice "$tmp/xlsx.log" --convert-to xlsx --outdir "$tmp/xlsx" "$wb"
[ -s "$tmp/xlsx/$base.xlsx" ] || { cat "$tmp/xlsx.log.rest" >&2; fail "LibreOffice wrote no XLSX for $wb"; }
outline=$("$python" - "$tmp/xlsx/$base.xlsx" "$tmp/csv/$base-Dictionary.csv" <<'PY'
import csv, sys, zipfile
import xml.etree.ElementTree as ET

resaved, dict_csv = sys.argv[1:3]
M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
with open(dict_csv, newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
head = rows[0] if rows else []
if "shown" not in head:
    print(f"the Dictionary has no shown column: {head}")
    sys.exit(1)
col, shown = head.index("column"), head.index("shown")
want = {}  # table -> [collapsed?] in column order
for r in rows[1:]:
    if r and r[0]:
        want.setdefault(r[0], []).append(r[shown] == "collapsed")
problems, collapsed = [], 0
with zipfile.ZipFile(resaved) as z:
    rels = {e.get("Id"): e.get("Target") for e in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    for s in ET.fromstring(z.read("xl/workbook.xml")).iter(M + "sheet"):
        name = s.get("name")
        if name not in want:
            continue
        target = rels[s.get(R + "id")].lstrip("/")
        ws = ET.fromstring(z.read(target if target.startswith("xl/") else "xl/" + target))
        got = [False] * len(want[name])
        for c in ws.iter(M + "col"):
            hidden = c.get("hidden") in ("1", "true")
            level = int(c.get("outlineLevel") or 0)
            for k in range(int(c.get("min")), int(c.get("max")) + 1):
                if k <= len(got):
                    got[k - 1] = hidden and level == 1
                if k <= len(got) and (hidden or level) and not (hidden and level == 1):
                    problems.append(f"sheet {name}, column {k}: hidden {hidden}, outline level {level}")
        if got != want[name]:
            problems.append(f"sheet {name}: Calc keeps columns {[k + 1 for k, g in enumerate(got) if g]} collapsed, "
                            f"the Dictionary says {[k + 1 for k, w in enumerate(want[name]) if w]}")
        fmt = ws.find(M + "sheetFormatPr")
        if any(want[name]) and (fmt is None or int(fmt.get("outlineLevelCol") or 0) != 1):
            problems.append(f"sheet {name}: Calc declares outline level {None if fmt is None else fmt.get('outlineLevelCol')}, want 1")
        collapsed += sum(got)
if problems:
    print("\n".join(problems[:50]))
    sys.exit(1)
print(f"{collapsed} technical columns collapsed in outline groups")
PY
) || fail "Calc does not keep the workbook's outline:
$outline"

# 4. The Balance sheet's charts in the PDF: the pages from the one that
# begins with its title carry each chart's title. The sheet is small (at
# most 12 rows an indicator and unit), so its charts are within
# balance_span pages of its title. The text is read from files, not
# through a pipe that head or grep closes early (pipefail).
balance_page=""
balance_last=""
balance_span=4
charts_note=""
if [ -s "$tmp/csv/balance-charts" ] && command -v pdftotext >/dev/null; then
	title=$(head -n 1 "$tmp/csv/$base-Balance.csv" | sed 's/^"//; s/",*$//')
	pdftotext "$pdf" "$tmp/pdf.txt"
	# pdftotext ends each page with a form feed.
	balance_page=$(awk -v RS='\f' -v t="$title" '{ split($0, l, "\n"); if (l[1] == t) { print NR; exit } }' "$tmp/pdf.txt")
	[ -n "$balance_page" ] || fail "the PDF has no page beginning with the Balance sheet's title \"$title\""
	balance_last=$balance_page
	while IFS= read -r chart; do
		found=$(awk -v RS='\f' -v from="$balance_page" -v to="$((balance_page + balance_span - 1))" -v c="$chart" \
			'NR >= from && NR <= to && index($0, c) { print NR; exit }' "$tmp/pdf.txt")
		[ -n "$found" ] || fail "the Balance sheet's pages (PDF pages $balance_page-$((balance_page + balance_span - 1))) show no chart titled \"$chart\""
		[ "$found" -le "$balance_last" ] || balance_last=$found
	done <"$tmp/csv/balance-charts"
	where="page $balance_page"
	[ "$balance_last" = "$balance_page" ] || where="pages $balance_page-$balance_last"
	charts_note=", prints the Balance sheet's $(wc -l <"$tmp/csv/balance-charts") charts ($where)"
fi

echo "libreoffice_check: ok: $wb: ${version:-LibreOffice} loads it, renders it to PDF${pages:+ ($pages pages)}${charts_note}, reads $summary, and keeps $outline"

if [ -n "${RENDER_DIR:-}" ]; then
	command -v pdftoppm >/dev/null || cannot "RENDER_DIR is set but there is no pdftoppm (apt-get install poppler-utils)"
	mkdir -p "$RENDER_DIR"
	pdftoppm -png -r 60 -f 1 -l 2 "$pdf" "$RENDER_DIR/$base"
	if [ -n "$balance_page" ]; then
		pdftoppm -png -r 100 -f "$balance_page" -l "$balance_last" "$pdf" "$RENDER_DIR/$base-Balance"
	fi
	cp "$pdf" "$RENDER_DIR/$base.pdf"
	ls -1 "$RENDER_DIR/$base"*.png | sed 's/^/libreoffice_check: rendered /'
fi
