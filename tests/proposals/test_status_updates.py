from datetime import date, timedelta

import pytest

from vertelpunt.models import AuditEvent, ProposalEvent
from vertelpunt.proposals.status import STATUS_LABELS, TRANSITIONS, StatusError, change_status, is_overdue
from vertelpunt.proposals.updates import UpdateError, add_update, latest_update

ALL = tuple(STATUS_LABELS)
ALLOWED = [(a, b) for a in ALL for b in TRANSITIONS[a]]
REFUSED = [(a, b) for a in ALL for b in ALL if b not in TRANSITIONS[a]]


def test_the_rules_as_specified():
    assert set(TRANSITIONS["proposed"]) == {"chosen", "rejected", "parked"}
    assert set(TRANSITIONS["chosen"]) == {"in_progress", "rejected", "parked"}
    assert set(TRANSITIONS["in_progress"]) == {"realised", "parked", "rejected"}
    assert set(TRANSITIONS["parked"]) == {"proposed", "chosen", "in_progress"}
    assert TRANSITIONS["rejected"] == ("proposed",)
    assert TRANSITIONS["realised"] == ("in_progress",)


@pytest.mark.parametrize("old, new", ALLOWED)
def test_allowed_transition(session, make_proposal, make_user, old, new):
    user = make_user("facilitator")
    proposal = make_proposal()
    proposal.status = old
    proposal.status_reason = "eerder afgewezen" if old == "rejected" else None
    session.commit()
    change_status(session, proposal, new, user, "te duur" if new == "rejected" else "")
    session.commit()
    assert proposal.status == new
    event = session.query(ProposalEvent).filter_by(proposal_id=proposal.id, action="status").one()
    assert event.detail["from"] == old and event.detail["to"] == new and event.actor == user.email
    assert session.query(AuditEvent).filter_by(action="proposal.status").count() == 1


@pytest.mark.parametrize("old, new", REFUSED)
def test_refused_transition(session, make_proposal, old, new):
    proposal = make_proposal()
    proposal.status = old
    proposal.status_reason = "eerder afgewezen" if old == "rejected" else None
    session.commit()
    with pytest.raises(StatusError) as caught:
        change_status(session, proposal, new, None, "reden")
    assert "kan niet" in str(caught.value) or "al" in str(caught.value)
    assert proposal.status == old


def test_unknown_status_is_refused(session, make_proposal):
    with pytest.raises(StatusError, match="bestaande status"):
        change_status(session, make_proposal(), "klaar", None)


def test_rejection_needs_a_reason(session, make_proposal):
    proposal = make_proposal()
    with pytest.raises(StatusError, match="waarom het voorstel is afgewezen"):
        change_status(session, proposal, "rejected", None, "   ")
    assert proposal.status == "proposed"
    change_status(session, proposal, "rejected", None, "Past niet in het budget van 2026")
    session.commit()
    assert proposal.status_reason == "Past niet in het budget van 2026"
    change_status(session, proposal, "proposed", None)
    assert proposal.status_reason is None


def test_overdue_flag():
    from types import SimpleNamespace

    today = date(2026, 5, 1)
    for status, due, expected in [("chosen", date(2026, 4, 30), True), ("in_progress", date(2026, 4, 1), True),
                                  ("proposed", date(2026, 4, 30), True), ("chosen", date(2026, 5, 1), False),
                                  ("chosen", None, False), ("realised", date(2026, 1, 1), False),
                                  ("rejected", date(2026, 1, 1), False), ("parked", date(2026, 1, 1), False)]:
        assert is_overdue(SimpleNamespace(status=status, due_on=due), today) is expected, (status, due)


def test_update_saved_with_event(session, make_proposal, make_user):
    user = make_user("analyst")
    proposal = make_proposal()
    add_update(session, proposal, "Eerste bericht is verstuurd naar 40 gezinnen.", "", user)
    add_update(session, proposal, "Overleg met de aanbieders gehad.", date.today() - timedelta(days=10), user)
    session.commit()
    session.refresh(proposal)
    assert latest_update(proposal).text == "Eerste bericht is verstuurd naar 40 gezinnen."
    assert latest_update(proposal).on == date.today() and latest_update(proposal).author == user.email
    events = session.query(ProposalEvent).filter_by(proposal_id=proposal.id, action="update").all()
    assert len(events) == 2


@pytest.mark.parametrize("text, on, field, words", [
    ("kort", "", "text", "minstens 5"),
    ("x" * 2001, "", "text", "te lang"),
    ("Goed verhaal hier", "gisteren", "on", "datum"),
    ("Goed verhaal hier", (date.today() + timedelta(days=2)).isoformat(), "on", "vandaag of eerder"),
])
def test_update_validation(session, make_proposal, text, on, field, words):
    proposal = make_proposal()
    with pytest.raises(UpdateError) as caught:
        add_update(session, proposal, text, on, None)
    assert caught.value.field == field and words in str(caught.value)
    assert proposal.updates == []
