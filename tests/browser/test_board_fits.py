"""The facilitator board, the presenter view and the participant page fit the room (issue 19.1), in Chromium.

At 390 (phone), 1024 (small laptop, old projector) and 1366 px (common laptop) no page scrolls sideways, the
dot-voting controls stay on screen, a long note without spaces wraps inside its cluster, and axe-core finds
nothing. On a phone the participant sees the note form before the cards and stories, and a closed session
says so at the top.
"""
from __future__ import annotations

import pytest

from tests.browser.accessibility import run_axe
from tests.browser.test_session_flow import log_in, published_card
from vertelpunt.models import Note

WIDTHS = ((390, 844), (1024, 768), (1366, 900))
LONG_WORD = "wachtlijstwachtlijstwachtlijst" * 8  # 240 letters without a space, as pasted links or typos are


def _fits(tab) -> bool:
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _inside(inner: dict, outer: dict) -> bool:
    return inner["x"] >= outer["x"] - 0.5 and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5


@pytest.fixture
def full_room(session, project, make_story, make_user):
    """A busy open session: three tables, clusters with long names, a long note without spaces in a cluster,
    dot voting open with the result shown, a focus card with a long title and a running timer."""
    from vertelpunt.facilitate import board, notes, participants, planning, votes

    facilitator = make_user("facilitator")
    card = published_card(session, project, make_story(project))
    card.title = "Ouders die lang op de wachtlijst staan en geen bericht krijgen, voelen zich veel minder gehoord"
    item = planning.create_session(session, planning.SessionInput(
        name="Sessie Almelo", held_on="2026-06-10", online=True, project_id=str(project.id)), facilitator)
    tables = [planning.add_table(session, item, name, "ouders en jongeren")
              for name in ("Tafel Ouders", "Tafel Jongeren", "Tafel Professionals")]
    planning.set_table_cards(session, tables[0], [card.id])
    item.status = "open"
    board.set_focus(item, card.id)
    board.start_timer(item, 15)
    noor, _ = participants.join(session, item, "Noor", tables[0].id)
    sem, _ = participants.join(session, item, "Sem", tables[1].id)
    long_note = notes.add_note(session, item, tables[0], "zorg", LONG_WORD, participant=noor)
    loose = notes.add_note(session, item, tables[0], "verbazing", "Niemand belt terug na de intake",
                           participant=noor)
    notes.add_note(session, item, tables[1], "kans", "Een jongerenraad kan meekijken bij de wachtlijst",
                   participant=sem)
    cluster = board.create_cluster(session, item, tables[0], "Wachten zonder nieuws van de jeugdhulpaanbieder")
    board.move_note(session, item, long_note, cluster.id)
    board.create_cluster(session, item, tables[1], "Meedenken" + "zonderspaties" * 12)
    votes.set_voting(item, True, 3)
    votes.cast(session, item, noor, cluster_id=cluster.id)
    votes.reveal(item)
    session.commit()
    return {"facilitator": facilitator, "item": item, "tables": tables, "long_note": long_note, "loose": loose,
            "cluster": cluster, "card": card}


@pytest.fixture
def staff_tab(browser, live_server, full_room):
    """A facilitator's tab whose context bypasses CSP, so axe-core can be injected after every navigation."""
    context = browser.new_context(bypass_csp=True, locale="nl-NL", viewport={"width": 1366, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    log_in(tab, live_server, full_room["facilitator"])
    yield tab
    context.close()


def test_board_fits_every_width_keeps_vote_controls_on_screen_and_wraps_long_notes(live_server, staff_tab,
                                                                                   full_room):
    tab, item = staff_tab, full_room["item"]
    long_note, cluster = full_room["long_note"], full_room["cluster"]
    for width, height in WIDTHS:
        tab.set_viewport_size({"width": width, "height": height})
        tab.goto(f"{live_server}/beheer/sessies/{item.id}/bord")
        assert _fits(tab), width
        note_box = tab.locator(f"#note-{long_note.id}").bounding_box()
        assert _inside(note_box, tab.locator(f"#cluster-{cluster.id}").bounding_box()), width
        assert tab.locator(f"#note-{long_note.id} .note-text").evaluate("t => t.scrollWidth <= t.clientWidth"), width
        assert run_axe(tab) == [], width
        if width == 1024:
            controls = tab.locator("#stemmen button, #stemmen input:not([type=hidden])")
            assert controls.count() >= 3
            for index in range(controls.count()):
                box = controls.nth(index).bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= width, controls.nth(index).inner_text()
            first, second = (tab.locator(".board-table").nth(i).bounding_box() for i in (0, 1))
            assert second["y"] >= first["y"] + first["height"]  # stacked below 1366 px
        if width == 1366:
            first, second = (tab.locator(".board-table").nth(i).bounding_box() for i in (0, 1))
            assert second["y"] == first["y"] and second["x"] > first["x"] + first["width"] / 2  # side by side
            assert first["width"] + second["width"] > width * 0.6  # the tables use the width of the screen


def test_a_note_dragged_on_the_wide_board_lands_in_its_cluster(live_server, staff_tab, session, full_room):
    tab, item, cluster, loose = staff_tab, full_room["item"], full_room["cluster"], full_room["loose"]
    tab.set_viewport_size({"width": 1366, "height": 2000})  # source and target both on screen
    tab.goto(f"{live_server}/beheer/sessies/{item.id}/bord")
    tab.hover(f"#note-{loose.id} .note-kind")
    tab.mouse.down()
    box = tab.locator(f"#cluster-title-{cluster.id}").bounding_box()
    tab.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=10)
    tab.mouse.up()
    tab.wait_for_selector(f"ul[data-drop-cluster='{cluster.id}'] #note-{loose.id}")
    session.expire_all()
    assert session.get(Note, loose.id).cluster_id == cluster.id
    assert _fits(tab)


def test_presenter_view_fits_a_phone_a_small_laptop_and_a_laptop(live_server, staff_tab, full_room):
    tab, item = staff_tab, full_room["item"]
    for width, height in WIDTHS:
        tab.set_viewport_size({"width": width, "height": height})
        tab.goto(f"{live_server}/beheer/sessies/{item.id}/scherm")
        assert _fits(tab), width
        assert "Wachten zonder nieuws" in tab.inner_text(".presenter-votes")
        assert run_axe(tab) == [], width


def _participant_tab(browser, live_server, item, name):
    context = browser.new_context(bypass_csp=True, locale="nl-NL", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.goto(f"{live_server}/s/{item.join_code}")
    tab.fill("#name", name)
    tab.check("label:has-text('Tafel Ouders') input")
    tab.click("button:text('Naar mijn tafel')")
    tab.wait_for_selector("h1:text('Tafel Ouders')")
    return context, tab


def _top(tab, selector: str) -> float:
    return tab.locator(selector).bounding_box()["y"]


def test_participant_page_puts_the_note_form_first_on_a_phone_and_fits_every_width(live_server, browser,
                                                                                   full_room):
    context, tab = _participant_tab(browser, live_server, full_room["item"], "Lotte")
    try:
        assert _top(tab, "#note-form") < _top(tab, "#kaarten") < _top(tab, "#verhalen")
        assert _top(tab, "#note-form") < _top(tab, "#notities")
        assert tab.locator("#note-form").bounding_box()["y"] < 844 * 1.5  # within a thumb's scroll of the top
        note = tab.locator(f"li[data-note-id='{full_room['long_note'].id}']")
        assert _inside(note.bounding_box(), tab.locator("#note-list").bounding_box())
        assert tab.locator("#gesloten").count() == 0
        for width, height in WIDTHS:
            tab.set_viewport_size({"width": width, "height": height})
            tab.reload()
            assert _fits(tab), width
            assert run_axe(tab) == [], width
    finally:
        context.close()


def test_participant_page_of_a_closed_session_says_so_at_the_top(live_server, browser, session, full_room):
    from vertelpunt.facilitate import planning

    item = full_room["item"]
    context, tab = _participant_tab(browser, live_server, item, "Daan")
    try:
        planning.set_status(session, item, "closed", full_room["facilitator"])
        session.commit()
        tab.reload()
        closed = tab.locator("#gesloten")
        assert "Deze sessie is gesloten" in closed.inner_text()
        assert _top(tab, "#gesloten") < min(_top(tab, "#notities"), _top(tab, "#kaarten"))
        assert closed.bounding_box()["y"] + closed.bounding_box()["height"] <= 844  # seen without scrolling
        assert tab.locator("#note-form").count() == 0 and tab.locator("a[href='#schrijven']").count() == 0
        assert LONG_WORD[:20] in tab.inner_text("#note-list")  # the notes can still be read
        assert _fits(tab)
        assert run_axe(tab) == []
    finally:
        context.close()

