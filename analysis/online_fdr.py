"""Online false-discovery control across the scans of one project: LORD++ (Ramdas et al. 2017).

Benjamini-Hochberg controls the false discovery rate *within* one scan. Analysts scan the same project
again and again with other filters, and every new scan is a new chance for noise to look notable. An
online procedure treats all tests of all scans of a project as one stream: each test gets a level
``alpha_t`` that depends only on what came before it, and the expected share of false discoveries among
all discoveries of the stream stays at or under ``alpha`` however many scans follow.

LORD++ (Ramdas, Yang, Wainwright and Jordan 2017, "Online control of the false discovery rate with
decaying memory", building on LORD by Javanmard and Montanari 2018) spends an initial budget ``w0`` over
the stream along a fixed sequence ``gamma`` and earns budget back with every discovery::

    alpha_t = gamma_t * w0 + (alpha - w0) * gamma_(t - tau_1) + alpha * sum over later j of gamma_(t - tau_j)

where ``tau_1 < tau_2 < ...`` are the positions of earlier discoveries (a term only counts once its
discovery lies before ``t``). Test ``t`` is a discovery when ``p_t <= alpha_t``. The state a project needs
to carry from one scan to the next is small: the number of tests so far, the positions of the discoveries
and the budget spent (:class:`LordState`).

``gamma_j = C * log(max(j, 2)) / (j * exp(sqrt(log j)))`` is the sequence Javanmard and Montanari
recommend; ``C = 0.07720838`` as in the R package onlineFDR, which makes the infinite sum 0.976 (at most 1,
as the guarantee needs). No maintained Python package implements LORD++, hence this module (see
docs/architecture.md).

Pure module: numpy only.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

GAMMA_CONSTANT = 0.07720838


def gamma_sequence(length: int) -> np.ndarray:
    """``gamma_1 .. gamma_length``: the share of budget a test gets, by its distance to a discovery.

    Parameters
    ----------
    length : int
        How many terms.

    Returns
    -------
    numpy.ndarray
        Index 0 holds gamma_1.
    """
    if length < 0:
        raise ValueError("length must not be negative")
    j = np.arange(1, length + 1, dtype=float)
    return GAMMA_CONSTANT * np.log(np.maximum(j, 2.0)) / (j * np.exp(np.sqrt(np.log(j))))


@dataclass(frozen=True)
class LordState:
    """Everything LORD++ remembers between scans: stored per project.

    ``tests`` is how many tests the stream has seen, ``rejections`` the (1-based) positions of its
    discoveries in order, ``spent`` the sum of all levels handed out so far.
    """

    alpha: float = 0.05
    w0: float = 0.025
    tests: int = 0
    rejections: tuple[int, ...] = ()
    spent: float = 0.0

    def __post_init__(self):
        if not 0 < self.alpha < 1:
            raise ValueError("alpha must lie between 0 and 1")
        if not 0 < self.w0 <= self.alpha:
            raise ValueError("w0 must lie between 0 and alpha")
        if self.tests < 0 or any(not 1 <= r <= self.tests for r in self.rejections):
            raise ValueError("rejections must be positions of earlier tests")
        if list(self.rejections) != sorted(set(self.rejections)):
            raise ValueError("rejections must be increasing")

    @property
    def wealth(self) -> float:
        """The budget left: ``w0`` plus what discoveries earned, minus what was spent.

        Returns
        -------
        float
            ``w0 + (alpha - w0) + alpha (R - 1) - spent`` with R >= 1 discoveries, ``w0 - spent`` without.
        """
        earned = (self.alpha - self.w0) + self.alpha * (len(self.rejections) - 1) if self.rejections else 0.0
        return self.w0 + earned - self.spent

    def to_dict(self) -> dict:
        """The state as a dict.

        Returns
        -------
        dict
            JSON-safe: alpha, w0, tests, rejections (list), spent.
        """
        return {"alpha": self.alpha, "w0": self.w0, "tests": self.tests, "rejections": list(self.rejections),
                "spent": self.spent}


@dataclass(frozen=True)
class OnlineResult:
    """Levels and decisions for one batch of the stream, in the order the p-values were given."""

    positions: np.ndarray  # 1-based position of each test in the project's stream
    levels: np.ndarray     # alpha_t
    rejected: np.ndarray   # p_t <= alpha_t
    state: LordState = field(default_factory=LordState)  # the state after this batch


def lord_plus_plus(pvalues, state: LordState = LordState()) -> OnlineResult:
    """Test ``pvalues`` one after the other as the next part of the stream that ``state`` describes.

    The order of ``pvalues`` matters and must not depend on the p-values themselves (the scan orders its
    tests by their column keys). Running a stream in two batches gives exactly the result of one run.

    Parameters
    ----------
    pvalues : array_like
        One-dimensional, each between 0 and 1.
    state : LordState
        Where the stream stands (a fresh stream by default).

    Returns
    -------
    OnlineResult
        Positions, levels and decisions per p-value, and the state after them.
    """
    p = np.asarray(pvalues, dtype=float)
    if p.ndim != 1:
        raise ValueError("pvalues must be one-dimensional")
    if np.any(np.isnan(p) | (p < 0) | (p > 1)):
        raise ValueError("pvalues must lie between 0 and 1")
    start, m = state.tests, p.size
    gamma = gamma_sequence(start + m)
    times = np.arange(start + 1, start + m + 1)
    rejections = list(state.rejections)
    # earned[i]: what earlier discoveries add to the level of test times[i]; a new discovery adds its
    # share to every later test of the batch at once, so the loop itself stays O(1) per test
    earned = np.zeros(m)
    for k, tau in enumerate(rejections):
        earned += (state.alpha - state.w0 if k == 0 else state.alpha) * gamma[times - tau - 1]
    levels = gamma[start:start + m] * state.w0
    rejected = np.zeros(m, dtype=bool)
    spent = state.spent
    for i in range(m):
        levels[i] += earned[i]
        spent += levels[i]
        if p[i] <= levels[i]:
            rejected[i] = True
            t = int(times[i])
            weight = state.alpha - state.w0 if not rejections else state.alpha
            rejections.append(t)
            earned[i + 1:] += weight * gamma[times[i + 1:] - t - 1]
    new_state = LordState(state.alpha, state.w0, start + m, tuple(rejections), float(spent))
    return OnlineResult(times, levels, rejected, new_state)
