// The explorer (out/site) in a real browser: headless Debian chromium,
// driven by playwright-core (make check-browser). What the Go tests of
// dataset/site cannot see: that every page runs without a console error or
// a failed request, that a reader who follows a row from its table page
// and from its source lands on it and sees its quote highlighted, that a
// search and a facet give the rows the CSV files say they should, that the
// charts draw each figure and its bounds where its row says, that axe-core
// finds no serious accessibility violation, and that no page is wider than
// a phone. The expected rows come from the release's CSV files, read here,
// never from the site's own data files.
//
// Environment: RELEASE (default: the repository's out/), OUTPUT (default
// test-output/browser/, where the screenshots go), SEED (the random rows
// and queries; the seed is printed), ARMSDATA_REQUIRE_CLIENTS=1 (fail,
// not skip, when chromium is missing), CHROMIUM (default /usr/bin/chromium).
"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const lib = require("./lib.js");

const repo = path.resolve(__dirname, "..", "..");
const release = path.resolve(process.env.RELEASE || path.join(repo, "out"));
const siteDir = path.join(release, "site");
const output = path.resolve(process.env.OUTPUT || path.join(repo, "test-output", "browser"));
const seed = process.env.SEED ? Number(process.env.SEED) : 20261202;
if (!Number.isInteger(seed)) {
  throw new Error(`SEED=${process.env.SEED} is not a whole number`);
}

// How many pages are open at once in the walks over every page, and how
// many random rows are followed.
const parallel = 3;
const sampleRows = 20;

const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };

const missing = lib.chromiumMissing();
const required = process.env.ARMSDATA_REQUIRE_CLIENTS === "1";
// Without chromium the tests are skipped, unless the clients are required
// (CI), where the first test fails instead.
const skip = missing && !required ? `skipped: ${missing}` : false;

let browser;
let server;
let tables;     // the CSV files, by table name
let pages;      // every HTML file of the site
const log = []; // printed at the end: counts and times

before(async () => {
  if (skip) {
    return;
  }
  if (missing) {
    throw new Error(`${missing}, and ARMSDATA_REQUIRE_CLIENTS=1`);
  }
  tables = lib.readTables(path.join(release, "csv"));
  pages = lib.htmlFiles(siteDir);
  fs.rmSync(output, { recursive: true, force: true });
  fs.mkdirSync(output, { recursive: true });
  browser = await lib.launch();
  server = await lib.serve(siteDir);
  log.push(`seed ${seed} (SEED= to change), chromium ${browser.version()}, ${pages.length} pages in ${siteDir}`);
});

after(async () => {
  if (browser) {
    await browser.close();
  }
  if (server) {
    await server.close();
  }
  if (!skip) {
    fs.writeFileSync(path.join(output, "log.txt"), log.join("\n") + "\n");
    console.log(log.join("\n"));
    console.log(`screenshots and log in ${output}`);
  }
});

// origins are the two ways the site promises to open: from the disk, and
// from any static host (the loopback server).
const origins = () => [lib.fileOrigin(siteDir), lib.httpOrigin(server.origin)];

// session opens a browser context at viewport size, guarded, and gives
// fn(context, guard); it fails the test on any problem the guard saw.
async function session(origin, viewport, fn) {
  const context = await browser.newContext({ viewport });
  try {
    const g = await lib.guard(context, origin);
    await fn(context, g);
    assert.deepEqual(g.problems(), [], `problems while the pages were open from ${origin.name}`);
  } finally {
    await context.close();
  }
}

// walk opens each file in turn, parallel pages at a time, waits until it
// has settled and calls fn(page, file).
async function walk(context, origin, files, fn) {
  const queue = files.slice();
  await Promise.all(Array.from({ length: parallel }, async () => {
    const page = await context.newPage();
    while (queue.length) {
      const f = queue.shift();
      await page.goto(origin.url(f));
      await lib.settled(page);
      await fn(page, f);
    }
    await page.close();
  }));
}

// The guard itself: a page that asks for a file outside the site, one
// that is missing, and logs an error, is seen doing all three, so that an
// empty list of problems means something.
test("the guard sees requests outside the site, missing files and console errors", { skip }, async () => {
  for (const origin of origins()) {
    const context = await browser.newContext({ viewport: desktop });
    try {
      const g = await lib.guard(context, origin);
      const page = await context.newPage();
      await page.goto(origin.url("index.html"));
      await page.evaluate(() => new Promise((resolve) => {
        let n = 0;
        const done = () => { if (++n === 2) { resolve(); } };
        const outside = new Image();
        outside.onerror = done;
        outside.src = "https://example.invalid/x.png";
        const missing = document.createElement("script");
        missing.onerror = done;
        missing.src = "no-such-file.js";
        document.body.appendChild(missing);
        console.error("an error");
      }));
      const kinds = new Set(g.problems().map((p) => p.kind + (p.url && p.url.endsWith("no-such-file.js") ? " missing" : "")));
      assert.ok(kinds.has("outside"), `${origin.name}: the request outside the site is seen`);
      assert.ok(kinds.has("failed missing") || kinds.has("http missing"), `${origin.name}: the missing file is seen`);
      assert.ok(kinds.has("console"), `${origin.name}: the console error is seen`);
    } finally {
      await context.close();
    }
  }
});

test("every page loads with no console error and no failed request", { skip }, async () => {
  for (const origin of origins()) {
    const start = Date.now();
    let slowest = { ms: 0 };
    await session(origin, desktop, async (context) => {
      await walk(context, origin, pages, async (page, f) => {
        const ms = await page.evaluate(() => Math.round(performance.now()));
        if (ms > slowest.ms) {
          slowest = { ms, f };
        }
      });
    });
    log.push(`${origin.name}: ${pages.length} pages loaded in ${((Date.now() - start) / 1000).toFixed(1)} s, ${parallel} at a time; slowest to settle ${slowest.f} (${slowest.ms} ms)`);
  }
});

test("no page is wider than a phone", { skip }, async () => {
  const wide = [];
  await session(lib.fileOrigin(siteDir), phone, async (context) => {
    await walk(context, lib.fileOrigin(siteDir), pages, async (page, f) => {
      const w = await page.evaluate(() => {
        const doc = document.documentElement;
        if (doc.scrollWidth <= doc.clientWidth) {
          return null;
        }
        // What sticks out furthest, for the message: an element or a
        // text, outside any box that scrolls or clips it.
        const clipped = (e) => {
          for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== "visible") {
              return true;
            }
          }
          return false;
        };
        let worst = null;
        const consider = (r, node) => {
          if (r.right > doc.clientWidth + 1 && (!worst || r.right > worst.right)) {
            const e = node.nodeType === 1 ? node : node.parentElement;
            worst = {
              right: Math.round(r.right),
              el: e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.getAttribute("class") ? "." + e.getAttribute("class").split(" ").join(".") : ""),
              text: node.nodeType === 3 ? node.textContent.trim().slice(0, 60) : undefined,
            };
          }
        };
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (clipped(n.nodeType === 1 ? n : n.parentElement)) {
            continue;
          }
          if (n.nodeType === 1) {
            consider(n.getBoundingClientRect(), n);
          } else if (n.textContent.trim()) {
            const range = document.createRange();
            range.selectNodeContents(n);
            consider(range.getBoundingClientRect(), n);
          }
        }
        return { scrollWidth: doc.scrollWidth, worst };
      });
      if (w) {
        wide.push({ page: f, ...w });
      }
    });
  });
  assert.deepEqual(wide, [], `pages wider than ${phone.width} px`);
});

test("axe-core reports no serious or critical violation", { skip }, async () => {
  const axe = require("axe-core");
  const found = [];
  let counted = 0;
  await session(lib.fileOrigin(siteDir), desktop, async (context) => {
    await walk(context, lib.fileOrigin(siteDir), pages, async (page, f) => {
      await page.addScriptTag({ content: axe.source });
      const violations = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ["violations"], preload: false });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
      });
      counted += violations.length;
      for (const v of violations) {
        if (v.impact === "serious" || v.impact === "critical") {
          found.push({ page: f, ...v });
        }
      }
    });
  });
  log.push(`axe-core ${axe.version}: ${pages.length} pages, ${counted} violations of any impact, ${found.length} serious or critical`);
  // One line per rule, with the pages, for a readable failure.
  const byRule = {};
  for (const v of found) {
    (byRule[`${v.id} (${v.impact}): ${v.help}`] ||= []).push(`${v.page} ${v.nodes.join(", ")}`);
  }
  assert.deepEqual(byRule, {}, "serious accessibility violations");
});

// curatedRows lists every row of the tables that quote a source, with its
// table: the rows that have a page and a passage.
function curatedRows() {
  const out = [];
  for (const [name, t] of Object.entries(tables)) {
    if (t.header.includes("quote") && t.header.includes("source_id") && t.header.includes("id")) {
      t.rows.forEach((r) => out.push({ table: name, row: r }));
    }
  }
  return out;
}

test(`${sampleRows} random rows: the highlight is the quote, and the table page and the source page lead to the row`, { skip }, async () => {
  const rng = lib.prng(seed);
  const picks = rng.sample(curatedRows(), sampleRows);
  log.push(`rows followed: ${picks.map((p) => p.table + "/" + p.row.id).join(", ")}`);
  for (const origin of origins()) {
    await session(origin, desktop, async (context) => {
      const page = await context.newPage();
      for (const { table, row } of picks) {
        const what = `${origin.name}: ${table} row ${row.id}`;
        await page.goto(origin.url(`tables/${table}.html`));
        await lib.settled(page);
        // The reader searches for the id and follows its link.
        await page.fill("#search", `"${row.id}"`);
        // The rows drawn anew for the search, before the click.
        await hashIs(page, { q: [`"${row.id}"`] });
        await followRow(page, row.id);
        const fromTable = origin.rel(page.url());
        assert.equal(await page.locator("#title code.id").textContent(), row.id, `${what}: the page the table links to`);
        const mark = page.locator("mark#quote");
        assert.equal(await mark.textContent(), row.quote, `${what}: the highlighted text`);
        const look = await mark.evaluate((m) => {
          const r = m.getBoundingClientRect();
          return {
            area: r.width * r.height,
            bg: getComputedStyle(m).backgroundColor,
            around: getComputedStyle(m.closest("blockquote")).backgroundColor,
          };
        });
        assert.ok(look.area > 0, `${what}: the highlight is drawn`);
        assert.notEqual(look.bg, look.around, `${what}: the highlight has a colour of its own`);

        // The source page: the row's passage, and its link back.
        await page.locator("#source-link").click();
        await page.waitForLoadState("load");
        assert.equal(origin.rel(page.url()), `sources/${row.source_id}.html`, `${what}: the source link`);
        const passage = await page.evaluate((id) => {
          const at = document.getElementById(decodeURIComponent(location.hash.slice(1)));
          if (!at) {
            return "no element at " + location.hash;
          }
          let e = at;
          while (e && e.matches("span.qa")) {
            e = e.nextElementSibling;
          }
          return e && e.matches("mark.q") && e.getAttribute("data-rows").split(" ").includes(id) ? "" : "the anchor is not at the row's passage";
        }, row.id);
        assert.equal(passage, "", `${what}: the source page's anchor`);
        await page.locator(`sup.ref a[data-row=${cssString(row.id)}]`).first().click();
        await page.waitForLoadState("load");
        assert.equal(origin.rel(page.url()), fromTable, `${what}: the source page's link lands where the table page's does`);
        assert.equal(await page.locator("#title code.id").textContent(), row.id, `${what}: the page the source links to`);
      }
      await page.close();
    });
  }
});

// The newcomer: from index.html to the sentence of Azerbaijan's
// 2009 defence budget, highlighted, in two clicks (the military balance,
// then its mark), or in one search (the results show the quote, the words
// searched marked) and the click on its result. The row is found in the
// CSV by what it says, not by its id.
test("a newcomer reaches Azerbaijan's 2009 defence budget in two clicks, or one search", { skip }, async () => {
  const budget = tables.military_expenditure.rows.filter((r) =>
    r.actor === "AZE" && r.measure === "defence_budget" && r.when_start.startsWith("2009") && r.source_id === "balance2010" &&
    r.amount_text.includes("1.4 billion"));
  assert.equal(budget.length, 1, "one row of the CSV gives Azerbaijan's 2009 defence budget");
  const row = budget[0];
  const origin = lib.fileOrigin(siteDir);
  for (const [vname, viewport] of [["desktop", desktop], ["phone", phone]]) {
    await session(origin, viewport, async (context) => {
      const page = await context.newPage();
      const seesQuote = async (how) => {
        assert.equal(await page.locator("#title code.id").textContent(), row.id, `${vname}, ${how}: the row's page`);
        const mark = page.locator("mark#quote");
        assert.equal(await mark.textContent(), row.quote, `${vname}, ${how}: the highlighted text`);
        await mark.scrollIntoViewIfNeeded();
        assert.ok(await mark.isVisible(), `${vname}, ${how}: the highlight is visible`);
      };

      // Two clicks: the military balance, then the mark.
      await page.goto(origin.url("index.html"));
      await lib.settled(page);
      await page.locator("#start-balance").click();
      await page.waitForLoadState("load");
      await page.locator(`a.mark[data-row=${cssString(row.id)}]`).first().click();
      await page.waitForLoadState("load");
      await seesQuote("two clicks");

      // One search, from the first page's box, then its result.
      await page.goto(origin.url("index.html"));
      await lib.settled(page);
      await page.fill("#q", "Azerbaijan 2009 defence budget");
      await page.press("#q", "Enter");
      await page.waitForLoadState("load");
      await lib.settled(page);
      const result = page.locator(`#searcher li[data-row=${cssString(row.id)}]`);
      await result.waitFor();
      assert.equal(await result.locator("q").textContent(), row.quote_display, `${vname}: the result shows the quote`);
      assert.deepEqual(await result.locator("q mark").allTextContents(), ["Azerbaijan", "2009", "defence", "budget"],
        `${vname}: the words searched are marked in the result`);
      await result.locator("a").first().click();
      await page.waitForLoadState("load");
      await seesQuote("one search");
      await page.close();
    });
  }
});

// followRow clicks the link of the table page's row whose id is id, the
// link whose text is the id exactly.
async function followRow(page, id) {
  const link = page.getByRole("link", { name: id, exact: true }).and(page.locator("#rows-table tbody td a"));
  await link.first().click();
  await page.waitForLoadState("load");
}

// cssString quotes s for a selector.
function cssString(s) {
  return JSON.stringify(s);
}

// The search, as the table page's controls say: every word must appear,
// "quotes" for a phrase; case is ignored (both sides lower-cased), and a
// word may stand inside a longer one. It reads the columns the table
// shows, each as shown: an actor by its name (the code is the facet's),
// a figure or a time as the text writes it (a time the text does not
// write as its start–end dates), the quote as a reader reads it
// (quote_display); a column that is the written form of another shown one
// (indicators' value_text) stands for itself. This is the test's own
// reading of the CSV; it does not read the site's data files.
function shownValue(label, header, labels, row) {
  if (label === "quote" && header.includes("quote_display")) {
    return row.quote_display;
  }
  for (const suffix of ["_names", "_name"]) {
    if (header.includes(label + suffix) && !labels.includes(label + suffix)) {
      return row[label + suffix];
    }
  }
  if (header.includes(label + "_text") && !labels.includes(label + "_text")) {
    const text = row[label + "_text"];
    if (text === "" && header.includes(label + "_start")) {
      const a = row[label + "_start"], b = row[label + "_end"];
      return a === "" && b === "" ? "" : a + "–" + b;
    }
    return text;
  }
  if (header.includes(label)) {
    return row[label];
  }
  throw new Error(`the table page shows a column ${label} that the CSV file does not have`);
}

function termsOf(q) {
  const out = [];
  const re = /"([^"]*)"|(\S+)/g;
  let m;
  while ((m = re.exec(q.toLowerCase())) !== null) {
    const t = m[1] !== undefined ? m[1] : m[2];
    if (t) {
      out.push(t);
    }
  }
  return out;
}

function searchMatches(q, header, labels, row) {
  const blob = labels.map((l) => shownValue(l, header, labels, row)).filter((v) => v !== "").join("\n").toLowerCase();
  return termsOf(q).every((t) => blob.includes(t));
}

// A facet keeps the rows with the chosen value: the column of its name
// (";"-separated values for a list of actors); "any_actor" the codes of
// every actor column; "year (F)" the years from F_start to F_end (or the
// year of the date F), "open" for an open span or one of 100 years or
// more, "none" for no time.
function facetValues(name, label, header, row) {
  if (name === "any_actor") {
    const codes = header.filter((h) => header.includes(h + "_name") || header.includes(h + "_names"));
    return [...new Set(codes.flatMap((c) => split(row[c])))];
  }
  if (name === "year") {
    const f = label.match(/^year \((.*)\)$/)[1];
    let a, b;
    if (header.includes(f + "_start")) {
      a = row[f + "_start"];
      b = row[f + "_end"];
    } else {
      a = b = row[f];
    }
    if (a === "" && b === "") {
      return ["none"];
    }
    if (a === "" || b === "") {
      return ["open"];
    }
    const ya = Number(a.slice(0, 4)), yb = Number(b.slice(0, 4));
    if (yb < ya || yb - ya >= 100) {
      return ["open"];
    }
    return Array.from({ length: yb - ya + 1 }, (_, k) => String(ya + k));
  }
  return split(row[name]);
}

function split(v) {
  return v === "" ? [] : v.split(";");
}

// tablePage reads what the page shows of its table: the column labels,
// the column whose cells link to the rows (the key), the facets.
async function tablePage(page) {
  return page.evaluate(() => ({
    labels: [...document.querySelectorAll("#rows-table thead th")].map((th) => th.textContent),
    key: [...document.querySelectorAll("#rows-table tbody tr:first-child td")].findIndex((td) => td.querySelector("a")),
    facets: [...document.querySelectorAll("#facets details")].map((d) => ({
      name: d.getAttribute("data-facet"),
      label: d.querySelector("summary").textContent.replace(/ \([\d,]+\)$/, ""),
    })),
  }));
}

// shownRows reads the keys of every row that matches, page by page.
async function shownRows(page, key) {
  // From the first page: the address may hold another (after a reload).
  const prev = page.locator("nav.pager button", { hasText: "Previous page" });
  while (await prev.count() && !await prev.isDisabled()) {
    const before = await page.evaluate(() => location.hash);
    await prev.click();
    await page.waitForFunction((h) => location.hash !== h, before);
  }
  const ids = [];
  for (;;) {
    ids.push(...await page.$$eval(`#rows-table tbody tr td:nth-child(${key + 1})`, (tds) => tds.map((td) => td.textContent)));
    const next = page.locator("nav.pager button", { hasText: "Next page" });
    if (await next.count() === 0 || await next.isDisabled()) {
      break;
    }
    const before = await page.evaluate(() => location.hash);
    await next.click();
    await page.waitForFunction((h) => location.hash !== h, before);
  }
  return ids;
}

// hashIs waits until the page's state, its address's hash, has the
// parameters of want; the table is drawn as the hash is written.
async function hashIs(page, want) {
  await page.waitForFunction((w) => {
    const p = new URLSearchParams(location.hash.slice(2));
    return Object.entries(w).every(([k, v]) => JSON.stringify(p.getAll(k)) === JSON.stringify(v));
  }, want);
}

test("a search and a facet narrow each table to the rows the CSV says", { skip }, async () => {
  const rng = lib.prng(seed + 1);
  const names = Object.keys(tables).filter((t) => tables[t].rows.length > 0);
  let checks = 0;
  const queries = [];
  const labelsOf = {}; // the columns each table page shows
  for (const origin of origins()) {
    await session(origin, desktop, async (context) => {
      const page = await context.newPage();
      for (const name of names) {
        const t = tables[name];
        await page.goto(origin.url(`tables/${name}.html`));
        await lib.settled(page);
        const shown = await tablePage(page);
        labelsOf[name] = shown.labels;
        assert.ok(shown.key >= 0, `${name}: a column links to the rows`);
        const keyCol = shown.labels[shown.key];
        const idOf = (r) => r[keyCol];
        const all = await shownRows(page, shown.key);
        assert.deepEqual(all, t.rows.map(idOf), `${origin.name}: ${name}: every row, in the CSV's order`);

        // Facet counts, nothing chosen, against the CSV.
        for (const f of shown.facets) {
          await page.locator(`#facets details[data-facet=${cssString(f.name)}] > summary`).click();
          const counts = await page.$$eval(`#facets details[data-facet=${cssString(f.name)}] li button`, (bs) =>
            bs.map((b) => [b.getAttribute("data-value"), Number(b.querySelector(".n").textContent.replace(/,/g, ""))]));
          const want = {};
          t.rows.forEach((r) => facetValues(f.name, f.label, t.header, r).forEach((v) => { want[v] = (want[v] || 0) + 1; }));
          for (const [v, n] of counts) {
            assert.equal(n, want[v], `${origin.name}: ${name}: the count of ${f.name}=${v}`);
          }
          checks++;
        }

        // A query: a word (or two, or a phrase) of a random row's shown
        // value, in another case.
        const row = rng.pick(t.rows);
        const words = shown.labels.map((l) => shownValue(l, t.header, shown.labels, row))
          .flatMap((v) => v.match(/[\p{L}\p{N}]{3,}/gu) || []);
        if (words.length === 0) {
          continue;
        }
        let q = rng.pick(words);
        const form = rng.int(3);
        if (form === 1 && words.length > 1) {
          q = q + " " + rng.pick(words);
        } else if (form === 2) {
          const v = rng.pick(shown.labels.map((l) => shownValue(l, t.header, shown.labels, row)).filter((x) => /\S+ \S+/.test(x)));
          if (v) {
            const ws = v.split(" ");
            const at = rng.int(ws.length - 1);
            // A phrase cannot hold a double quote: the quote ends it.
            if (!/"/.test(ws[at] + ws[at + 1])) {
              q = `"${ws[at]} ${ws[at + 1]}"`;
            }
          }
        }
        q = rng.int(2) ? q.toUpperCase() : q;
        await page.fill("#search", q);
        await hashIs(page, { q: [q] });
        queries.push(`${origin.name} ${name}: ${q}`);
        const wantQ = t.rows.filter((r) => searchMatches(q, t.header, shown.labels, r)).map(idOf);
        assert.ok(wantQ.includes(idOf(row)), `${name}: the query ${q} matches its own row in the CSV`);
        assert.deepEqual(await shownRows(page, shown.key), wantQ, `${origin.name}: ${name}: the rows matching ${q}`);
        checks++;

        // Then a facet on top: a value the query's rows have.
        if (shown.facets.length === 0) {
          continue;
        }
        const f = rng.pick(shown.facets);
        const values = facetValues(f.name, f.label, t.header, row);
        if (values.length === 0) {
          continue;
        }
        const v = rng.pick(values);
        const box = page.locator(`#facets details[data-facet=${cssString(f.name)}]`);
        if (!await box.evaluate((d) => d.open)) {
          await box.locator("> summary").click();
        }
        const more = box.locator("> button", { hasText: /^Show all/ });
        if (await more.count()) {
          await more.click();
        }
        await box.locator(`li button[data-value=${cssString(v)}]`).click();
        await hashIs(page, { q: [q], ["f." + f.name]: [v] });
        queries[queries.length - 1] += ` + ${f.name}=${v}`;
        const wantF = t.rows.filter((r) => searchMatches(q, t.header, shown.labels, r) && facetValues(f.name, f.label, t.header, r).includes(v)).map(idOf);
        assert.deepEqual(await shownRows(page, shown.key), wantF, `${origin.name}: ${name}: the rows matching ${q} with ${f.name}=${v}`);
        // The state is in the address: the same rows after a reload.
        await page.reload();
        await lib.settled(page);
        assert.deepEqual(await shownRows(page, shown.key), wantF, `${origin.name}: ${name}: the same rows after a reload`);
        checks++;
      }

      // The search page: the same search over every curated table at
      // once, its count per table against the CSV files.
      const curated = names.filter((n) => labelsOf[n].includes("quote"));
      const from = tables[rng.pick(curated)];
      const row = rng.pick(from.rows);
      const words = row.quote_display.match(/[\p{L}\p{N}]{3,}/gu) || ["the"];
      const q = rng.pick(words) + " " + rng.pick(words);
      await page.goto(origin.url("search.html"));
      await lib.settled(page);
      await page.fill("#q", q);
      await page.waitForFunction((w) => new URLSearchParams(location.hash.slice(2)).get("q") === w, q);
      const got = await page.$$eval("#by-table li", (lis) => lis.map((li) => [li.querySelector("a").getAttribute("href"), li.textContent]));
      const want = [];
      for (const n of curated) {
        const k = tables[n].rows.filter((r) => searchMatches(q, tables[n].header, labelsOf[n], r)).length;
        if (k) {
          want.push(n + ": " + k.toLocaleString("en"));
        }
      }
      assert.deepEqual(got.map(([href, text]) => href.match(/tables\/(.*)\.html/)[1] + ": " + text.split(": ").pop()).sort(), want.sort(), `${origin.name}: search.html, the rows matching ${q} in each table`);
      queries.push(`${origin.name} search.html: ${q}`);
      checks++;
      await page.close();
    });
  }
  log.push(`search and facets: ${checks} checks over ${names.length} tables, each from file and http; queries: ${queries.join("; ")}`);
});

test("a state written in the address: search, facet and sort", { skip }, async () => {
  const t = tables.arms_transfers;
  const want = t.rows.filter((r) => r.supplier === "RUS");
  await session(lib.fileOrigin(siteDir), desktop, async (context) => {
    const page = await context.newPage();
    await page.goto(lib.fileOrigin(siteDir).url("tables/arms_transfers.html") + "#?f.supplier=RUS&sort=-quantity");
    await lib.settled(page);
    const shown = await tablePage(page);
    const ids = await shownRows(page, shown.key);
    const byId = Object.fromEntries(t.rows.map((r) => [r.id, r]));
    assert.deepEqual([...ids].sort(), want.map((r) => r.id).sort(), "the rows of supplier RUS");
    // A figure sorts by its value, or its bound where it has none; rows
    // with neither come last.
    const key = (r) => [r.quantity, r.quantity_low, r.quantity_high].find((x) => x !== "");
    const keys = ids.map((id) => key(byId[id]));
    const numbers = keys.filter((k) => k !== undefined).map(Number);
    assert.deepEqual(numbers, [...numbers].sort((a, b) => b - a), "quantities in descending order");
    assert.ok(keys.slice(numbers.length).every((k) => k === undefined), "rows without a quantity last");
    await page.close();
  });
});

// Tick labels of the y axis ("0.5 bn", "20 m", "1,500") as numbers.
function tickValue(s) {
  const m = s.trim().match(/^(-?[\d,.]+)(?: (bn|m))?$/);
  assert.ok(m, `a tick label ${s}`);
  return Number(m[1].replace(/,/g, "")) * (m[2] === "bn" ? 1e9 : m[2] === "m" ? 1e6 : 1);
}

test("each chart mark's value and link match its row, and bounds are drawn as bounds", { skip }, async () => {
  const ind = tables.indicators;
  const byRow = Object.fromEntries(ind.rows.map((r) => [r.row_id, r]));
  const origin = lib.fileOrigin(siteDir);
  let checked = 0;
  await session(origin, desktop, async (context) => {
    const page = await context.newPage();
    await page.goto(origin.url("balance.html"));
    await lib.settled(page);
    const charts = await page.$$eval("section.chart", (secs) => secs.map((s) => ({
      id: s.id,
      indicator: s.getAttribute("data-indicator"),
      unit: s.getAttribute("data-unit"),
      ticks: [...s.querySelectorAll("g.axis.y text")].map((t) => [t.textContent, Number(t.getAttribute("y"))]),
      marks: [...s.querySelectorAll("g.marks a.mark")].map((a) => {
        const shapes = [...a.children].filter((c) => c.tagName !== "title").map((c) => {
          const o = { el: c.tagName, cls: c.getAttribute("class") };
          for (const k of ["cx", "cy", "x", "y", "width", "height", "x1", "y1", "x2", "y2"]) {
            if (c.hasAttribute(k)) {
              o[k] = Number(c.getAttribute(k));
            }
          }
          const r = c.getBoundingClientRect();
          o.drawn = r.width > 0 || r.height > 0;
          return o;
        });
        return {
          href: a.getAttribute("href"), row: a.getAttribute("data-row"), qualifier: a.getAttribute("data-qualifier"),
          value: a.getAttribute("data-value"), low: a.getAttribute("data-low"), high: a.getAttribute("data-high"), shapes,
        };
      }),
    })));
    // Every shape of the key and of the marks is painted: a stroke or a
    // fill a reader can see (a shape without either says nothing).
    const unpainted = await page.$$eval("ul.key svg *, g.marks a.mark > :not(title)", (els) => els.filter((e) => {
      if (e.tagName === "g") {
        return false;
      }
      const st = getComputedStyle(e);
      const seen = (paint, opacity) => paint !== "none" && !/rgba\(.*, 0\)$/.test(paint) && Number(opacity) > 0;
      // A line has no inside: only its stroke shows.
      return !seen(st.stroke, st.strokeOpacity) && (e.tagName === "line" || !seen(st.fill, st.fillOpacity));
    }).map((e) => `${e.closest("li, section").id || e.closest("li").textContent.trim().slice(0, 40)}: ${e.tagName}.${e.getAttribute("class")}`));
    assert.deepEqual(unpainted, [], "shapes drawn without stroke or fill");
    const drawn = new Set();
    for (const c of charts) {
      // The value scale from the axis: y = y0 - v * k.
      const ticks = c.ticks.map(([s, y]) => [tickValue(s), y]);
      assert.ok(ticks.length >= 2, `${c.id}: the y axis has ticks`);
      const [v0, y0] = ticks[0], [v1, y1] = ticks[ticks.length - 1];
      const yOf = (v) => y0 + (v - v0) * (y1 - y0) / (v1 - v0);
      const near = (a, b, what) => assert.ok(Math.abs(a - b) <= 0.6, `${what}: at ${a}, the row's value is at ${b.toFixed(1)}`);
      for (const m of c.marks) {
        const what = `${c.id}: mark of ${m.row}`;
        const r = byRow[m.row];
        assert.ok(r, `${what}: a row of the indicators table`);
        drawn.add(m.row);
        assert.equal(r.indicator, c.indicator, `${what}: its chart's indicator`);
        assert.equal(r.unit, c.unit, `${what}: its chart's unit`);
        assert.equal(m.qualifier, r.qualifier, `${what}: qualifier`);
        assert.equal(m.value ?? "", r.value, `${what}: value`);
        assert.equal(m.low ?? "", r.low, `${what}: low`);
        assert.equal(m.high ?? "", r.high, `${what}: high`);
        assert.ok(m.shapes.every((s) => s.drawn), `${what}: every shape is drawn`);
        const has = (cls) => m.shapes.filter((s) => (s.cls || "").split(" ").includes(cls));
        if (r.value !== "") {
          // A figure: a dot at the value; about: a whisker around it.
          assert.equal(has("dot").length, 1, `${what}: one dot`);
          near(has("dot")[0].cy, yOf(Number(r.value)), what);
          assert.equal(has("whisker").length > 0, r.qualifier === "approx", `${what}: a whisker for "about" only`);
          assert.equal(has("bar").length + has("bound").length, 0, `${what}: no bar, no bound`);
        } else if (r.low !== "" && r.high !== "") {
          // A range: a bar from low to high, no dot.
          const [bar] = has("range");
          assert.ok(bar, `${what}: a range bar`);
          near(bar.y, yOf(Number(r.high)), what + " (high)");
          near(bar.y + bar.height, yOf(Number(r.low)), what + " (low)");
          assert.equal(has("dot").length, 0, `${what}: no dot`);
        } else if (r.low !== "") {
          // A lower bound: a line up from the bound to an arrow; an open
          // circle when the bound is excluded (more than), a bar when it
          // is included; never a dot.
          const [bound] = has("bound");
          assert.ok(bound && has("arrow").length > 0, `${what}: a bound and an arrow`);
          near(Math.max(bound.y1, bound.y2), yOf(Number(r.low)), what + " (bound)");
          assert.ok(Math.min(bound.y1, bound.y2) < yOf(Number(r.low)), `${what}: the bound goes up`);
          const end = r.qualifier === "more_than" ? has("open") : has("cap");
          assert.equal(end.length, 1, `${what}: ${r.qualifier === "more_than" ? "an open circle" : "a bar"} at the bound`);
          near(end[0].cy ?? end[0].y1, yOf(Number(r.low)), what + " (the bound's end)");
          assert.equal(has("dot").length, 0, `${what}: no dot`);
        } else if (r.high !== "") {
          // An upper bound: a bar from zero to the bound, capped; the cap
          // marked excluded unless up to.
          const [bar] = has("upto");
          assert.ok(bar, `${what}: a bar up to the bound`);
          near(bar.y, yOf(Number(r.high)), what + " (bound)");
          near(bar.y + bar.height, yOf(0), what + " (zero)");
          const [cap] = has("cap");
          assert.ok(cap, `${what}: a cap`);
          assert.equal((cap.cls || "").includes("excluded"), r.qualifier !== "up_to", `${what}: the cap says whether the bound is included`);
          assert.equal(has("dot").length, 0, `${what}: no dot`);
        }
        checked++;
      }
    }
    // Every indicator with a number and a time is drawn.
    for (const r of ind.rows) {
      const dated = r.when_start !== "" || r.when_end !== "";
      const numbered = r.value !== "" || r.low !== "" || r.high !== "";
      assert.equal(drawn.has(r.row_id), dated && numbered, `indicator ${r.id} is drawn when it has a number and a time`);
    }
    // Each mark's link: the row's page, at the figure.
    for (const c of charts) {
      for (const m of c.marks) {
        const r = byRow[m.row];
        await page.goto(origin.url("balance.html"));
        await page.locator(`#${c.id} a.mark[data-row=${cssString(m.row)}]`).first().dispatchEvent("click");
        await page.waitForLoadState("load");
        const what = `${c.id}: the link of ${m.row}`;
        assert.equal(await page.locator("#title code.id").textContent(), r.row_id, what);
        assert.ok(origin.rel(page.url()).startsWith(`rows/${r.table_name}/`), `${what}: a row of ${r.table_name}`);
        const field = r.id.slice(r.row_id.length + 1);
        const at = await page.evaluate(() => {
          const e = document.getElementById(decodeURIComponent(location.hash.slice(1)));
          return e ? e.getAttribute("data-col") || e.tagName : null;
        });
        assert.ok(at, `${what}: the page has the figure's anchor ${field}`);
        const shownValue = await page.locator(`#values tr[data-col=${cssString(field)}] td`).textContent().catch(() => null);
        if (r.value !== "") {
          assert.equal((shownValue || "").replace(/,/g, ""), r.value, `${what}: the row's ${field}`);
        }
      }
    }
    await page.close();
  });
  log.push(`charts: ${checked} marks checked against the indicators CSV`);
});

test("screenshots of a row, a source, a table and the balance at desktop and phone width", { skip }, async () => {
  const rng = lib.prng(seed);
  const [{ table, row }] = rng.sample(curatedRows(), sampleRows);
  // The row is the first of the random rows; a table of many columns;
  // every chart.
  const shots = [
    ["row", null],
    ["source", `sources/${row.source_id}.html`],
    ["table", "tables/arms_transfers.html"],
    ["balance", "balance.html"],
  ];
  const origin = lib.fileOrigin(siteDir);
  const written = [];
  for (const [vname, viewport] of [["desktop", desktop], ["phone", phone]]) {
    await session(origin, viewport, async (context) => {
      const page = await context.newPage();
      for (const [what, target] of shots) {
        if (target) {
          await page.goto(origin.url(target));
        } else {
          // The row page, reached from its table page as a reader does.
          await page.goto(origin.url(`tables/${table}.html`) + "#?q=" + encodeURIComponent(`"${row.id}"`));
          await lib.settled(page);
          await followRow(page, row.id);
        }
        await lib.settled(page);
        const file = path.join(output, `${what}-${vname}.png`);
        await page.screenshot({ path: file, fullPage: true });
        written.push(path.relative(output, file));
      }
      await page.close();
    });
  }
  log.push(`screenshots (${written.length}): ${written.join(", ")}; the row is ${table}/${row.id}`);
  assert.equal(written.length, 8);
});
