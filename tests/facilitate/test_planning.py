"""Planning services: session details, tables, a few published cards and stories per table, join codes."""
import re

import pytest
from sqlalchemy import select

from vertelpunt.facilitate import codes, planning
from vertelpunt.models import Region, SensemakingSession


def data(project, **overrides):
    values = {"name": "Sessie Twente", "held_on": "2026-05-20", "place": "Enschede", "project_id": str(project.id)}
    values.update(overrides)
    return planning.SessionInput(**values)


def test_create_session_gets_a_readable_unique_code(session, project, facilitator):
    item = planning.create_session(session, data(project), facilitator)
    session.commit()
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{6,8}", item.join_code)
    assert not set(item.join_code) & set("01OI")
    assert item.status == "planned" and item.created_by == facilitator.email


def test_join_code_avoids_existing_codes(session, project, facilitator, monkeypatch):
    first = planning.create_session(session, data(project), facilitator)
    session.commit()
    drawn = iter([first.join_code, first.join_code, "ABCDEF"])
    monkeypatch.setattr(codes, "random_code", lambda length: next(drawn))
    assert codes.new_join_code(session) == "ABCDEF"


def test_codes_are_normalised_and_unambiguous():
    assert codes.normalise_code(" kx4-p9t ") == "KX4P9T"
    assert all(ch not in codes.ALPHABET for ch in "01OI")
    assert codes.CODE_PATTERN.match("KX4P9T") and not codes.CODE_PATTERN.match("KX0P9T")


@pytest.mark.parametrize("overrides, field", [
    ({"name": ""}, "name"), ({"held_on": "morgen"}, "held_on"), ({"place": ""}, "place"), ({"project_id": ""}, "project_id"),
])
def test_bad_session_input_gives_dutch_errors(session, project, facilitator, overrides, field):
    with pytest.raises(planning.PlanningError) as caught:
        planning.create_session(session, data(project, **overrides), facilitator)
    assert field in caught.value.errors


def test_online_session_needs_no_place_and_region_must_belong_to_project(session, project, facilitator, regions):
    item = planning.create_session(session, data(project, place="", online=True), facilitator)
    assert item.online
    other = session.scalars(select(Region).where(Region.key == "groningen")).one()
    with pytest.raises(planning.PlanningError) as caught:
        planning.create_session(session, data(project, region_id=str(other.id)), facilitator)
    assert "region_id" in caught.value.errors


def test_more_than_five_cards_warns_but_saves(session, plan, make_card):
    table = plan.tables[0]
    cards = [make_card(title=f"Kaart {n}") for n in range(6)]
    assert planning.set_table_cards(session, table, [c.id for c in cards[:5]]) == []
    warnings = planning.set_table_cards(session, table, [c.id for c in cards])
    assert warnings == [planning.CARD_WARNING] and "Meer dan 5 kaarten per tafel werkt vaak niet goed" in warnings[0]
    assert len(table.cards) == 6


def test_only_published_cards_of_the_project(session, plan, make_card, make_project):
    concept = make_card(title="Concept", status="concept")
    with pytest.raises(planning.PlanningError):
        planning.set_table_cards(session, plan.tables[0], [concept.id])
    other = make_project(slug="ander", title="Ander")
    foreign = make_card(title="Elders", project_=other)
    with pytest.raises(planning.PlanningError):
        planning.set_table_cards(session, plan.tables[0], [foreign.id])


def test_stories_only_published_and_warn_above_ten(session, plan, project, make_story):
    table = plan.tables[0]
    published = [make_story(project) for _ in range(11)]
    pending = make_story(project, status="pending")
    with pytest.raises(planning.PlanningError):
        planning.set_table_stories(session, table, [pending.id])
    with pytest.raises(planning.PlanningError):
        planning.set_table_stories(session, table, [], [pending.public_id])
    assert planning.set_table_stories(session, table, [s.id for s in published[:9]], [published[9].public_id]) == []
    warnings = planning.set_table_stories(session, table, [s.id for s in published])
    assert warnings == [planning.STORY_WARNING] and len(table.stories) == 11


def test_suggested_stories_come_from_the_cards(session, plan, project, make_story, make_card):
    story, hidden = make_story(project), make_story(project, status="hidden")
    card = make_card(title="Met verhalen", stories=[story, hidden])
    table = plan.tables[0]
    planning.set_table_cards(session, table, [card.id])
    assert planning.suggested_stories(session, table) == [story]


def test_tables_rename_and_remove(session, plan):
    table = planning.add_table(session, plan, "Tafel 2")
    planning.update_table(table, "Tafel Jongeren", "drie jongeren")
    with pytest.raises(planning.PlanningError):
        planning.add_table(session, plan, "  ")
    assert [t.name for t in plan.tables] == ["Tafel 1", "Tafel Jongeren"]
    planning.remove_table(session, table)
    session.commit()
    session.expire_all()
    assert [t.name for t in session.get(SensemakingSession, plan.id).tables] == ["Tafel 1"]


def test_closing_stops_voting_and_timer(session, plan, facilitator):
    from datetime import datetime, timezone
    plan.voting_open, plan.timer_ends_at = True, datetime.now(timezone.utc)
    planning.set_status(session, plan, "closed", facilitator)
    assert plan.status == "closed" and not plan.voting_open and plan.timer_ends_at is None


def test_qr_svg_is_an_svg_of_the_link():
    svg = codes.qr_svg("http://localhost/s/KX4P9T", title="QR")
    assert svg.lstrip().startswith(b"<?xml") or svg.lstrip().startswith(b"<svg")
    assert b"<svg" in svg and b"<title>QR</title>" in svg
