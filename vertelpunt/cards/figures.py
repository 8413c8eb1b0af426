"""Chart specs as figure data for templates: the Plotly JSON (script-safe) next to the spec's numbers."""
from __future__ import annotations

from analysis.cards import hide_small_segments
from analysis.cardtext import certainty_phrase, strength_phrase
from analysis.charts import to_plotly_json_script_safe
from vertelpunt.small_groups import threshold


def figure(fig_id: str, spec: dict | None) -> dict | None:
    """What templates/cards/_chart.html needs to draw one chart, or None without a chart."""
    if not spec:
        return None
    return {"id": fig_id, "spec": spec, "json": to_plotly_json_script_safe(spec)}


def shown_content(card) -> dict:
    """The card's content as readers may see it: a card drafted before stacked segments were hidden gets
    them hidden now (:func:`analysis.cards.hide_small_segments`), on the page and in every export; and how
    strong and how certain the pattern is, in words (``plain_strength``, ``plain_certainty``), made from the
    stored numbers each time, so cards drafted before the words existed get them too."""
    content = hide_small_segments(card.content or {}, threshold())
    strength = strength_phrase(content.get("kind"), content.get("effect_class"))
    certainty = certainty_phrase(content.get("qvalue"))
    return {**content, "plain_strength": strength[:1].upper() + strength[1:] + "." if strength else "",
            "plain_certainty": certainty[:1].upper() + certainty[1:] + "." if certainty else ""}
