"""An admin fills in who is responsible for a project, in a real browser, and every page on the way passes axe."""
from __future__ import annotations

from tests.browser.accessibility import run_axe
from tests.browser.conftest import log_in
from tests.conftest import STRONG_PASSWORD


def test_admin_fills_in_the_privacy_contacts_and_the_pages_pass_axe(live_server, axe_page, project, make_user):
    make_user("admin", "admin@example.org")
    page = axe_page
    log_in(page, live_server, "admin@example.org", STRONG_PASSWORD)
    page.goto(live_server + "/beheer/")
    problems = {"overzicht": run_axe(page)}
    page.locator(".flash-warning").get_by_role("link", name="Proefproject").click()
    page.fill("#controller", "Gemeente Enschede")
    page.fill("#contact", "bel maar")
    page.get_by_role("button", name="Opslaan").click()
    assert page.locator("#contact-error").inner_text().startswith("Vul een e-mailadres in")
    assert page.get_attribute("#contact", "aria-invalid") == "true"
    problems["formulier met fouten"] = run_axe(page)
    page.fill("#contact", "privacy@enschede.example")
    page.fill("#dpo", "Functionaris gegevensbescherming, fg@enschede.example")
    page.fill("#retention", "2 jaar")
    page.get_by_role("button", name="Opslaan").click()
    assert "opgeslagen" in page.locator(".flashes").inner_text()
    page.goto(live_server + "/v/proef/privacy")
    assert "Gemeente Enschede" in page.locator("main").inner_text()
    problems["privacyverklaring"] = run_axe(page)
    assert problems == {name: [] for name in problems}
