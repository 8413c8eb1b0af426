"""The strict Content-Security-Policy in a real browser: plotly draws, and nothing is refused.

Chromium reports every CSP refusal twice: as a console error ("Refused to ...") and as a
``securitypolicyviolation`` event, which an init script (run by the browser tooling, so not itself
subject to the page's CSP) collects. Both must stay empty on the dashboard and on a participant page.
"""
from __future__ import annotations

import threading

import pytest

from tests.browser.conftest import log_in
from tests.conftest import STRONG_PASSWORD
from tests.security.conftest import world  # noqa: F401  (the fixture: the security tests' world)

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
window.__styleAttributes = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push({directive: event.violatedDirective,
    text: event.violatedDirective + ' ' + (event.blockedURI || 'inline') + ' ' + (event.sourceFile || '') + ':' +
          (event.lineNumber || '')});
});
const setAttribute = Element.prototype.setAttribute;
Element.prototype.setAttribute = function (name, value) {
  if (String(name).toLowerCase() === 'style') { window.__styleAttributes.push(String(value)); }
  return setAttribute.call(this, name, value);
};
"""
EMPTY_STYLE_REFUSAL = "Applying inline style violates"


@pytest.fixture(scope="module")
def world_server(world):  # noqa: F811
    from waitress import create_server

    server = create_server(world.app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(timeout=5)


@pytest.fixture
def watched_page(browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.add_init_script(COLLECT_VIOLATIONS)
    messages, errors = [], []
    tab.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab, messages, errors
    context.close()


def _csp_trouble(tab, messages, errors) -> list[str]:
    """Every CSP refusal, page error and console complaint; minus one harmless case.

    Plotly clears the style of a colour bar with ``setAttribute("style", "")``; the CSP refuses even that
    (Chromium names the hash of the empty string), but an empty style changes nothing on screen. Such
    refusals are let through only when *every* style attribute the page tried to set was empty, so a
    real inline style still fails the test.
    """
    violations = tab.evaluate("window.__cspViolations || []")
    styles = tab.evaluate("window.__styleAttributes || []")
    console = [m for m in messages if "Content Security Policy" in m or "Refused to" in m]
    only_empty_styles = all(not value.strip() for value in styles)
    attr_refusals = [v for v in violations if v["directive"] == "style-src-attr"]
    if only_empty_styles and len(attr_refusals) <= len(styles):
        violations = [v for v in violations if v["directive"] != "style-src-attr"]
        console = [m for m in console if EMPTY_STYLE_REFUSAL not in m]
    return [v["text"] for v in violations] + console + [f"page error: {e}" for e in errors]


STAFF_PAGES = {  # name -> (path template, whether plotly must draw there)
    "dashboard": ("/beheer/analyse/?project={slug}", True),
    "patterns": ("/beheer/patronen/{run}", True),
    "board": ("/beheer/sessies/{session}/bord", False),
    "card": ("/beheer/kaarten/{card_twente}", False),
    "themes": ("/beheer/themas/{theme_run}", False),
    "job": ("/beheer/taken/{job}", False),
}


@pytest.mark.parametrize("name", list(STAFF_PAGES))
def test_staff_pages_draw_and_run_without_csp_violations(world, world_server, watched_page, name):  # noqa: F811
    template, charts = STAFF_PAGES[name]
    tab, messages, errors = watched_page
    log_in(tab, world_server, "admin@example.org", STRONG_PASSWORD)
    tab.goto(world_server + template.format(slug=world.slug, **world.ids))
    if charts:
        tab.wait_for_selector("figure.chart .main-svg", state="attached")
        assert tab.locator("figure.chart .main-svg").count() >= 1
    tab.wait_for_load_state("networkidle")
    tab.wait_for_timeout(300)  # late style or script work would report here
    trouble = _csp_trouble(tab, messages, errors)
    assert trouble == [], "\n".join(trouble)


def test_participant_page_runs_without_csp_violations(world, world_server, watched_page):  # noqa: F811
    tab, messages, errors = watched_page
    tab.goto(f"{world_server}/s/{world.join_code}")
    tab.fill("input[name=name]", "Sanne")
    tab.click("main button[type=submit]")
    tab.wait_for_url(lambda url: "/tafel/" in url)
    tab.wait_for_load_state("networkidle")
    assert tab.locator("h1").count() == 1
    assert _csp_trouble(tab, messages, errors) == []


@pytest.mark.parametrize("script", [
    "document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')",
    "document.body.setAttribute('style', 'color: red')",
    "document.body.setAttribute('style', ''); document.body.setAttribute('style', 'color: red')",
], ids=["markup", "set-attribute", "empty-then-real"])
def test_the_watch_does_report_a_real_inline_style(world, world_server, watched_page, script):  # noqa: F811
    """Guard: the same watch catches a style the CSP refuses, also next to a harmless empty one."""
    tab, messages, errors = watched_page
    tab.goto(f"{world_server}/")
    tab.evaluate(script)
    tab.wait_for_timeout(200)
    assert _csp_trouble(tab, messages, errors) != []
