/* kazkg network page: builds the vis-network view from the JSON data block and wires up the
 * search, filter and details controls.  All graph text reaches the page through textContent or
 * DOM elements, never through innerHTML, so labels and quotes show literally. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kazkg-data").textContent);
  var started = performance.now();
  window.kazkgStabilized = false;
  window.kazkgStabilizationMs = null;

  var dom = window.kazkgDom;
  var el = dom.el;
  var span = dom.span;
  var nodeDetails = dom.nodeDetails;
  var edgeDetails = dom.edgeDetails;

  /* vis-network gets only what it draws; what the page shows about each entity and relation is
   * kept beside it (vis copies every item's options, so less is faster for large networks). */
  var nodeInfo = {};
  var edgeInfo = {};
  data.labels = {};
  data.nodes.forEach(function (n) { data.labels[n.id] = n.kazkg.label; });
  var many = data.edges.length > 1000;  // relation labels are unreadable at that zoom anyway
  function drawn(item, info, store, dropLabel) {
    store[item.id] = info;
    if (item.from !== undefined) {  // a relation: name its ends
      info.sourceLabel = data.labels[item.from];
      info.targetLabel = data.labels[item.to];
    }
    var copy = {};
    Object.keys(item).forEach(function (key) {
      if (key !== "kazkg" && !(dropLabel && key === "label")) copy[key] = item[key];
    });
    return copy;
  }
  var nodes = new vis.DataSet(data.nodes.map(function (n) { return drawn(n, n.kazkg, nodeInfo, false); }));
  var edges = new vis.DataSet(data.edges.map(function (e) { return drawn(e, e.kazkg, edgeInfo, many); }));
  var container = document.getElementById("kazkg-canvas");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);

  /* tooltips are made when the pointer first reaches an entity or relation */
  network.on("hoverNode", function (params) {
    var node = network.body.nodes[params.node];
    if (node && !node.options.title) node.options.title = nodeDetails(nodeInfo[params.node]);
  });
  network.on("hoverEdge", function (params) {
    var edge = network.body.edges[params.edge];
    if (edge && !edge.options.title) edge.options.title = edgeDetails(edgeInfo[params.edge]);
  });

  /* a network laid out before the page was written is framed before it is first drawn */
  function frame() {
    var xs = data.nodes.map(function (n) { return n.x; });
    var ys = data.nodes.map(function (n) { return n.y; });
    var low = { x: Math.min.apply(null, xs), y: Math.min.apply(null, ys) };
    var high = { x: Math.max.apply(null, xs), y: Math.max.apply(null, ys) };
    var width = Math.max(high.x - low.x, 1) + 160;  // room for the outermost labels
    var height = Math.max(high.y - low.y, 1) + 120;
    var scale = Math.min(container.clientWidth / width, container.clientHeight / height, 1.5);
    network.moveTo({ position: { x: (low.x + high.x) / 2, y: (low.y + high.y) / 2 }, scale: scale, animation: false });
  }
  if (data.placed) frame();

  function settled() {
    if (window.kazkgStabilized) return;
    if (!data.placed) {
      network.setOptions({ physics: { enabled: false } });
      // fit() frames the shapes only: step back a little so the outermost labels show too.
      if (data.nodes.length > 1) network.moveTo({ scale: network.getScale() * 0.88 });
    }
    window.kazkgStabilizationMs = performance.now() - started;
    window.kazkgStabilized = true;
    document.getElementById("kazkg-loading").hidden = true;
    document.dispatchEvent(new CustomEvent("kazkg:stabilized", { detail: window.kazkgStabilizationMs }));
  }
  if (data.placed) network.once("afterDrawing", settled);  // laid out before the page was written
  else network.once("stabilizationIterationsDone", settled);
  if (data.nodes.length === 0) settled();

  /* ---- physics: off once laid out, on when asked ---- */
  var physics = document.getElementById("kazkg-physics");
  physics.addEventListener("click", function () {
    var on = physics.getAttribute("aria-pressed") !== "true";
    physics.setAttribute("aria-pressed", on ? "true" : "false");
    network.setOptions({ physics: { enabled: on } });
  });

  /* ---- details panel: pinned on click, with the entity's relations and their quotes ---- */
  var details = document.getElementById("kazkg-details");
  function showDetails(box) {
    details.replaceChildren();
    if (box) { details.appendChild(box); details.hidden = false; } else { details.hidden = true; }
  }

  function quoteBlock(text) {
    return el("blockquote", null, "\u201c" + text + "\u201d");
  }

  function facts(id) {
    var list = el("ul", "kz-facts");
    data.edges.forEach(function (e) {
      if (e.from !== id && e.to !== id) return;
      var info = edgeInfo[e.id];
      var item = el("li");
      var line = e.from === id
        ? info.relationLabel + " \u2192 " + info.targetLabel
        : info.sourceLabel + " \u2192 " + info.relationLabel;
      var when = info.end ? span(info.date, info.end) : info.date;
      item.appendChild(el("div", "kz-fact-line", line + (when ? " (" + when + ")" : "")));
      if (info.quote) item.appendChild(quoteBlock(info.quote));
      (info.quotes || []).forEach(function (q) { item.appendChild(quoteBlock(q)); });
      list.appendChild(item);
    });
    return list;
  }

  function pinnedNode(id) {
    var info = nodeInfo[id];
    var box = nodeDetails(info);
    if (info.page) {
      var link = el("a", "kz-page-link", "open the entity page");
      link.href = info.page;
      box.insertBefore(link, box.children[2]);
    }
    var list = facts(id);
    if (list.children.length) {
      box.appendChild(el("div", "kz-facts-title", "relations and evidence"));
      box.appendChild(list);
    }
    return box;
  }

  network.on("click", function (params) {
    if (params.nodes.length) showDetails(pinnedNode(params.nodes[0]));
    else if (params.edges.length) showDetails(edgeDetails(edgeInfo[params.edges[0]]));
    else showDetails(null);
  });
  network.on("doubleClick", function (params) {
    var page = params.nodes.length ? nodeInfo[params.nodes[0]].page : null;
    if (page) window.location.assign(page);
  });

  /* ---- search by name ---- */
  var input = document.getElementById("kazkg-search");
  var status = document.getElementById("kazkg-search-status");
  var results = document.getElementById("kazkg-search-results");
  var names = document.getElementById("kazkg-names");
  data.nodes.forEach(function (n) {
    var option = document.createElement("option");
    option.value = n.kazkg.label;
    names.appendChild(option);
  });

  function search(text) {
    var query = text.trim().toLowerCase();
    if (!query) return [];
    return data.nodes.filter(function (n) {
      var info = n.kazkg;
      return [info.label].concat(info.aliases).some(function (name) {
        return name.toLowerCase().indexOf(query) !== -1;
      });
    }).map(function (n) { return n.id; });
  }

  function focusOn(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: 1.1, animation: false });
    showDetails(pinnedNode(id));
  }

  function runSearch() {
    var found = search(input.value);
    results.replaceChildren();
    if (!input.value.trim()) { status.textContent = ""; network.unselectAll(); return found; }
    status.textContent = found.length === 1 ? "1 match" : found.length + " matches";
    found.slice(0, 50).forEach(function (id) {
      var item = el("li");
      var button = el("button", null, nodeInfo[id].label);
      button.type = "button";
      button.addEventListener("click", function () { focusOn(id); });
      item.appendChild(button);
      results.appendChild(item);
    });
    if (found.length === 1) focusOn(found[0]);
    else if (found.length > 1) { network.selectNodes(found); network.fit({ nodes: found, animation: false }); }
    else network.unselectAll();
    return found;
  }
  input.addEventListener("input", runSearch);
  document.getElementById("kazkg-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    runSearch();
  });

  /* ---- class and relation filters ---- */
  function swatch(shape, color) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 14 14");
    svg.setAttribute("class", "kz-swatch");
    svg.setAttribute("aria-hidden", "true");
    var points = {
      triangle: "7,1 13,13 1,13", triangleDown: "1,1 13,1 7,13", diamond: "7,0 14,7 7,14 0,7",
      hexagon: "3.5,1 10.5,1 14,7 10.5,13 3.5,13 0,7",
      star: "7,0 8.8,4.8 14,5 9.9,8.2 11.3,13.3 7,10.4 2.7,13.3 4.1,8.2 0,5 5.2,4.8"
    };
    var shapeNode;
    if (shape === "dot") {
      shapeNode = document.createElementNS(ns, "circle");
      shapeNode.setAttribute("cx", "7"); shapeNode.setAttribute("cy", "7"); shapeNode.setAttribute("r", "6");
    } else if (points[shape]) {
      shapeNode = document.createElementNS(ns, "polygon");
      shapeNode.setAttribute("points", points[shape]);
    } else {
      shapeNode = document.createElementNS(ns, "rect");
      shapeNode.setAttribute("x", "1"); shapeNode.setAttribute("y", "1");
      shapeNode.setAttribute("width", "12"); shapeNode.setAttribute("height", "12");
    }
    shapeNode.setAttribute("fill", color);
    svg.appendChild(shapeNode);
    return svg;
  }

  var hiddenFamilies = new Set();
  var hiddenRelations = new Set();
  function applyFilters() {
    nodes.update(data.nodes.map(function (n) {
      return { id: n.id, hidden: hiddenFamilies.has(n.kazkg.family) };
    }));
    edges.update(data.edges.map(function (e) {
      return { id: e.id, hidden: hiddenRelations.has(e.kazkg.relationLabel) };
    }));
  }

  function filterItem(list, hidden, key, text, count, mark) {
    var item = el("li");
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = key;
    box.addEventListener("change", function () {
      if (box.checked) hidden.delete(key); else hidden.add(key);
      applyFilters();
    });
    label.appendChild(box);
    if (mark) label.appendChild(mark);
    label.appendChild(el("span", null, text));
    label.appendChild(el("span", "kz-count", count));
    item.appendChild(label);
    list.appendChild(item);
  }

  var legend = document.getElementById("kazkg-legend");
  data.families.forEach(function (f) {
    filterItem(legend, hiddenFamilies, f.name, f.label, f.count, swatch(f.shape, f.color));
  });
  var relationList = document.getElementById("kazkg-relations");
  data.relations.forEach(function (r) {
    filterItem(relationList, hiddenRelations, r.label, r.label, r.count, null);
  });
  Array.prototype.forEach.call(document.querySelectorAll("button[data-toggle]"), function (button) {
    button.addEventListener("click", function () {
      var list = document.getElementById(button.getAttribute("data-toggle"));
      var on = button.getAttribute("data-state") === "on";
      Array.prototype.forEach.call(list.querySelectorAll("input[type=checkbox]"), function (box) {
        if (box.checked !== on) { box.checked = on; box.dispatchEvent(new Event("change")); }
      });
    });
  });

  window.kazkg = {
    network: network,
    nodes: nodes,
    edges: edges,
    nodeInfo: nodeInfo,
    edgeInfo: edgeInfo,
    search: function (text) { input.value = text; return runSearch(); },
    drawn: function () {
      return { nodes: network.body.nodeIndices.length, edges: network.body.edgeIndices.length };
    }
  };
})();
