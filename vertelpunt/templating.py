"""Everything templates can call that is not passed in by a view: filters and globals, registered in one place.

Every template may use these, whichever blueprint renders it (the card body is drawn by the card pages,
the exports and the participant's table page alike), so they belong to the app, not to a blueprint; a
blueprint registering them would make a page depend on which other areas happen to be loaded.
:func:`register_templating` is called once, by :func:`vertelpunt.web.register_web`.
"""
from __future__ import annotations

from flask import Flask, url_for

from analysis.charts import to_plotly_json_script_safe
from vertelpunt.audit.labels import action_label, actor_label, detail_lines, target_label
from vertelpunt.cards.runs import card_pattern_name, pattern_name
from vertelpunt.facilitate.notes import note_text
from vertelpunt.i18n import LANGUAGES, language_label, language_url
from vertelpunt.models.accounts import USER_ROLE_LABELS
from vertelpunt.moderate.pii import KIND_WORDS, PII_KINDS, describe_kinds
from vertelpunt.wording import aantal

#: Where a chart's story link holds the story id; static/js/charts.js fills it in per clicked point.
STORY_ID_SLOT = "__VERHAAL__"


def nl_number(value, digits: int = 2) -> str:
    """Numbers the Dutch way: comma decimals, a dot between thousands; no number is a dash."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, int) or float(value).is_integer() and digits == 0:
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:,.{digits}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def nl_pvalue(value) -> str:
    """A p- or q-value as a reader expects it: three decimals, and "< 0,001" below that."""
    if value is None:
        return "–"
    return "< 0,001" if value < 0.001 else nl_number(value, 3)


def pii_words(kinds) -> str:
    """The kinds of personal data a story seems to hold, as a Dutch list for staff ("adres, e-mailadres")."""
    wanted = {kinds} if isinstance(kinds, str) else set(kinds or [])
    return ", ".join(KIND_WORDS[kind] for kind in PII_KINDS if kind in wanted)


def pii_word(kind) -> str:
    """One kind of personal data in Dutch ("telefoonnummer"), for the mark around a flagged piece of text."""
    return KIND_WORDS.get(kind, "persoonlijk gegeven")


def describe_pii(kinds) -> str:
    """Dutch words for the kinds of personal data a note seems to hold ("een naam of telefoonnummer")."""
    return describe_kinds(kinds or [])


def plotly_json(spec: dict) -> str:
    """The figure for a chart description, safe inside <script type="application/json">."""
    return to_plotly_json_script_safe(spec)


def story_link(base: dict, group: str | None = None, lo=None, hi=None) -> str:
    """The story-list URL for a chart (``base``: filters and question) and optionally one bar or bin."""
    extra = {key: value for key, value in (("group", group), ("lo", lo), ("hi", hi)) if value is not None}
    return url_for("insights.stories", **base, **extra)


def story_url_template(base: dict) -> str:
    """The address of one story with the chart's filters (for the way back); charts.js fills in the id."""
    filters = {key: value for key, value in base.items() if key not in ("question", "group", "lo", "hi")}
    return url_for("insights.story", public_id=STORY_ID_SLOT, **filters)


FILTERS = {"nl_number": nl_number, "nl_pvalue": nl_pvalue, "language_label": language_label, "aantal": aantal,
           "pii_words": pii_words}
GLOBALS = {
    "audit_action_label": action_label,
    "actor_label": actor_label,
    "audit_target_label": target_label,
    "audit_detail_lines": detail_lines,
    "user_role_labels": USER_ROLE_LABELS,
    "pii_word": pii_word,
    "card_pattern_name": card_pattern_name,
    "pattern_name": pattern_name,
    "note_text": note_text,  # every template shows a note through it, so an idea's frame reads the same everywhere
    "describe_pii": describe_pii,
    "plotly_json": plotly_json,
    "story_link": story_link,
    "story_url_template": story_url_template,
    "languages": LANGUAGES,  # the language chooser of the public pages (_macros/languages.html)
    "language_url": language_url,
}


def register_templating(app: Flask) -> None:
    """Make every filter and global above available to all templates of ``app``."""
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals.update(GLOBALS)
