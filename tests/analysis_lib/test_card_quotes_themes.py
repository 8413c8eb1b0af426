"""Quotes on a card are picked for what the story says, not for the place it names (issue 19.3)."""
import numpy as np
import pytest

from analysis import text as textlib
from analysis.cards import _pick, propose_stories
from analysis.data import AnswerTable
from analysis.names import proper_names
from analysis.patterns import Pattern, ScanOptions, scan

PLACE = {"twente": "Ons gezin woont in Enschede, in de regio Twente.",
         "gelderland": "Ons gezin woont in Nijmegen, in de regio Gelderland."}
WAITING = ["We hebben maanden op een wachtlijst gestaan en het werd thuis steeds erger.",
           "Na de aanmelding kwam de wachtlijst, en niemand wist hoe lang het nog duurde.",
           "Op de wachtlijst voor de behandeling ging het met mijn zoon steeds slechter."]
OTHER = ["De hulpverlener nam de tijd voor ons en legde alles rustig uit.",
         "Mijn dochter kreeg een begeleider die elke week bij ons thuis kwam.",
         "Het eerste gesprek was fijn, en daarna maakten we samen een plan."]
FORM = {"key": "quotes", "roles": [{"key": "parent", "label": "Ouder"}], "modules": [{"key": "m", "questions": [
    {"key": "on_time", "type": "slider", "text": "Kwam de hulp op tijd?", "left": "Veel te laat",
     "right": "Precies op tijd"}]}]}


def _records():
    records = []
    for i in range(40):
        region = "twente" if i % 2 == 0 else "gelderland"
        experience = WAITING[i % 3] if region == "twente" and i % 4 == 0 else OTHER[i % 3]
        records.append({"public_id": f"p{i}", "role": "parent", "region": region, "week": "2026-03-02",
                        "text": f"{PLACE[region]} {experience}",
                        "answers": {"on_time": float(20 + i % 7 if region == "twente" else 60 + i % 9)}})
    return records


@pytest.fixture(scope="module")
def table():
    return AnswerTable.from_records(FORM, _records(), {"twente": "Twente", "gelderland": "Gelderland"})


def _twente_pattern(table):
    result = scan(table, ScanOptions(confirm_splits=0, strata=()))
    return next(p for p in [*result.notable, *result.patterns]
                if {Pattern.coerce(p).a, Pattern.coerce(p).b} == {"on_time", "region"})


def test_names_are_found_by_capitals_and_by_the_region_labels(table):
    names = proper_names(table.texts, ["Hof van Twente"])
    assert {textlib.stem(w) for w in ("enschede", "nijmegen", "twente", "hof")} <= names
    assert not names & {"wachtlijst", "gezin", "regio", "hulpverlener", textlib.stem("ons")}


def test_the_old_scoring_quotes_the_place_and_the_new_quotes_the_experience(table):
    rows = table.mask_for("region", "twente")
    keywords = textlib.distinctive_words(list(table.texts), rows, top=8)
    assert keywords[0].stem in {textlib.stem("enschede"), textlib.stem("twente")}  # the place is the group's most distinctive word
    closeness = rows.astype(float)
    old = textlib.typical_stories(list(table.texts), rows, closeness, keywords, count=3)
    assert old[0].quote == PLACE["twente"]
    names = proper_names(table.texts, ["Twente", "Gelderland"])
    new = textlib.typical_stories(list(table.texts), rows, closeness, keywords, count=3, names=names)
    assert new[0].quote in WAITING  # both the story and its quote are picked for the waiting list
    assert all(story.quote != PLACE["twente"] for story in new)


def test_card_quotes_skip_place_sentences_and_differ(table):
    pattern = _twente_pattern(table)
    stories = propose_stories(table, pattern, count=3)
    quotes = [s["quote"] for s in stories]
    assert len(quotes) == 3 and not set(quotes) & set(PLACE.values())
    assert len(set(quotes)) == 3
    assert set(quotes) <= set(WAITING + OTHER)


def test_a_story_whose_best_sentence_repeats_is_quoted_by_its_next_one():
    texts = ["We hebben maanden op een wachtlijst gestaan en het werd steeds erger. "
             f"Mijn zoon {extra} en dat was een zware tijd voor ons." for extra in
             ("sliep slecht", "ging niet meer naar school", "was vaak boos", "huilde veel")] + [
        "De hulpverlener nam de tijd voor ons en legde alles rustig uit."] * 4
    rows = np.arange(8) < 4
    records = [{"public_id": f"q{i}", "role": "parent", "region": "twente", "week": "2026-03-02", "text": t,
                "answers": {"on_time": 10.0 if rows[i] else 80.0}} for i, t in enumerate(texts)]
    small = AnswerTable.from_records(FORM, records)
    keywords = textlib.distinctive_words(texts, rows, top=8)
    ranked = textlib.typical_stories(texts, rows, rows.astype(float), keywords, count=4)
    assert len({s.quote for s in ranked}) == 1  # every story's best sentence is the same
    picked = _pick(small, rows, rows.astype(float), keywords, 3, None, (), 1, False)
    assert len({p["quote"] for p in picked}) == 3
    assert sum("wachtlijst" in p["quote"] for p in picked) == 1


def test_the_demo_cards_quote_different_sentences_and_no_place_sentence():
    from analysis.cards import draft_card
    from tests.stats.test_scan import DEMO_REGIONS
    from vertelpunt.demo.generator import generate_stories
    from vertelpunt.forms.services import DEFAULT_FORM_PATH, read_form_file
    from vertelpunt.geo.services import read_regions

    form = read_form_file(DEFAULT_FORM_PATH)
    regions = [r for r in read_regions() if r["key"] in DEMO_REGIONS]
    records = generate_stories(form, regions, n=960, seed=7)
    for i, record in enumerate(records):
        record["public_id"] = f"d{i}"
    demo = AnswerTable.from_records(form, records, {r["key"]: r["name"] for r in regions})
    result = scan(demo, ScanOptions(confirm_splits=0, strata=()))
    towns = {m["name"] for r in regions for m in r["municipalities"]} | {r["name"] for r in regions}
    for pattern in result.notable[:8]:
        quotes = [s["quote"] for s in draft_card(demo, pattern).content["stories"] if s["quote"]]
        words = [frozenset(w for w in q.lower().split() if len(w) > 2) for q in quotes]
        for i in range(len(words)):
            for j in range(i):
                assert len(words[i] & words[j]) / len(words[i] | words[j]) < 0.6, (pattern.a, pattern.b, quotes)
        assert not [q for q in quotes if q.startswith(("Ik woon in", "We wonen in", "Het gezin woont in"))
                    and any(town in q for town in towns)], quotes
