// Dashboard charts: every <canvas data-chart="ID"> is drawn from the JSON that the page put in
// <script type="application/json" id="ID"> (Django's json_script), so no inline script is needed.
// The data says the kind of chart: bar, hbar (horizontal bars), doughnut, or sales (bars of
// tickets with lines of revenue on a second axis). The tables beside each chart carry the numbers.
(function () {
  if (typeof Chart === "undefined") { return; }
  var palette = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#d63384", "#20c997", "#ffc107", "#6c757d", "#0dcaf0", "#dc3545"];

  function money(data) {
    return function (value) {
      var text = Number(value).toLocaleString(undefined, { minimumFractionDigits: 0, maximumFractionDigits: 2 });
      return data.currency ? data.currency + text : text;
    };
  }

  function percent(value) { return value + "%"; }

  function plain(value) { return Number(value).toLocaleString(); }

  function config(data) {
    var format = data.money ? money(data) : data.percent ? percent : plain;
    var tooltip = { callbacks: { label: function (item) {
      var value = item.parsed && typeof item.parsed === "object" ? (data.kind === "hbar" ? item.parsed.x : item.parsed.y) : item.parsed;
      var own = data.kind === "sales" && item.datasetIndex > 0 ? money(data) : format;
      return item.dataset.label + ": " + own(value);
    } } };
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: data.datasets.length > 1 || data.kind === "doughnut", position: "bottom" }, tooltip: tooltip },
    };
    if (data.kind === "doughnut") {
      return {
        type: "doughnut",
        data: { labels: data.labels, datasets: data.datasets.map(function (set) {
          return { label: set.label, data: set.data, backgroundColor: palette };
        }) },
        options: options,
      };
    }
    if (data.kind === "sales") {
      options.scales = {
        y: { beginAtZero: true, position: "left", title: { display: true, text: "Tickets" }, ticks: { precision: 0 } },
        money: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false }, title: { display: true, text: "Revenue" }, ticks: { callback: money(data) } },
      };
      return {
        type: "bar",
        data: { labels: data.labels, datasets: data.datasets.map(function (set, n) {
          return n === 0
            ? { type: "bar", label: set.label, data: set.data, backgroundColor: palette[0], yAxisID: "y", order: 2 }
            : { type: "line", label: set.label, data: set.data, borderColor: palette[n], backgroundColor: palette[n], yAxisID: "money", tension: 0, order: 1 };
        }) },
        options: options,
      };
    }
    var horizontal = data.kind === "hbar";
    var value = { beginAtZero: true, ticks: { callback: format } };
    if (data.percent) { value.suggestedMax = 100; }
    options.indexAxis = horizontal ? "y" : "x";
    options.scales = horizontal ? { x: value } : { y: value };
    return {
      type: "bar",
      data: { labels: data.labels, datasets: data.datasets.map(function (set, n) {
        return { label: set.label, data: set.data, backgroundColor: palette[n] };
      }) },
      options: options,
    };
  }

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    if (!data.labels.length) {
      canvas.parentNode.classList.add("chart-empty");
      canvas.setAttribute("aria-label", "Nothing to draw for this period.");
      return;
    }
    if (data.kind === "hbar") {  // room for every bar: a long list grows the box
      canvas.parentNode.classList.add("chart-rows-" + Math.min(data.labels.length, 10));
    }
    canvas.chart = new Chart(canvas, config(data));
    canvas.dataset.drawn = "true";
  });
})();
