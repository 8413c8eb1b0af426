"""Is a pattern explained by who tells, where, with what help or when? Stratified tests per notable pattern.

A relation between A and B can exist only because both depend on a third question C (both depend on the kind
of help, but within each kind of help A and B are independent). Such a pattern looks like a finding and is
not one. So every notable pattern is tested again *within* the groups of role, region, kind of help and
period, each on its own:

- two choices: the generalized Cochran-Mantel-Haenszel test of general association (Landis, Heyman & Koch
  1978; as R's ``mantelhaen.test`` for r x c x K tables), df = (r - 1)(c - 1);
- a number and a choice: the Cochran-Mantel-Haenszel mean-score test with modified ridit scores (ranks within
  the stratum divided by n_h + 1): van Elteren's stratified Wilcoxon test for two groups, its k-group
  generalization (a stratified Kruskal-Wallis) otherwise; with one stratum it is exactly Kruskal-Wallis;
- two numbers: partial Spearman correlation (ranks, stratum means removed), t test with n - 2 - (K - 1) df.

Each test gives a *strength* on a correlation-like scale, computed the same way without strata on the same
rows: sqrt(max(0, Q - df) / (n * d)) for the two CMH tests (d = min(r - 1, c - 1) for tables, 1 for the rank
test; minus df because that is what Q is on average without any relation), |rho| for Spearman. A pattern
*disappears* within a stratifier when the stratified p >= alpha **and** the strength within the strata is at
most half the strength without them; it is then "verklaard door <stratifier>".

statsmodels (not installed) covers only the 2 x 2 x K case, and no maintained Python library offers the
generalized CMH, van Elteren or a partial Spearman on strata, so these are implemented here with numpy and
checked against reference computations in tests/stats/test_confounding.py.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from analysis.distributions import chi2_sf, t_two_sided

STRATA = ("role", "region", "help_type", "period")
STRATUM_NAMES = {"role": "rol", "region": "regio", "help_type": "soort hulp", "period": "periode"}
SHRINK = 0.5  # "disappears": the strength within the strata is at most this share of the strength without


@dataclass(frozen=True)
class Stratified:
    test: str
    statistic: float
    df: int
    pvalue: float
    n: int
    strata: int  # strata that carry information (two or more stories)
    strength: float  # within the strata
    strength_all: float  # the same measure on the same rows without strata

    def disappears(self, alpha: float) -> bool:
        """Whether the pattern disappears within the strata (docs/patterns.md).

        Parameters
        ----------
        alpha : float
            The scan's alpha.

        Returns
        -------
        bool
            True when the stratified p is at least ``alpha`` and the strength within the strata is at most
            ``SHRINK`` (half) of the strength without them.
        """
        return bool(self.pvalue >= alpha and self.strength <= SHRINK * self.strength_all)

    def to_dict(self) -> dict:
        """The result as plain JSON values.

        Returns
        -------
        dict
        """
        return asdict(self)


def _dense(codes: np.ndarray) -> tuple[np.ndarray, int]:
    """Non-negative integer codes renumbered 0..K-1 in order of their value (only those that occur), in O(n)."""
    if codes.size == 0:
        return codes.astype(np.int64), 0
    occurs = np.bincount(codes) > 0
    renumber = np.cumsum(occurs) - 1
    return renumber[codes], int(occurs.sum())


def _distinct(codes: np.ndarray) -> int:
    """How many different non-negative integer codes occur."""
    return int(np.count_nonzero(np.bincount(codes))) if codes.size else 0


def _quadratic(difference: np.ndarray, variance: np.ndarray) -> tuple[float, int]:
    """d' V^- d with the Moore-Penrose inverse, and the rank of V (the test's degrees of freedom)."""
    if variance.size == 0:
        return 0.0, 0
    scale = np.abs(variance).max()
    if scale == 0:
        return 0.0, 0
    rank = int(np.linalg.matrix_rank(variance / scale, tol=1e-10))
    if rank == 0:
        return 0.0, 0
    value = float(difference @ np.linalg.pinv(variance, rcond=1e-10, hermitian=True) @ difference)
    return max(0.0, value), rank


def _chi2_sf(statistic: float, df: int) -> float:
    return chi2_sf(statistic, df)


def _strength(statistic: float, df: int, n: int, d: int) -> float:
    return float(np.sqrt(max(0.0, statistic - df) / (n * d))) if n > 0 and d > 0 else 0.0


def cmh_statistic(a: np.ndarray, b: np.ndarray, strata: np.ndarray) -> tuple[float, int, int]:
    """Generalized CMH statistic of general association for codes ``a`` x ``b`` within ``strata``
    (all non-negative integer arrays of one length).

    Parameters
    ----------
    a, b : numpy.ndarray of int
        The two choices' codes per story.
    strata : numpy.ndarray of int
        The stratum of each story.

    Returns
    -------
    statistic : float
        Q (0 when untestable).
    df : int
        The rank of the variance matrix: (r - 1)(c - 1) for a regular table, 0 when untestable.
    strata : int
        Strata with at least two stories.
    """
    a, ka = _dense(a)
    b, kb = _dense(b)
    z, kz = _dense(strata)
    counts = np.bincount((z * ka + a) * kb + b, minlength=kz * ka * kb).reshape(kz, ka, kb).astype(float)
    totals = counts.sum(axis=(1, 2))
    counts = counts[totals >= 2]  # a stratum of one story carries no information
    if counts.shape[0] == 0 or ka < 2 or kb < 2:
        return 0.0, 0, 0
    n_h = counts.sum(axis=(1, 2))
    rows, cols = counts.sum(axis=2), counts.sum(axis=1)
    observed = counts[:, :-1, :-1].sum(axis=0).ravel()
    expected = np.einsum("hi,hj,h->ij", rows, cols, 1.0 / n_h)[:-1, :-1].ravel()
    row_part = n_h[:, None, None] * _diag(rows[:, :-1]) - rows[:, :-1, None] * rows[:, None, :-1]
    col_part = n_h[:, None, None] * _diag(cols[:, :-1]) - cols[:, :-1, None] * cols[:, None, :-1]
    weight = 1.0 / (n_h ** 2 * (n_h - 1))
    variance = np.einsum("h,hik,hjl->ijkl", weight, row_part, col_part).reshape((ka - 1) * (kb - 1), -1)
    statistic, df = _quadratic(observed - expected, variance)
    return statistic, df, int(counts.shape[0])


def _diag(values: np.ndarray) -> np.ndarray:
    """A stack of diagonal matrices from the rows of ``values``."""
    out = np.zeros(values.shape + values.shape[-1:])
    index = np.arange(values.shape[-1])
    out[..., index, index] = values
    return out


def cmh(a: np.ndarray, b: np.ndarray, strata: np.ndarray) -> Stratified | None:
    """Two choices within strata: generalized Cochran-Mantel-Haenszel, with its strength and the strength
    of the same statistic on the same rows without strata.

    Parameters
    ----------
    a, b, strata : numpy.ndarray of int
        As :func:`cmh_statistic`.

    Returns
    -------
    Stratified or None
        None when the table cannot be tested (fewer than two categories on a side).
    """
    statistic, df, informative = cmh_statistic(a, b, strata)
    if df == 0:
        return None
    n = int(a.size)
    d = min(_distinct(a), _distinct(b)) - 1
    overall, df_all, _ = cmh_statistic(a, b, np.zeros_like(strata))
    return Stratified("Cochran-Mantel-Haenszel", statistic, df, _chi2_sf(statistic, df), n, informative,
                      _strength(statistic, df, n, d), _strength(overall, df_all, n, d))


def within_ranks(x: np.ndarray, strata: np.ndarray, order: np.ndarray | None = None) -> np.ndarray:
    """Average ranks (1-based, ties share their mean) of ``x`` within each stratum.

    ``order`` is a stable argsort of ``x`` (a scan sorts each numeric column once); a second stable sort
    on the stratum codes then puts every stratum's values in order without sorting the values again.

    Parameters
    ----------
    x : numpy.ndarray of float
        Values without NaN.
    strata : numpy.ndarray of int
        Non-negative stratum codes.
    order : numpy.ndarray of int, optional
        A stable argsort of ``x``.

    Returns
    -------
    numpy.ndarray of float
        The rank of each value among the values of its stratum.
    """
    order = np.argsort(x, kind="stable") if order is None else order
    # a stable sort of small integers is a radix sort in numpy: O(n)
    by_stratum = order[np.argsort(strata[order].astype(np.int16 if strata.max(initial=0) < 2 ** 15 else np.int64), kind="stable")]
    values, groups = x[by_stratum], strata[by_stratum]
    n = x.size
    new_tie = np.ones(n, dtype=bool)
    new_tie[1:] = (values[1:] != values[:-1]) | (groups[1:] != groups[:-1])
    starts = np.flatnonzero(new_tie)
    sizes = np.diff(np.append(starts, n))
    new_stratum = np.ones(n, dtype=bool)
    new_stratum[1:] = groups[1:] != groups[:-1]
    stratum_start = np.maximum.accumulate(np.where(new_stratum, np.arange(n), 0))
    average = np.repeat(starts + (sizes + 1) / 2.0, sizes) - stratum_start
    ranks = np.empty(n)
    ranks[by_stratum] = average
    return ranks


def rank_statistic(x: np.ndarray, groups: np.ndarray, strata: np.ndarray,
                   order: np.ndarray | None = None) -> tuple[float, int, int]:
    """CMH mean-score statistic with modified ridit scores: van Elteren (two groups) or the stratified
    Kruskal-Wallis. ``order`` is a stable argsort of ``x`` restricted to these rows, if known.

    Parameters
    ----------
    x : numpy.ndarray of float
        Values without NaN.
    groups, strata : numpy.ndarray of int
        The choice's codes and the stratum codes.
    order : numpy.ndarray of int, optional

    Returns
    -------
    statistic : float
    df : int
        k - 1, or 0 when untestable.
    strata : int
        Strata that carry information.
    """
    g, k = _dense(groups)
    z, kz = _dense(strata)
    if k < 2:
        return 0.0, 0, 0
    n_h = np.bincount(z, minlength=kz).astype(float)
    scores = within_ranks(x, z, order) / (n_h[z] + 1.0)
    mean = np.bincount(z, weights=scores, minlength=kz) / n_h
    spread = np.bincount(z, weights=(scores - mean[z]) ** 2, minlength=kz)  # sum of squares per stratum
    sizes = np.bincount(z * k + g, minlength=kz * k).reshape(kz, k).astype(float)
    sums = np.bincount(z * k + g, weights=scores, minlength=kz * k).reshape(kz, k)
    useful = (n_h >= 2) & (spread > 0)
    if not useful.any():
        return 0.0, 0, 0
    n_h, mean, spread, sizes, sums = n_h[useful], mean[useful], spread[useful], sizes[useful], sums[useful]
    difference = (sums - sizes * mean[:, None]).sum(axis=0)[:-1]
    part = _diag(sizes[:, :-1]) - sizes[:, :-1, None] * sizes[:, None, :-1] / n_h[:, None, None]
    variance = np.einsum("h,hij->ij", spread / (n_h - 1), part)
    statistic, df = _quadratic(difference, variance)
    return statistic, df, int(useful.sum())


def stratified_rank(x: np.ndarray, groups: np.ndarray, strata: np.ndarray,
                    order: np.ndarray | None = None) -> Stratified | None:
    """A number and a choice within strata (see :func:`rank_statistic`).

    Parameters
    ----------
    x, groups, strata, order
        As :func:`rank_statistic`.

    Returns
    -------
    Stratified or None
        "van Elteren" for two groups, else "gestratificeerde Kruskal-Wallis"; None when untestable.
    """
    statistic, df, informative = rank_statistic(x, groups, strata, order)
    if df == 0:
        return None
    n = int(x.size)
    overall, df_all, _ = rank_statistic(x, groups, np.zeros_like(strata), order)
    name = "van Elteren" if _distinct(groups) == 2 else "gestratificeerde Kruskal-Wallis"
    return Stratified(name, statistic, df, _chi2_sf(statistic, df), n, informative,
                      _strength(statistic, df, n, 1), _strength(overall, df_all, n, 1))


def _partial_rho(rank_x: np.ndarray, rank_y: np.ndarray, strata: np.ndarray) -> tuple[float, int]:
    z, kz = _dense(strata)
    n_h = np.bincount(z, minlength=kz)
    rx = rank_x - (np.bincount(z, weights=rank_x, minlength=kz) / n_h)[z]
    ry = rank_y - (np.bincount(z, weights=rank_y, minlength=kz) / n_h)[z]
    # einsum, not np.dot: a threaded BLAS dot of one long vector is far slower on a busy 2-core machine
    denominator = np.sqrt(np.einsum("i,i->", rx, rx) * np.einsum("i,i->", ry, ry))
    if denominator == 0:
        return float("nan"), 0
    rho = float(np.clip(np.einsum("i,i->", rx, ry) / denominator, -1.0, 1.0))
    return rho, max(0, rank_x.size - 2 - (kz - 1))


def _ranks(values: np.ndarray, order: np.ndarray | None) -> np.ndarray:
    """Average ranks of ``values`` (no NaN), from a stable argsort of them if known."""
    from analysis.ranks import subset_ranks

    order = np.argsort(values, kind="stable") if order is None else order
    ranked = subset_ranks(values, order, np.ones(values.size, dtype=bool))
    out = np.empty(values.size)
    out[ranked.rows] = ranked.ranks
    return out


def partial_spearman(x: np.ndarray, y: np.ndarray, strata: np.ndarray, order_x: np.ndarray | None = None,
                     order_y: np.ndarray | None = None) -> Stratified | None:
    """Two numbers within strata: Spearman's rho with the stratum means of the ranks removed (the partial
    correlation of the ranks given the stratum), t test on n - 2 - (K - 1) df. ``order_x``/``order_y`` are
    stable argsorts of ``x``/``y``, if the caller has them (the scan sorts each column once).

    Parameters
    ----------
    x, y : numpy.ndarray of float
        Values without NaN.
    strata : numpy.ndarray of int
    order_x, order_y : numpy.ndarray of int, optional

    Returns
    -------
    Stratified or None
        ``statistic`` is the partial rho; None when there are too few stories or no variation.
    """
    rank_x, rank_y = _ranks(x, order_x), _ranks(y, order_y)
    rho, df = _partial_rho(rank_x, rank_y, strata)
    rho_all, _ = _partial_rho(rank_x, rank_y, np.zeros_like(strata))
    if df <= 0 or not np.isfinite(rho) or not np.isfinite(rho_all):
        return None
    t = rho * np.sqrt(df / max((1.0 - rho) * (1.0 + rho), 1e-300))
    pvalue = t_two_sided(t, df)
    return Stratified("partiële Spearman", rho, df, pvalue, int(x.size), _distinct(strata),
                      abs(rho), abs(rho_all))


@dataclass(frozen=True)
class Stratifier:
    """Codes of one stratifying question per story (-1 = not known); a multiple choice becomes the
    combination of options a story chose (one stratum per combination)."""

    key: str
    label: str
    codes: np.ndarray


def stratifiers(table, keys: tuple[str, ...] = STRATA) -> list[Stratifier]:
    """The stratifiers among ``keys`` that the table has (a column or the options of a question).

    Parameters
    ----------
    table : analysis.data.AnswerTable
    keys : tuple of str
        Question keys, in the order to report them.

    Returns
    -------
    list of Stratifier
    """
    found = []
    for key in keys:
        columns = [c for c in table.categorical() if c.question == key]
        if not columns:
            continue
        if len(columns) == 1:
            codes = columns[0].values
        else:
            answered = np.all([c.values >= 0 for c in columns], axis=0)
            bits = sum((c.values == c.categories.index("ja")).astype(np.int64) << i
                       for i, c in enumerate(columns) if "ja" in c.categories)
            codes = np.where(answered, bits, -1)
        label = STRATUM_NAMES.get(key) or columns[0].label.rsplit(" – ", 1)[0]
        found.append(Stratifier(key, label, np.asarray(codes)))
    return found


def _restrict(order: np.ndarray | None, rows: np.ndarray) -> np.ndarray | None:
    """A column's sort order restricted to ``rows``, as positions within the selected rows (O(n))."""
    return None if order is None else (np.cumsum(rows) - 1)[order[rows[order]]]


def check_pair(first, second, stratifier: Stratifier, min_group: int, orders=None) -> Stratified | None:
    """The pattern ``first`` x ``second`` (analysis.data.Column objects, ordered as the scan orders a
    pair: number before choice) tested within ``stratifier``, on the rows the scan's test used (both
    answered, groups of at least ``min_group``) that also have a known stratum. ``orders[name].order`` is a
    numeric column's stable sort order, if known.

    Parameters
    ----------
    first, second : analysis.data.Column
    stratifier : Stratifier
    min_group : int
    orders : mapping, optional

    Returns
    -------
    Stratified or None
    """
    z = stratifier.codes
    order_of = (lambda column: orders[column.name].order) if orders is not None else (lambda column: None)
    if first.kind == "numeric" and second.kind == "category":
        rows = ~np.isnan(first.values) & (second.values >= 0) & (z >= 0)
        rows &= _big_enough(second.values, rows, min_group)
        return stratified_rank(first.values[rows], second.values[rows], z[rows],
                               _restrict(order_of(first), rows)) if rows.any() else None
    if first.kind == "category":
        rows = (first.values >= 0) & (second.values >= 0) & (z >= 0)
        rows &= _big_enough(first.values, rows, min_group) & _big_enough(second.values, rows, min_group)
        return cmh(first.values[rows], second.values[rows], z[rows]) if rows.any() else None
    rows = ~np.isnan(first.values) & ~np.isnan(second.values) & (z >= 0)
    if rows.sum() <= 3:
        return None
    return partial_spearman(first.values[rows], second.values[rows], z[rows],
                            _restrict(order_of(first), rows), _restrict(order_of(second), rows))


def _big_enough(codes: np.ndarray, rows: np.ndarray, min_group: int) -> np.ndarray:
    """Rows whose category has at least ``min_group`` stories among ``rows`` (the scan leaves smaller
    groups out of its test)."""
    counts = np.bincount(codes[rows], minlength=int(codes.max()) + 1 if codes.size else 0)
    return np.where(codes >= 0, counts[np.maximum(codes, 0)] >= min_group, False)
