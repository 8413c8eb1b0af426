"""Re-measurement: did the answers to a question change after an improvement started?

Two comparisons, both on the same question's answers (sliders, 0..100):

* **before and after** in the regions the change applies to: the difference of the means (after minus before)
  with Welch's 95% interval and Welch's t-test (``scipy.stats.ttest_ind(equal_var=False)``), which do not
  assume the two periods spread alike;
* **against the rest of the country**: the same difference elsewhere, and the difference of the two
  differences (difference-in-differences) with a normal 95% interval and z-test, so a change everywhere (a
  new national law, the season) is not read as the region's own doing.

Under ``min_n`` answers on either side the comparison is not made ("nog te weinig verhalen"): a mean of three
stories says little, and it would show three people's answers. Nothing here knows about the database.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from analysis.disclosure import hidden_reasons
from analysis.errors import AnalysisError

HIGHER, LOWER = "higher", "lower"
DIRECTIONS = (HIGHER, LOWER)
#: What a comparison concludes, from the 95% interval and the direction that counts as better.
BETTER, WORSE, UNCLEAR, TOO_FEW = "better", "worse", "unclear", "too_few"


@dataclass(frozen=True)
class PeriodShift:
    """After minus before, for one group of stories (``enough`` False: too few answers, no numbers)."""

    n_before: int
    n_after: int
    enough: bool
    mean_before: float | None = None
    mean_after: float | None = None
    difference: float | None = None
    low: float | None = None
    high: float | None = None
    p_value: float | None = None
    statistic: float | None = None  # Welch's t, or z for a difference-in-differences
    df: float | None = None

    def to_dict(self) -> dict:
        """The fields as a JSON-safe dict.

        Returns
        -------
        dict
            Field name -> value.
        """
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class Summary:
    """A group's answers as count, sum and sum of squares: what SQL can add up without loading the stories."""

    n: int
    total: float = 0.0
    squares: float = 0.0

    @classmethod
    def of(cls, values) -> Summary:
        """The summary of raw answers (NaN and infinite values left out).

        Parameters
        ----------
        values : array_like
            The answers.

        Returns
        -------
        Summary
        """
        values = np.asarray(values, dtype=float)
        values = values[np.isfinite(values)]
        return cls(int(values.size), float(values.sum()), float((values ** 2).sum()))

    @property
    def mean(self) -> float:
        """The mean of the answers.

        Returns
        -------
        float
        """
        return self.total / self.n

    @property
    def variance(self) -> float:
        """The sample variance (ddof 1), never below 0 through rounding.

        Returns
        -------
        float
        """
        return max(0.0, (self.squares - self.total ** 2 / self.n) / (self.n - 1))


def period_shift(before: Summary, after: Summary, *, min_n: int, confidence: float = 0.95) -> PeriodShift:
    """After minus before with Welch's interval and test; ``enough`` False under ``min_n`` on either side.

    The test is scipy's ``ttest_ind_from_stats(equal_var=False)``; the interval uses the same
    Welch-Satterthwaite degrees of freedom, so both equal ``ttest_ind(after, before, equal_var=False)`` and its
    ``confidence_interval`` on the raw answers (tests/stats/test_remeasure.py).

    Parameters
    ----------
    before, after : Summary
        The answers of the two periods.
    min_n : int
        Fewer answers on either side and ``enough`` is False (at least 2).
    confidence : float
        Of the interval.

    Returns
    -------
    PeriodShift
    """
    if min_n < 2:
        raise AnalysisError("min_n moet minstens 2 zijn")
    if before.n < min_n or after.n < min_n:
        return PeriodShift(before.n, after.n, False)
    difference = after.mean - before.mean
    va, vb = after.variance / after.n, before.variance / before.n
    if va + vb == 0:  # every answer in each period the same: no spread to test against
        return PeriodShift(before.n, after.n, True, before.mean, after.mean, difference, difference, difference,
                           1.0 if difference == 0 else 0.0, None, None)
    df = (va + vb) ** 2 / (va ** 2 / (after.n - 1) + vb ** 2 / (before.n - 1))
    result = stats.ttest_ind_from_stats(after.mean, math.sqrt(after.variance), after.n, before.mean,
                                        math.sqrt(before.variance), before.n, equal_var=False)
    half = float(stats.t.ppf(0.5 + confidence / 2, df)) * math.sqrt(va + vb)
    return PeriodShift(before.n, after.n, True, before.mean, after.mean, difference, difference - half,
                       difference + half, float(result.pvalue), float(result.statistic), float(df))


def difference_in_differences(region_before: Summary, region_after: Summary, rest_before: Summary,
                              rest_after: Summary, *, min_n: int, confidence: float = 0.95) -> PeriodShift:
    """(region after - before) - (rest after - before), with a normal interval and z-test on the four means.

    The four groups are different stories, so the variance of the difference is the sum of the four variances
    of the means. ``n_before``/``n_after`` are the region's; ``enough`` needs ``min_n`` in all four groups.

    Parameters
    ----------
    region_before, region_after, rest_before, rest_after : Summary
        The answers of the plan's regions and of the rest, before and after.
    min_n : int
        The least number of answers in each of the four groups.
    confidence : float
        Of the interval.

    Returns
    -------
    PeriodShift
        ``difference``, ``low``, ``high``, ``p_value`` and ``statistic`` (z); no means.
    """
    groups = (region_before, region_after, rest_before, rest_after)
    if min(g.n for g in groups) < min_n:
        return PeriodShift(region_before.n, region_after.n, False)
    difference = (region_after.mean - region_before.mean) - (rest_after.mean - rest_before.mean)
    se = math.sqrt(sum(g.variance / g.n for g in groups))
    if se == 0:
        return PeriodShift(region_before.n, region_after.n, True, difference=difference, low=difference,
                           high=difference, p_value=1.0 if difference == 0 else 0.0)
    z = difference / se
    half = float(stats.norm.ppf(0.5 + confidence / 2)) * se
    return PeriodShift(region_before.n, region_after.n, True, difference=difference, low=difference - half,
                       high=difference + half, p_value=float(2 * stats.norm.sf(abs(z))), statistic=float(z))


def conclusion(shift: PeriodShift, direction: str) -> str:
    """BETTER or WORSE when the whole 95% interval lies on one side of 0, else UNCLEAR (TOO_FEW without numbers).

    Parameters
    ----------
    shift : PeriodShift
    direction : str
        HIGHER or LOWER: which way counts as better.

    Returns
    -------
    str
        BETTER, WORSE, UNCLEAR or TOO_FEW.
    """
    if direction not in DIRECTIONS:
        raise AnalysisError(f"onbekende richting: {direction!r}")
    if not shift.enough:
        return TOO_FEW
    sign = 1 if direction == HIGHER else -1
    if shift.low is not None and shift.low * sign > 0 and shift.high * sign > 0:
        return BETTER
    if shift.high is not None and shift.low * sign < 0 and shift.high * sign < 0:
        return WORSE
    return UNCLEAR


#: Equal bins over 0..100 for the before/after chart: five, so a group of a few dozen stories keeps most bins
#: above the small-group threshold.
CHART_BINS = 5


def histogram_spec(title: str, x_label: str, left: str | None, right: str | None, groups: list[tuple],
                   *, min_group: int, suppress_small: bool) -> dict:
    """A ``histogram`` chart spec (analysis/svg.py draws it) from counts per bin.

    ``groups`` holds (key, label, Summary, counts per bin of CHART_BINS). A bin under ``min_group`` loses its
    count when suppressing, as on every chart: a bin of 2 is two people's answers.

    Parameters
    ----------
    title, x_label, left, right : str
        Texts of the chart and the slider's poles.
    groups : list of tuple
        (key, label, Summary, counts per bin) per group.
    min_group : int
        Bins under this lose their count when ``suppress_small``.
    suppress_small : bool
        False only for admins.

    Returns
    -------
    dict
        A ``histogram`` spec.
    """
    edges = [int(e) for e in np.linspace(0, 100, CHART_BINS + 1)]
    drawn = []
    for key, label, summary, counts in groups:
        reasons = hidden_reasons(list(counts), min_group, suppress_small)
        drawn.append({"key": key, "label": label, "n": summary.n, "mean": summary.mean if summary.n else None,
                      "counts": [None if reason else int(c) for c, reason in zip(counts, reasons)],
                      "suppressed": False, "hidden": None, "shape": None, "bins_hidden": reasons})
    return {"kind": "histogram", "title": title, "x_label": x_label, "left": left, "right": right, "edges": edges,
            "groups": drawn, "min_group": min_group}
