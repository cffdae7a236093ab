/* The IPO explorer: search, details on click, relation filters, a date control.
   Data come from the JSON block written by ipo_graph.export.html; all text is put into
   the page with textContent, never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("ipo-data").textContent);
  var KINDS = data.edge_kinds;          // kind -> Dutch legend text
  var COLOURS = data.edge_colours;      // kind -> colour
  var NODE_COLOURS = data.node_colours; // type or kind -> colour

  function nodeColour(ele) {
    return NODE_COLOURS[ele.data("type")] || NODE_COLOURS[ele.data("kind")] || "#d9d9d9";
  }

  var style = [
    { selector: "node", style: {
      "label": "data(label)", "font-size": 10, "text-wrap": "wrap", "text-max-width": 120,
      "text-valign": "bottom", "text-margin-y": 3, "background-color": nodeColour,
      "border-width": 1, "border-color": "#555", "width": 18, "height": 18,
      "min-zoomed-font-size": 7 } },
    { selector: "node[type = 'ipo:Seat']", style: { "width": 10, "height": 10, "font-size": 7 } },
    { selector: "node[kind = 'organisation']", style: { "shape": "round-rectangle", "width": 26, "height": 18 } },
    { selector: "node[type = 'ipo:Association']", style: { "width": 40, "height": 28, "font-size": 13, "font-weight": "bold" } },
    { selector: "node[kind = 'person']", style: { "shape": "diamond" } },
    { selector: "node[kind = 'site']", style: { "shape": "triangle" } },
    { selector: "node[?planned]", style: { "border-style": "dashed", "border-width": 2, "background-opacity": 0.5 } },
    { selector: "edge", style: {
      "width": 1.2, "curve-style": "bezier", "target-arrow-shape": "triangle", "arrow-scale": 0.8,
      "line-color": function (e) { return COLOURS[e.data("kind")] || "#999"; },
      "target-arrow-color": function (e) { return COLOURS[e.data("kind")] || "#999"; } } },
    { selector: "edge[kind = 'reports-to']", style: { "width": 3 } },
    { selector: "edge[kind = 'membership']", style: { "line-style": "dashed" } },
    { selector: "edge[?planned]", style: { "line-style": "dashed", "line-dash-pattern": [6, 4] } },
    { selector: "edge[kind = 'substitute']", style: { "line-style": "dotted", "source-arrow-shape": "triangle", "source-arrow-color": "#7030a0" } },
    { selector: ".off", style: { "display": "none" } },
    { selector: "node:selected", style: { "min-zoomed-font-size": 0, "font-size": 12, "border-width": 4, "border-color": "#ff8c00", "font-weight": "bold", "z-index": 10 } },
    { selector: ".faded", style: { "opacity": 0.25 } }
  ];

  var cy = cytoscape({
    container: document.getElementById("cy"),
    elements: data.elements,
    style: style,
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: function () { return 60000; },
              idealEdgeLength: function () { return 80; }, nodeOverlap: 40, gravity: 0.6,
              numIter: 2000, padding: 20 },
    minZoom: 0.05,
    maxZoom: 4
  });

  /* ---------- details panel ---------- */
  var details = document.getElementById("details");

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }

  function addField(dl, name, value) {
    if (value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0)) { return; }
    dl.appendChild(el("dt", name));
    var dd = el("dd");
    if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = String(value); }
    dl.appendChild(dd);
  }

  function excerpts(list) {
    var box = el("div");
    list.forEach(function (ex) {
      var q = el("blockquote", ex.text);
      if (ex.document) { q.appendChild(el("cite", ex.document + (ex.line ? ", regel " + ex.line : ""))); }
      box.appendChild(q);
    });
    return box;
  }

  function relations(node) {
    var ul = el("ul");
    node.connectedEdges().forEach(function (edge) {
      var out = edge.source().id() === node.id();
      var other = out ? edge.target() : edge.source();
      var li = el("li");
      var phrases = data.edge_phrases[edge.data("kind")] || [KINDS[edge.data("kind")], KINDS[edge.data("kind")]];
      var text = phrases[out ? 0 : 1].replace("{label}", edge.data("label"));
      li.appendChild(el("span", (out ? "→ " : "← ") + text + ": "));
      var a = el("a", other.data("label"), "rel");
      a.addEventListener("click", function () { select(other); });
      li.appendChild(a);
      var when = "";
      if (edge.data("begin")) { when = "sinds " + edge.data("begin") + (when ? "; " + when : ""); }
      if (edge.data("planned")) { when = "gepland" + (when ? "; " + when : ""); }
      if (when) { li.appendChild(el("span", " (" + when + ")")); }
      if (edge.data("evidence") && edge.data("evidence").length) { li.appendChild(excerpts(edge.data("evidence"))); }
      ul.appendChild(li);
    });
    return ul;
  }

  function showDetails(node) {
    details.textContent = "";
    var d = node.data();
    details.appendChild(el("h2", d.label));
    var dl = el("dl");
    addField(dl, "Engels", d.label_en);
    addField(dl, "Ook bekend als", (d.alt_labels || []).join(", "));
    addField(dl, "Soort", d.type || d.kind);
    addField(dl, "Rol", d.role);
    if (d.planned) { addField(dl, "Status", "gepland"); }
    addField(dl, "Begin", d.begin);
    addField(dl, "Einde", d.end);
    addField(dl, "Geldig op", (d.holds_on || []).join(", "));
    addField(dl, "Bronnen", (d.sources || []).join(", "));
    addField(dl, "Contact", (d.contact || []).join("; "));
    var iri = el("a", d.iri);
    iri.href = d.iri;
    addField(dl, "IRI", iri);
    if (d.evidence && d.evidence.length) { addField(dl, "Uit de bron", excerpts(d.evidence)); }
    addField(dl, "Relaties", relations(node));
    details.appendChild(dl);
  }

  function select(node) {
    cy.elements().unselect();
    node.select();
    cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 250 });
    showDetails(node);
    document.getElementById("status").textContent = "geselecteerd: " + node.data("label");
  }

  cy.on("tap", "node", function (evt) { select(evt.target); });

  /* ---------- search ---------- */
  var search = document.getElementById("search");
  var matchList = document.getElementById("matches");

  function norm(s) { return (s || "").toLocaleLowerCase("nl").normalize("NFD").replace(/[\u0300-\u036f]/g, ""); }

  function findNodes(query) {
    var q = norm(query.trim());
    if (!q) { return []; }
    var scored = [];
    cy.nodes().forEach(function (n) {
      var names = [n.data("label"), n.data("label_en")].concat(n.data("alt_labels") || []);
      var best = 99;
      names.forEach(function (name) {
        var v = norm(name);
        if (v === q) { best = Math.min(best, 0); }
        else if (v.indexOf(q) === 0) { best = Math.min(best, 1); }
        else if (v.indexOf(q) >= 0) { best = Math.min(best, 2); }
      });
      if (best < 99) { scored.push([best, n.data("label").length, n]); }
    });
    scored.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return scored.map(function (s) { return s[2]; });
  }

  function showMatches() {
    matchList.textContent = "";
    findNodes(search.value).slice(0, 15).forEach(function (n, i) {
      var li = el("li", n.data("label") + " — " + (n.data("type") || n.data("kind")));
      if (i === 0) { li.className = "active"; }
      li.addEventListener("mousedown", function (evt) { evt.preventDefault(); select(n); matchList.textContent = ""; });
      matchList.appendChild(li);
    });
  }

  search.addEventListener("input", showMatches);
  search.addEventListener("keydown", function (evt) {
    if (evt.key === "Enter") {
      var found = findNodes(search.value);
      if (found.length) { select(found[0]); }
      matchList.textContent = "";
    } else if (evt.key === "Escape") {
      matchList.textContent = "";
    }
  });
  search.addEventListener("blur", function () { matchList.textContent = ""; });

  /* ---------- relation filters ---------- */
  var filters = document.getElementById("filters");
  var present = {};
  cy.edges().forEach(function (e) { present[e.data("kind")] = (present[e.data("kind")] || 0) + 1; });
  Object.keys(KINDS).forEach(function (kind) {
    if (!present[kind]) { return; }
    var label = el("label");
    var box = el("input");
    box.type = "checkbox"; box.checked = true; box.id = "filter-" + kind; box.dataset.kind = kind;
    box.addEventListener("change", apply);
    label.appendChild(box);
    var sw = el("span", null, "swatch");
    sw.style.borderTopColor = COLOURS[kind] || "#999";
    label.appendChild(sw);
    label.appendChild(document.createTextNode(KINDS[kind] + " (" + present[kind] + ")"));
    filters.appendChild(label);
  });

  /* ---------- date control ---------- */
  var dates = data.dates;
  var slider = document.getElementById("date");
  var allDates = document.getElementById("all-dates");
  var showPlanned = document.getElementById("show-planned");
  var dateLabel = document.getElementById("date-label");
  slider.max = String(Math.max(dates.length - 1, 0));
  slider.value = slider.max;

  function currentDate() { return dates[Number(slider.value)] || ""; }

  function holds(ele, day) { return (ele.data("holds_on") || []).indexOf(day) >= 0; }

  function apply() {
    var day = currentDate();
    dateLabel.textContent = allDates.checked ? "alle data" : day;
    var kindsOn = {};
    filters.querySelectorAll("input").forEach(function (b) { kindsOn[b.dataset.kind] = b.checked; });
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        var on = (showPlanned.checked || !n.data("planned")) &&
                 (allDates.checked || (!n.data("planned") && holds(n, day)));
        n.toggleClass("off", !on);
      });
      cy.edges().forEach(function (e) {
        var on = kindsOn[e.data("kind")] !== false &&
                 (showPlanned.checked || !e.data("planned")) &&
                 (allDates.checked || (!e.data("planned") && holds(e, day)));
        e.toggleClass("off", !on);
      });
    });
    var shown = cy.nodes().not(".off").length;
    document.getElementById("status").textContent = shown + " van " + cy.nodes().length + " knopen zichtbaar";
  }

  slider.addEventListener("input", function () { allDates.checked = false; apply(); });
  allDates.addEventListener("change", apply);
  showPlanned.addEventListener("change", apply);
  document.getElementById("fit").addEventListener("click", function () { cy.fit(cy.elements().not(".off"), 20); });

  apply();
  window.ipoExplorer = { cy: cy, select: select, findNodes: findNodes, apply: apply, dates: dates };
})();
