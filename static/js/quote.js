// Live price: ask the server for the quote (seats, customer, coupon) and show it, without a reload.
(function () {
  document.querySelectorAll("form[data-quote-url]").forEach(function (form) {
    var target = document.querySelector(form.dataset.quoteTarget);
    var coupon = form.querySelector("[name=coupon]");
    var pending;

    function refresh() {
      var params = new URLSearchParams();
      form.querySelectorAll("[name=seat]:checked, input[type=hidden][name=seat], [name=customer], [name=coupon]").forEach(function (field) {
        if (field.value) { params.append(field.name, field.value); }
      });
      fetch(form.dataset.quoteUrl + "?" + params.toString(), { headers: { "X-Requested-With": "fetch" } })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) { target.innerHTML = html; })
        .catch(function () { /* the page still works: the server checks again on submit */ });
    }

    form.addEventListener("change", function (event) {
      if (event.target.name === "seat") { clearTimeout(pending); pending = setTimeout(refresh, 150); }
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
