"""A release's tables as its datapackage.json declares them, for the checks
of the dataframe readers (pandas_check.py, polars_check.py).

The expected side of every check comes from here: the CSV files read with
Python's csv module alone and typed by the declared Table Schema, so that
what pandas or polars make of the Parquet files is compared with something
neither of them computed.
"""

import csv
import datetime
import json
import os

# The suffixes of the data package's resource names: <table>-csv,
# <table>-parquet and, in a release built with -partition,
# <table>-parquet-partitioned.
CSV_SUFFIX = "-csv"
PARQUET_SUFFIXES = ("-parquet", "-parquet-partitioned")

# What a CSV cell of each declared type is in Python.
PARSE = {
    "string": str,
    "integer": int,
    "number": float,
    "date": datetime.date.fromisoformat,
}


class Release:
    """One release directory and its data package."""

    def __init__(self, directory):
        self.dir = directory
        with open(os.path.join(directory, "datapackage.json"), encoding="utf-8") as f:
            self.package = json.load(f)
        self.resources = {r["name"]: r for r in self.package["resources"]}
        self._csv = {}

    def path(self, rel):
        return os.path.join(self.dir, *rel.split("/"))

    def parquet_resources(self):
        """Every Parquet resource: (resource, table name, its files)."""
        out = []
        for r in self.package["resources"]:
            if r.get("format") != "parquet":
                continue
            table = next((r["name"][: -len(s)] for s in PARQUET_SUFFIXES if r["name"].endswith(s)), None)
            paths = r["path"] if isinstance(r["path"], list) else [r["path"]]
            out.append((r, table, [self.path(p) for p in paths]))
        return out

    def undeclared_parquet(self):
        """Parquet files in the release that no resource names."""
        named = {os.path.normpath(p) for _, _, paths in self.parquet_resources() for p in paths}
        found = []
        for root, _, files in os.walk(self.dir):
            for name in files:
                p = os.path.normpath(os.path.join(root, name))
                if name.endswith(".parquet") and p not in named:
                    found.append(os.path.relpath(p, self.dir))
        return sorted(found)

    def fields(self, table):
        """The declared fields of a table (its CSV resource's schema)."""
        return self.resources[table + CSV_SUFFIX]["schema"]["fields"]

    def raw(self, table):
        """The table's CSV file as dicts of text, header checked against the schema."""
        if table not in self._csv:
            with open(self.path(self.resources[table + CSV_SUFFIX]["path"]), newline="", encoding="utf-8") as f:
                reader = csv.reader(f)
                header = next(reader)
                want = [fd["name"] for fd in self.fields(table)]
                if header != want:
                    raise ValueError(f"{table}.csv: header {header}, datapackage.json declares {want}")
                self._csv[table] = [dict(zip(header, row)) for row in reader]
        return self._csv[table]

    def rows(self, table):
        """The table's CSV rows typed as declared: an empty cell is None."""
        types = {fd["name"]: PARSE[fd["type"]] for fd in self.fields(table)}
        return [{k: (None if v == "" else types[k](v)) for k, v in r.items()} for r in self.raw(table)]


def is_type(declared, v):
    """Whether a Python value read back is of the declared type (None: null)."""
    if v is None:
        return True
    if declared == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    if declared == "number":
        return isinstance(v, float)
    if declared == "date":
        # datetime.datetime (and pandas' Timestamp) is a date too: a
        # timestamp is not what a DATE column promises.
        return isinstance(v, datetime.date) and not isinstance(v, datetime.datetime)
    return isinstance(v, str)


def compare_rows(what, fields, got, want, bad, key=None):
    """Compare rows read back (dicts of Python values, None for null) with
    the typed CSV rows: the count, then each cell's type and value. With
    key (the primary key), rows are compared in key order, as a multipart
    resource's files hold them in an order of their own; without, in file
    order. At most five differences are reported."""
    if len(got) != len(want):
        bad(f"{what}: {len(got)} rows, the CSV file has {len(want)}")
        return
    if key:
        got = sorted(got, key=lambda r: [r[k] for k in key])
        want = sorted(want, key=lambda r: [r[k] for k in key])
    shown = 0
    for i, (g, w) in enumerate(zip(got, want)):
        for fd in fields:
            name, gv, wv = fd["name"], g.get(fd["name"]), w[fd["name"]]
            # CSV writes null and "" alike (an empty cell); Parquet keeps
            # them apart, so "" compares as null here.
            if gv == "" and wv is None:
                continue
            problem = None
            if not is_type(fd["type"], gv):
                problem = f"{type(gv).__name__} {gv!r}, declared {fd['type']}"
            elif gv != wv:
                problem = f"{gv!r}, the CSV file has {wv!r}"
            if problem:
                shown += 1
                if shown <= 5:
                    bad(f"{what}: row {i + 1} ({w[fields[0]['name']]}) {name}: {problem}")
    if shown > 5:
        bad(f"{what}: ... and {shown - 5} more cells differ")


def same_order(what, got, want, sort_key, bad):
    """got (tuples) holds the rows of want in the order sort_key gives:
    rows of equal sort keys may come in any order among themselves. The
    first difference is reported."""
    if len(got) != len(want):
        bad(f"{what}: {len(got)} rows, want {len(want)}")
    i = 0
    while i < max(len(got), len(want)):
        j = i + 1
        if i < len(want):
            while j < len(want) and sort_key(want[j]) == sort_key(want[i]):
                j += 1
        g, w = got[i:j], want[i:j]
        if len(g) != len(w) or [sort_key(r) for r in g] != [sort_key(r) for r in w] or sorted(map(repr, g)) != sorted(map(repr, w)):
            bad(f"{what}: row {i + 1}:\n  got  {g}\n  want {w}")
            return
        i = j


def null_last(v):
    """A sort key putting None after every value, as DuckDB's and pandas'
    default orders do."""
    return (v is None, v if v is not None else 0)


def run_checks(label, checks):
    """Run (name, fn(bad)) checks, print each problem on a line and the
    count as "<label>: N passed, M failed"; return the exit status."""
    passed = failed = 0
    for name, fn in checks:
        problems = []

        def bad(msg, name=name, problems=problems):
            problems.append(f"{name}: {msg}")

        try:
            fn(bad)
        except Exception as e:  # a reader failing is a finding, not a crash
            bad(f"{type(e).__name__}: {e}")
        for p in problems:
            print(p)
        failed += bool(problems)
        passed += not problems
    print(f"{label}: {passed} passed, {failed} failed")
    return 1 if failed else 0
