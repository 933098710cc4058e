#!/usr/bin/env python3
"""Read a release's SQLite database with Python's sqlite3 and Datasette.

usage: scripts/datasette_check.py [--readme README.md] [--datasette-version V] RELEASE

RELEASE is a release directory (make check-datasette builds one into a
temporary directory) holding <name>.sqlite, datasette.json and csv/. The
database is read as its users read it, and compared with the CSV files,
read with Python's csv module alone:

  - Python's sqlite3 (the SQLite Python links, 3.37 or later for STRICT
    tables): every table of csv/ with the CSV's columns and every cell,
    the keys (PRAGMA foreign_key_check, integrity_check), every view, the
    full-text index;
  - Datasette (its test client, datasette.app.Datasette with the metadata
    file): the version and FTS5 (/-/versions.json), a table page (HTML,
    with the metadata's title and a search box), every table's rows
    (JSON, page after page), a facet (?_facet=recipient: the counts and
    the actors' names), a full-text search (?_search=S-300: the rows whose
    indexed text holds it), every arms transfer and the first and last row
    of every table by its id (/<db>/<table>/<id>.json, ids with "/"
    tilde-encoded), every view (the rows sqlite3 gives), units (distance_km
    in km);
  - `datasette serve`, as the README runs it, on 127.0.0.1: one table page;
  - the README's Python block after "<!-- tested: sqlite-python -->", run
    word for word where out/ is RELEASE: its `rows` are the arms transfers
    whose indexed text holds S-300, by id.

Exit status: 0 all checks pass, 1 problems (one line each), 2 a wrong
command line or no Datasette. The last line is "datasette: N passed, M
failed", counting checks.
"""

import argparse
import asyncio
import collections
import csv
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from pandas_check import readme_block, run_block  # a README block, and running it where out/ is the release

def check_readme(readme, release, s300, ok, bad):
    try:
        names = run_block(readme_block(readme, "sqlite-python"), release)
    except Exception as e:  # the README's code, whatever it raises
        return bad(f"README sqlite-python: {type(e).__name__}: {e}")
    rows = names.get("rows")
    got = [r[0] for r in rows] if rows is not None else None
    bad(f"README sqlite-python: rows are {got}, want the ids {s300}") if got != s300 or not s300 else ok()


def read_csv(release, table):
    with open(os.path.join(release, "csv", table + ".csv"), newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        header = next(r)
        return header, [dict(zip(header, row)) for row in r]


def same(cell, value):
    """Whether a CSV cell (text, "" for null) shows a database value."""
    if value is None:
        return cell == ""
    if isinstance(value, float):
        return cell != "" and float(cell) == value
    return cell == str(value)


def differs(where, csv_row, db_row, columns):
    for c in columns:
        if not same(csv_row[c], db_row.get(c)):
            return f"{where}, column {c}: {db_row.get(c)!r}, the CSV has {csv_row[c]!r}"
    return None


# A phrase query of FTS5's unicode61 tokenizer: "S-300" is the tokens s and
# 300, which any run of characters that are not letters or digits joins.
S300 = re.compile(r"(?<![^\W_])s[\W_]+300(?![^\W_])", re.IGNORECASE)


def fts_columns(db, table):
    return [r[1] for r in db.execute(f'PRAGMA table_info("{table}_fts")')]


def check_sqlite3(db, release, tables, views, ok, bad):
    version = tuple(int(p) for p in sqlite3.sqlite_version.split("."))
    if version < (3, 37, 0):
        bad(f"Python's SQLite is {sqlite3.sqlite_version}; STRICT tables need 3.37")
    else:
        ok()
    strict = {r[0] for r in db.execute("SELECT name FROM pragma_table_list WHERE strict = 1")}
    for t in tables:
        header, rows = read_csv(release, t)
        if t not in strict:
            bad(f"sqlite3: {t} is not a STRICT table of the database")
            continue
        cols = [r[1] for r in db.execute(f'PRAGMA table_info("{t}")')]
        if cols != header:
            bad(f"sqlite3: {t} has the columns {cols}, its CSV {header}")
            continue
        db_rows = [dict(zip(cols, r)) for r in db.execute(f'SELECT * FROM "{t}" ORDER BY rowid')]
        if len(db_rows) != len(rows):
            bad(f"sqlite3: {t} has {len(db_rows)} rows, its CSV {len(rows)}")
            continue
        problem = next((p for i, (a, b) in enumerate(zip(rows, db_rows)) if (p := differs(f"sqlite3: {t} row {i + 1}", a, b, header))), None)
        bad(problem) if problem else ok()
    fk = db.execute("PRAGMA foreign_key_check").fetchall()
    bad(f"sqlite3: foreign_key_check: {fk[:5]}") if fk else ok()
    integrity = db.execute("PRAGMA integrity_check").fetchall()
    bad(f"sqlite3: integrity_check: {integrity[:5]}") if integrity != [("ok",)] else ok()
    for v in views:
        try:
            db.execute(f'SELECT * FROM "{v}"').fetchall()
            ok()
        except sqlite3.Error as e:
            bad(f"sqlite3 {sqlite3.sqlite_version}: view {v}: {e}")
    # The README's first question, from the CSV alone.
    _, transfers = read_csv(release, "arms_transfers")
    want = collections.defaultdict(lambda: [set(), 0])
    for r in transfers:
        if r["recipient"] == "AZE":
            w = want[r["supplier"] or None]
            w[1] += 1
            if r["scope"] == "item":
                w[0].add(r["deal"])
    want = {s: (len(d), n) for s, (d, n) in want.items()}
    got = {s: (d, n) for s, d, n in db.execute("SELECT supplier, deals, mentions FROM deals_by_supplier WHERE recipient = 'AZE'")}
    bad(f"sqlite3: deals_by_supplier for AZE gives {got}, the CSV {want}") if got != want or not want else ok()
    # The search index, from Python's SQLite.
    cols = fts_columns(db, "arms_transfers")
    want = sorted(r["id"] for r in transfers if any(S300.search(r[c]) for c in cols))
    got = sorted(r[0] for r in db.execute(
        "SELECT id FROM arms_transfers WHERE rowid IN (SELECT rowid FROM arms_transfers_fts WHERE arms_transfers_fts MATCH '\"S-300\"')"))
    bad(f"sqlite3: search S-300 finds {got}, the CSV {want}") if got != want or not want else ok()
    return want


async def check_datasette(path, metadata, release, tables, views, expected_version, s300, ok, bad):
    from datasette.app import Datasette
    from datasette.utils import tilde_encode

    db_name = os.path.splitext(os.path.basename(path))[0]
    ds = Datasette([path], metadata=metadata)
    await ds.invoke_startup()

    async def get(url):
        r = await ds.client.get(url)
        if r.status_code != 200:
            raise LookupError(f"{url}: HTTP {r.status_code}: {r.text[:200]}")
        return r

    async def rows_of(url):
        """Every row of a table or view as objects, following next."""
        out = []
        sep = "&" if "?" in url else "?"
        page = await get(url + sep + "_shape=objects&_size=max")
        while True:
            d = page.json()
            out.extend(d["rows"])
            if not d.get("next"):
                return out
            page = await get(url + sep + "_shape=objects&_size=max&_next=" + urllib.parse.quote(d["next"]))

    async def check(name, f):
        try:
            problem = await f()
        except (LookupError, KeyError, ValueError) as e:
            problem = f"{name}: {e}"
        bad(f"datasette: {problem}") if problem else ok()

    async def versions():
        v = (await get("/-/versions.json")).json()
        if expected_version and v["datasette"]["version"] != expected_version:
            return f"Datasette {v['datasette']['version']}, want {expected_version}"
        if "FTS5" not in v["sqlite"]["fts_versions"]:
            return f"Datasette's SQLite {v['sqlite']['version']} has no FTS5"
        print(f"datasette {v['datasette']['version']}, SQLite {v['sqlite']['version']}, Python {v['python']['version']}")

    async def table_page():
        html = (await get(f"/{db_name}/arms_transfers")).text
        title = metadata["databases"][db_name]["tables"]["arms_transfers"]["title"]
        if title not in html:
            return f"the arms_transfers page does not show its title {title!r}"
        if 'name="_search"' not in html:
            return "the arms_transfers page has no search box"

    async def table_rows(t):
        header, want = read_csv(release, t)
        got = await rows_of(f"/{db_name}/{t}.json")
        if len(got) != len(want):
            return f"{t}: {len(got)} rows, the CSV {len(want)}"
        return next((p for i, (a, b) in enumerate(zip(want, got)) if (p := differs(f"{t} row {i + 1}", a, b, header))), None)

    async def facet():
        d = (await get(f"/{db_name}/arms_transfers.json?_facet=recipient&_size=0")).json()
        _, transfers = read_csv(release, "arms_transfers")
        _, actors = read_csv(release, "actors")
        names = {a["code"]: a["name"] for a in actors}
        want = {(c, names[c], n) for c, n in collections.Counter(r["recipient"] for r in transfers).items()}
        got = {(r["value"], r["label"], r["count"]) for r in d["facet_results"]["recipient"]["results"]}
        if got != want:
            return f"?_facet=recipient gives {sorted(got)}, the CSV {sorted(want)}"

    async def search():
        got = sorted(r["id"] for r in await rows_of(f"/{db_name}/arms_transfers.json?_search=S-300"))
        if got != s300 or not s300:
            return f"?_search=S-300 finds {got}, the CSV {s300}"

    async def row(t, csv_row, header):
        pk = header[0]
        d = (await get(f"/{db_name}/{t}/{tilde_encode(csv_row[pk])}.json?_shape=objects")).json()
        if len(d["rows"]) != 1:
            return f"{t} row {csv_row[pk]}: {len(d['rows'])} rows"
        return differs(f"{t} row {csv_row[pk]}", csv_row, d["rows"][0], header)

    async def view(v, db):
        got = await rows_of(f"/{db_name}/{v}.json")
        cur = db.execute(f'SELECT * FROM "{v}"')
        cols = [c[0] for c in cur.description]
        want = [dict(zip(cols, r)) for r in cur.fetchall()]
        if got != want:
            return f"view {v}: {len(got)} rows, not the {len(want)} sqlite3 gives (first {got[:1]} against {want[:1]})"
        if not want:
            return f"view {v} has no rows; the check proves nothing"

    async def units():
        html = (await get(f"/{db_name}/distances")).text
        if "&nbsp;km" not in html:
            return "the distances page shows no value in km"

    await check("versions", versions)
    await check("table page", table_page)
    for t in tables:
        await check(f"table {t}", lambda t=t: table_rows(t))
    await check("facet", facet)
    await check("search", search)
    for t in tables:
        header, rows = read_csv(release, t)
        picked = rows if t == "arms_transfers" else rows[:1] + rows[-1:]
        for r in picked:
            await check(f"row of {t}", lambda t=t, r=r, header=header: row(t, r, header))
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    for v in views:
        await check(f"view {v}", lambda v=v: view(v, db))
    db.close()
    await check("units", units)


def check_served(path, meta_path, ok, bad):
    """`datasette DB --metadata META` on 127.0.0.1, as the README runs it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", path, "--metadata", meta_path, "-h", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/{os.path.splitext(os.path.basename(path))[0]}/arms_transfers.json?_shape=array&_size=1"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as r:
                    rows = json.load(r)
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    bad(f"datasette serve: no answer at {url}")
                    return
                time.sleep(0.2)
        bad(f"datasette serve: {url} gave {rows!r}") if len(rows) != 1 else ok()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--readme", help="also run the README's sqlite-python block")
    ap.add_argument("--datasette-version", help="the Datasette version that must be installed")
    ap.add_argument("release")
    args = ap.parse_args()
    try:
        import datasette  # noqa: F401
    except ImportError:
        print("datasette_check: no Datasette in this Python (make datasette-venv)", file=sys.stderr)
        return 2
    with open(os.path.join(args.release, "datasette.json"), encoding="utf-8") as f:
        metadata = json.load(f)
    names = list(metadata["databases"])
    if len(names) != 1:
        print(f"datasette_check: datasette.json describes {names}, want one database", file=sys.stderr)
        return 2
    path = os.path.join(args.release, names[0] + ".sqlite")
    tables = sorted(f[:-4] for f in os.listdir(os.path.join(args.release, "csv")) if f.endswith(".csv"))
    passed, failed = 0, 0

    def ok():
        nonlocal passed
        passed += 1

    def bad(msg):
        nonlocal failed
        failed += 1
        print(msg)

    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    views = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name")]
    if not views:
        bad("the database has no views")
    s300 = check_sqlite3(db, args.release, tables, views, ok, bad)
    db.close()
    asyncio.run(check_datasette(path, metadata, args.release, tables, views, args.datasette_version, s300, ok, bad))
    check_served(path, os.path.join(args.release, "datasette.json"), ok, bad)
    if args.readme:
        check_readme(args.readme, args.release, s300, ok, bad)
    print(f"datasette: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
