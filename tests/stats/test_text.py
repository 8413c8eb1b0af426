import numpy as np
import pytest

from analysis.text import distinctive_words, sentences, stem, tokens, typical_stories


@pytest.mark.parametrize(("words", "same"), [
    (["wachten", "wacht", "wachtte"], True),
    (["beslissingen", "beslissing"], True),
    (["hulpverleners", "hulpverlener"], True),
    (["gehoord", "wachten"], False),
])
def test_stemming_groups_word_forms(words, same):
    assert (len({stem(w) for w in words}) == 1) is same


def test_tokens_drop_stop_words():
    assert tokens("Ik had het gevoel dat niemand naar ons luisterde.") == [stem("gevoel"), stem("niemand"), stem("luisterde")]


def test_sentences():
    assert sentences("Het duurde lang. Toen kwam er hulp! Fijn.") == ["Het duurde lang.", "Toen kwam er hulp!", "Fijn."]


STORIES = [
    "We moesten maanden wachten op hulp. Het wachten was zwaar voor ons gezin en niemand belde terug.",
    "Weer wachten, weer een wachtlijst. Na vier maanden wachten kwam eindelijk iemand langs bij ons thuis.",
    "Het wachten duurde te lang. Onze dochter werd ondertussen steeds somberder en wij wisten niet wat te doen.",
    "De hulpverlener luisterde goed en nam de tijd. We voelden ons gehoord en dat gaf vertrouwen.",
    "Fijne hulpverlener die echt luisterde. Ze nam de tijd voor onze zoon en voor ons als ouders.",
    "Het gesprek met de hulpverlener ging goed, ze luisterde naar wat wij nodig hadden als gezin.",
]
GROUP = np.array([True, True, True, False, False, False])


def test_distinctive_words_of_a_group():
    words = [k.word for k in distinctive_words(STORIES, GROUP, top=3)]
    assert "wachten" in words
    assert all(w not in words for w in ("hulpverlener", "luisterde"))
    other = [k.word for k in distinctive_words(STORIES, ~GROUP, top=3)]
    assert "hulpverlener" in other or "luisterde" in other


def test_typical_stories_respect_candidates_and_quote_distinctive_sentences():
    keywords = distinctive_words(STORIES, GROUP)
    candidates = GROUP.copy()
    candidates[1] = False  # e.g. awaiting moderation: never proposed
    closeness = np.array([0.9, 1.0, 0.5, 1.0, 1.0, 1.0])
    picks = typical_stories(STORIES, candidates, closeness, keywords, count=3)
    assert [p.index for p in picks] == [0, 2]
    assert "wachten" in picks[0].quote.lower()


def test_bad_input():
    with pytest.raises(ValueError):
        distinctive_words(STORIES, GROUP[:3])
    with pytest.raises(ValueError):
        distinctive_words(STORIES, np.ones(6, dtype=bool))
