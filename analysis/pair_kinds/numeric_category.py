"""A number (slider or triad corner) against a category: rank test, the group that deviates most."""
from __future__ import annotations

import numpy as np

from analysis import cardtext as ct
from analysis import pairwise, wording
from analysis.chartspec import grouped_histogram
from analysis.data import AnswerTable, Column
from analysis.disclosure import hidden_reasons
from analysis.pair_kinds.base import (MAX_STORY_IDS, SHAPE_HEADER, CardTexts, PairKind, category_codes, plain_words,
                                      restrict, shape_cells)


class NumericByCategory(PairKind):
    """Kruskal-Wallis (Mann-Whitney U for two groups); the card follows the group whose median differs most."""

    name = "numeric~category"

    def test(self, first, second, options, orders, rows=None):
        return pairwise.numeric_by_category(restrict(first, rows), restrict(second, rows), second.categories,
                                            options.min_group, orders[first.name], interval=rows is None,
                                            scale=second.scale_positions())

    def describe(self, first, second, outcome):
        return wording.numeric_by_category(first, second, outcome.highlight)

    def story_ids(self, table: AnswerTable, first: Column, second: Column, highlight: dict) -> tuple:
        if highlight.get("group") not in second.categories:
            return ()
        rows = (second.values == second.categories.index(highlight["group"])) & ~np.isnan(first.values)
        return tuple(table.public_ids[rows][:MAX_STORY_IDS].tolist())

    def group_rows(self, first, second, pattern):
        rows = np.isin(second.values, category_codes(second, pattern.highlight.get("group"))) & ~np.isnan(first.values)
        center = np.median(first.values[rows]) if rows.any() else 0.0
        closeness = 1 - np.abs(np.nan_to_num(first.values, nan=center) - center) / 100.0
        return rows, np.where(rows, closeness, 0.0)

    def stats(self, first, second, pattern, min_group, suppress_small):
        groups = [(code, first.values[(second.values == code) & ~np.isnan(first.values)])
                  for code in range(len(second.categories))]
        groups = [(code, values) for code, values in groups if values.size]
        reasons = hidden_reasons([values.size for _, values in groups], min_group, suppress_small)
        rows = [{"label": second.category_label(code), "cells": [None] * 7 if reason else shape_cells(values),
                 "suppressed": bool(reason), "hidden": reason} for (code, values), reason in zip(groups, reasons)]
        present = ~np.isnan(first.values)
        rows.append({"label": "Alle verhalen", "cells": shape_cells(first.values[present]), "suppressed": False,
                     "hidden": None})
        unanswered = int(np.sum(present & (second.values < 0)))
        note = (f"{unanswered} verhalen zonder antwoord op '{second.label}' tellen alleen mee in 'Alle verhalen'."
                if unanswered else None)
        return {"header": ["Groep", *SHAPE_HEADER], "rows": rows, "note": note, "min_group": min_group}

    def texts(self, first, second, pattern):
        facts = _Facts(first, second, pattern)
        return CardTexts(_title(facts), _observation(facts), _data(facts), _hints(facts))

    def chart(self, first, second, min_group, suppress_small):
        labels = [second.category_label(i) for i in range(len(second.categories))]
        return grouped_histogram(first.values, second.values, second.categories, labels,
                                 title=f"{first.label} per {second.label}", x_label=first.label, left=first.left,
                                 right=first.right, min_group=min_group, suppress_small=suppress_small)


class _Facts:
    """What the card's words rest on: which group, higher or lower, how many."""

    def __init__(self, number: Column, category: Column, pattern):
        h = pattern.highlight
        self.number, self.category, self.pattern = number, category, pattern
        self.median, self.median_rest = h["median"], h["median_rest"]
        self.higher = h["median"] > h["median_rest"]
        self.group = h["group"]
        self.who = ct.subject(category, h["group"])
        self.n_group = int((pattern.group_ns or {}).get(h["group"], 0))
        self.kind = ct.numeric_kind(number)
        self.answered = int(np.sum(~np.isnan(number.values)))


def _title(f: _Facts) -> str:
    if f.number.name == f.number.question:
        return f"{ct.with_comma(f.who)} zetten '{f.number.label}' meestal {ct.toward(f.number, f.higher)} dan de rest"
    return (f"{ct.with_comma(f.who)} geven '{ct.option_text(f.number)}' meestal {'meer' if f.higher else 'minder'} "
            f"gewicht bij '{ct.question_text(f.number)}' dan de rest")


def _observation(f: _Facts) -> str:
    p = f.pattern
    return (f"Bij {ct.lower_first(f.who)} (n = {f.n_group}) is de mediaan (het middelste antwoord) van "
            f"'{f.number.label}' {f.median:.0f}; bij de rest (n = {p.n - f.n_group}) is dat {f.median_rest:.0f}. "
            f"{plain_words(NumericByCategory.name, p)} Het gaat om {p.n} verhalen.{ct.checks_sentence(p)}")


def _data(f: _Facts) -> str:
    return (f"{ct.lower_first(f.kind).capitalize()} '{f.number.label}' in combinatie met '{ct.question_text(f.category)}'. "
            f"{f.kind.capitalize()} is ingevuld door {f.answered} mensen; {f.n_group} van hen "
            f"{ct.predicate(f.category, f.group)}.")


def _hints(f: _Facts) -> list[str]:
    who = ct.lower_first(f.who)
    return [f"Interpretatie 1: wat in de verhalen zou verklaren dat {who} '{f.number.label}' "
            f"{'hoger' if f.higher else 'lager'} zetten dan de rest?",
            f"Interpretatie 2: welke tegenovergestelde verklaring is ook denkbaar voor het "
            f"{'hogere' if f.higher else 'lagere'} antwoord van {who}? Ligt het misschien niet aan "
            "hun situatie zelf, maar aan wie er vertelt, wanneer, of wat er daarvoor gebeurde?"]
