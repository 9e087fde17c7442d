/* kazkg explorer: networks laid out on the server, drawn at once with vis-network.  Physics is
 * off until asked; clicking an entity opens its page.  Text reaches the page through
 * textContent only. */
(function () {
  "use strict";

  var nodeTip = window.kazkgDom.nodeDetails;
  var edgeTip = window.kazkgDom.edgeDetails;

  var drawn = [];
  window.kazkgNetworks = drawn;
  window.kazkgDrawn = false;

  function options(data) {
    var o = data.options;
    o.physics.enabled = !data.placed;
    o.interaction = Object.assign({}, o.interaction, { hover: true, navigationButtons: false });
    return o;
  }

  /* vis-network gets only what it draws; the rest stays beside it, and tooltips are made when
   * the pointer first reaches an entity or relation. */
  function datasets(data) {
    var info = { nodes: {}, edges: {} };
    var labels = {};
    data.nodes.forEach(function (n) { labels[n.id] = n.kazkg.label; });
    function bare(item, store) {
      store[item.id] = item.kazkg;
      if (item.from !== undefined) {  // a relation: name its ends
        item.kazkg.sourceLabel = labels[item.from];
        item.kazkg.targetLabel = labels[item.to];
      }
      var copy = {};
      Object.keys(item).forEach(function (key) { if (key !== "kazkg") copy[key] = item[key]; });
      return copy;
    }
    return {
      info: info,
      nodes: new vis.DataSet(data.nodes.map(function (n) { return bare(n, info.nodes); })),
      edges: new vis.DataSet(data.edges.map(function (e) { return bare(e, info.edges); }))
    };
  }

  function frame(network, container, data) {
    if (!data.nodes.length) return;
    var xs = data.nodes.map(function (n) { return n.x || 0; });
    var ys = data.nodes.map(function (n) { return n.y || 0; });
    var low = { x: Math.min.apply(null, xs), y: Math.min.apply(null, ys) };
    var high = { x: Math.max.apply(null, xs), y: Math.max.apply(null, ys) };
    var scale = Math.min(
      container.clientWidth / (high.x - low.x + 200),
      container.clientHeight / (high.y - low.y + 120),
      1.2
    );
    network.moveTo({ position: { x: (low.x + high.x) / 2, y: (low.y + high.y) / 2 }, scale: scale, animation: false });
  }

  function draw(container) {
    if (container.kazkgNetwork) return container.kazkgNetwork;
    var block = document.getElementById(container.getAttribute("data-network"));
    var data = JSON.parse(block.textContent);
    var sets = datasets(data);
    var network = new vis.Network(container, { nodes: sets.nodes, edges: sets.edges }, options(data));
    container.kazkgNetwork = network;
    container.kazkgData = sets;
    drawn.push(network);
    frame(network, container, data);
    network.on("hoverNode", function (params) {
      var node = network.body.nodes[params.node];
      if (node && !node.options.title) node.options.title = nodeTip(container.kazkgData.info.nodes[params.node]);
    });
    network.on("hoverEdge", function (params) {
      var edge = network.body.edges[params.edge];
      if (edge && !edge.options.title) edge.options.title = edgeTip(container.kazkgData.info.edges[params.edge]);
    });
    network.once("afterDrawing", function () {
      window.kazkgDrawnMs = performance.now();
      window.kazkgDrawn = true;
      container.setAttribute("data-drawn", String(data.nodes.length));
      document.dispatchEvent(new CustomEvent("kazkg:drawn", { detail: container.id }));
    });
    network.on("click", function (params) {
      if (!params.nodes.length) return;
      var info = container.kazkgData.info.nodes[params.nodes[0]];
      if (info.page && !info.focus) window.location.assign(info.page);
    });
    return network;
  }

  function redraw(container, data) {
    var network = container.kazkgNetwork;
    var sets = datasets(data);
    container.kazkgData = sets;
    network.setOptions(options(data));
    network.setData({ nodes: sets.nodes, edges: sets.edges });
    frame(network, container, data);
    network.once("afterDrawing", function () {
      container.setAttribute("data-drawn", String(data.nodes.length));
    });
  }

  function controls(container) {
    var section = container.closest("section");
    if (!section) return;
    var count = section.querySelector(".ego-count");
    function say(data) {
      if (count) count.textContent = data.nodes.length + " entities, " + data.edges.length + " relations";
    }
    say(JSON.parse(document.getElementById(container.getAttribute("data-network")).textContent));
    Array.prototype.forEach.call(section.querySelectorAll("button[data-depth]"), function (button) {
      button.addEventListener("click", function () {
        var depth = button.getAttribute("data-depth");
        var entity = container.getAttribute("data-entity");
        fetch("/api/ego/" + encodeURIComponent(entity) + "?depth=" + depth, { headers: { Accept: "application/json" } })
          .then(function (response) { if (!response.ok) throw new Error("HTTP " + response.status); return response.json(); })
          .then(function (data) {
            redraw(container, data);
            say(data);
            Array.prototype.forEach.call(section.querySelectorAll("button[data-depth]"), function (b) {
              b.setAttribute("aria-pressed", b === button ? "true" : "false");
            });
          })
          .catch(function (error) { if (count) count.textContent = "could not load: " + error.message; });
      });
    });
    var physics = section.querySelector("button.physics");
    if (physics) {
      physics.addEventListener("click", function () {
        var on = physics.getAttribute("aria-pressed") !== "true";
        physics.setAttribute("aria-pressed", on ? "true" : "false");
        container.kazkgNetwork.setOptions({ physics: { enabled: on } });
      });
    }
  }

  window.kazkgDraw = draw;
  Array.prototype.forEach.call(document.querySelectorAll(".network[data-network]"), function (container) {
    if (container.getAttribute("data-lazy") === "true") return;
    draw(container);
    controls(container);
  });
})();
