/* Vertelpunt charts: draw every Plotly figure on the page from its JSON block.
 *
 * Contract (no inline scripts, so the strict Content-Security-Policy holds):
 *   <figure class="chart" data-figure="fig-3" data-click-url="/beheer/...?project=demo&question=heard">
 *     <div class="chart-canvas" id="fig-3-canvas"></div>
 *     <script type="application/json" id="fig-3">{"data": [...], "layout": {...}}</script>
 *     <figcaption>...</figcaption>  (plus a table or list with the same numbers, for screen readers and no-JS)
 *   </figure>
 * A click on a bar or bin whose customdata is [group, lo, hi] (histograms) or [key] (bars) opens
 * data-click-url with &group=...&lo=...&hi=... appended. A click on a triad point ([story id]) opens
 * data-story-url with the id in place of __VERHAAL__.
 */
(function () {
  "use strict";
  if (!window.Plotly) { return; }

  function clickUrl(base, custom) {
    if (!base || !custom) { return null; }
    var values = Array.isArray(custom) ? custom : [custom];
    var names = ["group", "lo", "hi"];
    var url = base + (base.indexOf("?") === -1 ? "?" : "&");
    var parts = [];
    for (var i = 0; i < values.length && i < names.length; i++) {
      if (values[i] !== null && values[i] !== undefined && values[i] !== "") {
        parts.push(names[i] + "=" + encodeURIComponent(values[i]));
      }
    }
    return parts.length ? url + parts.join("&") : null;
  }

  function draw(figure) {
    var block = document.getElementById(figure.getAttribute("data-figure"));
    var canvas = figure.querySelector(".chart-canvas");
    if (!block || !canvas) { return; }
    var spec;
    try { spec = JSON.parse(block.textContent); } catch (e) { return; }
    var config = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["sendDataToCloud", "lasso2d", "select2d"] };
    window.Plotly.newPlot(canvas, spec.data || [], spec.layout || {}, config).then(function () {
      figure.classList.add("chart-drawn");
      var base = figure.getAttribute("data-click-url");
      var storyUrl = figure.getAttribute("data-story-url");
      if (base || storyUrl) {
        canvas.on("plotly_click", function (event) {
          var point = event && event.points && event.points[0];
          var target = null;
          if (point && point.data && point.data.type === "scatterternary") {
            var id = Array.isArray(point.customdata) ? point.customdata[0] : null;
            target = storyUrl && id ? storyUrl.replace("__VERHAAL__", encodeURIComponent(id)) : null;
          } else if (point) {
            target = clickUrl(base, point.customdata);
          }
          if (target) { window.location.assign(target); }
        });
      }
    });
  }

  function drawAll() {
    var figures = document.querySelectorAll("figure.chart[data-figure]");
    for (var i = 0; i < figures.length; i++) { draw(figures[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
