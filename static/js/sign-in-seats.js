// "Sign in to book" carries the ticked seats in its `next` link, so the seat map comes back with
// them ticked after signing in. Without script the link still works, only the choice is not kept.
(function () {
  document.querySelectorAll("a[data-sign-in-to-book]").forEach(function (link) {
    var form = link.closest("form");
    if (!form) { return; }

    function update() {
      var seats = new URLSearchParams();
      form.querySelectorAll("input[name=seat]:checked").forEach(function (input) { seats.append("seat", input.value); });
      var next = link.dataset.nextPath + (seats.toString() ? "?" + seats.toString() : "");
      link.href = link.dataset.loginUrl + "?" + new URLSearchParams({ next: next }).toString();
    }

    form.addEventListener("change", update);
    update();
  });
})();
