"""95% intervals for every effect size, and one scale to compare them on (the *strength*).

Each test reports its effect in its own measure (epsilon-squared, rank-biserial, Cramer's V, rho); an
analyst needs to know how precisely that effect is known, and the scan needs to compare a Kruskal-Wallis
with a chi-square. Both are decided here, from closed formulas, so they cost microseconds per pair (a scan
tests hundreds of pairs on up to a million stories; a bootstrap would cost seconds per pair there):

- rho (Spearman): Fisher z with the Bonett-Wright (2000) standard error sqrt((1 + rho^2 / 2) / (n - 3)).
- rank-biserial (two groups): Fisher z with the standard error of r under no difference,
  sqrt((n1 + n2 + 1) / (3 n1 n2)) (King & Minium 2008; the R package effectsize does the same).
- epsilon-squared (Kruskal-Wallis) and Cramer's V (chi-square): the statistic is chi-square with df degrees
  of freedom; its noncentrality lambda gets the exact test-inversion interval of the noncentral
  chi-square (Steiger 2004; effectsize's "ncp" method): lambda_low solves P(X <= stat | lambda) = 0.975,
  lambda_high solves it for 0.025 (scipy.special.chndtrinc). lambda / (n - 1) is the population's
  epsilon-squared; sqrt(lambda / (n d)) its Cramer's V, with d the bias-corrected denominator that the
  point estimate uses (Bergsma 2013), so interval and estimate measure the same thing. An interval never
  leaves out its own estimate: when the statistic lies below the 2.5% point of its null distribution (the
  groups are more alike than chance makes them), the interval for lambda is [0, 0] while the estimate
  epsilon-squared = H / (n - 1) is still a little above 0; the upper end is then the estimate itself.

The strength is Cohen's r-equivalent: |rho| for two numbers; the correlation ratio of the ranks,
sqrt(H / (n - 1)), for a number and groups (two groups included: then it is the point-biserial correlation
of the ranks, |z| / sqrt(n - 1)); Cohen's w = V sqrt(min(r, c) - 1) for two categories. Cohen's bars
0.1 / 0.3 / 0.5 on it give the effect classes, so V is judged by the table's degrees of freedom
(0.1 / sqrt(df) for "small") and two groups get the same bar as three or more.
"""
from __future__ import annotations

import math

import numpy as np

Z95 = 1.959963984540054  # scipy.stats.norm.ppf(0.975)
LEVEL = 0.95
STRENGTH_BARS = (0.1, 0.3, 0.5)  # Cohen's small / medium / large for r and w


def fisher_z_interval(r: float, se: float) -> tuple[float, float]:
    """tanh(atanh(r) -/+ 1.96 se): a 95% interval for a correlation-like r in [-1, 1].

    Parameters
    ----------
    r : float
        The estimate; at -1 or 1 the interval is that point.
    se : float
        Standard error of atanh(r).

    Returns
    -------
    tuple of float
        (low, high); NaN for both when ``se`` is not finite.
    """
    if not math.isfinite(se):
        return math.nan, math.nan
    if abs(r) >= 1.0:
        return float(r), float(r)
    z = math.atanh(r)
    return math.tanh(z - Z95 * se), math.tanh(z + Z95 * se)


def rho_interval(rho: float, n: int) -> tuple[float, float]:
    """Spearman's rho: Fisher z with the Bonett-Wright standard error.

    Parameters
    ----------
    rho : float
    n : int
        Pairs with both answers (at least 4).

    Returns
    -------
    tuple of float
        (low, high), NaN when n < 4.
    """
    se = math.sqrt((1.0 + rho * rho / 2.0) / (n - 3)) if n > 3 else math.nan
    return fisher_z_interval(rho, se)


def rank_biserial_interval(r: float, n1: int, n2: int) -> tuple[float, float]:
    """Rank-biserial r of two groups: Fisher z with se = sqrt((n1 + n2 + 1) / (3 n1 n2)).

    Parameters
    ----------
    r : float
    n1, n2 : int
        The group sizes.

    Returns
    -------
    tuple of float
        (low, high).
    """
    return fisher_z_interval(r, math.sqrt((n1 + n2 + 1) / (3.0 * n1 * n2)))


def noncentrality_interval(statistic: float, df: int) -> tuple[float, float]:
    """95% interval for the noncentrality lambda of a chi-square statistic (test inversion).

    Parameters
    ----------
    statistic : float
        The observed chi-square (or Kruskal-Wallis H).
    df : int
        Its degrees of freedom.

    Returns
    -------
    tuple of float
        (low, high): P(X <= statistic | low) = 0.975 and P(X <= statistic | high) = 0.025, where X is
        noncentral chi-square; a bound is 0 when even lambda = 0 puts the statistic beyond it.
    """
    from scipy import special  # the ufuncs: scipy.stats' distribution objects cost ~100x more per call

    def solve(p: float) -> float:
        if special.chdtr(df, statistic) <= p:  # lambda = 0 already makes the statistic this unlikely
            return 0.0
        return float(special.chndtrinc(statistic, df, p))

    return solve((1 + LEVEL) / 2), solve((1 - LEVEL) / 2)


def epsilon_squared_interval(h: float, groups: int, n: int) -> tuple[float, float]:
    """epsilon-squared = H / (n - 1): the noncentrality interval of H divided by n - 1.

    Parameters
    ----------
    h : float
        Kruskal-Wallis H.
    groups : int
        Groups tested (df = groups - 1).
    n : int
        Stories tested.

    Returns
    -------
    tuple of float
        (low, high), each at most 1, holding the estimate H / (n - 1).
    """
    low, high = noncentrality_interval(h, groups - 1)
    return _holding(h / (n - 1), min(low / (n - 1), 1.0), min(high / (n - 1), 1.0))


def cramers_v_denominator(shape: tuple[int, int], n: float) -> float:
    """min(r~ - 1, k~ - 1), the bias-corrected denominator of Cramer's V (Bergsma 2013).

    Parameters
    ----------
    shape : tuple of int
        (rows, columns).
    n : float
        The table's total.

    Returns
    -------
    float
    """
    r, k = shape
    return min(k - (k - 1) ** 2 / (n - 1) - 1, r - (r - 1) ** 2 / (n - 1) - 1)


def cramers_v_interval(chi2: float, shape: tuple[int, int], n: float, estimate: float) -> tuple[float, float]:
    """Bias-corrected Cramer's V: sqrt(lambda / (n d)) at both ends of the noncentrality interval.

    Parameters
    ----------
    chi2 : float
        Pearson's chi-square of the tested table.
    shape : tuple of int
        (rows, columns) of that table.
    n : float
        Its total.
    estimate : float
        The bias-corrected V of the same table (the interval holds it).

    Returns
    -------
    tuple of float
        (low, high), each at most 1; (0, 0) when the denominator is not positive.
    """
    denominator = cramers_v_denominator(shape, n)
    if denominator <= 0:
        return 0.0, 0.0
    low, high = noncentrality_interval(chi2, (shape[0] - 1) * (shape[1] - 1))
    return _holding(estimate, min(math.sqrt(low / (n * denominator)), 1.0), min(math.sqrt(high / (n * denominator)), 1.0))


def _holding(estimate: float, low: float, high: float) -> tuple[float, float]:
    """The interval widened, if need be, to hold its estimate (see the module docstring)."""
    return min(low, estimate), max(high, estimate)


def rank_strength(h: float, n: int) -> float:
    """The correlation ratio of the ranks, sqrt(H / (n - 1)), for two groups as for more.

    Parameters
    ----------
    h : float
        Kruskal-Wallis H (for two groups: the squared z of Mann-Whitney U without continuity correction).
    n : int

    Returns
    -------
    float
    """
    return math.sqrt(max(h, 0.0) / (n - 1))


def cohens_w(v: float, shape: tuple[int, int]) -> float:
    """Cohen's w = V sqrt(min(r, c) - 1): Cramer's V on the scale of Cohen's bars.

    Parameters
    ----------
    v : float
        Cramer's V.
    shape : tuple of int
        (rows, columns) of the tested table.

    Returns
    -------
    float
    """
    return float(v) * math.sqrt(min(shape) - 1)


def strength_class(strength: float, small: float = STRENGTH_BARS[0]) -> int:
    """0 (negligible), 1 (small), 2 (medium) or 3 (large) by Cohen's bars on the strength.

    Parameters
    ----------
    strength : float
        The r-equivalent (see the module docstring).
    small : float
        The bar for "small" (configurable in ScanOptions; medium and large stay 0.3 and 0.5).

    Returns
    -------
    int
    """
    return int(np.searchsorted((small, *STRENGTH_BARS[1:]), abs(strength), side="right"))
