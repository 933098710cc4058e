#!/usr/bin/env python3
"""Read the partitioned Parquet copy of a release with PySpark, and check it.

usage: scripts/spark_check.py [--readme README.md] RELEASE [RELEASE ...]

Each RELEASE is a release directory built with `armsdata build -partition`
(make check-spark builds two into a temporary directory). A local Spark
session (master local[1], no web UI, bound to 127.0.0.1) reads every table
of RELEASE/parquet-partitioned/ as one table, spark.read.parquet(<table>),
and checks, against the release's own CSV files and datapackage.json:

  - the directory holds one table for each <table>-parquet-partitioned
    resource of datapackage.json, and there is at least one;
  - the columns are the CSV header, in order, then source_year (absent for a
    table without rows, which has no partition); their types are the
    declared ones (string, integer -> bigint, number -> double, date), and
    source_year is an int;
  - Spark counts as many rows as the CSV file has;
  - each source's rows are all under source_year = the year of the source's
    published_earliest (sources.csv), as many as the CSV file gives it;
  - the rows, source_year aside, are those of parquet/<table>.parquet, value
    for value (exceptAll both ways).

With --readme, the Python block after "<!-- tested: pyspark -->" in the
README runs word for word (in a directory where out/ is the first RELEASE)
and must leave a DataFrame `transfers` holding every arms transfer with its
source_year.

Exit status: 0 all checks pass, 1 problems (one line each), 2 a wrong
command line or no Spark (PySpark not importable, no Java). The last line
is "spark: N passed, M failed", counting tables.
"""

import argparse
import contextlib
import csv
import io
import json
import os
import shutil
import sys
import tempfile

from pandas_check import readme_block  # the README's Python block after its marker, standard library only

PARTITION = "source_year"
SUFFIX = "-parquet-partitioned"

# The Spark type of each Table Schema type of datapackage.json.
SPARK_TYPES = {"string": "string", "integer": "bigint", "number": "double", "date": "date"}


def spark_session():
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        sys.exit("spark_check: no java on PATH and no JAVA_HOME: Spark needs Java 17 or later")
    try:
        from pyspark.sql import SparkSession
    except ImportError as e:
        sys.exit(f"spark_check: cannot import pyspark ({e}); make spark-venv installs it")
    spark = (
        SparkSession.builder.master("local[1]")
        .appName("armsdata-spark-check")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        # A few rows: one shuffle partition instead of 200 keeps each
        # groupBy to a fraction of a second.
        .config("spark.sql.shuffle.partitions", "1")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def check_release(spark, release, problems):
    """Check one release; return the number of tables checked and failed."""
    with open(os.path.join(release, "datapackage.json"), encoding="utf-8") as f:
        pkg = json.load(f)
    resources = {r["name"]: r for r in pkg["resources"]}
    tables = [r["name"][: -len(SUFFIX)] for r in pkg["resources"] if r["name"].endswith(SUFFIX)]
    root = os.path.join(release, "parquet-partitioned")
    if not tables:
        problems.append(f"{release}: datapackage.json lists no partitioned table (was it built with -partition?)")
        return 1, 1  # the release is the one check, and it failed
    on_disk = sorted(os.listdir(root)) if os.path.isdir(root) else []
    if on_disk != sorted(tables):
        problems.append(f"{release}: parquet-partitioned/ holds {on_disk}, datapackage.json lists {sorted(tables)}")

    header, src_rows = read_csv(os.path.join(release, "csv", "sources.csv"))
    sid, early = header.index("source_id"), header.index("published_earliest")
    year_of = {r[sid]: int(r[early][:4]) for r in src_rows}

    failed = 0
    for table in tables:
        before = len(problems)
        check_table(spark, release, table, resources, year_of, problems)
        failed += len(problems) > before
    return len(tables), failed


def check_table(spark, release, table, resources, year_of, problems):
    def bad(msg):
        problems.append(f"{release}: {table}: {msg}")

    header, rows = read_csv(os.path.join(release, "csv", table + ".csv"))
    df = spark.read.parquet(os.path.join(release, "parquet-partitioned", table))

    fields = resources[table + "-parquet"]["schema"]["fields"]
    want = [(f["name"], SPARK_TYPES[f["type"]]) for f in fields]
    if rows:
        want.append((PARTITION, "int"))
    if [f["name"] for f in fields] != header:
        bad(f"datapackage.json fields {[f['name'] for f in fields]} differ from the CSV header {header}")
    if df.dtypes != want:
        bad(f"Spark reads the columns {df.dtypes}, want {want}")
        return

    # Each check is one Spark job (a local job costs about half a second).
    if rows:
        c = header.index("source_id")
        expect = {}
        for r in rows:
            key = (r[c], year_of.get(r[c]))
            expect[key] = expect.get(key, 0) + 1
        got = {(r["source_id"], r[PARTITION]): r["count"] for r in df.groupBy("source_id", PARTITION).count().collect()}
        n = sum(got.values())
        if got != expect:
            bad(f"rows by (source_id, source_year): Spark {sorted(got.items())}, want {sorted(expect.items())}")
    else:
        n = df.count()
    if n != len(rows):
        bad(f"Spark counts {n} rows, the CSV file has {len(rows)}")

    one = spark.read.parquet(os.path.join(release, "parquet", table + ".parquet"))
    parts = df.drop(PARTITION) if rows else df
    from pyspark.sql import functions as F
    diff = (parts.exceptAll(one).withColumn("_in", F.lit("the copy but not parquet/"))
            .unionByName(one.exceptAll(parts).withColumn("_in", F.lit("parquet/ but not the copy"))))
    for r in diff.groupBy("_in").count().collect():
        bad(f"{r['count']} rows in {r['_in']}{table}.parquet")


def check_readme(spark, readme, release, problems):
    try:
        code = readme_block(readme, "pyspark")
    except LookupError as e:
        problems.append(str(e))
        return
    _, rows = read_csv(os.path.join(release, "csv", "arms_transfers.csv"))
    shown = io.StringIO()
    try:
        ns = {}
        with contextlib.redirect_stdout(shown):
            exec(compile(code, f"{readme} (pyspark block)", "exec"), ns)
    except Exception as e:  # any failure of the snippet is a finding
        problems.append(f"{readme}: the pyspark block fails: {type(e).__name__}: {e}")
        return
    transfers = ns.get("transfers")
    if transfers is None:
        problems.append(f"{readme}: the pyspark block defines no `transfers`")
        return
    if PARTITION not in transfers.columns or transfers.count() != len(rows):
        problems.append(f"{readme}: `transfers` has the columns {transfers.columns} and {transfers.count()} rows, "
                        f"want {PARTITION} and {len(rows)} rows")
    if "source_year" not in shown.getvalue():
        problems.append(f"{readme}: the pyspark block shows no source_year: {shown.getvalue()!r}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--readme", help="README whose pyspark block to run on the first release")
    ap.add_argument("releases", nargs="+", metavar="RELEASE")
    args = ap.parse_args()
    for r in args.releases:
        if not os.path.isfile(os.path.join(r, "datapackage.json")):
            print(f"spark_check: {r} is not a release (no datapackage.json)", file=sys.stderr)
            sys.exit(2)

    # The README's code names out/ relative to where it runs, and Spark
    # takes a relative path from the directory its JVM started in: so the
    # session starts in a directory where out/ is the first release.
    releases = [os.path.abspath(r) for r in args.releases]
    readme = os.path.abspath(args.readme) if args.readme else None
    tmp = tempfile.mkdtemp(prefix="spark-check-")
    os.symlink(releases[0], os.path.join(tmp, "out"))
    os.chdir(tmp)

    spark = spark_session()
    problems = []
    passed = failed = 0
    try:
        for r in releases:
            n, bad = check_release(spark, r, problems)
            passed += n - bad
            failed += bad
        if readme:
            before = len(problems)
            check_readme(spark, readme, releases[0], problems)
            if len(problems) > before:
                failed += 1
            else:
                passed += 1
    finally:
        spark.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    for p in problems:
        print(p)
    print(f"spark: {passed} passed, {failed} failed")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
