// warta dashboard: links each quote in the text with its entry in the side panel (hover and click).
(function () {
  "use strict";
  function setActive(index, on) {
    document.querySelectorAll('[data-quote="' + index + '"]').forEach(function (el) {
      el.classList.toggle("active", on);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-quote]").forEach(function (el) {
      var index = el.getAttribute("data-quote");
      if (!/^[0-9]+$/.test(index)) { return; }
      el.addEventListener("mouseenter", function () { setActive(index, true); });
      el.addEventListener("mouseleave", function () { setActive(index, false); });
      if (el.classList.contains("quote-item")) {
        el.addEventListener("click", function () {
          var span = document.querySelector('.hl-quote[data-quote="' + index + '"]');
          if (span) { span.scrollIntoView({ behavior: "smooth", block: "center" }); }
        });
      }
    });
  });
})();
