"""The test for each kind of pair, with its effect size and what stands out.

- numeric x category: Kruskal-Wallis (Mann-Whitney U, two-sided, asymptotic with continuity correction,
  for two groups); effect epsilon-squared = H / (n - 1) (rank-biserial r = 2U/(n1 n2) - 1 for two groups);
  highlight: the group whose median differs most from the median of the rest.
- category x category: Pearson chi-square without continuity correction when at least 80% of expected
  counts are >= 5 (and none below 1); otherwise the sparsest categories are merged, and a 2x2 table that
  still fails the rule gets Fisher's exact test. Effect: bias-corrected Cramer's V (Bergsma 2013);
  highlight: the cell with the largest adjusted standardized residual.
- numeric x numeric: Spearman's rho (average ranks for ties).
Groups with fewer than ``min_group`` stories are left out of the test and reported as excluded.
Every outcome carries its effect's 95% interval and its strength on one scale (:mod:`analysis.effects`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from analysis import effects
from analysis.disclosure import DEFAULT_THRESHOLD

# scipy.stats is imported in the functions that use it: it costs more start-up time than the whole
# web app, and most processes (the CLI, most pages) never test a pair.


NO_INTERVAL = (math.nan, math.nan)  # what an outcome tested without its interval carries

# Categories that are the background of a yes/no or group-versus-rest column, never the news itself.
BACKGROUND_LABELS = ("nee", "rest")


@dataclass(frozen=True)
class Outcome:
    test: str
    statistic: float
    pvalue: float
    effect_name: str
    effect_size: float
    n: int
    group_ns: dict = field(default_factory=dict)
    excluded: tuple = ()
    highlight: dict = field(default_factory=dict)
    interval: tuple[float, float] = NO_INTERVAL  # 95% interval of effect_size
    strength: float = math.nan  # the r-equivalent all tests are ranked and classed on


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
    """A numeric column with its sort order and, cached, the ranks of all its answered rows.

    Most pairs use every answered row, so their ranks come from the cache; pairs that lose rows (missing
    category, small groups left out, a stability half) rank their subset in O(n) from the same order.
    """

    def __init__(self, values: np.ndarray):
        self.values = values
        self.order = sort_order(values)
        self.present = ~np.isnan(values)
        self.n_present = int(self.present.sum())
        self._all: SubsetRanks | None = None

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


def _median(sorted_values: np.ndarray) -> float:
    n = sorted_values.size
    return float((sorted_values[(n - 1) // 2] + sorted_values[n // 2]) / 2.0)


def numeric_by_category(x: np.ndarray, codes: np.ndarray, categories: tuple[str, ...], min_group: int = DEFAULT_THRESHOLD,
                        ranked_column: RankedColumn | None = None, *, interval: bool = True) -> Outcome | None:
    """Compare a numeric column across the groups of a category column.

    Parameters
    ----------
    x : numpy.ndarray
        The numeric column (NaN = missing).
    codes : numpy.ndarray of int
        The category codes (-1 = missing).
    categories : tuple of str
        The category keys, by code.
    min_group : int
        Groups with fewer stories are left out and listed in ``excluded``.
    ranked_column : RankedColumn, optional
        The column's cached sort order (the scan shares one per column).
    interval : bool
        Compute the effect's 95% interval (a check on a random half does not need it; NaN then).

    Returns
    -------
    Outcome or None
        None with fewer than two groups left or when every value is the same.
    """
    from scipy import stats

    present = ~np.isnan(x) & (codes >= 0)
    counts = np.bincount(codes[present], minlength=len(categories))
    keep = counts >= min_group
    excluded = tuple(categories[i] for i in np.flatnonzero((counts > 0) & ~keep))
    kept = np.flatnonzero(keep)
    if kept.size < 2:
        return None
    selected = present & keep[np.where(codes >= 0, codes, 0)]
    ranked = (ranked_column or RankedColumn(x)).ranks(selected)
    if ranked.tie_correction <= 0:
        return None  # every value identical: nothing to compare
    remap = np.full(len(categories), -1)
    remap[kept] = np.arange(kept.size)
    groups = remap[codes[ranked.rows]]
    n = ranked.values.size
    sizes = counts[kept].astype(float)
    rank_sums = np.bincount(groups, weights=ranked.ranks, minlength=kept.size)
    group_ns = {categories[c]: int(counts[c]) for c in kept}
    highlight = _deviating_group(ranked.values, groups, rank_sums / sizes, (n + 1) / 2.0, [categories[c] for c in kept])
    h = (12.0 / (n * (n + 1)) * np.sum(rank_sums ** 2 / sizes) - 3.0 * (n + 1)) / ranked.tie_correction
    strength = effects.rank_strength(float(h), n)  # two groups: |z| / sqrt(n - 1), z without continuity correction
    if kept.size == 2:
        u1 = rank_sums[0] - sizes[0] * (sizes[0] + 1) / 2.0
        u_max = max(u1, sizes[0] * sizes[1] - u1)
        mean = sizes[0] * sizes[1] / 2.0
        sd = np.sqrt(sizes[0] * sizes[1] / 12.0 * ((n + 1) - (1 - ranked.tie_correction) * (n + 1)))
        pvalue = float(min(1.0, 2.0 * stats.norm.sf((u_max - mean - 0.5) / sd)))
        effect = 2.0 * u1 / (sizes[0] * sizes[1]) - 1.0
        return Outcome("Mann-Whitney U", float(u1), pvalue, "rank-biserial", float(effect), n, group_ns, excluded,
                       highlight, effects.rank_biserial_interval(float(effect), int(sizes[0]), int(sizes[1]))
                       if interval else NO_INTERVAL, strength)
    pvalue = float(stats.chi2.sf(h, kept.size - 1))
    return Outcome("Kruskal-Wallis", float(h), pvalue, "epsilon-squared", float(h / (n - 1)), n, group_ns, excluded,
                   highlight, effects.epsilon_squared_interval(float(h), int(kept.size), n) if interval else NO_INTERVAL,
                   strength)


def _deviating_group(sorted_values: np.ndarray, groups: np.ndarray, mean_ranks: np.ndarray, overall: float,
                     names: list[str]) -> dict:
    """The group that deviates most (mean rank furthest from the overall mean rank, the quantity the
    Kruskal-Wallis statistic is built from), with its median and the median of all other groups."""
    if len(names) == 2 and names[0] in BACKGROUND_LABELS:
        best = 1  # two groups differ equally; name the one that is not "nee"/"rest"
    else:
        best = int(np.argmax(np.abs(mean_ranks - overall)))
    in_group = groups == best
    return {"group": names[best], "median": _median(sorted_values[in_group]),
            "median_rest": _median(sorted_values[~in_group])}


def category_by_category(a: np.ndarray, b: np.ndarray, categories_a: tuple[str, ...], categories_b: tuple[str, ...],
                         min_group: int = DEFAULT_THRESHOLD, *, interval: bool = True) -> Outcome | None:
    """Test the association of two category columns on their contingency table.

    Parameters
    ----------
    a, b : numpy.ndarray of int
        The two category columns' codes (-1 = missing).
    categories_a, categories_b : tuple of str
        Their keys, by code.
    min_group : int
        Rows and columns with fewer stories are left out and listed in ``excluded``.
    interval : bool
        Compute the effect's 95% interval.

    Returns
    -------
    Outcome or None
        None when fewer than two rows or columns are left.
    """
    from scipy import stats

    present = (a >= 0) & (b >= 0)
    ka, kb = len(categories_a), len(categories_b)
    table = np.bincount(a[present] * kb + b[present], minlength=ka * kb).reshape(ka, kb).astype(float)
    rows, cols = table.sum(axis=1) >= min_group, table.sum(axis=0) >= min_group
    excluded = tuple(categories_a[i] for i in np.flatnonzero((table.sum(axis=1) > 0) & ~rows)) + tuple(
        categories_b[j] for j in np.flatnonzero((table.sum(axis=0) > 0) & ~cols))
    table = table[rows][:, cols]
    labels_a = [categories_a[i] for i in np.flatnonzero(rows)]
    labels_b = [categories_b[j] for j in np.flatnonzero(cols)]
    if min(table.shape) < 2:
        return None
    table, labels_a, labels_b = _merge_until_valid(table, labels_a, labels_b)
    n = float(table.sum())
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / n
    if np.any(expected == 0):
        return None
    chi2 = float(np.sum((table - expected) ** 2 / expected))
    if table.shape == (2, 2) and not _expected_ok(expected):
        statistic, pvalue = stats.fisher_exact(table)
        if np.any(table == 0):  # the odds ratio is 0 or infinite; report the Haldane-Anscombe estimate
            statistic = float((table[0, 0] + 0.5) * (table[1, 1] + 0.5) / ((table[0, 1] + 0.5) * (table[1, 0] + 0.5)))
        test = "Fisher exact"
    else:
        statistic, pvalue = chi2, float(stats.chi2.sf(chi2, (table.shape[0] - 1) * (table.shape[1] - 1)))
        test = "chi-kwadraat"
    residuals = adjusted_residuals(table, expected)
    # In a yes/no column the "ja" and "nee" cells mirror each other; name the "ja" cell.
    preference = np.abs(residuals) - 1e-9 * (np.isin(labels_a, BACKGROUND_LABELS)[:, None] | np.isin(labels_b, BACKGROUND_LABELS)[None, :])
    i, j = np.unravel_index(np.argmax(preference), residuals.shape)
    highlight = {"a": labels_a[i], "b": labels_b[j], "observed": int(table[i, j]), "expected": float(expected[i, j]),
                 "residual": float(residuals[i, j]), "rows": labels_a, "cols": labels_b, "table": table.astype(int).tolist()}
    group_ns = {label: int(total) for label, total in zip(labels_a, table.sum(axis=1))}
    v = cramers_v(chi2, table.shape, n)
    return Outcome(test, float(statistic), float(pvalue), "Cramer's V", v, int(n), group_ns, excluded, highlight,
                   effects.cramers_v_interval(chi2, table.shape, n, v) if interval else NO_INTERVAL,
                   effects.cohens_w(v, table.shape))


def _expected_ok(expected: np.ndarray) -> bool:
    return bool(np.mean(expected >= 5) >= 0.8 and np.all(expected >= 1))


def _merge_until_valid(table, labels_a, labels_b):
    """Merge the sparsest row or column into its smallest neighbour until the expected-count rule holds."""
    while True:
        expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
        if _expected_ok(expected) or table.shape == (2, 2):
            return table, labels_a, labels_b
        row_sums, col_sums = table.sum(axis=1), table.sum(axis=0)
        merge_rows = table.shape[0] > 2 and (table.shape[1] == 2 or row_sums.min() <= col_sums.min())
        if merge_rows:
            table, labels_a = _merge_smallest(table, labels_a)
        else:
            merged, labels_b = _merge_smallest(table.T, labels_b)
            table = merged.T


def _merge_smallest(table, labels):
    sums = table.sum(axis=1)
    first, second = np.argsort(sums, kind="stable")[:2]
    keep = [i for i in range(table.shape[0]) if i != second]
    table = table.copy()
    table[first] += table[second]
    labels = list(labels)
    labels[first] = f"{labels[first]} + {labels[second]}"
    return table[keep], [labels[i] for i in keep]


def adjusted_residuals(table: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Parameters
    ----------
    table : numpy.ndarray
        Observed counts.
    expected : numpy.ndarray
        Expected counts under independence.

    Returns
    -------
    numpy.ndarray
        Haberman's adjusted standardized residual per cell.
    """
    n = table.sum()
    row_share = table.sum(axis=1, keepdims=True) / n
    col_share = table.sum(axis=0, keepdims=True) / n
    return (table - expected) / np.sqrt(expected * (1 - row_share) * (1 - col_share))


def cramers_v(chi2: float, shape: tuple[int, int], n: float) -> float:
    """Bias-corrected Cramer's V (Bergsma 2013): less inflated in small or sparse tables.

    Parameters
    ----------
    chi2 : float
        Pearson's chi-square of the table.
    shape : tuple of int
        (rows, columns).
    n : float
        The table's total.

    Returns
    -------
    float
        0 when the corrected denominator is not positive.
    """
    r, k = shape
    phi2 = max(0.0, chi2 / n - (k - 1) * (r - 1) / (n - 1))
    denominator = effects.cramers_v_denominator(shape, n)
    return float(np.sqrt(phi2 / denominator)) if denominator > 0 else 0.0


def numeric_by_numeric(x: np.ndarray, y: np.ndarray, min_n: int = 20, ranked_x: RankedColumn | None = None,
                       ranked_y: RankedColumn | None = None, *, interval: bool = True) -> Outcome | None:
    """Spearman's rho: the Pearson correlation of average ranks; p from the t distribution (n - 2 df),
    as scipy.stats.spearmanr computes it.

    Parameters
    ----------
    x, y : numpy.ndarray
        The two numeric columns (NaN = missing).
    min_n : int
        Fewer pairs with both answers give None.
    ranked_x, ranked_y : RankedColumn, optional
        The columns' cached sort orders.
    interval : bool
        Compute the effect's 95% interval.

    Returns
    -------
    Outcome or None
        None with too few pairs or a constant column.
    """
    from scipy import stats

    present = ~np.isnan(x) & ~np.isnan(y)
    n = int(present.sum())
    if n < min_n:
        return None
    rank_x = np.empty(x.size)
    rank_y = np.empty(y.size)
    sub_x = (ranked_x or RankedColumn(x)).ranks(present)
    sub_y = (ranked_y or RankedColumn(y)).ranks(present)
    if sub_x.tie_correction <= 0 or sub_y.tie_correction <= 0:
        return None
    rank_x[sub_x.rows] = sub_x.ranks
    rank_y[sub_y.rows] = sub_y.ranks
    rx, ry = rank_x[present] - (n + 1) / 2.0, rank_y[present] - (n + 1) / 2.0
    rho = float(np.dot(rx, ry) / np.sqrt(np.dot(rx, rx) * np.dot(ry, ry)))
    rho = max(-1.0, min(1.0, rho))
    if abs(rho) == 1.0:
        pvalue = 0.0
    else:
        t = rho * np.sqrt((n - 2) / ((1.0 - rho) * (1.0 + rho)))
        pvalue = float(2.0 * stats.t.sf(abs(t), n - 2))
    return Outcome("Spearman", rho, pvalue, "rho", rho, n, highlight={"direction": "positief" if rho > 0 else "negatief"},
                   interval=effects.rho_interval(rho, n) if interval else NO_INTERVAL, strength=abs(rho))
