// The progress page of a job: asks its status (JSON) every second and shows it, until the job is finished.
// Without JavaScript the page reloads itself instead (a meta refresh inside <noscript>).
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-job-status");
  var label = box.querySelector("[data-job-label]");
  var running = box.querySelector("[data-job-running]");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-job-text]");
  var result = box.querySelector("[data-job-result]");
  var delay = 1000;

  function show(status) {
    label.textContent = status.label;
    bar.max = status.total;
    bar.value = status.done;
    bar.textContent = status.done + " van " + status.total;
    text.textContent = status.done + " van " + status.total + " stappen" + (status.text ? ": " + status.text : "");
    if (!status.finished) { return false; }
    running.hidden = true;
    result.textContent = "";
    var href = status.file || status.link;
    if (href) {
      var p = document.createElement("p");
      var a = document.createElement("a");
      a.className = "button";
      a.href = href;
      a.setAttribute("data-job-file", "");
      a.textContent = status.file ? "Download " + status.file_name : "Bekijk het resultaat";
      p.appendChild(a);
      result.appendChild(p);
    }
    if (status.message) {
      var m = document.createElement("p");
      m.className = "flash flash-error";
      m.setAttribute("data-job-message", "");
      m.textContent = status.message;
      result.appendChild(m);
    }
    return true;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (status) {
        if (!show(status)) { window.setTimeout(poll, delay); }
      })
      .catch(function () {
        delay = Math.min(delay * 2, 10000);  // the server is busy or restarting: ask less often, keep asking
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, 300);
}());
