"""Real-browser fixtures: the app served by waitress on 127.0.0.1, driven in Debian's Chromium.

Playwright drives /usr/bin/chromium through ``executable_path``; no browser is ever downloaded. The tests
skip with a clear reason where Chromium is not installed (CI installs it).
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("VERTELPUNT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def live_server(app):
    """Serve the test app on a free port of 127.0.0.1 for the duration of one test."""
    from waitress import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(timeout=5)


def _new_tab(browser, **context_options):
    context = browser.new_context(locale="nl-NL", **context_options)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    return context, tab


@pytest.fixture
def page(browser):
    context, tab = _new_tab(browser, viewport={"width": 1280, "height": 900})
    yield tab
    context.close()


@pytest.fixture
def phone_page(browser):
    context, tab = _new_tab(browser, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    yield tab
    context.close()


@pytest.fixture
def axe_page(browser):
    """A page whose context bypasses CSP so axe-core can be injected after each navigation."""
    context, tab = _new_tab(browser, bypass_csp=True, viewport={"width": 1280, "height": 900})
    yield tab
    context.close()


@pytest.fixture
def axe(browser):
    """Run axe-core (WCAG 2.1 A and AA rules) on a URL; returns the list of violations.

    axe runs in its own context with CSP bypassed, because the app's CSP (rightly) refuses the inline
    script that injects axe.
    """
    from tests.browser.accessibility import run_axe

    def check(url: str, viewport=None) -> list[dict]:
        context = browser.new_context(bypass_csp=True, locale="nl-NL", viewport=viewport or {"width": 1280, "height": 900})
        try:
            tab = context.new_page()
            tab.goto(url)
            return run_axe(tab)
        finally:
            context.close()

    return check


def log_in(tab, base_url: str, email: str, password: str) -> None:
    """Log in through the real login page, as a person would."""
    tab.goto(base_url + "/beheer/inloggen")
    tab.fill("#email", email)
    tab.fill("#password", password)
    tab.click("main button[type=submit]")
    tab.wait_for_url(lambda url: "/inloggen" not in url)


@pytest.fixture
def logged_in_axe(browser, live_server):
    """Like ``axe``, but the fresh (CSP-bypassing) context first logs ``user`` in through the login page.

    Usage: ``check = logged_in_axe(user); check(url, wait_for="figure.chart-drawn")``; contexts close after the test.
    """
    from tests.browser.accessibility import run_axe
    from tests.conftest import STRONG_PASSWORD

    contexts = []

    def for_user(user, password: str = STRONG_PASSWORD):
        context = browser.new_context(bypass_csp=True, locale="nl-NL", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        log_in(tab, live_server, user.email, password)

        def check(url: str, wait_for: str | None = None) -> list[dict]:
            tab.goto(url)
            if wait_for:
                tab.wait_for_selector(wait_for)
            return run_axe(tab)

        return check

    yield for_user
    for context in contexts:
        context.close()

