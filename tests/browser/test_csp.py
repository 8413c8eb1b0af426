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
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline') + ' ' +
                              (event.sourceFile || '') + ':' + (event.lineNumber || ''));
});
"""


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
    violations = tab.evaluate("window.__cspViolations || []")
    console = [m for m in messages if "Content Security Policy" in m or "Refused to" in m]
    return violations + console + [f"page error: {e}" for e in errors]


def test_dashboard_draws_plotly_charts_without_csp_violations(world, world_server, watched_page):  # noqa: F811
    tab, messages, errors = watched_page
    log_in(tab, world_server, "analyst@example.org", STRONG_PASSWORD)
    tab.goto(f"{world_server}/beheer/analyse/?project={world.slug}")
    tab.wait_for_selector("figure.chart .main-svg", state="attached")
    assert tab.locator("figure.chart .main-svg").count() >= 1
    tab.wait_for_timeout(300)  # late style or script work would report here
    assert _csp_trouble(tab, messages, errors) == []


def test_participant_page_runs_without_csp_violations(world, world_server, watched_page):  # noqa: F811
    tab, messages, errors = watched_page
    tab.goto(f"{world_server}/s/{world.join_code}")
    tab.fill("input[name=name]", "Sanne")
    tab.click("main button[type=submit]")
    tab.wait_for_url(lambda url: "/tafel/" in url)
    tab.wait_for_load_state("networkidle")
    assert tab.locator("h1").count() == 1
    assert _csp_trouble(tab, messages, errors) == []


def test_the_listener_does_report_a_violation(world, world_server, watched_page):  # noqa: F811
    """Guard: the same watch catches a style attribute that the CSP refuses."""
    tab, messages, errors = watched_page
    tab.goto(f"{world_server}/")
    tab.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    tab.wait_for_timeout(200)
    assert _csp_trouble(tab, messages, errors) != []
