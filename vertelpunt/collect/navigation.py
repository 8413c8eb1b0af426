"""Reading the story form's own fields (which page, which button, which submission) strictly.

Nobody types these: the page sends them. A value the page never sends is a tampered or broken request, and
it gets a Dutch 400 instead of a guess (a guess once turned ``prompt=zzz`` into a server error).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
NUMBER_PATTERN = re.compile(r"[0-9]{1,4}")  # ASCII digits only: "\u0663" is a digit to Python
ACTIONS = ("next", "back", "submit")
BROKEN_FORM = "Dit formulier is niet goed verstuurd. Begin opnieuw op de startpagina of ga terug en probeer het nog eens."


class NavigationError(ValueError):
    """The form's own fields hold a value the form never sends; the message is Dutch."""


@dataclass(frozen=True)
class Navigation:
    current: int  # the page that was posted
    action: str  # next, back, submit or step
    target: int | None = None  # for "step-<n>": the earlier page to go back to
    token: str | None = None  # None: the first post of a new story, a new token is made


def read_navigation(data, page_count: int) -> Navigation:
    step = data.get("step", "")
    if step and not (NUMBER_PATTERN.fullmatch(step) and int(step) < page_count):
        raise NavigationError(BROKEN_FORM)
    current = int(step) if step else 0
    nav = data.get("nav", "") or "next"
    target = None
    if nav.startswith("step-"):
        number = nav[5:]
        if not (NUMBER_PATTERN.fullmatch(number) and int(number) < page_count):
            raise NavigationError(BROKEN_FORM)
        nav, target = "step", int(number)
    elif nav not in ACTIONS:
        raise NavigationError(BROKEN_FORM)
    token = data.get("submission") or None
    if token is not None and not TOKEN_PATTERN.fullmatch(token):
        raise NavigationError(BROKEN_FORM)
    return Navigation(current, nav, target, token)
