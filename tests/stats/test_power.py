"""Minimum detectable effects: against Cohen's (1988) power tables and against simulations with scipy."""
import math

import numpy as np
import pytest
from scipy import stats

from analysis import power



def n_for(effect_at, target: float) -> int:
    """The smallest n whose minimum detectable effect is at most ``target``."""
    n = 4
    while effect_at(n) > target:
        n += 1
    return n


@pytest.mark.parametrize("r, cohen_n", [(0.1, 783), (0.3, 85), (0.5, 28)])
def test_correlation_matches_cohens_table(r, cohen_n):
    # Cohen (1988) table 3.4.1: two-sided alpha 0.05, power 0.80. Fisher's z (as for Pearson's r) is a
    # large-sample formula: it needs one or two stories more than Cohen's exact values at r = 0.5.
    assert 0 <= n_for(lambda n: power.min_rho(n, 0.05, 0.8, spearman=False), r) - cohen_n <= 2


@pytest.mark.parametrize("w, df, cohen_n", [(0.1, 1, 785), (0.3, 1, 87), (0.3, 3, 122), (0.5, 4, 48)])
def test_chi_square_matches_cohens_table(w, df, cohen_n):
    # Cohen (1988) table 7.4.6 ff.: alpha 0.05, power 0.80; w = V for a 2 x k table
    assert power.noncentrality(df, 0.05, 0.8) / w**2 == pytest.approx(cohen_n, abs=1.0)


def test_one_degree_of_freedom_is_the_normal_approximation():
    # chi-square with df 1 is a squared normal: lambda = (z_.975 + z_.8)^2 up to the far tail
    assert power.noncentrality(1, 0.05, 0.8) == pytest.approx((1.959964 + 0.841621) ** 2, rel=1e-3)


def _rejection_share(pvalues, alpha):
    return float(np.mean(np.asarray(pvalues) <= alpha))


REPS = 600
TOLERANCE = 0.05  # 600 repetitions: standard error 0.016 at power 0.8, plus the formulas' approximation


@pytest.mark.slow
def test_spearman_power_in_simulation():
    n, alpha = 120, 0.01
    rho_s = power.min_rho(n, alpha)
    r = 2 * math.sin(math.pi * rho_s / 6)  # Pearson r of a bivariate normal with that Spearman rho
    rng = np.random.default_rng(1)
    pvalues = []
    for _ in range(REPS):
        x = rng.normal(size=n)
        y = r * x + math.sqrt(1 - r**2) * rng.normal(size=n)
        pvalues.append(stats.spearmanr(x, y).pvalue)
    assert _rejection_share(pvalues, alpha) == pytest.approx(0.8, abs=TOLERANCE)


@pytest.mark.slow
def test_mann_whitney_power_in_simulation():
    n1 = n2 = 80
    alpha = 0.01
    rb = power.min_rank_biserial(n1, n2, alpha)
    shift = math.sqrt(2) * stats.norm.ppf((rb + 1) / 2)  # normal shift with P(X > Y) = (rb + 1) / 2
    rng = np.random.default_rng(2)
    x = rng.normal(shift, 1, size=(REPS, n1))
    y = rng.normal(0, 1, size=(REPS, n2))
    pvalues = stats.mannwhitneyu(x, y, axis=1).pvalue
    assert _rejection_share(pvalues, alpha) == pytest.approx(0.8, abs=TOLERANCE)


def _population_epsilon_squared(means):
    """12 * mean over groups of (theta_i - 1/2)^2, theta_i = P(X_other < X_i) averaged over groups
    (equal groups, unit-variance normals): what H / n estimates."""
    means = np.asarray(means)
    theta = stats.norm.cdf((means[:, None] - means[None, :]) / math.sqrt(2)).mean(axis=1)
    return 12 * np.mean((theta - 0.5) ** 2)


@pytest.mark.slow
def test_kruskal_wallis_power_in_simulation():
    n, alpha = 180, 0.01
    target = power.min_epsilon_squared(n, 3, alpha)
    from scipy import optimize

    d = optimize.brentq(lambda d: _population_epsilon_squared([-d, 0, d]) - target, 1e-6, 5)
    rng = np.random.default_rng(3)
    pvalues = []
    for _ in range(REPS):
        groups = [rng.normal(mean, 1, size=n // 3) for mean in (-d, 0, d)]
        pvalues.append(stats.kruskal(*groups).pvalue)
    assert _rejection_share(pvalues, alpha) == pytest.approx(0.8, abs=TOLERANCE)


@pytest.mark.slow
def test_chi_square_power_in_simulation():
    n, alpha = 300, 0.01
    v = power.min_cramers_v(n, 2, 2, alpha)
    d = v / 4  # balanced margins: phi = 4 d for cells 1/4 +- d
    cells = [0.25 + d, 0.25 - d, 0.25 - d, 0.25 + d]
    rng = np.random.default_rng(4)
    pvalues = []
    for counts in rng.multinomial(n, cells, size=REPS):
        pvalues.append(stats.chi2_contingency(counts.reshape(2, 2), correction=False).pvalue)
    assert _rejection_share(pvalues, alpha) == pytest.approx(0.8, abs=TOLERANCE)


def test_more_stories_find_smaller_effects_and_minimum_n_is_where_medium_becomes_findable():
    alpha = 0.05 / 300
    small, large = power.detectable_effects(200, alpha), power.detectable_effects(2000, alpha)
    assert all(b.effect_size < a.effect_size and b.strength < a.strength for a, b in zip(small, large))
    n = power.minimum_n(alpha)  # strength 0.3 (medium) for every comparison
    assert all(d.strength <= 0.3 for d in power.detectable_effects(n, alpha))
    assert any(d.strength > 0.3 for d in power.detectable_effects(n - 1, alpha))


def test_strengths_are_what_the_scan_computes_at_the_detectable_effect():
    from analysis.effects import cohens_w, rank_strength

    n, alpha = 600, 0.001
    rho, rb, eps, v = power.detectable_effects(n, alpha)
    assert rho.strength == rho.effect_size and v.strength == pytest.approx(cohens_w(v.effect_size, (2, 2)))
    # Kruskal-Wallis: H = lambda = n epsilon²; the scan's strength is sqrt(H / (n - 1))
    assert eps.strength == pytest.approx(rank_strength(eps.effect_size * n, n))
    # Mann-Whitney: z of U at that rank-biserial, then |z| / sqrt(n - 1) as for H = z²
    n1 = n2 = n // 2
    z = rb.effect_size * (n1 * n2 / 2) / math.sqrt(n1 * n2 * (n + 1) / 12)
    assert rb.strength == pytest.approx(rank_strength(z**2, n))


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        power.min_rho(3, 0.05)
    with pytest.raises(ValueError):
        power.min_cramers_v(100, 1, 3, 0.05)
    with pytest.raises(ValueError):
        power.min_epsilon_squared(100, 3, 1.5)
