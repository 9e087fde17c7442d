/* kazkg explorer: the workbench's result views (table, network, time line) as tabs. */
(function () {
  "use strict";
  var tabs = document.querySelectorAll("[role=tab]");
  Array.prototype.forEach.call(tabs, function (tab) {
    tab.addEventListener("click", function () {
      Array.prototype.forEach.call(tabs, function (other) {
        var chosen = other === tab;
        other.setAttribute("aria-selected", chosen ? "true" : "false");
        document.getElementById(other.getAttribute("aria-controls")).hidden = !chosen;
      });
      var panel = document.getElementById(tab.getAttribute("aria-controls"));
      var container = panel.querySelector(".network[data-network]");
      if (container && window.kazkgDraw) window.kazkgDraw(container);
    });
  });
})();
