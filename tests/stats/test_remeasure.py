"""Re-measurement statistics (analysis/remeasure.py): equal to scipy, and not crying wolf on shuffled data."""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from analysis.errors import AnalysisError
from analysis.remeasure import (
    BETTER, TOO_FEW, UNCLEAR, WORSE, Summary, conclusion, difference_in_differences, histogram_spec, period_shift,
)


def _sliders(rng, mean, n):
    return np.clip(rng.normal(mean, 25, n), 0, 100)


@pytest.mark.parametrize("seed", range(5))
def test_the_shift_from_sums_equals_scipys_welch_test_and_interval_on_the_answers(seed):
    rng = np.random.default_rng(seed)
    before, after = _sliders(rng, 45, 60 + seed), _sliders(rng, 52, 40 + 3 * seed)
    shift = period_shift(Summary.of(before), Summary.of(after), min_n=10)
    expected = stats.ttest_ind(after, before, equal_var=False)
    interval = expected.confidence_interval(0.95)
    assert shift.enough and shift.n_before == before.size and shift.n_after == after.size
    assert shift.difference == pytest.approx(after.mean() - before.mean(), abs=1e-9)
    assert shift.p_value == pytest.approx(expected.pvalue, rel=1e-9, abs=1e-15)
    assert shift.statistic == pytest.approx(expected.statistic, rel=1e-9)
    assert shift.df == pytest.approx(expected.df, rel=1e-9)
    assert (shift.low, shift.high) == (pytest.approx(interval.low, abs=1e-9), pytest.approx(interval.high, abs=1e-9))


def test_the_difference_in_differences_is_the_four_means_with_the_summed_variances():
    rng = np.random.default_rng(3)
    groups = [_sliders(rng, m, n) for m, n in ((40, 80), (55, 70), (42, 300), (44, 250))]
    shift = difference_in_differences(*(Summary.of(g) for g in groups), min_n=10)
    rb, ra, xb, xa = groups
    difference = (ra.mean() - rb.mean()) - (xa.mean() - xb.mean())
    se = math.sqrt(sum(g.var(ddof=1) / g.size for g in groups))
    assert shift.difference == pytest.approx(difference, abs=1e-9)
    assert shift.p_value == pytest.approx(2 * stats.norm.sf(abs(difference / se)), rel=1e-9)
    assert shift.high - shift.low == pytest.approx(2 * stats.norm.ppf(0.975) * se, rel=1e-9)


def test_too_few_answers_give_no_numbers_and_the_conclusion_says_so():
    shift = period_shift(Summary.of([50] * 9), Summary.of(range(40)), min_n=10)
    assert not shift.enough and shift.mean_before is None and shift.difference is None
    assert conclusion(shift, "higher") == TOO_FEW
    with pytest.raises(AnalysisError):
        period_shift(Summary.of([1, 2]), Summary.of([3, 4]), min_n=1)
    with pytest.raises(AnalysisError):
        conclusion(shift, "sideways")


def test_the_conclusion_follows_the_direction_that_counts_as_better():
    rng = np.random.default_rng(11)
    up = period_shift(Summary.of(_sliders(rng, 40, 200)), Summary.of(_sliders(rng, 60, 200)), min_n=10)
    assert conclusion(up, "higher") == BETTER and conclusion(up, "lower") == WORSE
    same = period_shift(Summary.of([50.0] * 20), Summary.of([50.0] * 20), min_n=10)
    assert same.difference == 0 and conclusion(same, "higher") == UNCLEAR


def test_on_shuffled_answers_a_change_is_claimed_about_as_often_as_the_interval_promises():
    """400 seeds: the stories of one region, their periods shuffled. 'Beter' or 'slechter' is a claim; at 95%
    intervals it may be made in about 5% of the seeds, not more."""
    claims = 0
    for seed in range(400):
        rng = np.random.default_rng(seed)
        answers = _sliders(rng, 50, 120)
        after = rng.permutation(answers.size) < 50
        shift = period_shift(Summary.of(answers[~after]), Summary.of(answers[after]), min_n=10)
        claims += conclusion(shift, "higher") != UNCLEAR
    assert claims / 400 <= 0.08


def test_a_real_shift_of_the_demos_size_is_found_in_nearly_every_seed():
    """Eleven points on a slider with a spread of 25, some 150 stories before and 120 after (docs/demo-data.md)."""
    found = sum(conclusion(period_shift(Summary.of(_sliders(np.random.default_rng(s), 48, 150)),
                                        Summary.of(_sliders(np.random.default_rng(1000 + s), 59, 120)), min_n=10),
                           "higher") == BETTER for s in range(200))
    assert found / 200 >= 0.9


def test_the_difference_in_differences_does_not_cry_wolf_when_both_sides_change_alike():
    claims = 0
    for seed in range(300):
        rng = np.random.default_rng(seed)
        shift = difference_in_differences(Summary.of(_sliders(rng, 45, 60)), Summary.of(_sliders(rng, 55, 50)),
                                          Summary.of(_sliders(rng, 45, 200)), Summary.of(_sliders(rng, 55, 180)),
                                          min_n=10)
        claims += not (shift.low <= 0 <= shift.high)
    assert claims / 300 <= 0.08


def test_the_chart_hides_small_bins_when_suppressing():
    summary = Summary.of([10, 15, 50, 55, 60, 62, 64, 66, 90])
    spec = histogram_spec("Duidelijk", "Duidelijk", "nee", "ja", [("before", "Voor", summary, [2, 0, 6, 0, 1])],
                          min_group=5, suppress_small=True)
    assert spec["groups"][0]["counts"] == [None, None, 6, None, None]
    shown = histogram_spec("Duidelijk", "Duidelijk", None, None, [("before", "Voor", summary, [2, 0, 6, 0, 1])],
                           min_group=5, suppress_small=False)
    assert shown["groups"][0]["counts"] == [2, 0, 6, 0, 1] and shown["edges"] == [0, 20, 40, 60, 80, 100]


def test_the_apps_spelled_out_constants_match_the_library():
    """vertelpunt/proposals/measures.py names them without importing scipy at start-up."""
    import analysis.remeasure as library
    from vertelpunt.proposals import measures

    assert measures.CHART_BINS == library.CHART_BINS and measures.DIRECTIONS == library.DIRECTIONS
    assert set(measures.CONCLUSION_TEXT) == {library.BETTER, library.WORSE, library.UNCLEAR, library.TOO_FEW}
