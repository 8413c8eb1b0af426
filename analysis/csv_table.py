"""Read a CSV export into an AnswerTable, as strictly as ``vertelpunt stories import`` reads it.

The CSV path of the scan (``vertelpunt patterns --csv``) needs no database, so this module is the only check a
file gets before its rows are counted: a misspelt option key or role would otherwise become "no answer" or a
new category, and a triad cell ``3;5;9`` would read as 300 points. Every problem is reported with its row (the
header is row 1) and column, in Dutch, and nothing is scanned.

Speed: pandas' C parser reads every cell as text (only the columns the table needs; story texts only when
asked for); then each column is *factorized* (its distinct cells found once, in C), and only the distinct
cells are parsed and checked in Python: a slider has at most 102 of them, a choice a handful. Triad cells
(three shares each) are parsed by the same C parser, as a CSV of their own with ``;`` as separator.

Reserved column names are :data:`FIXED_COLUMNS` (docs/form-format.md); every other column must be a question
key of the form.
"""
from __future__ import annotations

import csv
import functools
import io
from dataclasses import replace
from datetime import date

import numpy as np

from analysis.data import (
    CELL_VALUES,
    COLUMN_BUILDERS,
    FIXED_COLUMNS,
    NA,
    AnswerTable,
    Column,
    category_column,
    na_column,
    quarter,
)
from analysis.errors import AnalysisError

#: The statuses a story can have (vertelpunt.models.stories.StoryStatus, which this package cannot import).
STATUSES = ("pending", "published", "hidden", "duplicate", "spam")
DEFAULT_STATUSES = ("published",)
REQUIRED = ("role", "week")
MAX_PROBLEMS = 25
TRIAD_TOLERANCE = 1e-3  # as the app's TriadType.clean: the three shares sum to 1 within this


class CsvProblems(AnalysisError):
    """Everything wrong with a file (at most :data:`MAX_PROBLEMS` lines shown); ``field`` is the first bad
    column, ``problems`` every problem's line. Made with :meth:`of`."""

    def __init__(self, message: str, field: str | None = None, *, problems: list[str] | None = None):
        super().__init__(message, field)
        self.problems = list(problems) if problems else [message]

    @classmethod
    def of(cls, problems: list[tuple[str | None, str]]) -> CsvProblems:
        """The error for a list of (column, line) problems.

        Parameters
        ----------
        problems : list of (str or None, str)

        Returns
        -------
        CsvProblems
        """
        lines = [text for _, text in problems]
        shown = lines[:MAX_PROBLEMS]
        more = len(lines) - len(shown)
        message = "\n".join(shown + ([f"... en nog {more} problemen"] if more > 0 else []))
        return cls(message, problems[0][0], problems=lines)


def read_csv_table(source, form: dict, statuses: tuple[str, ...] | None = DEFAULT_STATUSES, *,
                   texts: bool = True) -> AnswerTable:
    """The stories of a CSV export as an AnswerTable, after checking every cell the table uses.

    Parameters
    ----------
    source : path or text file object
        The export (UTF-8, with or without byte order mark).
    form : dict
        The form definition the export was made with.
    statuses : tuple of str or None
        Only rows with one of these statuses (default: published); None keeps every row. A file without a
        ``status`` column is taken as it is.
    texts : bool
        Also read the story texts (a scan does not need them; cards do).

    Returns
    -------
    AnswerTable

    Raises
    ------
    AnalysisError
        (:class:`CsvProblems`) naming row and column of each bad cell, unknown or missing columns, an
        unknown status asked for.
    """
    for status in statuses or ():
        if status not in STATUSES:
            raise AnalysisError(f"onbekende status '{status}': kies uit {', '.join(STATUSES)}", "status")
    if not isinstance(form, dict) or "modules" not in form:
        raise AnalysisError("form must be a form definition with 'modules'")
    source = _Source(source)
    header = _header(source)
    questions = {q["key"]: q for m in form["modules"] for q in m["questions"]}
    _check_header(header, questions)
    # only the columns the table is made of (a text or place question gives no column: its cells are not read)
    wanted = [name for name in header if name in ("public_id", "role", "week", "status", "region")
              or (texts and name == "text") or (name in questions and questions[name]["type"] in COLUMN_BUILDERS)]
    dtypes = _dtypes(wanted, questions, form)
    frame = source.read(usecols=wanted, dtype=dtypes)
    cells = {name: _cells(frame[name], dtypes[name], source, name) for name in frame.columns}
    problems: list[tuple[str | None, str]] = []
    keep = _status_rows(cells, statuses, problems)
    table = _build(cells, form, questions, problems)  # every row is checked, whatever its status
    if problems:
        raise CsvProblems.of(problems)
    return table if keep is None or keep.all() else table.subset(keep)


class _Source:
    """The file (pandas reads a path itself, in C) or the text of a file object, readable more than once."""

    def __init__(self, source):
        if isinstance(source, (str, bytes)) or hasattr(source, "__fspath__"):
            self.path, self.text = source, None
        else:
            text = source.read()
            self.path, self.text = None, text.removeprefix("\ufeff")

    @functools.cached_property
    def delimiter(self) -> str:
        """',' (Vertelpunt-CSV) or ';' (the spreadsheet export, csv-nl): the header of column names tells."""
        first = self.first_line()
        return ";" if first.count(";") > first.count(",") else ","

    def first_line(self) -> str:
        if self.text is not None:
            return self.text.split("\n", 1)[0]
        with open(self.path, encoding="utf-8-sig", newline="") as handle:
            return handle.readline()

    def read(self, **options):
        import warnings

        import pandas as pd

        try:
            with warnings.catch_warnings():
                # a cell outside a column's fixed categories becomes missing (code -1), which _cells notices
                # and reads that column again as text; pandas warns that it may raise there one day
                warnings.filterwarnings("ignore", message="Constructing a Categorical with a dtype and values")
                return self._read(pd, options)
        except CsvProblems:
            raise
        except (ValueError, TypeError) as error:
            if isinstance(error, pd.errors.ParserError) or "dtype" not in options:
                raise CsvProblems.of([(None, f"het CSV-bestand is niet goed leesbaar: {str(error).strip()}")]) from None
            # such a pandas: let it find each column's categories itself
            loose = {name: ("category" if isinstance(kind, pd.CategoricalDtype) else kind)
                     for name, kind in options["dtype"].items()}
            return self._read(pd, {**options, "dtype": loose})

    def _read(self, pd, options):
        target = io.StringIO(self.text) if self.text is not None else self.path
        try:
            return pd.read_csv(target, na_filter=False, engine="c", skip_blank_lines=False, encoding="utf-8-sig",
                               sep=self.delimiter, **options)
        except (pd.errors.ParserError, csv.Error, UnicodeDecodeError) as error:
            raise CsvProblems.of([(None, f"het CSV-bestand is niet goed leesbaar: {str(error).strip()}")]) from None


def _header(source: _Source) -> list[str]:
    try:
        header = next(csv.reader([source.first_line()], delimiter=source.delimiter), [])
    except (csv.Error, UnicodeDecodeError):
        header = []
    if not header:
        raise CsvProblems.of([(None, "rij 1: het bestand is leeg of heeft geen kopregel")])
    return [name.strip() for name in header]


def _check_header(header: list[str], questions: dict) -> None:
    problems = []
    known = set(FIXED_COLUMNS) | set(questions)
    unknown = [name for name in header if name not in known]
    if unknown:
        problems.append((unknown[0], f"rij 1: onbekende kolommen {', '.join(unknown)} (niet in de vragenset; "
                                     "gereserveerd zijn " + ", ".join(FIXED_COLUMNS) + ")"))
    for name in REQUIRED:
        if name not in header:
            problems.append((name, f"rij 1: de kolom '{name}' ontbreekt"))
    if len(set(header)) != len(header):
        double = sorted({name for name in header if header.count(name) > 1})
        problems.append((double[0], f"rij 1: de kolom {', '.join(double)} staat er twee keer"))
    if problems:
        raise CsvProblems.of(problems)


class Factorized:
    """A column of few distinct cells: per row the index of its cell (-1: missing from a short row), and
    the distinct cells."""

    def __init__(self, codes: np.ndarray, uniques: list[str]):
        self.codes, self.uniques = codes, uniques

    def __len__(self) -> int:
        return len(self.codes)

    def per_row(self) -> np.ndarray:
        """Every row's cell.

        Returns
        -------
        numpy.ndarray of object
            The cells as str ('' when missing).
        """
        return np.array(self.uniques + [""], dtype=object)[np.where(self.codes >= 0, self.codes, len(self.uniques))]


#: The cells a slider column normally holds; read as a category of these, the C parser does all the work.
SLIDER_CELLS = ("", NA) + tuple(str(value) for value in range(101))


def _dtypes(names: list[str], questions: dict, form: dict) -> dict:
    """How pandas reads each column: text for free text and triads, else a category (of the cells it
    should hold, where those are known: then a row of the usual cells costs the parser almost nothing)."""
    import pandas as pd

    known = {"role": [r["key"] for r in form.get("roles", [])], "status": list(STATUSES)}
    for key, question in questions.items():
        if question["type"] == "slider":
            known[key] = list(SLIDER_CELLS)
        elif question["type"] == "single_choice":
            known[key] = [o["key"] for o in question["options"]]
    dtypes = {}
    for name in names:
        few_cells = name in ("role", "week", "status", "region") or (
            name in questions and questions[name]["type"] in ("slider", "single_choice", "multi_choice"))
        if not few_cells:
            dtypes[name] = object
        elif name in known:
            dtypes[name] = pd.CategoricalDtype(list(dict.fromkeys([""] + known[name])))
        else:
            dtypes[name] = "category"
    return dtypes


def _cells(series, dtype, source: _Source, name: str):
    """A category column as :class:`Factorized`; a free-text column as an object array (str, or NaN for a
    cell missing from a short row). A column read with fixed categories that has other cells (a typo, a
    decimal slider value, a short row) is read again as text, so the checks see every cell as written."""
    import pandas as pd

    if not isinstance(series.dtype, pd.CategoricalDtype):
        return series.to_numpy(dtype=object)
    codes = series.cat.codes.to_numpy()  # int8 or int16; -1 indexes the "missing" entry every lookup ends with
    if isinstance(dtype, pd.CategoricalDtype) and codes.size and codes.min() < 0:
        return source.read(usecols=[name], dtype=object)[name].to_numpy(dtype=object)
    # fixed categories may include cells no row has (""; a role nobody told in): checks skip those
    # (_bad), and role and region keep only the keys that occur (_keyed)
    return Factorized(codes, [str(c) for c in series.cat.categories])


def _texts(values: np.ndarray) -> np.ndarray:
    """Free-text cells with the missing ones ('' for NaN)."""
    import pandas as pd

    missing = pd.isna(values)
    return np.where(missing, "", values) if missing.any() else values


def _factorize(values) -> tuple[np.ndarray, list[str]]:
    """Codes per row and the distinct cells (stripped, a spreadsheet's protecting apostrophe removed):
    only the distinct cells are then parsed and checked, in Python. Code -1 is a missing cell; every lookup
    built from the distinct cells has one entry more, for it, so ``lookup[codes]`` needs no mask."""
    if isinstance(values, Factorized):
        return values.codes, [_clean_cell(u) for u in values.uniques]
    import pandas as pd

    codes, uniques = pd.factorize(values)
    return codes, [_clean_cell(u) for u in uniques]


def _clean_cell(cell: str) -> str:
    cell = cell.strip()
    return cell.removeprefix("'")


def _bad(problems, column: str, codes: np.ndarray, unique_index: int, cell: str, reason: str) -> None:
    rows = np.flatnonzero(codes == unique_index)
    if rows.size == 0:
        return  # a fixed category that no row has
    row, count = int(rows[0]) + 2, int(rows.size)
    also = f" (en in {count - 1} andere rijen)" if count > 1 else ""
    problems.append((column, f"rij {row}, kolom {column}: '{cell}' is geen geldige waarde: {reason}{also}"))


def _status_rows(cells: dict, statuses, problems) -> np.ndarray | None:
    if "status" not in cells:
        return None
    codes, uniques = _factorize(cells["status"])
    allowed = np.zeros(len(uniques) + 1, dtype=bool)  # the last entry: a missing cell (code -1)
    for i, cell in enumerate(uniques):
        if cell not in STATUSES:
            _bad(problems, "status", codes, i, cell, f"onbekende status (kies uit {', '.join(STATUSES)})")
        allowed[i] = statuses is None or cell in statuses
    return allowed[codes]


def _build(cells: dict, form: dict, questions: dict, problems) -> AnswerTable:
    """The table's columns from the cells of every row (row i of the arrays is row i + 2 of the file)."""
    n = len(cells["role"])
    columns: dict[str, Column] = {}
    role_keys = {role["key"]: role.get("label", role["key"]) for role in form.get("roles", [])}
    columns["role"] = _keyed("role", "Rol", cells["role"], role_keys, problems, required=True)
    columns["region"] = _keyed("region", "Regio", cells.get("region", np.full(n, "", dtype=object)), None,
                               problems)
    weeks, period = _weeks(cells["week"], problems)
    columns["period"] = period
    for key, question in questions.items():
        if key not in cells:
            continue
        builder = _VECTOR_BUILDERS.get(question["type"])
        if builder is not None:
            columns.update(builder(question, cells[key], problems))
        elif question["type"] in COLUMN_BUILDERS:
            columns.update(_generic(question, cells[key], problems))
    public_ids = _texts(cells["public_id"]) if "public_id" in cells else np.full(n, "", dtype=object)
    texts = tuple(_texts(cells["text"]).tolist()) if "text" in cells else ()
    return AnswerTable(columns, np.asarray(public_ids, dtype=object), weeks, texts, {"form": form.get("key")})


def _keyed(name: str, label: str, values: np.ndarray, known: dict | None, problems,
           required: bool = False) -> Column:
    """Role or region: the keys that occur (sorted), each checked against ``known`` when given."""
    codes, uniques = _factorize(values)
    occurs = np.bincount(codes.astype(np.intp) + 1, minlength=len(uniques) + 1)[1:] > 0
    keys = sorted({cell for cell, used in zip(uniques, occurs) if cell and used})
    for i, cell in enumerate(uniques):
        if not cell and required:
            _bad(problems, name, codes, i, cell, "leeg (elke rij heeft een rol)")
        elif cell and known is not None and cell not in known:
            _bad(problems, name, codes, i, cell, f"onbekende rol (kies uit {', '.join(known)})")
    return category_column(name, name, label, codes, uniques, keys, known or {})


def _weeks(values: np.ndarray, problems) -> tuple[np.ndarray, Column]:
    codes, uniques = _factorize(values)
    days = np.full(len(uniques) + 1, np.datetime64("NaT"), dtype="datetime64[D]")
    quarters: list[str | None] = [None] * len(uniques)
    for i, cell in enumerate(uniques):
        if not cell:
            continue
        try:
            day = date.fromisoformat(cell)
        except ValueError:
            _bad(problems, "week", codes, i, cell, "geen datum (JJJJ-MM-DD)")
            continue
        days[i] = np.datetime64(day, "D")
        quarters[i] = quarter(day)
    weeks = days[codes]  # code -1: the last entry, NaT
    keys = sorted({q for q in quarters if q})
    period = category_column("period", "period", "Periode", codes, quarters, keys, {}, ordered=True)
    return weeks, period


def _slider(question: dict, values: np.ndarray, problems) -> dict[str, Column]:
    key = question["key"]
    codes, uniques = _factorize(values)
    numbers = np.full(len(uniques) + 1, np.nan)
    is_na = np.zeros(len(uniques) + 1, dtype=bool)
    allow_na = question.get("allow_na", True)
    for i, cell in enumerate(uniques):
        if not cell:
            continue
        if cell.lower() == NA:
            if not allow_na:
                _bad(problems, key, codes, i, cell, "bij deze vraag bestaat geen n.v.t.")
            is_na[i] = True
            continue
        try:
            number = float(cell)
        except ValueError:
            _bad(problems, key, codes, i, cell, "geen getal van 0 tot en met 100 (of nvt)")
            continue
        if not 0 <= number <= 100:
            _bad(problems, key, codes, i, cell, "buiten 0..100")
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
    codes, uniques = _factorize(values)
    for i, cell in enumerate(uniques):
        if cell and cell not in options:
            _bad(problems, key, codes, i, cell, f"onbekende optie (kies uit {', '.join(options)})")
    labels = {o["key"]: o["label"] for o in question["options"]}
    column = category_column(key, key, question["text"], codes, uniques, options, labels,
                             ordered=bool(question.get("ordered")))
    return {key: replace(column, off_scale=tuple(question.get("off_scale") or ()))}


def _multi_choice(question: dict, values: np.ndarray, problems) -> dict[str, Column]:
    key = question["key"]
    options = [o["key"] for o in question["options"]]
    codes, uniques = _factorize(values)
    # per distinct cell: -1 (no answer), or 0/1 per option ("nee"/"ja")
    chosen = np.full((len(uniques) + 1, len(options)), -1, dtype=np.int64)
    for i, cell in enumerate(uniques):
        if not cell:
            continue
        parts = [part.strip() for part in cell.split(";") if part.strip()]
        unknown = [part for part in parts if part not in options]
        if unknown:
            _bad(problems, key, codes, i, cell, f"onbekende optie '{unknown[0]}' (kies uit {', '.join(options)})")
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
    stripped = _texts(values)
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
        cell = _clean_cell(cell)
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

__all__ = ["DEFAULT_STATUSES", "STATUSES", "CsvProblems", "read_csv_table"]
