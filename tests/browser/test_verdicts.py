"""The verdict on a scan page is stored without reloading the page (static/js/verdicts.js), in a real browser."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.accessibility import run_axe
from tests.browser.conftest import log_in
from tests.browser.test_card_editor import scanned_run  # noqa: F401  (the fixture)
from tests.conftest import STRONG_PASSWORD


def test_verdict_updates_in_place_with_a_polite_status(live_server, page, scanned_run):  # noqa: F811
    log_in(page, live_server, "analist@example.org", STRONG_PASSWORD)
    page.goto(f"{live_server}/beheer/patronen/{scanned_run.id}")
    page.evaluate("window.__samePage = true")
    top = page.locator("#p-1")
    assert top.locator(".verdict-value").inner_text() == "nog niet beoordeeld"
    top.get_by_role("button", name="Misschien").click()
    expect(page.locator("#p-1 .verdict-value")).to_have_text("Misschien")
    status = top.locator(".verdict-status")
    assert status.get_attribute("role") == "status"
    assert "gemarkeerd als misschien" in status.inner_text()
    assert top.locator("button[aria-pressed=true]").inner_text().startswith("Misschien")
    assert top.locator("button[aria-pressed=true]").count() == 1
    assert page.evaluate("window.__samePage") is True  # the page was not loaded again
    assert page.locator(".flashes").count() == 0

    top.get_by_role("button", name="Nee").click()
    expect(page.locator("#p-1 .verdict-value")).to_have_text("Nee")
    assert page.evaluate("window.__samePage") is True
    page.reload()
    assert page.locator("#p-1 .verdict-value").inner_text() == "Nee"  # stored


def test_verdict_that_moves_the_pattern_reloads_at_the_expected_links(live_server, page, scanned_run):  # noqa: F811
    log_in(page, live_server, "analist@example.org", STRONG_PASSWORD)
    page.goto(f"{live_server}/beheer/patronen/{scanned_run.id}?toon=all")
    title = page.locator("#p-1 .pattern-title").inner_text()
    page.locator("#p-1").get_by_role("button", name="Verwacht").click()
    expect(page.locator("#p-1 .pattern-title")).not_to_have_text(title)  # loaded again: another pattern is first
    assert "Verwacht" in page.locator(".expected-links .verdict-value").all_inner_texts()


def test_verdict_works_without_javascript(live_server, browser, scanned_run):  # noqa: F811
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    try:
        tab = context.new_page()
        log_in(tab, live_server, "analist@example.org", STRONG_PASSWORD)
        tab.goto(f"{live_server}/beheer/patronen/{scanned_run.id}")
        tab.locator("#p-1").get_by_role("button", name="Opvallend").click()
        tab.wait_for_load_state()
        assert tab.locator("#p-1 .verdict-value").inner_text() == "Opvallend"
        assert "gemarkeerd als opvallend" in tab.locator(".flashes").inner_text()
    finally:
        context.close()


def test_scan_page_after_a_verdict_passes_axe(live_server, browser, scanned_run):  # noqa: F811
    context = browser.new_context(bypass_csp=True, locale="nl-NL", viewport={"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        log_in(tab, live_server, "analist@example.org", STRONG_PASSWORD)
        tab.goto(f"{live_server}/beheer/patronen/{scanned_run.id}")
        tab.locator("#p-1").get_by_role("button", name="Opvallend").click()
        expect(tab.locator("#p-1 .verdict-status")).to_contain_text("gemarkeerd als")
        assert run_axe(tab) == []
    finally:
        context.close()
