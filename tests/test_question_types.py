"""The question-type registry: each class on its own, the database agreeing with the registry, and a new
type registered in the registry being picked up by every entry point without other edits."""
from __future__ import annotations

import csv
import io
import json
from datetime import date
from types import SimpleNamespace

import numpy as np
import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from analysis import data as analysis_data
from analysis.data import AnswerTable
from vertelpunt.collect.widgets import read_answers
from vertelpunt.demo.generator import Draws, generate_stories
from vertelpunt.forms import question_types as qt
from vertelpunt.forms.schema import FormValidationError, normalise
from vertelpunt.forms.services import form_definition
from vertelpunt.models import Answer, FormModule, FormRole, Module, Option, Question, StoryForm
from vertelpunt.moderate.services import answer_lines
from vertelpunt.stories.answers import AnswerError, PlaceLookup, answer_values, clean_answers, rows_to_answers
from vertelpunt.stories.csv_io import _answer_cell, _parse_answer
from vertelpunt.stories.json_io import story_document

PLACES = PlaceLookup({"enschede": (1, 10), "hengelo": (1, 11)})


def question(key: str, kind: str, options=(), **columns) -> Question:
    """An unsaved question (every column set, as the database would after a flush)."""
    values = {"section": "duiding", "text": f"Vraag {key}", "help": None, "position": 0, "left_label": None,
              "right_label": None, "allow_na": True, "max_choices": None, "max_length": None, "roles": None,
              "text_by_role": None, **columns}
    return Question(key=key, type=kind, options=[Option(key=k, label=k.title(), position=i) for i, k in enumerate(options)],
                    **values)


def rows_of(key: str, values: list[dict]) -> list[Answer]:
    return [Answer(**{**row, "question_key": key}) for row in values]


def round_trip_rows(q: Question, value):
    """The canonical value written as answers rows and read back."""
    return rows_to_answers([q], rows_of(q.key, [{k: v for k, v in r.items() if k != "question_key"}
                                                 for r in answer_values([q], {q.key: value})]))[q.key]


def round_trip_cell(q: Question, value):
    """The canonical value as a CSV cell, read back and cleaned as an import cleans it."""
    return qt.type_of(q).clean(q, _parse_answer(q, _answer_cell(q, value)), PLACES)


# --- the registry ------------------------------------------------------------------------------------


def test_every_type_has_one_class_and_names_a_macro():
    assert qt.type_names() == ("slider", "single_choice", "multi_choice", "triad", "text", "place")
    for name, kind in qt.REGISTRY.items():
        assert kind.name == name and kind.macro in ("slider", "choice", "triad", "text", "place")
    with pytest.raises(qt.UnknownQuestionType, match="Onbekend vraagtype 'schaal'"):
        qt.question_type("schaal")


def test_the_database_accepts_every_registered_type_and_nothing_else(session):
    """A class added without the migration that widens ck_questions_known_type fails here."""
    module = Module(key="proef-module", version=1, title="Proef", is_core=False, content_hash="x")
    session.add(module)
    session.flush()
    for position, name in enumerate(qt.type_names()):
        session.execute(insert(Question).values(module_id=module.id, key=f"q{position}", type=name, section="duiding",
                                                text="t", position=position, allow_na=True))
    session.flush()
    with pytest.raises(IntegrityError):
        session.execute(insert(Question).values(module_id=module.id, key="other", type="schaal", section="duiding",
                                                text="t", position=99, allow_na=True))
    session.rollback()


# --- one class at a time ------------------------------------------------------------------------------


class TestSlider:
    q = question("outcome", "slider", left_label="slecht", right_label="goed", allow_na=False)

    def test_clean(self):
        kind = qt.type_of(self.q)
        assert kind.clean(self.q, "73,5") == 73.5 and kind.clean(self.q, 0) == 0.0
        for bad, message in ((101, "van 0 tot en met 100"), ("veel", "getal"), (float("nan"), "getal"),
                             (True, "getal"), ("nvt", "geen n.v.t.")):
            with pytest.raises(ValueError, match=message):
                kind.clean(self.q, bad)
        with_na = question("heard", "slider", left_label="a", right_label="b", allow_na=True)
        assert kind.clean(with_na, " NVT ") == qt.NA

    def test_post_rows_cell_label(self):
        kind = qt.type_of(self.q)
        assert kind.read_post(self.q, MultiDict({"q_outcome__state": "answer", "q_outcome": "40"})) == "40"
        assert kind.read_post(self.q, MultiDict({"q_outcome": "40"})) is None  # not touched: no answer
        assert kind.read_post(self.q, MultiDict({"q_outcome__state": "nvt"})) == qt.NA
        with pytest.raises(qt.WidgetError, match="schuifje"):
            kind.read_post(self.q, MultiDict({"q_outcome__state": "raar"}))
        assert round_trip_rows(self.q, 40.0) == 40.0 and round_trip_rows(self.q, qt.NA) == qt.NA
        assert _answer_cell(self.q, 40.0) == "40" and _answer_cell(self.q, 40.25) == "40.25"
        assert round_trip_cell(self.q, 40.25) == 40.25
        assert kind.answer_label(self.q, 40.0) == "40 (0 = slecht, 100 = goed)"
        assert kind.answer_label(self.q, qt.NA) == "n.v.t."


class TestChoices:
    single = question("moment", "single_choice", ("wachten", "start"))
    multi = question("help_type", "multi_choice", ("jeugdhulp", "jeugd_ggz", "ots"), max_choices=2)

    def test_single(self):
        kind = qt.type_of(self.single)
        assert kind.clean(self.single, "start") == "start"
        with pytest.raises(ValueError, match="Kies een van de antwoorden"):
            kind.clean(self.single, "anders")
        assert kind.read_post(self.single, MultiDict({"q_moment": "start"})) == "start"
        assert round_trip_rows(self.single, "start") == "start" and round_trip_cell(self.single, "start") == "start"
        assert kind.answer_label(self.single, "start") == "Start"

    def test_multi(self):
        kind = qt.type_of(self.multi)
        assert kind.clean(self.multi, ["ots", "jeugdhulp"]) == ["jeugdhulp", "ots"]  # option order
        assert kind.clean(self.multi, "ots") == ["ots"]
        with pytest.raises(ValueError, match="hoogstens 2"):
            kind.clean(self.multi, ["ots", "jeugdhulp", "jeugd_ggz"])
        with pytest.raises(ValueError, match="alleen antwoorden die er staan"):
            kind.clean(self.multi, ["ots", "anders"])
        posted = MultiDict([("q_help_type", "ots"), ("q_help_type", "jeugdhulp")])
        assert kind.read_post(self.multi, posted) == ["ots", "jeugdhulp"]
        assert round_trip_rows(self.multi, ["jeugdhulp", "ots"]) == ["jeugdhulp", "ots"]
        assert _answer_cell(self.multi, ["jeugdhulp", "ots"]) == "jeugdhulp;ots"
        assert round_trip_cell(self.multi, ["jeugdhulp", "ots"]) == ["jeugdhulp", "ots"]
        assert kind.answer_label(self.multi, ["jeugdhulp", "ots"]) == "Jeugdhulp, Ots"
        assert kind.macro_options == {"multiple": True} and qt.type_of(self.single).macro_options == {}


class TestTriad:
    q = question("mattered", "triad", ("worker", "rules", "family"))

    def test_clean_post_rows_cell_label(self):
        kind = qt.type_of(self.q)
        assert kind.clean(self.q, ["0.2", 0.3, 0.5]) == pytest.approx([0.2, 0.3, 0.5])
        for bad, message in (([0.5, 0.5], "drie delen"), ([0.5, 0.5, 0.5], "samen 1")):
            with pytest.raises(ValueError, match=message):
                kind.clean(self.q, bad)
        posted = MultiDict({"q_mattered__a": "20", "q_mattered__b": "30", "q_mattered__c": ""})
        with pytest.raises(qt.WidgetError, match="samen 100 zijn. Nu is het samen 50"):
            kind.read_post(self.q, posted)
        posted["q_mattered__c"] = "50"
        assert kind.read_post(self.q, posted) == pytest.approx([0.2, 0.3, 0.5])
        assert kind.read_post(self.q, MultiDict()) is None
        shares = [0.2, 0.3, 0.5]
        assert round_trip_rows(self.q, shares) == shares and round_trip_cell(self.q, shares) == pytest.approx(shares)
        assert _answer_cell(self.q, shares) == "0.2;0.3;0.5"
        assert kind.answer_label(self.q, shares) == "Worker 20%, Rules 30%, Family 50%"


class TestTextAndPlace:
    text = question("felt", "text", max_length=10)
    place = question("place", "place")

    def test_text(self):
        kind = qt.type_of(self.text)
        assert kind.clean(self.text, "  fijn  ") == "fijn"
        with pytest.raises(ValueError, match="hoogstens 10 tekens"):
            kind.clean(self.text, "veel te lange tekst")
        assert kind.read_post(self.text, MultiDict({"q_felt": "   "})) is None
        assert round_trip_rows(self.text, "fijn") == "fijn" and round_trip_cell(self.text, "a;b") == "a;b"

    def test_place_lives_on_the_story(self):
        kind = qt.type_of(self.place)
        assert kind.lives_on_story and kind.clean(self.place, "hengelo", PLACES) == "hengelo"
        with pytest.raises(ValueError, match="gemeente uit de lijst"):
            kind.clean(self.place, "amsterdam", PLACES)
        assert answer_values([self.place], {"place": "hengelo"}) == []
        story = SimpleNamespace(municipality=SimpleNamespace(name="Hengelo"))
        assert kind.answer_label(self.place, "hengelo", story) == "Hengelo"
        assert qt.place_question([self.text, self.place]) is self.place


def test_form_file_fields_belong_to_their_type(mini_definition):
    by_key = {q["key"]: q for m in mini_definition["modules"] for q in m["questions"]}
    assert by_key["heard"]["allow_na"] is False and by_key["felt"]["max_length"] == 200
    assert by_key["help_type"]["max_choices"] == 2 and len(by_key["mattered"]["corners"]) == 3
    document = {"format": "vertelpunt-form/1", "key": "proef", "title": "Proef",
                "roles": [{"key": "parent", "label": "Ouder", "prompts": [{"key": "p", "text": "Vertel."}]}],
                "modules": [{"key": "m", "title": "M", "questions": [
                    {"key": "s", "type": "slider", "text": "S", "left": "a", "right": "b", "options": []},
                    {"key": "t", "type": "triad", "text": "T", "corners": [{"key": "a", "label": "A"}]},
                ]}]}
    with pytest.raises(FormValidationError) as caught:
        normalise(document)
    messages = [str(problem) for problem in caught.value.problems]
    assert "modules[0].questions[0].options: onbekend veld" in messages  # options are not a slider's
    assert "modules[0].questions[1].corners: moet minstens 3 onderdelen hebben" in messages


# --- a new type, registered in the registry only --------------------------------------------------------


class ScoreType(qt.QuestionType):
    """A made-up type: a mark from 1 to 10, typed in the text widget, stored as a number."""

    name = "score"
    macro = "text"

    def clean(self, question, value, places=None):
        mark = qt.number(value)
        if mark != int(mark) or not 1 <= mark <= 10:
            raise ValueError("Geef een cijfer van 1 tot en met 10.")
        return int(mark)

    def answer_rows(self, value):
        return [{"number": value}]

    def from_rows(self, question, rows):
        return int(rows[0].number)

    def from_cell(self, question, cell):
        return int(cell)

    def answer_label(self, question, value, story=None):
        return f"een {value}"

    def random_answer(self, draw, definition):
        return draw.integer(1, 11)


def _score_columns(question, answers, n):
    values = np.array([answers[i].get(question["key"], np.nan) for i in range(n)], dtype=float)
    return {question["key"]: analysis_data.Column(question["key"], "numeric", question["key"], question["text"], values)}


@pytest.fixture
def score_type(monkeypatch):
    monkeypatch.setitem(qt.REGISTRY, "score", ScoreType())
    monkeypatch.setitem(analysis_data.COLUMN_BUILDERS, "score", _score_columns)
    monkeypatch.setitem(analysis_data.CELL_VALUES, "score", int)


SCORE_FORM = {
    "format": "vertelpunt-form/1", "key": "cijfers", "title": "Cijfers",
    "roles": [{"key": "parent", "label": "Ouder", "prompts": [{"key": "moment", "text": "Vertel over een moment."}]}],
    "completeness": {"min_words": 0, "first_questions": 0},
    "modules": [{"key": "kern", "title": "Kern", "questions": [
        {"key": "mark", "type": "score", "text": "Welk cijfer geef je de hulp?"}]}],
}


def _score_story(definition: dict, mark: int):
    """An unsaved story on a form with the score question (the database only takes migrated types)."""
    spec = definition["modules"][0]["questions"][0]
    mark_question = question(spec["key"], spec["type"], text=spec["text"])
    module = Module(key="kern", version=1, title="Kern", is_core=True, questions=[mark_question])
    form = StoryForm(key=definition["key"], version=1, title=definition["title"], language="nl", min_words=0,
                     first_questions=0, module_links=[FormModule(module=module, position=0)],
                     roles=[FormRole(key="parent", label="Ouder", position=0)])
    answers = [Answer(**{k: v for k, v in row.items() if k != "question_key"}, question_key="mark")
               for row in answer_values(form.questions, {"mark": mark})]
    story = SimpleNamespace(form=form, answers=answers, municipality=None, role="parent", public_id="ABC234",
                            prompt_key="moment", title=None, text="tekst", week=date(2026, 3, 2),
                            channel="online", language="nl", is_complete=True, status="published", region=None)
    return story, mark_question


def test_a_new_type_is_picked_up_everywhere(score_type, app):
    definition = normalise(SCORE_FORM)  # the form file
    assert definition["modules"][0]["questions"][0]["type"] == "score"
    story, mark = _score_story(definition, 7)
    assert form_definition(story.form)["modules"][0]["questions"][0] == definition["modules"][0]["questions"][0]

    assert clean_answers([mark], "parent", {"mark": "7"}) == {"mark": 7}  # every entry point's cleaning
    with pytest.raises(AnswerError) as caught:
        clean_answers([mark], "parent", {"mark": "11"})
    assert caught.value.errors == {"mark": "Geef een cijfer van 1 tot en met 10."}

    assert read_answers([mark], MultiDict({"q_mark": "7"})) == ({"mark": "7"}, {})  # the story form
    template = app.jinja_env.from_string(
        '{% from "_macros/questions.html" import question %}{{ question(q, "parent", data, {}, []) }}')
    html = template.render(q=mark, data=MultiDict({"q_mark": "7"}))
    assert 'name="q_mark"' in html and ">7</textarea>" in html and "Welk cijfer geef je de hulp?" in html

    assert rows_to_answers([mark], story.answers) == {"mark": 7}  # answers rows, both ways
    assert _answer_cell(mark, 7) == "7" and _parse_answer(mark, "7") == 7  # CSV
    assert story_document(story)["answers"] == {"mark": 7}  # JSON
    assert [(line.question, line.answer) for line in answer_lines(story)] == [("Welk cijfer geef je de hulp?", "een 7")]

    records = generate_stories(SCORE_FORM, [], n=30, seed=3)  # demo data
    marks = [r["answers"]["mark"] for r in records if "mark" in r["answers"]]
    assert marks and all(isinstance(m, int) and 1 <= m <= 10 for m in marks)

    out = io.StringIO()  # analysis: records and its CSV reader
    writer = csv.writer(out)
    writer.writerow(["public_id", "role", "week", "text", "mark"])
    writer.writerows([[f"S{i}", "parent", "2026-03-02", "tekst", m] for i, m in enumerate(marks)])
    table = AnswerTable.from_csv(io.StringIO(out.getvalue()), definition)
    assert table.columns["mark"].kind == "numeric" and list(table.columns["mark"].values) == marks
    json.dumps(story_document(story))  # the export stays JSON


def test_demo_draws_use_the_story_stream():
    """Draws hands the type the generator's own random stream: the same seed, the same answers."""
    first, second = Draws(np.random.default_rng(4)), Draws(np.random.default_rng(4))
    definition = {"type": "multi_choice", "options": [{"key": k} for k in "abcde"], "max_choices": 2}
    kind = qt.question_type("multi_choice")
    assert [kind.random_answer(first, definition) for _ in range(5)] == [kind.random_answer(second, definition) for _ in range(5)]
