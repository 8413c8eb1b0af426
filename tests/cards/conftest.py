"""Fixtures for the cards tests: a project with a planted relation, scanned once."""
from __future__ import annotations

from datetime import date

import pytest

HIGH_TEXT = ("Eindelijk voelde ik me gehoord door de hulpverlener. Ze luisterde echt naar ons gezin en nam de tijd. "
             "Samen maakten we een plan dat werkte.")
LOW_TEXT = ("We moesten maanden wachten op een plek en niemand belde terug. Het dossier ging van hand tot hand. "
            "Ik had het gevoel dat niemand luisterde.")


def plant(make_story, project, n=60):
    """``n`` published stories where 'heard' is high when 'outcome' is high (with a little noise)."""
    stories = []
    for i in range(n):
        outcome = 5 + (90 * i) / (n - 1)
        heard = min(100.0, max(0.0, outcome + ((i * 37) % 21) - 10))
        high = outcome >= 50
        stories.append(make_story(
            project, commit=False, role=("parent", "youth", "professional")[i % 3],
            text=(HIGH_TEXT if high else LOW_TEXT) + f" Verhaal nummer {i}.",
            answers={"outcome": outcome, "heard": heard, "help_type": [("jeugdhulp", "jeugd_ggz")[i % 2]],
                     "place": ("enschede", "nijmegen")[(i // 2) % 2]},
            week=date(2026, 1 + i % 6, 5),
        ))
    return stories


@pytest.fixture
def planted(session, project, make_story):
    stories = plant(make_story, project)
    session.commit()
    return stories


@pytest.fixture
def analyst(make_user):
    return make_user("analyst", "analist@example.org")


@pytest.fixture
def scanned(session, project, planted, analyst):
    from vertelpunt.cards.runs import start_scan
    from vertelpunt.insights.records import StoryFilter

    run = start_scan(session, project, StoryFilter(), analyst, splits=5)
    session.commit()
    return run


@pytest.fixture
def top_key(scanned):
    from vertelpunt.cards.runs import pattern_key
    from vertelpunt.insights.scans import stored_result

    notable = stored_result(scanned).notable
    assert notable, "the planted relation must be found"
    return pattern_key(notable[0])
