/* Vertelpunt participant table page. The page works without this file; it only adds:
   - new notes of the table appear without reloading (polling every 3 s), announced politely;
   - notes the facilitator hid or their writer removed disappear, and corrected texts are shown;
   - the focus card and the timer follow the facilitator;
   - the "zodat ..." field only shows for an idea;
   - when the facilitator opens or closes voting, reveals the dots or ends the session, the page reloads to
     show the new buttons, unless the participant is writing a note: then a notice asks them to reload.
   Data is always put in with textContent, never as HTML. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var configNode = document.getElementById("session-config");
  if (!configNode) { return; }
  var config = JSON.parse(configNode.textContent);
  var lastId = Number(config.last_id) || 0;
  var list = document.getElementById("note-list");
  var live = document.getElementById("live");
  var empty = document.getElementById("no-notes");
  var timerEnds = null;

  function para(className, text) {
    var p = document.createElement("p");
    p.className = className;
    p.textContent = text;
    return p;
  }

  function addNote(note) {
    if (list.querySelector('[data-note-id="' + note.id + '"]')) { return; }
    var item = document.createElement("li");
    item.className = "note note-" + note.kind;
    item.setAttribute("data-note-id", String(note.id));
    item.appendChild(para("note-kind", note.kind_label));
    item.appendChild(para("note-text", note.text));
    item.appendChild(para("note-author muted", note.author));
    list.appendChild(item);
    if (empty) { empty.hidden = true; }
  }

  function sync(visible) {
    var current = {};
    visible.forEach(function (note) { current[String(note.id)] = note; });
    list.querySelectorAll("li[data-note-id]").forEach(function (item) {
      var note = current[item.getAttribute("data-note-id")];
      if (!note) { item.parentNode.removeChild(item); return; }
      var text = item.querySelector(".note-text");
      if (text && text.textContent !== note.text) { text.textContent = note.text; }
    });
    if (empty) { empty.hidden = list.querySelector("li[data-note-id]") !== null; }
  }

  function showFocus(focus) {
    var banner = document.getElementById("focus-banner");
    if (!banner) { return; }
    banner.hidden = !focus;
    banner.querySelector('[data-field="focus-title"]').textContent = focus ? focus.title : "";
    banner.querySelector('[data-field="focus-observation"]').textContent = focus ? focus.observation : "";
  }

  function showTimer(seconds) {
    var box = document.getElementById("timer-box");
    if (!box) { return; }
    box.hidden = seconds === null || seconds === undefined;
    timerEnds = box.hidden ? null : Date.now() + seconds * 1000;
    tick();
  }

  function tick() {
    var span = document.querySelector("[data-timer-seconds]");
    if (!span || timerEnds === null) { return; }
    var left = Math.max(0, Math.round((timerEnds - Date.now()) / 1000));
    var minutes = Math.floor(left / 60), seconds = left % 60;
    span.textContent = left === 0 ? "de tijd is om" : minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
  }

  function writing() {
    var form = document.getElementById("note-form");
    if (!form) { return false; }
    var fields = form.querySelectorAll("textarea, input[type=text]");
    for (var i = 0; i < fields.length; i += 1) {
      if (fields[i].value.trim() !== "" || document.activeElement === fields[i]) { return true; }
    }
    return false;
  }

  function followState(state) {
    var before = config.state || {};
    if (state.status === before.status && state.voting_open === before.voting_open &&
        state.votes_revealed === before.votes_revealed) { return; }
    if (!writing()) { window.location.reload(); return; }
    var notice = document.getElementById("state-changed");
    if (notice && notice.hidden) { notice.hidden = false; }
  }

  function poll() {
    fetch(config.poll + "?na=" + lastId, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var names = [];
        data.notes.forEach(function (note) {
          addNote(note);
          lastId = Math.max(lastId, note.id);
          names.push(note.author);
        });
        if (data.visible) { sync(data.visible); }
        if (names.length && live) {
          live.textContent = names.length === 1 ? "Nieuw briefje van " + names[0] : names.length + " nieuwe briefjes";
        }
        showFocus(data.state.focus);
        followState(data.state);
        var span = document.querySelector("[data-timer-seconds]");
        var shown = span && !document.getElementById("timer-box").hidden;
        if (data.state.timer_seconds === null || !shown ||
            Math.abs((timerEnds || 0) - (Date.now() + data.state.timer_seconds * 1000)) > 3000) {
          showTimer(data.state.timer_seconds);
        }
      })
      .catch(function () { /* offline for a moment: try again at the next poll */ });
  }

  var initial = document.querySelector("[data-timer-seconds]");
  if (initial && !document.getElementById("timer-box").hidden) {
    timerEnds = Date.now() + Number(initial.getAttribute("data-timer-seconds")) * 1000;
  }
  window.setInterval(tick, 1000);
  window.setInterval(poll, 3000);

  var form = document.getElementById("note-form");
  if (form) {
    var goal = document.getElementById("goal-field");
    var label = form.querySelector('label[for="text"]');
    var original = label ? label.textContent : "";
    var toggle = function () {
      var chosen = form.querySelector('input[name="kind"]:checked');
      var idea = chosen && chosen.value === "idee";
      goal.hidden = !idea;
      if (label) { label.textContent = idea ? "We zouden eigenlijk ... moeten doen" : (chosen ? "Je briefje" : original); }
      var goalLabel = goal.querySelector("label");
      if (goalLabel) { goalLabel.textContent = "zodat ..."; }
    };
    form.querySelectorAll('input[name="kind"]').forEach(function (radio) { radio.addEventListener("change", toggle); });
    toggle();
  }
})();
