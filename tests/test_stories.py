import io
import json
from datetime import date

import pytest
from sqlalchemy import func, select

from vertelpunt.models import Answer, Story
from vertelpunt.stories.csv_io import (
    StoryImportError, export_csv, export_spreadsheet_csv, import_csv, protect_cell, unprotect_cell,
)
from vertelpunt.stories.json_io import export_json, import_json
from vertelpunt.stories.services import StoryError, StoryInput, count_words, create_story, hash_withdrawal_code, monday_of, story_answers

FULL_ANSWERS = {
    "outcome": 12.5, "heard": "30", "help_type": ["ots", "jeugdhulp"], "mattered": [0.2, 0.5, 0.3],
    "place": "nijmegen", "felt": "Fijn dat het kon.",
}


def test_story_keeps_only_the_week(session, project, make_story):
    story = make_story(project, week=date(2026, 3, 12))
    assert story.week == date(2026, 3, 9) == monday_of(date(2026, 3, 15))
    assert not hasattr(story, "created_at") and "ip" not in {c.name for c in Story.__table__.columns}


def test_answers_are_stored_in_canonical_form(session, project, make_story):
    story = make_story(project, role="parent", answers=FULL_ANSWERS)
    session.expire_all()
    stored = session.get(Story, story.id)
    assert story_answers(stored) == {
        "outcome": 12.5, "heard": 30.0, "help_type": ["jeugdhulp", "ots"], "mattered": [0.2, 0.5, 0.3],
        "place": "nijmegen", "felt": "Fijn dat het kon.",
    }
    assert stored.region.key == "rijk-van-nijmegen" and stored.municipality.name == "Nijmegen"
    assert len(stored.public_id) == 6


@pytest.mark.parametrize(("answers", "key", "message"), [
    ({"outcome": 101}, "outcome", "0 tot en met 100"),
    ({"outcome": "veel"}, "outcome", "getal"),
    ({"outcome": float("nan")}, "outcome", "getal"),
    ({"heard": "nvt"}, "heard", "geen n.v.t."),
    ({"help_type": ["jeugdhulp", "jeugd_ggz", "ots"]}, "help_type", "hoogstens 2"),
    ({"help_type": ["zorgboerderij"]}, "help_type", "alleen antwoorden"),
    ({"mattered": [0.5, 0.5, 0.5]}, "mattered", "samen 1"),
    ({"mattered": [0.5, 0.5]}, "mattered", "drie delen"),
    ({"place": "amsterdam"}, "place", "gemeente uit de lijst"),
    ({"felt": "x" * 201}, "felt", "hoogstens 200"),
    ({"age": "a12_15"}, "age", "hoort niet bij deze rol"),
    ({"shoe_size": 42}, "shoe_size", "bestaat niet"),
])
def test_bad_answers_are_refused_with_a_dutch_message(session, project, answers, key, message):
    with pytest.raises(StoryError) as caught:
        create_story(session, project, StoryInput(role="parent", text="Een verhaal.", answers=answers))
    assert message in caught.value.errors[key]


def test_story_level_checks(session, project):
    with pytest.raises(StoryError) as caught:
        create_story(session, project, StoryInput(role="oma", text="  ", answers={}, title="t" * 201))
    assert set(caught.value.errors) >= {"role", "text", "title"}
    with pytest.raises(StoryError) as caught:
        create_story(session, project, StoryInput(role="parent", text="x" * 10_001, answers={}, prompt_key="nope"))
    assert "te lang" in caught.value.errors["text"] and "prompt" in caught.value.errors
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Story)) == 0


def test_completeness_needs_words_and_the_first_questions(session, project, make_story):
    assert make_story(project, text="een twee drie vier vijf", answers={"outcome": 5.0, "heard": 9.0}).is_complete
    assert not make_story(project, text="een twee drie vier", answers={"outcome": 5.0, "heard": 9.0}).is_complete
    assert not make_story(project, text="een twee drie vier vijf", answers={"outcome": 5.0}).is_complete
    assert make_story(project, text="een twee drie vier vijf", answers={"outcome": "nvt", "heard": 9.0}).is_complete
    assert count_words("Dit is 't verhaal, kort-maar-krachtig!") >= 5


def test_withdrawal_code_hash_ignores_format():
    assert hash_withdrawal_code("abcd-efgh-2345") == hash_withdrawal_code("ABCDEFGH2345")
    assert hash_withdrawal_code("ABCDEFGH2345") != hash_withdrawal_code("ABCDEFGH2346")


def _fill(project, make_story):
    make_story(project, role="parent", answers=FULL_ANSWERS, title="=HYPERLINK(\"x\")")
    make_story(project, role="youth", prompt_key="moment", text="-Ik wilde gehoord worden, echt waar.",
               answers={"outcome": "nvt", "heard": 0.0, "age": "a16_17", "mattered": [1 / 3, 1 / 3, 1 / 3]},
               status="pending", week=date(2025, 12, 31))
    make_story(project, role="professional", text="Het gezin, met \"quotes\"; en\nmeerdere regels.",
               answers={"outcome": 99.75, "heard": 100.0}, region_key="twente", channel="verteltafel")


def _snapshot(session, project):
    stories = session.scalars(select(Story).where(Story.project_id == project.id).order_by(Story.id))
    return [(s.role, s.prompt_key, s.title, s.text, s.week, s.channel, s.language, s.is_complete, s.status,
             s.region.key if s.region else None, story_answers(s)) for s in stories]


@pytest.mark.parametrize("fmt", ["csv", "csv-nl", "json"])
def test_export_then_import_into_a_new_project_reproduces_every_answer(session, project, make_project, make_story, fmt):
    _fill(project, make_story)
    buffer = io.StringIO()
    {"csv": export_csv, "csv-nl": export_spreadsheet_csv, "json": export_json}[fmt](session, project, buffer)
    copy = make_project(slug="kopie", title="Kopie")
    report = (import_json if fmt == "json" else import_csv)(session, copy, io.StringIO(buffer.getvalue()),
                                                              status="published")  # asked for explicitly
    session.commit()
    assert report.imported == 3 and report.renumbered == 3
    assert _snapshot(session, copy) == _snapshot(session, project)


def test_csv_protects_formulas_and_round_trips_them():
    for value in ["=1+1", "+31", "-x", "@SUM", "'quoted", "gewoon"]:
        assert unprotect_cell(protect_cell(value)) == value
    assert protect_cell("=1+1") == "'=1+1"


def test_csv_export_shape(session, project, make_story):
    _fill(project, make_story)
    buffer = io.StringIO()
    assert export_csv(session, project, buffer) == 3
    lines = buffer.getvalue().splitlines()
    assert lines[0] == ("public_id,role,prompt,title,text,week,channel,language,complete,status,region,"
                        "outcome,heard,help_type,mattered,age,place,felt")
    assert ',"\'=HYPERLINK' in lines[1] and "jeugdhulp;ots" in lines[1] and ",nijmegen," in lines[1]


def test_spreadsheet_csv_is_excel_nl_style_and_still_formula_safe(session, project, make_story):
    _fill(project, make_story)
    buffer = io.StringIO()
    assert export_spreadsheet_csv(session, project, buffer) == 3
    text = buffer.getvalue()
    assert text.startswith("\ufeffpublic_id;role;prompt;title;text;week;")  # BOM, then ';' between cells
    lines = text.removeprefix("\ufeff").split("\r\n")
    assert ';"\'=HYPERLINK' in lines[1] or ";'=HYPERLINK" in lines[1]  # the formula is still neutralised
    assert '"jeugdhulp;ots"' in lines[1]  # a cell holding ';' is quoted, so the columns stay put


def test_a_bad_csv_row_stores_nothing_and_names_row_and_column(session, project, make_project, make_story):
    _fill(project, make_story)
    buffer = io.StringIO()
    export_csv(session, project, buffer)
    rows = buffer.getvalue().splitlines()
    rows[2] = rows[2].replace(",0,", ",150,", 1)
    rows.append(rows[1].replace("parent", "opa", 1))
    copy = make_project(slug="kopie", title="Kopie")
    with pytest.raises(StoryImportError) as caught:
        import_csv(session, copy, io.StringIO("\n".join(rows) + "\n"))
    session.rollback()
    problems = "\n".join(caught.value.problems)
    assert "rij 3, kolom heard: Kies een waarde van 0 tot en met 100." in problems
    assert "rij 5, kolom role" in problems
    assert session.scalar(select(func.count()).select_from(Story).where(Story.project_id == copy.id)) == 0


def test_csv_header_problems(session, project):
    with pytest.raises(StoryImportError, match="onbekende kolommen schoenmaat"):
        import_csv(session, project, io.StringIO("role,text,schoenmaat\nparent,Hoi,42\n"))
    with pytest.raises(StoryImportError, match="leeg"):
        import_csv(session, project, io.StringIO(""))
    with pytest.raises(StoryImportError, match="meer cellen"):
        import_csv(session, project, io.StringIO("role,text\nparent,Hoi,extra\n"))


def test_json_import_problems(session, project):
    with pytest.raises(StoryImportError, match="geen geldige JSON"):
        import_json(session, project, io.StringIO("{"))
    bad = json.dumps([{"role": "parent", "text": "Hoi", "week": "gisteren"}, {"role": "parent", "kleur": 1}])
    with pytest.raises(StoryImportError) as caught:
        import_json(session, project, io.StringIO(bad))
    assert any("verhaal 1, week" in p for p in caught.value.problems)
    assert any("onbekende velden kleur" in p for p in caught.value.problems)


def test_deleting_a_story_deletes_its_answers(session, project, make_story):
    story = make_story(project, answers=FULL_ANSWERS)
    session.delete(story)
    session.commit()
    assert session.scalar(select(func.count()).select_from(Answer)) == 0
