"""Confirmation that can fail: find a pattern in one random half of the stories, confirm it in the other.

Why not "is it significant again in a random half?" (the old stability score): a half of the same data
carries half of the same accident, so on pure noise the false notables scored 0.54-0.98. Here the two halves
of a split are disjoint, so an accident in one half says nothing about the other:

1. *Discovery* on half A: the scan's own test and its Benjamini-Hochberg correction over the scan's ``m``
   tests; a pattern is discovered when it is notable there (q < alpha and effect at least small, in the same
   direction as in all stories).
2. *Confirmation* on half B: the patterns discovered in A are tested again on B, with Benjamini-Hochberg over
   those patterns only, and confirmed by the same rule.

A pattern's score is the share of splits in which it was discovered **and** confirmed ("bevestigd in 9 van
10 splitsingen"). The splits are seeded and the same for every pattern, so scores compare.

Only the scan's notable patterns are tested in the halves (the strongest ``max_patterns``); every other pair
counts as not discovered (p = 1 in the half's family of ``m``). A pair that was not notable on all stories
rarely is in a half, and leaving it out can only raise the Benjamini-Hochberg bar for the others: the score
is at most the one a full re-scan of every half would give, never higher, at a fraction of its cost.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from analysis.fdr import bh_qvalues
from analysis.halves import FALLBACK

SIGNED_EFFECTS = ("rho", "rank-biserial")  # effects whose sign is part of the pattern


@dataclass(frozen=True)
class Candidate:
    """A notable pattern to confirm: its key, its outcome on all stories, and how to test it on a subset.

    ``test(rows)`` runs the scan's test for the pair on the rows where the boolean mask ``rows`` is true and
    returns an outcome (``pvalue``, ``effect_name``, ``effect_size``, ``strength``, ``n``) or None when it
    cannot be tested.
    ``all_halves(halves)``, if given, returns the outcomes of every half A and then every half B at once
    (:func:`analysis.halves.for_pair`), with ``FALLBACK`` where ``test`` must be run instead.
    """

    key: object
    effect_name: str
    effect_size: float
    test: Callable[[np.ndarray], object]
    all_halves: Callable[[np.ndarray], list] | None = None

    def outcomes(self, halves: np.ndarray) -> tuple[list, list]:
        """Outcomes in the halves A and in the halves B (B lazily: only discovered patterns need them).

        Parameters
        ----------
        halves : numpy.ndarray of bool, shape (splits, n)
            From :func:`split_halves`; True = half A.

        Returns
        -------
        in_a : list
            One outcome (or None) per split, on half A.
        fast_b : list
            Per split the outcome on half B, or ``FALLBACK`` where :meth:`in_b` runs the test.
        """
        splits = len(halves)
        fast = self.all_halves(halves) if self.all_halves is not None else [FALLBACK] * (2 * splits)
        in_a = [self.test(halves[s]) if fast[s] is FALLBACK else fast[s] for s in range(splits)]
        return in_a, fast[splits:]

    def in_b(self, fast_b: list, halves: np.ndarray, split: int):
        """The outcome on half B of one split.

        Parameters
        ----------
        fast_b : list
            The second item of :meth:`outcomes`.
        halves : numpy.ndarray of bool, shape (splits, n)
        split : int

        Returns
        -------
        outcome or None
        """
        return self.test(~halves[split]) if fast_b[split] is FALLBACK else fast_b[split]


def split_halves(n: int, splits: int, seed: int = 0) -> np.ndarray:
    """``splits`` random halves as a (splits, n) boolean array: True = half A (discovery), False = half B.

    Parameters
    ----------
    n : int
        Number of stories.
    splits : int
    seed : int
        Seed for ``numpy.random.default_rng``; the same seed gives the same splits.

    Returns
    -------
    numpy.ndarray of bool, shape (splits, n)
        Each row has ``n // 2`` True values.
    """
    rng = np.random.default_rng(seed)
    halves = np.zeros((splits, n), dtype=bool)
    for row in halves:
        row[rng.permutation(n)[: n // 2]] = True
    return halves


def _same_pattern(candidate: Candidate, outcome, big_enough: Callable[[object], bool], min_n: int) -> bool:
    """Whether a half's outcome counts as the same pattern (before the q-value): testable, effect at least
    small, and for a signed effect of the same kind the same sign as on all stories."""
    if outcome is None or outcome.n < min_n or not np.isfinite(outcome.pvalue):
        return False
    if not big_enough(outcome):
        return False
    if outcome.effect_name == candidate.effect_name and outcome.effect_name in SIGNED_EFFECTS:
        return bool(np.sign(outcome.effect_size) == np.sign(candidate.effect_size))
    return True


def _notable(candidates, outcomes, family: int, alpha: float, big_enough, min_n: int) -> np.ndarray:
    """Which outcomes are notable under Benjamini-Hochberg over ``family`` tests (the untested ones at p = 1)."""
    pvalues = np.array([1.0 if o is None or not np.isfinite(o.pvalue) else o.pvalue for o in outcomes])
    padded = np.concatenate([pvalues, np.ones(max(0, family - len(pvalues)))])
    qvalues = bh_qvalues(padded)[: len(pvalues)]
    return np.array([q < alpha and _same_pattern(c, o, big_enough, min_n)
                     for c, o, q in zip(candidates, outcomes, qvalues)], dtype=bool)


def confirm(candidates: list[Candidate], family: int, halves: np.ndarray, alpha: float,
            big_enough: Callable[[object], bool], min_n: int = 1) -> dict:
    """Number of splits in which each candidate was discovered in half A and confirmed in half B.

    Parameters
    ----------
    candidates : the notable patterns to check.
    family : the number of tests in the scan (the Benjamini-Hochberg family of the discovery step).
    halves : (splits, n) boolean array from :func:`split_halves`.
    alpha : the scan's q threshold.
    big_enough : outcome -> whether its effect is at least the scan's "small" (on the strength scale).
    min_n : the scan's minimum number of stories for a pair.

    Returns
    -------
    dict mapping each candidate's key to the number of splits (0 .. len(halves)) that confirmed it.
    """
    counts = {c.key: 0 for c in candidates}
    if not candidates:
        return counts
    outcomes = [c.outcomes(halves) for c in candidates]
    for split in range(len(halves)):
        found = _notable(candidates, [in_a[split] for in_a, _ in outcomes], family, alpha, big_enough, min_n)
        discovered = [(c, fast_b) for c, (_, fast_b), hit in zip(candidates, outcomes, found) if hit]
        if not discovered:
            continue
        again = [c.in_b(fast_b, halves, split) for c, fast_b in discovered]
        confirmed = _notable([c for c, _ in discovered], again, len(discovered), alpha, big_enough, min_n)
        for (candidate, _), hit in zip(discovered, confirmed):
            counts[candidate.key] += int(hit)
    return counts
