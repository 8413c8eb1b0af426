"""The story form's wizard: reading its own fields strictly, and deciding where a POST leads.

Nobody types these fields (which page, which button, which submission): the page sends them. A value the
page never sends is a tampered or broken request, and it gets a Dutch 400 instead of a guess (a guess once
turned ``prompt=zzz`` into a server error). :func:`next_move` then decides, from the button and the checked
pages, which page to show next or that the story is complete, so the view only renders or saves.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from vertelpunt.errors import VertelpuntError

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
NUMBER_PATTERN = re.compile(r"[0-9]{1,4}")  # ASCII digits only: "\u0663" is a digit to Python
ACTIONS = ("next", "back", "submit")
BROKEN_FORM = "Dit formulier is niet goed verstuurd. Begin opnieuw op de startpagina of ga terug en probeer het nog eens."


class NavigationError(VertelpuntError):
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


@dataclass(frozen=True)
class Move:
    """What a POST of the story form leads to: page ``index`` (with ``errors`` and ``status``), or, when
    ``answers`` is set, a complete story to save."""

    index: int
    errors: dict[str, str] = field(default_factory=dict)
    status: int = 200
    answers: dict | None = None


def next_move(navigation: Navigation, steps: Sequence, check: Callable) -> Move:
    """Back and earlier pages need no check (nothing is lost: every answer travels along); forward checks the
    posted page; "Verstuur" on the last page checks every page again (an earlier one may have been tampered
    with) and shows the first page with an error, or hands over all answers. ``check(step)`` returns an
    object with ``errors`` and ``answers`` (:func:`vertelpunt.collect.steps.check_step`)."""
    current, action, last = navigation.current, navigation.action, len(steps) - 1
    if action == "back":
        return Move(max(current - 1, 0))
    if action == "step" and navigation.target < current:
        return Move(navigation.target)
    result = check(steps[current])
    if result.errors:
        return Move(current, result.errors, 400)
    if action != "submit" or current < last:
        return Move(min(current + 1, last))
    answers: dict = {}
    for index, step in enumerate(steps):
        checked = result if index == current else check(step)
        if checked.errors:
            return Move(index, checked.errors, 400)
        answers.update(checked.answers)
    return Move(current, answers=answers)
