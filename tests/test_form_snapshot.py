"""The shared, read-only form snapshot: same content as the stored form, built once, dropped on change."""
from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from vertelpunt.forms.services import form_definition
from vertelpunt.forms.snapshot import FormSpec, clear_cache, form_spec
from vertelpunt.models import Question
from vertelpunt.stories.services import load_place_lookup, place_lookup, questions_for


def test_snapshot_has_the_content_of_the_stored_form(session, project):
    spec = form_spec(project.form)
    assert isinstance(spec, FormSpec)
    assert form_definition(spec) == form_definition(project.form)  # every field the exporter knows
    for role in ("youth", "parent", "professional"):
        assert [q.key for q in questions_for(spec, role)] == [q.key for q in questions_for(project.form, role)]
    help_type = next(q for q in spec.questions if q.key == "help_type")
    assert help_type.option_keys() == ["jeugdhulp", "jeugd_ggz", "ots"]
    outcome = next(q for q in spec.questions if q.key == "outcome")
    assert outcome.text_for("youth") == "Dit was voor mij ..."
    assert outcome.text_for("parent") == "Dit was voor het gezin ..."
    assert spec.role("parent").prompts[1].key == "start" and spec.role("nobody") is None


def test_snapshot_is_built_once_and_cannot_be_changed(session, project):
    clear_cache()
    first = form_spec(project.form)
    assert form_spec(project.form) is first
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.questions[0].text = "anders"


def test_a_change_to_form_rows_drops_the_snapshot(session, project):
    before = form_spec(project.form)
    question = session.scalar(select(Question).where(Question.key == "heard"))
    question.text = "Ik werd echt gehoord"  # allowed: no story uses this form version yet
    session.commit()
    after = form_spec(project.form)
    assert after is not before
    assert next(q for q in after.questions if q.key == "heard").text == "Ik werd echt gehoord"


def test_places_from_one_query_match_the_loaded_regions(session, project):
    lookup = load_place_lookup(session, project)
    assert lookup == place_lookup(project)
    assert set(lookup.by_key) == {"enschede", "hengelo", "nijmegen", "wijchen"}
