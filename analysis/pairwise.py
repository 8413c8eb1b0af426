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
from analysis.distributions import chi2_sf, norm_sf, t_two_sided
from analysis.ranks import RankedColumn, average_ranks, median_from_counts, tie_correction
from analysis.tables import (adjusted_residuals, category_table, expected_ok, merge_neighbours,
                             merge_table_rows, merge_until_valid, merged_scale)

# scipy.stats is imported only for Fisher's exact test: it costs more start-up time than the whole web app;
# the p-values come from scipy.special (analysis.distributions), the same functions scipy.stats calls.


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


TABLE_CELLS = 1 << 16


def numeric_by_category(x: np.ndarray, codes: np.ndarray, categories: tuple[str, ...], min_group: int = DEFAULT_THRESHOLD,
                        ranked_column: RankedColumn | None = None, *, interval: bool = True,
                        scale: np.ndarray | None = None) -> Outcome | None:
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
    scale : numpy.ndarray of int, optional
        For an ordered category column, each category's place on its scale (-1 off the scale,
        :meth:`analysis.data.Column.scale_positions`): a group under ``min_group`` is then merged with its
        smaller neighbour instead of being left out (:func:`merge_neighbours`).

    Returns
    -------
    Outcome or None
        None with fewer than two groups left or when every value is the same.
    """
    if scale is not None:
        counts = np.bincount(codes[(codes >= 0) & ~np.isnan(x)], minlength=len(categories))
        mapping, categories = merge_neighbours(counts, scale, min_group, categories)
        codes = mapping[codes]
    ranked_column = ranked_column or RankedColumn(x)
    ties, distinct = ranked_column.ties_of(x), ranked_column.distinct
    d, k = distinct.size, len(categories)
    if (d + 1) * (k + 1) <= max(TABLE_CELLS, x.size):
        # one count table (tie group x category) holds everything: ranks, group sizes, medians
        table = np.bincount(ties * (k + 1) + (codes + 1), minlength=(d + 1) * (k + 1)).reshape(d + 1, k + 1)[:d, 1:]
        counts = table.sum(axis=0)
    else:
        present = (ties < d) & (codes >= 0)
        counts = np.bincount(codes[present], minlength=k)
        table = per_group = None
    keep = counts >= min_group
    excluded = tuple(categories[i] for i in np.flatnonzero((counts > 0) & ~keep))
    kept = np.flatnonzero(keep)
    if kept.size < 2:
        return None
    if table is not None:
        per_group = table[:, kept].astype(float)
        per_tie = per_group.sum(axis=1)
        n = float(per_tie.sum())
        correction = tie_correction(per_tie, n)
        if correction <= 0:
            return None  # every value identical: nothing to compare
        rank_sums = average_ranks(per_tie) @ per_group
    else:
        selected = present & keep[np.where(codes >= 0, codes, 0)]
        tie_rows = ties[selected]
        per_tie = np.bincount(tie_rows, minlength=d).astype(float)
        n = float(per_tie.sum())
        correction = tie_correction(per_tie, n)
        if correction <= 0:
            return None
        remap = np.full(k, -1)
        remap[kept] = np.arange(kept.size)
        groups = remap[codes[selected]]
        rank_sums = np.bincount(groups, weights=average_ranks(per_tie)[tie_rows], minlength=kept.size)
    sizes = counts[kept].astype(float)
    group_ns = {categories[c]: int(counts[c]) for c in kept}
    names = [categories[c] for c in kept]
    best = _deviating(rank_sums / sizes, (n + 1) / 2.0, names)
    if per_group is not None:
        in_best = per_group[:, best]
    else:
        in_best = np.bincount(tie_rows[groups == best], minlength=d).astype(float)
    highlight = {"group": names[best], "median": median_from_counts(in_best, distinct),
                 "median_rest": median_from_counts(per_tie - in_best, distinct)}
    n = int(n)
    h = (12.0 / (n * (n + 1)) * np.sum(rank_sums ** 2 / sizes) - 3.0 * (n + 1)) / correction
    strength = effects.rank_strength(float(h), n)  # two groups: |z| / sqrt(n - 1), z without continuity correction
    if kept.size == 2:
        u1 = rank_sums[0] - sizes[0] * (sizes[0] + 1) / 2.0
        u_max = max(u1, sizes[0] * sizes[1] - u1)
        mean = sizes[0] * sizes[1] / 2.0
        sd = np.sqrt(sizes[0] * sizes[1] / 12.0 * ((n + 1) - (1 - correction) * (n + 1)))
        pvalue = min(1.0, 2.0 * norm_sf((u_max - mean - 0.5) / sd))
        effect = 2.0 * u1 / (sizes[0] * sizes[1]) - 1.0
        return Outcome("Mann-Whitney U", float(u1), pvalue, "rank-biserial", float(effect), n, group_ns, excluded,
                       highlight, effects.rank_biserial_interval(float(effect), int(sizes[0]), int(sizes[1]))
                       if interval else NO_INTERVAL, strength)
    pvalue = chi2_sf(h, kept.size - 1)
    return Outcome("Kruskal-Wallis", float(h), pvalue, "epsilon-squared", float(h / (n - 1)), n, group_ns, excluded,
                   highlight, effects.epsilon_squared_interval(float(h), int(kept.size), n) if interval else NO_INTERVAL,
                   strength)


def _deviating(mean_ranks: np.ndarray, overall: float, names: list[str]) -> int:
    """The group that deviates most: mean rank furthest from the overall mean rank (the quantity the
    Kruskal-Wallis statistic is built from); of two groups, the one that is not "nee"/"rest"."""
    if len(names) == 2 and names[0] in BACKGROUND_LABELS:
        return 1  # two groups differ equally; name the one that is not "nee"/"rest"
    return int(np.argmax(np.abs(mean_ranks - overall)))


def category_by_category(a: np.ndarray, b: np.ndarray, categories_a: tuple[str, ...], categories_b: tuple[str, ...],
                         min_group: int = DEFAULT_THRESHOLD, *, interval: bool = True, scale_a: np.ndarray | None = None,
                         scale_b: np.ndarray | None = None) -> Outcome | None:
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
    scale_a, scale_b : numpy.ndarray of int, optional
        Scale places of an ordered column's categories (see :func:`numeric_by_category`): its sparse
        categories merge only with a neighbour, before the test and while the expected-count rule fails.

    Returns
    -------
    Outcome or None
        None when fewer than two rows or columns are left.
    """
    ka, kb = len(categories_a), len(categories_b)
    table = category_table(a, b, ka, kb)
    if scale_a is not None:
        mapping, categories_a = merge_neighbours(table.sum(axis=1), scale_a, min_group, categories_a)
        table, scale_a = merge_table_rows(table, mapping, len(categories_a)), merged_scale(scale_a, mapping)
    if scale_b is not None:
        mapping, categories_b = merge_neighbours(table.sum(axis=0), scale_b, min_group, categories_b)
        table, scale_b = merge_table_rows(table.T, mapping, len(categories_b)).T, merged_scale(scale_b, mapping)
    rows, cols = table.sum(axis=1) >= min_group, table.sum(axis=0) >= min_group
    excluded = tuple(categories_a[i] for i in np.flatnonzero((table.sum(axis=1) > 0) & ~rows)) + tuple(
        categories_b[j] for j in np.flatnonzero((table.sum(axis=0) > 0) & ~cols))
    table = table[rows][:, cols]
    labels_a = [categories_a[i] for i in np.flatnonzero(rows)]
    labels_b = [categories_b[j] for j in np.flatnonzero(cols)]
    if min(table.shape) < 2:
        return None
    places_a = None if scale_a is None else list(scale_a[rows])
    places_b = None if scale_b is None else list(scale_b[cols])
    table, labels_a, labels_b = merge_until_valid(table, labels_a, labels_b, places_a, places_b)
    n = float(table.sum())
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / n
    if np.any(expected == 0):
        return None
    chi2 = float(np.sum((table - expected) ** 2 / expected))
    if table.shape == (2, 2) and not expected_ok(expected):
        from scipy import stats  # only here: scipy.stats costs a second to import

        statistic, pvalue = stats.fisher_exact(table)
        if np.any(table == 0):  # the odds ratio is 0 or infinite; report the Haldane-Anscombe estimate
            statistic = float((table[0, 0] + 0.5) * (table[1, 1] + 0.5) / ((table[0, 1] + 0.5) * (table[1, 0] + 0.5)))
        test = "Fisher exact"
    else:
        statistic, pvalue = chi2, chi2_sf(chi2, (table.shape[0] - 1) * (table.shape[1] - 1))
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
    ranked_x, ranked_y = ranked_x or RankedColumn(x), ranked_y or RankedColumn(y)
    tx, ty = ranked_x.ties_of(x), ranked_y.ties_of(y)
    dx, dy = ranked_x.distinct.size, ranked_y.distinct.size
    if (dx + 1) * (dy + 1) <= max(TABLE_CELLS, x.size):
        # one joint count table of the two columns' tie groups gives both rankings and their cross product
        table = np.bincount(tx * (dy + 1) + ty, minlength=(dx + 1) * (dy + 1)).reshape(dx + 1, dy + 1)[:dx, :dy]
        table = table.astype(float)
        along_x, along_y = table.sum(axis=1), table.sum(axis=0)
        n = int(along_x.sum())
        if n < min_n or tie_correction(along_x, n) <= 0 or tie_correction(along_y, n) <= 0:
            return None
        dev_x, dev_y = average_ranks(along_x) - (n + 1) / 2.0, average_ranks(along_y) - (n + 1) / 2.0
        cross = float(dev_x @ table @ dev_y)
        spread = float(along_x @ dev_x ** 2) * float(along_y @ dev_y ** 2)
    else:
        if dy > dx:  # the column with fewer distinct values is y
            tx, ty, dx, dy = ty, tx, dy, dx
        present = (tx < dx) & (ty < dy)
        n = int(present.sum())
        if n < min_n:
            return None
        rows_x, rows_y = tx[present], ty[present]
        along_x, along_y = np.bincount(rows_x, minlength=dx), np.bincount(rows_y, minlength=dy)
        if tie_correction(along_x, n) <= 0 or tie_correction(along_y, n) <= 0:
            return None
        rank_x = average_ranks(along_x)[rows_x] - (n + 1) / 2.0
        dev_y = average_ranks(along_y) - (n + 1) / 2.0
        if (dy + 1) <= max(TABLE_CELLS, x.size) // 4:
            cross = float(np.bincount(rows_y, weights=rank_x, minlength=dy) @ dev_y)
            spread_y = float(along_y @ dev_y ** 2)
        else:
            rank_y = dev_y[rows_y]
            cross, spread_y = float(np.einsum("i,i->", rank_x, rank_y)), float(np.einsum("i,i->", rank_y, rank_y))
        spread = float(np.einsum("i,i->", rank_x, rank_x)) * spread_y
    rho = max(-1.0, min(1.0, cross / np.sqrt(spread)))
    if abs(rho) == 1.0:
        pvalue = 0.0
    else:
        t = rho * np.sqrt((n - 2) / ((1.0 - rho) * (1.0 + rho)))
        pvalue = t_two_sided(t, n - 2)
    return Outcome("Spearman", rho, pvalue, "rho", rho, n, highlight={"direction": "positief" if rho > 0 else "negatief"},
                   interval=effects.rho_interval(rho, n) if interval else NO_INTERVAL, strength=abs(rho))
