/* Vertelpunt facilitator board. Works without this file (every action is a plain form); it adds:
   - new notes from every table appear without reloading (polling every 3 s);
   - notes that were hidden or removed disappear, corrected texts and personal-data flags are shown;
   - drag a note onto a cluster, anywhere on it (or back to "Losse briefjes"); the move is POSTed with the
     CSRF token;
   - the timer counts down.
   Note text is always set with textContent. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var configNode = document.getElementById("board-config");
  if (!configNode) { return; }
  var config = JSON.parse(configNode.textContent);
  var lastId = Number(config.last_id) || 0;
  var live = document.getElementById("board-live");
  var tokenMeta = document.querySelector('meta[name="csrf-token"]');
  var token = tokenMeta ? tokenMeta.getAttribute("content") : "";

  function say(text) { if (live) { live.textContent = text; } }

  function wire(note) {
    if (!config.can_edit) { return; }
    note.addEventListener("dragstart", function (event) {
      event.dataTransfer.setData("text/plain", note.getAttribute("data-note-id"));
      event.dataTransfer.effectAllowed = "move";
      note.classList.add("dragging");
    });
    note.addEventListener("dragend", function () { note.classList.remove("dragging"); });
  }

  function moveNote(note, zone) {
    var form = note.querySelector("form.move-form");
    var clusterId = zone.getAttribute("data-drop-cluster") || "";
    var body = new FormData();
    body.append("csrf_token", token);
    body.append("cluster_id", clusterId);
    return fetch(form.getAttribute("action"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"X-CSRFToken": token, "X-Requested-With": "fetch", "Accept": "application/json"}
    }).then(function (response) {
      if (!response.ok) { say("Verplaatsen lukte niet."); return; }
      zone.appendChild(note);
      var select = form.querySelector("select");
      if (select) { select.value = clusterId; }
      say("Briefje verplaatst.");
    });
  }

  // A note dropped anywhere on a cluster (its title, its buttons, the space around its notes) goes into it.
  document.querySelectorAll(".drop-zone").forEach(function (zone) {
    var area = zone.closest(".cluster") || zone;
    area.addEventListener("dragover", function (event) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      zone.classList.add("drop-target");
    });
    area.addEventListener("dragleave", function (event) {
      if (!area.contains(event.relatedTarget)) { zone.classList.remove("drop-target"); }
    });
    area.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("drop-target");
      var note = document.getElementById("note-" + event.dataTransfer.getData("text/plain"));
      if (!note || note.getAttribute("data-table-id") !== zone.getAttribute("data-table-id")) { return; }
      moveNote(note, zone);
    });
  });
  document.querySelectorAll("li.note[draggable]").forEach(wire);

  function addNote(data) {
    if (document.getElementById("note-" + data.id)) { return; }
    var template = document.getElementById("note-template-" + data.table_id);
    var zone = document.querySelector('.drop-zone[data-drop-cluster=""][data-table-id="' + data.table_id + '"]');
    if (!template || !zone) { return; }
    var note = template.content.firstElementChild.cloneNode(true);
    note.id = "note-" + data.id;
    note.setAttribute("data-note-id", String(data.id));
    note.classList.add("note-" + data.kind);
    note.querySelector('[data-field="kind"]').textContent = data.kind_label;
    note.querySelector('[data-field="text"]').textContent = data.text;
    note.querySelector('[data-field="author"]').textContent = data.author;
    showPii(note, data.pii);
    var form = note.querySelector("form.move-form");
    if (form) {
      form.setAttribute("action", form.getAttribute("action").replace(/\/notities\/0\//, "/notities/" + data.id + "/"));
      form.querySelector("label").setAttribute("for", "move-" + data.id);
      form.querySelector("select").id = "move-" + data.id;
    }
    var hide = note.querySelector("form.hide-form");
    if (hide) {
      hide.setAttribute("action", hide.getAttribute("action").replace(/\/notities\/0\//, "/notities/" + data.id + "/"));
      hide.querySelector("label").setAttribute("for", "hide-reason-" + data.id);
      hide.querySelector("input[name=reason]").id = "hide-reason-" + data.id;
    }
    var link = note.querySelector("a.proposal-link");
    if (link) { link.setAttribute("href", link.getAttribute("href").replace(/note=0$/, "note=" + data.id)); }
    zone.appendChild(note);
    wire(note);
  }

  function showPii(note, words) {
    var flag = note.querySelector('[data-field="pii"]');
    if (!flag) { return; }
    flag.hidden = !words;
    flag.querySelector('[data-field="pii-kinds"]').textContent = words || "";
  }

  function sync(visible) {
    var current = {};
    visible.forEach(function (data) { current[String(data.id)] = data; });
    document.querySelectorAll(".board li.note[data-note-id]").forEach(function (note) {
      var data = current[note.getAttribute("data-note-id")];
      if (!data) { note.parentNode.removeChild(note); return; }
      var text = note.querySelector('[data-field="text"]');
      if (text.textContent !== data.text) { text.textContent = data.text; }
      showPii(note, data.pii);
    });
  }

  function poll() {
    fetch(config.poll + "?na=" + lastId, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        data.notes.forEach(function (note) { addNote(note); lastId = Math.max(lastId, note.id); });
        if (data.visible) { sync(data.visible); }
        if (data.notes.length) { say(data.notes.length === 1 ? "Nieuw briefje" : data.notes.length + " nieuwe briefjes"); }
      })
      .catch(function () { /* try again at the next poll */ });
  }
  window.setInterval(poll, 3000);

  var timer = document.querySelector("[data-timer-seconds]");
  if (timer) {
    var ends = Date.now() + Number(timer.getAttribute("data-timer-seconds")) * 1000;
    var tick = function () {
      var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      var minutes = Math.floor(left / 60), seconds = left % 60;
      timer.textContent = left === 0 ? "de tijd is om" : minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    };
    tick();
    window.setInterval(tick, 1000);
  }
})();
