"""The columns of an AnswerTable from one CSV column's cells, per question type, each cell checked.

Every builder takes the question (a form-file dict), the column's cells and the list that collects problems,
and returns its :class:`analysis.data.Column` objects; a cell that is not a valid value becomes one Dutch line
in the problems (:func:`analysis.csv_cells.bad_cell`), and nothing is scanned while there are any
(:mod:`analysis.csv_table`).
"""
from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import numpy as np

from analysis.csv_cells import MAX_PROBLEMS, Factorized, bad_cell, clean_cell, factorize, texts_of
from analysis.data import CELL_VALUES, COLUMN_BUILDERS, NA, Column, category_column, na_column, quarter

TRIAD_TOLERANCE = 1e-3  # as the app's TriadType.clean: the three shares sum to 1 within this


def keyed_column(name: str, label: str, values: np.ndarray, known: dict | None, problems,
           required: bool = False) -> Column:
    """Role or region: the keys that occur (sorted), each checked against ``known`` when given.

    Parameters
    ----------
    name, label : str
        The column's name and its label.
    values : Factorized or numpy.ndarray of object
        The column's cells.
    known : dict or None
        The allowed keys (key -> label), or None to take every key as it is.
    problems : list of (str, str)
        Where problem lines are collected.
    required : bool
        Whether an empty cell is a problem.

    Returns
    -------
    Column
    """
    codes, uniques = factorize(values)
    occurs = np.bincount(codes.astype(np.intp) + 1, minlength=len(uniques) + 1)[1:] > 0
    keys = sorted({cell for cell, used in zip(uniques, occurs) if cell and used})
    for i, cell in enumerate(uniques):
        if not cell and required:
            bad_cell(problems, name, codes, i, cell, "leeg (elke rij heeft een rol)")
        elif cell and known is not None and cell not in known:
            bad_cell(problems, name, codes, i, cell, f"onbekende rol (kies uit {', '.join(known)})")
    return category_column(name, name, label, codes, uniques, keys, known or {})


def week_columns(values: np.ndarray, problems) -> tuple[np.ndarray, Column]:
    """The week of every row as a date (YYYY-MM-DD in the file) and the period column of its quarter.

    Parameters
    ----------
    values : Factorized or numpy.ndarray of object
        The ``week`` column's cells.
    problems : list of (str, str)
        Where problem lines are collected.

    Returns
    -------
    tuple of (numpy.ndarray of datetime64[D], Column)
    """
    codes, uniques = factorize(values)
    days = np.full(len(uniques) + 1, np.datetime64("NaT"), dtype="datetime64[D]")
    quarters: list[str | None] = [None] * len(uniques)
    for i, cell in enumerate(uniques):
        if not cell:
            continue
        try:
            day = date.fromisoformat(cell)
        except ValueError:
            bad_cell(problems, "week", codes, i, cell, "geen datum (JJJJ-MM-DD)")
            continue
        days[i] = np.datetime64(day, "D")
        quarters[i] = quarter(day)
    weeks = days[codes]  # code -1: the last entry, NaT
    keys = sorted({q for q in quarters if q})
    period = category_column("period", "period", "Periode", codes, quarters, keys, {}, ordered=True)
    return weeks, period


def _slider(question: dict, values: np.ndarray, problems) -> dict[str, Column]:
    key = question["key"]
    codes, uniques = factorize(values)
    numbers = np.full(len(uniques) + 1, np.nan)
    is_na = np.zeros(len(uniques) + 1, dtype=bool)
    allow_na = question.get("allow_na", True)
    for i, cell in enumerate(uniques):
        if not cell:
            continue
        if cell.lower() == NA:
            if not allow_na:
                bad_cell(problems, key, codes, i, cell, "bij deze vraag bestaat geen n.v.t.")
            is_na[i] = True
            continue
        try:
            number = float(cell)
        except ValueError:
            bad_cell(problems, key, codes, i, cell, "geen getal van 0 tot en met 100 (of nvt)")
            continue
        if not 0 <= number <= 100:
            bad_cell(problems, key, codes, i, cell, "buiten 0..100")
            continue
        numbers[i] = number
    index = codes  # code -1 (missing) takes the last entry of each lookup
    slider = Column(key, "numeric", key, question["text"], numbers[index], left=question.get("left"),
                    right=question.get("right"))
    columns = {key: slider}
    said_na = is_na[index]
    if said_na.any():
        answered = said_na | ~np.isnan(slider.values)
        columns[f"{key}={NA}"] = na_column(question, answered, said_na)
    return columns


def _single_choice(question: dict, values: np.ndarray, problems) -> dict[str, Column]:
    key = question["key"]
    options = [o["key"] for o in question["options"]]
    codes, uniques = factorize(values)
    for i, cell in enumerate(uniques):
        if cell and cell not in options:
            bad_cell(problems, key, codes, i, cell, f"onbekende optie (kies uit {', '.join(options)})")
    labels = {o["key"]: o["label"] for o in question["options"]}
    column = category_column(key, key, question["text"], codes, uniques, options, labels,
                             ordered=bool(question.get("ordered")))
    return {key: replace(column, off_scale=tuple(question.get("off_scale") or ()))}


def _multi_choice(question: dict, values: np.ndarray, problems) -> dict[str, Column]:
    key = question["key"]
    options = [o["key"] for o in question["options"]]
    codes, uniques = factorize(values)
    # per distinct cell: -1 (no answer), or 0/1 per option ("nee"/"ja")
    chosen = np.full((len(uniques) + 1, len(options)), -1, dtype=np.int64)
    for i, cell in enumerate(uniques):
        if not cell:
            continue
        parts = [part.strip() for part in cell.split(";") if part.strip()]
        unknown = [part for part in parts if part not in options]
        if unknown:
            bad_cell(problems, key, codes, i, cell, f"onbekende optie '{unknown[0]}' (kies uit {', '.join(options)})")
            continue
        chosen[i] = [int(option in parts) for option in options]
    index = codes  # code -1 (missing) takes the last entry of each lookup
    columns = {}
    for j, option in enumerate(question["options"]):
        name = f"{key}={option['key']}"
        columns[name] = Column(name, "category", key, f"{question['text']} – {option['label']}", chosen[index, j],
                               ("nee", "ja"), ("nee", "ja"))
    return columns


def _triad(question: dict, values: np.ndarray, problems) -> dict[str, Column]:
    """Three shares per answered cell, parsed by pandas' C parser as a CSV of their own."""
    import pandas as pd

    key = question["key"]
    stripped = texts_of(values)
    answered = stripped != ""
    shares = np.full((values.size, 3), np.nan)
    if answered.any():
        try:
            parsed = pd.read_csv(io.StringIO("\n".join(stripped[answered].tolist())), sep=";", header=None,
                                 names=[0, 1, 2], dtype=float, na_filter=False, engine="c",
                                 skip_blank_lines=False).to_numpy()
            ok = parsed.shape == (int(answered.sum()), 3)
        except (ValueError, pd.errors.ParserError):
            ok = False
        if ok:
            shares[answered] = parsed
        bad = np.ones(values.size, dtype=bool) if not ok else np.zeros(values.size, dtype=bool)
        if ok:
            bad[answered] = (np.isnan(parsed).any(axis=1) | (parsed < 0).any(axis=1) | (parsed > 1).any(axis=1)
                             | (np.abs(parsed.sum(axis=1) - 1) > TRIAD_TOLERANCE))
        bad &= answered
        if bad.any():
            _triad_problems(key, stripped, bad, problems)
            shares[bad] = np.nan
    return {f"{key}.{option['key']}": Column(f"{key}.{option['key']}", "numeric", key,
                                             f"{question['text']} – {option['label']}", shares[:, corner] * 100)
            for corner, option in enumerate(question["corners"])}


def _triad_problems(key: str, cells: np.ndarray, suspects: np.ndarray, problems) -> None:
    """The precise problem of each bad triad cell (the slow path, only for a file with errors)."""
    found = 0
    for row in np.flatnonzero(suspects):
        cell = cells[row]
        parts = cell.split(";")
        try:
            shares = [float(part) for part in parts]
        except ValueError:
            shares = None
        if shares is None or len(shares) != 3:
            reason = "drie getallen gescheiden door ; (zoals 0.2;0.5;0.3)"
        elif any(share < 0 or share > 1 for share in shares) or abs(sum(shares) - 1) > TRIAD_TOLERANCE:
            reason = "drie delen van 0 tot 1 die samen 1 zijn (zoals 0.2;0.5;0.3)"
        else:
            continue
        problems.append((key, f"rij {row + 2}, kolom {key}: '{cell}' is geen geldige waarde: {reason}"))
        found += 1
        if found >= MAX_PROBLEMS:
            break


def _generic(question: dict, values: np.ndarray, problems) -> dict[str, Column]:
    """A type without a vectorised reader here (a new type's ``CELL_VALUES`` and ``COLUMN_BUILDERS``)."""
    key, convert = question["key"], CELL_VALUES.get(question["type"], str)
    if isinstance(values, Factorized):
        values = values.per_row()
    answers = []
    for row, cell in enumerate(values):
        cell = clean_cell(cell)
        if not cell:
            answers.append({})
            continue
        try:
            answers.append({key: convert(cell)})
        except ValueError:
            problems.append((key, f"rij {row + 2}, kolom {key}: '{cell}' is geen geldige waarde"))
            answers.append({})
    return COLUMN_BUILDERS[question["type"]](question, answers, len(values))


_VECTOR_BUILDERS = {"slider": _slider, "single_choice": _single_choice, "multi_choice": _multi_choice,
                    "triad": _triad}

def question_columns(question: dict, values: np.ndarray, problems) -> dict[str, Column]:
    """The columns of one question from its cells (none for a type the table does not read).

    Parameters
    ----------
    question : dict
        The question as in the form file.
    values : Factorized or numpy.ndarray of object
        Its column's cells.
    problems : list of (str, str)
        Where problem lines are collected.

    Returns
    -------
    dict of str to Column
    """
    builder = _VECTOR_BUILDERS.get(question["type"])
    if builder is not None:
        return builder(question, values, problems)
    return _generic(question, values, problems) if question["type"] in COLUMN_BUILDERS else {}
