"""What a pattern scan is asked and what it finds: its options, each pattern, and the result as stored.

Kept apart from the scan itself (:mod:`analysis.patterns`) because far more code reads these than runs a scan:
cards, the scan pages, the family of scans and the stored runs take a :class:`ScanResult` back from JSON
(:meth:`ScanResult.from_dict`) and never test a pair.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Mapping

import numpy as np

from analysis import confounding
from analysis.disclosure import DEFAULT_THRESHOLD
from analysis.effects import strength_class

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
