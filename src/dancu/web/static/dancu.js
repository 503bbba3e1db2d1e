// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  function ready() {
    // After a rejected submission, take keyboard and screen-reader focus to the list of problems;
    // after a lookup, to its answer (both are at the top of the page).
    var target = document.getElementById("form-errors") ||
      document.querySelector("main .alert[role=alert]") ||
      document.getElementById("answer");
    if (target) {
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus();
    }
    // Forms whose action cannot be undone with one tap ask first (data-confirm holds the question).
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
// The address picker: choosing a province lists its communes (the current code table), from the
// public code-table API; without this script the form still lists the communes of the province
// chosen when the page was rendered.
(function () {
  "use strict";
  function fill(select, units, emptyText) {
    while (select.options.length) select.remove(0);
    select.add(new Option(units.length ? "—" : emptyText, ""));
    units.forEach(function (unit) { select.add(new Option(unit.name, unit.code)); });
  }
  document.addEventListener("change", function (event) {
    var province = event.target;
    if (!province.matches || !province.matches("select[data-communes]")) return;
    var communes = document.getElementById(province.getAttribute("data-communes"));
    if (!communes) return;
    var empty = province.getAttribute("data-empty") || "—";
    if (!province.value) { fill(communes, [], empty); return; }
    fetch("/api/v1/geo/2025/provinces/" + encodeURIComponent(province.value) + "/communes",
          {headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (units) { fill(communes, units, empty); })
      .catch(function () { fill(communes, [], empty); });
  });
})();
