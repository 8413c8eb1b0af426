"""The presenter view's content: newest notes per table, the vote result only once revealed, no controls."""
from __future__ import annotations

from datetime import datetime, timezone

from vertelpunt.facilitate import board, notes, participants, votes
from vertelpunt.facilitate.screen import NOTES_PER_TABLE, screen_of


def test_screen_shows_the_newest_notes_and_counts_the_rest(session, plan):
    sanne, _ = participants.join(session, plan, "Sanne", plan.tables[0].id)
    for number in range(NOTES_PER_TABLE + 2):
        notes.add_note(session, plan, plan.tables[0], "zorg", f"Briefje {number}", participant=sanne)
    hidden = notes.add_note(session, plan, plan.tables[0], "zorg", "Weggehaald", participant=sanne)
    hidden.hidden_at = datetime.now(timezone.utc)
    session.commit()
    table = screen_of(session, plan).tables[0]
    assert [note.text for note in table.notes] == [f"Briefje {n}" for n in range(NOTES_PER_TABLE + 1, 1, -1)]
    assert table.more == 2 and table.notes[0].kind_label == "Zorg"


def test_vote_result_appears_only_when_revealed_and_ranks_clusters_and_notes(session, plan):
    sanne, _ = participants.join(session, plan, "Sanne", plan.tables[0].id)
    note = notes.add_note(session, plan, plan.tables[0], "idee", "elke maand bellen", goal="ouders rust hebben",
                          participant=sanne)
    cluster = board.create_cluster(session, plan, plan.tables[0], "Wachttijd")
    board.create_cluster(session, plan, plan.tables[0], "Zonder stippen")
    votes.set_voting(plan, True, 3)
    votes.cast(session, plan, sanne, cluster_id=cluster.id)
    votes.cast(session, plan, sanne, cluster_id=cluster.id)
    votes.cast(session, plan, sanne, note_id=note.id)
    session.commit()
    assert screen_of(session, plan).votes is None
    votes.reveal(plan)
    lines = screen_of(session, plan).votes
    assert [(line.label, line.dots) for line in lines] == [
        ("Wachttijd", 2), ("We zouden eigenlijk elke maand bellen moeten doen, zodat ouders rust hebben", 1)]


def test_screen_page_has_no_menu_or_controls(session, plan, client, login, facilitator):
    login(facilitator)
    page = client.get(f"/beheer/sessies/{plan.id}/scherm").get_data(as_text=True)
    assert plan.name in page and plan.join_code in page
    assert "<nav" not in page and "<form" not in page and "Uitloggen" not in page
    board_page = client.get(f"/beheer/sessies/{plan.id}/bord").get_data(as_text=True)
    assert f'href="/beheer/sessies/{plan.id}/scherm"' in board_page
