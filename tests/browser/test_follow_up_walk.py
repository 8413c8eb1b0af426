"""A new visitor of the demo walks from the public follow-up page to the realised proposal and sees whether it
changed anything: the before/after chart, the plain-words summary, on a phone and on a laptop, axe-clean."""
from __future__ import annotations

import pytest

from tests.browser.accessibility import run_axe


@pytest.fixture
def demo_cycle(session):
    from vertelpunt.demo.load import seed_demo, seed_demo_cycle

    outcome = seed_demo(session, seed=7, n=960)
    seed_demo_cycle(session, outcome)
    session.commit()


@pytest.mark.parametrize("width", [390, 1280])
def test_from_the_follow_up_page_to_a_realised_proposal_with_its_before_and_after(browser, live_server, demo_cycle,
                                                                                  width):
    context = browser.new_context(bypass_csp=True, locale="nl-NL", viewport={"width": width, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(live_server + "/v/demo/opvolging/")
        tab.get_by_role("link", name="Maandelijks bericht over de wachttijd").click()
        tab.wait_for_url("**/v/demo/opvolging/*")
        heading = tab.get_by_role("heading", name="Is er iets veranderd?")
        heading.scroll_into_view_if_needed()
        assert heading.is_visible()
        measure = tab.locator("section.measure").first
        assert "Beter geworden" in measure.inner_text() and "Rest van het land" in measure.inner_text()
        chart = measure.locator("svg[role=img]")
        assert chart.count() == 1 and chart.bounding_box()["width"] <= width
        assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert run_axe(tab) == []
    finally:
        context.close()


def test_the_staff_page_of_a_measured_proposal_and_its_plan_form_pass_axe(session, live_server, logged_in_axe,
                                                                           make_user, demo_cycle):
    from sqlalchemy import select

    from vertelpunt.models import Proposal

    proposal = session.scalar(select(Proposal).where(Proposal.title == "Maandelijks bericht over de wachttijd"))
    check = logged_in_axe(make_user("facilitator"))
    assert check(f"{live_server}/beheer/voorstellen/{proposal.id}#hermeting", wait_for="section.measure svg") == []
