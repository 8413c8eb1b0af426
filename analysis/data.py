"""AnswerTable: the answers of a set of stories as one array per column.

Columns are typed once, so the scan never loops over stories in Python:
- ``numeric``: sliders (0..100, NaN for not answered / n.v.t.) and triad corners (share 0..1);
- ``category``: integer codes (-1 = missing) with their keys and labels: single choice, role, region,
  period (quarter of the week told), and every multiple-choice option as a yes/no column.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from analysis.errors import AnalysisError

NA = "nvt"
FIXED_COLUMNS = ("public_id", "role", "prompt", "title", "text", "week", "channel", "language", "complete", "status", "region")


@dataclass(frozen=True)
class Column:
    """One analysable column; ``question`` groups the columns that come from one question."""

    name: str
    kind: str  # "numeric" or "category"
    question: str
    label: str
    values: np.ndarray
    categories: tuple[str, ...] = ()
    category_labels: tuple[str, ...] = ()
    left: str | None = None
    right: str | None = None

    def category_label(self, code: int) -> str:
        """Parameters
        ----------
        code : int
            A category code (not -1).

        Returns
        -------
        str
        """
        return self.category_labels[code] if self.category_labels else self.categories[code]


@dataclass(frozen=True)
class AnswerTable:
    columns: dict[str, Column]
    public_ids: np.ndarray
    weeks: np.ndarray  # datetime64[D]
    texts: tuple[str, ...] = ()
    meta: dict = field(default_factory=dict)

    @property
    def n(self) -> int:
        """The number of stories (rows).

        Returns
        -------
        int
        """
        return len(self.public_ids)

    def numeric(self) -> list[Column]:
        """The numeric columns (sliders and triad corners), in table order.

        Returns
        -------
        list of Column
        """
        return [c for c in self.columns.values() if c.kind == "numeric"]

    def categorical(self) -> list[Column]:
        """The category columns (choices, role, region, period, multiple-choice options), in table order.

        Returns
        -------
        list of Column
        """
        return [c for c in self.columns.values() if c.kind == "category"]

    def subset(self, mask: np.ndarray) -> AnswerTable:
        """The rows where ``mask`` is true, with the same columns and categories.

        Parameters
        ----------
        mask : numpy.ndarray of bool
            One value per row.

        Returns
        -------
        AnswerTable

        Raises
        ------
        ValueError
            When the mask has the wrong shape.
        """
        mask = np.asarray(mask, dtype=bool)
        if mask.shape != (self.n,):
            raise ValueError(f"mask has shape {mask.shape}, expected ({self.n},)")
        columns = {name: Column(**{**column.__dict__, "values": column.values[mask]}) for name, column in self.columns.items()}
        texts = tuple(t for t, keep in zip(self.texts, mask) if keep) if self.texts else ()
        return AnswerTable(columns, self.public_ids[mask], self.weeks[mask], texts, self.meta)

    def mask_for(self, column: str, *keys: str) -> np.ndarray:
        """Rows whose category column ``column`` has one of ``keys`` (e.g. region 'twente').

        Parameters
        ----------
        column : str
            A category column's name.
        *keys : str
            Category keys of that column.

        Returns
        -------
        numpy.ndarray of bool

        Raises
        ------
        ValueError
            For a numeric column (a mistake of the caller).
        AnalysisError
            For an unknown key (a value somebody asked for that the answers do not have).
        """
        col = self.columns[column]
        if col.kind != "category":
            raise ValueError(f"'{column}' is not a category column")
        unknown = [k for k in keys if k not in col.categories]
        if unknown:
            raise AnalysisError(f"onbekende waarden voor '{column}': {', '.join(unknown)}", column)
        codes = [col.categories.index(k) for k in keys]
        return np.isin(col.values, codes)

    @classmethod
    def from_records(cls, form: dict, records: list[dict], region_labels: dict[str, str] | None = None) -> AnswerTable:
        """Build the table from story records (see docs/form-format.md for the answer convention).

        Parameters
        ----------
        form : dict
            The form definition (with ``modules`` and ``roles``).
        records : list of dict
            Per story: ``public_id``, ``role``, ``region``, ``week``, ``text`` and ``answers``.
        region_labels : dict of str to str, optional
            Display names of the region keys.

        Returns
        -------
        AnswerTable

        Raises
        ------
        ValueError
            For a form without modules or an answer outside its range.
        """
        if not isinstance(form, dict) or "modules" not in form:
            raise ValueError("form must be a form definition with 'modules'")
        n = len(records)
        columns: dict[str, Column] = {}
        role_labels = {role["key"]: role["label"] for role in form.get("roles", [])}
        columns["role"] = _category("role", "role", "Rol", [r.get("role") for r in records], role_labels)
        region_labels = region_labels or {}
        columns["region"] = _category("region", "region", "Regio", [r.get("region") for r in records], region_labels)
        weeks = np.array([np.datetime64(r["week"], "D") if r.get("week") else np.datetime64("NaT") for r in records],
                         dtype="datetime64[D]")
        columns["period"] = _category("period", "period", "Periode", [_quarter(r.get("week")) for r in records], {})
        for module in form["modules"]:
            for question in module["questions"]:
                _add_question(columns, question, [r.get("answers", {}) for r in records], n)
        public_ids = np.array([r.get("public_id", "") for r in records], dtype=object)
        texts = tuple(r.get("text", "") for r in records)
        return cls(columns, public_ids, weeks, texts, {"form": form.get("key")})

    @classmethod
    def from_csv(cls, source, form: dict) -> AnswerTable:
        """Read the CSV export format (one row per story, one column per question key).

        Parameters
        ----------
        source : path or file object
            The CSV export.
        form : dict
            The form definition the export was made with.

        Returns
        -------
        AnswerTable

        Raises
        ------
        ValueError
            With a Dutch message naming the row and column of a bad cell, or the missing columns.
        """
        handle = open(source, encoding="utf-8-sig", newline="") if isinstance(source, (str, bytes)) or hasattr(source, "__fspath__") else source
        try:
            reader = csv.DictReader(handle)
            questions = {q["key"]: q for m in form["modules"] for q in m["questions"]}
            missing = [c for c in ("role", "week") if c not in (reader.fieldnames or [])]
            if missing:
                raise AnalysisError(f"CSV mist de kolommen: {', '.join(missing)}")
            records = [_csv_record(row, questions, line) for line, row in enumerate(reader, start=2)]
        finally:
            if handle is not source:
                handle.close()
        return cls.from_records(form, records)


def _quarter(week) -> str | None:
    if not week:
        return None
    day = week if isinstance(week, date) else date.fromisoformat(str(week))
    return f"{day.year}-K{(day.month - 1) // 3 + 1}"


def _category(name, question, label, raw, labels: dict, order: list[str] | None = None) -> Column:
    keys = order if order is not None else sorted({v for v in raw if v is not None})
    index = {key: i for i, key in enumerate(keys)}
    codes = np.fromiter((index.get(v, -1) if v is not None else -1 for v in raw), dtype=np.int64, count=len(raw))
    return Column(name, "category", question, label, codes, tuple(keys), tuple(labels.get(k, k) for k in keys))


def _slider_value(value) -> float:
    if value is None or value == NA or value == "":
        return np.nan
    number = float(value)
    if not 0 <= number <= 100:
        raise AnalysisError(f"slider value {number} outside 0..100")  # only a CSV can hold one (not Dutch yet)
    return number


def _slider_columns(question: dict, answers: list[dict], n: int) -> dict[str, Column]:
    key = question["key"]
    values = np.fromiter((_slider_value(a.get(key)) for a in answers), dtype=float, count=n)
    return {key: Column(key, "numeric", key, question["text"], values, left=question.get("left"), right=question.get("right"))}


def _single_choice_columns(question: dict, answers: list[dict], n: int) -> dict[str, Column]:
    key, options = question["key"], question["options"]
    return {key: _category(key, key, question["text"], [a.get(key) for a in answers],
                           {o["key"]: o["label"] for o in options}, [o["key"] for o in options])}


def _multi_choice_columns(question: dict, answers: list[dict], n: int) -> dict[str, Column]:
    """One yes/no column per option (unanswered stays missing, not "nee")."""
    key, columns = question["key"], {}
    for option in question["options"]:
        raw = [None if a.get(key) is None else ("ja" if option["key"] in a.get(key) else "nee") for a in answers]
        name = f"{key}={option['key']}"
        columns[name] = _category(name, key, f"{question['text']} – {option['label']}", raw,
                                  {"ja": "ja", "nee": "nee"}, ["nee", "ja"])
    return columns


def _triad_columns(question: dict, answers: list[dict], n: int) -> dict[str, Column]:
    """One numeric column per corner: its share x 100."""
    key, shares = question["key"], np.full((n, 3), np.nan)
    for row, a in enumerate(answers):
        value = a.get(key)
        if value is not None:
            shares[row] = value
    return {f"{key}.{option['key']}": Column(f"{key}.{option['key']}", "numeric", key,
                                             f"{question['text']} – {option['label']}", shares[:, corner] * 100)
            for corner, option in enumerate(question["corners"])}


#: The analysable columns of a question, by type name (answers follow docs/form-format.md). The app's
#: question types live in vertelpunt.forms.question_types, which this pure package cannot import; a type
#: without a builder here (text, place) gives no columns (the place is the story's region).
COLUMN_BUILDERS = {
    "slider": _slider_columns,
    "single_choice": _single_choice_columns,
    "multi_choice": _multi_choice_columns,
    "triad": _triad_columns,
}

#: A non-empty CSV cell as an answer, by type name (the CSV convention of docs/form-format.md); other
#: types keep the cell's text.
CELL_VALUES = {
    "slider": lambda cell: cell if cell == NA else float(cell),
    "multi_choice": lambda cell: [part for part in cell.split(";") if part],
    "triad": lambda cell: [float(part) for part in cell.split(";")],
}


def _add_question(columns: dict, question: dict, answers: list[dict], n: int) -> None:
    builder = COLUMN_BUILDERS.get(question["type"])
    if builder is not None:
        columns.update(builder(question, answers, n))


def _csv_record(row: dict, questions: dict, line: int) -> dict:
    answers = {}
    for key, question in questions.items():
        cell = (row.get(key) or "").strip()
        if not cell:
            continue
        try:
            answers[key] = CELL_VALUES.get(question["type"], str)(cell)
        except ValueError:
            raise AnalysisError(f"rij {line}, kolom {key}: '{cell}' is geen geldige waarde") from None
    week = row.get("week") or None
    try:
        week = date.fromisoformat(week) if week else None
    except ValueError:
        raise AnalysisError(f"rij {line}, kolom week: '{week}' is geen geldige waarde", "week") from None
    return {"public_id": row.get("public_id", ""), "role": row.get("role") or None, "region": row.get("region") or None,
            "week": week, "text": row.get("text", ""), "answers": answers}


__all__ = ["AnswerTable", "Column", "FIXED_COLUMNS"]
