"""`ordered:` and `off_scale:` on a single choice in a form file (docs/form-format.md)."""
from __future__ import annotations

import json

import pytest
import yaml

from tests.conftest import FIXTURES
from vertelpunt.forms.schema import FormValidationError
from vertelpunt.forms.services import (
    DEFAULT_FORM_PATH, export_document, form_definition, import_definition, parse_form_text, read_form_file,
)

AGE = """        options:
          - {key: a12_15, label: 12 tot 16 jaar}
          - {key: a16_17, label: 16 of 17 jaar}
"""


def mini_text(fields: str) -> str:
    text = (FIXTURES / "mini-form.yaml").read_text(encoding="utf-8")
    assert AGE in text
    return text.replace(AGE, fields + AGE + "          - {key: weet_niet, label: Weet ik niet}\n", 1)


def age_of(definition: dict) -> dict:
    return next(q for m in definition["modules"] for q in m["questions"] if q["key"] == "age")


def test_ordered_and_off_scale_survive_storage_export_and_the_snapshot(session):
    from vertelpunt.forms.snapshot import form_spec

    definition = parse_form_text(mini_text("        ordered: true\n        off_scale: [weet_niet]\n"))
    assert age_of(definition)["ordered"] is True and age_of(definition)["off_scale"] == ["weet_niet"]
    form = import_definition(session, definition).form
    session.commit()
    assert form_definition(form) == definition and form_definition(form_spec(form)) == definition
    assert parse_form_text(yaml.safe_dump(export_document(form), allow_unicode=True)) == definition
    assert parse_form_text(json.dumps(export_document(form))) == definition


def test_an_unordered_choice_keeps_its_definition_and_content(mini_definition):
    assert "ordered" not in age_of(mini_definition) and "off_scale" not in age_of(mini_definition)
    assert "ordered" not in age_of(parse_form_text(mini_text("        ordered: false\n")))


@pytest.mark.parametrize("fields, message", [
    ("        off_scale: [weet_niet]\n", "hoort alleen bij ordered: true"),
    ("        ordered: true\n        off_scale: [onbekend]\n", "moet een lijst van optie-sleutels zijn"),
    ("        ordered: true\n        off_scale: [a12_15, weet_niet]\n", "laat minstens twee opties op de schaal"),
    ("        ordered: ja\n", "moet true of false zijn"),
])
def test_bad_ordered_fields_are_refused_with_their_path(fields, message):
    with pytest.raises(FormValidationError, match=message):
        parse_form_text(mini_text(fields))


def test_the_default_form_marks_its_ordered_choices_and_the_analysis_reads_them():
    from analysis.data import AnswerTable

    definition = read_form_file(DEFAULT_FORM_PATH)
    ordered = {q["key"]: q.get("off_scale") for m in definition["modules"] for q in m["questions"] if q.get("ordered")}
    assert ordered == {"when": None, "age": None, "child_age": None, "felt": ["geen_oordeel"]}
    table = AnswerTable.from_records(definition, [{"role": "parent", "week": "2026-03-02",
                                                   "answers": {"felt": "geen_oordeel", "when": "y1_2"}}])
    assert table.columns["felt"].ordered and table.columns["felt"].off_scale == ("geen_oordeel",)
    assert np_list(table.columns["felt"].scale_positions()) == [0, 1, 2, 3, 4, -1]
    assert table.columns["period"].ordered and not table.columns["role"].ordered


def np_list(values):
    return [int(v) for v in values]
