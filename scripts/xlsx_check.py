#!/usr/bin/env python3
"""Open the release workbook as a Python reader does, with openpyxl, and check it.

usage: scripts/xlsx_check.py [--expect EXPECT.json] [WORKBOOK]

WORKBOOK defaults to out/armsdata.xlsx. The workbook is loaded with every
warning turned into an error (openpyxl warns about parts it does not
understand or has to repair). Then:

  - sheets: About first, Dictionary last, one sheet per table between them,
    in the tables' order;
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
import re
import sys
import warnings

ABOUT, DICTIONARY, SHOWN = "About", "Dictionary", "shown"
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
    print(f"xlsx_check: ok: {args.workbook}: {len(wb.sheetnames)} sheets ({ABOUT}, {len(tables)} tables, {DICTIONARY}), "
          f"{data_rows} data rows, {cells} cells; no formulas; typed cells; headers frozen; "
          f"a table on every table sheet; technical columns collapsed; read_only reads the same (openpyxl {openpyxl.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
