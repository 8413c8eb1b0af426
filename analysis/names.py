"""Names in story texts (places, regions, organisations), so quotes are picked for what a story says.

A region's stories all name its towns: by TF-IDF those names are the group's most distinctive words, and a
quote picked by them is "We wonen in Enschede." rather than what happened. Dutch writes common nouns in lower
case, so a word that is mostly capitalised where it does not open a sentence is a name; the caller adds the
names it knows (the region column's labels, the gemeenten of the place question).
"""
from __future__ import annotations

import re

from analysis.text import STOP_WORDS, sentences, stem

CAPITALISED = re.compile(r"[A-Za-zÀ-ÿ]+(?:-[A-Za-zÀ-ÿ]+)*")


def proper_names(texts, known=()) -> frozenset[str]:
    """The stems of names in ``texts`` (mostly capitalised inside a sentence) and in ``known``.

    Parameters
    ----------
    texts : iterable of str
        The story texts.
    known : iterable of str
        Names the caller knows (region and gemeente names); each word of them counts.

    Returns
    -------
    frozenset of str
        Stems, as :func:`analysis.text.tokens` gives them.
    """
    upper: dict[str, int] = {}
    lower: dict[str, int] = {}
    for text in texts:
        for sentence in sentences(text or ""):
            for word in CAPITALISED.findall(sentence)[1:]:
                key = word.lower()
                target = upper if word[0].isupper() else lower
                target[key] = target.get(key, 0) + 1
    found = {word for word, count in upper.items() if count > lower.get(word, 0)}
    for name in known:
        found.update(w.lower() for w in CAPITALISED.findall(name or ""))
    return frozenset(stem(word) for word in found if word not in STOP_WORDS and len(word) > 2)


def table_names(table) -> frozenset[str]:
    """Names in an AnswerTable's texts plus the labels of its region column and of place answers.

    Parameters
    ----------
    table : analysis.data.AnswerTable

    Returns
    -------
    frozenset of str
    """
    known: list[str] = []
    for column in table.columns.values():
        if column.kind == "category" and (column.name == "region" or column.question in ("region", "place")):
            known.extend(column.category_labels or column.categories)
    return proper_names(table.texts, known)
