"""The demo carries the whole cycle: scan, published cards, a closed session and proposals in every state."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from vertelpunt.demo.load import seed_demo, seed_demo_cycle
from vertelpunt.models import (
    Cluster,
    Note,
    ObservationCard,
    PatternRun,
    Proposal,
    SensemakingSession,
    User,
    Vote,
)
from vertelpunt.proposals.status import is_overdue


@pytest.fixture
def demo(session):
    outcome = seed_demo(session, seed=7, n=960)
    cycle = seed_demo_cycle(session, outcome)
    session.commit()
    return outcome, cycle


def _state(session) -> dict:
    """What the cycle made, in terms that do not depend on database ids."""
    cards = session.scalars(select(ObservationCard).order_by(ObservationCard.id)).all()
    return {
        "cards": [(c.pattern_key, c.title, c.region.key if c.region else None, [link.story.text[:60] for link in c.stories])
                  for c in cards],
        "proposals": [(p.title, p.status, p.due_on, [c.title for c in p.cards], [u.on for u in p.updates])
                      for p in session.scalars(select(Proposal).order_by(Proposal.id))],
        "notes": [(n.kind, n.text, n.cluster.name if n.cluster else None)
                  for n in session.scalars(select(Note).order_by(Note.id))],
    }


def test_demo_cycle_fills_every_step_through_the_services(session, demo):
    _, cycle = demo
    assert session.query(PatternRun).count() == 2  # project-wide, and Twente alone
    cards = session.scalars(select(ObservationCard)).all()
    published = [c for c in cards if c.is_published]
    assert len(published) >= 5
    assert all(c.interpretation_a.strip() and c.interpretation_b.strip() and c.interpretation_a != c.interpretation_b
               for c in published)
    assert any(c.region is not None for c in published) and any(c.region is None for c in published)
    assert {"outcome|heard", "involved|role", "on_time|region", "help_type=jeugd_ggz|moment"} <= {
        c.pattern_key for c in published}
    assert all(c.stories for c in published)

    item = session.scalars(select(SensemakingSession)).one()
    assert item.status == "closed" and len(item.tables) == 2 and item.votes_revealed
    assert all(table.cards and table.stories for table in item.tables)
    kinds = {note.kind for note in session.scalars(select(Note))}
    assert kinds == {"verbazing", "zorg", "kans", "idee"}
    assert session.query(Cluster).count() >= 4 and session.query(Vote).count() >= 6

    proposals = session.scalars(select(Proposal)).all()
    assert len(proposals) >= 5 and all(p.owner_name and p.due_on and p.cards for p in proposals)
    statuses = {p.status for p in proposals}
    assert {"realised", "rejected", "proposed"} <= statuses
    realised = next(p for p in proposals if p.status == "realised")
    assert len(realised.updates) >= 2
    rejected = next(p for p in proposals if p.status == "rejected")
    assert rejected.status_reason
    assert any(is_overdue(p, today=date(2026, 12, 2)) for p in proposals)
    assert not any(is_overdue(p, today=date(2026, 11, 6)) for p in proposals)  # all were in time when made
    assert len(cycle.cards) == len(published) and len(cycle.proposals) == len(proposals)
    planned = next(p for p in proposals if p.tasks)
    assert planned.status == "in_progress" and len(planned.tasks) == 3 and sum(bool(t.done_on) for t in planned.tasks) == 1
    assert [c.met for c in planned.conditions] == [True, False] and planned.plan.update_every_weeks == 8


def test_every_step_of_the_demo_has_content_on_its_page(session, client, login, demo):
    outcome, _ = demo
    login(session.scalar(select(User).where(User.email == outcome.admin_email)), password=outcome.admin_password)
    item = session.scalars(select(SensemakingSession)).one()
    run = session.scalars(select(PatternRun).order_by(PatternRun.id)).first()
    card = session.scalars(select(ObservationCard).order_by(ObservationCard.id)).first()
    pages = {
        "/beheer/patronen/": "Verhalen",
        f"/beheer/patronen/{run.id}": "Voelde je je gehoord?",
        "/beheer/kaarten/": card.title,
        f"/beheer/kaarten/{card.id}": card.interpretation_a[:40],
        "/beheer/sessies/": item.name,
        f"/beheer/sessies/{item.id}/bord": "Niemand vertelt hoe lang het duurt",
        "/beheer/voorstellen/": "Maandelijks bericht over de wachttijd",
    }
    for path, expected in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert expected in response.get_data(as_text=True), path
    public = client.get("/v/demo/opvolging/").get_data(as_text=True)
    assert "Maandelijks bericht over de wachttijd" in public and "Overbruggingshulp door het wijkteam" in public


def test_the_demo_has_one_proposal_with_a_real_shift_and_one_without(session, client, demo):
    """docs/demo-data.md: the realised proposal's later stories are clearer in Twente (planted relation 6); the
    over-date one measures waiting, where nothing changed."""
    from vertelpunt.proposals.measures import measure_report

    proposals = {p.title: p for p in session.scalars(select(Proposal))}
    shifted = measure_report(session, proposals["Maandelijks bericht over de wachttijd"], min_group=5, suppress=True)
    flat = measure_report(session, proposals["Overbruggingshulp door het wijkteam"], min_group=5, suppress=True)
    assert shifted.shifts[0].conclusion == "better" and shifted.shifts[0].region.difference > 8
    assert shifted.shifts[0].against_rest.low > 0  # more than the rest of the country changed
    assert flat.shifts[0].conclusion == "unclear"
    realised = proposals["Maandelijks bericht over de wachttijd"]
    page = client.get(f"/v/demo/opvolging/{realised.id}").get_data(as_text=True)
    assert "Is er iets veranderd?" in page and "Beter geworden" in page and "<svg" in page


@pytest.mark.slow
def test_demo_cycle_is_deterministic_per_seed(session):
    outcome = seed_demo(session, seed=7, n=960)
    seed_demo_cycle(session, outcome)
    first = _state(session)
    session.rollback()
    outcome = seed_demo(session, seed=7, n=960)
    seed_demo_cycle(session, outcome)
    assert _state(session) == first


@pytest.mark.slow
def test_the_demo_command_makes_a_deck_that_cards_export_writes(run, tmp_path):
    made = run("demo")
    assert "gepubliceerde kaarten" in made.output and "verbetervoorstellen" in made.output
    run("cards", "export", "--project", "demo", "--format", "pdf", "--out", str(tmp_path / "deck"))
    pdfs = list((tmp_path / "deck").rglob("*.pdf"))
    assert pdfs and all(path.read_bytes().startswith(b"%PDF") for path in pdfs)
