"""Drafting an observation card (observatiekaart) from a pattern of the scan.

A draft is a starting point for an analyst: a plain-language title and observation, the statistics
table, the chart, distinctive words and typical stories of the group the pattern singles out, and two
prompts for opposite interpretations (StoryCycle sense-making always weighs at least two readings).
Typical stories come only from the rows the caller marks ``eligible`` (complete, published stories).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from analysis import text as textlib
from analysis.data import AnswerTable
from analysis.disclosure import DEFAULT_THRESHOLD, hidden_reasons
from analysis.names import table_names
from analysis.pair_kinds import resolve_names
from analysis.scan_result import Pattern, json_safe


@dataclass(frozen=True)
class CardDraft:
    title: str
    observation: str
    content: dict

    def to_content(self) -> dict:
        """The draft's content, as stored on the card (a copy).

        Returns
        -------
        dict
        """
        return dict(self.content)


def group_rows(table: AnswerTable, pattern) -> tuple[np.ndarray, np.ndarray]:
    """The rows a pattern singles out and each row's closeness (0..1) to that group's typical answers.

    Parameters
    ----------
    table : AnswerTable
        The answers the pattern was found in (today's published stories).
    pattern : Pattern or mapping
        The pattern, or its stored dict.

    Returns
    -------
    rows : numpy.ndarray of bool
    closeness : numpy.ndarray of float
        0 outside ``rows``.
    """
    pattern = Pattern.coerce(pattern)
    kind, first, second = resolve_names(table, pattern.a, pattern.b)
    return kind.group_rows(first, second, pattern)


def _keywords(table: AnswerTable, rows: np.ndarray) -> list:
    if not table.texts or not rows.any() or rows.all():
        return []
    try:
        return textlib.distinctive_words(list(table.texts), rows, top=8)
    except ValueError:
        return []


#: Two quotes that share this share of their words (Jaccard) count as the same quote said twice.
ALIKE = 0.6


def _words(quote: str | None) -> frozenset:
    return frozenset(w for w in re.findall(r"\w+", (quote or "").lower()) if len(w) > 2)


def _alike(a: frozenset, b: frozenset) -> bool:
    return bool(a and b) and len(a & b) / len(a | b) >= ALIKE


def theme_words(table: AnswerTable, pattern, names: frozenset = frozenset()) -> frozenset:
    """Stems of what a pattern is about: its two questions' labels and slider ends (names left out, and the
    region column's label: "regio" would favour "Ik werk in de regio Twente.").

    Parameters
    ----------
    table : AnswerTable
    pattern : Pattern or mapping
    names : frozenset of str
        Stems of names, left out.

    Returns
    -------
    frozenset of str
    """
    pattern = Pattern.coerce(pattern)
    words: set[str] = set()
    for name in (pattern.a, pattern.b):
        column = table.columns.get(name)
        if column is not None and column.question != "region":
            for text in (column.label, column.left, column.right):
                words.update(textlib.tokens(text or ""))
    return frozenset(words - names)


def _pick(table: AnswerTable, rows, closeness, keywords, count, eligible, exclude_ids, min_group, suppress_small,
          theme=frozenset()):
    if not table.texts or (suppress_small and 0 < int(rows.sum()) < min_group):
        return []
    allowed = rows & np.array([bool(t and t.strip()) for t in table.texts])
    if eligible is not None:
        allowed &= np.asarray(eligible, dtype=bool)
    if exclude_ids:
        allowed &= ~np.isin(table.public_ids.astype(str), [str(i) for i in exclude_ids])
    names = table_names(table)
    ranked = textlib.typical_stories(list(table.texts), allowed, closeness, keywords, count=max(count * 10, 30),
                                     names=names, theme=theme - names)
    # Prefer stories with different quotes (many stories share a stock sentence, or one with a word or two
    # changed): first stories whose best sentence says something new, then stories quoted by a next best
    # sentence that does, then the rest.
    seen: list[frozenset] = []
    distinct: list[tuple] = []

    def new(quote) -> bool:
        return not any(_alike(_words(quote), other) for other in seen)

    for fallback in (False, True):
        for story in ranked:
            if len(distinct) >= count or any(story is s for s, _ in distinct):
                continue
            quote = next((q for q in (story.quotes if fallback else story.quotes[:1]) if new(q)), None)
            if quote is not None:
                distinct.append((story, quote))
                seen.append(_words(quote))
    repeats = [(story, story.quote) for story in ranked if not any(story is s for s, _ in distinct)]
    picked = (distinct + repeats)[:count]
    return [{"public_id": str(table.public_ids[s.index]), "quote": quote, "score": round(float(s.score), 4)}
            for s, quote in picked]


def propose_stories(table: AnswerTable, pattern, *, count: int = 3, eligible: np.ndarray | None = None,
                    exclude_ids=(), min_group: int = DEFAULT_THRESHOLD, suppress_small: bool = True) -> list[dict]:
    """Typical stories for a pattern, skipping ``exclude_ids`` (to swap a story on a card).

    Parameters
    ----------
    table : AnswerTable
        The answers the pattern was found in.
    pattern : Pattern or mapping
        The pattern, or its stored dict.
    count : int
        How many stories to propose.
    eligible : numpy.ndarray of bool, optional
        Rows whose story may be proposed.
    exclude_ids : iterable of str
        Public ids already on the card.
    min_group : int
        No stories for a group under this size when ``suppress_small``.
    suppress_small : bool
        False only for admins.

    Returns
    -------
    list of dict
        ``public_id``, ``quote`` and ``score`` per story, best first.
    """
    rows, closeness = group_rows(table, pattern)
    keywords = _keywords(table, rows)
    return _pick(table, rows, closeness, keywords, count, eligible, exclude_ids, min_group, suppress_small,
                 theme_words(table, pattern))


def draft_card(table: AnswerTable, pattern, *, count: int = 3, min_group: int = DEFAULT_THRESHOLD, suppress_small: bool = True,
               eligible: np.ndarray | None = None) -> CardDraft:
    """A draft observation card for one pattern.

    Parameters
    ----------
    table : AnswerTable
        The answers the pattern was found in (today's published stories).
    pattern : Pattern or mapping
        The pattern, or its stored dict.
    count : int
        How many typical stories to propose.
    min_group : int
        Groups, bars and cells under this size are hidden when ``suppress_small``.
    suppress_small : bool
        False only for admins: every reader of a stored card sees what it was drafted with.
    eligible : numpy.ndarray of bool, optional
        Rows whose story may be proposed (complete and published); all rows when None.

    Returns
    -------
    CardDraft
    """
    pattern = Pattern.coerce(pattern)
    kind, first, second = resolve_names(table, pattern.a, pattern.b)
    rows, closeness = kind.group_rows(first, second, pattern)
    keywords = _keywords(table, rows)
    texts = kind.texts(first, second, pattern)
    column_a, column_b = table.columns[pattern.a], table.columns[pattern.b]
    content = {
        "question_a": {"key": pattern.question_a or column_a.question, "label": column_a.label},
        "question_b": {"key": pattern.question_b or column_b.question, "label": column_b.label},
        **{key: getattr(pattern, key) for key in ("kind", "test", "statistic", "pvalue", "qvalue", "effect_name",
                                                   "effect_size", "effect_low", "effect_high", "effect_class",
                                                   "strength", "confirmed", "confirm_splits", "n")},
        "explained_by": list(pattern.explained_by_labels),
        "description": pattern.description,
        "data_description": texts.data,
        "stats": kind.stats(first, second, pattern, min_group, suppress_small),
        "chart": kind.chart(first, second, min_group, suppress_small),
        "keywords": [k.word for k in keywords[:8]],
        "stories": _pick(table, rows, closeness, keywords, count, eligible, (), min_group, suppress_small,
                         theme_words(table, pattern)),
        "hints": texts.hints,
    }
    return CardDraft(texts.title, texts.observation, json_safe(content))


def hide_small_segments(content: dict, min_group: int = DEFAULT_THRESHOLD) -> dict:
    """``content`` of a card drafted before stacked segments were hidden, with them hidden (a copy).

    Cards are drafted for every reader (suppressing), but older drafts hid only whole groups: a stacked
    chart or a "% per group" table still showed 1 of 6 as 17%. A chart spec or stats table that carries
    ``min_group`` is of the new kind and is returned as it is.

    Parameters
    ----------
    content : dict
        A card's stored content.
    min_group : int
        The threshold to hide with.

    Returns
    -------
    dict
        A copy; the stored content is left alone.
    """
    content = dict(content or {})
    chart = content.get("chart")
    if isinstance(chart, dict) and chart.get("kind") == "stacked" and "min_group" not in chart:
        chart = {**chart, "series": [dict(s) for s in chart.get("series") or []], "min_group": min_group}
        for series in chart["series"]:
            series["counts"], series["shares"] = list(series["counts"]), list(series["shares"])
            series["hidden"] = [group.get("hidden") for group in chart["groups"]]
        for i, group in enumerate(chart["groups"]):
            if group.get("suppressed"):
                continue
            reasons = hidden_reasons([s["counts"][i] or 0 for s in chart["series"]], min_group, True)
            for series, reason in zip(chart["series"], reasons):
                if reason:
                    series["counts"][i] = series["shares"][i] = None
                    series["hidden"][i] = reason
        content["chart"] = chart
    stats = content.get("stats")
    header = (stats or {}).get("header") or []
    if isinstance(stats, dict) and "min_group" not in stats and header[1:2] == ["n"] \
            and header[2:] and all(str(h).startswith("% ") for h in header[2:]):
        rows = []
        for row in stats.get("rows") or []:
            row = dict(row)
            cells = list(row.get("cells") or [])
            if not row.get("suppressed") and cells and isinstance(cells[0], int):
                reasons = hidden_reasons([round((share or 0) * cells[0] / 100) for share in cells[1:]], min_group, True)
                if any(reasons):
                    row["cells"] = [cells[0], *(None if reason else share for share, reason in zip(cells[1:], reasons))]
                    row["hidden_cells"] = [None, *reasons]
            rows.append(row)
        content["stats"] = {**stats, "rows": rows, "min_group": min_group}
    return content
