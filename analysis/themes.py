"""Themes in story texts: topics found with NMF over TF-IDF of the Dutch stems (analysis.text.tokens).

Themes help an analyst see what stories are *about* next to what tellers answered; a theme can then be
scanned again as a subset. NMF with a fixed seed and "nndsvda" start is deterministic, so a stored run
can be explained later. Topics are numbered by size (largest first).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis import text as textlib
from analysis.errors import AnalysisError


@dataclass(frozen=True)
class Topic:
    index: int
    label: str  # its top three words, for people to read
    words: tuple[str, ...]  # surface forms, strongest first
    size: int  # stories assigned to this topic
    typical: tuple[int, ...]  # row indices of the stories that carry this topic most

    def to_dict(self, public_ids=None) -> dict:
        """JSON-ready; with ``public_ids`` the typical stories are given by public id instead of row.

        Parameters
        ----------
        public_ids : sequence of str, optional
            Story ids by row.

        Returns
        -------
        dict
        """
        typical = [str(public_ids[i]) for i in self.typical] if public_ids is not None else list(self.typical)
        return {"index": self.index, "label": self.label, "words": list(self.words), "size": self.size, "typical": typical}


@dataclass(frozen=True)
class ThemeResult:
    topics: tuple[Topic, ...]
    assignment: np.ndarray  # topic index per row, -1 when no topic word occurs in the text
    weights: np.ndarray  # (rows, topics) NMF weights, columns in topic order


def find_themes(texts: list[str], n_topics: int = 6, *, seed: int = 0, top_words: int = 8, typical: int = 3,
                min_df: int = 3) -> ThemeResult:
    """Find ``n_topics`` themes in ``texts`` (one per story; empty texts get no theme).

    Parameters
    ----------
    texts : list of str
        One text per story.
    n_topics : int
        How many themes to find.
    seed : int
        Seed of the NMF initialisation (the same seed gives the same themes).
    top_words : int
        Words shown per theme.
    typical : int
        Typical stories per theme.
    min_df : int
        A stem must occur in at least this many stories.

    Returns
    -------
    ThemeResult

    Raises
    ------
    ValueError
        With a Dutch message when there are too few texts or words for the themes asked.
    """
    # scikit-learn is slow to import (pandas, scipy); only this function needs it
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [t or "" for t in texts]
    if n_topics < 1:
        raise AnalysisError("kies minstens 1 thema")
    filled = sum(1 for t in texts if t.strip())
    if filled < 2 * n_topics:
        raise AnalysisError(f"voor {n_topics} thema's zijn minstens {2 * n_topics} verhalen met tekst nodig "
                         f"(nu {filled})")
    vectorizer = TfidfVectorizer(tokenizer=textlib.tokens, lowercase=False, token_pattern=None, min_df=min_df,
                                 max_df=0.6, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:
        raise AnalysisError("de verhalen hebben te weinig woorden gemeen om thema's te vinden") from None
    vocabulary = vectorizer.get_feature_names_out()
    if len(vocabulary) < n_topics:
        raise AnalysisError(f"de verhalen hebben te weinig gedeelde woorden ({len(vocabulary)}) voor {n_topics} thema's")
    model = NMF(n_components=n_topics, init="nndsvda", random_state=seed, max_iter=400)
    weights = model.fit_transform(matrix)
    components = model.components_
    raw_assignment = np.where(weights.sum(axis=1) > 0, np.argmax(weights, axis=1), -1)
    sizes = np.bincount(raw_assignment[raw_assignment >= 0], minlength=n_topics)
    order = sorted(range(n_topics), key=lambda k: (-sizes[k], k))
    remap = np.full(n_topics + 1, -1)
    remap[order] = np.arange(n_topics)
    assignment = remap[raw_assignment]  # -1 indexes the extra slot, which stays -1
    weights = weights[:, order]
    surface = textlib._surface_forms(texts, np.ones(len(texts), dtype=bool))
    topics = []
    for new, old in enumerate(order):
        strongest = [i for i in np.argsort(-components[old], kind="stable")[:top_words] if components[old][i] > 0]
        words = tuple(surface.get(vocabulary[i], vocabulary[i]) for i in strongest)
        members = np.flatnonzero(assignment == new)
        best = members[np.argsort(-weights[members, new], kind="stable")][:typical]
        topics.append(Topic(new, ", ".join(words[:3]), words, int(members.size), tuple(int(i) for i in best)))
    return ThemeResult(tuple(topics), assignment.astype(int), weights)
