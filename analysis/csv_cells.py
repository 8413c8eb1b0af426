"""The distinct cells of one CSV column, and the Dutch line for a cell that is not a valid value.

A column of a story export has few distinct cells (a slider at most 102, a choice a handful), so the cells
are found once per column (in C, by pandas) and only those are parsed and checked in Python; a bad cell is
reported once, at its first row, with how many other rows have it. Shared by the file reader
(:mod:`analysis.csv_table`) and the column builders (:mod:`analysis.csv_columns`).
"""
from __future__ import annotations

import numpy as np

MAX_PROBLEMS = 25  # problem lines shown for a file, and reported per triad column

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


def texts_of(values: np.ndarray) -> np.ndarray:
    """Free-text cells with the missing ones ('' for NaN).

    Parameters
    ----------
    values : numpy.ndarray of object
        A column read as text (str, or NaN for a cell missing from a short row).

    Returns
    -------
    numpy.ndarray of object
        The same cells, '' where one was missing.
    """
    import pandas as pd

    missing = pd.isna(values)
    return np.where(missing, "", values) if missing.any() else values


def factorize(values) -> tuple[np.ndarray, list[str]]:
    """Codes per row and the distinct cells (stripped, a spreadsheet's protecting apostrophe removed):
    only the distinct cells are then parsed and checked, in Python. Code -1 is a missing cell; every lookup
    built from the distinct cells has one entry more, for it, so ``lookup[codes]`` needs no mask.

    Parameters
    ----------
    values : Factorized or numpy.ndarray of object
        A column as read (:class:`Factorized` for a category column).

    Returns
    -------
    tuple of (numpy.ndarray, list of str)
        The code of every row and the cleaned distinct cells.
    """
    if isinstance(values, Factorized):
        return values.codes, [clean_cell(u) for u in values.uniques]
    import pandas as pd

    codes, uniques = pd.factorize(values)
    return codes, [clean_cell(u) for u in uniques]


def clean_cell(cell: str) -> str:
    """A cell as the checks read it: stripped, and without the apostrophe a spreadsheet puts before a formula.

    Parameters
    ----------
    cell : str

    Returns
    -------
    str
    """
    cell = cell.strip()
    return cell.removeprefix("'")


def bad_cell(problems, column: str, codes: np.ndarray, unique_index: int, cell: str, reason: str) -> None:
    """Add the Dutch line for a distinct cell that is not a valid value: its first row, and how many others.

    Parameters
    ----------
    problems : list of (str, str)
        Where (column, line) pairs are collected.
    column : str
    codes : numpy.ndarray
        The code of every row (:func:`factorize`).
    unique_index : int
        The bad cell's code.
    cell : str
        The cell as written.
    reason : str
        Why it is not valid, in Dutch.
    """
    rows = np.flatnonzero(codes == unique_index)
    if rows.size == 0:
        return  # a fixed category that no row has
    row, count = int(rows[0]) + 2, int(rows.size)
    also = f" (en in {count - 1} andere rijen)" if count > 1 else ""
    problems.append((column, f"rij {row}, kolom {column}: '{cell}' is geen geldige waarde: {reason}{also}"))
