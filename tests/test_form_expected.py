"""`expected:` in a form file: question pairs the form relates on purpose (docs/form-format.md)."""
from __future__ import annotations

import json

import pytest
import yaml

from tests.conftest import FIXTURES
from vertelpunt.forms.schema import FormValidationError
from vertelpunt.forms.services import (
    DEFAULT_FORM_PATH, export_document, form_definition, import_definition, parse_form_text, read_form_file,
)


def mini_text(expected: str = "") -> str:
    text = (FIXTURES / "mini-form.yaml").read_text(encoding="utf-8")
    return text.replace("modules:\n", f"{expected}modules:\n", 1) if expected else text


def test_pairs_are_stored_sorted_and_survive_export_and_import(session):
    definition = parse_form_text(mini_text("expected:\n  - [outcome, heard]\n  - [role, age]\n"))
    assert definition["expected"] == [["heard", "outcome"], ["age", "role"]]
    form = import_definition(session, definition).form
    session.commit()
    assert form.expected == [["heard", "outcome"], ["age", "role"]]
    assert form_definition(form) == definition
    from vertelpunt.forms.snapshot import form_spec

    assert form_definition(form_spec(form)) == definition  # the public form's frozen snapshot carries it too
    assert parse_form_text(yaml.safe_dump(export_document(form), allow_unicode=True)) == definition
    assert parse_form_text(json.dumps(export_document(form))) == definition
    assert not import_definition(session, definition).created


def test_a_form_without_expected_keeps_its_content(session, mini_definition):
    assert "expected" not in mini_definition  # so forms stored before `expected:` existed keep their hash
    form = import_definition(session, mini_definition).form
    assert form.expected is None and "expected" not in form_definition(form)


@pytest.mark.parametrize(("block", "message"), [
    ("expected: [outcome, heard]\n", "expected[0]: moet een paar van twee vraag-sleutels zijn"),
    ("expected:\n  - [outcome]\n", "moet een paar van twee vraag-sleutels zijn"),
    ("expected:\n  - [outcome, gevoel]\n", "onbekende vraag 'gevoel'"),
    ("expected:\n  - [outcome, outcome]\n", "noemt twee keer dezelfde vraag"),
    ("expected:\n  - [outcome, heard]\n  - [heard, outcome]\n", "expected[1]: het paar heard x outcome staat er al"),
    ("expected: ja\n", "expected: moet een lijst van vraagparen zijn"),
])
def test_bad_pairs_are_refused_with_their_place(block, message):
    with pytest.raises(FormValidationError) as caught:
        parse_form_text(mini_text(block))
    assert message in str(caught.value)


def test_the_default_form_declares_the_demo_consistency_links():
    expected = {tuple(pair) for pair in read_form_file(DEFAULT_FORM_PATH)["expected"]}
    # docs/demo-data.md, "Consistency links": made to fit on purpose, not findings
    assert {("feeling", "outcome"), ("help_type", "main_person"), ("help_type", "org_type")} <= expected
