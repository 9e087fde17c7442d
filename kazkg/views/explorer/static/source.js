/* kazkg explorer: the source view.  A click on a highlighted passage lists the quotes covering
 * it and the facts each backs; the quote named in the address is marked. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("quote-data").textContent);
  var panel = document.getElementById("source-panel");
  var text = document.getElementById("source-text");
  if (!panel || !text) return;

  var el = window.kazkgDom.el;

  function show(anchors) {
    panel.replaceChildren();
    anchors.forEach(function (anchor) {
      var item = data[anchor];
      if (!item) return;
      var box = el("div", "quote-facts");
      box.appendChild(el("blockquote", "quote", "\u201c" + item.quote + "\u201d"));
      var list = el("ul");
      item.facts.forEach(function (fact) {
        var li = el("li");
        if (fact.href) {
          var a = el("a", null, fact.label);
          a.href = fact.href;
          li.appendChild(a);
        } else {
          li.textContent = fact.label;
        }
        list.appendChild(li);
      });
      box.appendChild(list);
      panel.appendChild(box);
    });
  }

  function marksOf(anchor) {
    return Array.prototype.filter.call(text.querySelectorAll("mark[data-q]"), function (mark) {
      return mark.getAttribute("data-q").split(" ").indexOf(anchor) !== -1;
    });
  }

  function target() {
    var anchor = window.location.hash.slice(1);
    Array.prototype.forEach.call(text.querySelectorAll("mark.current"), function (m) { m.classList.remove("current"); });
    if (!data[anchor]) return;
    var marks = marksOf(anchor);
    marks.forEach(function (m) { m.classList.add("current"); });
    if (marks.length) marks[0].scrollIntoView({ block: "center" });
    show([anchor]);
  }

  text.addEventListener("click", function (event) {
    var mark = event.target.closest("mark[data-q]");
    if (mark) show(mark.getAttribute("data-q").split(" "));
  });
  text.addEventListener("keydown", function (event) {
    var mark = event.target.closest("mark[data-q]");
    if (mark && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); show(mark.getAttribute("data-q").split(" ")); }
  });
  window.addEventListener("hashchange", target);
  target();
})();
