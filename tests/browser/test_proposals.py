"""The public follow-up pages (and the staff proposal pages) in a real browser: axe-clean, fit a phone."""
from __future__ import annotations

from datetime import date

from tests.browser.accessibility import run_axe
from tests.conftest import STRONG_PASSWORD
from tests.proposals.conftest import board, make_proposal  # noqa: F401 (fixtures)


def _with_history(session, proposal):
    from vertelpunt.proposals.status import change_status
    from vertelpunt.proposals.updates import add_update

    change_status(session, proposal, "chosen", None)
    add_update(session, proposal, "De eerste brief over de wachttijd is verstuurd.", date.today(), None)
    session.commit()


def test_follow_up_pages_pass_axe_and_fit_a_phone(live_server, axe, phone_page, session, project, make_proposal):
    proposal = make_proposal(owner_name_public=True)
    _with_history(session, proposal)
    make_proposal(title="Een tweede voorstel met een heel lange titel die op een telefoon moet afbreken")
    urls = [f"{live_server}/v/{project.slug}/opvolging/", f"{live_server}/v/{project.slug}/opvolging/{proposal.id}",
            f"{live_server}/v/{project.slug}/"]
    for url in urls:
        assert axe(url) == [], url
        assert axe(url, viewport={"width": 360, "height": 740}) == [], url
        phone_page.goto(url)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360, url
    phone_page.goto(urls[1])
    assert phone_page.locator("h1").inner_text() == "Wachttijd laten zien"
    assert phone_page.get_by_text("Ouders wachten lang op hulp").is_visible()


def test_staff_proposal_pages_pass_axe(live_server, axe_page, session, board, make_proposal, make_user):  # noqa: F811
    user = make_user("facilitator")
    proposal = make_proposal()
    _with_history(session, proposal)
    axe_page.goto(live_server + "/beheer/inloggen")
    axe_page.get_by_label("E-mailadres").fill(user.email)
    axe_page.get_by_label("Wachtwoord").fill(STRONG_PASSWORD)
    axe_page.get_by_role("button", name="Inloggen").click()
    axe_page.wait_for_url("**/beheer/**")
    for path in (f"/beheer/voorstellen/nieuw?cluster={board.cluster.id}", "/beheer/voorstellen/",
                 f"/beheer/voorstellen/{proposal.id}", f"/beheer/sessies/{board.sess.id}/verslag.html",
                 "/beheer/voorstellen/voortgang"):
        axe_page.goto(live_server + path)
        assert run_axe(axe_page) == [], path
    # A failed save keeps everything typed and is still accessible.
    axe_page.goto(live_server + f"/beheer/voorstellen/nieuw?cluster={board.cluster.id}")
    axe_page.get_by_label("Organisatie eigenaar").fill("")
    axe_page.get_by_label("Naam eigenaar").fill("Petra")
    axe_page.get_by_role("button", name="Voorstel opslaan").click()
    assert axe_page.get_by_text("Vul de organisatie van de eigenaar in.").first.is_visible()
    assert axe_page.get_by_label("Naam eigenaar").input_value() == "Petra"
    assert run_axe(axe_page) == []
