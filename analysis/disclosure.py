"""Which counts of a breakdown to hide, so that a small group can neither be seen nor worked out.

Hiding only the small groups (0 < n < ``min_group``) is not enough when the total is shown next to the
rest: total minus the visible groups gives the hidden one back. So when a breakdown has exactly one small
group, the smallest other non-empty group is hidden too (*complementary suppression*, as statistics offices
do). Then the reader knows only the sum of the two, which leaves the small group anywhere from 1 to 4.
With two or more small groups their sum is all that can be worked out, which does not identify any one.

This covers one breakdown at a time. Filters that select nearly the same stories twice can still be
subtracted from each other; docs/security.md names that limit.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable, Mapping, Sequence

DEFAULT_THRESHOLD = 5  # the default of SMALL_GROUP_THRESHOLD; apps read it through vertelpunt.small_groups
SMALL = "small"  # fewer stories than the threshold
COMPLEMENT = "complement"  # large enough, hidden so the small one cannot be derived from the total

HIDDEN_NOTE = "groep < {min_group} niet getoond"  # the notes name the threshold the chart was made with
BINS_NOTE = "staafjes met minder dan {min_group} verhalen zijn leeg gelaten"
COMPLEMENT_NOTE = "ook niet getoond, anders is de kleine groep uit te rekenen"
SEGMENTS_NOTE = "delen met minder dan {min_group} verhalen zijn grijs, zonder aantal of percentage"
SEGMENTS_COMPLEMENT_NOTE = "soms ook een groter deel, anders is het kleine deel uit te rekenen"


def hidden_reasons(counts: Sequence[int], min_group: int, suppress: bool) -> list[str | None]:
    """Per count: None (show it), ``SMALL`` or ``COMPLEMENT``.

    Empty groups (0) are hidden as ``SMALL`` too when suppressing: shown as 0 next to "< 5", a real zero
    would tell the reader that every "< 5" holds at least one story, and that is the very fact to hide.

    Parameters
    ----------
    counts : sequence of int
        The counts of one breakdown.
    min_group : int
        The threshold.
    suppress : bool
        False (admins) shows everything.

    Returns
    -------
    list of str or None
    """
    reasons: list[str | None] = [SMALL if suppress and n < min_group else None for n in counts]
    if reasons.count(SMALL) == 1:
        others = [i for i, n in enumerate(counts) if reasons[i] is None and n > 0]
        if others:
            reasons[min(others, key=lambda i: (counts[i], i))] = COMPLEMENT
    return reasons


def is_small(n: int, min_group: int, suppress: bool) -> bool:
    """Whether one count is hidden on its own (0 included: see :func:`hidden_reasons`).

    Parameters
    ----------
    n : int
    min_group : int
    suppress : bool

    Returns
    -------
    bool
    """
    return suppress and n < min_group


def bins_note(groups: Sequence[dict], min_group: int = DEFAULT_THRESHOLD) -> str:
    """The line under a histogram whose bins of fewer than the threshold are left empty ("" when none are).

    Parameters
    ----------
    groups : sequence of dict
        The groups of a ``histogram`` spec.
    min_group : int

    Returns
    -------
    str
    """
    hidden = any(count is None for group in groups if not group.get("suppressed") for count in group.get("counts") or [])
    return BINS_NOTE.format(min_group=min_group) if hidden else ""


def hidden_note(items: Sequence[dict], min_group: int = DEFAULT_THRESHOLD) -> str:
    """The line under a chart that names what is hidden and why ("" when nothing is).

    Parameters
    ----------
    items : sequence of dict
        Groups or bars with ``suppressed`` and ``hidden``.
    min_group : int

    Returns
    -------
    str
    """
    small = [item["label"] for item in items if item.get("suppressed") and item.get("hidden") != COMPLEMENT]
    extra = [item["label"] for item in items if item.get("hidden") == COMPLEMENT]
    parts = []
    if small:
        parts.append(f"{', '.join(small)}: {HIDDEN_NOTE.format(min_group=min_group)}")
    if extra:
        parts.append(f"{', '.join(extra)}: {COMPLEMENT_NOTE}")
    return "; ".join(parts)


def segments_note(groups: Sequence[dict], series: Sequence[dict], min_group: int = DEFAULT_THRESHOLD) -> str:
    """The line under a stacked chart whose segments of fewer than the threshold are hidden in shown groups.

    Parameters
    ----------
    groups : sequence of dict
        The groups of a ``stacked`` spec.
    series : sequence of dict
        Its series.
    min_group : int

    Returns
    -------
    str
    """
    reasons = {s["hidden"][i] for s in series for i, g in enumerate(groups)
               if not g.get("suppressed") and i < len(s.get("hidden") or [])}
    if SMALL not in reasons:
        return ""
    note = SEGMENTS_NOTE.format(min_group=min_group)
    return f"{note} ({SEGMENTS_COMPLEMENT_NOTE})" if COMPLEMENT in reasons else note


def threshold_of(spec: dict) -> int:
    """The threshold a chart spec was made with (older stored specs did not say: the default).

    Parameters
    ----------
    spec : dict
        A chart spec.

    Returns
    -------
    int
    """
    return int(spec.get("min_group") or DEFAULT_THRESHOLD)


HIDDEN = object()  # an attribute value a reader may not see


def mask_rows(rows: Mapping[Hashable, Mapping[str, Hashable]], min_group: int, suppress: bool,
              weights: Mapping[Hashable, int] | None = None) -> dict[Hashable, dict[str, object]]:
    """The attributes (role, region, period, answers) each row of a list may show: the rest become ``HIDDEN``.

    A list of 19 stories that labels each with its role lets a reader count the one youth story among them,
    however carefully the dashboard hides that group. So, within the rows given (a whole list, not one
    page of it):

    1. per attribute, values held by fewer than ``min_group`` rows are hidden, with a complement as in
       :func:`hidden_reasons` (else "all the rest are parents" gives the hidden ones away);
    2. then every combination of the values still shown (hidden counting as one value) must hold 0 or at
       least ``min_group`` rows, or two labels read together (parent and Nijmegen) single out a small
       group; while one does not, the attribute with the most distinct values is hidden on every row.

    Hiding per value keeps most labels visible on a big list; hiding the whole attribute is the fallback.

    Parameters
    ----------
    rows : mapping
        Per row key, its attributes (name to value).
    min_group : int
        The threshold.
    suppress : bool
        False (admins) returns the rows unchanged.
    weights : mapping, optional
        Per row key, how many rows it stands for (default 1 each). A long list can be passed as its distinct
        combinations of attributes with their counts (from a GROUP BY): the result is the same per combination.

    Returns
    -------
    dict
        Per row key, its attributes with hidden values replaced by ``HIDDEN``.
    """
    if not suppress or not rows:
        return {key: dict(values) for key, values in rows.items()}
    rule = mask_rule(rows, min_group, weights)
    return {key: rule.apply(values) for key, values in rows.items()}


@dataclass(frozen=True)
class MaskRule:
    """What :func:`mask_rows` hides in a list, small enough to keep: per attribute the values hidden as small
    groups, and the attributes hidden on every row. ``apply`` masks any one row of that list."""

    attributes: tuple
    hidden_values: Mapping[str, frozenset]
    dropped: frozenset

    def apply(self, values: Mapping) -> dict:
        """The row's attributes with what the rule hides replaced by ``HIDDEN``.

        Parameters
        ----------
        values : mapping
            One row of the list the rule was made from.

        Returns
        -------
        dict
        """
        shown = dict(values)
        for name in self.attributes:
            if name in self.dropped or values.get(name) in self.hidden_values[name]:
                shown[name] = HIDDEN
        return shown


def mask_rule(rows: Mapping[Hashable, Mapping[str, Hashable]], min_group: int,
              weights: Mapping[Hashable, int] | None = None) -> MaskRule:
    """The rule of :func:`mask_rows` for a list (suppressing), without applying it.

    Each attribute is numbered (values in order of first appearance, as the rule reads them), so the
    combinations are counted by numpy rather than by a dict per round: the story page masks every story of
    its list to show one, 10,000 stories x 30 attributes (tests/insights/test_mask_rows_fast.py holds this to
    the plain reading of the rule).

    Parameters
    ----------
    rows, min_group, weights
        As :func:`mask_rows`.

    Returns
    -------
    MaskRule
    """
    import numpy as np

    keys = list(rows)
    attributes = list(dict.fromkeys(name for values in rows.values() for name in values))
    weight = np.array([1 if weights is None else weights[key] for key in keys], dtype=np.int64)
    codes = np.empty((len(keys), len(attributes)), dtype=np.int64)
    hidden_values: dict[str, frozenset] = {}
    for j, name in enumerate(attributes):
        numbers: dict = {}
        column = np.fromiter((numbers.setdefault(rows[key].get(name), len(numbers)) for key in keys),
                             dtype=np.int64, count=len(keys))
        counts = np.bincount(column, weights=weight, minlength=len(numbers))
        small = [reason is not None for reason in hidden_reasons([int(c) for c in counts], min_group, True)]
        hidden_values[name] = frozenset(value for value, code in numbers.items() if small[code])
        codes[:, j] = np.where(np.array(small, dtype=bool)[column], -1, column)  # hidden: one value, HIDDEN
    active = list(range(len(attributes)))
    # A column's values change only when it is dropped (and then it leaves ``active``): count them once.
    distinct = {j: len(np.unique(codes[:, j])) for j in active}
    dropped = []
    while active:
        _, cell = np.unique(codes[:, active], axis=0, return_inverse=True)
        if (np.bincount(cell.ravel(), weights=weight) >= min_group).all():
            break
        drop = max(reversed(active), key=lambda j: distinct[j])
        active.remove(drop)
        codes[:, drop] = -1
        dropped.append(attributes[drop])
    return MaskRule(tuple(attributes), hidden_values, frozenset(dropped))
