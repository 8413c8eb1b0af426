import json
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from vertelpunt.forms.immutability import FormVersionLockedError
from vertelpunt.forms.loader import FormSyntaxError
from vertelpunt.forms.schema import FormValidationError
from vertelpunt.forms.services import (
    DEFAULT_FORM_PATH, export_document, form_definition, import_definition, parse_form_text, read_form_file,
)
from vertelpunt.models import Module, Question, StoryForm

FIXTURES = Path(__file__).parent / "fixtures"


def mini_text() -> str:
    return (FIXTURES / "mini-form.yaml").read_text(encoding="utf-8")


def test_import_stores_every_part(session, mini_definition):
    outcome = import_definition(session, mini_definition)
    session.commit()
    form = outcome.form
    assert outcome.created and form.version == 1
    assert [r.key for r in form.roles] == ["youth", "parent", "professional"]
    assert [p.key for p in form.role("parent").prompts] == ["moment", "start"]
    assert [q.key for q in form.questions] == ["outcome", "heard", "help_type", "mattered", "age", "place", "felt"]
    heard = next(q for q in form.questions if q.key == "heard")
    assert (heard.left_label, heard.right_label, heard.allow_na) == ("zeker niet", "zeker wel", False)
    assert next(q for q in form.questions if q.key == "mattered").option_keys() == ["worker", "rules", "family"]
    assert form.questions[0].text_for("youth") == "Dit was voor mij ..."


def test_export_then_import_is_identical(session, mini_definition):
    form = import_definition(session, mini_definition).form
    session.commit()
    assert form_definition(form) == mini_definition
    reparsed = parse_form_text(yaml.safe_dump(export_document(form), allow_unicode=True))
    assert reparsed == mini_definition
    assert parse_form_text(json.dumps(export_document(form))) == mini_definition
    again = import_definition(session, reparsed)
    assert not again.created and again.form.id == form.id


def test_changed_content_becomes_a_new_version_and_moves_open_projects(session, project, mini_definition):
    changed = json.loads(json.dumps(mini_definition))
    changed["modules"][0]["questions"][0]["left"] = "heel slecht"
    outcome = import_definition(session, changed)
    session.commit()
    assert outcome.created and outcome.form.version == 2
    assert outcome.moved_projects == ("proef",)
    assert session.scalar(select(func.count()).select_from(StoryForm).where(StoryForm.key == "mini")) == 2
    assert session.scalar(select(func.count()).select_from(Module).where(Module.key == "mini-kern")) == 2


def test_unchanged_core_module_is_shared_between_forms(session, mini_definition):
    import_definition(session, mini_definition)
    other = json.loads(json.dumps(mini_definition))
    other["key"] = "mini-regio"
    other["modules"].append({"key": "regio-extra", "title": "Regio", "core": False, "questions": [
        {"key": "complaint", "type": "single_choice", "section": "duiding", "text": "Wist je waar je kon klagen?",
         "help": None, "roles": None, "text_by_role": None,
         "options": [{"key": "yes", "label": "Ja"}, {"key": "no", "label": "Nee"}]}]})
    import_definition(session, other)
    session.commit()
    assert session.scalar(select(func.count()).select_from(Module).where(Module.key == "mini-kern")) == 1


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.replace("format: vertelpunt-form/1", "format: iets-anders"), "format: moet 'vertelpunt-form/1' zijn"),
        (lambda t: t.replace("        left: zeer negatief\n", ""), "modules[0].questions[0].left: ontbreekt"),
        (lambda t: t.replace("type: triad", "type: driehoek"), "regel 54, modules[0].questions[3].type: moet een van"),
        (lambda t: t.replace("key: heard", "key: outcome"), "de vraag 'outcome' staat er al"),
        (lambda t: t.replace("roles: [youth]", "roles: [kind]"), "onbekende rol 'kind'"),
        (lambda t: t.replace("          - {key: family, label: Het gezin zelf}\n", ""), "moet minstens 3 onderdelen"),
        (lambda t: t.replace("max_choices: 2", "max_choices: nul"), "max_choices: moet een geheel getal"),
        (lambda t: t.replace("first_questions: 2", "first_questions: 9"), "maar er zijn maar"),
        (lambda t: t.replace("  - key: youth\n", "  - key: youth\n    kleur: blauw\n"), "roles[0].kleur: onbekend veld"),
        (lambda t: t.replace("key: outcome", "key: Uitkomst!"), "geen geldige vraag-sleutel"),
    ],
)
def test_bad_files_name_the_field_and_line(edit, expected):
    with pytest.raises(FormValidationError) as caught:
        parse_form_text(edit(mini_text()))
    assert expected in str(caught.value)


def test_every_problem_is_listed_not_only_the_first():
    broken = mini_text().replace("        left: zeer negatief\n", "").replace("key: heard", "key: outcome")
    with pytest.raises(FormValidationError) as caught:
        parse_form_text(broken)
    assert len(caught.value.problems) >= 2


def test_syntax_errors_name_the_line():
    with pytest.raises(FormSyntaxError, match="regel 3"):
        parse_form_text("format: vertelpunt-form/1\nkey: a\ntitle: a: b\n")
    with pytest.raises(FormSyntaxError, match="twee keer"):
        parse_form_text("key: a\nkey: b\n")


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="bestaat niet"):
        read_form_file(tmp_path / "nope.yaml")


def test_a_used_form_version_cannot_change(session, project, make_story):
    make_story(project)
    question = session.scalar(select(Question).where(Question.key == "heard"))
    question.text = "Andere tekst"
    with pytest.raises(FormVersionLockedError):
        session.flush()
    session.rollback()


def test_an_unused_form_version_may_still_be_corrected(session, project):
    question = session.scalar(select(Question).where(Question.key == "heard"))
    question.help = "Kies wat het beste past."
    session.commit()
    session.expire_all()
    assert session.scalar(select(Question.help).where(Question.id == question.id)) == "Kies wat het beste past."


def test_default_form_is_valid_and_has_the_core_questions():
    definition = read_form_file(DEFAULT_FORM_PATH)
    core = [m for m in definition["modules"] if m["core"]]
    assert len(core) == 1 and 15 <= len(core[0]["questions"]) <= 25
    assert {r["key"] for r in definition["roles"]} == {"youth", "parent", "professional"}
    types = {q["type"] for m in definition["modules"] for q in m["questions"]}
    assert {"slider", "single_choice", "multi_choice", "triad", "place"} <= types
    assert any(not m["core"] for m in definition["modules"])
