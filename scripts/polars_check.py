#!/usr/bin/env python3
"""Read every Parquet file of a release with polars, and check it.

usage: scripts/polars_check.py RELEASE [RELEASE ...]

For each Parquet resource of RELEASE/datapackage.json (<table>-parquet
and, in a release built with -partition, <table>-parquet-partitioned,
each of its files), pl.read_parquet must give:

  - the declared columns, by name and in the declared order;
  - the declared types, as polars names them: string -> String,
    integer -> Int64 (nullable integers too, with nulls, never Float64),
    number -> Float64, date -> Date;
  - no null in a column declared required;
  - the rows of the table's CSV file, as many and value for value (the
    CSV read with Python's csv module and typed by the declared schema,
    scripts/release_tables.py); a multipart resource's files together, in
    primary key order.

A Parquet file in RELEASE that no resource names fails the check, so that
every file is read. make check-polars builds the seeds and testdata/base
(whose tables include empty ones) with -partition into a temporary
directory and runs this on both.

Exit status: 0 all checks pass, 1 problems (one line each), 2 a wrong
command line or no polars. The last line is "polars: N passed, M failed",
counting resources.
"""

import argparse
import sys

from release_tables import Release, compare_rows, run_checks


def polars_types(pl):
    return {"string": pl.String, "integer": pl.Int64, "number": pl.Float64, "date": pl.Date}


def check_resource(pl, rel, resource, table, paths, bad):
    fields = resource["schema"]["fields"]
    want_types = polars_types(pl)
    frames = []
    for path in paths:
        df = pl.read_parquet(path, hive_partitioning=False)
        name = path[len(rel.dir) + 1:]
        cols = [fd["name"] for fd in fields]
        if df.columns != cols:
            bad(f"{name}: columns {df.columns}, declared {cols}")
            continue
        for fd in fields:
            got, want = df.schema[fd["name"]], want_types[fd["type"]]
            if got != want:
                bad(f"{name}: {fd['name']} is {got}, declared {fd['type']} (want {want})")
            if fd.get("constraints", {}).get("required") and df[fd["name"]].null_count():
                bad(f"{name}: {fd['name']} is required and has {df[fd['name']].null_count()} nulls")
        frames.append(df)
    if len(frames) != len(paths):
        return
    df = pl.concat(frames) if len(frames) > 1 else frames[0]
    key = resource["schema"].get("primaryKey") if len(paths) > 1 else None
    compare_rows("pl.read_parquet", fields, df.to_dicts(), rel.rows(table), bad, key=key)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("release", nargs="+")
    args = ap.parse_args()
    try:
        import polars as pl
    except ImportError as e:
        print(f"polars_check: cannot import polars ({e}); make pandas-venv installs it", file=sys.stderr)
        return 2
    checks = []
    for d in args.release:
        rel = Release(d)
        resources = rel.parquet_resources()

        def every_file(bad, rel=rel, resources=resources):
            if not resources:
                bad(f"{rel.dir}: datapackage.json names no Parquet file")
            for f in rel.undeclared_parquet():
                bad(f"{rel.dir}: {f} is in no resource of datapackage.json, so nothing checks it")

        checks.append((f"{d} files", every_file))
        for resource, table, paths in resources:
            checks.append((f"{d} {resource['name']}", lambda bad, r=resource, t=table, p=paths, rel=rel: check_resource(pl, rel, r, t, p, bad)))
    print(f"polars {pl.__version__}")
    return run_checks("polars", checks)


if __name__ == "__main__":
    sys.exit(main())
