"""The smallest effect a scan could find: minimum detectable effects at a given power.

A scan that finds nothing says little unless it also says what it could have found. For each test type
the scan uses, this module gives the smallest true effect that the test rejects with probability
``power`` (0.8 by default) at a per-test level ``alpha`` (the scan passes its alpha divided by the number
of tests: the level a lone pattern needs under Benjamini-Hochberg). The formulas are the standard
large-sample ones (docs/patterns.md, "Power"); tests/stats/test_power.py checks them against Cohen's (1988)
tables and against simulations with scipy's tests.

Pure module: numpy and scipy only.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from scipy import optimize, stats

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
    """The noncentrality lambda at which a chi-square test with ``df`` degrees of freedom at level
    ``alpha`` rejects with probability ``power``."""
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
    """Smallest |rho| a correlation test finds: ``tanh(z_sum * sqrt(v / (n - 3)))`` with ``v`` = 1.06 for
    Spearman (Fieller et al.) and 1 for Pearson (Fisher's z)."""
    _check(n, alpha, power, 4)
    variance = SPEARMAN_VARIANCE if spearman else 1.0
    return math.tanh(_z_sum(alpha, power) * math.sqrt(variance / (n - 3)))


def min_rank_biserial(n1: int, n2: int, alpha: float, power: float = 0.8) -> float:
    """Smallest |rank-biserial| = |2 U / (n1 n2) - 1| the Mann-Whitney U test finds (normal
    approximation with the null variance of U): ``2 z_sum sqrt((n1 + n2 + 1) / (12 n1 n2))``."""
    _check(min(n1, n2), alpha, power, 1)
    return min(1.0, 2 * _z_sum(alpha, power) * math.sqrt((n1 + n2 + 1) / (12 * n1 * n2)))


def min_epsilon_squared(n: int, groups: int, alpha: float, power: float = 0.8) -> float:
    """Smallest epsilon-squared the Kruskal-Wallis test finds with ``groups`` groups: H is approximately
    noncentral chi-square with ``groups - 1`` degrees of freedom and noncentrality ``n * epsilon²``."""
    _check(n, alpha, power, groups + 1)
    if groups < 2:
        raise ValueError("groups must be at least 2")
    return min(1.0, noncentrality(groups - 1, alpha, power) / n)


def min_cramers_v(n: int, rows: int, cols: int, alpha: float, power: float = 0.8) -> float:
    """Smallest Cramér's V the chi-square test finds on a ``rows`` x ``cols`` table: Cohen's
    ``w = sqrt(lambda / n)`` for ``df = (rows - 1)(cols - 1)``, and ``V = w / sqrt(min(rows, cols) - 1)``."""
    _check(n, alpha, power, 2)
    if rows < 2 or cols < 2:
        raise ValueError("a table needs at least two rows and two columns")
    w = math.sqrt(noncentrality((rows - 1) * (cols - 1), alpha, power) / n)
    return min(1.0, w / math.sqrt(min(rows, cols) - 1))


@dataclass(frozen=True)
class Detectable:
    """The smallest effect one kind of comparison finds at ``n`` stories and per-test level ``alpha``."""

    shape: str        # what is compared, in Dutch for the scan page
    test: str
    effect_name: str
    effect_size: float
    n: int
    alpha: float
    power: float

    def to_dict(self) -> dict:
        return asdict(self)


STANDARD_SHAPES = (
    ("twee schuifjes", "Spearman"),
    ("schuifje x twee even grote groepen", "Mann-Whitney U"),
    ("schuifje x drie even grote groepen", "Kruskal-Wallis"),
    ("twee ja/nee-vragen (2 x 2)", "chi-kwadraat"),
)


def detectable_effects(n: int, alpha: float, power: float = 0.8) -> tuple[Detectable, ...]:
    """The smallest effects of the scan's standard comparisons at ``n`` stories (groups of equal size:
    the best case; unequal groups and unanswered questions need larger effects)."""
    sizes = (
        ("rho", min_rho(n, alpha, power)),
        ("rank-biserial", min_rank_biserial(n // 2, n - n // 2, alpha, power)),
        ("epsilon-squared", min_epsilon_squared(n, 3, alpha, power)),
        ("Cramer's V", min_cramers_v(n, 2, 2, alpha, power)),
    )
    return tuple(Detectable(shape, test, name, size, n, alpha, power)
                 for (shape, test), (name, size) in zip(STANDARD_SHAPES, sizes))


def minimum_n(alpha: float, bars: dict[str, float], power: float = 0.8, largest: int = 10_000_000) -> int:
    """The smallest n at which every standard comparison finds an effect at its bar in ``bars``
    (effect name -> size, e.g. the "medium" class), found by bisection."""
    def enough(n: int) -> bool:
        return all(d.effect_size <= bars[d.effect_name] for d in detectable_effects(n, alpha, power))

    low, high = 8, 16
    while not enough(high):
        low, high = high, high * 2
        if high > largest:
            return largest
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if enough(middle) else (middle, high)
    return high
