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

import numpy as np

from analysis.csv_cells import MAX_PROBLEMS, Factorized, bad_cell, factorize, texts_of
from analysis.csv_columns import keyed_column, question_columns, week_columns
from analysis.data import COLUMN_BUILDERS, FIXED_COLUMNS, NA, AnswerTable, Column
from analysis.errors import AnalysisError

#: The statuses a story can have (vertelpunt.models.stories.StoryStatus, which this package cannot import).
STATUSES = ("pending", "published", "hidden", "duplicate", "spam")
DEFAULT_STATUSES = ("published",)
REQUIRED = ("role", "week")


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



def _status_rows(cells: dict, statuses, problems) -> np.ndarray | None:
    if "status" not in cells:
        return None
    codes, uniques = factorize(cells["status"])
    allowed = np.zeros(len(uniques) + 1, dtype=bool)  # the last entry: a missing cell (code -1)
    for i, cell in enumerate(uniques):
        if cell not in STATUSES:
            bad_cell(problems, "status", codes, i, cell, f"onbekende status (kies uit {', '.join(STATUSES)})")
        allowed[i] = statuses is None or cell in statuses
    return allowed[codes]


def _build(cells: dict, form: dict, questions: dict, problems) -> AnswerTable:
    """The table's columns from the cells of every row (row i of the arrays is row i + 2 of the file)."""
    n = len(cells["role"])
    columns: dict[str, Column] = {}
    role_keys = {role["key"]: role.get("label", role["key"]) for role in form.get("roles", [])}
    columns["role"] = keyed_column("role", "Rol", cells["role"], role_keys, problems, required=True)
    columns["region"] = keyed_column("region", "Regio", cells.get("region", np.full(n, "", dtype=object)), None,
                               problems)
    weeks, period = week_columns(cells["week"], problems)
    columns["period"] = period
    for key, question in questions.items():
        if key not in cells:
            continue
        columns.update(question_columns(question, cells[key], problems))
    public_ids = texts_of(cells["public_id"]) if "public_id" in cells else np.full(n, "", dtype=object)
    texts = tuple(texts_of(cells["text"]).tolist()) if "text" in cells else ()
    return AnswerTable(columns, np.asarray(public_ids, dtype=object), weeks, texts, {"form": form.get("key")})


__all__ = ["DEFAULT_STATUSES", "STATUSES", "CsvProblems", "read_csv_table"]
