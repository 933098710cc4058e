#!/usr/bin/env python3
"""Run the README's pandas code on a release, and check what it gives.

usage: scripts/pandas_check.py [--readme README.md] RELEASE

RELEASE is a release directory (make check-pandas builds one into a
temporary directory). Each Python block of the README after a
"<!-- tested: pandas-<name> -->" marker runs word for word, in a directory
where out/ is RELEASE, and must leave the DataFrame it promises:

  - pandas-agreements-rus: `russia`, every agreement whose parties include
    RUS, each once, in the order of signed_start, id;
  - pandas-balance: `balance`, the defence budgets and armed forces of
    Armenia and Azerbaijan in indicators, with year a whole number.

Each is compared with the same question answered from the release's CSV
files with Python's csv module alone. The bridge and indicator tables must
also join to their rows: every (table_name, row_id) of row_actors and
indicators names a row of that table's Parquet file.

Exit status: 0 all checks pass, 1 problems (one line each), 2 a wrong
command line or no pandas/pyarrow. The last line is "pandas: N passed, M
failed", counting checks.
"""

import argparse
import contextlib
import csv
import io
import os
import sys
import tempfile

MARKER = "<!-- tested: pandas-{} -->\n```python\n"


def readme_block(readme, name):
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


def run_block(code, release):
    """Run code in a directory where out/ is release; return its names."""
    names = {}
    with tempfile.TemporaryDirectory() as tmp:
        os.symlink(os.path.abspath(release), os.path.join(tmp, "out"))
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(code, "README.md", "exec"), names)
        finally:
            os.chdir(cwd)
    return names


def read_csv(release, table):
    with open(os.path.join(release, "csv", table + ".csv"), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def check_agreements(names, release, bad):
    russia = names.get("russia")
    if russia is None:
        return bad("the block leaves no DataFrame `russia`")
    want = sorted(
        (r for r in read_csv(release, "agreements") if "RUS" in r["parties"].split(";")),
        key=lambda r: (r["signed_start"] == "", r["signed_start"], r["id"]),
    )
    if not want:
        return bad("the release has no agreement Russia is party to; the check proves nothing")
    got = list(russia["id"])
    if got != [r["id"] for r in want]:
        bad(f"russia.id is {got}, want {[r['id'] for r in want]}")
    for pid, parties in zip(russia["id"], russia["parties"]):
        if "RUS" not in parties.split(";"):
            bad(f"{pid}: parties {parties!r}, without RUS")


def check_balance(names, release, bad):
    import pandas as pd

    balance = names.get("balance")
    if balance is None:
        return bad("the block leaves no DataFrame `balance`")
    want = [
        r
        for r in read_csv(release, "indicators")
        if r["actor"] in ("ARM", "AZE") and r["indicator"] in ("defence_budget", "national_armed_forces")
    ]
    want.sort(key=lambda r: (r["year"] == "", r["year"], r["indicator"], r["actor"], r["source_id"]))
    if len(want) < 4:
        return bad(f"the release has {len(want)} such figures, want at least the budgets and forces of both")
    if not pd.api.types.is_integer_dtype(balance["year"]):
        bad(f"balance.year has dtype {balance['year'].dtype}, not a whole number")
    cols = ["year", "indicator", "actor", "value", "qualifier", "unit", "source_id"]
    got = [tuple("" if pd.isna(v) else str(v) for v in row) for row in balance[cols].itertuples(index=False)]

    def num(s):
        return "" if s == "" else str(float(s))

    expect = [(r["year"], r["indicator"], r["actor"], num(r["value"]), r["qualifier"], r["unit"], r["source_id"]) for r in want]
    got = [(g[0], g[1], g[2], num(g[3]), g[4], g[5], g[6]) for g in got]
    if got != expect:
        bad(f"balance is {got}, want {expect}")


def check_joins(release, bad):
    """Every derived row names a row of its table."""
    import pandas as pd

    pq = os.path.join(release, "parquet")
    ids = {}
    for derived in ("row_actors", "indicators"):
        df = pd.read_parquet(os.path.join(pq, derived + ".parquet"))
        if df.empty:
            bad(f"{derived} has no rows")
        for table, group in df.groupby("table_name"):
            if table not in ids:
                ids[table] = set(pd.read_parquet(os.path.join(pq, table + ".parquet"), columns=["id"])["id"])
            missing = sorted(set(group["row_id"]) - ids[table])
            if missing:
                bad(f"{derived}: rows {missing[:5]} are not rows of {table}")


CHECKS = {"agreements-rus": check_agreements, "balance": check_balance}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--readme", default="README.md")
    ap.add_argument("release")
    args = ap.parse_args()
    try:
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as e:
        print(f"pandas_check: cannot import pandas and pyarrow ({e}); make pandas-venv installs them", file=sys.stderr)
        return 2
    passed = failed = 0
    checks = [(name, check) for name, check in CHECKS.items()] + [("joins", None)]
    for name, check in checks:
        problems = []

        def bad(msg, name=name, problems=problems):
            problems.append(f"{name}: {msg}")

        try:
            if check is None:
                check_joins(args.release, bad)
            else:
                check(run_block(readme_block(args.readme, name), args.release), args.release, bad)
        except Exception as e:  # the README's code failing is a finding, not a crash
            bad(f"{type(e).__name__}: {e}")
        for p in problems:
            print(p)
        failed += bool(problems)
        passed += not problems
    print(f"pandas: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
