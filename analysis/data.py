"""AnswerTable: the answers of a set of stories as one array per column.

Columns are typed once, so the scan never loops over stories in Python:
- ``numeric``: sliders (0..100, NaN for not answered / n.v.t.) and triad corners (share 0..1);
- ``category``: integer codes (-1 = missing) with their keys and labels: single choice, role, region,
  period (quarter of the week told), every multiple-choice option as a yes/no column, and for a slider on
  which someone answered n.v.t. a yes/no column ``<key>=nvt`` (n.v.t. is an answer of its own, "who says
  n.v.t. more often", not the same as no answer: a story without an answer is missing there too).

A category column is ``ordered`` when its categories have an order (a single choice marked ``ordered: true``
in the form, such as age bands or a five-point scale; the period): sparse groups are then merged only with a
neighbour, and the scan tests a trend as well (docs/patterns.md).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
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
    ordered: bool = False  # categories in a meaningful order (merge neighbours only, test a trend)
    off_scale: tuple[str, ...] = ()  # categories of an ordered column outside the order ("Weet ik niet")

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

    def scale_positions(self) -> np.ndarray | None:
        """For an ordered column, each category's place on its scale (-1 for one outside it).

        Returns
        -------
        numpy.ndarray of int or None
            One entry per category; None for an unordered column.
        """
        if not self.ordered:
            return None
        on_scale = np.array([key not in self.off_scale for key in self.categories], dtype=bool)
        return np.where(on_scale, np.cumsum(on_scale) - 1, -1)

    def scale_values(self) -> np.ndarray | None:
        """For an ordered column, each row's place on the scale as a number (NaN: missing or off the scale),
        the variable a trend test correlates with.

        Returns
        -------
        numpy.ndarray of float or None
            None for an unordered column.
        """
        positions = self.scale_positions()
        if positions is None:
            return None
        lookup = np.append(positions, -1).astype(float)
        lookup[lookup < 0] = np.nan
        return lookup[np.where(self.values >= 0, self.values, len(self.categories))]


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
        rows = np.flatnonzero(mask)  # taking rows by index is several times faster than a mask per column
        columns = {name: Column(**{**column.__dict__, "values": column.values.take(rows, axis=0)})
                   for name, column in self.columns.items()}
        texts = tuple(self.texts[i] for i in rows.tolist()) if self.texts else ()
        return AnswerTable(columns, self.public_ids.take(rows, axis=0), self.weeks.take(rows, axis=0), texts, self.meta)

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
        columns["period"] = _category("period", "period", "Periode", [quarter(r.get("week")) for r in records], {},
                                      ordered=True)
        for module in form["modules"]:
            for question in module["questions"]:
                _add_question(columns, question, [r.get("answers", {}) for r in records], n)
        public_ids = np.array([r.get("public_id", "") for r in records], dtype=object)
        texts = tuple(r.get("text", "") for r in records)
        return cls(columns, public_ids, weeks, texts, {"form": form.get("key")})

    @classmethod
    def from_csv(cls, source, form: dict, statuses: tuple[str, ...] | None = ("published",), *,
                 texts: bool = True) -> AnswerTable:
        """Read the CSV export format (one row per story, one column per question key), strictly
        (:func:`analysis.csv_table.read_csv_table`).

        Parameters
        ----------
        source : path or file object
            The CSV export.
        form : dict
            The form definition the export was made with.
        statuses : tuple of str or None
            Only stories with these statuses (default: published; None: all).
        texts : bool
            Also read the story texts.

        Returns
        -------
        AnswerTable

        Raises
        ------
        analysis.errors.AnalysisError
            With a Dutch message naming the row and column of each bad cell, or the missing columns.
        """
        from analysis.csv_table import read_csv_table

        return read_csv_table(source, form, statuses, texts=texts)


def quarter(week) -> str | None:
    """The period of a week: its year and quarter ("2026-K3"), None without a week.

    Parameters
    ----------
    week : datetime.date, str or None

    Returns
    -------
    str or None
    """
    if not week:
        return None
    day = week if isinstance(week, date) else date.fromisoformat(str(week))
    return f"{day.year}-K{(day.month - 1) // 3 + 1}"


def _category(name, question, label, raw, labels: dict, order: list[str] | None = None, ordered: bool = False) -> Column:
    keys = order if order is not None else sorted({v for v in raw if v is not None})
    index = {key: i for i, key in enumerate(keys)}
    codes = np.fromiter((index.get(v, -1) if v is not None else -1 for v in raw), dtype=np.int64, count=len(raw))
    return Column(name, "category", question, label, codes, tuple(keys), tuple(labels.get(k, k) for k in keys),
                  ordered=ordered)


def category_column(name: str, question: str, label: str, codes: np.ndarray, uniques, keys, labels: dict,
                    ordered: bool = False) -> Column:
    """A category column from factorized cells: ``codes`` index ``uniques`` (-1 = empty cell).

    Parameters
    ----------
    name, question, label : str
    codes : numpy.ndarray of int
        Per row the index of its cell in ``uniques``, or -1.
    uniques : sequence of str or None
        The distinct cells; one that is not among ``keys`` (empty, None) counts as missing.
    keys : sequence of str
        The categories, in their order.
    labels : dict of str to str
        Display labels by key.
    ordered : bool

    Returns
    -------
    Column
    """
    index = {key: i for i, key in enumerate(keys)}
    lookup = np.array([index.get(u, -1) for u in uniques] + [-1], dtype=np.int64)
    values = lookup[codes]  # code -1 takes the last entry: missing
    return Column(name, "category", question, label, values, tuple(keys), tuple(labels.get(k, k) for k in keys),
                  ordered=ordered)


NA_CATEGORIES = ("nee", "ja")
NA_LABELS = ("een antwoord", "n.v.t.")


def na_column(question: dict, answered: np.ndarray, said_na: np.ndarray) -> Column:
    """The yes/no column "answered n.v.t." of a slider: ja, nee (gave a number) or missing (no answer).

    Parameters
    ----------
    question : dict
        The slider's definition.
    answered : numpy.ndarray of bool
        Rows with a number or n.v.t.
    said_na : numpy.ndarray of bool
        Rows with n.v.t.

    Returns
    -------
    Column
        Named ``<key>=nvt``.
    """
    key = question["key"]
    values = np.where(answered, said_na.astype(np.int64), -1)
    return Column(f"{key}={NA}", "category", key, f"{question['text']} – n.v.t.", values, NA_CATEGORIES, NA_LABELS)


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
    columns = {key: Column(key, "numeric", key, question["text"], values, left=question.get("left"),
                           right=question.get("right"))}
    said_na = np.fromiter((a.get(key) == NA for a in answers), dtype=bool, count=n)
    if said_na.any():
        columns[f"{key}={NA}"] = na_column(question, said_na | ~np.isnan(values), said_na)
    return columns


def _single_choice_columns(question: dict, answers: list[dict], n: int) -> dict[str, Column]:
    key, options = question["key"], question["options"]
    column = _category(key, key, question["text"], [a.get(key) for a in answers],
                       {o["key"]: o["label"] for o in options}, [o["key"] for o in options],
                       ordered=bool(question.get("ordered")))
    return {key: replace(column, off_scale=tuple(question.get("off_scale") or ()))}


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


__all__ = ["AnswerTable", "Column", "FIXED_COLUMNS"]
