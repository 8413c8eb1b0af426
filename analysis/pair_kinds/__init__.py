"""The kinds of pair a pattern can be, one class each (see :mod:`analysis.pair_kinds.base`).

``resolve`` decides the kind once per pattern, from its two columns; everything downstream (the scan's
test, sentence and story ids, the card's rows, table, texts and chart) asks that one object.
"""
from __future__ import annotations

from analysis.data import AnswerTable, Column
from analysis.pair_kinds.base import CardTexts, PairKind
from analysis.pair_kinds.category_category import CategoryByCategory
from analysis.pair_kinds.numeric_category import NumericByCategory
from analysis.pair_kinds.numeric_numeric import NumericByNumeric
from analysis.errors import AnalysisError

NUMERIC_BY_CATEGORY = NumericByCategory()
CATEGORY_BY_CATEGORY = CategoryByCategory()
NUMERIC_BY_NUMERIC = NumericByNumeric()
KINDS: dict[str, PairKind] = {kind.name: kind for kind in (NUMERIC_BY_CATEGORY, CATEGORY_BY_CATEGORY, NUMERIC_BY_NUMERIC)}


def resolve(first: Column, second: Column) -> tuple[PairKind, Column, Column]:
    """The kind of a pair, with its columns in the kind's order.

    Parameters
    ----------
    first, second : Column
        The two columns, in any order.

    Returns
    -------
    kind : PairKind
    first, second : Column
        (number, category) for a number against a category, whichever came first; unchanged otherwise.
    """
    if first.kind == "category" and second.kind == "numeric":
        first, second = second, first
    if first.kind == "numeric":
        return (NUMERIC_BY_CATEGORY if second.kind == "category" else NUMERIC_BY_NUMERIC), first, second
    return CATEGORY_BY_CATEGORY, first, second


def resolve_names(table: AnswerTable, a: str, b: str) -> tuple[PairKind, Column, Column]:
    """:func:`resolve` for two column names of ``table``.

    Parameters
    ----------
    table : AnswerTable
    a, b : str
        Column names (a pattern's ``a`` and ``b``).

    Returns
    -------
    kind : PairKind
    first, second : Column
        As :func:`resolve`.

    Raises
    ------
    ValueError
        With a Dutch message when a column is not in the table.
    """
    for name in (a, b):
        if name not in table.columns:
            raise AnalysisError(f"de kolom '{name}' staat niet in de antwoorden")
    return resolve(table.columns[a], table.columns[b])


__all__ = ["CATEGORY_BY_CATEGORY", "KINDS", "NUMERIC_BY_CATEGORY", "NUMERIC_BY_NUMERIC", "CardTexts", "PairKind",
           "resolve", "resolve_names"]
