// The explorer measured (make browser-bench): the page weights of each
// site given (bytes of HTML, of the script, of the style sheet, of the
// data files; in total and the largest), then, in the last site given
// (make browser-bench passes a synthetic release of 100k rules), the
// largest table page, the largest table page of a curated table and the
// search page timed in headless chromium over file://: the first rows
// shown, every row loaded, a search over all rows, a facet, the
// JavaScript heap; and the largest page and the largest source page to
// their load event. It prints Markdown. A measurement, never a test.
//
//	node bench.js SITE... (each a release's site/ directory)
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const lib = require("./lib.js");

function kindOf(rel) {
  if (rel.endsWith(".html")) {
    return "html";
  }
  if (rel.endsWith(".css")) {
    return "css";
  }
  if (rel.startsWith("data/")) {
    return "data";
  }
  if (rel.endsWith(".js")) {
    return "js";
  }
  return "other";
}

// weights adds up the bytes of every file of the site by kind, and keeps
// the largest of each.
function weights(dir) {
  const kinds = {};
  const walk = (d, rel) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel ? rel + "/" + e.name : e.name;
      if (e.isDirectory()) {
        walk(path.join(d, e.name), r);
        continue;
      }
      const size = fs.statSync(path.join(d, e.name)).size;
      const k = (kinds[kindOf(r)] ||= { files: 0, bytes: 0, largest: [] });
      k.files++;
      k.bytes += size;
      k.largest.push([size, r]);
      if (k.largest.length > 50) {
        k.largest.sort((a, b) => b[0] - a[0]);
        k.largest.length = 3;
      }
    }
  };
  walk(dir, "");
  for (const k of Object.values(kinds)) {
    k.largest.sort((a, b) => b[0] - a[0]);
    k.largest.length = Math.min(3, k.largest.length);
  }
  return kinds;
}

const mb = (n) => (n / 1e6).toFixed(n < 1e6 ? 3 : 1) + " MB";
const kb = (n) => (n / 1e3).toFixed(1) + " kB";

function printWeights(dir) {
  const w = weights(dir);
  console.log(`\n### Page weights of ${dir}\n`);
  console.log("| kind | files | bytes | largest |");
  console.log("| --- | ---: | ---: | --- |");
  let files = 0, bytes = 0;
  for (const k of ["html", "js", "css", "data", "other"]) {
    if (!w[k]) {
      continue;
    }
    files += w[k].files;
    bytes += w[k].bytes;
    console.log(`| ${k} | ${w[k].files.toLocaleString("en")} | ${mb(w[k].bytes)} | ${w[k].largest.map(([s, r]) => `${r} (${kb(s)})`).join(", ")} |`);
  }
  console.log(`| total | ${files.toLocaleString("en")} | ${mb(bytes)} | |`);
}

// tableRows reads the number of rows of each table page from its meta.
function tableRows(dir) {
  const out = [];
  for (const f of fs.readdirSync(path.join(dir, "tables"))) {
    const html = fs.readFileSync(path.join(dir, "tables", f), "utf8");
    const m = html.match(/<script type="application\/json" id="table-meta">([\s\S]*?)<\/script>/);
    if (m) {
      const meta = JSON.parse(m[1]);
      out.push({ page: "tables/" + f, table: meta.table, rows: meta.rows, chunks: meta.chunks.length, facets: meta.facets, curated: meta.cols.some((c) => c.label === "quote") });
    }
  }
  return out.sort((a, b) => b.rows - a.rows);
}

async function heap(page, cdp) {
  const { metrics } = await cdp.send("Performance.getMetrics");
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  return { used: m.JSHeapUsedSize, total: m.JSHeapTotalSize, nodes: m.Nodes };
}

// timeTable opens a table page and times it; the query is a word of its
// first row, so that it matches.
async function timeTable(context, origin, t) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  const t0 = Date.now();
  await page.goto(origin.url(t.page), { waitUntil: "commit" });
  await page.waitForFunction(() => document.querySelector("#status[data-loaded]"), null, { polling: 10, timeout: 600000 });
  const first = Date.now() - t0;
  const firstLoaded = await page.evaluate(() => document.getElementById("status").getAttribute("data-loaded"));
  await page.waitForFunction((n) => document.getElementById("status").getAttribute("data-loaded") === String(n), t.rows, { polling: 50, timeout: 600000 });
  const all = Date.now() - t0;
  const h0 = await heap(page, cdp);
  // A search: a word of the second column of the first row.
  const word = await page.evaluate(() => {
    const td = document.querySelector("#rows-table tbody tr td:nth-child(2)") || document.querySelector("#rows-table tbody td");
    const ws = (td.textContent.match(/[\p{L}\p{N}]{3,}/gu) || ["a"]);
    return ws[0];
  });
  // The time from the input to the table drawn anew; the page waits
  // 150 ms after the last keystroke before it searches, counted apart.
  const searchMs = await page.evaluate((w) => new Promise((resolve) => {
    const st = document.getElementById("status");
    const input = document.getElementById("search");
    let t1 = 0;
    const obs = new MutationObserver(() => {
      obs.disconnect();
      resolve([performance.now() - t1, st.getAttribute("data-matching")]);
    });
    input.value = w;
    t1 = performance.now();
    input.dispatchEvent(new Event("input"));
    setTimeout(() => { t1 = performance.now(); obs.observe(st, { attributes: true, childList: true, characterData: true, subtree: true }); }, 149);
  }), word);
  // Clear the search, then a facet: its first value.
  await page.fill("#search", "");
  await page.waitForFunction(() => !new URLSearchParams(location.hash.slice(2)).get("q"));
  let facet = null;
  if (t.facets.length) {
    const f = t.facets[t.facets.length - 1];
    await page.locator(`#facets details[data-facet="${f.name}"] > summary`).click();
    const b = page.locator(`#facets details[data-facet="${f.name}"] li button`).first();
    const v = await b.getAttribute("data-value");
    const s = Date.now();
    await b.click();
    await page.waitForFunction(([n, v]) => new URLSearchParams(location.hash.slice(2)).getAll("f." + n).includes(v), [f.name, v]);
    facet = { name: f.name, value: v, ms: Date.now() - s, matching: await page.getAttribute("#status", "data-matching") };
  }
  const h1 = await heap(page, cdp);
  await page.close();
  return { first, firstLoaded, all, word, search: searchMs, facet, h0, h1 };
}

async function timeSearch(context, origin, rows) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  const t0 = Date.now();
  await page.goto(origin.url("search.html"), { waitUntil: "commit" });
  await page.waitForFunction(() => /loaded so far|Type words/.test(document.getElementById("status")?.textContent || ""), null, { polling: 10, timeout: 600000 });
  const first = Date.now() - t0;
  await page.waitForFunction(() => !/loaded so far/.test(document.getElementById("status").textContent), null, { polling: 50, timeout: 900000 });
  const all = Date.now() - t0;
  const s = Date.now();
  await page.fill("#q", "the");
  await page.waitForFunction(() => document.getElementById("status").hasAttribute("data-matching"), null, { polling: 10, timeout: 600000 });
  const search = Date.now() - s;
  const matching = await page.getAttribute("#status", "data-matching");
  const h = await heap(page, cdp);
  await page.close();
  return { first, all, search, matching, h, rows };
}

async function main() {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) {
    console.error("usage: node bench.js SITE...");
    process.exit(2);
  }
  for (const d of dirs) {
    printWeights(d);
  }
  const dir = path.resolve(dirs[dirs.length - 1]);
  const tables = tableRows(dir);
  const targets = [tables[0]];
  const curated = tables.find((t) => t.curated);
  if (curated && curated !== tables[0]) {
    targets.push(curated);
  }
  const browser = await lib.launch();
  const origin = lib.fileOrigin(dir);
  console.log(`\n### ${dir} in chromium ${browser.version()} (file://, desktop viewport)\n`);
  console.log("| page | rows | data files | first rows shown | every row loaded | search (after the 150 ms pause) | facet | JS heap loaded / after |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const t of targets) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const r = await timeTable(context, origin, t);
    await context.close();
    console.log(`| ${t.page} | ${t.rows.toLocaleString("en")} | ${t.chunks} | ${(r.first / 1000).toFixed(2)} s (${Number(r.firstLoaded).toLocaleString("en")} rows) | ${(r.all / 1000).toFixed(1)} s | ${Math.round(r.search[0])} ms ("${r.word}": ${Number(r.search[1]).toLocaleString("en")} rows) | ${r.facet ? `${r.facet.ms} ms (${r.facet.name}=${r.facet.value}: ${Number(r.facet.matching).toLocaleString("en")} rows)` : "none"} | ${mb(r.h0.used)} / ${mb(r.h1.used)} |`);
  }
  {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const rows = tables.filter((t) => t.curated).reduce((n, t) => n + t.rows, 0);
    const r = await timeSearch(context, origin, rows);
    await context.close();
    console.log(`| search.html | ${rows.toLocaleString("en")} | | ${(r.first / 1000).toFixed(2)} s | ${(r.all / 1000).toFixed(1)} s | ${r.search} ms ("the": ${Number(r.matching).toLocaleString("en")} rows, pause included) | | ${mb(r.h.used)} |`);
  }
  // The heaviest pages: the largest HTML file (a chart page at 100k
  // rules) and the largest source page, to their load event.
  {
    const w = weights(dir).html.largest;
    const src = fs.readdirSync(path.join(dir, "sources")).map((f) => [fs.statSync(path.join(dir, "sources", f)).size, "sources/" + f]).sort((a, b) => b[0] - a[0])[0];
    console.log("\n| page | bytes | load event | DOM nodes | JS heap |");
    console.log("| --- | ---: | ---: | ---: | ---: |");
    for (const [size, rel] of src[1] === w[0][1] ? [w[0]] : [w[0], src]) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Performance.enable");
      const t0 = Date.now();
      await page.goto(origin.url(rel), { waitUntil: "load", timeout: 600000 });
      const ms = Date.now() - t0;
      const h = await heap(page, cdp);
      console.log(`| ${rel} | ${kb(size)} | ${(ms / 1000).toFixed(2)} s | ${h.nodes.toLocaleString("en")} | ${mb(h.used)} |`);
      await context.close();
    }
  }
  await browser.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
