"""Two categories: chi-square (or Fisher) on their table, the cell furthest from what chance predicts."""
from __future__ import annotations

import numpy as np

from analysis import cardtext as ct
from analysis import pairwise, wording
from analysis.chartspec import stacked_bars
from analysis.data import AnswerTable, Column
from analysis.disclosure import hidden_reasons
from analysis.pair_kinds.base import MAX_STORY_IDS, CardTexts, PairKind, category_codes, plain_words, restrict, round2


class CategoryByCategory(PairKind):
    """The card follows the cell (group a, answer b) with the largest adjusted residual."""

    name = "category~category"

    def test(self, first, second, options, orders, rows=None):
        return pairwise.category_by_category(restrict(first, rows), restrict(second, rows), first.categories,
                                             second.categories, options.min_group, interval=rows is None,
                                             scale_a=first.scale_positions(), scale_b=second.scale_positions())

    def describe(self, first, second, outcome):
        return wording.category_by_category(first, second, outcome.highlight)

    def story_ids(self, table: AnswerTable, first: Column, second: Column, highlight: dict) -> tuple:
        if highlight.get("a") not in first.categories or highlight.get("b") not in second.categories:
            return ()
        rows = (first.values == first.categories.index(highlight["a"])) & (second.values == second.categories.index(highlight["b"]))
        return tuple(table.public_ids[rows][:MAX_STORY_IDS].tolist())

    def group_rows(self, first, second, pattern):
        rows = (np.isin(first.values, category_codes(first, pattern.highlight.get("a")))
                & np.isin(second.values, category_codes(second, pattern.highlight.get("b"))))
        return rows, rows.astype(float)

    def stats(self, first, second, pattern, min_group, suppress_small):
        both = (first.values >= 0) & (second.values >= 0)
        header = ["Groep", "n"] + [f"% {second.category_label(j)}" for j in range(len(second.categories))]
        groups = [(code, both & (first.values == code)) for code in range(len(first.categories))]
        groups = [(code, in_group) for code, in_group in groups if in_group.any()]
        reasons = hidden_reasons([int(in_group.sum()) for _, in_group in groups], min_group, suppress_small)
        rows = []
        for (code, in_group), reason in zip(groups, reasons):
            counts = [int(np.sum(second.values[in_group] == j)) for j in range(len(second.categories))]
            shares = [round2(100 * np.mean(second.values[in_group] == j)) for j in range(len(second.categories))]
            cells = hidden_reasons(counts, min_group, suppress_small)  # a share of 1 in 6 is one person, as in the chart
            row = {"label": first.category_label(code),
                   "cells": [None] * (1 + len(shares)) if reason else
                   [int(in_group.sum()), *(None if hide else share for share, hide in zip(shares, cells))],
                   "suppressed": bool(reason), "hidden": reason}
            if not reason and any(cells):
                row["hidden_cells"] = [None, *cells]
            rows.append(row)
        return {"header": header, "rows": rows, "note": f"Percentages per groep: antwoorden op '{second.label}'.",
                "min_group": min_group}

    def texts(self, first, second, pattern):
        facts = _Facts(first, second, pattern)
        return CardTexts(_title(facts), _observation(facts), _data(facts), _hints(facts))

    def chart(self, first, second, min_group, suppress_small):
        return stacked_bars(first.values, first.categories, _labels(first), second.values, second.categories,
                            _labels(second), title=f"{second.label} per {first.label}", x_label=first.label,
                            legend_label=second.label, min_group=min_group, suppress_small=suppress_small)


def _labels(column: Column) -> list[str]:
    return [column.category_label(i) for i in range(len(column.categories))]


class _Facts:
    """What the card's words rest on: the group (a), the answer (b), their shares inside and outside."""

    def __init__(self, a: Column, b: Column, pattern):
        h = pattern.highlight
        self.a, self.b, self.pattern = a, b, pattern
        self.key_a, self.key_b, self.observed, self.expected = h["a"], h["b"], h["observed"], h["expected"]
        self.who = ct.subject(a, h["a"])
        self.adverb = "vaker" if h["observed"] > h["expected"] else "minder vaak"
        a_rows = np.isin(a.values, category_codes(a, h["a"]))
        b_rows = np.isin(b.values, category_codes(b, h["b"]))
        both = (a.values >= 0) & (b.values >= 0)
        self.n_a, self.n_rest = int(np.sum(both & a_rows)), int(np.sum(both & ~a_rows))
        self.share_in = np.sum(both & a_rows & b_rows) / self.n_a if self.n_a else 0.0
        self.share_rest = np.sum(both & ~a_rows & b_rows) / self.n_rest if self.n_rest else 0.0


def _title(f: _Facts) -> str:
    return f"{ct.with_comma(f.who)} {ct.predicate(f.b, f.key_b, f.adverb)} dan je zou verwachten"


def _observation(f: _Facts) -> str:
    p = f.pattern
    return (f"{ct.percent(f.share_in)} van de {ct.lower_first(f.who)} (n = {f.n_a}) {ct.predicate(f.b, f.key_b)}; "
            f"bij de anderen (n = {f.n_rest}) is dat {ct.percent(f.share_rest)}. "
            f"Dat zijn {f.observed} verhalen, waar je er ongeveer {f.expected:.0f} zou verwachten "
            f"als er geen verband was. {plain_words(CategoryByCategory.name, p)}{ct.checks_sentence(p)}")


def _data(f: _Facts) -> str:
    return (f"De vraag '{ct.question_text(f.a)}' in combinatie met '{ct.question_text(f.b)}'. Beide zijn "
            f"beantwoord door {f.pattern.n} mensen; {f.observed} van hen "
            f"{ct.predicate(f.a, f.key_a)} en {ct.predicate(f.b, f.key_b)}.")


def _hints(f: _Facts) -> list[str]:
    return [f"Interpretatie 1: {ct.lower_first(f.who)} {ct.predicate(f.b, f.key_b, f.adverb)} dan verwacht. "
            "Wat in hun verhalen zou dat verklaren?",
            f"Interpretatie 2: welke tegenovergestelde verklaring is ook denkbaar voor dit {f.adverb} voorkomen? "
            "Kan het ook komen door wie er vertelt of door hoe de vraag gelezen werd, in plaats van door wat "
            "er gebeurde?"]
