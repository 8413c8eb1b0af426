"""Dutch story text: tokens, stems, distinctive words (TF-IDF keyness) and typical stories with quotes.

Pure Python + scikit-learn. The stemmer is a small suffix stripper in the spirit of the Snowball Dutch
stemmer (plural -en/-s, -e, -heid, -ing/-end, undoubling): good enough to group "wachten", "wachtte" and
"wacht" for keyness, without a dependency.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

STOP_WORDS = frozenset("""
aan al alle alles als altijd andere ben bij daar daarna dan dat de der deze die dit doch doen door dus een eens en
er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja je jij jou jouw kan
kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat ons onze ook op over reeds
te tegen toch toen tot u uit uw van veel voor want waren was wat we wel werd wezen wie wil worden wordt zal ze
zei zelf zich zij zijn zo zonder zou zouden heel erg echt gewoon weer gaan ging gaat kwam komt steeds even
""".split())
WORD = re.compile(r"[a-zà-ÿ]+(?:-[a-zà-ÿ]+)*")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý0-9\"'‘“])")
VOWELS = set("aeiouyè")


def stem(word: str) -> str:
    """A light Dutch stemmer: strips common inflections so word forms share one stem.

    Parameters
    ----------
    word : str
        A lower-case word.

    Returns
    -------
    str
    """
    w = word.lower()
    for suffix, replacement in (("heden", "heid"), ("ingen", "ing"), ("tjes", ""), ("tje", ""), ("ene", ""),
                                ("en", ""), ("se", ""), ("es", ""), ("s", ""), ("e", ""), ("te", ""), ("de", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and any(c in VOWELS for c in w[: -len(suffix)]):
            w = w[: -len(suffix)] + replacement
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in VOWELS:
        w = w[:-1]  # undouble: "wacht" / "zitt" -> "zit"
    return w


def tokens(text: str) -> list[str]:
    """The stems of a text's content words (stop words and words of two letters or fewer left out).

    Parameters
    ----------
    text : str

    Returns
    -------
    list of str
    """
    return [stem(w) for w in WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) > 2]


def sentences(text: str) -> list[str]:
    """A text split into sentences (at ., ! and ? followed by a space), stripped, none empty.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of str
    """
    return [s.strip() for s in SENTENCE.split(text.strip()) if s.strip()]


@dataclass(frozen=True)
class Keyword:
    stem: str
    word: str  # the most common surface form, for people to read
    score: float


def distinctive_words(texts: list[str], in_group: np.ndarray, top: int = 10) -> list[Keyword]:
    """Words that characterise the group against the rest: mean TF-IDF in the group minus outside it.

    Parameters
    ----------
    texts : list of str
        One text per story.
    in_group : numpy.ndarray of bool
        The stories of the group.
    top : int
        How many words to return.

    Returns
    -------
    list of Keyword
        Best first; only words that score higher in the group.

    Raises
    ------
    ValueError
        When the lengths differ or the group is empty or everything.
    """
    in_group = np.asarray(in_group, dtype=bool)
    if len(texts) != in_group.size:
        raise ValueError("texts and in_group must have the same length")
    if not in_group.any() or in_group.all():
        raise ValueError("distinctive words need stories inside and outside the group")
    from sklearn.feature_extraction.text import TfidfVectorizer  # slow to import; only text analysis needs it

    vectorizer = TfidfVectorizer(tokenizer=tokens, lowercase=False, token_pattern=None, min_df=2, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:
        return []
    difference = np.asarray(matrix[in_group].mean(axis=0) - matrix[~in_group].mean(axis=0)).ravel()
    vocabulary = vectorizer.get_feature_names_out()
    surface = _surface_forms(texts, in_group)
    best = np.argsort(-difference)[:top]
    return [Keyword(vocabulary[i], surface.get(vocabulary[i], vocabulary[i]), float(difference[i]))
            for i in best if difference[i] > 0]


def _surface_forms(texts: list[str], in_group: np.ndarray) -> dict[str, str]:
    counts: dict[str, dict[str, int]] = {}
    for text, inside in zip(texts, in_group):
        if inside:
            for word in WORD.findall(text.lower()):
                forms = counts.setdefault(stem(word), {})
                forms[word] = forms.get(word, 0) + 1
    return {key: max(forms, key=forms.get) for key, forms in counts.items()}


@dataclass(frozen=True)
class TypicalStory:
    index: int
    score: float
    quote: str | None
    quotes: tuple[str, ...] = ()  # the story's quotable sentences, best first (``quote`` is the first)


def typical_stories(texts: list[str], candidates: np.ndarray, closeness: np.ndarray, keywords: list[Keyword],
                    count: int = 3, quote_length: tuple[int, int] = (40, 220), *, names: frozenset = frozenset(),
                    theme: frozenset = frozenset()) -> list[TypicalStory]:
    """Pick stories that typify a group: answers close to the group's typical answers (``closeness`` in
    0..1, 1 = typical) and text that carries the group's distinctive words. Each gets a short quote: its
    sentence with the most distinctive words.

    Names (places, regions, organisations) are left out of both scores: a region's stories all name its
    towns, and a story or quote picked for them says where it happened, not what happened. A sentence with
    the pattern's ``theme`` words (from its questions) is preferred as the quote, one mostly made of names
    is not.

    ``candidates`` marks the stories that may be chosen; the caller passes only complete, published
    stories (never hidden, withdrawn or awaiting moderation).

    Parameters
    ----------
    texts : list of str
        One text per story.
    candidates : numpy.ndarray of bool
        The stories that may be chosen.
    closeness : numpy.ndarray of float
        Per story, 0..1: how close its answers are to the group's typical answers.
    keywords : list of Keyword
        The group's distinctive words.
    count : int
        How many stories to pick.
    quote_length : tuple of int
        Shortest and longest quote, in characters.
    names : frozenset of str
        Stems of names (:mod:`analysis.names`), which do not count.
    theme : frozenset of str
        Stems of the pattern's theme words, which make a sentence a better quote.

    Returns
    -------
    list of TypicalStory
        Best first.
    """
    candidates = np.asarray(candidates, dtype=bool)
    closeness = np.asarray(closeness, dtype=float)
    weights = {k.stem: k.score for k in keywords if k.stem not in names}
    total = sum(weights.values()) or 1.0
    scored = []
    for index in np.flatnonzero(candidates):
        present = set(tokens(texts[index]))
        words = sum(weight for key, weight in weights.items() if key in present) / total
        scored.append((0.5 * closeness[index] + 0.5 * words, int(index)))
    scored.sort(key=lambda item: (-item[0], item[1]))
    picked = []
    for score, index in scored[:count]:
        quotes = quote_options(texts[index], weights, quote_length, names=names, theme=theme)
        picked.append(TypicalStory(index, score, quotes[0] if quotes else None, tuple(quotes)))
    return picked


#: What one theme word adds to a sentence's quote score, as a share of the strongest keyword's weight.
THEME_BONUS = 0.5


def quote_options(text: str, weights: dict[str, float], length: tuple[int, int] = (40, 220), *,
                  names: frozenset = frozenset(), theme: frozenset = frozenset()) -> list[str]:
    """A text's sentences of quotable length, best quote first.

    A sentence scores the weights of its distinctive words (names left out), plus :data:`THEME_BONUS` of the
    strongest weight for each theme word it carries, times the share of its words that are not names (so
    "Ik werk in de regio Twente, en dit gezin woont in Enschede." loses to a sentence about the help); on a
    tie the sentence with fewer names, then the shorter one, comes first.

    Parameters
    ----------
    text : str
    weights : dict of str to float
        Keyword stem to weight.
    length : tuple of int
        Shortest and longest sentence, in characters.
    names : frozenset of str
        Stems of names.
    theme : frozenset of str
        Stems of the pattern's theme words.

    Returns
    -------
    list of str
    """
    top = max(weights.values(), default=0.0) or 1.0

    def rank(sentence: str) -> tuple:
        words = tokens(sentence)
        named = sum(w in names for w in words) / len(words) if words else 1.0
        present = set(words) - names
        value = sum(weights.get(t, 0.0) for t in present) + THEME_BONUS * top * len(present & theme)
        return -value * (1 - named), named, len(sentence)

    options = [s for s in sentences(text) if length[0] <= len(s) <= length[1]]
    return sorted(options, key=rank)
