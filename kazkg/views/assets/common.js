/* kazkg: what the network page and the explorer share: building DOM elements from text (always
 * through textContent, never innerHTML, so labels and quotes show literally), date spans, and
 * the details of an entity or a relation of a network. */
window.kazkgDom = (function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function span(start, end) {
    if (start && end) return start === end ? start : start + " \u2013 " + end;
    if (start) return "from " + start;
    if (end) return "until " + end;
    return null;
  }

  function addRow(list, term, value) {
    if (value === null || value === undefined || value === "") return;
    list.appendChild(el("dt", null, term));
    var dd = el("dd");
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = String(value);
    list.appendChild(dd);
  }

  function nodeDetails(info) {
    var box = el("div", "kz-tip");
    box.appendChild(el("div", "kz-tip-title", info.label));
    box.appendChild(el("div", "kz-tip-kind", info.kindLabel));
    var list = el("dl");
    addRow(list, "dates", span(info.start, info.end));
    if (info.parents.length) {
      var parents = el("div");
      info.parents.forEach(function (p) {
        var when = span(p.start, p.end);
        parents.appendChild(el("div", null, p.label + (when ? " (" + when + ")" : "")));
      });
      addRow(list, info.parents.length > 1 ? "parents" : "parent", parents);
    }
    if (info.aliases.length) addRow(list, "also", info.aliases.join("; "));
    addRow(list, "relations", info.degree);
    addRow(list, "IRI", info.iri);
    box.appendChild(list);
    return box;
  }

  function edgeDetails(info) {
    var box = el("div", "kz-tip");
    box.appendChild(el("div", "kz-tip-title", info.relationLabel));
    box.appendChild(el("div", "kz-tip-kind", info.sourceLabel + " \u2192 " + info.targetLabel));
    var list = el("dl");
    addRow(list, info.end ? "dates" : "date", info.end ? span(info.date, info.end) : info.date);
    addRow(list, "fact", info.fact);
    box.appendChild(list);
    if (info.quote) box.appendChild(el("blockquote", null, "\u201c" + info.quote + "\u201d"));
    return box;
  }

  return { el: el, span: span, addRow: addRow, nodeDetails: nodeDetails, edgeDetails: edgeDetails };
})();
