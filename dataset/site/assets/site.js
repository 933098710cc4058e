// armsdata explorer: a little JavaScript over pages that read without it.
// It copies citations, shows a text's line breaks, and makes a table page
// searchable, faceted and sortable over its rows, loaded in chunks from
// script files (data/<table>/NNNN.js, each calling armsdataChunk), since a
// page opened from file:// may not fetch files. It builds every cell as a
// text node: the data is never read as HTML.
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    }
    if (text !== undefined && text !== null) {
      e.textContent = text;
    }
    return e;
  }

  // Copy buttons: the text of the element the button names.
  document.querySelectorAll("button[data-copy]").forEach(function (b) {
    var target = document.getElementById(b.getAttribute("data-copy"));
    if (!target) {
      return;
    }
    b.hidden = false;
    b.addEventListener("click", function () {
      var text = target.textContent;
      var done = function () { b.textContent = "Copied"; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { select(target); });
      } else {
        select(target);
      }
    });
  });

  function select(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  // The text's own line breaks, on request.
  document.querySelectorAll("button[data-lines]").forEach(function (b) {
    var target = document.getElementById(b.getAttribute("data-lines"));
    if (!target) {
      return;
    }
    b.hidden = false;
    b.addEventListener("click", function () {
      var on = target.classList.toggle("lines");
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
  });

  var metaNode = document.getElementById("table-meta");
  if (metaNode) {
    explorer(JSON.parse(metaNode.textContent));
  }
  var searchNode = document.getElementById("search-meta");
  if (searchNode) {
    searcher(JSON.parse(searchNode.textContent));
  }

  // terms splits a query into lower-case words, "a phrase" as one.
  function terms(q) {
    var out = [];
    var re = /"([^"]*)"|(\S+)/g;
    var m;
    while ((m = re.exec(q.toLowerCase())) !== null) {
      var t = m[1] !== undefined ? m[1] : m[2];
      if (t) {
        out.push(t);
      }
    }
    return out;
  }

  // highlight appends text to node, each place a term stands marked.
  function highlight(node, text, ts) {
    var lower = text.toLowerCase();
    var at = 0;
    while (at < text.length) {
      var best = -1, len = 0;
      ts.forEach(function (t) {
        var i = lower.indexOf(t, at);
        if (i >= 0 && (best < 0 || i < best || (i === best && t.length > len))) {
          best = i;
          len = t.length;
        }
      });
      if (best < 0) {
        break;
      }
      node.appendChild(document.createTextNode(text.slice(at, best)));
      node.appendChild(el("mark", null, text.slice(best, best + len)));
      at = best + len;
    }
    node.appendChild(document.createTextNode(text.slice(at)));
  }

  // loadChunks loads the data files srcs, script files that each call
  // window.armsdataChunk(chunk), a few at a time (browsers refuse to fetch
  // files from a page opened from file://, but run scripts), and keeps
  // their rows in the order of srcs, whatever order they arrive in.
  // place(chunk) is a chunk's index in srcs, or -1 for one not awaited;
  // prepare(cells, chunk) what the page keeps of a row. draw() runs for
  // the first file at once, at most once a second while the rest load
  // (each drawing counts every loaded row), and once more when the last
  // is in; failed(src) when a file cannot be loaded. start() begins;
  // rows() is every row loaded so far, in order.
  function loadChunks(srcs, place, prepare, draw, failed) {
    var parts = [];    // the rows of each file, by its index in srcs
    var rows = [];
    var dirty = false; // rows is to be gathered again from parts
    var loaded = 0, started = 0, pending = 0;
    window.armsdataChunk = function (chunk) {
      var at = place(chunk);
      if (at < 0 || parts[at]) {
        return;
      }
      parts[at] = chunk.rows.map(function (c) { return prepare(c, chunk); });
      dirty = true;
      loaded++;
      schedule();
      next();
    };
    function next() {
      while (started < srcs.length && started - loaded < 4) {
        load(srcs[started++]);
      }
    }
    function load(src) {
      var s = el("script", { src: src });
      s.onerror = function () { failed(src); };
      document.body.appendChild(s);
    }
    function schedule() {
      if (loaded === 1 || loaded === srcs.length) {
        clearTimeout(pending);
        pending = 0;
        draw();
      } else if (!pending) {
        pending = setTimeout(function () { pending = 0; draw(); }, 1000);
      }
    }
    return {
      start: next,
      rows: function () {
        if (dirty) {
          dirty = false;
          rows = [];
          parts.forEach(function (p) { if (p) { Array.prototype.push.apply(rows, p); } });
        }
        return rows;
      }
    };
  }

  // searcher is the search page: the quotes of every curated table.
  function searcher(meta) {
    var root = document.getElementById("searcher");
    var rows = [];   // {t: table index, c: cells, blob}, as loaded so far
    var files = [];  // [table index, path] in the order to load
    var byName = {};
    meta.tables.forEach(function (t, k) {
      byName[t.table] = k;
      t.chunks.forEach(function (c) { files.push([k, c]); });
    });
    var total = meta.tables.reduce(function (n, t) { return n + t.rows; }, 0);
    var form = el("form", { role: "search", "class": "controls" });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var label = el("label", { "for": "q" }, "Search every quote (every word must appear; \"quotes\" for a phrase)");
    var input = el("input", { type: "search", id: "q", name: "q", autocomplete: "off", spellcheck: "false" });
    var status = el("p", { "class": "status", id: "status", role: "status", "aria-live": "polite" });
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(status);
    root.appendChild(form);
    var byTable = el("ul", { "class": "by-table", id: "by-table" });
    root.appendChild(byTable);
    var list = el("ol", { "class": "results", id: "results" });
    root.appendChild(list);
    var params = new URLSearchParams(location.search);
    if (location.hash.indexOf("#?") === 0) {
      params = new URLSearchParams(location.hash.slice(2));
    }
    input.value = params.get("q") || "";
    var timer = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var h = input.value ? "#?" + new URLSearchParams({ q: input.value }).toString() : "#";
        try {
          history.replaceState(null, "", location.pathname + h);
        } catch (e) {
          location.replace(h);
        }
        render();
      }, 150);
    });
    var data = loadChunks(files.map(function (f) { return meta.root + f[1]; }),
      function (chunk) {
        var k = byName[chunk.table];
        if (k === undefined) {
          return -1;
        }
        var name = meta.tables[k].chunks[chunk.n];
        return files.findIndex(function (f) { return f[0] === k && f[1] === name; });
      },
      function (c, chunk) {
        var k = byName[chunk.table];
        var words = [];
        meta.tables[k].search.forEach(function (i) {
          if (c[i] !== null && c[i] !== undefined) {
            words.push(String(c[i]));
          }
        });
        return { t: k, c: c, blob: words.join("\n").toLowerCase() };
      },
      function () { render(); },
      function (src) {
        status.textContent = "Could not load " + src + "; the rows searched are those loaded so far.";
      });
    data.start();
    input.focus();

    function render() {
      rows = data.rows();
      var ts = terms(input.value);
      list.textContent = "";
      byTable.textContent = "";
      if (ts.length === 0) {
        status.textContent = "Type words to search " + total.toLocaleString("en") + " rows" +
          (rows.length < total ? " (" + rows.length.toLocaleString("en") + " loaded so far)." : ".");
        return;
      }
      var counts = meta.tables.map(function () { return 0; });
      var shown = 0;
      var matches = 0;
      rows.forEach(function (r) {
        for (var i = 0; i < ts.length; i++) {
          if (r.blob.indexOf(ts[i]) < 0) {
            return;
          }
        }
        matches++;
        counts[r.t]++;
        if (shown >= meta.page) {
          return;
        }
        shown++;
        var t = meta.tables[r.t];
        var li = el("li", { "data-row": String(r.c[t.id]), "data-table": t.table });
        li.appendChild(el("a", { href: meta.root + r.c[0] }, String(r.c[t.id])));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", { "class": "muted" }, t.title + (t.figure >= 0 && r.c[t.figure] ? ": " + r.c[t.figure] : "")));
        var q = el("q");
        highlight(q, String(r.c[t.quote] || ""), ts);
        li.appendChild(q);
        list.appendChild(li);
      });
      meta.tables.forEach(function (t, k) {
        if (counts[k] === 0) {
          return;
        }
        var li = el("li");
        li.appendChild(el("a", { href: meta.root + t.page + "#?" + new URLSearchParams({ q: input.value }).toString() }, t.title));
        li.appendChild(document.createTextNode(": " + counts[k].toLocaleString("en")));
        byTable.appendChild(li);
      });
      var msg = matches === 0 ? "No row matches" : matches.toLocaleString("en") + " rows match" + (matches > shown ? "; the first " + shown + " are listed" : "");
      msg += rows.length < total ? " (" + rows.length.toLocaleString("en") + " of " + total.toLocaleString("en") + " rows loaded so far)." : ".";
      status.textContent = msg;
      status.setAttribute("data-matching", String(matches));
    }
  }

  // cellText writes a cell as the page's HTML does (site/tables.go).
  function cellText(v, group) {
    if (v === null || v === undefined) {
      return "";
    }
    var s = String(v);
    if (group && typeof v === "number" && /^-?\d{5,}$/.test(s)) {
      var neg = s.charAt(0) === "-";
      var d = neg ? s.slice(1) : s;
      var out = "";
      for (var i = 0; i < d.length; i++) {
        if (i > 0 && (d.length - i) % 3 === 0) {
          out += ",";
        }
        out += d.charAt(i);
      }
      return (neg ? "-" : "") + out;
    }
    return s;
  }

  function explorer(meta) {
    var root = document.getElementById("explorer");
    var results = document.getElementById("results");
    var rows = [];      // every row loaded so far: {c: cells, blob, fv: facet values}
    var state = readState();

    // Controls.
    var controls = el("div", { "class": "controls", role: "search" });
    var label = el("label", { "for": "search" }, "Search the rows (every word must appear; \"quotes\" for a phrase)");
    var input = el("input", { type: "search", id: "search", autocomplete: "off", spellcheck: "false" });
    input.value = state.q;
    var status = el("p", { "class": "status", id: "status", role: "status", "aria-live": "polite" });
    var chosen = el("div", { "class": "chosen", id: "chosen" });
    var facetBox = el("div", { "class": "facets", id: "facets" });
    controls.appendChild(label);
    controls.appendChild(input);
    controls.appendChild(chosen);
    controls.appendChild(facetBox);
    controls.appendChild(status);
    root.insertBefore(controls, results);
    var pager = el("nav", { "class": "pager", "aria-label": "Pages of rows" });
    root.appendChild(pager);

    var table = document.getElementById("rows-table");
    var caption = table.querySelector("caption");
    caption.textContent = "Rows of " + meta.table + " matching the search and facets";
    var head = table.querySelector("thead tr");
    var body = table.querySelector("tbody");
    head.textContent = "";
    meta.cols.forEach(function (c, i) {
      var th = el("th", { scope: "col" });
      if (c.title) {
        th.title = c.title;
      }
      var b = el("button", { type: "button", "data-col": String(i) }, c.label);
      b.addEventListener("click", function () {
        if (state.sort === i) {
          state.desc = !state.desc;
        } else {
          state.sort = i;
          state.desc = false;
        }
        state.page = 0;
        changed();
      });
      th.appendChild(b);
      head.appendChild(th);
    });

    var timer = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        state.q = input.value;
        state.page = 0;
        changed();
      }, 150);
    });
    window.addEventListener("hashchange", function () {
      state = readState();
      input.value = state.q;
      render();
    });

    var data = loadChunks(meta.chunks,
      function (chunk) { return chunk.table === meta.table ? chunk.n : -1; },
      prepare,
      function () { render(); },
      function (src) {
        status.textContent = "Could not load " + src + "; the rows shown are those loaded so far.";
      });
    data.start();
    if (meta.chunks.length === 0) {
      render();
    }

    function prepare(c) {
      var parts = [];
      meta.cols.forEach(function (col) {
        var v = c[col.show];
        if (v !== null && v !== undefined) {
          parts.push(String(v));
        }
      });
      var fv = meta.facets.map(function (f) {
        var v = c[f.cell];
        if (v === null || v === undefined || v === "") {
          return [];
        }
        return f.multi ? String(v).split(";") : [String(v)];
      });
      return { c: c, blob: parts.join("\n").toLowerCase(), fv: fv };
    }

    function readState() {
      var s = { q: "", f: {}, sort: -1, desc: false, page: 0 };
      var h = location.hash;
      if (h.indexOf("#?") !== 0) {
        return s;
      }
      new URLSearchParams(h.slice(2)).forEach(function (v, k) {
        if (k === "q") {
          s.q = v;
        } else if (k === "sort") {
          s.desc = v.charAt(0) === "-";
          s.sort = meta.cols.findIndex(function (c) { return c.label === v.replace(/^-/, ""); });
        } else if (k === "page") {
          s.page = Math.max(0, parseInt(v, 10) - 1 || 0);
        } else if (k.indexOf("f.") === 0) {
          (s.f[k.slice(2)] = s.f[k.slice(2)] || []).push(v);
        }
      });
      return s;
    }

    function writeState() {
      var p = new URLSearchParams();
      if (state.q) {
        p.append("q", state.q);
      }
      Object.keys(state.f).sort().forEach(function (k) {
        state.f[k].forEach(function (v) { p.append("f." + k, v); });
      });
      if (state.sort >= 0) {
        p.append("sort", (state.desc ? "-" : "") + meta.cols[state.sort].label);
      }
      if (state.page > 0) {
        p.append("page", String(state.page + 1));
      }
      var h = p.toString();
      var url = location.pathname + location.search + (h ? "#?" + h : "#");
      try {
        history.replaceState(null, "", url);
      } catch (e) {
        location.replace(h ? "#?" + h : "#");
      }
    }

    function changed() {
      writeState();
      render();
    }

    function render() {
      rows = data.rows();
      var ts = terms(state.q);
      var active = meta.facets.map(function (f) { return state.f[f.name] || []; });
      var counts = meta.facets.map(function () { return {}; });
      var match = [];
      rows.forEach(function (r) {
        for (var t = 0; t < ts.length; t++) {
          if (r.blob.indexOf(ts[t]) < 0) {
            return;
          }
        }
        var failed = -1;
        var fails = 0;
        for (var k = 0; k < active.length; k++) {
          if (active[k].length && !active[k].some(function (v) { return r.fv[k].indexOf(v) >= 0; })) {
            fails++;
            failed = k;
            if (fails > 1) {
              return;
            }
          }
        }
        // A facet's counts are of the rows every other filter keeps.
        for (var j = 0; j < meta.facets.length; j++) {
          if (fails === 0 || failed === j) {
            r.fv[j].forEach(function (v) { counts[j][v] = (counts[j][v] || 0) + 1; });
          }
        }
        if (fails === 0) {
          match.push(r);
        }
      });
      if (state.sort >= 0) {
        var col = meta.cols[state.sort];
        var dir = state.desc ? -1 : 1;
        match.sort(function (a, b) {
          var x = a.c[col.sort], y = b.c[col.sort];
          if (x === y) {
            return 0;
          }
          if (x === null || x === undefined) {
            return 1;
          }
          if (y === null || y === undefined) {
            return -1;
          }
          return (x < y ? -1 : 1) * dir;
        });
      }
      var pages = Math.max(1, Math.ceil(match.length / meta.page));
      state.page = Math.min(state.page, pages - 1);
      var from = state.page * meta.page;
      var shown = match.slice(from, from + meta.page);

      body.textContent = "";
      shown.forEach(function (r) {
        var tr = el("tr");
        meta.cols.forEach(function (c) {
          var td = el("td", c.wide ? { "class": "wide" } : c.num ? { "class": "num" } : null);
          var text = cellText(r.c[c.show], c.group);
          if (c.link) {
            td.appendChild(el("a", { href: meta.root + r.c[0] }, text));
          } else if (c.wide) {
            td.appendChild(el("div", { "class": "clip" }, text));
          } else {
            td.textContent = text;
          }
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      head.querySelectorAll("th").forEach(function (th, i) {
        if (i === state.sort) {
          th.setAttribute("aria-sort", state.desc ? "descending" : "ascending");
        } else {
          th.removeAttribute("aria-sort");
        }
      });

      var total = meta.rows;
      var msg = match.length === 0 ? "No row matches." :
        "Rows " + (from + 1).toLocaleString("en") + "–" + (from + shown.length).toLocaleString("en") +
        " of " + match.length.toLocaleString("en") + " matching";
      msg += rows.length < total ? " (" + rows.length.toLocaleString("en") + " of " + total.toLocaleString("en") + " rows loaded so far)." : " (of " + total.toLocaleString("en") + " rows).";
      status.textContent = msg;
      status.setAttribute("data-matching", String(match.length));
      status.setAttribute("data-loaded", String(rows.length));

      renderFacets(counts);
      renderPager(pages);
    }

    function labelOf(f, v) {
      if (f.labels) {
        for (var i = 0; i < f.labels.length; i++) {
          if (f.labels[i][0] === v) {
            return f.labels[i][1] + " (" + v + ")";
          }
        }
      }
      return v;
    }

    function toggle(name, v) {
      var list = state.f[name] || [];
      var i = list.indexOf(v);
      if (i >= 0) {
        list.splice(i, 1);
      } else {
        list.push(v);
      }
      if (list.length) {
        state.f[name] = list;
      } else {
        delete state.f[name];
      }
      state.page = 0;
      changed();
    }

    var openFacets = {};
    var fullFacets = {};
    function renderFacets(counts) {
      facetBox.textContent = "";
      chosen.textContent = "";
      meta.facets.forEach(function (f, k) {
        var chosenValues = state.f[f.name] || [];
        chosenValues.forEach(function (v) {
          var b = el("button", { type: "button", "aria-label": "Remove the filter " + f.label + ": " + labelOf(f, v) }, f.label + ": " + labelOf(f, v) + " ×");
          b.addEventListener("click", function () { toggle(f.name, v); });
          chosen.appendChild(b);
        });
        var values = Object.keys(counts[k]);
        chosenValues.forEach(function (v) {
          if (values.indexOf(v) < 0) {
            values.push(v);
          }
        });
        if (values.length === 0) {
          return;
        }
        values.sort(function (a, b) {
          if (f.num) {
            var x = parseFloat(a), y = parseFloat(b);
            if (isNaN(x) !== isNaN(y)) {
              return isNaN(x) ? 1 : -1;
            }
            if (x !== y && !isNaN(x)) {
              return x - y;
            }
          } else if ((counts[k][b] || 0) !== (counts[k][a] || 0)) {
            return (counts[k][b] || 0) - (counts[k][a] || 0);
          }
          return a < b ? -1 : a > b ? 1 : 0;
        });
        var box = el("details", { "class": "facet", "data-facet": f.name });
        if (openFacets[f.name] || chosenValues.length) {
          box.open = true;
        }
        box.addEventListener("toggle", function () { openFacets[f.name] = box.open; });
        box.appendChild(el("summary", null, f.label + " (" + values.length.toLocaleString("en") + ")"));
        var ul = el("ul");
        var limit = fullFacets[f.name] ? values.length : 12;
        values.slice(0, limit).forEach(function (v) {
          var on = chosenValues.indexOf(v) >= 0;
          var b = el("button", { type: "button", "aria-pressed": on ? "true" : "false", "data-value": v });
          b.appendChild(document.createTextNode(labelOf(f, v) + " "));
          b.appendChild(el("span", { "class": "n" }, (counts[k][v] || 0).toLocaleString("en")));
          b.addEventListener("click", function () { toggle(f.name, v); });
          var li = el("li");
          li.appendChild(b);
          ul.appendChild(li);
        });
        box.appendChild(ul);
        if (values.length > limit) {
          var more = el("button", { type: "button" }, "Show all " + values.length.toLocaleString("en"));
          more.addEventListener("click", function () { fullFacets[f.name] = true; render(); });
          box.appendChild(more);
        }
        facetBox.appendChild(box);
      });
    }

    function renderPager(pages) {
      pager.textContent = "";
      if (pages <= 1) {
        return;
      }
      var go = function (p) { state.page = p; changed(); results.scrollIntoView(); };
      var prev = el("button", { type: "button" }, "Previous page");
      prev.disabled = state.page === 0;
      prev.addEventListener("click", function () { go(state.page - 1); });
      var nxt = el("button", { type: "button" }, "Next page");
      nxt.disabled = state.page >= pages - 1;
      nxt.addEventListener("click", function () { go(state.page + 1); });
      pager.appendChild(prev);
      pager.appendChild(el("span", null, "Page " + (state.page + 1) + " of " + pages.toLocaleString("en")));
      pager.appendChild(nxt);
    }
  }
})();
