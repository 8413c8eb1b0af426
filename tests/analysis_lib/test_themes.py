"""Themes: planted topics are recovered, runs are deterministic, too few texts is a clear error."""
import json

import numpy as np
import pytest

from analysis.themes import ThemeResult, find_themes

VOCABULARIES = {
    "wachten": "wachtlijst maanden aanmelding brief wachttijd intake uitstel telefoon".split(),
    "school": "school leraar klas huiswerk mentor rooster pauze toets".split(),
    "thuis": "pleeggezin pleegmoeder logeren broertje slaapkamer verhuizen koffer familie".split(),
}
FILLER = "de hulpverlener zei dat het goed zou komen en we probeerden het samen".split()


def planted_texts(seed=3):
    rng = np.random.default_rng(seed)
    texts, truth = [], []
    for label, words in VOCABULARIES.items():
        for _ in range(30):
            chosen = rng.choice(words, size=5, replace=False)
            filler = rng.choice(FILLER, size=6)
            texts.append(f"{' '.join(filler).capitalize()}. Het ging over {', '.join(chosen)} en nog meer {chosen[0]}.")
            truth.append(label)
    return texts, np.array(truth)


def test_planted_topics_are_recovered():
    texts, truth = planted_texts()
    result = find_themes(texts, n_topics=3)
    assert isinstance(result, ThemeResult) and len(result.topics) == 3
    assert result.weights.shape == (90, 3) and result.assignment.shape == (90,)
    found = {}
    for label in VOCABULARIES:
        topics, counts = np.unique(result.assignment[truth == label], return_counts=True)
        assert counts.max() >= 27, (label, topics, counts)  # at least 90% of a planted set in one topic
        found[label] = int(topics[np.argmax(counts)])
    assert len(set(found.values())) == 3
    for label, index in found.items():
        topic = result.topics[index]
        assert set(topic.words[:3]) <= set(VOCABULARIES[label]) and topic.label == ", ".join(topic.words[:3])
        assert len(topic.typical) == 3 and all(truth[i] == label for i in topic.typical)
    assert [t.size for t in result.topics] == sorted((t.size for t in result.topics), reverse=True)
    assert sum(t.size for t in result.topics) == int(np.sum(result.assignment >= 0))
    json.dumps([t.to_dict([f"V{i}" for i in range(90)]) for t in result.topics])


def test_deterministic_for_a_seed_and_empty_texts_get_no_topic():
    texts, _ = planted_texts()
    texts = texts + ["", "   "]
    first, second = find_themes(texts, n_topics=3, seed=5), find_themes(texts, n_topics=3, seed=5)
    assert first.topics == second.topics
    assert np.array_equal(first.assignment, second.assignment) and np.allclose(first.weights, second.weights)
    assert list(first.assignment[-2:]) == [-1, -1]


def test_too_few_texts():
    with pytest.raises(ValueError, match="minstens 12 verhalen"):
        find_themes(["Een verhaal over school."] * 11 + [""] * 20, n_topics=6)
    with pytest.raises(ValueError):
        find_themes(["a b"] * 20, n_topics=3)
