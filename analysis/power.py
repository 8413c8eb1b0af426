"""The smallest effect a scan could find: minimum detectable effects at a given power.

A scan that finds nothing says little unless it also says what it could have found. For each test type
the scan uses, this module gives the smallest true effect that the test rejects with probability
``power`` (0.8 by default) at a per-test level ``alpha`` (the scan passes its alpha divided by the number
of tests: the level a lone pattern needs under Benjamini-Hochberg). The formulas are the standard
large-sample ones (docs/patterns.md, "Power"); tests/stats/test_power.py checks them against Cohen's (1988)
tables and against simulations with scipy's tests. Each is also given as a *strength* (the r-equivalent of
analysis/effects.py that classes and ranks every pattern), so one bar (medium = 0.3) serves every test.

Pure module: numpy and scipy only.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from scipy import optimize, stats

from analysis.effects import STRENGTH_BARS

SPEARMAN_VARIANCE = 1.06  # var(atanh(r_s)) ~ 1.06 / (n - 3) (Fieller, Hartley and Pearson 1957)


def _check(n: int, alpha: float, power: float, smallest: int) -> None:
    if n < smallest:
        raise ValueError(f"n must be at least {smallest}")
    if not 0 < alpha < 1 or not 0 < power < 1:
        raise ValueError("alpha and power must lie between 0 and 1")


def _z_sum(alpha: float, power: float) -> float:
    """z_(1 - alpha/2) + z_power: the distance a two-sided normal test statistic must move."""
    return float(stats.norm.isf(alpha / 2) + stats.norm.ppf(power))


def noncentrality(df: int, alpha: float, power: float) -> float:
    """The noncentrality at which a chi-square test rejects with probability ``power``.

    Parameters
    ----------
    df : int
        Degrees of freedom of the test.
    alpha : float
        Level of the test.
    power : float
        Wanted probability of rejecting.

    Returns
    -------
    float
        lambda with P(noncentral chi-square(df, lambda) > chi-square critical value) = power.
    """
    if df < 1:
        raise ValueError("df must be at least 1")
    _check(2, alpha, power, 2)
    critical = stats.chi2.isf(alpha, df)

    def shortfall(lam: float) -> float:
        return stats.ncx2.sf(critical, df, lam) - power

    upper = 1.0
    while shortfall(upper) < 0:
        upper *= 2
    return float(optimize.brentq(shortfall, 1e-9, upper, xtol=1e-12))


def min_rho(n: int, alpha: float, power: float = 0.8, spearman: bool = True) -> float:
    """Smallest |rho| a correlation test finds: ``tanh(z_sum sqrt(v / (n - 3)))``.

    Parameters
    ----------
    n : int
        Pairs of answers.
    alpha, power : float
        Level of the test and wanted probability of rejecting.
    spearman : bool
        ``v`` = 1.06 for Spearman (Fieller et al. 1957), 1 for Pearson (Fisher's z).

    Returns
    -------
    float
    """
    _check(n, alpha, power, 4)
    variance = SPEARMAN_VARIANCE if spearman else 1.0
    return math.tanh(_z_sum(alpha, power) * math.sqrt(variance / (n - 3)))


def min_rank_biserial(n1: int, n2: int, alpha: float, power: float = 0.8) -> float:
    """Smallest |rank-biserial| = |2 U / (n1 n2) - 1| the Mann-Whitney U test finds.

    Normal approximation with the null variance of U: ``2 z_sum sqrt((n1 + n2 + 1) / (12 n1 n2))``.

    Parameters
    ----------
    n1, n2 : int
        Sizes of the two groups.
    alpha, power : float
        Level of the test and wanted probability of rejecting.

    Returns
    -------
    float
    """
    _check(min(n1, n2), alpha, power, 1)
    return min(1.0, 2 * _z_sum(alpha, power) * math.sqrt((n1 + n2 + 1) / (12 * n1 * n2)))


def min_epsilon_squared(n: int, groups: int, alpha: float, power: float = 0.8) -> float:
    """Smallest epsilon-squared the Kruskal-Wallis test finds.

    H is approximately noncentral chi-square with ``groups - 1`` degrees of freedom and noncentrality
    ``n * epsilon²``, so the answer is ``lambda / n``.

    Parameters
    ----------
    n : int
        Stories in the test.
    groups : int
        Number of groups.
    alpha, power : float
        Level of the test and wanted probability of rejecting.

    Returns
    -------
    float
    """
    _check(n, alpha, power, groups + 1)
    if groups < 2:
        raise ValueError("groups must be at least 2")
    return min(1.0, noncentrality(groups - 1, alpha, power) / n)


def min_cramers_v(n: int, rows: int, cols: int, alpha: float, power: float = 0.8) -> float:
    """Smallest Cramér's V the chi-square test finds on a ``rows`` x ``cols`` table.

    Cohen's ``w = sqrt(lambda / n)`` for ``df = (rows - 1)(cols - 1)``; ``V = w / sqrt(min(rows, cols) - 1)``.

    Parameters
    ----------
    n : int
        Stories in the table.
    rows, cols : int
        Shape of the table.
    alpha, power : float
        Level of the test and wanted probability of rejecting.

    Returns
    -------
    float
    """
    _check(n, alpha, power, 2)
    if rows < 2 or cols < 2:
        raise ValueError("a table needs at least two rows and two columns")
    w = math.sqrt(noncentrality((rows - 1) * (cols - 1), alpha, power) / n)
    return min(1.0, w / math.sqrt(min(rows, cols) - 1))


@dataclass(frozen=True)
class Detectable:
    """The smallest effect one kind of comparison finds at ``n`` stories and per-test level ``alpha``,
    in the test's own measure (``effect_size``) and as a strength (r-equivalent)."""

    shape: str        # what is compared, in Dutch for the scan page
    test: str
    effect_name: str
    effect_size: float
    strength: float
    n: int
    alpha: float
    power: float

    def to_dict(self) -> dict:
        """The fields as a dict.

        Returns
        -------
        dict
            JSON-safe, as stored with a run.
        """
        return asdict(self)


STANDARD_SHAPES = (
    ("twee schuifjes", "Spearman"),
    ("schuifje x twee even grote groepen", "Mann-Whitney U"),
    ("schuifje x drie even grote groepen", "Kruskal-Wallis"),
    ("twee ja/nee-vragen (2 x 2)", "chi-kwadraat"),
)


def detectable_effects(n: int, alpha: float, power: float = 0.8) -> tuple[Detectable, ...]:
    """The smallest effects of the scan's standard comparisons at ``n`` stories.

    Groups of equal size are the best case; unequal groups and unanswered questions need larger effects.
    The strength is what the scan would compute at that effect: |rho|; |z| / sqrt(n - 1) for Mann-Whitney
    (z = rank-biserial sqrt(3 n1 n2 / (n + 1))); sqrt(H / (n - 1)) with H = lambda for Kruskal-Wallis;
    Cohen's w = V for a 2 x 2 table.

    Parameters
    ----------
    n : int
        Stories in the scan (at least 8).
    alpha : float
        Per-test level (the scan's alpha divided by its number of tests).
    power : float
        Wanted probability of finding the effect.

    Returns
    -------
    tuple of Detectable
        One per entry of ``STANDARD_SHAPES``.
    """
    n1, n2 = n // 2, n - n // 2
    rho = min_rho(n, alpha, power)
    rank_biserial = min_rank_biserial(n1, n2, alpha, power)
    epsilon = min_epsilon_squared(n, 3, alpha, power)
    v = min_cramers_v(n, 2, 2, alpha, power)
    sizes = (
        ("rho", rho, rho),
        ("rank-biserial", rank_biserial, min(1.0, rank_biserial * math.sqrt(3 * n1 * n2 / ((n + 1) * (n - 1))))),
        ("epsilon-squared", epsilon, min(1.0, math.sqrt(epsilon * n / (n - 1)))),
        ("Cramer's V", v, v),
    )
    return tuple(Detectable(shape, test, name, size, strength, n, alpha, power)
                 for (shape, test), (name, size, strength) in zip(STANDARD_SHAPES, sizes))


def minimum_n(alpha: float, bar: float = STRENGTH_BARS[1], power: float = 0.8, largest: int = 10_000_000) -> int:
    """The smallest n at which every standard comparison finds an effect of strength ``bar``.

    Parameters
    ----------
    alpha : float
        Per-test level.
    bar : float
        Strength to be findable; by default Cohen's "medium" (0.3).
    power : float
        Wanted probability of finding it.
    largest : int
        Give up (and return this) beyond it.

    Returns
    -------
    int
    """
    def enough(n: int) -> bool:
        return all(d.strength <= bar for d in detectable_effects(n, alpha, power))

    low, high = 8, 16
    while not enough(high):
        low, high = high, high * 2
        if high > largest:
            return largest
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if enough(middle) else (middle, high)
    return high
