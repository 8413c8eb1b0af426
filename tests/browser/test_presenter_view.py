"""The presenter view on a projector and a laptop, and dropping a note anywhere on a cluster, in Chromium."""
from __future__ import annotations

import pytest

from tests.browser.test_session_flow import drag, log_in, published_card
from vertelpunt.models import Note


@pytest.fixture
def room(session, project, make_story, make_user):
    from vertelpunt.facilitate import board, notes, participants, planning, votes

    facilitator = make_user("facilitator")
    card = published_card(session, project, make_story(project))
    item = planning.create_session(session, planning.SessionInput(
        name="Sessie Hengelo", held_on="2026-06-03", online=True, project_id=str(project.id)), facilitator)
    table = planning.add_table(session, item, "Tafel Ouders", "ouders")
    other = planning.add_table(session, item, "Tafel Jongeren", "jongeren")
    planning.set_table_cards(session, table, [card.id])
    item.status = "open"
    board.set_focus(item, card.id)
    board.start_timer(item, 10)
    noor, _ = participants.join(session, item, "Noor", table.id)
    sem, _ = participants.join(session, item, "Sem", other.id)
    first = notes.add_note(session, item, table, "zorg", "Niemand vertelt hoe lang het duurt", participant=noor)
    notes.add_note(session, item, other, "kans", "Een jongerenraad kan meekijken", participant=sem)
    cluster = board.create_cluster(session, item, table, "Wachten zonder nieuws")
    board.move_note(session, item, first, cluster.id)
    votes.set_voting(item, True, 3)
    votes.cast(session, item, noor, cluster_id=cluster.id)
    session.commit()
    return {"facilitator": facilitator, "item": item, "table": table, "noor": noor, "cluster": cluster,
            "card": card}


def test_presenter_view_fits_a_projector_and_a_laptop_and_follows_the_room(live_server, page, session, room,
                                                                            logged_in_axe):
    from vertelpunt.facilitate import notes, votes

    item = room["item"]
    log_in(page, live_server, room["facilitator"])
    url = f"{live_server}/beheer/sessies/{item.id}/scherm"
    for width, height in ((1920, 1080), (1366, 768), (1024, 768)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
    assert page.locator("nav").count() == 0 and page.locator("form").count() == 0  # no menu, no controls
    assert room["card"].title in page.inner_text(".presenter-focus")
    assert ":" in page.inner_text(".presenter-timer")  # counting down
    assert page.locator(".presenter-votes").count() == 0  # the result stays hidden until revealed
    check = logged_in_axe(room["facilitator"])
    assert check(url) == []

    notes.add_note(session, item, room["table"], "idee", "elke maand een bericht sturen",
                   goal="ouders weten waar ze staan", participant=room["noor"])
    votes.reveal(item)
    session.commit()
    page.wait_for_selector(".presenter-table >> text=elke maand een bericht sturen", timeout=10_000)
    page.wait_for_selector(".presenter-votes >> text=Wachten zonder nieuws")
    assert "1 stip" in page.inner_text(".presenter-votes")
    assert check(url) == []  # with the vote result


def test_a_note_dropped_on_a_clusters_title_goes_into_it(live_server, page, session, room):
    item, cluster = room["item"], room["cluster"]
    loose = session.query(Note).filter_by(table_id=room["table"].id, cluster_id=None).count()
    from vertelpunt.facilitate import notes

    note = notes.add_note(session, item, room["table"], "verbazing", "Ouders horen pas laat van de wachtlijst",
                          participant=room["noor"])
    session.commit()
    log_in(page, live_server, room["facilitator"])
    page.goto(f"{live_server}/beheer/sessies/{item.id}/bord")
    drag(page, f"#note-{note.id} .note-kind", f"#cluster-title-{cluster.id}")  # the title, not the list inside
    page.wait_for_selector(f"ul[data-drop-cluster='{cluster.id}'] #note-{note.id}")
    session.expire_all()
    assert session.get(Note, note.id).cluster_id == cluster.id and loose == 0
