"""Ranks without re-sorting: one sort order per column, tie codes and average ranks from counts, so every
pair of a scan reuses its columns' ranking instead of ranking both columns again (see docs/patterns.md, Speed)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def sort_order(x: np.ndarray) -> np.ndarray:
    """The one argsort a numeric column needs (NaN last); ranks of any row subset derive from it.

    Parameters
    ----------
    x : numpy.ndarray
        A numeric column.

    Returns
    -------
    numpy.ndarray of int
    """
    return np.argsort(x, kind="stable")


@dataclass(frozen=True)
class SubsetRanks:
    """Average ranks (ties share their mean rank) of the selected rows, in sorted order."""

    rows: np.ndarray  # original row index of each selected value, in sorted order
    values: np.ndarray  # the selected values, sorted
    ranks: np.ndarray  # their average ranks
    tie_correction: float  # 1 - sum(t^3 - t) / (n^3 - n)


def subset_ranks(x: np.ndarray, order: np.ndarray, selected: np.ndarray) -> SubsetRanks:
    """Rank the selected rows of ``x`` in O(n) using the column's precomputed sort order.

    Parameters
    ----------
    x : numpy.ndarray
        The numeric column.
    order : numpy.ndarray of int
        Its :func:`sort_order`.
    selected : numpy.ndarray of bool
        The rows to rank (all answered).

    Returns
    -------
    SubsetRanks
    """
    rows = order[selected[order]]
    values = x[rows]
    n = values.size
    new_value = np.empty(n, dtype=bool)
    new_value[:1] = True
    np.not_equal(values[1:], values[:-1], out=new_value[1:])
    starts = np.flatnonzero(new_value)
    sizes = np.diff(np.append(starts, n)).astype(float)
    average = starts + (sizes + 1) / 2.0
    ranks = np.repeat(average, sizes.astype(np.int64))
    correction = 1.0 - float(np.sum(sizes ** 3 - sizes)) / (n ** 3 - n) if n > 1 else 0.0
    return SubsetRanks(rows, values, ranks, correction)


class RankedColumn:
    """A numeric column prepared once per scan: every row's *tie code* (the index of its value among the
    column's distinct values, ``len(distinct)`` for a missing row) and, made when first asked for, its sort
    order and the ranks of all its answered rows.

    Average ranks of any subset of rows follow from how many of the subset share each distinct value
    (one ``bincount`` of the tie codes), so no pair sorts or ranks a column again, whatever rows it loses
    (a missing answer in the other column, small groups left out, a random half).
    """

    def __init__(self, values: np.ndarray):
        self.values = values
        self.present = ~np.isnan(values)
        self.n_present = int(self.present.sum())
        self.ties, self.distinct = tie_codes(values, self.present)
        self._order: np.ndarray | None = None
        self._all: SubsetRanks | None = None

    @property
    def order(self) -> np.ndarray:
        """The column's :func:`sort_order` (made on first use).

        Returns
        -------
        numpy.ndarray of int
        """
        if self._order is None:
            self._order = sort_order(self.values)
        return self._order

    def ties_of(self, x: np.ndarray) -> np.ndarray:
        """The tie codes of ``x``: this column, or this column with more rows missing (a restricted copy).

        Parameters
        ----------
        x : numpy.ndarray
            ``values`` itself, or a copy with extra NaN.

        Returns
        -------
        numpy.ndarray of int
        """
        if x is self.values:
            return self.ties
        return np.where(np.isnan(x), self.distinct.size, self.ties)

    def ranks(self, selected: np.ndarray) -> SubsetRanks:
        """Ranks of the selected rows (which must all be answered rows).

        Parameters
        ----------
        selected : numpy.ndarray of bool
            The rows to rank.

        Returns
        -------
        SubsetRanks
        """
        if int(selected.sum()) == self.n_present:
            if self._all is None:
                self._all = subset_ranks(self.values, self.order, self.present)
            return self._all
        return subset_ranks(self.values, self.order, selected)


#: A column whose answered values are whole numbers within this span gets its tie codes by counting, not sorting.
COUNTING_SPAN = 100_000


def tie_codes(values: np.ndarray, present: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per row the index of its value among the sorted distinct values (``len(distinct)`` when missing).

    Parameters
    ----------
    values : numpy.ndarray of float
        NaN = missing.
    present : numpy.ndarray of bool, optional
        ``~isnan(values)``, if known.

    Returns
    -------
    ties : numpy.ndarray of int
    distinct : numpy.ndarray of float
        The distinct answered values, ascending.
    """
    present = ~np.isnan(values) if present is None else present
    answered = values[present]
    if answered.size == 0:
        return np.zeros(values.size, dtype=np.int64), np.empty(0)
    low, high = answered.min(), answered.max()
    if high - low <= COUNTING_SPAN and np.array_equal(answered, np.floor(answered)):
        whole = (answered - low).astype(np.int64)  # sliders: at most 101 values, no sort needed
        occurs = np.bincount(whole) > 0
        codes = (np.cumsum(occurs) - 1)[whole]
        distinct = np.flatnonzero(occurs) + low
    else:
        distinct, codes = np.unique(answered, return_inverse=True)
    ties = np.full(values.size, distinct.size, dtype=np.int64)
    ties[present] = codes
    return ties, distinct.astype(float)


def average_ranks(counts: np.ndarray) -> np.ndarray:
    """The average rank (1-based) of each tie group, from the number of values in each, in value order.

    Parameters
    ----------
    counts : numpy.ndarray
        Values per distinct value, ascending by value (zeros allowed).

    Returns
    -------
    numpy.ndarray of float
    """
    counts = np.asarray(counts, dtype=float)
    return np.cumsum(counts) - (counts - 1.0) / 2.0


def tie_correction(counts: np.ndarray, n: float) -> float:
    """1 - sum(t^3 - t) / (n^3 - n) over the tie groups' sizes t (0 for n < 2).

    Parameters
    ----------
    counts : numpy.ndarray
    n : float
        ``counts.sum()``.

    Returns
    -------
    float
    """
    if n < 2:
        return 0.0
    counts = np.asarray(counts, dtype=float)
    return 1.0 - float(np.sum(counts ** 3 - counts)) / (n ** 3 - n)


def median_from_counts(counts: np.ndarray, distinct: np.ndarray) -> float:
    """The median of values given as counts per distinct value (the mean of the two middle ones).

    Parameters
    ----------
    counts : numpy.ndarray
        Count per distinct value (ascending values).
    distinct : numpy.ndarray
        The values.

    Returns
    -------
    float
    """
    m = int(counts.sum())
    cumulative = np.cumsum(counts)
    low = distinct[np.searchsorted(cumulative, (m - 1) // 2, side="right")]
    high = distinct[np.searchsorted(cumulative, m // 2, side="right")]
    return float((low + high) / 2.0)


#: A pair's joint count table (tie groups x categories, or tie groups x tie groups) is used when it has at
#: most this many cells or as many as the rows; beyond it (continuous values such as triad shares on many
#: stories) the ranks are gathered per row instead.
