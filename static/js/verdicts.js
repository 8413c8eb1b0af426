/* Vertelpunt scan page: a verdict (opvallend / misschien / nee / verwacht) is stored without reloading the page.
 *
 * Without this file every verdict form is a plain POST that comes back to the pattern. With it, the form is
 * sent with fetch (the form's own CSRF token travels in its fields), the server answers JSON, and the page
 * shows the new verdict: the "Jouw oordeel" value, the pressed button, and a polite status next to the buttons
 * (role="status", so screen readers hear it). When the verdict moves the pattern between the findings and the
 * expected links, the server says so (reload) and the page is loaded again at the pattern. Any failure of the
 * request falls back to the ordinary form post.
 */
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) { return; }

  function setStatus(form, text, isError) {
    var status = form.querySelector(".verdict-status");
    if (!status) { return; }
    status.textContent = text;
    status.classList.toggle("is-error", Boolean(isError));
  }

  function showVerdict(form, verdict, label) {
    var buttons = form.querySelectorAll("button[name=verdict]");
    for (var i = 0; i < buttons.length; i++) {
      var chosen = buttons[i].value === verdict;
      buttons[i].classList.toggle("chosen", chosen);
      buttons[i].classList.toggle("secondary", !chosen);
      buttons[i].setAttribute("aria-pressed", chosen ? "true" : "false");
    }
    var item = form.closest("li.pattern");
    var value = item ? item.querySelector(".verdict-value") : null;
    if (value) { value.textContent = label; }
  }

  function send(form, button) {
    var body = new FormData(form);
    body.append(button.name, button.value);
    form.classList.add("is-busy");
    setStatus(form, "Bezig met opslaan…", false);
    return fetch(form.getAttribute("action"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (answer) {
      form.classList.remove("is-busy");
      if (!answer.ok) {
        setStatus(form, answer.data.error || "Opslaan lukte niet. Probeer het opnieuw.", true);
        return;
      }
      if (answer.data.reload) {
        window.location.assign(answer.data.location);
        return;
      }
      showVerdict(form, answer.data.verdict, answer.data.label);
      setStatus(form, answer.data.message, false);
    });
  }

  var forms = document.querySelectorAll("form.verdict-form");
  for (var i = 0; i < forms.length; i++) {
    forms[i].addEventListener("submit", function (event) {
      var form = event.currentTarget;
      var button = event.submitter;
      if (!button || button.name !== "verdict") { return; }
      event.preventDefault();
      send(form, button).catch(function () {
        // The network or the answer failed: send the form the ordinary way (the page loads again).
        form.classList.remove("is-busy");
        var fallback = document.createElement("input");
        fallback.type = "hidden";
        fallback.name = button.name;
        fallback.value = button.value;
        form.appendChild(fallback);
        form.submit();
      });
    });
  }
}());
