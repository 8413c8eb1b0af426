"""Drafting an observation card (observatiekaart) from a pattern of the scan.

A draft is a starting point for an analyst: a plain-language title and observation, the statistics
table, the chart, distinctive words and typical stories of the group the pattern singles out, and two
prompts for opposite interpretations (StoryCycle sense-making always weighs at least two readings).
Typical stories come only from the rows the caller marks ``eligible`` (complete, published stories).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis import cardtext as ct
from analysis import text as textlib
from analysis.chartspec import pattern_chart
from analysis.data import AnswerTable, Column
from analysis.describe import shape
from analysis.disclosure import DEFAULT_THRESHOLD, hidden_reasons

SHAPE_HEADER = ["n", "gemiddelde", "mediaan", "modus", "sd", "scheefheid", "kurtosis"]


@dataclass(frozen=True)
class CardDraft:
    title: str
    observation: str
    content: dict

    def to_content(self) -> dict:
        return dict(self.content)


def _pattern(pattern) -> dict:
    return pattern.to_dict() if hasattr(pattern, "to_dict") else dict(pattern)


def _round(value) -> float | None:
    return None if value is None or not np.isfinite(value) else round(float(value), 2)


def _orient(table: AnswerTable, data: dict) -> tuple[Column, Column]:
    """(numeric, category) for a mixed pattern whatever its order; (a, b) otherwise."""
    for name in (data["a"], data["b"]):
        if name not in table.columns:
            raise ValueError(f"de kolom '{name}' staat niet in de antwoorden")
    a, b = table.columns[data["a"]], table.columns[data["b"]]
    return (b, a) if a.kind == "category" and b.kind == "numeric" else (a, b)


def _rho(data: dict) -> float:
    return float(data.get("effect_size") or data.get("statistic") or 0.0)


def _quartile_rows(x: Column, y: Column, rho: float) -> np.ndarray:
    both = ~np.isnan(x.values) & ~np.isnan(y.values)
    if not both.any():
        return both
    qx = np.quantile(x.values[both], 0.75)
    high_y, low_y = np.quantile(y.values[both], 0.75), np.quantile(y.values[both], 0.25)
    with np.errstate(invalid="ignore"):
        y_side = y.values >= high_y if rho >= 0 else y.values <= low_y
        return both & (x.values >= qx) & y_side


def group_rows(table: AnswerTable, pattern) -> tuple[np.ndarray, np.ndarray]:
    """The rows a pattern singles out and each row's closeness (0..1) to that group's typical answers."""
    data = _pattern(pattern)
    first, second = _orient(table, data)
    if first.kind == "numeric" and second.kind == "category":
        group = data["highlight"].get("group")
        codes = [second.categories.index(k) for k in ct.keys_of(second, group) if k in second.categories]
        rows = np.isin(second.values, codes) & ~np.isnan(first.values)
        center = np.median(first.values[rows]) if rows.any() else 0.0
        closeness = 1 - np.abs(np.nan_to_num(first.values, nan=center) - center) / 100.0
        return rows, np.where(rows, closeness, 0.0)
    if first.kind == "category":
        a = [first.categories.index(k) for k in ct.keys_of(first, data["highlight"].get("a")) if k in first.categories]
        b = [second.categories.index(k) for k in ct.keys_of(second, data["highlight"].get("b")) if k in second.categories]
        rows = np.isin(first.values, a) & np.isin(second.values, b)
        return rows, rows.astype(float)
    rows = _quartile_rows(first, second, _rho(data))
    if not rows.any():
        return rows, rows.astype(float)
    cx, cy = np.median(first.values[rows]), np.median(second.values[rows])
    distance = np.hypot(np.nan_to_num(first.values - cx, nan=100.0), np.nan_to_num(second.values - cy, nan=100.0))
    return rows, np.where(rows, np.clip(1 - distance / (100.0 * np.sqrt(2)), 0.0, 1.0), 0.0)


def _keywords(table: AnswerTable, rows: np.ndarray) -> list:
    if not table.texts or not rows.any() or rows.all():
        return []
    try:
        return textlib.distinctive_words(list(table.texts), rows, top=8)
    except ValueError:
        return []


def _pick(table: AnswerTable, rows, closeness, keywords, count, eligible, exclude_ids, min_group, suppress_small):
    if not table.texts or (suppress_small and 0 < int(rows.sum()) < min_group):
        return []
    allowed = rows & np.array([bool(t and t.strip()) for t in table.texts])
    if eligible is not None:
        allowed &= np.asarray(eligible, dtype=bool)
    if exclude_ids:
        allowed &= ~np.isin(table.public_ids.astype(str), [str(i) for i in exclude_ids])
    ranked = textlib.typical_stories(list(table.texts), allowed, closeness, keywords, count=max(count * 10, 30))
    # Prefer stories with different quotes (many stories share a stock sentence); fill up with the rest.
    seen, distinct, repeats = set(), [], []
    for story in ranked:
        (repeats if story.quote is not None and story.quote in seen else distinct).append(story)
        seen.add(story.quote)
    picked = (distinct + repeats)[:count]
    return [{"public_id": str(table.public_ids[s.index]), "quote": s.quote, "score": round(float(s.score), 4)}
            for s in picked]


def propose_stories(table: AnswerTable, pattern, *, count: int = 3, eligible: np.ndarray | None = None,
                    exclude_ids=(), min_group: int = DEFAULT_THRESHOLD, suppress_small: bool = True) -> list[dict]:
    """Typical stories for a pattern, skipping ``exclude_ids`` (to swap a story on a card)."""
    rows, closeness = group_rows(table, pattern)
    keywords = _keywords(table, rows)
    return _pick(table, rows, closeness, keywords, count, eligible, exclude_ids, min_group, suppress_small)


def _shape_cells(values: np.ndarray) -> list:
    s = shape(values)
    return [s.n] + [_round(v) for v in (s.mean, s.median, s.mode, s.sd, s.skewness, s.kurtosis)]


def _stats(first: Column, second: Column, data: dict, min_group: int, suppress_small: bool) -> dict:
    """The card's numbers per group; hidden groups (small, or hidden with a small one) lose their cells."""
    if first.kind == "numeric" and second.kind == "category":
        groups = [(code, first.values[(second.values == code) & ~np.isnan(first.values)])
                  for code in range(len(second.categories))]
        groups = [(code, values) for code, values in groups if values.size]
        reasons = hidden_reasons([values.size for _, values in groups], min_group, suppress_small)
        rows = [{"label": second.category_label(code), "cells": [None] * 7 if reason else _shape_cells(values),
                 "suppressed": bool(reason), "hidden": reason} for (code, values), reason in zip(groups, reasons)]
        present = ~np.isnan(first.values)
        rows.append({"label": "Alle verhalen", "cells": _shape_cells(first.values[present]), "suppressed": False,
                     "hidden": None})
        unanswered = int(np.sum(present & (second.values < 0)))
        note = (f"{unanswered} verhalen zonder antwoord op '{second.label}' tellen alleen mee in 'Alle verhalen'."
                if unanswered else None)
        return {"header": ["Groep", *SHAPE_HEADER], "rows": rows, "note": note, "min_group": min_group}
    if first.kind == "category":
        both = (first.values >= 0) & (second.values >= 0)
        header = ["Groep", "n"] + [f"% {second.category_label(j)}" for j in range(len(second.categories))]
        groups = [(code, both & (first.values == code)) for code in range(len(first.categories))]
        groups = [(code, in_group) for code, in_group in groups if in_group.any()]
        reasons = hidden_reasons([int(in_group.sum()) for _, in_group in groups], min_group, suppress_small)
        rows = []
        for (code, in_group), reason in zip(groups, reasons):
            counts = [int(np.sum(second.values[in_group] == j)) for j in range(len(second.categories))]
            shares = [_round(100 * np.mean(second.values[in_group] == j)) for j in range(len(second.categories))]
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
    both = ~np.isnan(first.values) & ~np.isnan(second.values)
    rows = [{"label": c.label, "cells": _shape_cells(c.values[both]), "suppressed": False, "hidden": None}
            for c in (first, second)]
    return {"header": ["Vraag", *SHAPE_HEADER], "rows": rows,
            "note": f"Spearman rho = {ct.dutch(_rho(data))} (n = {int(both.sum())})."}


def _texts(table: AnswerTable, first: Column, second: Column, data: dict) -> dict:
    """Title, observation, data description and the two interpretation prompts."""
    h, n = data["highlight"], data["n"]
    effect = ct.EFFECT_WORDS.get(data.get("effect_class"), data.get("effect_class"))
    stable = ct.stability_sentence(data.get("stability"))
    if first.kind == "numeric" and second.kind == "category":
        higher = h["median"] > h["median_rest"]
        who = ct.subject(second, h["group"])
        n_group = int(data.get("group_ns", {}).get(h["group"], 0))
        kind = ct.numeric_kind(first)
        answered = int(np.sum(~np.isnan(first.values)))
        return {
            "title": (f"{ct.with_comma(who)} zetten '{first.label}' meestal {ct.toward(first, higher)} dan de rest"
                      if first.name == first.question else
                      f"{ct.with_comma(who)} geven '{ct.option_text(first)}' meestal {'meer' if higher else 'minder'} "
                      f"gewicht bij '{ct.question_text(first)}' dan de rest"),
            "observation": (f"Bij {ct.lower_first(who)} (n = {n_group}) is de mediaan van '{first.label}' {h['median']:.0f}; "
                            f"bij de rest (n = {n - n_group}) is dat {h['median_rest']:.0f}. Het verschil is {effect} "
                            f"({data['effect_name']} = {ct.dutch(data['effect_size'])}, {n} verhalen).{stable}"),
            "data": (f"{ct.lower_first(kind).capitalize()} '{first.label}' in combinatie met '{ct.question_text(second)}'. "
                     f"{kind.capitalize()} is ingevuld door {answered} mensen; {n_group} van hen "
                     f"{ct.predicate(second, h['group'])}."),
            "hints": [f"Interpretatie 1: wat in de verhalen zou verklaren dat {ct.lower_first(who)} '{first.label}' "
                      f"{'hoger' if higher else 'lager'} zetten dan de rest?",
                      f"Interpretatie 2: welke tegenovergestelde verklaring is ook denkbaar voor het "
                      f"{'hogere' if higher else 'lagere'} antwoord van {ct.lower_first(who)}? Ligt het misschien niet aan "
                      "hun situatie zelf, maar aan wie er vertelt, wanneer, of wat er daarvoor gebeurde?"],
        }
    if first.kind == "category":
        more = h["observed"] > h["expected"]
        who = ct.subject(first, h["a"])
        a_rows = np.isin(first.values, [first.categories.index(k) for k in ct.keys_of(first, h["a"]) if k in first.categories])
        b_rows = np.isin(second.values, [second.categories.index(k) for k in ct.keys_of(second, h["b"]) if k in second.categories])
        both = (first.values >= 0) & (second.values >= 0)
        n_a, n_rest = int(np.sum(both & a_rows)), int(np.sum(both & ~a_rows))
        share_in = np.sum(both & a_rows & b_rows) / n_a if n_a else 0.0
        share_rest = np.sum(both & ~a_rows & b_rows) / n_rest if n_rest else 0.0
        adverb = "vaker" if more else "minder vaak"
        return {
            "title": f"{ct.with_comma(who)} {ct.predicate(second, h['b'], adverb)} dan je zou verwachten",
            "observation": (f"{ct.percent(share_in)} van de {ct.lower_first(who)} (n = {n_a}) {ct.predicate(second, h['b'])}; "
                            f"bij de anderen (n = {n_rest}) is dat {ct.percent(share_rest)}. "
                            f"Dat zijn {h['observed']} verhalen, waar je er ongeveer {h['expected']:.0f} zou verwachten "
                            f"als er geen verband was; het verband is {effect} ({data['effect_name']} = "
                            f"{ct.dutch(data['effect_size'])}).{stable}"),
            "data": (f"De vraag '{ct.question_text(first)}' in combinatie met '{ct.question_text(second)}'. Beide zijn "
                     f"beantwoord door {n} mensen; {h['observed']} van hen "
                     f"{ct.predicate(first, h['a'])} en {ct.predicate(second, h['b'])}."),
            "hints": [f"Interpretatie 1: {ct.lower_first(who)} {ct.predicate(second, h['b'], adverb)} dan verwacht. "
                      "Wat in hun verhalen zou dat verklaren?",
                      f"Interpretatie 2: welke tegenovergestelde verklaring is ook denkbaar voor dit {adverb} voorkomen? "
                      "Kan het ook komen door wie er vertelt of door hoe de vraag gelezen werd, in plaats van door wat "
                      "er gebeurde?"],
        }
    rho = _rho(data)
    rows = _quartile_rows(first, second, rho)
    side = "bovenste" if rho >= 0 else "onderste"
    both = ~np.isnan(first.values) & ~np.isnan(second.values)
    top_x = both & (first.values >= (np.quantile(first.values[both], 0.75) if both.any() else 0))
    share = rows.sum() / top_x.sum() if top_x.any() else 0.0
    direction = "ook hoger" if rho >= 0 else "juist lager"
    return {
        "title": f"Wie '{first.label}' hoger zet, zet '{second.label}' meestal {direction}",
        "observation": (f"Bij {n} verhalen zijn beide vragen ingevuld; de samenhang is {effect} (Spearman rho = "
                        f"{ct.dutch(rho)}). Van wie '{first.label}' in het bovenste kwart zet, zet {ct.percent(share)} "
                        f"'{second.label}' in het {side} kwart.{stable}"),
        "data": (f"{ct.numeric_kind(first).capitalize()} '{first.label}' in combinatie met {ct.numeric_kind(second)} "
                 f"'{second.label}'. Beide zijn ingevuld door {n} mensen; {int(rows.sum())} van hen zetten "
                 + ("beide in het bovenste kwart." if rho >= 0 else "de eerste in het bovenste en de tweede in het onderste kwart.")),
        "hints": [f"Interpretatie 1: wat zou verklaren dat wie '{first.label}' hoger zet, '{second.label}' {direction} zet?",
                  "Interpretatie 2: welke tegenovergestelde verklaring is ook denkbaar? Misschien beïnvloedt het tweede "
                  "het eerste, of hangen beide af van iets anders, zoals hoe het verhaal afliep."],
    }


def draft_card(table: AnswerTable, pattern, *, count: int = 3, min_group: int = DEFAULT_THRESHOLD, suppress_small: bool = True,
               eligible: np.ndarray | None = None) -> CardDraft:
    """A draft observation card for one pattern (a Pattern or its dict)."""
    data = _pattern(pattern)
    first, second = _orient(table, data)
    rows, closeness = group_rows(table, data)
    keywords = _keywords(table, rows)
    texts = _texts(table, first, second, data)
    column_a, column_b = table.columns[data["a"]], table.columns[data["b"]]
    content = {
        "question_a": {"key": data.get("question_a", column_a.question), "label": column_a.label},
        "question_b": {"key": data.get("question_b", column_b.question), "label": column_b.label},
        **{key: data.get(key) for key in ("kind", "test", "statistic", "pvalue", "qvalue", "effect_name",
                                          "effect_size", "effect_class", "stability", "n")},
        "description": data.get("description", ""),
        "data_description": texts["data"],
        "stats": _stats(first, second, data, min_group, suppress_small),
        "chart": pattern_chart(table, data, min_group=min_group, suppress_small=suppress_small),
        "keywords": [k.word for k in keywords[:8]],
        "stories": _pick(table, rows, closeness, keywords, count, eligible, (), min_group, suppress_small),
        "hints": texts["hints"],
    }
    return CardDraft(texts["title"], texts["observation"], content)


def hide_small_segments(content: dict, min_group: int = DEFAULT_THRESHOLD) -> dict:
    """``content`` of a card drafted before stacked segments were hidden, with them hidden (a copy).

    Cards are drafted for every reader (suppressing), but older drafts hid only whole groups: a stacked
    chart or a "% per group" table still showed 1 of 6 as 17%. A chart spec or stats table that carries
    ``min_group`` is of the new kind and is returned as it is.
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
