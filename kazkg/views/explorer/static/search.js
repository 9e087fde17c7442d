/* kazkg explorer: suggestions as you type, for the search box on every page and for the entity
 * parameters of the workbench.  Every text reaches the page through textContent. */
(function () {
  "use strict";

  var ENTITY_BASE = "https://w3id.org/kazkg/id/";

  var el = window.kazkgDom.el;

  function entityPage(iri) {
    if (iri.indexOf(ENTITY_BASE) === 0 && /^[A-Za-z0-9._~-]+$/.test(iri.slice(ENTITY_BASE.length))) {
      return "/entity/" + iri.slice(ENTITY_BASE.length);
    }
    return null;
  }

  function attach(input, number) {
    var list = input.parentNode.querySelector("ul.suggestions");
    if (!list) return;
    var mode = input.getAttribute("data-suggest");
    var items = [];
    var active = -1;
    var asked = 0;
    var timer = null;
    list.id = list.id || "suggestions-" + number;
    input.setAttribute("aria-controls", list.id);

    function close() {
      list.hidden = true;
      list.replaceChildren();
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function mark(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) input.setAttribute("aria-activedescendant", list.children[index].id);
    }

    function pick(item) {
      var page = entityPage(item.iri);
      if (mode === "go") {
        window.location.assign(page || "/search?q=" + encodeURIComponent(item.label));
      } else {
        input.value = item.label;
        close();
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }

    function show(found) {
      list.replaceChildren();
      items = found;
      active = -1;
      found.forEach(function (item, i) {
        var li = el("li", "suggestion");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("data-iri", item.iri);
        var line = el("div", "s-line");
        line.appendChild(el("span", "s-label", item.label));
        if (item["class"]) line.appendChild(el("span", "s-class", item["class"]));
        li.appendChild(line);
        if (item.matched) li.appendChild(el("div", "s-matched", "as \u201c" + item.matched + "\u201d"));
        if (item.description) li.appendChild(el("div", "s-desc", item.description));
        li.addEventListener("mousedown", function (event) { event.preventDefault(); pick(item); });
        list.appendChild(li);
      });
      list.hidden = found.length === 0;
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
    }

    function ask() {
      var text = input.value.trim();
      if (!text) { close(); return; }
      var mine = ++asked;
      fetch("/api/search?limit=8&q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (found) { if (mine === asked) show(found); })
        .catch(function () { if (mine === asked) close(); });
    }

    input.addEventListener("input", function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(ask, 120);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden || !items.length) return;
      if (event.key === "ArrowDown") { event.preventDefault(); mark((active + 1) % items.length); }
      else if (event.key === "ArrowUp") { event.preventDefault(); mark((active - 1 + items.length) % items.length); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); pick(items[active]); }
      else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest]"), attach);
})();
