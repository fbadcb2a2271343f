// Live price: ask the server for the quote (seats, customer, coupon) and show it, without a reload.
// A summary bar's [data-quote-total] repeats the quote's total as the server wrote it; it is blank
// while a new quote is on its way, so it never shows a price for other seats.
(function () {
  document.querySelectorAll("form[data-quote-url]").forEach(function (form) {
    var target = document.querySelector(form.dataset.quoteTarget);
    var coupon = form.querySelector("[name=coupon]");
    var totals = form.querySelectorAll("[data-quote-total]");
    var pending;
    var asked = 0; // only the newest answer is shown: an older one may arrive last

    function showTotal(total) {
      totals.forEach(function (place) { place.textContent = total ? "Total " + total.textContent : ""; });
    }

    function refresh() {
      showTotal(null);
      var ask = ++asked;
      var params = new URLSearchParams();
      form.querySelectorAll("[name=seat]:checked, input[type=hidden][name=seat], [name=customer], [name=coupon]").forEach(function (field) {
        if (field.value) { params.append(field.name, field.value); }
      });
      fetch(form.dataset.quoteUrl + "?" + params.toString(), { headers: { "X-Requested-With": "fetch" } })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          if (ask !== asked) { return; }
          target.innerHTML = html;
          showTotal(target.querySelector("[data-total]"));
        })
        .catch(function () { /* the page still works: the server checks again on submit */ });
    }

    form.addEventListener("change", function (event) {
      if (event.target.name === "seat") { showTotal(null); clearTimeout(pending); pending = setTimeout(refresh, 150); }
    });
    form.querySelectorAll("[data-apply-coupon]").forEach(function (button) {
      button.addEventListener("click", refresh);
    });
    if (coupon) {
      coupon.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); refresh(); }
      });
    }
  });
})();
