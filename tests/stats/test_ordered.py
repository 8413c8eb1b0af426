"""Ordered choices (merge only with a neighbour, trend along the order), n.v.t. as its own answer, and the
fast rank kernels on continuous values, all against scipy or by hand."""
import numpy as np
import pytest
from scipy import stats

from analysis import pairwise, ranks, tables
from analysis.data import AnswerTable, Column
from analysis.patterns import TREND_TEST, ScanOptions, _Orders, _trend, scan

BANDS = ("a0_3", "a4_7", "a8_11", "a12_15", "a16_17")


def _ordered(values, categories=BANDS, off_scale=()):
    return Column("age", "category", "age", "Leeftijd", np.asarray(values), categories, categories, ordered=True,
                  off_scale=off_scale)


def _table(columns):
    n = len(next(iter(columns.values())).values)
    return AnswerTable(columns, np.array([f"S{i}" for i in range(n)], dtype=object),
                       np.full(n, np.datetime64("2026-03-02"), dtype="datetime64[D]"))


@pytest.mark.parametrize("seed", range(4))
def test_trend_of_a_number_along_an_ordered_choice_is_spearman_on_the_places(seed):
    rng = np.random.default_rng(seed)
    codes = rng.integers(-1, 6, 500)  # 5 = "weet niet", off the scale; -1 missing
    x = np.round(rng.normal(50, 20, 500) + 3 * codes)
    x[rng.random(500) < 0.1] = np.nan
    age = _ordered(codes, BANDS + ("weet_niet",), off_scale=("weet_niet",))
    number = Column("s", "numeric", "s", "Schuif", x)
    trend = _trend(number, age, ScanOptions(), _Orders(_table({"s": number, "age": age})))
    rows = ~np.isnan(x) & (codes >= 0) & (codes < 5)
    expected = stats.spearmanr(x[rows], codes[rows])
    assert trend["test"] == TREND_TEST and trend["n"] == rows.sum()
    assert trend["rho"] == pytest.approx(expected.statistic, abs=1e-12)
    assert trend["pvalue"] == pytest.approx(expected.pvalue, rel=1e-9)


def test_trend_between_two_ordered_choices_and_none_with_an_unordered_one():
    rng = np.random.default_rng(3)
    a = rng.integers(0, 5, 400)
    b = np.clip(a + rng.integers(-1, 2, 400), 0, 4)
    first, second = _ordered(a), Column("felt", "category", "felt", "Gevoel", b, BANDS, BANDS, ordered=True)
    orders = _Orders(_table({"age": first, "felt": second}))
    expected = stats.spearmanr(a, b)
    trend = _trend(first, second, ScanOptions(), orders)
    assert trend["rho"] == pytest.approx(expected.statistic, abs=1e-12)
    assert trend["pvalue"] == pytest.approx(expected.pvalue, rel=1e-9)
    unordered = Column("felt", "category", "felt", "Gevoel", b, BANDS, BANDS)
    assert _trend(first, unordered, ScanOptions(), orders) == {}


def test_sparse_groups_of_an_ordered_choice_merge_with_their_smaller_neighbour_only():
    counts = np.array([40, 3, 30, 2, 50])
    mapping, names = tables.merge_neighbours(counts, np.arange(5), 5, BANDS)
    # a12_15 (2) is smallest: of its neighbours a8_11 (30) and a16_17 (50) it joins a8_11; then a4_7 (3) joins
    # the smaller of a0_3 (40) and a8_11 + a12_15 (32); a0_3 and a16_17 are never merged with a far band
    assert names == ("a0_3", "a4_7 + a8_11 + a12_15", "a16_17")
    assert mapping[:-1].tolist() == [0, 1, 1, 1, 2] and mapping[-1] == -1


def test_an_unordered_choice_still_drops_sparse_groups_and_an_ordered_one_merges_them():
    rng = np.random.default_rng(5)
    codes = rng.permutation(np.repeat(np.arange(5), [90, 3, 100, 4, 103]))
    x = np.round(rng.normal(50, 20, 300))
    plain = pairwise.numeric_by_category(x, codes, BANDS, 5)
    merged = pairwise.numeric_by_category(x, codes, BANDS, 5, scale=np.arange(5))
    assert "a4_7" in plain.excluded and merged.excluded == ()
    assert sum(merged.group_ns.values()) == 300 and any("+" in name for name in merged.group_ns)
    groups = {}
    for name in merged.group_ns:
        members = [BANDS.index(key) for key in name.split(" + ")]
        groups[name] = x[np.isin(codes, members)]
    assert merged.pvalue == pytest.approx(stats.kruskal(*groups.values()).pvalue, rel=1e-9)


def test_chi_square_merges_an_ordered_axis_only_along_its_order():
    # a sparse first band and a sparse last band: an unordered merge would put them together
    table_rows = [6, 60, 60, 6]
    a = np.repeat(np.arange(4), table_rows)
    rng = np.random.default_rng(2)
    b = rng.integers(0, 3, a.size)
    outcome = pairwise.category_by_category(a, b, BANDS[:4], ("x", "y", "z"), 5, scale_a=np.arange(4))
    rows = outcome.highlight["rows"]
    assert "a0_3 + a16_17" not in rows and all(
        abs(BANDS.index(parts[0]) - BANDS.index(parts[-1])) == len(parts) - 1
        for parts in (row.split(" + ") for row in rows))


def test_na_is_its_own_answer_and_the_scan_finds_who_says_it_more_often():
    rng = np.random.default_rng(4)
    form = {"key": "f", "roles": [{"key": "youth", "label": "Jong"}, {"key": "parent", "label": "Ouder"}],
            "modules": [{"key": "m", "questions": [{"key": "heard", "type": "slider", "text": "Gehoord"}]}]}
    records = []
    for i in range(600):
        role = "youth" if i % 3 == 0 else "parent"
        draw = rng.random()
        answer = "nvt" if draw < (0.4 if role == "youth" else 0.1) else (None if draw > 0.95 else float(rng.integers(0, 101)))
        records.append({"public_id": f"S{i}", "role": role, "week": "2026-03-02",
                        "answers": {} if answer is None else {"heard": answer}})
    table = AnswerTable.from_records(form, records)
    na = table.columns["heard=nvt"]
    assert na.kind == "category" and na.categories == ("nee", "ja") and na.category_labels[1] == "n.v.t."
    said = np.array([r["answers"].get("heard") == "nvt" for r in records])
    unanswered = np.array(["heard" not in r["answers"] for r in records])
    assert np.array_equal(na.values == 1, said) and np.array_equal(na.values == -1, unanswered)
    assert np.isnan(table.columns["heard"].values[said]).all()
    notable = {(p.a, p.b) for p in scan(table, ScanOptions(confirm_splits=0, strata=())).notable}
    assert ("role", "heard=nvt") in notable or ("heard=nvt", "role") in notable


@pytest.mark.parametrize("seed", range(3))
def test_rank_kernels_on_continuous_values_with_missing_rows_match_scipy(seed):
    """Triad shares have (almost) no ties, so the kernels gather ranks per row instead of a count table."""
    rng = np.random.default_rng(seed)
    n = 70_000  # more distinct values than the table limit
    x = rng.random(n)
    x[rng.random(n) < 0.05] = np.nan
    y = rng.random(n) + 0.3 * np.nan_to_num(x)
    y[rng.random(n) < 0.05] = np.nan
    codes = rng.integers(-1, 4, n)
    ranked_x = ranks.RankedColumn(x)
    restricted = np.where(rng.random(n) < 0.5, x, np.nan)  # a half, as a confirmation split restricts it
    for values in (x, restricted):
        result = pairwise.numeric_by_category(values, codes, ("a", "b", "c", "d"), 5, ranked_x)
        groups = [values[(codes == g) & ~np.isnan(values)] for g in range(4)]
        assert result.pvalue == pytest.approx(stats.kruskal(*groups).pvalue, rel=1e-9, abs=1e-300)
        assert result.statistic == pytest.approx(stats.kruskal(*groups).statistic, rel=1e-9)
        assert result.highlight["median"] == np.median(groups[["a", "b", "c", "d"].index(result.highlight["group"])])
        both = ~np.isnan(values) & ~np.isnan(y)
        rho = pairwise.numeric_by_numeric(values, y, 20, ranked_x, ranks.RankedColumn(y))
        expected = stats.spearmanr(values[both], y[both])
        assert rho.effect_size == pytest.approx(expected.statistic, abs=1e-12)
        assert rho.pvalue == pytest.approx(expected.pvalue, rel=1e-9, abs=1e-300)
        slider = np.round(y * 50)
        rho = pairwise.numeric_by_numeric(values, slider, 20, ranked_x, ranks.RankedColumn(slider))
        expected = stats.spearmanr(values[both], slider[both])
        assert rho.effect_size == pytest.approx(expected.statistic, abs=1e-12)


@pytest.mark.slow
def test_the_trend_test_does_not_cry_wolf_on_shuffled_data():
    """On 400 shuffled datasets the trend test along an ordered choice rejects at alpha = 0.05 in about 5%
    of them (binomial 95% range for 400 runs: 2.9% to 7.3%), for a number and for another ordered choice."""
    rng = np.random.default_rng(2026)
    hits = {"number": 0, "ordered": 0}
    runs = 400
    for _ in range(runs):
        codes = rng.choice(5, size=300, p=[0.1, 0.2, 0.4, 0.2, 0.1])
        x = np.round(np.clip(rng.normal(50, 25, 300), 0, 100))
        other = rng.permutation(codes)
        age = _ordered(codes)
        columns = {"s": Column("s", "numeric", "s", "Schuif", rng.permutation(x)), "age": age,
                   "felt": Column("felt", "category", "felt", "Gevoel", other, BANDS, BANDS, ordered=True)}
        orders = _Orders(_table(columns))
        hits["number"] += _trend(columns["s"], age, ScanOptions(), orders)["pvalue"] < 0.05
        hits["ordered"] += _trend(age, columns["felt"], ScanOptions(), orders)["pvalue"] < 0.05
    for count in hits.values():
        assert 0.029 * runs <= count <= 0.073 * runs, hits
