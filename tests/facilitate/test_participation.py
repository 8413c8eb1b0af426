"""Joining without an account, notes at a table, polling, clusters, dot voting, timer and focus."""
from datetime import datetime, timedelta, timezone

import re

import pytest

from vertelpunt.facilitate import board, notes, participants, planning, votes
from vertelpunt.models import Cluster, Participant


def joined(session, item, name="Sanne", table=None):
    participant, token = participants.join(session, item, name, (table or item.tables[0]).id)
    session.commit()
    return participant, token


def test_join_stores_only_the_token_hash(session, plan):
    participant, token = joined(session, plan)
    assert participant.token_hash == participants.hash_token(token) and token not in participant.token_hash
    assert participants.participant_for(session, plan, token) == participant
    assert participants.participant_for(session, plan, "wrong") is None


@pytest.mark.parametrize("code, message", [("", "Vul de code in"), ("ZZZZZZ", "Deze code kennen we niet"),
                                           ("0O1I", "Deze code kennen we niet")])
def test_bad_codes(session, plan, code, message):
    with pytest.raises(participants.JoinError) as caught:
        participants.check_code(session, code)
    assert message in caught.value.errors["code"]


def test_code_is_found_whatever_the_typing(session, plan):
    assert participants.check_code(session, plan.join_code.lower()[:3] + "-" + plan.join_code[3:]) == plan


@pytest.mark.parametrize("name, message", [("   ", "Vul een naam in"), ("x" * 41, "te lang")])
def test_bad_names(session, plan, name, message):
    with pytest.raises(participants.JoinError) as caught:
        participants.join(session, plan, name)
    assert message in caught.value.errors["name"]


def test_with_several_tables_a_table_must_be_chosen(session, plan):
    second = planning.add_table(session, plan, "Tafel 2")
    with pytest.raises(participants.JoinError) as caught:
        participants.join(session, plan, "Sanne")
    assert caught.value.errors == {"table": "Kies aan welke tafel je zit."}
    participant, _ = participants.join(session, plan, "Sanne", str(second.id))
    assert participant.table_id == second.id


def test_closed_session_cannot_be_joined(session, plan):
    plan.status = "closed"
    with pytest.raises(participants.JoinError):
        participants.join(session, plan, "Sanne")


def test_notes_of_four_kinds_and_idea_needs_both_parts(session, plan):
    participant, _ = joined(session, plan)
    table = plan.tables[0]
    for kind in ("verbazing", "zorg", "kans"):
        note = notes.add_note(session, plan, table, kind, f"Een {kind}", participant=participant)
        assert note.author_name == "Sanne" and note.goal is None
    with pytest.raises(notes.NoteError) as caught:
        notes.add_note(session, plan, table, "idee", "vaker bellen", participant=participant)
    assert set(caught.value.errors) == {"goal"}
    with pytest.raises(notes.NoteError) as caught:
        notes.add_note(session, plan, table, "idee", "", "ouders rust hebben", participant=participant)
    assert set(caught.value.errors) == {"text"}
    idea = notes.add_note(session, plan, table, "idee", "vaker bellen", "ouders weten waar ze staan",
                          participant=participant)
    assert notes.note_text(idea) == "We zouden eigenlijk vaker bellen moeten doen, zodat ouders weten waar ze staan"
    with pytest.raises(notes.NoteError) as caught:
        notes.add_note(session, plan, table, "klacht", "iets", participant=participant)
    assert "kind" in caught.value.errors
    with pytest.raises(notes.NoteError) as caught:
        notes.add_note(session, plan, table, "zorg", "x" * 501, participant=participant)
    assert "hoogstens 500" in caught.value.errors["text"]


def test_closed_session_refuses_notes(session, plan):
    participant, _ = joined(session, plan)
    plan.status = "closed"
    with pytest.raises(notes.NoteError) as caught:
        notes.add_note(session, plan, plan.tables[0], "zorg", "Te laat", participant=participant)
    assert "gesloten" in caught.value.errors["text"]


def test_participant_of_one_session_cannot_post_to_another(session, plan, project, facilitator):
    other = planning.create_session(session, planning.SessionInput(
        name="Andere", held_on="2026-06-01", online=True, project_id=str(project.id)), facilitator)
    other_table = planning.add_table(session, other, "Tafel A")
    participant, token = joined(session, plan)
    with pytest.raises(notes.NoteError):
        notes.add_note(session, other, other_table, "zorg", "Binnendringen", participant=participant)
    with pytest.raises(notes.NoteError):
        notes.add_note(session, plan, other_table, "zorg", "Verkeerde tafel", participant=participant)
    assert participants.participant_for(session, other, token) is None


def test_polling_returns_only_newer_notes_of_the_table(session, plan):
    second = planning.add_table(session, plan, "Tafel 2")
    a, _ = joined(session, plan)
    b, _ = joined(session, plan, "Ali", second)
    first = notes.add_note(session, plan, plan.tables[0], "zorg", "Eerste", participant=a)
    notes.add_note(session, plan, second, "kans", "Andere tafel", participant=b)
    newer = notes.add_note(session, plan, plan.tables[0], "kans", "Tweede", participant=a)
    assert [n.id for n in notes.table_notes(session, plan.tables[0])] == [first.id, newer.id]
    assert [n.id for n in notes.table_notes(session, plan.tables[0], first.id)] == [newer.id]
    assert notes.table_notes(session, plan.tables[0], newer.id) == []


def test_clusters_hold_notes_of_their_own_table(session, plan):
    second = planning.add_table(session, plan, "Tafel 2")
    a, _ = joined(session, plan)
    note = notes.add_note(session, plan, plan.tables[0], "zorg", "Wachten", participant=a)
    cluster = board.create_cluster(session, plan, plan.tables[0], "Wachttijd")
    elsewhere = board.create_cluster(session, plan, second, "Ander")
    board.move_note(session, plan, note, cluster.id)
    assert note.cluster_id == cluster.id and cluster.notes == [note]
    with pytest.raises(board.BoardError):
        board.move_note(session, plan, note, elsewhere.id)
    with pytest.raises(board.BoardError):
        board.create_cluster(session, plan, plan.tables[0], " ")
    board.rename_cluster(cluster, "Lang wachten")
    board.delete_cluster(session, cluster)
    assert note.cluster_id is None


def test_cluster_names_differ_per_table(session, plan, client, login, facilitator):
    second = planning.add_table(session, plan, "Tafel 2")
    first = board.create_cluster(session, plan, plan.tables[0], "Wachttijd")
    board.create_cluster(session, plan, second, "Wachttijd")  # another table may use the name
    with pytest.raises(board.BoardError, match="al een cluster 'wachttijd'"):
        board.create_cluster(session, plan, plan.tables[0], "  wachttijd ")
    other = board.create_cluster(session, plan, plan.tables[0], "Uitleg")
    with pytest.raises(board.BoardError, match="al een cluster"):
        board.rename_cluster(other, "WACHTTIJD")
    board.rename_cluster(first, "wachttijd")  # its own name in other capitals is fine
    session.commit()
    login(facilitator)
    page = client.get(f"/beheer/sessies/{plan.id}/bord").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(f"/beheer/sessies/{plan.id}/clusters", data={
        "csrf_token": token, "table_id": plan.tables[0].id, "name": "Uitleg"}, follow_redirects=True)
    assert "al een cluster" in response.get_data(as_text=True)
    assert session.query(Cluster).filter_by(table_id=plan.tables[0].id).count() == 2


def test_voting_limits_and_hidden_totals(session, plan):
    a, _ = joined(session, plan)
    b, _ = joined(session, plan, "Ali")
    note = notes.add_note(session, plan, plan.tables[0], "zorg", "Wachten", participant=a)
    with pytest.raises(votes.VoteError):
        votes.cast(session, plan, a, note_id=note.id)  # voting not open yet
    votes.set_voting(plan, True, "2")
    votes.cast(session, plan, a, note_id=note.id)
    votes.cast(session, plan, a, note_id=note.id)
    with pytest.raises(votes.VoteError) as caught:
        votes.cast(session, plan, a, note_id=note.id)
    assert "al je 2 stippen" in str(caught.value)
    votes.cast(session, plan, b, note_id=note.id)
    assert votes.totals(session, plan) is None
    assert votes.own_votes(session, a)["note"] == {note.id: 2}
    votes.reveal(plan)
    assert votes.totals(session, plan)["note"] == {note.id: 3}
    votes.withdraw(session, plan, a, note_id=note.id)
    assert votes.totals(session, plan)["note"] == {note.id: 2}
    with pytest.raises(votes.VoteError):
        votes.set_voting(plan, True, "0")


def test_votes_only_for_own_table(session, plan):
    second = planning.add_table(session, plan, "Tafel 2")
    a, _ = joined(session, plan)
    b, _ = joined(session, plan, "Ali", second)
    note = notes.add_note(session, plan, second, "zorg", "Daar", participant=b)
    votes.set_voting(plan, True)
    with pytest.raises(votes.VoteError):
        votes.cast(session, plan, a, note_id=note.id)


def test_timer_and_focus(session, plan, make_card):
    now = datetime(2026, 5, 20, 10, 0, tzinfo=timezone.utc)
    board.start_timer(plan, "10", now)
    assert board.remaining_seconds(plan, now + timedelta(minutes=4)) == 360
    assert board.remaining_seconds(plan, now + timedelta(minutes=11)) == 0
    with pytest.raises(board.BoardError):
        board.start_timer(plan, "0", now)
    board.stop_timer(plan)
    assert board.remaining_seconds(plan) is None
    card = plan.tables[0].cards[0].card
    board.set_focus(plan, card.id)
    session.commit()
    assert board.live_state(plan)["focus"] == {"id": card.id, "title": card.title, "observation": card.observation}
    not_on_table = make_card(title="Niet op tafel")
    with pytest.raises(board.BoardError):
        board.set_focus(plan, not_on_table.id)
    board.set_focus(plan, None)
    assert board.live_state(plan)["focus"] is None


def test_no_device_data_on_participants():
    columns = set(Participant.__table__.columns.keys())
    assert columns == {"id", "session_id", "table_id", "display_name", "token_hash"}
