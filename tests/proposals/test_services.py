from datetime import date, timedelta

import pytest

from vertelpunt.models import AuditEvent, ProposalEvent
from vertelpunt.proposals.services import (
    ProposalError, ProposalInput, create_proposal, edit_proposal, provenance_from_cluster, provenance_from_note,
)
from tests.proposals.conftest import owner_input


def test_create_from_cluster_keeps_provenance(session, board, make_user):
    user = make_user("facilitator")
    provenance = provenance_from_cluster(session, board.cluster.id)
    proposal = create_proposal(session, provenance, owner_input(), user)
    session.commit()
    assert proposal.session_id == board.sess.id and proposal.table_id == board.table.id
    assert proposal.cluster_id == board.cluster.id
    assert [n.id for n in proposal.notes] == [n.id for n in board.notes]
    # the table's cards plus the card a note was about; not the other table's card
    assert {c.id for c in proposal.cards} == {board.card.id, board.concept_card.id, board.note_card.id}
    assert {s.id for s in proposal.stories} == {board.stories[0].id, board.stories[1].id}
    assert proposal.region.key == "twente" and proposal.status == "proposed"
    assert [e.action for e in proposal.events] == ["created"]
    assert proposal.events[0].actor == "facilitator@example.org"
    assert session.query(AuditEvent).filter_by(action="proposal.created", target_id=str(proposal.id)).count() == 1


def test_create_from_note_keeps_provenance(session, board):
    provenance = provenance_from_note(session, board.idea.id)
    proposal = create_proposal(session, provenance, owner_input(), None)
    session.commit()
    assert proposal.table_id == board.other_table.id and proposal.cluster_id is None
    assert [n.id for n in proposal.notes] == [board.idea.id]
    assert [c.id for c in proposal.cards] == [board.other_card.id]
    assert [s.id for s in proposal.stories] == [board.stories[2].id]


def test_prefill_from_cluster_and_note(session, board):
    data = provenance_from_cluster(session, board.cluster.id).prefill()
    assert data.title == "Wachten zonder nieuws"
    assert "Niemand vertelt ouders hoe lang het wachten duurt" in data.seen
    assert "Kinderen raken in de wachttijd verder achter" in data.seen
    assert data.region == "twente"
    idea = provenance_from_note(session, board.idea.id).prefill()
    assert idea.title == "Elke maand een bericht over de wachttijd sturen"
    assert "zodat ouders weten waar ze staan" in idea.solution


@pytest.mark.parametrize("overrides, field, words", [
    ({"owner_organisation": ""}, "owner_organisation", "organisatie"),
    ({"owner_email": "petra-at-enschede"}, "owner_email", "geen geldig e-mailadres"),
    ({"due_on": (date.today() - timedelta(days=1)).isoformat()}, "due_on", "verleden"),
    ({"due_on": "31-12-2030"}, "due_on", "datum"),
    ({"title": ""}, "title", "titel"),
    ({"region": "groningen"}, "region", "regio"),
    ({"deputy_name": "Kees"}, "deputy_name", "plaatsvervanger"),
])
def test_validation_errors_are_dutch_and_nothing_is_saved(session, board, overrides, field, words):
    from vertelpunt.models import Proposal

    with pytest.raises(ProposalError) as caught:
        create_proposal(session, provenance_from_cluster(session, board.cluster.id), owner_input(**overrides), None)
    assert words in caught.value.errors[field].lower()
    session.rollback()
    assert session.query(Proposal).count() == 0


def test_email_is_optional_and_due_date_today_is_fine(session, board):
    proposal = create_proposal(session, provenance_from_cluster(session, board.cluster.id),
                               owner_input(owner_email="", due_on=date.today().isoformat()), None)
    assert proposal.owner_email is None and proposal.due_on == date.today()


def test_edit_records_old_and_new_per_field(session, make_proposal, make_user):
    user = make_user("analyst")
    proposal = make_proposal()
    data = ProposalInput.from_proposal(proposal)
    data.title = "Wachttijd zichtbaar maken"
    data.owner_name_public = True
    data.region = ""
    changes = edit_proposal(session, proposal, data, user)
    session.commit()
    assert changes == {"title": ["Wachttijd laten zien", "Wachttijd zichtbaar maken"],
                       "owner_name_public": [False, True], "region_id": ["Twente", None]}
    event = session.query(ProposalEvent).filter_by(proposal_id=proposal.id, action="changed").one()
    assert event.detail["changes"]["title"] == ["Wachttijd laten zien", "Wachttijd zichtbaar maken"]
    assert event.actor == "analyst@example.org"
    assert edit_proposal(session, proposal, ProposalInput.from_proposal(proposal), user) == {}


def test_edit_may_keep_a_past_due_date(session, make_proposal):
    proposal = make_proposal()
    proposal.due_on = date(2020, 1, 1)
    session.commit()
    data = ProposalInput.from_proposal(proposal)
    data.title = "Nieuwe titel"
    assert "title" in edit_proposal(session, proposal, data, None)
