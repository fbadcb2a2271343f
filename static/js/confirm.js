// "Are you sure?" before a destructive submit: a form or its button says data-confirm="Delete …?".
// (A static file, not onsubmit="…", so the Content-Security-Policy needs no inline script.)
document.addEventListener("submit", function (event) {
  var message = (event.submitter && event.submitter.dataset.confirm) || event.target.dataset.confirm;
  if (message && !window.confirm(message)) { event.preventDefault(); }
});
