"""Shape statistics of a slider: what an observation card's statistics table shows.

Skewness and kurtosis are the bias-corrected sample estimates (scipy ``bias=False``; kurtosis is excess
kurtosis, 0 for a normal distribution). The mode is the most common value after rounding to whole
points (ties: the lowest). Bimodality uses the bimodality coefficient (Pfister et al. 2013); above 5/9
suggests two peaks, which for a slider means tellers are split.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

POLE_LOW, POLE_HIGH = 10.0, 90.0
BIMODAL_THRESHOLD = 5 / 9


@dataclass(frozen=True)
class Shape:
    n: int
    missing: int
    mean: float
    median: float
    mode: float
    sd: float
    skewness: float
    kurtosis: float
    share_low_pole: float
    share_high_pole: float
    bimodality: float

    @property
    def at_poles(self) -> float:
        """Share of answers at a pole.

        Returns
        -------
        float
            Share of answers at either pole (<= 10 or >= 90).
        """
        return self.share_low_pole + self.share_high_pole

    @property
    def bimodal(self) -> bool:
        """Whether opinions are split.

        Returns
        -------
        bool
            True with at least 20 answers and a bimodality coefficient above 5/9.
        """
        return self.n >= 20 and self.bimodality > BIMODAL_THRESHOLD

    def to_dict(self) -> dict:
        """The shape as a dict.

        Returns
        -------
        dict
            JSON-safe (NaN as None).
        """
        return {key: (None if isinstance(v, float) and not np.isfinite(v) else v) for key, v in asdict(self).items()}


def shape(values: np.ndarray) -> Shape:
    """Distribution statistics of one slider column (NaN = not answered).

    Parameters
    ----------
    values : numpy.ndarray
        A slider column (0..100, NaN for not answered).

    Returns
    -------
    Shape
        All NaN (n = 0) for a column nobody answered.
    """
    values = np.asarray(values, dtype=float)
    present = values[~np.isnan(values)]
    n, missing = int(present.size), int(values.size - present.size)
    if n == 0:
        nan = float("nan")
        return Shape(0, missing, nan, nan, nan, nan, nan, nan, nan, nan, nan)
    rounded = np.rint(present).astype(np.int64)
    mode = float(np.argmax(np.bincount(rounded - rounded.min())) + rounded.min())
    sd = float(np.std(present, ddof=1)) if n > 1 else float("nan")
    constant = n < 3 or np.ptp(present) == 0
    skewness, kurtosis = (float("nan"), float("nan")) if constant else _moments(present)
    if n < 4:
        kurtosis = float("nan")
    return Shape(
        n=n, missing=missing, mean=float(present.mean()), median=float(np.median(present)), mode=mode, sd=sd,
        skewness=skewness, kurtosis=kurtosis,
        share_low_pole=float(np.mean(present <= POLE_LOW)), share_high_pole=float(np.mean(present >= POLE_HIGH)),
        bimodality=bimodality_coefficient(skewness, kurtosis, n),
    )


def _moments(present: np.ndarray) -> tuple[float, float]:
    """Bias-corrected skewness G1 and excess kurtosis G2, the formulas of scipy.stats.skew and kurtosis with
    ``bias=False`` (scipy.stats itself costs a second of start-up; this is three passes over the values)."""
    n = present.size
    deviation = present - present.mean()
    squared = deviation * deviation
    m2 = squared.mean()
    m3 = (squared * deviation).mean()
    m4 = (squared * squared).mean()
    skewness = float(np.sqrt((n - 1.0) * n) / (n - 2.0) * m3 / m2 ** 1.5)
    kurtosis = float(1.0 / (n - 2) / (n - 3) * ((n ** 2 - 1.0) * m4 / m2 ** 2.0 - 3 * (n - 1) ** 2.0)) if n > 3 \
        else float("nan")
    return skewness, kurtosis


def bimodality_coefficient(skewness: float, excess_kurtosis: float, n: int) -> float:
    """Parameters
    ----------
    skewness, excess_kurtosis : float
        Bias-corrected sample estimates.
    n : int
        Number of answers.

    Returns
    -------
    float
        NaN for n < 4 or non-finite moments.
    """
    if n < 4 or not np.isfinite(skewness) or not np.isfinite(excess_kurtosis):
        return float("nan")
    return (skewness ** 2 + 1) / (excess_kurtosis + 3 * (n - 1) ** 2 / ((n - 2) * (n - 3)))
