"""The scan as a whole: planted relations found on top, no crying wolf on data without relations."""
import io
import json
from datetime import date

import numpy as np
import pytest

from analysis.data import AnswerTable
from analysis.patterns import EFFECT_CLASSES, ScanOptions, ScanResult, compare_split, scan
from vertelpunt.demo.generator import generate_stories
from vertelpunt.forms.services import DEFAULT_FORM_PATH, read_form_file
from vertelpunt.geo.services import read_regions

DEMO_REGIONS = ("groningen", "twente", "rijk-van-nijmegen", "midden-holland")
PLANTED = [  # docs/demo-data.md
    {"outcome", "heard"},
    {"involved", "role"},
    {"on_time", "region"},
    {"mattered", "help_type"},
    {"help_type", "moment"},
]


@pytest.fixture(scope="module")
def demo():
    form = read_form_file(DEFAULT_FORM_PATH)
    regions = [r for r in read_regions() if r["key"] in DEMO_REGIONS]
    table = AnswerTable.from_records(form, generate_stories(form, regions, n=960, seed=7))
    return table, scan(table)


def test_every_planted_relation_is_notable_and_stable(demo):
    _, result = demo
    found = [{p.question_a, p.question_b} for p in result.notable]
    for relation in PLANTED:
        assert relation in found, relation
    for pattern in result.notable:
        if {pattern.question_a, pattern.question_b} in PLANTED:
            assert pattern.stability >= 0.9 and pattern.qvalue < 0.001


def test_ranking_puts_notable_first_and_folds_duplicates(demo):
    _, result = demo
    flags = [p.notable for p in result.patterns]
    assert flags == sorted(flags, reverse=True)
    pairs = [frozenset((p.question_a, p.question_b)) for p in result.notable]
    assert len(pairs) == len(set(pairs))
    assert result.tested > 500 and result.n_stories == 960


def test_patterns_carry_what_a_card_needs(demo):
    table, result = demo
    heard = next(p for p in result.notable if {p.question_a, p.question_b} == {"involved", "role"})
    assert heard.highlight["group"] == "youth" and heard.highlight["median"] < heard.highlight["median_rest"]
    assert "lager" in heard.description and "Ik ben kind of jongere" in heard.description
    assert heard.story_ids and set(heard.story_ids) <= set(table.public_ids.tolist())
    assert heard.group_ns["youth"] >= 5


def test_result_round_trips_through_json(demo):
    _, result = demo
    again = ScanResult.from_dict(json.loads(json.dumps(result.to_dict(), allow_nan=False)))
    assert again.patterns == result.patterns and again.options == result.options


def test_one_region_against_the_rest(demo):
    table, _ = demo
    split = compare_split(table, table.mask_for("region", "twente"), "Twente", "de andere regio's", exclude=("region",))
    assert [p.question_a for p in split.notable][:1] == ["on_time"]
    assert all("region" not in (p.question_a, p.question_b) for p in split.patterns)
    with pytest.raises(ValueError):
        compare_split(table, np.ones(table.n, dtype=bool), "a", "b")


def _null_table(seed: int, n: int = 300) -> AnswerTable:
    rng = np.random.default_rng(seed)
    form = {"key": "null", "roles": [{"key": r, "label": r} for r in ("youth", "parent", "professional")],
            "modules": [{"key": "m", "questions": [
                *[{"key": f"s{i}", "type": "slider", "text": f"s{i}"} for i in range(5)],
                *[{"key": f"c{i}", "type": "single_choice", "text": f"c{i}",
                   "options": [{"key": f"o{j}", "label": f"o{j}"} for j in range(3)]} for i in range(3)],
                {"key": "m0", "type": "multi_choice", "text": "m0",
                 "options": [{"key": f"o{j}", "label": f"o{j}"} for j in range(3)]},
            ]}]}
    records = [{"public_id": str(i), "role": rng.choice(["youth", "parent", "professional"], p=[0.2, 0.5, 0.3]),
                "region": rng.choice(["a", "b"]), "week": date(2026, int(rng.integers(1, 13)), 1),
                "answers": {**{f"s{k}": float(np.round(rng.uniform(0, 100))) for k in range(5)},
                            **{f"c{k}": f"o{rng.integers(3)}" for k in range(3)},
                            "m0": [f"o{j}" for j in range(3) if rng.random() < 0.4]}}
               for i in range(n)]
    return AnswerTable.from_records(form, records)


@pytest.mark.slow
def test_false_discoveries_stay_at_the_nominal_level_over_many_seeds():
    """Under the global null, BH at q = 0.05 gives P(any notable) <= 0.05; checked over 200 seeds.
    With 200 runs, a binomial 99.9% upper margin above 5% is about 5.5 points."""
    options = ScanOptions(stability_splits=0)
    runs = 200
    with_findings = sum(bool(scan(_null_table(seed), options).notable) for seed in range(runs))
    assert with_findings / runs <= 0.05 + 0.055


def test_shuffled_demo_has_no_relations_left(demo):
    table, _ = demo
    rng = np.random.default_rng(0)
    shuffled = {name: type(col)(**{**col.__dict__, "values": rng.permutation(col.values)}) for name, col in table.columns.items()}
    shuffled_table = AnswerTable(shuffled, table.public_ids, table.weeks, table.texts, table.meta)
    result = scan(shuffled_table, ScanOptions(stability_splits=0))
    # multiple-choice options of one question stay linked within a row only before shuffling; after it,
    # at most a chance finding may remain
    assert len(result.notable) <= 1


def test_csv_export_reads_into_the_same_table(demo):
    form = {"key": "mini", "roles": [{"key": "parent", "label": "Ouder"}],
            "modules": [{"key": "m", "questions": [
                {"key": "outcome", "type": "slider", "text": "Uitkomst"},
                {"key": "help", "type": "multi_choice", "text": "Hulp",
                 "options": [{"key": "a", "label": "A"}, {"key": "b", "label": "B"}]},
                {"key": "t", "type": "triad", "text": "T", "corners": [{"key": k, "label": k} for k in "xyz"]}]}]}
    text = ("public_id,role,prompt,title,text,week,channel,language,complete,status,region,outcome,help,t\n"
            "A1,parent,,,Tekst,2026-03-02,online,nl,1,published,twente,nvt,a;b,0.2;0.3;0.5\n"
            "A2,parent,,,Tekst,2026-06-01,online,nl,1,published,,40,,\n")
    table = AnswerTable.from_csv(io.StringIO(text), form)
    assert np.isnan(table.columns["outcome"].values[0]) and table.columns["outcome"].values[1] == 40
    assert table.columns["help=a"].values.tolist() == [1, -1]
    assert table.columns["t.z"].values[0] == pytest.approx(50)
    assert table.columns["period"].categories == ("2026-K1", "2026-K2")
    with pytest.raises(ValueError, match="rij 2, kolom outcome"):
        AnswerTable.from_csv(io.StringIO(text.replace("nvt", "veel")), form)


def test_ranking_is_monotone_in_strength_and_classes_follow_it(demo):
    """One scale for every test: notable patterns first, each block in falling strength; the effect class
    is Cohen's bar on that same strength, so it never rises down the list; intervals hold the estimate."""
    _, result = demo
    notable = [p for p in result.patterns if p.notable]
    rest = [p for p in result.patterns if not p.notable]
    assert result.patterns[:len(notable)] == tuple(notable)
    for block in (notable, rest):
        strengths = [p.strength for p in block]
        assert strengths == sorted(strengths, reverse=True)
        classes = [EFFECT_CLASSES.index(p.effect_class) for p in block]
        assert classes == sorted(classes, reverse=True)
    assert {p.test for p in notable} >= {"Kruskal-Wallis", "Mann-Whitney U", "chi-kwadraat", "Spearman"}
    options = result.options
    for p in result.patterns:
        assert EFFECT_CLASSES[options.effect_class(p.strength)] == p.effect_class
        assert p.effect_low <= p.effect_size <= p.effect_high
    assert all(p.strength >= options.small_strength for p in notable)


def test_old_snapshots_without_intervals_still_load():
    """Runs stored before intervals and one scale existed keep opening (their fields get defaults)."""
    old = {"options": {"alpha": 0.05, "min_group": 5, "min_pair_n": 20, "small_epsilon_squared": 0.01,
                       "small_rank_biserial": 0.2, "small_cramers_v": 0.1, "small_rho": 0.2, "stability_splits": 20,
                       "stability_max_patterns": 40, "seed": 0},
           "n_stories": 40, "tested": 1, "shapes": {}, "notes": [],
           "patterns": [{"kind": "numeric~numeric", "a": "x", "b": "y", "question_a": "x", "question_b": "y",
                         "test": "Spearman", "statistic": 0.5, "pvalue": 0.001, "qvalue": 0.001, "effect_name": "rho",
                         "effect_size": 0.5, "effect_class": "groot", "n": 40, "group_ns": {}, "excluded": [],
                         "highlight": {}, "description": "d", "notable": True, "stability": 1.0, "folded": [],
                         "story_ids": []}]}
    result = ScanResult.from_dict(old)
    assert result.options.small_strength == 0.1 and result.patterns[0].effect_low is None
    assert result.patterns[0].effect_size == 0.5
