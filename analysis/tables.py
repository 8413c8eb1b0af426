"""Contingency tables: built by one bincount, sparse categories merged (the smallest, or only with a
neighbour for ordered answers) until the chi-square rule holds, and adjusted residuals for what stands out."""
from __future__ import annotations

import numpy as np


def category_table(a: np.ndarray, b: np.ndarray, ka: int, kb: int) -> np.ndarray:
    """The contingency table of two category columns (rows with a missing code left out), by one bincount
    over every row: code -1 lands in a row and column of its own, which are dropped.

    Parameters
    ----------
    a, b : numpy.ndarray of int
        Codes, -1 = missing.
    ka, kb : int
        Number of categories.

    Returns
    -------
    numpy.ndarray of float, shape (ka, kb)
    """
    joint = np.bincount((a + 1) * (kb + 1) + (b + 1), minlength=(ka + 1) * (kb + 1))
    return joint.reshape(ka + 1, kb + 1)[1:, 1:].astype(float)


def expected_ok(expected: np.ndarray) -> bool:
    """Whether a table's expected counts allow the chi-square approximation (Cochran's rule).

    Parameters
    ----------
    expected : numpy.ndarray
        Expected counts under independence.

    Returns
    -------
    bool
        True when at least 80% of them are 5 or more and none is below 1.
    """
    return bool(np.mean(expected >= 5) >= 0.8 and np.all(expected >= 1))


def merge_until_valid(table, labels_a, labels_b, places_a=None, places_b=None):
    """Merge the sparsest row or column until the expected-count rule holds: into the next-sparsest one, or,
    for an ordered column (``places``: scale place per row, -1 off the scale), into its smaller neighbour.

    Parameters
    ----------
    table : numpy.ndarray
        The contingency table.
    labels_a, labels_b : list of str
        Row and column labels; merged ones become "a + b".
    places_a, places_b : numpy.ndarray or None
        Scale places of the rows and columns of an ordered question.

    Returns
    -------
    tuple
        The merged table and its row and column labels.
    """
    while True:
        expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
        if expected_ok(expected) or table.shape == (2, 2):
            return table, labels_a, labels_b
        row_sums, col_sums = table.sum(axis=1), table.sum(axis=0)
        merge_rows = table.shape[0] > 2 and (table.shape[1] == 2 or row_sums.min() <= col_sums.min())
        if merge_rows:
            table, labels_a, places_a = _merge_smallest(table, labels_a, places_a)
        else:
            merged, labels_b, places_b = _merge_smallest(table.T, labels_b, places_b)
            table = merged.T


def _merge_smallest(table, labels, places=None):
    sums = table.sum(axis=1)
    first, second = (int(i) for i in np.argsort(sums, kind="stable")[:2])
    if places is not None and places[first] >= 0:
        first, second = _smaller_neighbour(sums, places, first)
    keep = [i for i in range(table.shape[0]) if i != second]
    table = table.copy()
    table[first] += table[second]
    labels = list(labels)
    labels[first] = f"{labels[first]} + {labels[second]}" if first < second else f"{labels[second]} + {labels[first]}"
    if places is not None:
        places = list(places)
        places[first] = min(places[first], places[second]) if places[second] >= 0 else -1
        places = [places[i] for i in keep]
    return table[keep], [labels[i] for i in keep], places


def _smaller_neighbour(sums, places, row: int) -> tuple[int, int]:
    """(kept row, merged row): ``row`` and the on-scale row next to it with fewer stories."""
    on_scale = sorted((p, i) for i, p in enumerate(places) if p >= 0)
    index = [i for _, i in on_scale].index(row)
    neighbours = [on_scale[j][1] for j in (index - 1, index + 1) if 0 <= j < len(on_scale)]
    other = min(neighbours, key=lambda i: (sums[i], places[i]))
    return min(row, other), max(row, other)


def merge_neighbours(counts: np.ndarray, scale: np.ndarray, min_group: int, categories) -> tuple[np.ndarray, tuple]:
    """Merge the categories of an ordered column that have fewer than ``min_group`` stories with their
    smaller neighbour on the scale (never with a category further away or off the scale), smallest first,
    until every group on the scale is big enough or one group is left. Off-scale categories stay as they are.

    Parameters
    ----------
    counts : numpy.ndarray of int
        Stories per category.
    scale : numpy.ndarray of int
        Scale place per category (-1: off the scale).
    min_group : int
    categories : sequence of str
        The keys, by code.

    Returns
    -------
    mapping : numpy.ndarray of int
        New code per old code, with one more entry (-1 for the missing code -1, used as ``mapping[codes]``).
    names : tuple of str
        The new categories' keys; merged ones read "a + b".
    """
    on_scale = sorted((int(scale[c]), c) for c in range(len(categories)) if scale[c] >= 0 and counts[c] > 0)
    blocks = [[c] for _, c in on_scale]
    sizes = [int(counts[c]) for _, c in on_scale]
    while len(blocks) > 1 and min(sizes) < min_group:
        small = min(range(len(blocks)), key=lambda i: (sizes[i], i))
        neighbours = [j for j in (small - 1, small + 1) if 0 <= j < len(blocks)]
        other = min(neighbours, key=lambda j: (sizes[j], j))
        low, high = sorted((small, other))
        blocks[low:high + 1] = [blocks[low] + blocks[high]]
        sizes[low:high + 1] = [sizes[low] + sizes[high]]
    mapping = np.full(len(categories) + 1, -1, dtype=np.int64)
    names = []
    for block in blocks:
        for code in block:
            mapping[code] = len(names)
        names.append(" + ".join(categories[code] for code in block))
    for code in range(len(categories)):  # off the scale, or without stories: unchanged
        if mapping[code] < 0:
            mapping[code] = len(names)
            names.append(categories[code])
    return mapping, tuple(names)


def merge_table_rows(table: np.ndarray, mapping: np.ndarray, size: int) -> np.ndarray:
    """Add up the rows of a table that a merge mapped to the same category.

    Parameters
    ----------
    table : numpy.ndarray
        One row per original category.
    mapping : numpy.ndarray
        The merged category of each original one (its last entry: the missing code).
    size : int
        Number of merged categories.

    Returns
    -------
    numpy.ndarray
        One row per merged category.
    """
    merged = np.zeros((size, table.shape[1]))
    np.add.at(merged, mapping[:-1], table)
    return merged


def merged_scale(scale: np.ndarray, mapping: np.ndarray) -> np.ndarray:
    """Scale places of the merged categories (a merged block keeps its first place).

    Parameters
    ----------
    scale : numpy.ndarray
        Scale place of each original category (-1 off the scale).
    mapping : numpy.ndarray
        The merged category of each original one (its last entry: the missing code).

    Returns
    -------
    numpy.ndarray
        Scale place of each merged category.
    """
    places = np.full(int(mapping[:-1].max()) + 1, -1, dtype=np.int64)
    for code, new in enumerate(mapping[:-1]):
        if scale[code] >= 0 and (places[new] < 0 or scale[code] < places[new]):
            places[new] = scale[code]
    return places


def adjusted_residuals(table: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Parameters
    ----------
    table : numpy.ndarray
        Observed counts.
    expected : numpy.ndarray
        Expected counts under independence.

    Returns
    -------
    numpy.ndarray
        Haberman's adjusted standardized residual per cell.
    """
    n = table.sum()
    row_share = table.sum(axis=1, keepdims=True) / n
    col_share = table.sum(axis=0, keepdims=True) / n
    return (table - expected) / np.sqrt(expected * (1 - row_share) * (1 - col_share))
