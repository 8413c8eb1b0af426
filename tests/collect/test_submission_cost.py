"""What one public story submission costs the database, and the shortcuts that keep it cheap.

The form's questions come from a shared snapshot and neither the submission token nor the public id
is looked up before the insert (both are unique by constraint), so a submission is: the project with
its form row, the project's places, the story, its answers, and the sealed withdrawal code held for the
thank-you page (vertelpunt/collect/thanks.py). These tests pin that down and check the
paths the shortcuts rely on (a public id that is already taken, a double submit).
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from vertelpunt.collect import services as collect_services
from vertelpunt.collect.services import submit_story
from vertelpunt.db import database
from vertelpunt.models import Answer, Story
from vertelpunt.stories.services import StoryInput

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
FORM_TABLES = ("story_forms", "form_roles", "prompts", "form_modules", "modules", "questions", "options")


def _fields(csrf, token):
    return {"csrf_token": csrf, "submission": token, "step": "3", "nav": "submit", "prompt": "moment",
            "text": "Het duurde lang maar de hulp paste goed bij ons gezin.", "title": "Eindelijk",
            "q_outcome": "80", "q_outcome__state": "answer", "q_heard": "75", "q_heard__state": "answer",
            "q_help_type": "jeugdhulp", "q_place": "enschede"}


@pytest.fixture
def statements(app):
    seen: list[str] = []

    def listener(_conn, _cursor, statement, _params, _context, _many):
        seen.append(" ".join(statement.split()))

    engine = database(app).engine
    event.listen(engine, "before_cursor_execute", listener)
    yield seen
    event.remove(engine, "before_cursor_execute", listener)


def test_a_submission_reads_the_form_once_per_process_and_writes_in_a_few_statements(
        client, session, project, statements):
    csrf = CSRF.search(client.get("/v/proef/vertel/parent").get_data(as_text=True)).group(1)
    assert client.post("/v/proef/vertel/parent", data=_fields(csrf, "eerste-token-123")).status_code == 303
    statements.clear()
    response = client.post("/v/proef/vertel/parent", data=_fields(csrf, "tweede-token-456"))
    assert response.status_code == 303
    reads = [s for s in statements if s.startswith("SELECT")]
    writes = [s for s in statements if s.startswith("INSERT")]
    assert len(reads) == 2, reads  # the project with its form row; the places of its regions
    assert not [s for s in reads if re.search(r"FROM (%s)\b" % "|".join(FORM_TABLES), s)], reads
    assert writes[0].startswith("INSERT INTO stories") and writes[-1].startswith("INSERT INTO thanks_tickets")
    assert 3 <= len(writes) <= 5, writes  # answer rows: batched on PostgreSQL, one by one on SQLite
    assert len(statements) == len(reads) + len(writes)
    stored = session.scalars(select(Story)).all()
    assert len(stored) == 2
    assert stored[1].municipality.key == "enschede" and stored[1].region.key == "twente"
    assert {a.question_key for a in stored[1].answers} == {"outcome", "heard", "help_type"}


def test_landing_page_is_one_query(client, project, statements):
    client.get("/v/proef/")
    statements.clear()
    assert client.get("/v/proef/").status_code == 200
    assert len(statements) == 1, statements


def _story(**overrides):
    values = {"role": "parent", "text": "Het duurde lang maar de hulp paste goed bij ons gezin.",
              "answers": {"outcome": 60.0, "place": "hengelo"}, "prompt_key": "moment"}
    values.update(overrides)
    return StoryInput(**values)


def test_a_taken_public_id_is_replaced_by_a_new_one(session, project, make_story, monkeypatch):
    existing = make_story(project)
    candidates = iter([existing.public_id, existing.public_id, "NEWID7"])
    monkeypatch.setattr(collect_services, "random_public_id", lambda: next(candidates))
    submission = submit_story(session, project, _story(), "token-a")
    assert not submission.already_saved and submission.public_id == "NEWID7"
    assert session.get(Story, submission.story_id).public_id == "NEWID7"
    assert session.scalar(select(func.count()).select_from(Story)) == 2
    assert session.scalar(select(func.count()).select_from(Answer).where(Answer.story_id == submission.story_id)) == 1


def test_gives_up_when_every_public_id_is_taken(session, project, make_story, monkeypatch):
    existing = make_story(project)
    monkeypatch.setattr(collect_services, "random_public_id", lambda: existing.public_id)
    with pytest.raises(IntegrityError):
        submit_story(session, project, _story(), "token-b")
    assert session.scalar(select(func.count()).select_from(Story)) == 1


def test_the_same_token_twice_saves_once_without_a_lookup_first(session, project):
    first = submit_story(session, project, _story(), "token-c")
    second = submit_story(session, project, _story(text="Een andere tekst, toch hetzelfde formulier."), "token-c")
    assert not first.already_saved and second.already_saved and second.story_id is None
    assert session.scalar(select(func.count()).select_from(Story)) == 1


def _columns(row, skip):
    return {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in skip}


def test_the_plain_insert_stores_what_create_story_stores(session, project):
    from vertelpunt.stories.services import create_story

    story_input = _story(text="Mijn zoon (Kees, 06-12345678) kreeg hulp die paste.", title="Hulp",
                         answers={"outcome": "nvt", "heard": 40, "help_type": ["jeugdhulp", "ots"],
                                  "mattered": [0.5, 0.25, 0.25], "felt": "Goed", "place": "nijmegen"})
    by_orm = create_story(session, project, story_input, withdrawal_code="ABCD-EFGH-JKMN-PQRS")
    session.commit()
    submitted = submit_story(session, project, story_input, "token-d")
    by_insert = session.get(Story, submitted.story_id)
    skip = {"id", "public_id", "withdrawal_hash", "submission_hash", "story_id"}
    assert _columns(by_insert, skip) == _columns(by_orm, skip)
    assert by_insert.pii_kinds == ["name", "phone"] and by_insert.region.key == "rijk-van-nijmegen"
    assert [_columns(a, skip) for a in by_insert.answers] == [_columns(a, skip) for a in by_orm.answers]
    assert len(by_insert.answers) == 6
