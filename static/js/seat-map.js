// Seat map: a running count of the chosen seats, the seat limit, and arrow keys between seats.
// It never adds up prices: every amount a person sees comes from the server's quote (quote.js),
// which knows the customer's tier and coupon. The page works without it.
(function () {
  function seats(count) {
    return count + " seat" + (count === 1 ? "" : "s");
  }

  document.querySelectorAll("[data-seat-map]").forEach(function (map) {
    var form = map.closest("form");
    var max = parseInt(map.dataset.max, 10) || 10;
    var summary = form && form.querySelector("[data-seat-summary]");
    var submit = form && form.querySelector("[data-seat-submit]");
    var inputs = Array.prototype.slice.call(map.querySelectorAll(".seat-input"));

    function update(changed) {
      var picked = inputs.filter(function (input) { return input.checked; });
      if (picked.length > max && changed) {
        changed.checked = false;
        picked.pop();
        if (summary) { summary.textContent = "A booking holds at most " + seats(max) + "."; }
        return;
      }
      if (summary) { summary.textContent = picked.length ? seats(picked.length) : "No seats chosen yet"; }
      if (submit) { submit.disabled = picked.length === 0; }
    }

    map.addEventListener("change", function (event) { update(event.target); });

    map.addEventListener("keydown", function (event) {
      var moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
      var move = moves[event.key];
      if (!move || !event.target.classList.contains("seat-input")) { return; }
      event.preventDefault();
      var row = parseInt(event.target.dataset.row, 10);
      var col = parseInt(event.target.dataset.col, 10);
      for (var step = 1; step < 60; step++) {
        var r = row + move[0] * step, c = col + move[1] * step;
        var next = map.querySelector('.seat-input[data-row="' + r + '"][data-col="' + c + '"]');
        if (!next && move[0] !== 0) {
          // Moving between rows of different shapes: take the nearest seat in that row.
          var inRow = map.querySelectorAll('.seat-input[data-row="' + r + '"]');
          if (!inRow.length) { continue; }
          next = Array.prototype.reduce.call(inRow, function (best, input) {
            return Math.abs(input.dataset.col - col) < Math.abs(best.dataset.col - col) ? input : best;
          });
        }
        if (next) { next.focus(); return; }
      }
    });

    // A wide auditorium on a narrow screen: start at the middle and say the map scrolls.
    if (map.scrollWidth > map.clientWidth + 4) {
      map.scrollLeft = (map.scrollWidth - map.clientWidth) / 2;
      var hint = map.parentNode.querySelector("[data-swipe-hint]");
      if (hint) { hint.hidden = false; }
    }

    update(null);
  });

  // Checkout countdown.
  var countdown = document.querySelector("[data-countdown]");
  if (countdown) {
    var left = parseInt(countdown.dataset.countdown, 10);
    var tick = function () {
      var minutes = Math.floor(left / 60), seconds = left % 60;
      countdown.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      if (left <= 0) {
        countdown.closest("[data-hold]").classList.add("expired");
        var note = document.querySelector("[data-expired-note]");
        if (note) { note.hidden = false; }
        return;
      }
      left -= 1;
      setTimeout(tick, 1000);
    };
    tick();
  }
})();
