"""The scan page and a card page fit a phone, a laptop and a wide screen (issue 19's widths), with zero axe-core
violations, in Debian's Chromium."""
from __future__ import annotations

import pytest

from tests.browser.accessibility import run_axe
from tests.browser.conftest import log_in
from tests.browser.test_card_editor import scanned_run  # noqa: F401  (the fixture)
from tests.conftest import STRONG_PASSWORD

FITS = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def card(session, scanned_run):  # noqa: F811
    from vertelpunt.cards.drafting import create_card
    from vertelpunt.cards.runs import ranked_patterns
    from vertelpunt.models import User

    analyst = session.query(User).filter_by(email="analist@example.org").one()
    top = next(row for row in ranked_patterns(session, scanned_run, "notable"))
    made = create_card(session, scanned_run, top.key, analyst)
    session.commit()
    return made


@pytest.mark.parametrize("width", [390, 1024, 1366])
def test_scan_and_card_pages_do_not_scroll_sideways(live_server, browser, scanned_run, card, width):  # noqa: F811
    context = browser.new_context(bypass_csp=True, locale="nl-NL", viewport={"width": width, "height": 900},
                                  is_mobile=width < 600)
    try:
        tab = context.new_page()
        log_in(tab, live_server, "analist@example.org", STRONG_PASSWORD)
        for url in (f"/beheer/patronen/{scanned_run.id}", f"/beheer/kaarten/{card.id}"):
            tab.goto(live_server + url)
            tab.wait_for_load_state("networkidle")
            assert tab.evaluate(FITS), (url, tab.evaluate("document.documentElement.scrollWidth"))
            assert run_axe(tab) == [], url
    finally:
        context.close()
