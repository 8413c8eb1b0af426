"""Where a POST of the story form leads (collect.navigation.next_move), without the app: pages are plain names."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from vertelpunt.collect.navigation import Navigation, next_move

STEPS = ("story", "duiding", "teller")


@dataclass
class Checked:
    errors: dict = field(default_factory=dict)
    answers: dict = field(default_factory=dict)


def checker(bad=(), seen=None):
    """Pages in ``bad`` have an error; every page answers {page: True}; ``seen`` records what was checked."""
    def check(step):
        if seen is not None:
            seen.append(step)
        return Checked({"field": f"fout op {step}"} if step in bad else {}, {step: True})
    return check


def test_back_and_earlier_pages_need_no_check():
    seen = []
    assert next_move(Navigation(2, "back"), STEPS, checker(seen=seen)).index == 1
    assert next_move(Navigation(0, "back"), STEPS, checker(seen=seen)).index == 0
    assert next_move(Navigation(2, "step", target=0), STEPS, checker(seen=seen)).index == 0
    assert seen == []


def test_next_checks_the_posted_page_and_stays_on_an_error():
    move = next_move(Navigation(1, "next"), STEPS, checker(bad={"duiding"}))
    assert (move.index, move.status, move.answers) == (1, 400, None) and move.errors == {"field": "fout op duiding"}
    assert next_move(Navigation(1, "next"), STEPS, checker()).index == 2


def test_a_later_step_button_moves_on_like_next():
    move = next_move(Navigation(0, "step", target=2), STEPS, checker())
    assert (move.index, move.answers) == (1, None)


@pytest.mark.parametrize("current", [0, 1])
def test_submit_before_the_last_page_only_moves_on(current):
    move = next_move(Navigation(current, "submit"), STEPS, checker())
    assert (move.index, move.answers) == (current + 1, None)


def test_submit_on_the_last_page_checks_every_page_again_and_shows_the_first_error():
    seen = []
    move = next_move(Navigation(2, "submit"), STEPS, checker(bad={"duiding"}, seen=seen))
    assert (move.index, move.status, move.answers) == (1, 400, None)
    assert seen == ["teller", "story", "duiding"]  # the posted page first, then from the start until the error


def test_submit_with_every_page_valid_hands_over_all_answers():
    move = next_move(Navigation(2, "submit"), STEPS, checker())
    assert move.answers == {"story": True, "duiding": True, "teller": True} and move.status == 200
