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

from dataclasses import asdict, dataclass, field, fields, replace
from functools import partial
from typing import Mapping

import numpy as np

from analysis import confirmation, confounding, halves, pairwise, ranks, wording
from analysis.data import AnswerTable, Column
from analysis.describe import shape
from analysis.disclosure import DEFAULT_THRESHOLD
from analysis.effects import strength_class
from analysis.fdr import bh_qvalues
from analysis.pair_kinds import resolve, resolve_names
from analysis.errors import AnalysisError

EFFECT_CLASSES = ("verwaarloosbaar", "klein", "middel", "groot")


@dataclass(frozen=True)
class ScanOptions:
    alpha: float = 0.05
    min_group: int = DEFAULT_THRESHOLD
    min_pair_n: int = 20
    small_strength: float = 0.1  # Cohen's "small" on the r-equivalent scale, for every test
    confirm_splits: int = 10
    confirm_max_patterns: int = 40
    strata: tuple[str, ...] = confounding.STRATA
    seed: int = 0

    def __post_init__(self):
        if not 0 < self.alpha < 1:
            raise ValueError("alpha must lie between 0 and 1")
        if self.min_group < 2 or self.confirm_splits < 0:
            raise ValueError("min_group must be at least 2 and confirm_splits not negative")
        object.__setattr__(self, "strata", tuple(self.strata))

    def to_dict(self) -> dict:
        """The options as a dict.

        Returns
        -------
        dict
            The options as stored with a run (JSON-safe).
        """
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping) -> ScanOptions:
        """Options from a stored run; keys of older versions (such as the per-test ``small_rho`` or
        ``stability_splits``) are ignored.

        Parameters
        ----------
        data : mapping
            As :meth:`to_dict` wrote it.

        Returns
        -------
        ScanOptions
        """
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})

    def effect_class(self, strength: float | None) -> int:
        """0..3 (an index into ``EFFECT_CLASSES``) for a strength, by Cohen's bars with this ``small_strength``.

        Parameters
        ----------
        strength : float or None
            The r-equivalent; None or NaN counts as negligible.

        Returns
        -------
        int
        """
        if strength is None or not np.isfinite(strength):
            return 0
        return strength_class(strength, self.small_strength)


@dataclass(frozen=True)
class Pattern:
    kind: str
    a: str
    b: str
    question_a: str
    question_b: str
    test: str
    statistic: float
    pvalue: float
    qvalue: float
    effect_name: str
    effect_size: float
    effect_class: str
    n: int
    group_ns: dict
    excluded: tuple
    highlight: dict
    description: str
    notable: bool
    confirmed: int | None = None  # splits in which the pattern was discovered and confirmed (None: not checked)
    confirm_splits: int = 0
    folded: tuple = ()
    story_ids: tuple = ()
    effect_low: float | None = None  # 95% interval of effect_size (analysis.effects)
    effect_high: float | None = None
    strength: float | None = None  # the r-equivalent that classes and ranks every test alike
    within: dict = field(default_factory=dict)  # stratifier key -> stratified test (Stratified.to_dict + label, explains)
    explained_by: tuple = ()  # stratifier keys within which the pattern disappears
    trend: dict = field(default_factory=dict)  # with an ordered choice: Spearman along its order (see _trend)

    @property
    def confirmation(self) -> float | None:
        """Share of splits that confirmed the pattern.

        Returns
        -------
        float or None
            ``confirmed / confirm_splits``; None when the pattern was not checked.
        """
        return None if self.confirmed is None or not self.confirm_splits else self.confirmed / self.confirm_splits

    @property
    def explained_by_labels(self) -> tuple[str, ...]:
        """Dutch names of the stratifiers that explain the pattern ("soort hulp").

        Returns
        -------
        tuple of str
        """
        return tuple(self.within.get(key, {}).get("label", key) for key in self.explained_by)

    def to_dict(self) -> dict:
        """The pattern as a dict.

        Returns
        -------
        dict
            The pattern as strict JSON (no NaN or infinity; tuples as lists).
        """
        data = asdict(self)
        for name in ("excluded", "folded", "story_ids", "explained_by"):
            data[name] = list(data[name])
        return json_safe(data)

    @classmethod
    def from_dict(cls, data: Mapping) -> Pattern:
        """A pattern from its JSON snapshot (:meth:`to_dict`), or from a partial one.

        Snapshots of older scans lack the fields added since, and an analyst's tool may pass only what it
        knows; missing fields get neutral defaults (``None`` for numbers, empty for the rest, so a card
        falls back to the table's own question keys) instead of an error, and keys this version does not
        know are left out (``stability``, the half-split score of scans before confirmation, which noise
        passed as easily as signal: it is not shown as if it were a confirmation).

        Parameters
        ----------
        data : mapping
            At least ``a`` and ``b`` (the column names).

        Returns
        -------
        Pattern
        """
        known = {f.name for f in fields(cls)}
        values = {**_PATTERN_DEFAULTS, **{key: value for key, value in data.items() if key in known}}
        for key in ("excluded", "folded", "story_ids", "explained_by"):
            values[key] = tuple(values.get(key) or ())
        return cls(**values)

    @classmethod
    def coerce(cls, pattern) -> Pattern:
        """``pattern`` itself when it is a Pattern, else :meth:`from_dict` of it (a stored dict).

        Parameters
        ----------
        pattern : Pattern or mapping

        Returns
        -------
        Pattern
        """
        return pattern if isinstance(pattern, cls) else cls.from_dict(pattern)


_PATTERN_DEFAULTS = {"kind": "", "question_a": "", "question_b": "", "test": "", "statistic": None, "pvalue": None,
                     "qvalue": None, "effect_name": "", "effect_size": None, "effect_class": "", "n": 0, "group_ns": {}, "excluded": (), "highlight": {},
                     "description": "", "notable": False}


@dataclass(frozen=True)
class ScanResult:
    options: ScanOptions
    n_stories: int
    tested: int
    patterns: tuple[Pattern, ...]
    shapes: dict = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def notable(self) -> tuple[Pattern, ...]:
        """The notable patterns.

        Returns
        -------
        tuple of Pattern
            The notable patterns, in ranking order.
        """
        return tuple(p for p in self.patterns if p.notable)

    def to_dict(self) -> dict:
        """The scan as a dict.

        Returns
        -------
        dict
            The whole scan as strict JSON, stored as a PatternRun's result.
        """
        return {"options": self.options.to_dict(), "n_stories": self.n_stories, "tested": self.tested,
                "patterns": [p.to_dict() for p in self.patterns],
                "shapes": {k: s.to_dict() for k, s in self.shapes.items()}, "notes": list(self.notes)}

    @classmethod
    def from_dict(cls, data: dict) -> ScanResult:
        """A scan from its JSON snapshot.

        Parameters
        ----------
        data : dict
            As :meth:`to_dict` wrote it (older snapshots too: see :meth:`Pattern.from_dict`).

        Returns
        -------
        ScanResult
        """
        from analysis.describe import Shape

        patterns = tuple(Pattern.from_dict(p) for p in data["patterns"])
        shapes = {k: Shape(**{f: (float("nan") if v is None else v) for f, v in s.items()}) for k, s in data["shapes"].items()}
        return cls(ScanOptions.from_dict(data["options"]), data["n_stories"], data["tested"], patterns, shapes, tuple(data["notes"]))


def json_safe(value):
    """Strict JSON has no NaN or infinity (PostgreSQL refuses them): store those as null.

    Parameters
    ----------
    value : float, dict, list, tuple or anything else
        Nested containers are walked; tuples become lists.

    Returns
    -------
    object
        ``value`` with every non-finite float replaced by None.
    """
    if isinstance(value, float):
        return value if np.isfinite(value) else None
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(item) for item in value]
    return value


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
