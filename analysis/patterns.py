"""The pattern scan (patroonevaluatie): every pair of columns tested, FDR-controlled, ranked.

Statistics here point people at patterns worth a conversation; they must not cry wolf. So all p-values
of one scan form one Benjamini-Hochberg family, and a pattern is *notable* only when q < alpha **and**
its effect reaches at least "small". Effects of different tests are compared on one scale, the strength
(Cohen's r-equivalent, :mod:`analysis.effects`): it gives the effect class (small / medium / large at
0.1 / 0.3 / 0.5) and the ranking: notable first, then those not explained by a stratifier, then strength,
then q. Each notable pattern is checked twice more: confirmation in split halves
(:mod:`analysis.confirmation`) and stratified tests within role, region, kind of help and period
(:mod:`analysis.confounding`). Patterns of the same pair of
questions seen through different columns (e.g. several options of one multiple-choice question against
role) are folded under the strongest one.
"""
from __future__ import annotations

from dataclasses import replace
from functools import partial

import numpy as np

from analysis import confirmation, confounding, halves, pairwise, ranks, wording
from analysis.data import AnswerTable, Column
from analysis.describe import shape
from analysis.fdr import bh_qvalues
from analysis.pair_kinds import resolve, resolve_names
from analysis.errors import AnalysisError
from analysis.scan_result import EFFECT_CLASSES, Pattern, ScanOptions, ScanResult, json_safe


def _pairs(table: AnswerTable):
    numeric, categorical = table.numeric(), table.categorical()
    for x in numeric:
        for c in categorical:
            if x.question != c.question:  # a slider and its own n.v.t. column never overlap
                yield x, c
    for i, first in enumerate(categorical):
        for second in categorical[i + 1:]:
            if first.question != second.question:
                yield first, second
    for i, first in enumerate(numeric):
        for second in numeric[i + 1:]:
            if first.question != second.question:
                yield first, second


class _Orders(dict):
    """Sort order (and cached ranks) per numeric column, made once per scan, shared by pairs and splits."""

    def __init__(self, table: AnswerTable):
        super().__init__()
        self.table = table

    def __missing__(self, name: str) -> ranks.RankedColumn:
        self[name] = ranks.RankedColumn(self.table.columns[name].values)
        return self[name]


def _is_notable(outcome, qvalue: float, options: ScanOptions) -> bool:
    return bool(qvalue < options.alpha and options.effect_class(outcome.strength) >= 1)


def _run(table: AnswerTable, pairs: list[tuple[Column, Column]], options: ScanOptions, skip: tuple[str, ...] = ()) -> ScanResult:
    if table.n == 0:
        raise AnalysisError("er zijn geen verhalen om te analyseren")
    orders = _Orders(table)
    kinds = [resolve(first, second) for first, second in pairs]  # the pair's kind, decided once
    tested = [(kind, first, second, outcome) for kind, first, second in kinds
              if (outcome := kind.test(first, second, options, orders)) is not None and outcome.n >= options.min_pair_n]
    qvalues = bh_qvalues([outcome.pvalue for *_, outcome in tested])
    trends = _trends([(first, second) for _, first, second, _ in tested], options, orders)
    patterns = []
    for (kind, first, second, outcome), q, trend in zip(tested, qvalues, trends):
        patterns.append(Pattern(
            kind=kind.name, a=first.name, b=second.name, question_a=first.question,
            question_b=second.question, test=outcome.test, statistic=outcome.statistic, pvalue=outcome.pvalue,
            qvalue=float(q), effect_name=outcome.effect_name, effect_size=outcome.effect_size,
            effect_class=EFFECT_CLASSES[options.effect_class(outcome.strength)],
            n=outcome.n, group_ns=outcome.group_ns, excluded=outcome.excluded, highlight=outcome.highlight,
            description=kind.describe(first, second, outcome), notable=(notable := _is_notable(outcome, q, options)),
            story_ids=kind.story_ids(table, first, second, outcome.highlight) if notable else (),
            effect_low=outcome.interval[0], effect_high=outcome.interval[1], strength=outcome.strength,
            trend=trend,
        ))
    patterns = _with_confounding(table, _with_confirmation(table, patterns, options, orders), options, orders, skip)
    shapes = {c.name: shape(c.values) for c in table.numeric() if c.question == c.name}
    notes = tuple(note for name, s in shapes.items() if (note := wording.shape_note(table.columns[name].label, s)))
    return ScanResult(options, table.n, len(tested), _fold(_rank(patterns)), shapes, notes)


TREND_TEST = "Spearman op de volgorde"


def _trend(first: Column, second: Column, options: ScanOptions, orders: _Orders) -> dict:
    """A trend along an ordered choice: Spearman's rho between the other column (a number, or the places
    of another ordered choice) and the places on the choice's scale (off-scale answers left out). Ties are
    many (every story in one age band shares its place), which is what the average ranks of Spearman handle;
    with a number and two groups it is the rank-biserial's test in another form, with more groups it asks
    whether the number rises (or falls) along the order, which Kruskal-Wallis does not ask."""
    if first.kind == "numeric" and second.kind == "numeric":
        return {}
    x = first.values if first.kind == "numeric" else first.scale_values()
    y = second.scale_values()
    if x is None or y is None:
        return {}
    outcome = pairwise.numeric_by_numeric(x, y, options.min_pair_n, orders[first.name] if first.kind == "numeric"
                                          else None, None, interval=False)
    if outcome is None:
        return {}
    return {"test": TREND_TEST, "rho": outcome.effect_size, "pvalue": outcome.pvalue, "n": outcome.n}


def _trends(pairs: list[tuple[Column, Column]], options: ScanOptions, orders: _Orders) -> list[dict]:
    """The trend of every pair with an ordered choice ({} for the others), with Benjamini-Hochberg q-values
    over the scan's trend tests (their own family: they are reported, they do not make a pattern notable)."""
    trends = [_trend(first, second, options, orders) for first, second in pairs]
    tested = [trend for trend in trends if trend]
    for trend, q in zip(tested, bh_qvalues([trend["pvalue"] for trend in tested]) if tested else ()):
        trend["qvalue"] = float(q)
        trend["notable"] = bool(q < options.alpha and abs(trend["rho"]) >= options.small_strength)
    return trends


def _with_confirmation(table: AnswerTable, patterns: list[Pattern], options: ScanOptions, orders: _Orders) -> list[Pattern]:
    """How many split halves confirm each of the strongest ``confirm_max_patterns`` notable patterns
    (:mod:`analysis.confirmation`); the halves are seeded and the same for every pattern."""
    notable = [p for p in patterns if p.notable]
    if options.confirm_splits == 0 or not notable:
        return patterns
    checked = sorted(notable, key=lambda p: -p.strength)
    candidates = []
    for p in checked[: options.confirm_max_patterns]:
        kind, first, second = resolve_names(table, p.a, p.b)
        candidates.append(confirmation.Candidate(
            (p.a, p.b), p.effect_name, p.effect_size, partial(kind.test, first, second, options, orders),
            partial(halves.for_pair, first, second, options.min_group, options.min_pair_n, orders)))
    split = confirmation.split_halves(table.n, options.confirm_splits, options.seed)
    counts = confirmation.confirm(candidates, len(patterns), split, options.alpha,
                                  lambda outcome: options.effect_class(outcome.strength) >= 1, options.min_pair_n)
    return [replace(p, confirmed=counts[(p.a, p.b)], confirm_splits=options.confirm_splits)
            if (p.a, p.b) in counts else p for p in patterns]


def _with_confounding(table: AnswerTable, patterns: list[Pattern], options: ScanOptions, orders: _Orders,
                      skip: tuple[str, ...]) -> list[Pattern]:
    """Every notable pattern tested again within each stratifier (:mod:`analysis.confounding`) that is not
    one of its own questions (nor one a comparison was split on)."""
    stratifiers = confounding.stratifiers(table, options.strata)
    checked = []
    for pattern in patterns:
        if not pattern.notable:
            checked.append(pattern)
            continue
        _, first, second = resolve_names(table, pattern.a, pattern.b)
        within = {}
        for stratifier in stratifiers:
            if stratifier.key in (pattern.question_a, pattern.question_b) or stratifier.key in skip:
                continue
            outcome = confounding.check_pair(first, second, stratifier, options.min_group, orders)
            if outcome is not None:
                within[stratifier.key] = {**outcome.to_dict(), "label": stratifier.label,
                                          "explains": outcome.disappears(options.alpha)}
        explained = tuple(key for key, result in within.items() if result["explains"])
        checked.append(replace(pattern, within=within, explained_by=explained))
    return checked


def _rank(patterns: list[Pattern]) -> list[Pattern]:
    """Notable first, those explained by a stratifier after the others; then by strength, the one scale
    every test shares (so also by effect class); then confirmation; then q."""
    return sorted(patterns, key=lambda p: (not p.notable, bool(p.explained_by), -p.strength,
                                           -(p.confirmation or 0.0), p.qvalue))


def _fold(ranked: list[Pattern]) -> tuple[Pattern, ...]:
    """Keep the strongest pattern per pair of questions; list the others it stands for in ``folded``."""
    leaders: dict[frozenset, int] = {}
    kept: list[Pattern] = []
    for pattern in ranked:
        pair = frozenset((pattern.question_a, pattern.question_b))
        if pattern.notable and pair in leaders:
            index = leaders[pair]
            kept[index] = replace(kept[index], folded=kept[index].folded + (f"{pattern.a} x {pattern.b}",))
            continue
        if pattern.notable:
            leaders[pair] = len(kept)
        kept.append(pattern)
    return tuple(kept)


def scan(table: AnswerTable, options: ScanOptions = ScanOptions()) -> ScanResult:
    """Test every pair of columns of ``table`` (see :mod:`analysis.pairwise` for the tests).

    Parameters
    ----------
    table : AnswerTable
        The answers of the stories to scan.
    options : ScanOptions
        Alpha, minimum group and pair sizes, the bar for "small", confirmation splits, stratifiers and seed.

    Returns
    -------
    ScanResult
        Every tested pattern, ranked and folded, with the sliders' shapes and notes.

    Raises
    ------
    ValueError
        With a Dutch message when the table holds no stories.
    """
    return _run(table, list(_pairs(table)), options)


def compare_split(table: AnswerTable, mask: np.ndarray, label_in: str, label_out: str,
                  options: ScanOptions = ScanOptions(), exclude: tuple[str, ...] = ()) -> ScanResult:
    """Compare one group with the rest on every question (one region against the others, a period
    against an earlier one, one role against the others): one FDR family for this comparison.

    ``exclude`` names the questions the split was made from (e.g. ``("region",)``), which would
    otherwise "differ" trivially.

    Parameters
    ----------
    table : AnswerTable
        The answers of the stories to compare.
    mask : numpy.ndarray of bool
        One value per row: True for the group, False for the rest.
    label_in, label_out : str
        How the group and the rest are named in descriptions.
    options : ScanOptions
        As for :func:`scan`.
    exclude : tuple of str
        Question keys left out of the comparison.

    Returns
    -------
    ScanResult

    Raises
    ------
    ValueError
        When the mask has the wrong shape or puts every row on one side.
    """
    mask = np.asarray(mask, dtype=bool)
    if mask.shape != (table.n,):
        raise ValueError(f"mask has shape {mask.shape}, expected ({table.n},)")
    if mask.all() or not mask.any():
        raise AnalysisError("de vergelijking heeft twee groepen nodig: het masker is overal gelijk")
    split = Column("vergelijking", "category", "vergelijking", "Vergelijking", np.where(mask, 1, 0),
                   ("rest", "groep"), (label_out, label_in))
    columns = {**table.columns, "vergelijking": split}
    extended = AnswerTable(columns, table.public_ids, table.weeks, table.texts, table.meta)
    pairs = [(c, split) for c in extended.numeric() if c.question not in exclude] + [
        (split, c) for c in extended.categorical() if c.name != "vergelijking" and c.question not in exclude]
    return _run(extended, pairs, options, skip=tuple(exclude))


# What a scan is asked and finds lives in analysis.scan_result; it is named here too, where callers look first.
__all__ = ["EFFECT_CLASSES", "Pattern", "ScanOptions", "ScanResult", "compare_split", "json_safe", "scan"]
