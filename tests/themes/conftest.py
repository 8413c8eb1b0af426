"""Shared fixtures of the themes tests: stories with three planted vocabularies."""
from __future__ import annotations

import random

import pytest

VOCABULARIES = {
    "wachten": "wachtlijst wachttijd maanden aanmelding intake brief telefoon uitstel".split(),
    "school": "school leraar klas huiswerk rooster mentor pauze rapport".split(),
    "therapie": "psycholoog therapie angst somber behandeling sessies medicatie diagnose".split(),
}


def planted_text(rng: random.Random, theme: str) -> str:
    words = rng.sample(VOCABULARIES[theme], 6)
    return f"Het ging over de {words[0]} en de {words[1]}. Daarna kwam {words[2]} met {words[3]}, {words[4]} en {words[5]}."


@pytest.fixture
def planted(project, make_story, session):
    rng = random.Random(3)
    stories = {theme: [] for theme in VOCABULARIES}
    for i in range(42):
        theme = list(VOCABULARIES)[i % 3]
        stories[theme].append(make_story(project, commit=False, text=planted_text(rng, theme)))
    make_story(project, commit=False, status="hidden", text=planted_text(rng, "school"))
    session.commit()
    return stories
