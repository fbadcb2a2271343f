// A table wider than the screen scrolls sideways inside its .table-responsive box. Keyboard users can
// scroll it only if the box (or something in it) takes focus: an overflowing box with nothing to focus
// becomes a named, focusable region (WCAG 2.1.1; axe-core's scrollable-region-focusable).
(function () {
  var focusable = "a[href], button, input, select, textarea, [tabindex]";

  function mark() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      var reachable = Array.prototype.some.call(box.querySelectorAll(focusable), function (el) {
        return el.tabIndex >= 0 && !el.disabled;
      });
      if (scrolls && !reachable) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        var caption = box.querySelector("caption");
        var heading = document.querySelector("main h1, h1");
        box.setAttribute("aria-label", (caption || heading || { textContent: "Table" }).textContent.trim() + " (scrolls sideways)");
      } else if (box.getAttribute("role") === "region" && box.hasAttribute("tabindex")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  mark();
  window.addEventListener("resize", mark);
})();
