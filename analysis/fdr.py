"""Benjamini-Hochberg q-values: all p-values of one scan form one family."""
from __future__ import annotations

import numpy as np


def bh_qvalues(pvalues) -> np.ndarray:
    """Adjusted p-values (q) controlling the false discovery rate; same result as
    ``scipy.stats.false_discovery_control(p, method='bh')``.

    Parameters
    ----------
    pvalues : array_like
        One-dimensional p-values between 0 and 1.

    Returns
    -------
    numpy.ndarray
        The q-values, in the order of ``pvalues``.

    Raises
    ------
    ValueError
        When the p-values are not one-dimensional or lie outside [0, 1].
    """
    p = np.asarray(pvalues, dtype=float)
    if p.ndim != 1:
        raise ValueError("pvalues must be one-dimensional")
    if np.any((p < 0) | (p > 1) | np.isnan(p)):
        raise ValueError("pvalues must lie between 0 and 1")
    m = p.size
    if m == 0:
        return p.copy()
    order = np.argsort(p)
    ranked = p[order] * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    q = np.empty(m)
    q[order] = np.minimum(ranked, 1.0)
    return q
