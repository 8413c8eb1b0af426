"""Two numbers: Spearman's rho; the card follows the stories in the top quarter of both (or top and bottom)."""
from __future__ import annotations

import numpy as np

from analysis import cardtext as ct
from analysis import pairwise, wording
from analysis.chartspec import heatmap
from analysis.data import Column
from analysis.pair_kinds.base import SHAPE_HEADER, CardTexts, PairKind, plain_words, restrict, shape_cells


class NumericByNumeric(PairKind):
    """The direction of rho decides which quarter the card's stories come from."""

    name = "numeric~numeric"

    def test(self, first, second, options, orders, rows=None):
        return pairwise.numeric_by_numeric(restrict(first, rows), restrict(second, rows), options.min_pair_n,
                                           orders[first.name], orders[second.name], interval=rows is None)

    def describe(self, first, second, outcome):
        return wording.numeric_by_numeric(first, second, outcome.statistic)

    def story_ids(self, table, first, second, highlight):
        return ()  # a correlation singles out no group

    def group_rows(self, first, second, pattern):
        rows = quartile_rows(first, second, rho(pattern))
        if not rows.any():
            return rows, rows.astype(float)
        cx, cy = np.median(first.values[rows]), np.median(second.values[rows])
        distance = np.hypot(np.nan_to_num(first.values - cx, nan=100.0), np.nan_to_num(second.values - cy, nan=100.0))
        return rows, np.where(rows, np.clip(1 - distance / (100.0 * np.sqrt(2)), 0.0, 1.0), 0.0)

    def stats(self, first, second, pattern, min_group, suppress_small):
        both = ~np.isnan(first.values) & ~np.isnan(second.values)
        rows = [{"label": c.label, "cells": shape_cells(c.values[both]), "suppressed": False, "hidden": None}
                for c in (first, second)]
        return {"header": ["Vraag", *SHAPE_HEADER], "rows": rows,
                "note": f"Spearman rho = {ct.dutch(rho(pattern))} (n = {int(both.sum())})."}

    def texts(self, first, second, pattern):
        facts = _Facts(first, second, pattern)
        return CardTexts(_title(facts), _observation(facts), _data(facts), _hints(facts))

    def chart(self, first, second, min_group, suppress_small):
        return heatmap(first.values, second.values, title=f"{first.label} en {second.label}", x_label=first.label,
                       y_label=second.label, min_group=min_group, suppress_small=suppress_small)


def rho(pattern) -> float:
    """The pattern's rho (its effect size; the statistic for older snapshots), 0 when neither is known.

    Parameters
    ----------
    pattern : Pattern

    Returns
    -------
    float
    """
    return float(pattern.effect_size or pattern.statistic or 0.0)


def quartile_rows(x: Column, y: Column, rho_value: float) -> np.ndarray:
    """Rows in the top quarter of ``x`` and the top (rho >= 0) or bottom (rho < 0) quarter of ``y``.

    Parameters
    ----------
    x, y : Column
        The two numeric columns.
    rho_value : float
        The direction of the relation.

    Returns
    -------
    numpy.ndarray of bool
    """
    both = ~np.isnan(x.values) & ~np.isnan(y.values)
    if not both.any():
        return both
    qx = np.quantile(x.values[both], 0.75)
    high_y, low_y = np.quantile(y.values[both], 0.75), np.quantile(y.values[both], 0.25)
    with np.errstate(invalid="ignore"):
        y_side = y.values >= high_y if rho_value >= 0 else y.values <= low_y
        return both & (x.values >= qx) & y_side


class _Facts:
    """What the card's words rest on: the direction, and how many of the top quarter follow it."""

    def __init__(self, x: Column, y: Column, pattern):
        self.x, self.y, self.pattern = x, y, pattern
        self.rho = rho(pattern)
        self.rows = quartile_rows(x, y, self.rho)
        both = ~np.isnan(x.values) & ~np.isnan(y.values)
        top_x = both & (x.values >= (np.quantile(x.values[both], 0.75) if both.any() else 0))
        self.share = self.rows.sum() / top_x.sum() if top_x.any() else 0.0
        self.positive = self.rho >= 0
        self.direction = "ook hoger" if self.positive else "juist lager"


def _title(f: _Facts) -> str:
    return f"Wie '{f.x.label}' hoger zet, zet '{f.y.label}' meestal {f.direction}"


def _observation(f: _Facts) -> str:
    p = f.pattern
    side = "bovenste" if f.positive else "onderste"
    return (f"Bij {p.n} verhalen zijn beide vragen ingevuld. {plain_words(NumericByNumeric.name, p)} Van wie '{f.x.label}' in het "
            f"bovenste kwart zet, zet {ct.percent(f.share)} '{f.y.label}' in het {side} kwart."
            f"{ct.stability_sentence(p.stability)}")


def _data(f: _Facts) -> str:
    return (f"{ct.numeric_kind(f.x).capitalize()} '{f.x.label}' in combinatie met {ct.numeric_kind(f.y)} "
            f"'{f.y.label}'. Beide zijn ingevuld door {f.pattern.n} mensen; {int(f.rows.sum())} van hen zetten "
            + ("beide in het bovenste kwart." if f.positive else "de eerste in het bovenste en de tweede in het onderste kwart."))


def _hints(f: _Facts) -> list[str]:
    return [f"Interpretatie 1: wat zou verklaren dat wie '{f.x.label}' hoger zet, '{f.y.label}' {f.direction} zet?",
            "Interpretatie 2: welke tegenovergestelde verklaring is ook denkbaar? Misschien beïnvloedt het tweede "
            "het eerste, of hangen beide af van iets anders, zoals hoe het verhaal afliep."]
