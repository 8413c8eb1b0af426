"""Every statistic against scipy (fixed seeds) and small cases computed by hand."""
import numpy as np
import pytest
from scipy import stats

from analysis import pairwise
from analysis.describe import shape
from analysis.fdr import bh_qvalues


@pytest.mark.parametrize("seed", range(5))
def test_kruskal_wallis_matches_scipy_with_ties_and_missing(seed):
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 30, 400).astype(float)
    x[rng.random(400) < 0.1] = np.nan
    codes = rng.integers(-1, 4, 400)
    result = pairwise.numeric_by_category(x, codes, ("a", "b", "c", "d"))
    groups = [x[(codes == g) & ~np.isnan(x)] for g in range(4)]
    expected = stats.kruskal(*groups)
    assert result.statistic == pytest.approx(expected.statistic, rel=1e-12)
    assert result.pvalue == pytest.approx(expected.pvalue, rel=1e-9)
    assert result.effect_size == pytest.approx(expected.statistic / (sum(map(len, groups)) - 1))
    assert result.group_ns == {k: len(g) for k, g in zip("abcd", groups)}


@pytest.mark.parametrize("seed", range(5))
def test_mann_whitney_matches_scipy(seed):
    rng = np.random.default_rng(seed)
    x = np.round(rng.normal(50, 20, 250))
    codes = rng.integers(0, 2, 250)
    result = pairwise.numeric_by_category(x, codes, ("nee", "ja"))
    expected = stats.mannwhitneyu(x[codes == 0], x[codes == 1], alternative="two-sided", method="asymptotic")
    assert result.test == "Mann-Whitney U"
    assert result.statistic == pytest.approx(expected.statistic)
    assert result.pvalue == pytest.approx(expected.pvalue, rel=1e-9)
    n0, n1 = (codes == 0).sum(), (codes == 1).sum()
    assert result.effect_size == pytest.approx(2 * expected.statistic / (n0 * n1) - 1)


def test_small_groups_are_left_out_and_reported():
    x = np.array([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])
    codes = np.array([0] * 6 + [1] * 5 + [2] * 2)
    result = pairwise.numeric_by_category(x, codes, ("a", "b", "c"), min_group=5)
    assert result.excluded == ("c",) and set(result.group_ns) == {"a", "b"}
    assert pairwise.numeric_by_category(x, codes, ("a", "b", "c"), min_group=7) is None


def test_epsilon_squared_by_hand():
    # Groups {1,2,3} and {4,5,6} and {7,8,9}: ranks equal values, H = 7.2, n = 9 -> eps^2 = 7.2 / 8 = 0.9
    x = np.arange(1, 10, dtype=float)
    result = pairwise.numeric_by_category(x, np.repeat([0, 1, 2], 3), ("a", "b", "c"), min_group=3)
    assert result.statistic == pytest.approx(7.2) and result.effect_size == pytest.approx(0.9)
    assert result.highlight["group"] == "a" and result.highlight["median"] == 2.0
    assert result.highlight["median_rest"] == 6.5  # median of 4..9


@pytest.mark.parametrize("seed", range(5))
def test_spearman_matches_scipy(seed):
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 10, 300).astype(float)
    y = x + rng.integers(0, 15, 300)
    x[rng.random(300) < 0.1] = np.nan
    result = pairwise.numeric_by_numeric(x, y)
    keep = ~np.isnan(x)
    expected = stats.spearmanr(x[keep], y[keep])
    assert result.statistic == pytest.approx(expected.statistic, rel=1e-10)
    assert result.pvalue == pytest.approx(expected.pvalue, rel=1e-8)


@pytest.mark.parametrize("seed", range(5))
def test_chi_square_matches_scipy(seed):
    rng = np.random.default_rng(seed)
    a, b = rng.integers(0, 3, 500), rng.integers(0, 4, 500)
    result = pairwise.category_by_category(a, b, ("x", "y", "z"), ("p", "q", "r", "s"))
    table = np.array([[np.sum((a == i) & (b == j)) for j in range(4)] for i in range(3)])
    chi2, pvalue, dof, expected = stats.chi2_contingency(table, correction=False)
    assert result.test == "chi-kwadraat"
    assert result.statistic == pytest.approx(chi2) and result.pvalue == pytest.approx(pvalue)
    assert result.highlight["table"] == table.tolist()


def test_cramers_v_by_hand():
    # 2x2 table [[30, 10], [10, 30]]: chi2 = 20, n = 80, phi^2 = 0.25, corrected 0.25 - 1/79
    table_a = np.repeat([0, 0, 1, 1], [30, 10, 10, 30])
    table_b = np.repeat([0, 1, 0, 1], [30, 10, 10, 30])
    result = pairwise.category_by_category(table_a, table_b, ("a1", "a2"), ("b1", "b2"))
    r_corr = 2 - 1 / 79
    assert result.statistic == pytest.approx(20.0)
    assert result.effect_size == pytest.approx(np.sqrt((0.25 - 1 / 79) / (r_corr - 1)))
    assert result.highlight["residual"] == pytest.approx((30 - 20) / np.sqrt(20 * 0.5 * 0.5))


def test_sparse_2x2_falls_back_to_fisher():
    a = np.repeat([0, 0, 1, 1], [8, 1, 2, 7])
    b = np.repeat([0, 1, 0, 1], [8, 1, 2, 7])
    result = pairwise.category_by_category(a, b, ("x", "y"), ("p", "q"))
    expected = stats.fisher_exact([[8, 1], [2, 7]])
    assert result.test == "Fisher exact"
    assert result.pvalue == pytest.approx(expected.pvalue) and result.statistic == pytest.approx(expected.statistic)


def test_fisher_with_a_zero_cell_reports_a_finite_odds_ratio():
    a = np.repeat([0, 0, 1, 1], [9, 0, 2, 7])
    b = np.repeat([0, 1, 0, 1], [9, 0, 2, 7])
    result = pairwise.category_by_category(a, b, ("x", "y"), ("p", "q"))
    assert result.test == "Fisher exact" and np.isfinite(result.statistic)
    assert result.pvalue == pytest.approx(stats.fisher_exact([[9, 0], [2, 7]]).pvalue)


def test_sparse_categories_are_merged():
    rng = np.random.default_rng(3)
    a = rng.integers(0, 2, 200)
    b = np.where(rng.random(200) < 0.9, rng.integers(0, 2, 200), rng.integers(2, 5, 200))
    result = pairwise.category_by_category(a, b, ("x", "y"), ("p", "q", "r", "s", "t"), min_group=5)
    assert any("+" in label for label in result.highlight["cols"])


def test_shape_matches_scipy():
    rng = np.random.default_rng(11)
    x = np.clip(rng.normal(40, 25, 500), 0, 100)
    x[:20] = np.nan
    s = shape(x)
    present = x[~np.isnan(x)]
    assert (s.n, s.missing) == (480, 20)
    assert s.mean == pytest.approx(present.mean()) and s.median == pytest.approx(np.median(present))
    assert s.sd == pytest.approx(np.std(present, ddof=1))
    assert s.skewness == pytest.approx(stats.skew(present, bias=False))
    assert s.kurtosis == pytest.approx(stats.kurtosis(present, bias=False))
    assert s.mode == float(np.bincount(np.rint(present).astype(int)).argmax())


def test_split_opinions_are_bimodal():
    x = np.concatenate([np.full(50, 2.0), np.full(50, 97.0), np.full(5, 50.0)])
    s = shape(x)
    assert s.bimodal and s.at_poles > 0.9
    assert not shape(np.random.default_rng(0).normal(50, 10, 200)).bimodal


@pytest.mark.parametrize("seed", range(5))
def test_bh_matches_scipy(seed):
    p = np.random.default_rng(seed).random(60) ** 3
    assert np.allclose(bh_qvalues(p), stats.false_discovery_control(p, method="bh"))


def test_bad_input_raises_value_error():
    with pytest.raises(ValueError):
        bh_qvalues([0.5, 1.5])
    with pytest.raises(ValueError):
        bh_qvalues([[0.1]])
