"""A demo story's text does not contradict itself (issue 19.3): never "niemand luisterde" next to "ik mocht
overal over meepraten". The pairs that cannot stand together are A.CONTRADICTING; every template of both sides
is looked for in many generated texts."""
from __future__ import annotations

import re

import pytest
import yaml

from tests.demo.test_generator import DEMO_REGIONS, FORM_PATH, REGIONS_PATH
from vertelpunt.demo import answer_fragments as A
from vertelpunt.demo.generator import generate_stories
from vertelpunt.demo.texts import MIN_WORDS, word_count


def _theme_templates(theme: tuple) -> list[str]:
    key, level = theme
    voices = A.MATTERED[level] if key == "mattered" else A.DIMENSION[key][level]
    return [template for templates in voices.values() for template in templates]


def _marker(template: str) -> str:
    """The longest part of a template without a placeholder, lower case (a sentence may start with "Maar")."""
    parts = [part.strip(" .,") for part in re.split(r"\{[^}]*\}", template)]
    return max(parts, key=len).lower()


MARKERS = {theme: [_marker(t) for t in _theme_templates(theme)] for pair in A.CONTRADICTING for theme in pair}


def contradictions(text: str) -> list[tuple]:
    lower = text.lower()
    present = {theme for theme, markers in MARKERS.items() if any(marker in lower for marker in markers)}
    return [pair for pair in A.CONTRADICTING if set(pair) <= present]


def test_the_markers_are_long_enough_to_mean_one_fragment():
    assert all(len(marker) >= 20 for markers in MARKERS.values() for marker in markers)


def test_the_check_finds_the_contradiction_of_the_issue():
    text = ("Ik had steeds het gevoel dat niemand echt naar ons luisterde. "
            "We maakten samen een plan, en ik mocht overal over meepraten.")
    assert contradictions(text) == [(("heard", "lo"), ("involved", "hi"))]


@pytest.fixture(scope="module")
def many():
    form = yaml.safe_load(FORM_PATH.read_text(encoding="utf-8"))
    regions = yaml.safe_load(REGIONS_PATH.read_text(encoding="utf-8"))["regions"]
    demo = [r for r in regions if r["key"] in DEMO_REGIONS]
    return [story for seed in (1, 2, 7, 11) for story in generate_stories(form, demo, n=960, seed=seed)]


def test_no_generated_story_contradicts_itself(many):
    assert len(many) == 4 * 960
    found = [(story["text"], contradictions(story["text"])) for story in many if contradictions(story["text"])]
    assert found == []


def test_stories_still_carry_their_answers_and_length(many):
    heard_low = [s for s in many if isinstance(s["answers"].get("heard"), float) and s["answers"]["heard"] <= 35]
    markers = MARKERS[("heard", "lo")]
    assert all(any(m in s["text"].lower() for m in markers) for s in heard_low)
    assert min(word_count(s["text"]) for s in many) >= MIN_WORDS - 2  # the generator's own slack (split vs \w+)
