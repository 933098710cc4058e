#!/usr/bin/env python3
"""Open the release workbook as a Python reader does, with openpyxl, and check it.

usage: scripts/xlsx_check.py [--expect EXPECT.json] [WORKBOOK]

WORKBOOK defaults to out/armsdata.xlsx. The workbook is loaded with every
warning turned into an error (openpyxl warns about parts it does not
understand or has to repair). Then:

  - sheets: About first, then Balance (when the release has the indicators
    table), Dictionary last, one sheet per table between them, in the
    tables' order;
  - no cell of any sheet holds a formula (or an error value);
  - each table sheet: row 1 is the column names; the pane is frozen below
    the header; an Excel table (or an autofilter) spans the header and the
    rows; date columns hold dates (a day before 1900 may be YYYY-MM-DD text,
    which Excel cannot hold as a date), integer columns whole numbers,
    number columns numbers, text columns text; no empty cell in a
    non-nullable column that is not text; no cell right of the last column;
    the collapsed columns (the technical ones, which follow those a reader
    needs) are grouped at outline level 1 and hidden, the others visible
    and in no group;
  - the Dictionary sheet lists the same tables, columns, types,
    nullability and collapsed columns;
  - the Balance sheet: its header in row 4; each row below it equals, cell
    for cell (typed: numbers are numbers), the row of the indicators sheet
    its Row id names, and links to that row on its table's sheet; every
    indicators row of an indicator and unit it shows is there, or a note
    says how many more the indicators sheet has; the sheet has a drawing
    with a bar chart per indicator and unit (read from the zip: openpyxl
    does not load charts), whose categories are the block's Figure cells
    and whose series its Value, Lower bound and Upper bound cells;
  - read again with read_only=True (the mode for large files, which trusts
    each sheet's declared <dimension>), every sheet yields the same rows as
    the full read, and declares its real used range.

The tables and columns come from --expect, a JSON file
{"tables": [{"name", "rows", "columns": [{"name", "type", "nullable", "collapsed"}]}]}
(the Go test in dataset/clients writes it from the schema), or else from the
workbook's own Dictionary sheet (then row counts are not checked).

Exit status: 0 all checks pass (one summary line), 1 problems (one line
each), 2 the check cannot run (usage, no openpyxl, no file).
"""

import argparse
import datetime
import json
import os
import re
import sys
import warnings
import xml.etree.ElementTree as ET
import zipfile

ABOUT, BALANCE, DICTIONARY, SHOWN = "About", "Balance", "Dictionary", "shown"
INDICATORS = "indicators"
# The Balance sheet's columns and the indicators columns they show ("" for
# the label).
BALANCE_COLUMNS = [("Figure", ""), ("Indicator", "indicator"), ("Actor", "actor"), ("Year", "year"), ("Time basis", "when_basis"),
                   ("As written", "value_text"), ("Value", "value"), ("Lower bound", "low"), ("Upper bound", "high"),
                   ("Qualifier", "qualifier"), ("Unit", "unit"), ("Citation", "citation"), ("Row id", "row_id")]
BALANCE_HEADER_ROW = 4
BALANCE_MORE = re.compile(r"^(.+) \((.+)\): the (\d+) latest rows shown; ([\d,]+) rows? more on the indicators sheet\.$")
TYPES = ("string", "integer", "number", "date")
MAX_PROBLEMS = 50
MAX_DATA_ROWS = 1048575  # a longer table continues on <table>_2, <table>_3, ...
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def expectations_from_dictionary(wb):
    """The tables and columns as the Dictionary sheet lists them."""
    ws = wb[DICTIONARY]
    rows = ws.iter_rows(values_only=True)
    header = [v for v in next(rows, ()) if v is not None]
    need = ["table", "column", "type", "nullable"]
    if header[:4] != need:
        raise ValueError(f"{DICTIONARY} header {header!r} does not begin with {need!r}")
    if SHOWN not in header:
        raise ValueError(f"{DICTIONARY} header {header!r} has no {SHOWN!r} column")
    shown = header.index(SHOWN)
    tables = []
    for r in rows:
        if not any(v is not None for v in r):
            continue
        table, column, typ, nullable = r[:4]
        if not tables or tables[-1]["name"] != table:
            tables.append({"name": table, "rows": None, "columns": []})
        tables[-1]["columns"].append({"name": column, "type": typ, "nullable": nullable == "yes",
                                      "collapsed": r[shown] == "collapsed"})
    return tables


def dictionary_rows(wb):
    ws = wb[DICTIONARY]
    rows = ws.iter_rows(values_only=True)
    header = list(next(rows, ()))
    shown = header.index(SHOWN) if SHOWN in header else None
    out = []
    for r in rows:
        if any(v is not None for v in r):
            out.append((r[0], r[1], r[2], r[3], None if shown is None else r[shown]))
    return out


def column_outline(ws):
    """Outline level and hidden flag of each column, by number from 1."""
    from openpyxl.utils.cell import column_index_from_string
    out = {}
    for key, dim in ws.column_dimensions.items():
        lo = dim.min or column_index_from_string(key)
        hi = dim.max or lo
        for c in range(lo, hi + 1):
            out[c] = (dim.outline_level or 0, bool(dim.hidden))
    return out


def expected_sheets(tables, sheetnames):
    """The sheet names the workbook must have, in order."""
    want = [ABOUT]
    if any(t["name"] == INDICATORS for t in tables):
        want.append(BALANCE)
    for t in tables:
        want.append(t["name"])
        rows = t.get("rows")
        if rows is None:  # unknown: accept the continuation sheets present
            k = 2
            while f"{t['name']}_{k}" in sheetnames:
                want.append(f"{t['name']}_{k}")
                k += 1
        else:
            parts = max(1, -(-rows // MAX_DATA_ROWS))
            want.extend(f"{t['name']}_{k}" for k in range(2, parts + 1))
    want.append(DICTIONARY)
    return want


def check_value(value, cell, typ):
    """None when the value suits the column type, else what is wrong."""
    if typ == "string":
        return None if isinstance(value, str) else f"{type(value).__name__} {value!r} in a text column"
    if isinstance(value, bool):
        return f"boolean {value!r} in a {typ} column"
    if typ == "integer":
        if isinstance(value, int) or isinstance(value, float) and value.is_integer():
            return None
        return f"{type(value).__name__} {value!r} in an integer column"
    if typ == "number":
        return None if isinstance(value, (int, float)) else f"{type(value).__name__} {value!r} in a number column"
    if typ == "date":
        if isinstance(value, datetime.datetime):
            if not cell.is_date:
                return f"datetime {value!r} without a date format"
            if value.time() != datetime.time(0):
                return f"date {value!r} has a time of day"
            return None
        if isinstance(value, str) and ISO_DAY.match(value) and value < "1900":
            return None  # Excel holds no dates before 1900: text, as documented
        return f"{type(value).__name__} {value!r} in a date column (want a date cell)"
    return f"unknown column type {typ!r}"


def sheet_rows(wb, sheetnames, name):
    """The header and the rows of a table's sheets, as dicts."""
    rows, header = [], None
    for sheet in sheetnames:
        if sheet != name and not re.fullmatch(re.escape(name) + r"_\d+", sheet):
            continue
        ws = wb[sheet]
        it = ws.iter_rows()
        header = [c.value for c in next(it, ())]
        for row in it:
            if all(c.value is None for c in row):
                continue
            rows.append((sheet, row[0].row, {h: c.value for h, c in zip(header, row)}))
    return rows


def check_balance(wb, path, problem):
    """The Balance sheet against the indicators sheet (see the docstring)."""
    from openpyxl.utils.cell import get_column_letter

    ws = wb[BALANCE]
    header = [c.value for c in ws[BALANCE_HEADER_ROW]]
    while header and header[-1] is None:
        header.pop()
    want_header = [h for h, _ in BALANCE_COLUMNS]
    if header != want_header:
        problem(f"{BALANCE}!{BALANCE_HEADER_ROW}", f"header {header!r}, want {want_header!r}")
        return 0, 0
    indicators = {r["row_id"]: r for _, _, r in sheet_rows(wb, wb.sheetnames, INDICATORS)}
    # Where each row id is on the sheets: the id column is the first.
    where = {}
    for name in wb.sheetnames:
        if name in (ABOUT, BALANCE, DICTIONARY):
            continue
        ws_t = wb[name]
        for (c,) in ws_t.iter_rows(min_row=2, max_col=1):
            if c.value is not None:
                where.setdefault(str(c.value), (name, c.coordinate))
    shown, blocks, more = {}, [], {}  # (indicator, unit) -> rows; [(key, first, last)]
    r = BALANCE_HEADER_ROW + 1
    while r <= ws.max_row:
        row = [ws.cell(r, k + 1) for k in range(len(BALANCE_COLUMNS))]
        if all(c.value is None for c in row):
            break
        cells = {h: c.value for (h, _), c in zip(BALANCE_COLUMNS, row)}
        rid = cells["Row id"]
        ind = indicators.get(rid)
        if ind is None:
            problem(f"{BALANCE}!L{r}", f"row id {rid!r} is no row of the {INDICATORS} sheet")
            r += 1
            continue
        for (h, col), c in zip(BALANCE_COLUMNS, row):
            if not col:
                continue
            if c.value != ind[col]:
                problem(f"{BALANCE}!{c.coordinate}", f"{h}: {c.value!r}, the {INDICATORS} row {rid} has {ind[col]!r}")
            elif c.value is not None and h in ("Year", "Value", "Lower bound", "Upper bound") and not isinstance(c.value, (int, float)):
                problem(f"{BALANCE}!{c.coordinate}", f"{h}: {c.value!r} is not a number")
        if not isinstance(cells["Figure"], str) or not cells["Figure"].endswith(": " + str(ind["value_text"])):
            problem(f"{BALANCE}!A{r}", f"label {cells['Figure']!r} does not end with the figure as written")
        link = row[-1].hyperlink
        target = where.get(rid)
        want_loc = f"'{target[0]}'!{target[1]}" if target else None
        if link is None or link.location != want_loc:
            problem(f"{BALANCE}!{row[-1].coordinate}", f"link {link.location if link else None!r}, want {want_loc!r}")
        key = (ind["indicator"], ind["unit"])
        shown.setdefault(key, []).append(rid)
        if blocks and blocks[-1][0] == key:
            blocks[-1] = (key, blocks[-1][1], r)
        else:
            if key in [b[0] for b in blocks]:
                problem(f"{BALANCE}!{r}", f"the rows of {key} are not together")
            blocks.append((key, r, r))
        r += 1
    for rr in range(r, ws.max_row + 1):
        m = BALANCE_MORE.match(str(ws.cell(rr, 1).value or ""))
        if m:
            more[(m.group(1).lower().replace(" ", "_"), m.group(2))] = int(m.group(4).replace(",", ""))
    # Every row of an indicator and unit shown is there, or counted as more.
    for key, rids in shown.items():
        total = sum(1 for i in indicators.values() if (i["indicator"], i["unit"]) == key)
        if len(rids) + more.get(key, 0) != total:
            problem(BALANCE, f"{key}: {len(rids)} rows shown and {more.get(key, 0)} more, the {INDICATORS} sheet has {total}")
    # The charts, from the zip.
    C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    P = "{http://schemas.openxmlformats.org/package/2006/relationships}"

    def rels(z, part):
        d, base = part.rsplit("/", 1)
        try:
            root = ET.fromstring(z.read(f"{d}/_rels/{base}.rels"))
        except KeyError:
            return {}
        out = {}
        for e in root.iter(P + "Relationship"):
            t = e.get("Target")
            out[e.get("Id")] = t.lstrip("/") if t.startswith("/") else os.path.normpath(f"{d}/{t}")
        return out

    charts = []
    with zipfile.ZipFile(path) as z:
        wbrels = rels(z, "xl/workbook.xml")
        sheet_part = next((wbrels[s.get(R + "id")] for s in ET.fromstring(z.read("xl/workbook.xml")).iter(M + "sheet")
                           if s.get("name") == BALANCE), None)
        drawing = None
        if sheet_part:
            d = ET.fromstring(z.read(sheet_part)).find(M + "drawing")
            drawing = rels(z, sheet_part).get(d.get(R + "id")) if d is not None else None
        if drawing is None:
            if blocks:
                problem(BALANCE, "no drawing: the charts are missing")
            return sum(map(len, shown.values())), 0
        for target in rels(z, drawing).values():
            root = ET.fromstring(z.read(target))
            for bar in root.iter(C + "barChart"):
                refs = []
                for ser in bar.iter(C + "ser"):
                    def formula(tag):
                        e = ser.find(f"{C}{tag}//{C}f")
                        return None if e is None else e.text
                    refs.append((formula("tx"), formula("cat"), formula("val")))
                charts.append(refs)
    ref = re.compile(r"^'Balance'!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$")
    want_cols = {get_column_letter(k + 1) for k, (h, _) in enumerate(BALANCE_COLUMNS) if h in ("Value", "Lower bound", "Upper bound")}
    drawn = []
    for n, refs in enumerate(charts, start=1):
        spans = set()
        for name, cat, val in refs:
            mc, mv, mn = ref.match(cat or ""), ref.match(val or ""), ref.match(name or "")
            if not (mc and mv and mn) or mc.group(1) != "A" or mv.group(1) not in want_cols or mv.group(1) != mn.group(1) \
                    or int(mn.group(2)) != BALANCE_HEADER_ROW or (mc.group(2), mc.group(4)) != (mv.group(2), mv.group(4)):
                problem(BALANCE, f"chart {n}: series {name!r}, categories {cat!r}, values {val!r}: "
                        "want the Figure cells and a figure column's cells of the same rows, named by its header")
                continue
            spans.add((int(mc.group(2)), int(mc.group(4))))
        if len(spans) == 1:
            drawn.append(spans.pop())
        elif spans:
            problem(BALANCE, f"chart {n}: series over different rows {sorted(spans)}")
    want_spans = [(first, last) for _, first, last in blocks]
    if sorted(drawn) != want_spans:
        problem(BALANCE, f"charts over rows {sorted(drawn)}, want one per indicator and unit {want_spans}")
    return sum(map(len, shown.values())), len(charts)


def main(argv):
    ap = argparse.ArgumentParser(description="Check the release workbook with openpyxl.")
    ap.add_argument("--expect", help="JSON file with the tables and columns to find")
    ap.add_argument("workbook", nargs="?", default="out/armsdata.xlsx")
    args = ap.parse_args(argv)
    try:
        import openpyxl
        from openpyxl.utils.cell import coordinate_from_string, get_column_letter
    except ImportError as e:
        print(f"xlsx_check: cannot import openpyxl ({e}); install python3-openpyxl", file=sys.stderr)
        return 2

    problems = []

    def problem(where, msg):
        problems.append(f"{where}: {msg}")

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            # Not read_only: frozen panes and tables are only read in full mode.
            wb = openpyxl.load_workbook(args.workbook, data_only=False)
    except FileNotFoundError as e:
        print(f"xlsx_check: {e}", file=sys.stderr)
        return 2
    except Exception as e:  # warnings are errors now
        print(f"xlsx_check: {args.workbook}: openpyxl does not load it cleanly: {type(e).__name__}: {e}")
        return 1

    if args.expect:
        with open(args.expect, encoding="utf-8") as f:
            tables = json.load(f)["tables"]
    elif DICTIONARY in wb.sheetnames:
        try:
            tables = expectations_from_dictionary(wb)
        except ValueError as e:
            print(f"xlsx_check: {args.workbook}: {e}")
            return 1
    else:
        print(f"xlsx_check: {args.workbook}: no {DICTIONARY} sheet and no --expect")
        return 1

    want_sheets = expected_sheets(tables, wb.sheetnames)
    if wb.sheetnames != want_sheets:
        problem("workbook", f"sheets {wb.sheetnames}, want {want_sheets}")

    # No formulas, no error values, anywhere.
    cells = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                cells += 1
                if c.data_type == "f":
                    problem(f"{ws.title}!{c.coordinate}", f"a formula: {c.value!r}")
                elif c.data_type == "e":
                    problem(f"{ws.title}!{c.coordinate}", f"an error value: {c.value!r}")

    if ABOUT in wb.sheetnames:
        a1 = wb[ABOUT]["A1"].value
        if not isinstance(a1, str) or not a1.strip():
            problem(f"{ABOUT}!A1", f"no title: {a1!r}")

    data_rows = 0
    for t in tables:
        names = [c["name"] for c in t["columns"]]
        ncols = len(names)
        last_col = get_column_letter(ncols)
        sheets = [s for s in want_sheets if s == t["name"] or re.fullmatch(re.escape(t["name"]) + r"_\d+", s)]
        rows_here = 0
        for sheet in sheets:
            if sheet not in wb.sheetnames:
                continue
            ws = wb[sheet]
            header = [c.value for c in ws[1]]
            while header and header[-1] is None:
                header.pop()
            if header != names:
                problem(f"{sheet}!1", f"header {header!r}, want the column names {names!r}")
            if ws.max_column > ncols:
                problem(sheet, f"cells up to column {get_column_letter(ws.max_column)}, the table has {ncols} columns")

            outline = column_outline(ws)
            for k, col in enumerate(t["columns"], start=1):
                level, hidden = outline.get(k, (0, False))
                if col.get("collapsed") and (level != 1 or not hidden):
                    problem(f"{sheet}!{get_column_letter(k)}", f"{col['name']}: outline level {level}, hidden {hidden}; "
                            "want a collapsed technical column (level 1, hidden)")
                elif not col.get("collapsed") and (level != 0 or hidden):
                    problem(f"{sheet}!{get_column_letter(k)}", f"{col['name']}: outline level {level}, hidden {hidden}; "
                            "want a column a reader sees (level 0, visible)")

            pane = ws.freeze_panes
            if not pane or coordinate_from_string(pane)[1] != 2:
                problem(sheet, f"frozen panes at {pane!r}, want the header row frozen (top-left cell in row 2)")

            n = 0
            for row in ws.iter_rows(min_row=2, max_col=ncols):
                if all(c.value is None for c in row):
                    continue
                n += 1
                for c, col in zip(row, t["columns"]):
                    if c.value is None:
                        if not col["nullable"] and col["type"] != "string":
                            problem(f"{sheet}!{c.coordinate}", f"empty, but {col['name']} is not nullable")
                        continue
                    msg = check_value(c.value, c, col["type"])
                    if msg:
                        problem(f"{sheet}!{c.coordinate}", f"{col['name']}: {msg}")
            rows_here += n

            span = f"A1:{last_col}{max(n, 1) + 1}"
            refs = [tbl.ref for tbl in ws.tables.values()]
            if ws.auto_filter and ws.auto_filter.ref:
                refs.append(ws.auto_filter.ref)
            if span not in refs:
                problem(sheet, f"no table or autofilter over {span} (found {refs})")
            for tbl in ws.tables.values():
                cols = [tc.name for tc in tbl.tableColumns]
                if tbl.ref == span and cols != names:
                    problem(sheet, f"table {tbl.name} names its columns {cols!r}, want {names!r}")
        if t.get("rows") is not None and rows_here != t["rows"]:
            problem(t["name"], f"{rows_here} data rows, want {t['rows']}")
        data_rows += rows_here

    # Streaming readers trust <dimension>: a sheet that declares "A1" reads
    # as its header alone.
    ro = openpyxl.load_workbook(args.workbook, read_only=True, data_only=False)
    try:
        for ws in wb.worksheets:
            full = [r for r in ws.iter_rows(values_only=True)]
            rws = ro[ws.title]
            want_dim = f"A1:{get_column_letter(ws.max_column)}{ws.max_row}"
            if rws.calculate_dimension() != want_dim:
                problem(ws.title, f"declares the used range {rws.calculate_dimension()}, its cells span {want_dim}")
            streamed = [r for r in rws.iter_rows(values_only=True)]
            if len(streamed) != len(full):
                problem(ws.title, f"read_only=True yields {len(streamed)} rows, the full read {len(full)}")
            elif streamed != full:
                i = next(i for i, (a, b) in enumerate(zip(streamed, full)) if a != b)
                problem(f"{ws.title}!{i + 1}", f"read_only=True reads {streamed[i]!r}, the full read {full[i]!r}")
    finally:
        ro.close()

    balance_rows = balance_charts = 0
    if BALANCE in wb.sheetnames:
        balance_rows, balance_charts = check_balance(wb, args.workbook, problem)

    if DICTIONARY in wb.sheetnames:
        got = dictionary_rows(wb)
        want = [(t["name"], c["name"], c["type"], "yes" if c["nullable"] else "no", "collapsed" if c.get("collapsed") else "yes")
                for t in tables for c in t["columns"]]
        if got != want:
            diff = next((i for i, (g, w) in enumerate(zip(got, want)) if g != w), min(len(got), len(want)))
            problem(DICTIONARY, f"{len(got)} column rows, want {len(want)}; first difference at row {diff + 2}: "
                    f"{got[diff] if diff < len(got) else None!r} != {want[diff] if diff < len(want) else None!r}")
        for _, _, typ, _, _ in got:
            if typ not in TYPES:
                problem(DICTIONARY, f"unknown type {typ!r}")

    if problems:
        for p in problems[:MAX_PROBLEMS]:
            print(f"xlsx_check: {p}")
        if len(problems) > MAX_PROBLEMS:
            print(f"xlsx_check: ... {len(problems)} problems in all")
        return 1
    balance = f"{BALANCE} ({balance_rows} headline figures, {balance_charts} charts), " if BALANCE in wb.sheetnames else ""
    print(f"xlsx_check: ok: {args.workbook}: {len(wb.sheetnames)} sheets ({ABOUT}, {balance}{len(tables)} tables, {DICTIONARY}), "
          f"{data_rows} data rows, {cells} cells; no formulas; typed cells; headers frozen; "
          f"a table on every table sheet; technical columns collapsed; read_only reads the same (openpyxl {openpyxl.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
