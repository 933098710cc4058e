#!/usr/bin/env python3
"""Read a release with pandas as analysts do, run the README's pandas code
on it, and check what they give.

usage: scripts/pandas_check.py [--readme README.md] RELEASE [RELEASE ...]

make check-pandas builds the seeds and testdata/base (whose tables include
empty ones) with -partition into a temporary directory and runs this on
both. Every expected value comes from the release's CSV files, read with
Python's csv module alone and typed by datapackage.json
(scripts/release_tables.py), never from pandas.

On every RELEASE, each Parquet file that datapackage.json names (every
<table>-parquet resource and each file of every
<table>-parquet-partitioned one; a Parquet file no resource names fails)
must read with the declared types:

  - pyarrow.parquet.read_schema: the declared columns in order, string ->
    string, integer -> int64, number -> double, date -> date32[day],
    nullable exactly where the column is not required, and the table's and
    each column's description in the metadata, where the README says;
  - pd.read_parquet as the README says it reads by default: string -> str,
    number -> float64, date -> object holding datetime.date, integer ->
    int64 when the file's column has no null, else float64;
  - dtype_backend="numpy_nullable": string, Int64 (nullable integers stay
    integers), Float64, and dates as datetime.date;
    dtype_backend="pyarrow": string[pyarrow], int64[pyarrow],
    double[pyarrow], date32[day][pyarrow];
  - with both backends, the rows of the table's CSV file, as many and
    value for value, each of the declared Python type (int, float,
    datetime.date, str); a multipart resource's files together, in
    primary key order.

On the first RELEASE, each Python block of the README after a
"<!-- tested: pandas-<name> -->" marker (a name not below fails) runs
word for word, in a directory
where out/ is RELEASE, and must leave and print the DataFrame it promises
(the whole or its columns below), which is compared, column for column and in order (rows of equal sort keys in any
order), with the same question answered from the CSV files:

  - pandas-spending: `spending`, military_expenditure by when_start, actor;
  - pandas-deals: `suppliers`, the arms transfers to Azerbaijan per
    supplier: the deals of scope item counted once, and the rows;
  - pandas-agreements-rus: `russia`, every agreement whose parties include
    RUS, each once, in the order of signed_start, id;
  - pandas-balance: `balance`, the defence budgets and national armed
    forces of Armenia and Azerbaijan, computed from military_expenditure
    and armed_forces (not from indicators), with year a whole number;
  - pandas-equipment: `vehicles`, per deployment listing armoured
    vehicles, their sum (null when no item gives a number) and the items as
    written;
  - pandas-conflicts: `conflicts`, every pair of rows of relation
    conflict, with both rows' tables and sources (which must be theirs).

And the derived tables join to their rows in pandas (merge): every
(table_name, row_id) of row_actors and indicators and every (parent_table,
parent_id) of equipment names a row of that table, and the counts and
copied cells match the parents: row_actors holds exactly the codes of every
actor column, in order; each row of military_expenditure and armed_forces
has one indicator row with its figure; each arms transfer of scope item has
one equipment row, one of scope relationship none, and an item carries its
parent's source reference and stands in its parent's quote.

Exit status: 0 all checks pass, 1 problems (one line each), 2 a wrong
command line or no pandas/pyarrow. The last line is "pandas: N passed, M
failed", counting checks.
"""

import argparse
import collections
import contextlib
import datetime
import io
import os
import re
import sys
import tempfile

from release_tables import Release, compare_rows, null_last, run_checks, same_order

MARKER = "<!-- tested: {} -->\n```python\n"

# What pyarrow, and pandas with each dtype backend, make of each declared
# type. Pandas' default backend is in default_dtype.
ARROW_TYPES = {"string": "string", "integer": "int64", "number": "double", "date": "date32[day]"}
BACKEND_DTYPES = {
    "numpy_nullable": {"string": "string", "integer": "Int64", "number": "Float64", "date": "object"},
    "pyarrow": {"string": "string[pyarrow]", "integer": "int64[pyarrow]", "number": "double[pyarrow]", "date": "date32[day][pyarrow]"},
}

# The actor columns of the curated tables and the role row_actors gives
# each (vocabulary actor_role). A curated table's column with a foreign key
# to actors that is not here fails the check: the bridge must cover it.
ACTOR_COLUMNS = {
    ("arms_transfers", "supplier"): "supplier",
    ("arms_transfers", "recipient"): "recipient",
    ("agreements", "parties"): "party",
    ("events", "actors"): "participant",
    ("deployments", "operator"): "operator",
    ("deployments", "host"): "host",
    ("armed_forces", "host"): "host",
    ("military_expenditure", "actor"): "actor",
    ("armed_forces", "actor"): "actor",
}
DERIVED = ("row_actors", "indicators", "equipment")

# The indicator each row of military_expenditure (by measure) and
# armed_forces (by counted: the same code) gives (vocabulary indicator).
MEASURE_INDICATOR = {
    "defence_budget": "defence_budget",
    "hardware_spending": "equipment_spending",
    "arms_deliveries_value": "arms_deliveries_value",
    "debt": "military_debt",
}


def readme_block(readme, name):
    """The README's Python block after <!-- tested: NAME -->, without its fences."""
    marker = MARKER.format(name)
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    i = text.find(marker)
    if i < 0:
        raise LookupError(f"{readme} has no {marker.splitlines()[0]} block")
    rest = text[i + len(marker):]
    j = rest.find("```")
    if j < 0:
        raise LookupError(f"{readme}: the block after {marker.splitlines()[0]} is not closed")
    return rest[:j]


def unchecked_blocks(readme):
    """The pandas-<name> markers of the README that no check here runs."""
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    names = re.findall(r"<!-- tested: pandas-([^ ]+) -->", text)
    return [n for n in names if n not in README_CHECKS]


def run_block(code, release):
    """Run code in a directory where out/ is release; return its names,
    with what it printed as "_printed"."""
    names = {}
    printed = io.StringIO()
    with tempfile.TemporaryDirectory() as tmp:
        os.symlink(os.path.abspath(release), os.path.join(tmp, "out"))
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            with contextlib.redirect_stdout(printed):
                exec(compile(code, "README.md", "exec"), names)
        finally:
            os.chdir(cwd)
    names["_printed"] = printed.getvalue()
    return names


def py(v):
    """A pandas cell as a plain Python value: None for every kind of null,
    numpy scalars unwrapped."""
    import pandas as pd

    if v is None or (not isinstance(v, (str, datetime.date)) and pd.isna(v)):
        return None
    return v.item() if hasattr(v, "item") else v


def cell(v):
    """A value with its Python type, so that 3 and 3.0 differ: a count read
    as a float is a finding."""
    v = py(v)
    return None if v is None else (type(v).__name__, v)


def frame(df, name, cols, bad):
    """The DataFrame's rows over cols, as tuples of cell(); None when it
    lacks a column."""
    missing = [c for c in cols if c not in df.columns]
    if missing:
        bad(f"`{name}` has no column {missing}; it has {list(df.columns)}")
        return None
    return [tuple(cell(v) for v in row) for row in df[cols].itertuples(index=False)]


def result(names, name, cols, bad):
    """The rows of the DataFrame the block leaves as name, which it must
    also print: a reader sees what is checked."""
    df = names.get(name)
    if df is None:
        bad(f"the block leaves no DataFrame `{name}`")
        return None
    shown = df[[c for c in cols if c in df.columns]]
    if str(df) not in names["_printed"] and str(shown) not in names["_printed"]:
        bad(f"the block does not print `{name}`")
    return frame(df, name, cols, bad)


def key_of(*idx):
    """Sort key of rows of cell() tuples over the columns idx, nulls last."""
    return lambda r: tuple(null_last(None if r[i] is None else r[i][1]) for i in idx)


def cells(*values):
    return tuple(cell(v) for v in values)


# The README blocks: each takes the names the block left and the release.


def check_spending(names, rel, bad):
    cols = ["actor", "when_start", "amount", "amount_qualifier", "citation"]
    got = result(names, "spending", cols, bad)
    want = [cells(*(r[c] for c in cols)) for r in rel.rows("military_expenditure")]
    if not want:
        return bad("military_expenditure has no rows; the check proves nothing")
    if got is not None:
        key = key_of(1, 0)
        same_order("spending", got, sorted(want, key=key), key, bad)


def check_deals(names, rel, bad):
    cols = ["supplier", "supplier_name", "deals", "mentions"]
    got = result(names, "suppliers", cols, bad)
    deals, mentions, items = collections.defaultdict(set), collections.Counter(), collections.Counter()
    for r in rel.rows("arms_transfers"):
        if r["recipient"] != "AZE":
            continue
        s = (r["supplier"], r["supplier_name"])
        mentions[s] += 1
        if r["scope"] == "item":
            deals[s].add(r["deal"])
            items[s] += 1
    if not any(len(deals[s]) < items[s] for s in items):
        bad("no supplier has fewer deals than rows of scope item: the seeds no longer show what counting deals does")
    want = [cells(s, n, len(deals[(s, n)]), m) for (s, n), m in mentions.items()]

    def key(r):
        return (-r[2][1], -r[3][1], null_last(None if r[0] is None else r[0][1]))

    if got is not None:
        same_order("suppliers", got, sorted(want, key=key), key, bad)


def check_agreements(names, rel, bad):
    cols = ["id", "parties", "kind", "signed_start", "citation"]
    got = result(names, "russia", cols, bad)
    want = [cells(*(r[c] for c in cols)) for r in rel.rows("agreements") if "RUS" in (r["parties"] or "").split(";")]
    if not want:
        return bad("the release has no agreement Russia is party to; the check proves nothing")
    if got is not None:
        key = key_of(3, 0)
        same_order("russia", got, sorted(want, key=key), key, bad)


def check_balance(names, rel, bad):
    cols = ["year", "indicator", "actor", "value", "qualifier", "unit", "source_id"]
    got = result(names, "balance", cols, bad)
    # From the rows the indicators come from, not from indicators itself.
    want = []
    for table, code, term, fig in (
        ("military_expenditure", "measure", "defence_budget", "amount"),
        ("armed_forces", "counted", "national_armed_forces", "personnel"),
    ):
        for r in rel.rows(table):
            if r[code] != term or r["actor"] not in ("ARM", "AZE"):
                continue
            s, e = r["when_start"], r["when_end"]
            year = s.year if s and e and s.year == e.year else None
            value = None if r[fig] is None else float(r[fig])  # a count too: value is a number
            unit = r.get(fig + "_currency") or "personnel"
            want.append(cells(year, term, r["actor"], value, r[fig + "_qualifier"], unit, r["source_id"]))
    if len(want) < 4:
        return bad(f"the release has {len(want)} such figures, want at least the budgets and forces of both")
    if got is not None:
        key = key_of(0, 1, 2, 6)
        same_order("balance", got, sorted(want, key=key), key, bad)


def check_equipment(names, rel, bad):
    cols = ["id", "operator", "host", "vehicles", "as_written"]
    got = result(names, "vehicles", cols, bad)
    deployments = {r["id"]: r for r in rel.rows("deployments")}
    total, written = {}, collections.defaultdict(list)
    for e in rel.rows("equipment"):
        if e["parent_table"] != "deployments" or e["category"] != "armoured_vehicle":
            continue
        d = e["parent_id"]
        total.setdefault(d, None)
        if e["quantity"] is not None:
            total[d] = (total[d] or 0) + e["quantity"]
        written[d].append(" ".join(x for x in (e["quantity_text"], e["description"]) if x))
    if not any(v is not None for v in total.values()):
        bad("no deployment lists a number of armoured vehicles: the seeds no longer show what the query counts")
    if got is None:
        return
    want = [cells(d, deployments[d]["operator"], deployments[d]["host"], total[d]) for d in sorted(total)]
    same_order("vehicles", [g[:4] for g in got], want, key_of(0), bad)
    for g in got:
        d = g[0] and g[0][1]
        items = sorted(g[4][1].split("; ")) if g[4] else []
        if d in written and items != sorted(written[d]):
            bad(f"{d}: as_written {items}, want {sorted(written[d])}")


def check_conflicts(names, rel, bad):
    cols = ["link_key", "table_a", "row_a", "source_a", "table_b", "row_b", "source_b", "detail"]
    got = result(names, "conflicts", cols, bad)
    want = [cells(*(r[c] for c in cols)) for r in rel.rows("links") if r["relation"] == "conflict"]
    if not want:
        return bad("the release has no conflicting rows; the check proves nothing")
    # Both rows are what the link says they are: rows of their tables,
    # from their sources.
    for r in rel.rows("links"):
        for side in ("a", "b"):
            table, row, source = r["table_" + side], r["row_" + side], r["source_" + side]
            match = [x for x in rel.rows(table) if x["id"] == row] if table + "-csv" in rel.resources else []
            if len(match) != 1 or match[0]["source_id"] != source:
                bad(f"link {r['id']}: {row} is not one row of {table} from {source}")
    if got is not None:
        key = key_of(0, 2, 5)
        same_order("conflicts", got, sorted(want, key=key), key, bad)


README_CHECKS = {
    "spending": check_spending,
    "deals": check_deals,
    "agreements-rus": check_agreements,
    "balance": check_balance,
    "equipment": check_equipment,
    "conflicts": check_conflicts,
}


# The derived tables against their parents, in pandas.


def read(rel, table):
    import pandas as pd

    return pd.read_parquet(rel.path(rel.resources[table + "-parquet"]["path"]), dtype_backend="numpy_nullable")


def parents_found(rel, derived, df, table_col, id_col, bad):
    """Every (table_col, id_col) of df names a row of that table: a left
    merge on the parent's id, with indicator, finds every one, once."""
    if df.empty:
        bad(f"{derived} has no rows")
    for table, group in df.groupby(table_col):
        parent = read(rel, table)[["id"]]
        m = group.merge(parent, left_on=id_col, right_on="id", how="left", indicator="_found", suffixes=("", "_parent"))
        if len(m) != len(group):
            bad(f"{derived}: {len(group)} rows of {table} join to {len(m)}: parent ids repeat")
        missing = sorted(set(m.loc[m["_found"] == "left_only", id_col]))
        if missing:
            bad(f"{derived}: rows {missing[:5]} are not rows of {table}")


def check_row_actors(rel, bad):
    ra = read(rel, "row_actors")
    parents_found(rel, "row_actors", ra, "table_name", "row_id", bad)
    # Every actor column of every curated table is in ACTOR_COLUMNS.
    for name, r in rel.resources.items():
        table = name[: -len("-csv")]
        if not name.endswith("-csv") or table in DERIVED:
            continue
        for fk in r["schema"].get("foreignKeys", []):
            if fk["reference"]["resource"] == "actors-csv" and (table, fk["fields"][0]) not in ACTOR_COLUMNS:
                bad(f"{table}.{fk['fields'][0]} names actors but the check does not know its role")
    # The bridge holds exactly the codes of those columns, in order.
    want = collections.Counter()
    for (table, col), role in ACTOR_COLUMNS.items():
        for r in rel.raw(table):
            for pos, code in enumerate(c for c in r[col].split(";") if c):
                want[(table, r["id"], role, code, pos + 1)] += 1
    got = collections.Counter(tuple(py(v) for v in row) for row in ra[["table_name", "row_id", "role", "actor", "position"]].itertuples(index=False))
    for k in sorted((got - want).keys())[:5]:
        bad(f"row_actors has {k}, which no actor column gives")
    for k in sorted((want - got).keys())[:5]:
        bad(f"row_actors lacks {k}")
    names = ra.merge(read(rel, "actors"), left_on="actor", right_on="code", how="left")
    wrong = names[names["name"].isna() | (names["name"] != names["actor_name"])]
    if len(wrong):
        bad(f"row_actors: actor_name is not the actors table's name in {list(wrong['id'])[:5]}")


def check_indicators(rel, bad):
    ind = read(rel, "indicators")
    parents_found(rel, "indicators", ind, "table_name", "row_id", bad)
    counts = ind.groupby("table_name").size().to_dict()
    for table in ("military_expenditure", "armed_forces"):
        parent = read(rel, table)
        if counts.get(table, 0) != len(parent):
            bad(f"indicators has {counts.get(table, 0)} rows from {table}, which has {len(parent)}: want one per row")
        m = ind.merge(parent, left_on="row_id", right_on="id", suffixes=("", "_parent"))
        shown = 0
        for _, r in m.iterrows():
            fig = r["id"].rsplit("/", 1)[-1]  # ids are <row id>/<figure column>
            unit = r[fig + "_currency"] if fig + "_currency" in m.columns else "personnel"
            s, e = py(r["when_start"]), py(r["when_end"])
            year = s.year if s and e and s.year == e.year else None
            indicator = MEASURE_INDICATOR.get(py(r.get("measure"))) if table == "military_expenditure" else r["counted"]
            pairs = {
                "indicator": (r["indicator"], indicator),
                "actor": (r["actor"], r["actor_parent"]),
                "source_id": (r["source_id"], r["source_id_parent"]),
                "when_start": (r["when_start"], r["when_start_parent"]),
                "when_end": (r["when_end"], r["when_end_parent"]),
                "year": (r["year"], year),
                "value_text": (r["value_text"], r[fig + "_text"]),
                "value": (r["value"], r[fig]),
                "low": (r["low"], r[fig + "_low"]),
                "high": (r["high"], r[fig + "_high"]),
                "qualifier": (r["qualifier"], r[fig + "_qualifier"]),
                "unit": (r["unit"], unit),
            }
            if "host_parent" in m.columns:
                pairs["host"] = (r["host"], r["host_parent"])
            for col, (g, w) in pairs.items():
                if py(g) != py(w) and shown < 5:
                    shown += 1
                    bad(f"{r['id']}: {col} {py(g)!r}, its {table} row gives {py(w)!r}")


def check_equipment_join(rel, bad):
    eq = read(rel, "equipment")
    parents_found(rel, "equipment", eq, "parent_table", "parent_id", bad)
    # One item per arms transfer of scope item, none for a relationship.
    at = read(rel, "arms_transfers")
    per = eq[eq.parent_table == "arms_transfers"].groupby("parent_id").size()
    for _, r in at.iterrows():
        n, want = int(per.get(r["id"], 0)), 1 if r["scope"] == "item" else 0
        if n != want:
            bad(f"{r['id']} (scope {r['scope']}) has {n} equipment rows, want {want}")
    ref = ["source_id", "citation", "source_url", "quote", "quote_display", "quote_start", "quote_end", "quote_line"]
    ref = [c for c in ref if c in eq.columns]
    for table, group in eq.groupby("parent_table"):
        parent = read(rel, table)
        m = group.merge(parent, left_on="parent_id", right_on="id", suffixes=("", "_parent"))
        for _, r in m.iterrows():
            for c in ref:
                if py(r[c]) != py(r[c + "_parent"]):
                    bad(f"{r['id']}: {c} {py(r[c])!r} is not its parent's {py(r[c + '_parent'])!r}")
            for c in ("designation", "description", "quantity_text"):
                if py(r[c]) is not None and r[c] not in r["quote_display_parent"]:
                    bad(f"{r['id']}: {c} {r[c]!r} is not in its parent's quote")
            if table == "arms_transfers":
                for c, pc in (("designation", "designation"), ("description", "weapon"), ("category", "category"), ("quantity", "quantity"), ("unit", "unit")):
                    pv = py(r[pc + "_parent" if pc + "_parent" in m.columns else pc])
                    if py(r[c]) != pv:
                        bad(f"{r['id']}: {c} {py(r[c])!r}, its transfer's {pc} is {pv!r}")


# Types and values of every Parquet file.


def default_dtype(fd, nulls):
    """The dtype pd.read_parquet gives a column by default, as the README
    says: an integer column with a null becomes float64 (so pass a
    dtype_backend)."""
    if fd["type"] == "integer":
        return "float64" if nulls else "int64"
    return {"string": "str", "number": "float64", "date": "object"}[fd["type"]]


def check_types(pd, pq, rel, resource, table, paths, bad):
    fields = resource["schema"]["fields"]
    cols = [fd["name"] for fd in fields]
    frames = {b: [] for b in BACKEND_DTYPES}
    for path in paths:
        name = os.path.relpath(path, rel.dir)
        sc = pq.read_schema(path)
        if sc.names != cols:
            bad(f"{name}: pyarrow reads columns {sc.names}, declared {cols}")
            return
        # The README's way to the descriptions: the file's metadata and
        # each field's hold what datapackage.json says.
        meta = sc.metadata or {}
        if meta.get(b"table", b"").decode() != table or meta.get(b"description", b"").decode() != rel.resources[table + "-csv"]["description"]:
            bad(f"{name}: the schema metadata does not name {table} with its description")
        for fd in fields:
            f = sc.field(fd["name"])
            if (f.metadata or {}).get(b"description", b"").decode() != fd.get("description", ""):
                bad(f"{name}: the field metadata of {fd['name']} is not its description")
            required = fd.get("constraints", {}).get("required", False)
            if str(f.type) != ARROW_TYPES[fd["type"]] or f.nullable == required:
                bad(f"{name}: pyarrow reads {fd['name']} as {f.type}{'' if f.nullable else ' not null'}, declared {fd['type']}{' required' if required else ''}")
        df = pd.read_parquet(path)
        for fd in fields:
            s = df[fd["name"]]
            want = default_dtype(fd, s.isna().any())
            if str(s.dtype) != want:
                bad(f"{name}: pd.read_parquet reads {fd['name']} ({fd['type']}) as {s.dtype}, the README says {want}")
            if fd["type"] == "date" and not all(isinstance(v, datetime.date) and not isinstance(v, datetime.datetime) for v in s.dropna()):
                bad(f"{name}: pd.read_parquet reads {fd['name']} as values other than datetime.date")
        for backend, dtypes in BACKEND_DTYPES.items():
            df = pd.read_parquet(path, dtype_backend=backend)
            for fd in fields:
                if str(df[fd["name"]].dtype) != dtypes[fd["type"]]:
                    bad(f"{name}: dtype_backend={backend} reads {fd['name']} ({fd['type']}) as {df[fd['name']].dtype}, want {dtypes[fd['type']]}")
            frames[backend].append(df)
    key = resource["schema"].get("primaryKey") if len(paths) > 1 else None
    want = rel.rows(table)
    for backend, dfs in frames.items():
        df = pd.concat(dfs, ignore_index=True) if len(dfs) > 1 else dfs[0]
        got = [{c: py(v) for c, v in zip(cols, row)} for row in df[cols].itertuples(index=False)]
        compare_rows(f"dtype_backend={backend}", fields, got, want, bad, key=key)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--readme", default="README.md")
    ap.add_argument("release", nargs="+")
    args = ap.parse_args()
    try:
        import pandas as pd
        import pyarrow
        import pyarrow.parquet as pq
    except ImportError as e:
        print(f"pandas_check: cannot import pandas and pyarrow ({e}); make pandas-venv installs them", file=sys.stderr)
        return 2
    print(f"pandas {pd.__version__}, pyarrow {pyarrow.__version__}")
    first = Release(args.release[0])
    checks = [("README blocks", lambda bad: [bad(f"pandas-{n} is checked by nothing here") for n in unchecked_blocks(args.readme)])]
    for name, check in README_CHECKS.items():
        checks.append((f"README pandas-{name}", lambda bad, c=check, n=name: c(run_block(readme_block(args.readme, "pandas-" + n), first.dir), first, bad)))
    checks += [
        ("join row_actors", lambda bad: check_row_actors(first, bad)),
        ("join indicators", lambda bad: check_indicators(first, bad)),
        ("join equipment", lambda bad: check_equipment_join(first, bad)),
    ]
    for d in args.release:
        rel = first if d == args.release[0] else Release(d)
        resources = rel.parquet_resources()

        def every_file(bad, rel=rel, resources=resources):
            if not resources:
                bad("datapackage.json names no Parquet file")
            for f in rel.undeclared_parquet():
                bad(f"{f} is in no resource of datapackage.json, so nothing checks it")

        checks.append((f"{d} files", every_file))
        for resource, table, paths in resources:
            checks.append((f"{d} {resource['name']}", lambda bad, r=resource, t=table, p=paths, rel=rel: check_types(pd, pq, rel, r, t, p, bad)))
    return run_checks("pandas", checks)


if __name__ == "__main__":
    sys.exit(main())
