/* Draws the charts of a page with Chart.js (vendored).
 *
 * A chart is <canvas data-chart="ID" role="img" aria-label="..."> whose data sits in
 * <script type="application/json" id="ID"> (the page's CSP forbids inline scripts). The same
 * numbers are always in a table on the page: the chart is an aid, the table is the data.
 * JSON: {type, labels, datasets: [{label, data}], stacked, xTitle, yTitle}.
 */
(function () {
  "use strict";

  // Colour-blind safe palette (Okabe-Ito, then Tol's muted), distinct enough for 12 series.
  var PALETTE = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
    "#F0E442", "#332288", "#882255", "#44AA99", "#999933", "#6B6B6B"
  ];

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || !window.Chart) { return; }
    var spec;
    try { spec = JSON.parse(source.textContent); } catch (e) { return; }
    var stacked = Boolean(spec.stacked);
    var datasets = (spec.datasets || []).map(function (set, i) {
      var colour = PALETTE[i % PALETTE.length];
      return {
        label: set.label,
        data: set.data,
        backgroundColor: colour,
        borderColor: colour,
        borderWidth: 1
      };
    });
    if (!canvas.hasAttribute("role")) { canvas.setAttribute("role", "img"); }
    new window.Chart(canvas, {
      type: spec.type || "bar",
      data: { labels: spec.labels || [], datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reducedMotion() ? false : { duration: 400 },
        locale: document.documentElement.lang || "it",
        plugins: { legend: { position: "bottom" } },
        scales: {
          x: { stacked: stacked, title: { display: Boolean(spec.xTitle), text: spec.xTitle || "" } },
          y: {
            stacked: stacked,
            beginAtZero: true,
            ticks: { precision: 0 },
            title: { display: Boolean(spec.yTitle), text: spec.yTitle || "" }
          }
        }
      }
    });
  }

  function drawAll() {
    var canvases = document.querySelectorAll("canvas[data-chart]");
    for (var i = 0; i < canvases.length; i++) { draw(canvases[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
