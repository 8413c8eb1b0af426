"""Stratified tests against reference computations, and the mark 'verklaard door' on generated data."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from analysis import confounding as cf
from analysis.patterns import ScanOptions, scan
from tests.stats.confounded_data import direct, through_help_type


def _rows(table: np.ndarray):
    """Codes (a, b, stratum) per story from an (r, c, K) table of counts."""
    a, b, z = np.nonzero(table)
    repeats = table[a, b, z].astype(int)
    return np.repeat(a, repeats), np.repeat(b, repeats), np.repeat(z, repeats)


def _cmh_reference(table: np.ndarray) -> float:
    """R's mantelhaen.test statistic for an r x c x K table, step by step as R computes it (column-major
    vectors of the first r-1 rows and c-1 columns; Kronecker variance per stratum; solve)."""
    r, c, strata = table.shape
    observed, expected, variance = np.zeros((r - 1) * (c - 1)), np.zeros((r - 1) * (c - 1)), 0.0
    for k in range(strata):
        f = table[:, :, k].astype(float)
        total = f.sum()
        rows, cols = f.sum(axis=1), f.sum(axis=0)
        observed += f[:-1, :-1].ravel(order="F")
        expected += (np.outer(rows, cols)[:-1, :-1] / total).ravel(order="F")
        variance = variance + np.kron(np.diag(total * cols[:-1]) - np.outer(cols[:-1], cols[:-1]),
                                      np.diag(total * rows[:-1]) - np.outer(rows[:-1], rows[:-1])) / (total ** 2 * (total - 1))
    d = observed - expected
    return float(d @ np.linalg.solve(variance, d))


def test_cmh_equals_r_on_agrestis_job_satisfaction_table():
    """R: mantelhaen.test(Satisfaction) in ?mantelhaen.test (Agresti 2002, p. 287): M^2 = 10.2001, df = 9,
    p = 0.3345 (income x job satisfaction, stratified by gender)."""
    counts = np.array([1, 2, 0, 0, 3, 3, 1, 2, 11, 17, 8, 4, 2, 3, 5, 2,
                       1, 0, 0, 0, 1, 3, 0, 1, 2, 5, 7, 9, 1, 1, 3, 6]).reshape(2, 4, 4).transpose(2, 1, 0)
    statistic, df, strata = cf.cmh_statistic(*_rows(counts))
    assert (df, strata) == (9, 2)
    assert statistic == pytest.approx(10.2001, abs=5e-5)
    assert stats.chi2.sf(statistic, df) == pytest.approx(0.3345, abs=5e-5)
    assert statistic == pytest.approx(_cmh_reference(counts), rel=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_cmh_matches_the_reference_and_the_classical_two_by_two_formula(seed):
    rng = np.random.default_rng(seed)
    shape = (2 + seed % 3, 2 + seed % 2, 3 + seed)
    counts = rng.integers(1, 15, size=shape)
    statistic, df, _ = cf.cmh_statistic(*_rows(counts))
    assert df == (shape[0] - 1) * (shape[1] - 1)
    assert statistic == pytest.approx(_cmh_reference(counts), rel=1e-10)
    if shape[:2] == (2, 2):  # Mantel-Haenszel without continuity correction
        n = counts.sum(axis=(0, 1))
        a, row1, col1 = counts[0, 0], counts[0].sum(axis=0), counts[:, 0].sum(axis=0)
        classical = (np.sum(a - row1 * col1 / n) ** 2) / np.sum(row1 * (n - row1) * col1 * (n - col1) / (n ** 2 * (n - 1)))
        assert statistic == pytest.approx(classical, rel=1e-10)


def test_cmh_with_one_stratum_is_pearson_times_n_minus_one_over_n():
    rng = np.random.default_rng(1)
    a, b = rng.integers(0, 3, 500), rng.integers(0, 4, 500)
    statistic, df, _ = cf.cmh_statistic(a, b, np.zeros(500, dtype=int))
    crosstab = np.zeros((3, 4))
    np.add.at(crosstab, (a, b), 1)
    chi2 = stats.chi2_contingency(crosstab, correction=False)
    assert df == chi2.dof and statistic == pytest.approx(chi2.statistic * 499 / 500, rel=1e-12)


@pytest.mark.parametrize("seed", range(3))
def test_stratified_rank_test_with_one_stratum_is_kruskal_wallis(seed):
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 25, 300).astype(float)
    groups = rng.integers(0, 2 + seed, 300)
    x[groups == 1] += 3
    statistic, df, _ = cf.rank_statistic(x, groups, np.zeros(300, dtype=int))
    expected = stats.kruskal(*[x[groups == g] for g in range(2 + seed)])
    assert df == 1 + seed and statistic == pytest.approx(expected.statistic, rel=1e-12)


def _van_elteren(x, groups, strata) -> float:
    """Van Elteren (1960), written out: per stratum the Wilcoxon rank sum of group 1 with its mean and
    tie-corrected variance, weighted by 1 / (n_h + 1), summed; returns z^2."""
    total = mean = variance = 0.0
    for h in np.unique(strata):
        rows = strata == h
        ranks = stats.rankdata(x[rows])
        n, m = rows.sum(), np.sum(groups[rows] == 1)
        if n < 2:
            continue
        _, ties = np.unique(x[rows], return_counts=True)
        weight = 1.0 / (n + 1)
        total += weight * ranks[groups[rows] == 1].sum()
        mean += weight * m * (n + 1) / 2.0
        variance += weight ** 2 * m * (n - m) / 12.0 * ((n + 1) - np.sum(ties ** 3 - ties) / (n * (n - 1)))
    return (total - mean) ** 2 / variance


@pytest.mark.parametrize("seed", range(3))
def test_stratified_rank_test_for_two_groups_is_van_elteren(seed):
    rng = np.random.default_rng(seed)
    strata = rng.integers(0, 4, 240)
    x = np.round(rng.normal(40 + 10 * strata, 15)).astype(float)
    groups = (rng.random(240) < 0.3 + 0.1 * strata).astype(int)
    x[groups == 1] += 4
    result = cf.stratified_rank(x, groups, strata)
    assert result.test == "van Elteren" and result.df == 1
    assert result.statistic == pytest.approx(_van_elteren(x, groups, strata), rel=1e-10)
    # the scan's sort order gives the same ranks
    again = cf.stratified_rank(x, groups, strata, np.argsort(x, kind="stable"))
    assert again.statistic == pytest.approx(result.statistic, rel=1e-12)


def test_partial_spearman_equals_the_correlation_of_rank_residuals_on_stratum_dummies():
    rng = np.random.default_rng(2)
    strata = rng.integers(0, 3, 300)
    x = np.round(rng.normal(30 * strata, 20))
    y = np.round(0.5 * x + rng.normal(0, 20, 300))
    result = cf.partial_spearman(x, y, strata)
    dummies = np.column_stack([np.ones(300)] + [(strata == h).astype(float) for h in (1, 2)])
    residual = [r - dummies @ np.linalg.lstsq(dummies, r, rcond=None)[0] for r in (stats.rankdata(x), stats.rankdata(y))]
    rho = stats.pearsonr(*residual).statistic
    df = 300 - 2 - 2
    t = rho * np.sqrt(df / (1 - rho ** 2))
    assert result.statistic == pytest.approx(rho, rel=1e-10)
    assert result.pvalue == pytest.approx(2 * stats.t.sf(abs(t), df), rel=1e-9)
    assert result.strength_all == pytest.approx(abs(stats.spearmanr(x, y).statistic), rel=1e-10)


def test_disappears_needs_both_a_high_p_and_a_halved_strength():
    def result(p, strength, overall):
        return cf.Stratified("t", 1.0, 1, p, 100, 3, strength, overall)
    assert result(0.3, 0.05, 0.3).disappears(0.05)
    assert not result(0.01, 0.05, 0.3).disappears(0.05)  # still significant within the groups
    assert not result(0.3, 0.2, 0.3).disappears(0.05)  # weaker, but not by half: too little data to tell


def test_multiple_choice_stratifier_is_the_combination_of_options():
    from analysis.data import AnswerTable, Column

    yes_no = ("nee", "ja")
    columns = {
        "role": Column("role", "category", "role", "Rol", np.array([0, 1, 0, 1, 0]), ("youth", "parent")),
        "help_type=ots": Column("help_type=ots", "category", "help_type", "Om welke hulp ging het? – OTS",
                                np.array([1, 0, 1, -1, 0]), yes_no),
        "help_type=ggz": Column("help_type=ggz", "category", "help_type", "Om welke hulp ging het? – ggz",
                                np.array([1, 1, 0, -1, 0]), yes_no),
    }
    table = AnswerTable(columns, np.arange(5).astype(str), np.full(5, np.datetime64("2026-01-05"), dtype="datetime64[D]"))
    role, help_type = cf.stratifiers(table)
    assert (role.key, role.label, help_type.key, help_type.label) == ("role", "rol", "help_type", "soort hulp")
    codes = help_type.codes
    assert codes[3] == -1 and len({codes[0], codes[1], codes[2], codes[4]}) == 4  # both, ggz only, ots only, none
    assert [s.key for s in cf.stratifiers(table, ("region", "help_type"))] == ["help_type"]


PAIRS = {"numeric~numeric": [("x", "y")], "numeric~category": [("x", "a"), ("x", "b"), ("y", "a"), ("y", "b")],
         "category~category": [("a", "b")]}


def _marks(make, seeds):
    """Per kind of pair: (notable, marked 'verklaard door soort hulp', marked by anything) over the seeds."""
    counts = {kind: [0, 0, 0] for kind in PAIRS}
    options = ScanOptions(confirm_splits=0)
    for seed in seeds:
        found = {frozenset((p.a, p.b)): p for p in scan(make(seed), options).notable}
        for kind, pairs in PAIRS.items():
            for pair in pairs:
                pattern = found.get(frozenset(pair))
                if pattern is not None:
                    counts[kind][0] += 1
                    counts[kind][1] += "help_type" in pattern.explained_by
                    counts[kind][2] += bool(pattern.explained_by)
    return counts


@pytest.mark.slow
def test_relations_only_through_the_kind_of_help_are_marked_and_direct_ones_are_not():
    """n = 1000, 30 seeds each. Through help type: x, y, a and b all depend on the kind of help only, so every
    pair among them is notable and should be 'verklaard door soort hulp' in at least 90% of the cases, for each
    kind of test. Direct: the same questions related directly: marked (by anything) in at most 10%."""
    seeds = range(30)
    for kind, (notable, by_help, _) in _marks(through_help_type, seeds).items():
        cases = len(PAIRS[kind]) * len(seeds)
        assert notable >= 0.95 * cases, kind
        assert by_help >= 0.9 * cases, (kind, by_help, cases)
    for kind, (notable, _, marked) in _marks(direct, seeds).items():
        assert notable >= 0.8 * len(PAIRS[kind]) * len(seeds), kind
        assert marked <= 0.1 * notable, (kind, marked, notable)
