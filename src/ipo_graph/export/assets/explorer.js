/* The IPO explorer: a tree rooted at IPO (laid out by dagre), collapsible by level, with the force
   layout as an option; search, details on click, relation filters and a date control that
   steps through every day the data knows. Data come from the JSON block written by
   ipo_graph.export.html; all text is put into the page with textContent, never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("ipo-data").textContent);
  var KINDS = data.edge_kinds;          // kind -> Dutch legend text
  var COLOURS = data.edge_colours;      // kind -> colour
  var NODE_COLOURS = data.node_colours; // type or kind -> colour
  var TREE = {};                        // edge kinds that make the tree (parent -> child)
  data.tree_kinds.forEach(function (k) { TREE[k] = true; });
  var FONT = "11px 'DejaVu Sans', sans-serif";
  var LINE = 14;                        // px per label line
  var WRAP = 26;                        // characters per label line

  function nodeColour(ele) {
    return NODE_COLOURS[ele.data("type")] || NODE_COLOURS[ele.data("kind")] || "#d9d9d9";
  }

  /* Labels are wrapped here and the box is sized to the measured text, so a label never
     sticks out of its box and the layout spaces boxes by their real size. */
  var measure = document.createElement("canvas").getContext("2d");
  measure.font = FONT;
  function wrap(text) {
    var lines = [];
    String(text || "").split(" ").forEach(function (word) {
      var last = lines.length - 1;
      if (last >= 0 && (lines[last] + " " + word).length <= WRAP) { lines[last] += " " + word; }
      else { lines.push(word); }
    });
    return lines;
  }
  data.elements.nodes.forEach(function (n) {
    var lines = wrap(n.data.label);
    var widest = 0;
    measure.font = (n.data.type === "ipo:Association" ? "bold " : "") + FONT;  // as drawn
    lines.forEach(function (l) { widest = Math.max(widest, measure.measureText(l).width); });
    n.data.text = lines.join("\n");
    n.data.w = Math.ceil(widest) + 16;
    n.data.h = lines.length * LINE + 10;
  });

  var style = [
    { selector: "node", style: {
      "label": "data(text)", "font-size": 11, "font-family": "DejaVu Sans, sans-serif",
      "text-wrap": "wrap", "text-max-width": 1000, "text-valign": "center", "text-halign": "center",
      "shape": "round-rectangle", "width": "data(w)", "height": "data(h)",
      "background-color": nodeColour, "background-blacken": -0.65, "border-width": 1, "border-color": "#555",
      "color": "#111", "min-zoomed-font-size": 0 } },
    { selector: "node[type = 'ipo:Association']", style: { "background-blacken": 0, "color": "#fff", "font-weight": "bold" } },
    { selector: "node[kind = 'post']", style: { "shape": "rectangle", "background-color": "#fff", "background-opacity": 1 } },
    { selector: "node[kind = 'person']", style: { "shape": "round-tag" } },
    { selector: "node[?planned]", style: { "border-style": "dashed", "border-width": 2 } },
    { selector: "node.presumed", style: { "color": "#7f7f7f", "border-color": "#a6a6a6" } },
    { selector: "node.has-hidden", style: { "border-width": 3, "border-color": "#1f4e79" } },
    { selector: "edge", style: {
      "width": 1.2, "curve-style": "bezier", "target-arrow-shape": "triangle", "arrow-scale": 0.8,
      "line-color": function (e) { return COLOURS[e.data("kind")] || "#999"; },
      "target-arrow-color": function (e) { return COLOURS[e.data("kind")] || "#999"; } } },
    { selector: "edge.tree", style: { "curve-style": "straight", "target-arrow-shape": "none" } },
    { selector: "edge[kind = 'reports-to']", style: { "width": 2.5 } },
    { selector: "edge[kind = 'membership']", style: { "line-style": "dashed", "opacity": 0.6 } },
    { selector: "edge[?planned]", style: { "line-style": "dashed", "line-dash-pattern": [6, 4] } },
    { selector: "edge[kind = 'substitute']", style: { "line-style": "dotted", "source-arrow-shape": "triangle", "source-arrow-color": "#7030a0" } },
    { selector: "edge.faint", style: { "opacity": 0.25 } },
    { selector: "edge.near", style: { "opacity": 1, "z-index": 5 } },
    { selector: "edge.aux", style: { "visibility": "hidden", "events": "no" } },
    { selector: ".off, .collapsed", style: { "display": "none" } },
    { selector: "node:selected", style: { "border-width": 4, "border-color": "#ff8c00", "z-index": 10 } }
  ];

  var cy = cytoscape({
    container: document.getElementById("cy"),
    elements: data.elements,
    style: style,
    layout: { name: "preset" },
    minZoom: 0.05,
    maxZoom: 4
  });
  cy.edges().forEach(function (e) { if (TREE[e.data("kind")]) { e.addClass("tree"); } });
  window.ipoExplorer = { cy: cy };

  /* ---------- the tree: depth from the root, collapsing ---------- */
  var root = cy.getElementById(data.root);
  var depth = {};
  var children = {};
  (function () {
    var queue = root.nonempty() ? [root.id()] : [];
    if (queue.length) { depth[queue[0]] = 0; }
    while (queue.length) {
      var id = queue.shift();
      cy.getElementById(id).outgoers("edge.tree").forEach(function (e) {
        var child = e.target().id();
        if (depth[child] === undefined) {
          depth[child] = depth[id] + 1;
          (children[id] = children[id] || []).push(child);
          queue.push(child);
        }
      });
    }
  })();
  /* Nodes no tree line reaches (provinces, partners, sites, people with a role) hang under
     the first tree node they have any relation with, by an invisible layout line, and
     start folded away under it. */
  var aux = {};  // child id -> true when it hangs by such a line
  function hang(parent, child) {
    depth[child] = depth[parent] + 1;
    aux[child] = true;
    (children[parent] = children[parent] || []).push(child);
    cy.add({ group: "edges", classes: "tree aux",
             data: { id: "aux:" + parent + ":" + child, source: parent, target: child, kind: "aux", holds_changes: [] } });
  }
  (function () {
    var queue = Object.keys(depth);
    var loose = cy.nodes().sort(function (a, b) { return b.degree() - a.degree(); });
    var next = 0;
    while (queue.length || next < loose.length) {
      if (!queue.length) {  // a part with no relation to the tree at all hangs under the root
        var n = loose[next++];
        if (depth[n.id()] !== undefined || root.empty()) { continue; }
        hang(root.id(), n.id());
        queue.push(n.id());
        continue;
      }
      var id = queue.shift();
      cy.getElementById(id).connectedEdges().forEach(function (e) {
        var other = e.source().id() === id ? e.target() : e.source();
        var oid = other.id();
        if (depth[oid] === undefined) {
          hang(id, oid);
          queue.push(oid);
        }
      });
    }
  })();
  var collapsed = {};  // node id -> true when its children are hidden
  var auxOpen = {};    // node id -> true when the nodes hanging by layout lines are shown
  var parentOf = {};   // node id -> its parent in the tree (tree lines and layout lines)
  Object.keys(children).forEach(function (id) {
    children[id].forEach(function (c) { parentOf[c] = id; });
  });

  function hiddenByCollapse(id) {
    // hidden when an ancestor is folded: collapsed, or its layout-line children not opened
    var cur = id;
    var guard = 0;
    while (parentOf[cur] !== undefined && guard++ < 1000) {
      var parent = parentOf[cur];
      if (collapsed[parent] || (aux[cur] && !auxOpen[parent])) { return true; }
      cur = parent;
    }
    return false;
  }
  var levelInput = document.getElementById("levels");
  var maxDepth = 0;
  Object.keys(depth).forEach(function (id) { maxDepth = Math.max(maxDepth, depth[id]); });
  levelInput.max = String(maxDepth + 1);

  function collapseToLevel(levels) {
    collapsed = {};
    auxOpen = {};
    Object.keys(children).forEach(function (id) { if (depth[id] >= levels - 1) { collapsed[id] = true; } });
    apply();
  }

  function expandTo(node) {
    var cur = node.id();
    var guard = 0;
    while (parentOf[cur] !== undefined && guard++ < 1000) {
      delete collapsed[parentOf[cur]];
      if (aux[cur]) { auxOpen[parentOf[cur]] = true; }
      cur = parentOf[cur];
    }
  }

  /* ---------- layouts ---------- */
  var layoutChoice = document.getElementById("layout");

  /* dagre ranks the tree left to right from the boxes' own sizes (data w, h: known exactly,
     whether or not a box was on screen a moment ago). Left to right, a level is a column:
     IPO's thirteen parts stack one under the other and read at full size, where a row of
     them (top down) fitted the window only at a third of it. */
  function treePositions(nodes, lines) {
    var g = new dagre.graphlib.Graph({ multigraph: true });
    g.setGraph({ rankdir: "LR", nodesep: 10, ranksep: 60, edgesep: 8 });
    g.setDefaultEdgeLabel(function () { return {}; });
    nodes.forEach(function (n) { g.setNode(n.id(), { width: n.data("w") + 4, height: n.data("h") + 4 }); });
    lines.forEach(function (e) { g.setEdge(e.source().id(), e.target().id(), {}, e.id()); });
    dagre.layout(g);
    var pos = {};
    g.nodes().forEach(function (id) { var p = g.node(id); pos[id] = { x: p.x, y: p.y }; });
    return pos;
  }

  function runLayout() {
    var shown = cy.elements().not(".off, .collapsed");
    var opts;
    if (shown.nodes().empty()) { return; }
    // in the tree, lines across it are faint until a box they touch is selected
    cy.edges().not(".tree").toggleClass("faint", layoutChoice.value !== "force");
    if (layoutChoice.value === "force") {
      opts = { name: "cose", animate: false, randomize: false, nodeOverlap: 40, padding: 20,
               nodeRepulsion: function () { return 60000; }, idealEdgeLength: function () { return 80; } };
      shown.layout(opts).run();
    } else {
      var nodes = shown.nodes();
      var lines = shown.edges(".tree").filter(function (e) {
        return nodes.contains(e.source()) && nodes.contains(e.target());
      });
      var pos = treePositions(nodes, lines);
      nodes.layout({ name: "preset", fit: false, animate: false,
                     positions: function (n) { return pos[n.id()]; } }).run();
    }
    if (selected && selected.visible()) {  // keep the selected box in view, readable
      cy.zoom(Math.max(cy.zoom(), 1));
      cy.center(selected);
    } else {
      showReadable(shown.nodes());
    }
  }

  /* The whole view when its labels stay readable; otherwise readable labels from the root
     on (the first levels), the rest a pan away or one click on "Passend maken" (fit). */
  var READABLE = 0.7;   // the 11 px labels drawn at about 8 px: smaller is hard to read
  var LARGEST = 1.25;   // no larger than this when a few boxes would fill the window
  function showReadable(nodes) {
    cy.fit(nodes, 20);
    if (cy.zoom() > LARGEST) {
      cy.zoom(LARGEST);
      cy.center(nodes);
    } else if (cy.zoom() < READABLE && root.nonempty() && root.visible()) {
      cy.zoom(READABLE);
      var box = root.renderedBoundingBox();
      var start = layoutChoice.value === "force" ? cy.width() / 2 - (box.x1 + box.x2) / 2 : 20 - box.x1;
      cy.panBy({ x: start, y: cy.height() / 2 - (box.y1 + box.y2) / 2 });
    }
  }

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
    var day = currentDay();
    node.connectedEdges().not(".aux").forEach(function (edge) {
      if (!onDay(edge, day)) { return; }  // the details follow the date control
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
      if (edge.data("begin")) { when = "sinds " + edge.data("begin"); }
      if (edge.data("planned")) { when = "gepland" + (when ? "; " + when : ""); }
      if (when) { li.appendChild(el("span", " (" + when + ")")); }
      if (edge.data("evidence") && edge.data("evidence").length) { li.appendChild(excerpts(edge.data("evidence"))); }
      ul.appendChild(li);
    });
    if (!ul.children.length) { ul.appendChild(el("li", "geen relaties op deze datum", "none")); }
    return ul;
  }

  function showDetails(node) {
    details.textContent = "";
    var d = node.data();
    details.appendChild(el("h2", d.label));
    var dl = el("dl");
    var day = currentDay();
    var state = allDates.checked ? "alle data" :
      (d.planned ? "gepland (geldt op geen datum)" :
        (holds(node, day) ? "geldt op " + day : "geldt niet op " + day));
    if (!allDates.checked && presumedOn(node, day) && d.last_stated) {
      state += " (vermoedelijk, laatst vermeld " + d.last_stated + ")";
    }
    addField(dl, "Stand", state);
    addField(dl, "Engels", d.label_en);
    addField(dl, "Ook bekend als", (d.alt_labels || []).join(", "));
    addField(dl, "Soort", d.type_label || d.type || d.kind);
    addField(dl, "Rol", d.role);
    if (d.ad_interim) { addField(dl, "Invulling", "ad interim (a.i.)"); }
    if (d.vacancy) { addField(dl, "Vacature", d.vacancy === "open" ? "open" : "sluit " + d.vacancy); }
    addField(dl, "Begin", d.begin);
    addField(dl, "Einde", d.end);
    addField(dl, "Bronnen", (d.sources || []).join(", "));
    addField(dl, "Contact", (d.contact || []).join("; "));
    var iri = el("a", d.iri);
    iri.href = d.iri;
    addField(dl, "IRI", iri);
    if (d.evidence && d.evidence.length) { addField(dl, "Uit de bron", excerpts(d.evidence)); }
    addField(dl, allDates.checked ? "Relaties" : "Relaties op " + day, relations(node));
    details.appendChild(dl);
  }

  var selected = null;

  function select(node) {
    selected = node;
    if (node.hasClass("collapsed")) { expandTo(node); apply(); }
    cy.elements().unselect();
    node.select();
    cy.edges().removeClass("near");
    node.connectedEdges().addClass("near");
    // centre it with room around it, so that neither box nor label is cut off at an edge
    cy.animate({ center: { eles: node }, zoom: Math.max(Math.min(cy.zoom(), 2), 1) }, { duration: 250 });
    showDetails(node);
    setStatus("geselecteerd: " + node.data("label"));
  }

  cy.on("tap", "node", function (evt) { select(evt.target); });
  cy.on("dbltap", "node", function (evt) {
    var id = evt.target.id();
    if (!children[id]) { return; }
    var open = !collapsed[id] && (auxOpen[id] || !children[id].some(function (c) { return aux[c]; }));
    collapsed[id] = open;
    auxOpen[id] = !open;
    apply(); runLayout();
  });

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

  function nothingFound() {
    matchList.textContent = "";
    var li = el("li", "Niets gevonden voor “" + search.value.trim() + "”", "none");
    matchList.appendChild(li);
    setStatus("niets gevonden voor “" + search.value.trim() + "”");
  }

  function showMatches() {
    matchList.textContent = "";
    if (!search.value.trim()) { return; }
    var found = findNodes(search.value);
    if (!found.length) { nothingFound(); return; }
    found.slice(0, 15).forEach(function (n, i) {
      var li = el("li", n.data("label") + " — " + (n.data("type_label") || n.data("type") || n.data("kind")));
      if (i === 0) { li.className = "active"; }
      li.addEventListener("mousedown", function (evt) { evt.preventDefault(); select(n); matchList.textContent = ""; });
      matchList.appendChild(li);
    });
  }

  search.addEventListener("input", showMatches);
  search.addEventListener("keydown", function (evt) {
    if (evt.key === "Enter") {
      var found = findNodes(search.value);
      if (found.length) { select(found[0]); matchList.textContent = ""; }
      else if (search.value.trim()) { nothingFound(); }
    } else if (evt.key === "Escape") {
      matchList.textContent = "";
    }
  });
  search.addEventListener("blur", function () {
    if (!matchList.querySelector(".none")) { matchList.textContent = ""; }
  });

  /* ---------- relation filters ---------- */
  var filters = document.getElementById("filters");
  var present = {};
  cy.edges().forEach(function (e) { present[e.data("kind")] = (present[e.data("kind")] || 0) + 1; });
  var filterCounts = {};
  Object.keys(KINDS).forEach(function (kind) {
    if (!present[kind]) { return; }
    var label = el("label");
    var box = el("input");
    box.type = "checkbox"; box.checked = true; box.id = "filter-" + kind; box.dataset.kind = kind;
    box.addEventListener("change", function () { apply(); });
    label.appendChild(box);
    var sw = el("span", null, "swatch");
    sw.style.borderTopColor = COLOURS[kind] || "#999";
    label.appendChild(sw);
    label.appendChild(document.createTextNode(KINDS[kind] + " "));
    filterCounts[kind] = el("span", "", "count");
    label.appendChild(filterCounts[kind]);
    filters.appendChild(label);
  });

  /* ---------- date control: one stop per day the data knows ---------- */
  var dates = data.dates;
  var slider = document.getElementById("date");
  var allDates = document.getElementById("all-dates");
  var showPlanned = document.getElementById("show-planned");
  var dateLabel = document.getElementById("date-label");
  slider.max = String(Math.max(dates.length - 1, 0));
  // start on the latest source's state date (the day the org chart shows), else the last day
  var startAt = dates.indexOf(data.start);
  slider.value = String(startAt >= 0 ? startAt : dates.length - 1);
  var START = data.start || dates[dates.length - 1] || "";

  function currentDay() { return dates[Number(slider.value)] || ""; }
  // A day-by-day series comes as the points where it changes, [[day index, value], ...]
  // (html.py): the value on a day is that of the last change on or before it.
  var dayIndex = {};
  dates.forEach(function (d, i) { dayIndex[d] = i; });
  function valueOn(changes, day) {
    var i = dayIndex[day], value;
    if (i === undefined) { return undefined; }
    for (var k = 0; k < (changes || []).length && changes[k][0] <= i; k++) { value = changes[k][1]; }
    return value;
  }
  function holds(ele, day) { return valueOn(ele.data("holds_changes"), day) === true; }
  // presumed on this day: a source stated it earlier and none states its end (the time rule)
  function presumedOn(ele, day) { return valueOn(ele.data("status_changes"), day) === "presumed"; }
  function onDay(ele, day) {
    // planned things are announced by the latest source: shown (dashed) from its state date
    if (ele.data("planned")) { return showPlanned.checked && (allDates.checked || day >= START); }
    return allDates.checked || holds(ele, day);
  }
  function setStatus(text) { document.getElementById("status").textContent = text; }

  function apply() {
    var day = currentDay();
    dateLabel.textContent = allDates.checked ? "alle data" : day;
    var kindsOn = {};
    filters.querySelectorAll("input").forEach(function (b) { kindsOn[b.dataset.kind] = b.checked; });
    var counts = {};
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        n.toggleClass("off", !onDay(n, day));
        n.toggleClass("presumed", !allDates.checked && presumedOn(n, day));
        n.toggleClass("collapsed", hiddenByCollapse(n.id()));
        var folded = (children[n.id()] || []).some(function (c) {
          return collapsed[n.id()] || (aux[c] && !auxOpen[n.id()]);
        });
        n.toggleClass("has-hidden", folded);
      });
      cy.edges(".aux").forEach(function (e) { e.toggleClass("off", e.target().hasClass("off")); });
      cy.edges().not(".aux").forEach(function (e) {
        var on = onDay(e, day);
        if (on) { counts[e.data("kind")] = (counts[e.data("kind")] || 0) + 1; }
        e.toggleClass("off", !(on && kindsOn[e.data("kind")] !== false));
      });
    });
    Object.keys(filterCounts).forEach(function (k) { filterCounts[k].textContent = "(" + (counts[k] || 0) + ")"; });
    var shown = cy.nodes().not(".off").length;
    setStatus(shown + " van " + cy.nodes().length + " knopen op " + (allDates.checked ? "alle data" : day) +
              (shown ? ", " + cy.nodes().not(".off, .collapsed").length + " uitgeklapt"
                     : ": de bronnen noemen niets dat op deze dag geldt"));
    if (selected) { showDetails(selected); }
  }

  function changed() { apply(); runLayout(); }
  slider.addEventListener("input", function () { allDates.checked = false; changed(); });
  allDates.addEventListener("change", changed);
  showPlanned.addEventListener("change", changed);
  layoutChoice.addEventListener("change", runLayout);
  levelInput.addEventListener("change", function () { collapseToLevel(Number(levelInput.value)); runLayout(); });
  document.getElementById("expand").addEventListener("click", function () {
    collapsed = {}; auxOpen = {};
    Object.keys(children).forEach(function (id) { auxOpen[id] = true; });
    levelInput.value = levelInput.max; apply(); runLayout();
  });
  document.getElementById("fit").addEventListener("click", function () { cy.fit(cy.elements().not(".off, .collapsed"), 20); });

  collapseToLevel(Number(levelInput.value));
  runLayout();
  window.ipoExplorer = { cy: cy, select: select, findNodes: findNodes, apply: apply, dates: dates,
                         depth: depth, runLayout: runLayout, collapseToLevel: collapseToLevel };
})();
