// Helpers of the browser check (site.test.js) and of the browser bench
// (bench.js): the release's CSV files read with a parser of their own, a
// seeded random number generator, a loopback static server, and headless
// Debian chromium launched with every request outside the site refused
// and reported.
"use strict";

const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");
const { pathToFileURL, fileURLToPath } = require("node:url");

// The Debian package's browser: playwright-core never downloads one.
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

// The launch flags the project runs chromium with, whatever playwright
// adds for itself (its pipe, its profile directory).
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// parseCSV reads RFC 4180 text (as the release's CSV files are written:
// comma-separated, fields with a comma, a quote or a line break quoted,
// quotes doubled) into an array of records, each an object from the
// header's names to the fields' text. It throws on a quote that is not
// closed or a field that goes on after its closing quote, and on a record
// whose number of fields is not the header's.
function parseCSV(text, name) {
  const records = [];
  let fields = [];
  let field = "";
  let i = 0;
  let line = 1;
  const n = text.length;
  let quoted = false; // the field being read was quoted
  if (text.charCodeAt(0) === 0xfeff) {
    i = 1;
  }
  const endField = () => {
    fields.push(field);
    field = "";
    quoted = false;
  };
  const endRecord = () => {
    endField();
    records.push({ line, fields });
    fields = [];
  };
  while (i < n) {
    const c = text[i];
    if (c === '"' && field === "" && !quoted) {
      quoted = true;
      i++;
      for (;;) {
        if (i >= n) {
          throw new Error(`${name}:${line}: a quoted field is not closed`);
        }
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (text[i] === "\n") {
          line++;
        }
        field += text[i++];
      }
      if (i < n && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") {
        throw new Error(`${name}:${line}: text after a field's closing quote`);
      }
      continue;
    }
    if (c === ",") {
      endField();
      i++;
    } else if (c === "\r" && text[i + 1] === "\n") {
      endRecord();
      line++;
      i += 2;
    } else if (c === "\n") {
      endRecord();
      line++;
      i++;
    } else {
      if (quoted) {
        throw new Error(`${name}:${line}: text after a field's closing quote`);
      }
      field += c;
      i++;
    }
  }
  if (field !== "" || fields.length > 0 || quoted) {
    endRecord();
  }
  if (records.length === 0) {
    throw new Error(`${name}: no header`);
  }
  const header = records[0].fields;
  return {
    header,
    rows: records.slice(1).map((r) => {
      if (r.fields.length !== header.length) {
        throw new Error(`${name}:${r.line}: ${r.fields.length} fields, the header has ${header.length}`);
      }
      const o = {};
      header.forEach((h, k) => { o[h] = r.fields[k]; });
      return o;
    }),
  };
}

// readTables reads every CSV file of dir, by table name.
function readTables(dir) {
  const out = {};
  for (const f of fs.readdirSync(dir).sort()) {
    if (f.endsWith(".csv")) {
      const file = path.join(dir, f);
      out[f.slice(0, -4)] = parseCSV(fs.readFileSync(file, "utf8"), file);
    }
  }
  return out;
}

// prng is mulberry32: a small generator whose sequence a seed fixes.
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick(list) { return list[Math.floor(next() * list.length)]; },
    // sample returns k distinct elements of list, in list order.
    sample(list, k) {
      const idx = list.map((_, i) => i);
      for (let i = idx.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [idx[i], idx[j]] = [idx[j], idx[i]];
      }
      return idx.slice(0, k).sort((x, y) => x - y).map((i) => list[i]);
    },
  };
}

// htmlFiles lists the HTML files under dir, relative, with forward
// slashes, sorted.
function htmlFiles(dir) {
  const out = [];
  const walk = (d, rel) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel ? rel + "/" + e.name : e.name;
      if (e.isDirectory()) {
        walk(path.join(d, e.name), r);
      } else if (e.name.endsWith(".html")) {
        out.push(r);
      }
    }
  };
  walk(dir, "");
  return out.sort();
}

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

// serve serves the files of dir on 127.0.0.1 (a port the system picks),
// as a plain static host does: the file at the request's path, 404
// otherwise, nothing outside dir. It resolves to {origin, close}.
function serve(dir) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    let p;
    try {
      p = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const file = path.join(root, p);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
      res.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

// chromiumMissing says why the browser cannot run, or "" when it can.
function chromiumMissing() {
  try {
    fs.accessSync(CHROMIUM, fs.constants.X_OK);
    return "";
  } catch {
    return `${CHROMIUM} is not there (apt-get install chromium)`;
  }
}

async function launch() {
  const { chromium } = require("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

// origin is a way of opening the site: from file:// (dir itself) or from
// the loopback server. url gives the address of a file of the site, inside
// says whether an address is the site's.
function fileOrigin(dir) {
  const root = path.resolve(dir);
  return {
    name: "file",
    url: (rel) => pathToFileURL(path.join(root, rel)).href,
    inside(u) {
      if (!u.startsWith("file:")) {
        return false;
      }
      const p = fileURLToPath(u.split("#")[0]);
      return p === root || p.startsWith(root + path.sep);
    },
    rel(u) {
      return path.relative(root, fileURLToPath(u.split("#")[0].split("?")[0])).split(path.sep).join("/");
    },
  };
}

function httpOrigin(origin) {
  return {
    name: "http",
    url: (rel) => origin + "/" + rel.split("/").map(encodeURIComponent).join("/"),
    inside: (u) => u.startsWith(origin + "/"),
    rel: (u) => decodeURIComponent(new URL(u).pathname.slice(1)),
  };
}

// guard watches a browser context: every request outside the site is
// aborted and listed, and so are failed requests, HTTP errors, console
// errors and uncaught exceptions, each with the page it came from.
// problems() returns the list; clear() empties it.
async function guard(context, origin) {
  const problems = [];
  await context.route("**/*", (route) => {
    const u = route.request().url();
    if (origin.inside(u)) {
      return route.continue();
    }
    problems.push({ kind: "outside", url: u, page: route.request().frame()?.url() });
    return route.abort("blockedbyclient");
  });
  const watch = (page) => {
    page.on("console", (m) => {
      if (m.type() === "error") {
        problems.push({ kind: "console", text: m.text(), page: page.url(), at: m.location() });
      }
    });
    page.on("pageerror", (e) => problems.push({ kind: "exception", text: String(e), page: page.url() }));
    page.on("requestfailed", (r) => {
      const f = r.failure();
      if (f && f.errorText === "net::ERR_BLOCKED_BY_CLIENT") {
        return; // listed by the route
      }
      // A navigation the test starts on purpose away from a page aborts
      // nothing the page needed; other failures count.
      if (f && f.errorText === "net::ERR_ABORTED" && r.isNavigationRequest()) {
        return;
      }
      problems.push({ kind: "failed", url: r.url(), text: f && f.errorText, page: page.url() });
    });
    page.on("response", (r) => {
      if (r.status() >= 400) {
        problems.push({ kind: "http", url: r.url(), status: r.status(), page: page.url() });
      }
    });
  };
  context.on("page", watch);
  context.pages().forEach(watch);
  return { problems: () => problems.slice(), clear: () => { problems.length = 0; } };
}

// settled waits until the page's script has read every data file it loads:
// a table page's status counts its rows, the search page's all rows.
async function settled(page) {
  await page.waitForLoadState("load");
  await page.waitForFunction(() => {
    const meta = document.getElementById("table-meta");
    const st = document.getElementById("status");
    if (meta) {
      const m = JSON.parse(meta.textContent);
      return st && st.getAttribute("data-loaded") === String(m.rows);
    }
    if (document.getElementById("search-meta")) {
      return st && st.textContent !== "" && !/loaded so far/.test(st.textContent);
    }
    return true;
  }, null, { timeout: 120000, polling: 50 });
}

module.exports = {
  CHROMIUM, CHROMIUM_ARGS, parseCSV, readTables, prng, htmlFiles, serve, chromiumMissing, launch,
  fileOrigin, httpOrigin, guard, settled,
};
