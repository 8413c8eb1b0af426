/* Vertelpunt story form enhancements. The form works without this file; it only adds:
   - sliders: choosing a value (also the one the thumb starts on) marks it as your answer, and the value
     is spoken as text;
   - a live word count under the story, and a notice when it is longer than allowed (the field itself
     never cuts a pasted story off: the teller decides what to leave out);
   - a triangle you can tap, click or drag, kept in step with the three number fields. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var VALUE_KEYS = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"];
  // The sentences in the page's language (the page holds them, see collect/routes.py: script_texts);
  // "{name}" is where a number goes. Dutch when a page has none.
  var TEXTS = {
    value: "{value} van 100", towards: ", richting {side}", middle: ", in het midden", answer: "Jouw antwoord: {text}",
    word: "{num} woord", words: "{num} woorden", toGo: "(nog {count} voor een compleet verhaal)",
    tooLong: "Je verhaal is te lang: {length} tekens. Het mag hoogstens {most} tekens zijn. Maak het {over} " +
      "tekens korter. Je tekst blijft staan.",
    left: "Nog {count} tekens over.", thousands: "."
  };
  var given = document.getElementById("collect-texts");
  if (given) {
    try { Object.assign(TEXTS, JSON.parse(given.textContent)); } catch (ignored) { /* keep the Dutch */ }
  }
  function say(name, values) {
    return TEXTS[name].replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  function describe(value, left, right) {
    var side = value < 40 ? say("towards", {side: left}) : value > 60 ? say("towards", {side: right}) : TEXTS.middle;
    return say("value", {value: value}) + side;
  }

  document.querySelectorAll("[data-slider]").forEach(function (group) {
    var range = group.querySelector("input[type=range]");
    var output = group.querySelector("output");
    var answer = group.querySelector("input[type=radio][value=answer]");
    var left = range.getAttribute("data-left"), right = range.getAttribute("data-right");
    function show(mark) {
      var text = describe(Number(range.value), left, right);
      range.setAttribute("aria-valuetext", text);
      if (mark) { answer.checked = true; }
      output.textContent = answer.checked ? say("answer", {text: text}) : "";
    }
    range.addEventListener("input", function () { show(true); });
    range.addEventListener("change", function () { show(true); });
    // Tapping or clicking the thumb where it already sits (the middle, 50) changes nothing, so neither
    // "input" nor "change" fires; it is still a deliberate answer. A touch that turns into scrolling ends
    // in "pointercancel", not "pointerup", so scrolling past a slider does not answer it. Tab does not.
    range.addEventListener("pointerup", function () { show(true); });
    range.addEventListener("click", function () { show(true); });
    range.addEventListener("keydown", function (event) {
      if (VALUE_KEYS.indexOf(event.key) !== -1) { show(true); }
    });
    group.querySelectorAll("input[type=radio]").forEach(function (radio) {
      radio.addEventListener("change", function () { show(false); });
    });
    show(false);
  });

  var story = document.getElementById("text");
  var counter = document.querySelector("[data-word-count]");
  if (story && counter) {
    var minimum = Number(counter.getAttribute("data-min") || 0), timer = null;
    counter.setAttribute("aria-live", "polite");
    var update = function () {
      var words = (story.value.match(/[\p{L}\p{N}_]+/gu) || []).length;
      var text = say(words === 1 ? "word" : "words", {num: words});
      if (minimum && words < minimum) { text += " " + say("toGo", {count: minimum - words}); }
      counter.textContent = text;
    };
    story.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 600); });
    update();
  }

  var length = document.querySelector("[data-story-length]");
  if (story && length) {
    var maximum = Number(length.getAttribute("data-max"));
    var dutch = function (n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, TEXTS.thousands); };
    var measure = function () {
      var used = story.value.trim().length, text = "";
      if (used > maximum) {
        text = say("tooLong", {length: dutch(used), most: dutch(maximum), over: dutch(used - maximum)});
      } else if (used > maximum * 0.9) {
        text = say("left", {count: dutch(maximum - used)});
      }
      if (length.textContent !== text) { length.textContent = text; }
      length.hidden = !text;
      length.classList.toggle("error", used > maximum);
    };
    story.addEventListener("input", measure);
    measure();
  }

  var SVG = "http://www.w3.org/2000/svg";
  var CORNERS = [[150, 22], [18, 250], [282, 250]];

  function element(name, attributes) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    return node;
  }

  function barycentric(x, y) {
    var a = CORNERS[0], b = CORNERS[1], c = CORNERS[2];
    var det = (b[1] - c[1]) * (a[0] - c[0]) + (c[0] - b[0]) * (a[1] - c[1]);
    var l1 = ((b[1] - c[1]) * (x - c[0]) + (c[0] - b[0]) * (y - c[1])) / det;
    var l2 = ((c[1] - a[1]) * (x - c[0]) + (a[0] - c[0]) * (y - c[1])) / det;
    var shares = [l1, l2, 1 - l1 - l2].map(function (v) { return Math.max(0, v); });
    var total = shares[0] + shares[1] + shares[2];
    return shares.map(function (v) { return v / total; });
  }

  function toPercents(shares) {
    var rounded = shares.map(function (v) { return Math.round(v * 100); });
    var diff = 100 - (rounded[0] + rounded[1] + rounded[2]);
    var biggest = rounded.indexOf(Math.max.apply(null, rounded));
    rounded[biggest] += diff;
    return rounded;
  }

  document.querySelectorAll("[data-triad]").forEach(function (group) {
    var holder = group.querySelector(".triad-canvas");
    var inputs = group.querySelectorAll(".triad-number");
    var labels = (holder.getAttribute("data-labels") || "").split("|");
    var svg = element("svg", { viewBox: "0 0 300 290", "aria-hidden": "true", focusable: "false" });
    svg.appendChild(element("polygon", { points: CORNERS.map(function (p) { return p.join(","); }).join(" "),
      fill: "#e2f0f3", stroke: "#0b5c73", "stroke-width": "2" }));
    var anchors = [["middle", 150, 14], ["start", 4, 276], ["end", 296, 276]];
    labels.forEach(function (label, i) {
      var text = element("text", { x: anchors[i][1], y: anchors[i][2], "text-anchor": anchors[i][0] });
      text.textContent = label;
      svg.appendChild(text);
    });
    var dot = element("circle", { r: "9", fill: "#0b5c73", stroke: "#fff", "stroke-width": "3", visibility: "hidden" });
    svg.appendChild(dot);
    holder.appendChild(svg);

    function place(shares) {
      var x = 0, y = 0;
      shares.forEach(function (s, i) { x += s * CORNERS[i][0]; y += s * CORNERS[i][1]; });
      dot.setAttribute("cx", x); dot.setAttribute("cy", y); dot.setAttribute("visibility", "visible");
    }
    function fromInputs() {
      var values = Array.prototype.map.call(inputs, function (input) { return Number(input.value || 0); });
      var total = values[0] + values[1] + values[2];
      if (total > 0) { place(values.map(function (v) { return v / total; })); } else { dot.setAttribute("visibility", "hidden"); }
    }
    function fromPointer(event) {
      var box = svg.getBoundingClientRect();
      var x = (event.clientX - box.left) * 300 / box.width, y = (event.clientY - box.top) * 290 / box.height;
      var percents = toPercents(barycentric(x, y));
      inputs.forEach(function (input, i) { input.value = percents[i]; });
      place(percents.map(function (v) { return v / 100; }));
    }
    var dragging = false;
    svg.addEventListener("pointerdown", function (event) { dragging = true; svg.setPointerCapture(event.pointerId); fromPointer(event); });
    svg.addEventListener("pointermove", function (event) { if (dragging) { fromPointer(event); } });
    svg.addEventListener("pointerup", function () { dragging = false; });
    svg.addEventListener("click", fromPointer);  // taps that produce no pointer events still count
    inputs.forEach(function (input) { input.addEventListener("input", fromInputs); });
    fromInputs();
  });
}());
