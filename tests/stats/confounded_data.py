"""Generated answer tables where relations exist only through the kind of help, or directly."""
from __future__ import annotations

import numpy as np

from analysis.data import AnswerTable, Column

KINDS = ("wijkteam", "jeugdhulp", "jeugd_ggz", "ots")
QUARTERS = ("2026-K1", "2026-K2", "2026-K3", "2026-K4")


def _slider(values: np.ndarray) -> np.ndarray:
    return np.clip(np.round(values), 0, 100)


def _choice(rng, probabilities: np.ndarray) -> np.ndarray:
    """One draw per row from that row's category probabilities (rows of ``probabilities``)."""
    return (rng.random(len(probabilities))[:, None] > np.cumsum(probabilities, axis=1)).sum(axis=1)


def _table(rng, n: int, help_type: np.ndarray, x, y, a, b) -> AnswerTable:
    columns = {
        "role": Column("role", "category", "role", "Rol", rng.choice(3, n, p=[0.2, 0.6, 0.2]), ("youth", "parent", "professional")),
        "region": Column("region", "category", "region", "Regio", rng.integers(0, 4, n), ("a", "b", "c", "d")),
        "period": Column("period", "category", "period", "Periode", rng.integers(0, 4, n), QUARTERS),
        "help_type": Column("help_type", "category", "help_type", "Soort hulp", help_type, KINDS),
        "x": Column("x", "numeric", "x", "Schuif x", _slider(x)),
        "y": Column("y", "numeric", "y", "Schuif y", _slider(y)),
        "a": Column("a", "category", "a", "Keuze a", a, ("a0", "a1", "a2")),
        "b": Column("b", "category", "b", "Keuze b", b, ("b0", "b1")),
    }
    return AnswerTable(columns, np.array([f"S{i}" for i in range(n)], dtype=object),
                       np.full(n, np.datetime64("2026-03-02"), dtype="datetime64[D]"))


def through_help_type(seed: int, n: int = 1000) -> AnswerTable:
    """x, y, a and b each depend on the kind of help and on nothing else: every pair among them is related
    in all stories, and independent within each kind of help."""
    rng = np.random.default_rng(seed)
    kind = rng.integers(0, len(KINDS), n)
    x = np.array([25.0, 40, 60, 75])[kind] + rng.normal(0, 20, n)
    y = np.array([70.0, 60, 40, 30])[kind] + rng.normal(0, 20, n)
    a = _choice(rng, np.array([[0.6, 0.3, 0.1], [0.45, 0.35, 0.2], [0.25, 0.35, 0.4], [0.1, 0.3, 0.6]])[kind])
    b = _choice(rng, np.array([[0.75, 0.25], [0.6, 0.4], [0.4, 0.6], [0.25, 0.75]])[kind])
    return _table(rng, n, kind, x, y, a, b)


def direct(seed: int, n: int = 1000) -> AnswerTable:
    """x depends on the kind of help; y and a depend on x, b on a: related within each kind of help too."""
    rng = np.random.default_rng(seed)
    kind = rng.integers(0, len(KINDS), n)
    x = np.array([30.0, 45, 55, 70])[kind] + rng.normal(0, 20, n)
    y = 100 - x + rng.normal(0, 20, n)
    a = np.digitize(x + rng.normal(0, 20, n), [40, 60])
    b = _choice(rng, np.array([[0.75, 0.25], [0.55, 0.45], [0.3, 0.7]])[a])
    return _table(rng, n, kind, x, y, a, b)
