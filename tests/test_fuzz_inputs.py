"""Generated input for the parsers people feed files to: the form parser, the CSV story import and the
CSV analysis reader. Whatever arrives, the answer is a result or a ValueError with a Dutch message,
never a crash, and a refused import stores nothing."""
import io
import re

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from analysis.data import AnswerTable
from vertelpunt.forms.loader import FormSyntaxError
from vertelpunt.forms.schema import FormValidationError
from vertelpunt.forms.services import parse_form_text
from vertelpunt.models import Story
from vertelpunt.stories.csv_io import StoryImportError, export_csv, import_csv

FIXTURE_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
CELLS = st.one_of(st.text(max_size=30), st.sampled_from(["parent", "youth", "nvt", "50", "150", "-1", "0.3;0.3;0.4",
                                                          "jeugdhulp;ots", "2026-03-09", "=1+1", "\x00", "é"]))
#: How the form parser opens its two kinds of refusal: the file is no YAML/JSON, or it is not a valid form.
FORM_REFUSALS = re.compile(r"(regel \d+: )?het bestand is geen geldige YAML of JSON|De vragenset is niet geldig:")
#: Every message the analysis CSV reader may give for a bad cell. The last two are not Dutch yet (analysis/data.py
#: raises them for a slider beyond 0..100 and for a week that is no date); a new message fails this test.
#: The CSV reader names row, column, cell and reason of every problem, one per line (analysis/csv_table.py).
READER_REFUSALS = (re.compile(r"(rij \d+, kolom [\w.=-]+: '.*' is geen geldige waarde(: [^\n]+)?(\n|$))+", re.S),
                   re.compile(r"het CSV-bestand is niet goed leesbaar: .*", re.S))


def _assert_form_refusal(error: ValueError) -> None:
    assert isinstance(error, (FormSyntaxError, FormValidationError)), f"{type(error).__name__}: {error}"
    assert FORM_REFUSALS.match(str(error)), str(error)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_form_parser_on_arbitrary_text(text):
    try:
        definition = parse_form_text(text)
    except ValueError as error:
        _assert_form_refusal(error)
    else:
        assert definition["modules"]


def _form_like():
    leaf = st.one_of(st.none(), st.booleans(), st.integers(-5, 200), st.text(max_size=12))
    tree = st.recursive(leaf, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=10), inner, max_size=4)),
                        max_leaves=20)
    return st.fixed_dictionaries({"format": st.sampled_from(["vertelpunt-form/1", "x"]), "key": leaf,
                                  "roles": tree, "modules": tree})


@settings(max_examples=200, deadline=None)
@given(_form_like())
def test_form_parser_on_form_shaped_nonsense(document):
    try:
        definition = parse_form_text(yaml.safe_dump(document, allow_unicode=True))
    except ValueError as error:
        _assert_form_refusal(error)
    else:
        assert definition["modules"]


@FIXTURE_SETTINGS
@given(rows=st.lists(st.lists(CELLS, min_size=1, max_size=8), max_size=6),
       header=st.lists(st.sampled_from(["role", "text", "week", "outcome", "heard", "help_type", "mattered",
                                         "place", "public_id", "title", "onbekend"]), min_size=1, max_size=8))
def test_csv_import_stores_all_or_nothing(session, project, rows, header):
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    before = session.scalar(select(func.count()).select_from(Story))
    try:
        report = import_csv(session, project, io.StringIO(buffer.getvalue()))
    except StoryImportError as error:
        session.rollback()
        assert error.problems and all(isinstance(p, str) and p for p in error.problems)
        assert session.scalar(select(func.count()).select_from(Story)) == before
    else:
        session.rollback()
        assert report.imported == len(rows)


@FIXTURE_SETTINGS
@given(cells=st.lists(CELLS, min_size=4, max_size=4))
def test_analysis_csv_reader_refuses_bad_cells_clearly(session, project, make_story, mini_definition, cells):
    if session.scalar(select(func.count()).select_from(Story)) == 0:
        make_story(project)
    buffer = io.StringIO()
    export_csv(session, project, buffer)
    header, row = buffer.getvalue().splitlines()[:2]
    names = header.split(",")
    edited = row.split(",")
    for name, cell in zip(("outcome", "heard", "mattered", "week"), cells):
        if name in names:
            edited[names.index(name)] = '"' + cell.replace('"', '""') + '"'
    text = header + "\n" + ",".join(edited) + "\n"
    try:
        table = AnswerTable.from_csv(io.StringIO(text), mini_definition)
    except ValueError as error:
        assert any(pattern.fullmatch(str(error)) for pattern in READER_REFUSALS), str(error)
    else:
        assert table.n == 1
