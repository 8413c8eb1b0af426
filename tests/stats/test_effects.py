"""Intervals and the one strength scale: every number against scipy or its published formula, and the
intervals' coverage checked by simulation on populations whose true effect is known."""
import math

import numpy as np
import pytest
from scipy import stats

from analysis import effects, pairwise
from analysis.patterns import EFFECT_CLASSES, ScanOptions

Z = stats.norm.ppf(0.975)


@pytest.mark.parametrize("seed", range(4))
def test_spearman_interval_is_fisher_z_with_the_bonett_wright_error(seed):
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 20, 200).astype(float)
    y = x + rng.integers(0, 25, 200)
    result = pairwise.numeric_by_numeric(x, y)
    rho = stats.spearmanr(x, y).statistic
    se = math.sqrt((1 + rho ** 2 / 2) / (200 - 3))
    assert result.interval == pytest.approx((math.tanh(math.atanh(rho) - Z * se), math.tanh(math.atanh(rho) + Z * se)),
                                            abs=1e-9)
    assert result.strength == pytest.approx(abs(rho), abs=1e-9)


@pytest.mark.parametrize("seed", range(4))
def test_mann_whitney_interval_and_strength(seed):
    rng = np.random.default_rng(seed)
    x = np.round(rng.normal(50, 20, 250))
    codes = (rng.random(250) < 0.4).astype(int)
    x[codes == 1] += 8
    result = pairwise.numeric_by_category(x, codes, ("nee", "ja"))
    n0, n1 = int((codes == 0).sum()), int((codes == 1).sum())
    r = 2 * stats.mannwhitneyu(x[codes == 0], x[codes == 1]).statistic / (n0 * n1) - 1
    se = math.sqrt((n0 + n1 + 1) / (3 * n0 * n1))
    assert result.interval == pytest.approx((math.tanh(math.atanh(r) - Z * se), math.tanh(math.atanh(r) + Z * se)),
                                            abs=1e-9)
    # strength: the correlation ratio of the ranks, the same formula as for three groups ...
    h = stats.kruskal(x[codes == 0], x[codes == 1]).statistic
    assert result.strength == pytest.approx(math.sqrt(h / (250 - 1)), abs=1e-9)
    # ... which for two groups is |z| / sqrt(n - 1), z of Mann-Whitney U without continuity correction
    p = stats.mannwhitneyu(x[codes == 0], x[codes == 1], use_continuity=False, method="asymptotic").pvalue
    assert result.strength == pytest.approx(stats.norm.isf(p / 2) / math.sqrt(249), abs=1e-9)


@pytest.mark.parametrize("seed", range(4))
def test_kruskal_wallis_interval_inverts_the_noncentral_chi_square(seed):
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, 3, 300)
    x = np.round(rng.normal(50, 20, 300) + 6 * codes)
    result = pairwise.numeric_by_category(x, codes, ("a", "b", "c"))
    groups = [x[codes == g] for g in range(3)]
    h = stats.kruskal(*groups).statistic
    low, high = result.interval
    assert stats.ncx2.cdf(h, 2, low * 299) == pytest.approx(0.975, abs=1e-9)
    assert stats.ncx2.cdf(h, 2, high * 299) == pytest.approx(0.025, abs=1e-9)
    assert low < result.effect_size < high
    assert result.strength == pytest.approx(math.sqrt(h / 299), abs=1e-9)


def test_an_interval_that_reaches_zero_starts_at_zero():
    low, high = effects.epsilon_squared_interval(1.0, 3, 100)  # H below its df: no effect at all
    assert low == 0.0 and stats.chi2.cdf(1.0, 2) <= 0.975
    assert stats.ncx2.cdf(1.0, 2, high * 99) == pytest.approx(0.025, abs=1e-9)
    assert effects.noncentrality_interval(0.001, 4) == (0.0, 0.0)
    # H under the 2.5% point of chi-square: lambda's interval is [0, 0], the estimate H / (n - 1) stays in
    assert stats.chi2.cdf(0.01, 2) < 0.025
    assert effects.epsilon_squared_interval(0.01, 3, 100) == (0.0, pytest.approx(0.01 / 99, abs=1e-15))


@pytest.mark.parametrize("seed", range(4))
def test_cramers_v_interval_inverts_the_noncentral_chi_square(seed):
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 3, 500)
    b = np.where(rng.random(500) < 0.2, a, rng.integers(0, 4, 500))
    result = pairwise.category_by_category(a, b, ("x", "y", "z"), ("p", "q", "r", "s"))
    table = np.array([[np.sum((a == i) & (b == j)) for j in range(4)] for i in range(3)])
    chi2 = stats.chi2_contingency(table, correction=False).statistic
    n = 500
    d = min(4 - 9 / (n - 1) - 1, 3 - 4 / (n - 1) - 1)  # Bergsma's corrected min(k - 1, r - 1)
    low, high = result.interval
    assert stats.ncx2.cdf(chi2, 6, low ** 2 * n * d) == pytest.approx(0.975, abs=1e-9)
    assert stats.ncx2.cdf(chi2, 6, high ** 2 * n * d) == pytest.approx(0.025, abs=1e-9)
    assert low < result.effect_size < high
    v = stats.contingency.association(table, method="cramer")  # uncorrected V: w = V sqrt(df) = phi
    assert v * math.sqrt(2) == pytest.approx(math.sqrt(chi2 / n), abs=1e-9)
    assert result.strength == pytest.approx(result.effect_size * math.sqrt(2), abs=1e-9)


@pytest.mark.parametrize("df, bars", [(1, (0.10, 0.30, 0.50)), (2, (0.07, 0.21, 0.35)), (3, (0.06, 0.17, 0.29)),
                                      (4, (0.05, 0.15, 0.25))])
def test_cramers_v_classes_follow_cohens_table_by_degrees_of_freedom(df, bars):
    """Cohen (1988, table 7.2.1 via w = V sqrt(df)): the bars for V shrink with min(r, c) - 1."""
    options = ScanOptions()
    shape = (df + 1, df + 2)
    for expected_class, bar in enumerate(bars, start=1):
        exact = (0.1, 0.3, 0.5)[expected_class - 1] / math.sqrt(df)
        assert exact == pytest.approx(bar, abs=0.005)  # Cohen's table, rounded to two decimals
        assert options.effect_class(effects.cohens_w(exact * 1.001, shape)) == expected_class
        assert options.effect_class(effects.cohens_w(exact * 0.999, shape)) == expected_class - 1


def test_two_groups_and_three_groups_get_the_same_bar():
    """The same rank effect size (the correlation ratio of ranks) is 'klein' for two groups and for three."""
    options = ScanOptions()
    rng = np.random.default_rng(5)
    results = {}
    for k in (2, 3):
        x = rng.normal(0, 1, 3000)
        codes = rng.integers(0, k, 3000)
        x = x + 0.3 * (codes == 0)
        result = pairwise.numeric_by_category(x, codes, tuple("abc"[:k]))
        results[k] = result
        assert EFFECT_CLASSES[options.effect_class(result.strength)] == "klein"
    for result in results.values():  # and the bar is the same number on the same scale
        assert (result.strength >= 0.1) == (options.effect_class(result.strength) >= 1)


def _coverage(draw, truth, seeds):
    inside = 0
    for seed in seeds:
        low, high = draw(np.random.default_rng(seed))
        inside += low <= truth <= high
    return inside / len(seeds)


@pytest.mark.slow
def test_intervals_cover_the_true_effect_about_95_percent():
    """300 samples of n = 300 per test from populations with a known effect; the share of 95% intervals
    that hold the true value lies between 91% and 98.5% (binomial sd at 300 draws is 1.3 points)."""
    seeds = range(300)
    # rho: bivariate normal with Pearson 0.4; population Spearman = 6/pi asin(0.4 / 2)
    def spearman(rng):
        x = rng.normal(size=300)
        y = 0.4 * x + math.sqrt(1 - 0.16) * rng.normal(size=300)
        return pairwise.numeric_by_numeric(x, y).interval
    assert 0.91 <= _coverage(spearman, 6 / math.pi * math.asin(0.2), seeds) <= 0.985

    # rank-biserial: two normals 0.5 sd apart; population r = 2 P(X0 > X1) - 1 = 2 Phi(-0.5 / sqrt 2) - 1
    def two_groups(rng):
        codes = np.repeat([0, 1], [150, 150])
        return pairwise.numeric_by_category(rng.normal(size=300) + 0.5 * codes, codes, ("a", "b")).interval
    assert 0.91 <= _coverage(two_groups, 2 * stats.norm.cdf(-0.5 / math.sqrt(2)) - 1, seeds) <= 0.985

    # epsilon-squared: three normals at 0, 0.3, 0.6 sd; the population value from one very large sample
    def three_groups(rng, n=300):
        codes = np.arange(n) % 3
        return pairwise.numeric_by_category(rng.normal(size=n) + 0.3 * codes, codes, ("a", "b", "c"))
    truth = three_groups(np.random.default_rng(10_000), 300_000).effect_size
    assert 0.91 <= _coverage(lambda rng: three_groups(rng).interval, truth, seeds) <= 0.985

    # Cramer's V: a 2 x 3 table with known cell probabilities; V = sqrt(phi^2 / (min(r, c) - 1))
    cells = np.array([[0.20, 0.15, 0.15], [0.10, 0.15, 0.25]])
    outer = np.outer(cells.sum(axis=1), cells.sum(axis=0))
    true_v = math.sqrt(float(np.sum((cells - outer) ** 2 / outer)) / 1)
    def table(rng):
        flat = rng.choice(6, size=300, p=cells.ravel())
        return pairwise.category_by_category(flat // 3, flat % 3, ("a", "b"), ("p", "q", "r")).interval
    assert 0.91 <= _coverage(table, true_v, seeds) <= 0.985
