"""LORD++ across a project's scans: a hand computation, batches equal one stream, FDR on null streams."""
import math

import numpy as np
import pytest
from scipy import stats

from analysis.online_fdr import GAMMA_CONSTANT, LordState, gamma_sequence, lord_plus_plus


def hand_gamma(j: int) -> float:
    return 0.07720838 * math.log(max(j, 2)) / (j * math.exp(math.sqrt(math.log(j))))


def test_gamma_matches_the_formula_and_sums_to_at_most_one():
    gamma = gamma_sequence(50)
    assert gamma[0] == pytest.approx(hand_gamma(1), rel=1e-15)
    assert gamma[49] == pytest.approx(hand_gamma(50), rel=1e-15)
    # partial sum up to 10**6 plus the exact tail integral: 2 e^-s (s^3 + 3 s^2 + 6 s + 6), s = sqrt(log N)
    n = 10**6
    s = math.sqrt(math.log(n + 0.5))
    tail = 2 * math.exp(-s) * (s**3 + 3 * s**2 + 6 * s + 6) * GAMMA_CONSTANT
    assert gamma_sequence(n).sum() + tail < 1.0


def test_levels_and_decisions_equal_a_hand_computation():
    alpha, w0 = 0.05, 0.025
    p = [0.0001, 0.5, 0.0004, 0.8, 0.0005, 0.9]
    g = hand_gamma
    # t=1: no discovery yet
    a1 = g(1) * w0                                   # 0.001337 -> p1 = 0.0001 is a discovery (tau_1 = 1)
    a2 = g(2) * w0 + (alpha - w0) * g(2 - 1)         # 0.5 > a2
    a3 = g(3) * w0 + (alpha - w0) * g(3 - 1)         # 0.000539 -> p3 = 0.0004 is a discovery
    assert p[0] <= a1
    assert p[1] > a2
    third = p[2] <= a3
    rejections = [1] + ([3] if third else [])

    def level(t):
        value = g(t) * w0 + (alpha - w0) * g(t - rejections[0])
        return value + sum(alpha * g(t - r) for r in rejections[1:] if r < t)

    a4 = level(4)
    a5 = level(5)
    fifth = p[4] <= a5
    if fifth:
        rejections.append(5)
    a6 = level(6)
    result = lord_plus_plus(p, LordState(alpha, w0))
    np.testing.assert_allclose(result.levels, [a1, a2, a3, a4, a5, a6], rtol=1e-13)
    assert result.rejected.tolist() == [True, False, third, False, fifth, p[5] <= a6]
    assert result.state.rejections == tuple(rejections)
    assert result.state.tests == 6 and result.positions.tolist() == [1, 2, 3, 4, 5, 6]
    assert result.state.spent == pytest.approx(a1 + a2 + a3 + a4 + a5 + a6, rel=1e-13)
    # the numbers themselves, so that a change of formula cannot hide behind the same helper
    assert a1 == pytest.approx(0.00133792, abs=1e-8) and a3 == pytest.approx(0.000539, abs=1e-6)
    assert third and fifth and result.state.rejections == (1, 3, 5)


def test_two_batches_give_exactly_one_stream():
    rng = np.random.default_rng(3)
    p = np.concatenate([rng.uniform(size=300), rng.uniform(0, 1e-4, size=20), rng.uniform(size=300)])
    rng.shuffle(p)
    whole = lord_plus_plus(p)
    first = lord_plus_plus(p[:250])
    second = lord_plus_plus(p[250:], first.state)
    np.testing.assert_array_equal(np.concatenate([first.levels, second.levels]), whole.levels)
    np.testing.assert_array_equal(np.concatenate([first.rejected, second.rejected]), whole.rejected)
    assert second.state == whole.state
    assert second.positions[0] == 251


def test_wealth_never_goes_negative_and_grows_with_discoveries():
    rng = np.random.default_rng(4)
    p = np.where(rng.uniform(size=2000) < 0.1, rng.uniform(0, 1e-7, 2000), rng.uniform(size=2000))
    state = LordState()
    for start in range(0, 2000, 100):
        state = lord_plus_plus(p[start:start + 100], state).state
        assert state.wealth >= -1e-12
    assert len(state.rejections) > 50


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        lord_plus_plus([0.2, 1.5])
    with pytest.raises(ValueError):
        LordState(alpha=0.05, w0=0.06)
    with pytest.raises(ValueError):
        LordState(tests=2, rejections=(3,))


def _fdr(seeds: int, length: int, signal_share: float, batches: int) -> tuple[float, float]:
    """Mean false discovery proportion over ``seeds`` streams, each run in ``batches`` scans."""
    proportions = []
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        signal = rng.uniform(size=length) < signal_share
        z = rng.normal(size=length) + np.where(signal, 3.0, 0.0)
        p = stats.norm.sf(z)
        state, rejected = LordState(), []
        for part in np.array_split(p, batches):
            outcome = lord_plus_plus(part, state)
            state, rejected = outcome.state, rejected + outcome.rejected.tolist()
        rejected = np.asarray(rejected)
        proportions.append((rejected & ~signal).sum() / max(1, rejected.sum()))
    mean = float(np.mean(proportions))
    return mean, float(np.std(proportions) / math.sqrt(seeds))


def test_fdr_is_controlled_on_null_streams_quick():
    mean, se = _fdr(seeds=150, length=400, signal_share=0.0, batches=4)
    assert mean <= 0.05 + 3 * se


@pytest.mark.slow
@pytest.mark.parametrize("signal_share", [0.0, 0.05, 0.2])
def test_fdr_is_controlled_over_many_seeds(signal_share):
    mean, se = _fdr(seeds=600, length=1000, signal_share=signal_share, batches=5)
    assert mean <= 0.05 + 3 * se
