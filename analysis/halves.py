"""The scan's test of one pair in every half of every split at once (for :mod:`analysis.confirmation`).

Testing a pair again on a half costs as much as the first test (ranking, masking, allocating n values), and
confirmation needs it for two halves of ten splits. But the ranks of a subset follow from counts: within a
half, the average rank of a run of tied values is the number of half-members below it plus (its count + 1) / 2.
So per pair the rows are sorted once (the scan's cached order), each split only counts its members per tied
value (and per category) with one ``bincount``, and every statistic of every half comes from those small
count tables: Kruskal-Wallis / Mann-Whitney from (tied value x category) counts (or, for values with
hardly any ties, from each half's ranks summed per category), Spearman from (tied x value x tied y value)
counts, chi-square from the contingency table. Half B's counts are the pair's counts minus half A's.

The results equal :mod:`analysis.pairwise` on the masked columns (tests/stats/test_confirmation.py compares
them); where a half needs what only pairwise does (merging sparse categories, Fisher's exact test) or the
count table would be too large (continuous values with hardly any ties), that half returns ``FALLBACK`` and
the caller runs the ordinary test.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis import effects, pairwise
from analysis.distributions import chi2_sf, norm_sf, t_two_sided

FALLBACK = object()  # this half needs the ordinary test
MAX_CELLS = 4_000_000  # cells of a count table (halves x tied values x categories, or halves x stories) at most


@dataclass(frozen=True)
class HalfOutcome:
    """What confirmation needs of a test: its p-value, effect, strength (analysis.effects) and n."""

    pvalue: float
    effect_name: str
    effect_size: float
    n: int
    strength: float


def _count_by(keys: np.ndarray, members: np.ndarray, size: int) -> np.ndarray:
    """(len(members), size) counts (or sums of float ``members``) of ``keys`` per row of ``members``: one
    sparse product for all rows instead of a boolean copy and a bincount per row."""
    from scipy import sparse

    one_hot = sparse.csr_matrix((np.ones(keys.size), (np.arange(keys.size), keys)), shape=(keys.size, size))
    return np.asarray(members.astype(float) @ one_hot)


def _split_counts(keys: np.ndarray, halves: np.ndarray, size: int) -> np.ndarray:
    """(2 * splits, size) counts of ``keys`` among each half A (rows of ``halves``) and then each half B."""
    total = np.bincount(keys, minlength=size).astype(float)
    in_a = _count_by(keys, halves, size)
    return np.concatenate([in_a, total[None, :] - in_a])


def _ties(sorted_values: np.ndarray) -> tuple[np.ndarray, int]:
    """Tie-group number of each sorted value, and the number of groups."""
    new = np.ones(sorted_values.size, dtype=bool)
    np.not_equal(sorted_values[1:], sorted_values[:-1], out=new[1:])
    groups = np.cumsum(new) - 1
    return groups, int(groups[-1]) + 1 if groups.size else 0


def _average_ranks(counts: np.ndarray) -> np.ndarray:
    """Average rank of each tie group (last axis, in value order) from its count in the subset."""
    return np.cumsum(counts, axis=-1) - counts + (counts + 1) / 2.0


def numeric_by_category(x: np.ndarray, codes: np.ndarray, n_categories: int, min_group: int, order: np.ndarray,
                        halves: np.ndarray) -> list:
    """Kruskal-Wallis or Mann-Whitney U (as pairwise.numeric_by_category) in every half: a list of
    2 * splits outcomes (None = not testable, FALLBACK = use the ordinary test).

    Parameters
    ----------
    x : numpy.ndarray of float
        The numbers (NaN = missing).
    codes : numpy.ndarray of int
        The choice's codes (-1 = missing).
    n_categories, min_group : int
    order : numpy.ndarray of int
        Stable argsort of ``x`` (NaN last).
    halves : numpy.ndarray of bool, shape (splits, n)

    Returns
    -------
    list
        HalfOutcome, None or FALLBACK per half: the halves A, then the halves B.
    """
    present = ~np.isnan(x) & (codes >= 0)
    rows = order[present[order]]
    ties, n_ties = _ties(x[rows])
    count = 2 * len(halves)
    if n_ties == 0:
        return [FALLBACK] * count
    categories = codes[rows]
    if n_ties * n_categories <= 2 * rows.size and count * n_ties * n_categories <= MAX_CELLS:
        # many ties (sliders: at most 101 values): everything from (tied value x category) counts
        table = _split_counts(ties * n_categories + categories, halves[:, rows],
                              n_ties * n_categories).reshape(count, n_ties, n_categories)
        sizes = table.sum(axis=1)  # (halves, categories)
        kept = sizes >= min_group
        table = table * kept[:, None, :]
        per_tie = table.sum(axis=2)
        rank_sums = np.einsum("hg,hgc->hc", _average_ranks(per_tie), table)
    elif count * rows.size <= MAX_CELLS:
        # hardly any ties (triad shares): ranks per story in each half, summed per category
        members = np.concatenate([halves[:, rows], ~halves[:, rows]])
        sizes = _count_by(categories, members, n_categories)
        kept = sizes >= min_group
        members &= kept[:, categories]
        starts = np.flatnonzero(np.diff(ties, prepend=-1))
        per_tie = np.add.reduceat(members, starts, axis=1, dtype=np.int64).astype(float)
        rank_sums = _count_by(categories, _average_ranks(per_tie)[:, ties] * members, n_categories)
    else:
        return [FALLBACK] * count
    n = per_tie.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        tie_correction = 1.0 - (per_tie ** 3 - per_tie).sum(axis=1) / (n ** 3 - n)
    outcomes = []
    for h in range(count):
        groups = np.flatnonzero(kept[h])
        if groups.size < 2 or not tie_correction[h] > 0:
            outcomes.append(None)
            continue
        size, total, correction = sizes[h, groups], n[h], tie_correction[h]
        sums = rank_sums[h, groups]
        h_stat = (12.0 / (total * (total + 1)) * np.sum(sums ** 2 / size) - 3.0 * (total + 1)) / correction
        strength = effects.rank_strength(float(h_stat), int(total))
        if groups.size == 2:
            u1 = sums[0] - size[0] * (size[0] + 1) / 2.0
            u_max = max(u1, size[0] * size[1] - u1)
            sd = np.sqrt(size[0] * size[1] / 12.0 * ((total + 1) - (1 - correction) * (total + 1)))
            pvalue = min(1.0, 2.0 * norm_sf((u_max - size[0] * size[1] / 2.0 - 0.5) / sd))
            outcomes.append(HalfOutcome(pvalue, "rank-biserial", float(2.0 * u1 / (size[0] * size[1]) - 1.0),
                                        int(total), strength))
            continue
        outcomes.append(HalfOutcome(chi2_sf(h_stat, groups.size - 1), "epsilon-squared",
                                    float(h_stat / (total - 1)), int(total), strength))
    return outcomes


def category_by_category(a: np.ndarray, b: np.ndarray, ka: int, kb: int, min_group: int, halves: np.ndarray) -> list:
    """Pearson chi-square with bias-corrected Cramer's V (as pairwise.category_by_category) in every half
    whose table passes the expected-count rule as it is; FALLBACK for halves that need merging or Fisher.

    Parameters
    ----------
    a, b : numpy.ndarray of int
        Codes (-1 = missing).
    ka, kb, min_group : int
    halves : numpy.ndarray of bool, shape (splits, n)

    Returns
    -------
    list
        As :func:`numeric_by_category`.
    """
    present = (a >= 0) & (b >= 0)
    keys = a[present] * kb + b[present]
    tables = _split_counts(keys, halves[:, present], ka * kb).reshape(-1, ka, kb)
    outcomes = []
    for table in tables:
        table = table[table.sum(axis=1) >= min_group][:, table.sum(axis=0) >= min_group]
        if min(table.shape) < 2:
            outcomes.append(None)
            continue
        n = table.sum()
        expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / n
        if not (np.mean(expected >= 5) >= 0.8 and np.all(expected >= 1)):
            outcomes.append(FALLBACK)
            continue
        chi2 = float(np.sum((table - expected) ** 2 / expected))
        df = (table.shape[0] - 1) * (table.shape[1] - 1)
        v = pairwise.cramers_v(chi2, table.shape, n)
        outcomes.append(HalfOutcome(chi2_sf(chi2, df), "Cramer's V", v, int(n),
                                    effects.cohens_w(v, table.shape)))
    return outcomes


def numeric_by_numeric(x: np.ndarray, y: np.ndarray, min_n: int, order_x: np.ndarray, order_y: np.ndarray,
                       halves: np.ndarray) -> list:
    """Spearman's rho (as pairwise.numeric_by_numeric) in every half, from (x tie group x y tie group)
    counts; FALLBACK when the values have so few ties that the count table would be too large.

    Parameters
    ----------
    x, y : numpy.ndarray of float
    min_n : int
    order_x, order_y : numpy.ndarray of int
        Stable argsorts (NaN last).
    halves : numpy.ndarray of bool, shape (splits, n)

    Returns
    -------
    list
        As :func:`numeric_by_category`.
    """
    present = ~np.isnan(x) & ~np.isnan(y)
    rows_x, rows_y = order_x[present[order_x]], order_y[present[order_y]]
    ties_x, n_x = _ties(x[rows_x])
    ties_y, n_y = _ties(y[rows_y])
    count = 2 * len(halves)
    if count * n_x * n_y > MAX_CELLS or n_x == 0 or n_y == 0:
        return [FALLBACK] * count
    tie_y = np.empty(x.size, dtype=np.int64)
    tie_y[rows_y] = ties_y
    keys = ties_x * n_y + tie_y[rows_x]
    table = _split_counts(keys, halves[:, rows_x], n_x * n_y).reshape(count, n_x, n_y)
    along_x, along_y = table.sum(axis=2), table.sum(axis=1)
    n = along_x.sum(axis=1)
    centre = (n + 1) / 2.0
    dev_x = _average_ranks(along_x) - centre[:, None]
    dev_y = _average_ranks(along_y) - centre[:, None]
    cross = np.einsum("hi,hij,hj->h", dev_x, table, dev_y)
    spread_x = np.einsum("hi,hi->h", dev_x ** 2, along_x)
    spread_y = np.einsum("hj,hj->h", dev_y ** 2, along_y)
    outcomes = []
    for h in range(count):
        if n[h] < min_n or spread_x[h] <= 0 or spread_y[h] <= 0:
            outcomes.append(None)
            continue
        rho = max(-1.0, min(1.0, float(cross[h] / np.sqrt(spread_x[h] * spread_y[h]))))
        if abs(rho) == 1.0:
            pvalue = 0.0
        else:
            t = rho * np.sqrt((n[h] - 2) / ((1.0 - rho) * (1.0 + rho)))
            pvalue = t_two_sided(t, n[h] - 2)
        outcomes.append(HalfOutcome(pvalue, "rho", rho, int(n[h]), abs(rho)))
    return outcomes


def for_pair(first, second, min_group: int, min_pair_n: int, orders, halves: np.ndarray) -> list:
    """Every half's outcome for the pair ``first`` x ``second`` (analysis.data.Column objects, in the
    scan's order: number before choice); ``orders[name].order`` is a numeric column's sort order.
    The first ``len(halves)`` outcomes are the halves A, the rest the halves B.

    Parameters
    ----------
    first, second : analysis.data.Column
    min_group, min_pair_n : int
    orders : mapping
    halves : numpy.ndarray of bool, shape (splits, n)

    Returns
    -------
    list
    """
    if getattr(first, "ordered", False) or getattr(second, "ordered", False):
        # an ordered column's sparse groups merge with a neighbour in each half anew: the pair's own test does that
        return [FALLBACK] * (2 * len(halves))
    if first.kind == "numeric" and second.kind == "category":
        return numeric_by_category(first.values, second.values, len(second.categories), min_group,
                                   orders[first.name].order, halves)
    if first.kind == "category":
        return category_by_category(first.values, second.values, len(first.categories), len(second.categories),
                                    min_group, halves)
    return numeric_by_numeric(first.values, second.values, min_pair_n, orders[first.name].order,
                              orders[second.name].order, halves)
