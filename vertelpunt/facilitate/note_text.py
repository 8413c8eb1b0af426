"""The one place that turns a stored note into the text people read.

An idea is asked as "We zouden eigenlijk ... moeten doen" plus "zodat ...". Participants often type the
frame words themselves ("We zouden eigenlijk meer tijd moeten geven", "zodat ouders ..."), so we store
exactly what they typed and add only the frame words that are missing. Every page, JSON feed, report and
proposal uses :func:`render_note`, so an idea reads the same everywhere and the frame appears once.
Pure Python: no Flask, no database.
"""
from __future__ import annotations

import re

IDEA_KIND = "idee"
_OPENING = re.compile(r"^\s*we\s+zouden\b", re.IGNORECASE)
_OPENING_FULL = re.compile(r"^\s*we\s+zouden\s+eigenlijk\b", re.IGNORECASE)
_HAS_MOETEN = re.compile(r"\bmoeten\b", re.IGNORECASE)
_GOAL_OPENING = re.compile(r"^[\s,;:.-]*zodat\b[\s,:]*", re.IGNORECASE)
_TRAILING = re.compile(r"[\s,;:.]+$")


def _clean_action(text: str) -> str:
    """The "we should" part with the frame around it, each frame word once."""
    action = " ".join((text or "").split())
    action = _TRAILING.sub("", action)
    if _OPENING.match(action):
        action = action[0].upper() + action[1:]
    else:
        action = f"We zouden eigenlijk {action}"
    if not _HAS_MOETEN.search(action[len("We zouden"):]):
        action = f"{action} moeten doen"
    return action


def _clean_goal(goal: str) -> str:
    goal = " ".join((goal or "").split())
    return _GOAL_OPENING.sub("", goal)


def idea_text(text: str, goal: str | None) -> str:
    """"We zouden eigenlijk X moeten doen, zodat Y", whatever frame words the participant typed.

    >>> idea_text("We zouden eigenlijk meer tijd moeten geven", "zodat ouders rust hebben")
    'We zouden eigenlijk meer tijd moeten geven, zodat ouders rust hebben'
    >>> idea_text("meer tijd", "ouders rust hebben")
    'We zouden eigenlijk meer tijd moeten doen, zodat ouders rust hebben'
    """
    action = _clean_action(text)
    rest = _clean_goal(goal or "")
    return f"{action}, zodat {rest}" if rest else action


def render_note(kind: str, text: str, goal: str | None = None) -> str:
    """What a note says, as shown on every page and in every export."""
    if kind == IDEA_KIND:
        return idea_text(text, goal)
    return (text or "").strip()
