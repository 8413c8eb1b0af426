"""The analyst's way from a scan to a published observation card, in a real browser, with axe-core."""
from __future__ import annotations

from playwright.sync_api import expect

import pytest

from tests.browser.accessibility import run_axe
from tests.cards.conftest import plant
from tests.conftest import STRONG_PASSWORD


@pytest.fixture
def scanned_run(session, project, make_story, make_user):
    from vertelpunt.cards.runs import start_scan
    from vertelpunt.insights.records import StoryFilter

    analyst = make_user("analyst", "analist@example.org")
    plant(make_story, project)
    session.commit()
    run = start_scan(session, project, StoryFilter(), analyst, splits=5)
    session.commit()
    return run


def _login(tab, base):
    tab.goto(base + "/beheer/inloggen")
    tab.fill("#email", "analist@example.org")
    tab.fill("#password", STRONG_PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(base + "/beheer/")


def _axe_logged_in(browser, base, urls, refuse_publish: str | None = None) -> dict:
    """axe-core in a context that bypasses CSP (to inject axe) and is logged in as the analyst; with
    ``refuse_publish`` (an editor URL) also on the editor showing its errors after a refused publish."""
    context = browser.new_context(bypass_csp=True, locale="nl-NL", viewport={"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        _login(tab, base)
        found = {}
        for url in urls:
            tab.goto(base + url)
            tab.wait_for_timeout(300)
            found[url] = run_axe(tab)
        if refuse_publish:
            tab.goto(base + refuse_publish)
            tab.fill("#interpretation_a", "")
            tab.get_by_role("button", name="Publiceren").click()
            tab.wait_for_selector("#interpretation_a-error")
            found[refuse_publish + " (fouten)"] = run_axe(tab)
        return found
    finally:
        context.close()


def test_from_pattern_to_published_card(live_server, page, browser, scanned_run):
    _login(page, live_server)
    run_url = f"/beheer/patronen/{scanned_run.id}"
    page.goto(live_server + run_url)
    top = page.locator("#p-1")
    assert "nog niet beoordeeld" in top.inner_text()
    top.get_by_role("button", name="Opvallend").click()  # stored with fetch (static/js/verdicts.js)
    expect(page.locator("#p-1 .verdict-value")).to_have_text("Opvallend")
    assert page.locator("#p-1 .pattern-facts div:last-child dd").inner_text() == "Opvallend"
    assert page.locator("#p-1 button[aria-pressed=true]").inner_text().startswith("Opvallend")

    page.locator("#p-1").get_by_role("button", name="Maak observatiekaart").click()
    page.wait_for_url("**/beheer/taken/*")  # drafting reads every story behind the scan: a job
    page.get_by_role("link", name="Bekijk het resultaat").click()
    page.wait_for_url("**/bewerken")
    edit_url = page.url
    assert page.locator("h1").inner_text() == "Kaart bewerken"
    assert page.input_value("#observation").strip()  # drafted automatically

    typed = "In de verhalen gaan een goede afloop en je gehoord voelen samen op."
    page.fill("#observation", typed)
    page.get_by_role("button", name="Publiceren").click()
    assert page.locator("#interpretation_a-error").inner_text().startswith("Vul de eerste interpretatie in")
    assert page.locator("#interpretation_b-error").is_visible()
    assert page.input_value("#observation") == typed
    assert page.get_attribute("#interpretation_a", "aria-invalid") == "true"

    page.fill("#interpretation_a", "Wie zich gehoord voelt, werkt beter mee, en dan loopt de hulp beter af.")
    page.fill("#interpretation_b", "Wie goede hulp kreeg, kijkt achteraf milder terug op de gesprekken.")
    before = page.locator(".editor-stories .muted").all_inner_texts()
    assert before
    page.locator(".editor-stories button[value^='swap:']").first.click()
    page.wait_for_load_state()
    after = page.locator(".editor-stories .muted").all_inner_texts()
    assert after[0] != before[0] and after[1:] == before[1:]
    assert page.input_value("#interpretation_a").startswith("Wie zich gehoord voelt")  # saved along with the swap

    editor_path = edit_url.replace(live_server, "")
    editor_axe = _axe_logged_in(browser, live_server, [editor_path], refuse_publish=editor_path)
    page.reload()
    page.fill("#interpretation_a", "Wie zich gehoord voelt, werkt beter mee, en dan loopt de hulp beter af.")
    page.get_by_role("button", name="Publiceren").click()
    page.wait_for_url("**/beheer/kaarten/*")
    assert page.locator(".obs-card .badge").inner_text() == "Gepubliceerd"
    assert typed in page.locator(".obs-card").inner_text()
    assert "niet representatief" in page.locator(".obs-card-disclaimer").inner_text()
    card_url = page.url.replace(live_server, "")

    found = _axe_logged_in(browser, live_server, [run_url, card_url, "/beheer/patronen/", "/beheer/kaarten/"])
    found.update(editor_axe)
    assert found == {url: [] for url in found}


def test_card_pages_fit_a_phone(live_server, phone_page, session, scanned_run):
    from vertelpunt.cards.services import create_card
    from vertelpunt.models import User

    analyst = session.query(User).filter_by(email="analist@example.org").one()
    card = create_card(session, scanned_run, _top_key(scanned_run), analyst)
    session.commit()
    _login(phone_page, live_server)
    for url in (f"/beheer/patronen/{scanned_run.id}", f"/beheer/kaarten/{card.id}", f"/beheer/kaarten/{card.id}/bewerken",
                "/beheer/kaarten/", "/beheer/patronen/"):
        phone_page.goto(live_server + url)
        phone_page.wait_for_timeout(300)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360, url


VIEWPORTS = {"phone": {"width": 360, "height": 740}, "tablet": {"width": 768, "height": 1024},
             "desktop": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_card_page_passes_axe_with_scrollable_regions_checked(live_server, browser, session, scanned_run, viewport):
    """The statistics table scrolls sideways on narrow screens; its wrapper must be reachable by keyboard
    and named (axe rule scrollable-region-focusable, which run_axe never leaves out), at every width,
    also with the chart's numbers opened."""
    from vertelpunt.cards.services import create_card
    from vertelpunt.models import User

    analyst = session.query(User).filter_by(email="analist@example.org").one()
    card = create_card(session, scanned_run, _top_key(scanned_run), analyst)
    session.commit()
    context = browser.new_context(bypass_csp=True, locale="nl-NL", viewport=VIEWPORTS[viewport])
    try:
        tab = context.new_page()
        _login(tab, live_server)
        tab.goto(f"{live_server}/beheer/kaarten/{card.id}")
        tab.wait_for_timeout(300)
        closed = run_axe(tab)
        tab.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        opened = run_axe(tab)
    finally:
        context.close()
    assert (closed, opened) == ([], [])


def _top_key(run):
    from vertelpunt.cards.runs import pattern_key
    from vertelpunt.insights.scans import stored_result

    return pattern_key(stored_result(run).notable[0])
