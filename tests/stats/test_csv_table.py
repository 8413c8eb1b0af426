"""The CSV path is as strict as `stories import`: statuses, unknown keys, roles and options, triads, columns."""
import io

import numpy as np
import pytest

from analysis.csv_table import CsvProblems, read_csv_table
from analysis.data import AnswerTable
from analysis.errors import AnalysisError

FORM = {"key": "mini", "roles": [{"key": "parent", "label": "Ouder"}, {"key": "youth", "label": "Jongere"}],
        "modules": [{"key": "m", "questions": [
            {"key": "outcome", "type": "slider", "text": "Uitkomst"},
            {"key": "strict", "type": "slider", "text": "Streng", "allow_na": False},
            {"key": "kind", "type": "single_choice", "text": "Soort",
             "options": [{"key": "a", "label": "A"}, {"key": "b", "label": "B"}]},
            {"key": "help", "type": "multi_choice", "text": "Hulp",
             "options": [{"key": "x", "label": "X"}, {"key": "y", "label": "Y"}]},
            {"key": "t", "type": "triad", "text": "T", "corners": [{"key": k, "label": k} for k in "pqr"]}]}]}
HEADER = "public_id,role,text,week,status,region,outcome,strict,kind,help,t\n"
ROWS = ("P1,parent,Tekst,2026-03-02,published,twente,40,10,a,x;y,0.2;0.3;0.5\n"
        "P2,youth,Tekst,2026-06-01,hidden,twente,nvt,20,b,,\n"
        "P3,parent,Tekst,2026-06-01,published,,,,b,y,0.5;0.5;0\n")


def read(text, **options):
    return read_csv_table(io.StringIO(text), FORM, **options)


def test_published_stories_only_unless_statuses_are_asked_for():
    table = read(HEADER + ROWS)
    assert table.public_ids.tolist() == ["P1", "P3"]
    everyone = read(HEADER + ROWS, statuses=None)
    assert everyone.public_ids.tolist() == ["P1", "P2", "P3"]
    assert read(HEADER + ROWS, statuses=("hidden",)).public_ids.tolist() == ["P2"]
    assert AnswerTable.from_csv(io.StringIO(HEADER + ROWS), FORM).n == 2
    with pytest.raises(AnalysisError, match="onbekende status 'verstopt'"):
        read(HEADER + ROWS, statuses=("verstopt",))


def test_cells_become_the_same_columns_as_records():
    table = read(HEADER + ROWS, statuses=None)
    assert table.columns["outcome"].values[0] == 40 and np.isnan(table.columns["outcome"].values[1:]).all()
    assert table.columns["outcome=nvt"].values.tolist() == [0, 1, -1]  # n.v.t. is an answer, not a missing one
    assert table.columns["kind"].values.tolist() == [0, 1, 1]
    assert table.columns["help=x"].values.tolist() == [1, -1, 0] and table.columns["help=y"].values.tolist() == [1, -1, 1]
    assert table.columns["t.r"].values[0] == pytest.approx(50) and np.isnan(table.columns["t.r"].values[1])
    assert table.columns["role"].categories == ("parent", "youth")
    assert table.columns["period"].categories == ("2026-K1", "2026-K2") and table.columns["period"].ordered


@pytest.mark.parametrize("column, cell, message", [
    ("kind", "c", "rij 2, kolom kind: 'c' is geen geldige waarde: onbekende optie (kies uit a, b)"),
    ("help", "x;z", "rij 2, kolom help: 'x;z' is geen geldige waarde: onbekende optie 'z'"),
    ("role", "ouder", "rij 2, kolom role: 'ouder' is geen geldige waarde: onbekende rol"),
    ("t", "3;5;9", "rij 2, kolom t: '3;5;9' is geen geldige waarde: drie delen van 0 tot 1 die samen 1 zijn"),
    ("t", "0.5;0.5", "rij 2, kolom t: '0.5;0.5' is geen geldige waarde: drie getallen"),
    ("outcome", "101", "rij 2, kolom outcome: '101' is geen geldige waarde: buiten 0..100"),
    ("outcome", "veel", "rij 2, kolom outcome: 'veel' is geen geldige waarde: geen getal"),
    ("strict", "nvt", "rij 2, kolom strict: 'nvt' is geen geldige waarde: bij deze vraag bestaat geen n.v.t."),
    ("week", "2026-13-01", "rij 2, kolom week: '2026-13-01' is geen geldige waarde: geen datum"),
    ("status", "weg", "rij 2, kolom status: 'weg' is geen geldige waarde: onbekende status"),
])
def test_a_bad_cell_is_an_error_naming_row_and_column(column, cell, message):
    names = HEADER.strip().split(",")
    first = ROWS.splitlines()[0].split(",")
    first[names.index(column)] = cell
    text = HEADER + ",".join(first) + "\n" + "\n".join(ROWS.splitlines()[1:]) + "\n"
    with pytest.raises(CsvProblems) as caught:
        read(text)
    assert str(caught.value).startswith(message) and caught.value.field == column
    assert isinstance(caught.value, AnalysisError) and isinstance(caught.value, ValueError)


def test_a_bad_cell_in_a_hidden_story_is_still_an_error_and_every_problem_is_listed():
    text = HEADER + ROWS.replace("P2,youth", "P2,jongere").replace(",b,y,", ",q,y,")
    with pytest.raises(CsvProblems) as caught:
        read(text)
    assert [p.split(":")[0] for p in caught.value.problems] == ["rij 3, kolom role", "rij 4, kolom kind"]


def test_unknown_missing_and_double_columns_are_errors_on_row_one():
    with pytest.raises(CsvProblems, match=r"rij 1: onbekende kolommen uitkomst .*gereserveerd zijn public_id"):
        read(HEADER.replace("outcome", "uitkomst") + ROWS)
    with pytest.raises(CsvProblems, match="rij 1: de kolom 'week' ontbreekt"):
        read(HEADER.replace("week", "prompt") + ROWS)
    with pytest.raises(CsvProblems, match="rij 1: de kolom kind staat er twee keer"):
        read(HEADER.replace("help", "kind") + ROWS)
    with pytest.raises(CsvProblems, match="kopregel"):
        read("")


def test_a_spreadsheets_protecting_apostrophe_is_removed_and_a_short_row_counts_as_empty_cells():
    table = read(HEADER + "P1,parent,Tekst,2026-03-02,published,twente,'40,10,'a\nP2,parent,Tekst,2026-03-02,published\n")
    assert table.columns["outcome"].values[0] == 40 and table.columns["kind"].values.tolist() == [0, -1]


def test_categories_are_the_keys_that_occur_for_role_and_region_and_the_forms_options_for_a_choice():
    table = read(HEADER + ROWS.replace("P2,youth", "P2,parent"), statuses=None)
    assert table.columns["role"].categories == ("parent",)  # the form's youth role told nothing here
    assert table.columns["region"].categories == ("twente",)
    assert table.columns["kind"].categories == ("a", "b")


def test_the_spreadsheet_export_with_semicolons_and_a_bom_reads_the_same(tmp_path):
    """`stories export --format csv-nl` writes ';' and a BOM; `patterns --csv` reads that file as the comma one."""
    semicolons = "\ufeff" + HEADER.replace(",", ";") + ("P1;parent;Tekst;2026-03-02;published;twente;40;10;a;\"x;y\";"
                                                        "\"0.2;0.3;0.5\"\nP3;parent;Tekst;2026-06-01;published;;;;b;y;"
                                                        "\"0.5;0.5;0\"\n")
    commas = read(HEADER + ROWS)
    table = read(semicolons)
    assert table.public_ids.tolist() == commas.public_ids.tolist() == ["P1", "P3"]
    path = tmp_path / "verhalen.csv"
    path.write_text(semicolons, encoding="utf-8")
    assert read_csv_table(path, FORM).public_ids.tolist() == ["P1", "P3"]
