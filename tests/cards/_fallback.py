"""TEMPORARY stand-in for analysis.cards (feat-lib) until it lands: the same interface, only for tests.

Installed by tests/cards/conftest.py only when ``import analysis.cards`` fails. Delete with the merge.
"""
from __future__ import annotations

import sys
import types
from dataclasses import dataclass

import numpy as np

from analysis.chartspec import pattern_chart
from analysis.text import distinctive_words, typical_stories


def _group(table, pattern) -> np.ndarray:
    ids = set(pattern.story_ids)
    if ids:
        return np.array([pid in ids for pid in table.public_ids.tolist()], dtype=bool)
    values = table.columns[pattern.a].values
    return ~np.isnan(values) & (values >= np.nanmedian(values))


def propose_stories(table, pattern, *, count=3, eligible=None, exclude_ids=()):
    group = _group(table, pattern)
    texts = list(table.texts)
    keywords = distinctive_words(texts, group) if group.any() and not group.all() else []
    candidates = group & (np.ones(table.n, bool) if eligible is None else np.asarray(eligible, bool))
    candidates &= np.array([pid not in set(exclude_ids) for pid in table.public_ids.tolist()], dtype=bool)
    picked = typical_stories(texts, candidates, np.ones(table.n), keywords, count=count)
    return [{"public_id": str(table.public_ids[p.index]), "quote": p.quote, "score": p.score} for p in picked]


@dataclass
class CardDraft:
    title: str
    observation: str
    content: dict

    def to_content(self) -> dict:
        return dict(self.content)


def draft_card(table, pattern, *, count=3, min_group=5, suppress_small=True, eligible=None):
    stories = propose_stories(table, pattern, count=count, eligible=eligible)
    content = {
        "question_a": {"key": pattern.a, "label": table.columns[pattern.a].label},
        "question_b": {"key": pattern.b, "label": table.columns[pattern.b].label},
        "kind": pattern.kind, "test": pattern.test, "statistic": pattern.statistic, "pvalue": pattern.pvalue,
        "qvalue": pattern.qvalue, "effect_name": pattern.effect_name, "effect_size": pattern.effect_size,
        "effect_class": pattern.effect_class, "stability": pattern.stability, "n": pattern.n,
        "description": pattern.description, "data_description": f"{pattern.n} verhalen",
        "stats": {"header": ["Groep", "n", "gemiddelde"], "rows": [{"label": "Alle", "cells": [pattern.n, 50.5], "suppressed": False}], "note": ""},
        "chart": pattern_chart(table, pattern, min_group=min_group, suppress_small=suppress_small),
        "keywords": ["gehoord"], "stories": stories,
        "hints": ["Hoe zou dit verklaard kunnen worden?", "Welke verklaring zegt het tegenovergestelde?"],
    }
    return CardDraft(pattern.description[:200], pattern.description, content)


def install() -> None:
    try:
        import analysis.cards  # noqa: F401
    except ImportError:
        module = types.ModuleType("analysis.cards")
        module.draft_card, module.propose_stories, module.CardDraft = draft_card, propose_stories, CardDraft
        sys.modules["analysis.cards"] = module
