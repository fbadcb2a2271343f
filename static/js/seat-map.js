// Seat map: a running count of the chosen seats, the seat limit, and the keyboard.
// It never adds up prices: every amount a person sees comes from the server's quote (quote.js),
// which knows the customer's tier and coupon. The page works without it (every seat a Tab stop).
// Keyboard (the WAI-ARIA grid pattern's roving tabindex): the map is one Tab stop, the arrow keys
// move between free seats, Home/End go to the ends of the row, Space or Enter ticks, Tab leaves.
// The summary is a polite live region, so a screen reader hears "2 seats" as the count changes.
(function () {
  function seats(count) {
    return count + " seat" + (count === 1 ? "" : "s");
  }

  document.querySelectorAll("[data-seat-map]").forEach(function (map, index) {
    var form = map.closest("form");
    var max = parseInt(map.dataset.max, 10) || 10;
    var summary = form && form.querySelector("[data-seat-summary]");
    var submit = form && form.querySelector("[data-seat-submit]");
    // Each seat's place in the grid: its row, and its place among the row's seats and gaps.
    var grid = [], place = new Map(), inputs = [];
    map.querySelectorAll(".seat-row").forEach(function (row, r) {
      var cells = [];
      Array.prototype.forEach.call(row.children, function (cell) {
        if (cell.classList.contains("row-label")) { return; }
        var input = cell.querySelector("input");
        if (input) {
          place.set(input, [grid.length, cells.length]);
          inputs.push(input);
        }
        cells.push(input);
      });
      grid.push(cells);
    });
    var free = inputs.filter(function (input) { return !input.disabled; });

    // One Tab stop: the seat last focused (at first a ticked seat, else the first free one).
    function rove(target) {
      free.forEach(function (input) { input.tabIndex = input === target ? 0 : -1; });
    }
    rove(free.filter(function (input) { return input.checked; })[0] || free[0]);
    map.addEventListener("focusin", function (event) {
      if (place.has(event.target)) { rove(event.target); }
    });

    // Say how the map works once, on the map; the summary speaks up when the count changes.
    var keys = document.createElement("p");
    keys.className = "visually-hidden";
    keys.id = "seat-map-keys-" + index;
    keys.textContent = "Arrow keys move between seats, Space or Enter ticks a seat, Tab leaves the map.";
    map.appendChild(keys);
    map.setAttribute("role", "group");
    map.setAttribute("aria-label", "Seat map");
    map.setAttribute("aria-describedby", keys.id);
    if (summary && !summary.closest("[aria-live]")) { summary.setAttribute("aria-live", "polite"); }

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

    function at(row, col) {
      var input = grid[row] && grid[row][col];
      return input && !input.disabled ? input : null;
    }

    function inRow(row) {
      return (grid[row] || []).filter(function (input) { return input && !input.disabled; });
    }

    map.addEventListener("keydown", function (event) {
      var input = event.target;
      if (!place.has(input) || event.altKey || event.ctrlKey || event.metaKey) { return; }
      if (event.key === "Enter") {
        // Enter ticks like Space (on a checkbox it would otherwise send the form).
        event.preventDefault();
        input.click();
        return;
      }
      var row = place.get(input)[0];
      var col = place.get(input)[1];
      var next = null;
      if (event.key === "Home" || event.key === "End") {
        var seatsInRow = inRow(row);
        next = seatsInRow[event.key === "Home" ? 0 : seatsInRow.length - 1];
      }
      var moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
      var move = moves[event.key];
      for (var step = 1; move && !next && step < 60; step++) {
        var r = row + move[0] * step, c = col + move[1] * step;
        next = at(r, c);
        if (!next && move[0] !== 0) {
          // Moving between rows of different shapes (or past taken seats): the nearest free seat in that row.
          var candidates = inRow(r);
          if (!candidates.length) { continue; }
          next = candidates.reduce(function (best, seat) {
            return Math.abs(place.get(seat)[1] - col) < Math.abs(place.get(best)[1] - col) ? seat : best;
          });
        }
      }
      if (!move && !next) { return; }
      event.preventDefault();  // the arrow keys move between seats, not the page
      if (next) { next.focus(); }
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
