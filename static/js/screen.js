/* Vertelpunt presenter view. Without this file the page reloads itself every 15 s (a <noscript> refresh); with
   it, the page's own HTML is fetched every 4 s and its main region swapped in, so the projector never flashes,
   and the timer counts down every second. */
(function () {
  "use strict";
  var timerEnds = null;

  function startTimer(root) {
    var timer = root.querySelector("[data-timer-seconds]");
    timerEnds = timer ? Date.now() + Number(timer.getAttribute("data-timer-seconds")) * 1000 : null;
    tick();
  }

  function tick() {
    var timer = document.querySelector("[data-timer-seconds]");
    if (!timer || timerEnds === null) { return; }
    var left = Math.max(0, Math.round((timerEnds - Date.now()) / 1000));
    var minutes = Math.floor(left / 60), seconds = left % 60;
    timer.textContent = left === 0 ? "de tijd is om" : minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
  }

  function refresh() {
    var main = document.getElementById("scherm");
    if (!main) { return; }
    fetch(main.getAttribute("data-refresh"), {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("scherm");
        if (!fresh) { return; }
        main.replaceWith(fresh);
        startTimer(fresh);
      })
      .catch(function () { /* the next refresh tries again */ });
  }

  startTimer(document);
  window.setInterval(tick, 1000);
  window.setInterval(refresh, 4000);
})();
