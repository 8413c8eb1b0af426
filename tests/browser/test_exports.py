"""Card downloads and the themes pages in a real browser."""
from __future__ import annotations

from flask import render_template_string

from tests.browser.accessibility import run_axe
from tests.conftest import STRONG_PASSWORD
from tests.exports.conftest import make_card  # noqa: F401  (fixture)
from tests.themes.conftest import planted  # noqa: F401  (fixture)


def _log_in(page, base: str, email: str) -> None:
    page.goto(base + "/beheer/inloggen")
    page.fill("#email", email)
    page.fill("#password", STRONG_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/beheer/")


def test_analyst_downloads_a_card_pdf_via_the_link(live_server, page, app, make_user, make_card):  # noqa: F811
    card = make_card(status="concept")
    make_user("analyst")
    with app.test_request_context():
        links = render_template_string('{% from "cards/_export_links.html" import card_export_links %}'
                                       "{{ card_export_links(card) }}", card=card)
    _log_in(page, live_server, "analyst@example.org")
    # The card page belongs to another area; the same partial it includes is placed on a staff page here.
    page.evaluate("html => document.querySelector('main').insertAdjacentHTML('beforeend', html)", links)
    with page.expect_download() as info:
        page.click("text=Download als PDF")
    download = info.value
    assert download.suggested_filename == f"kaart-{card.id}.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_themes_pages_pass_axe(live_server, axe_page, session, project, make_user, planted):  # noqa: F811
    from vertelpunt.insights.records import StoryFilter
    from vertelpunt.themes.services import run_themes

    run = run_themes(session, project, StoryFilter(), 3, None)
    session.commit()
    make_user("analyst")
    _log_in(axe_page, live_server, "analyst@example.org")
    for path in ("/beheer/themas/?project=proef", f"/beheer/themas/{run.id}"):
        axe_page.goto(live_server + path)
        assert run_axe(axe_page) == [], path
    axe_page.goto(live_server + "/beheer/themas/?project=proef")
    axe_page.fill("#n_topics", "30")
    axe_page.click("text=Zoek thema's")
    assert axe_page.locator("#n_topics-error").is_visible()
    assert run_axe(axe_page) == []
