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
