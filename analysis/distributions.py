"""Tail probabilities of the scan's reference distributions, as scipy.special's ufuncs.

scipy.stats' distribution objects compute ``chi2.sf`` and the others with exactly these functions
(``chdtrc``, ``ndtr``, ``stdtr``), so the p-values are the same numbers; but importing scipy.stats costs about
a second of start-up and each call through a distribution object ~100 microseconds, while scipy.special
loads in a fraction of that and a call costs about one. A scan makes hundreds of calls, the CLI imports once.
"""
from __future__ import annotations


def chi2_sf(statistic: float, df: float) -> float:
    """P(X >= statistic) for X chi-square with ``df`` degrees of freedom (= scipy.stats.chi2.sf).

    Parameters
    ----------
    statistic : float
    df : float

    Returns
    -------
    float
    """
    from scipy import special

    return float(special.chdtrc(df, statistic))


def norm_sf(z: float) -> float:
    """P(Z >= z) for a standard normal Z (= scipy.stats.norm.sf).

    Parameters
    ----------
    z : float

    Returns
    -------
    float
    """
    from scipy import special

    return float(special.ndtr(-z))


def t_two_sided(t: float, df: float) -> float:
    """2 P(T >= |t|) for T Student's t with ``df`` degrees of freedom (= 2 scipy.stats.t.sf(|t|, df)).

    Parameters
    ----------
    t : float
    df : float

    Returns
    -------
    float
    """
    from scipy import special

    return float(2.0 * special.stdtr(df, -abs(t)))


__all__ = ["chi2_sf", "norm_sf", "t_two_sided"]
