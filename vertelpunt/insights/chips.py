"""The active filters as chips: each a plain link to the same page without just that filter.

Built from ``FilterSelection.to_query()``, the query that rebuilds the selection, so a chip can only remove what
is really applied and every link works without JavaScript. "Alleen complete verhalen" is the default and also a
filter: its chip leads to ``complete=all``, so the page always says which stories its counts are of.
"""
from __future__ import annotations

from dataclasses import dataclass

from vertelpunt.insights.filters import FilterChoices, FilterSelection

SINGLE = {"from": "Vanaf", "to": "Tot en met"}
MANY = {"region": "Regio", "role": "Rol", "help_type": "Soort hulp"}


@dataclass(frozen=True)
class Chip:
    label: str
    query: dict  # the selection without this filter, for url_for


def filter_chips(selection: FilterSelection, choices: FilterChoices) -> list[Chip]:
    query = selection.to_query()
    names = {"region": dict(choices.regions), "role": dict(choices.roles), "help_type": dict(choices.help_types)}
    answers = dict(choices.chosen_answers)
    chips = []
    for name, value in query.items():
        if name == "project":
            continue
        if name in SINGLE:
            date_text = "-".join(reversed(value.split("-")))
            chips.append(Chip(f"{SINGLE[name]} {date_text}", _without(query, name)))
        elif name in MANY:
            for item in value:
                chips.append(Chip(f"{MANY[name]}: {names[name].get(item, item)}", _without(query, name, item)))
        elif name == "answer":
            for item in value:
                chips.append(Chip(f"Antwoord: {answers.get(item, item)}", _without(query, name, item)))
        elif name == "theme":
            for item in value:
                rest = _without(query, name, item)
                if not rest.get("theme"):
                    rest.pop("theme_run", None)
                chips.append(Chip(f"Thema {int(item) + 1}", rest))
        elif name == "complete":
            chips.append(Chip("Ook niet-complete verhalen", _without(query, name)))
    if selection.story_filter.complete_only:
        chips.append(Chip("Alleen complete verhalen", {**query, "complete": "all"}))
    return chips


def _without(query: dict, name: str, item: str | None = None) -> dict:
    rest = dict(query)
    if item is None:
        rest.pop(name)
    else:
        rest[name] = [value for value in query[name] if value != item]
        if not rest[name]:
            rest.pop(name)
    return rest
