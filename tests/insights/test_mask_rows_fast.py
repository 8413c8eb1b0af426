"""mask_rows counts with numpy; this holds it to the rule read plainly (the loop it replaced), on random lists
with small groups, missing attributes, weights and values that single people out."""
from __future__ import annotations

import random

import pytest

from analysis.disclosure import HIDDEN, hidden_reasons, mask_rows


def _reference(rows, min_group, suppress, weights=None):
    masked = {key: dict(values) for key, values in rows.items()}
    weight = (lambda key: 1) if weights is None else (lambda key: weights[key])
    if not suppress or not masked:
        return masked
    attributes = list(dict.fromkeys(name for values in rows.values() for name in values))
    for name in attributes:
        counts = {}
        for key, values in rows.items():
            counts[values.get(name)] = counts.get(values.get(name), 0) + weight(key)
        keys = list(counts)
        hidden = {value for value, reason in zip(keys, hidden_reasons([counts[k] for k in keys], min_group, True))
                  if reason}
        for values in masked.values():
            if values.get(name) in hidden:
                values[name] = HIDDEN
    active = list(attributes)
    while active:
        cells = {}
        for key, values in masked.items():
            cell = tuple(values.get(name) for name in active)
            cells[cell] = cells.get(cell, 0) + weight(key)
        if all(n >= min_group for n in cells.values()):
            break
        distinct = {name: len({id(v) if v is HIDDEN else v for v in (vals.get(name) for vals in masked.values())})
                    for name in active}
        drop = max(reversed(active), key=lambda name: distinct[name])
        active.remove(drop)
        for values in masked.values():
            values[drop] = HIDDEN
    return masked


def _random_rows(rng: random.Random, n: int, attributes: int):
    rows = {}
    for i in range(n):
        values = {}
        for a in range(attributes):
            if rng.random() < 0.1:
                continue  # an attribute this row does not have
            spread = rng.choice((2, 3, 6, 12))
            values[f"a{a}"] = rng.choice([None, *range(spread)]) if a % 3 else rng.choice(["parent", "youth", "pro"])
        rows[f"s{i}"] = values
    return rows


@pytest.mark.parametrize("seed", range(40))
def test_the_numpy_rule_gives_what_the_plain_rule_gives(seed):
    rng = random.Random(seed)
    rows = _random_rows(rng, rng.choice((1, 4, 9, 30, 120)), rng.choice((1, 3, 6)))
    weights = {key: rng.randint(1, 4) for key in rows} if seed % 2 else None
    for min_group in (2, 5):
        assert mask_rows(rows, min_group, True, weights) == _reference(rows, min_group, True, weights)
    assert mask_rows(rows, 5, False) == rows


def test_an_empty_list_and_admins_get_the_rows_back():
    assert mask_rows({}, 5, True) == {}
    rows = {1: {"role": "youth"}}
    assert mask_rows(rows, 5, False) == rows and mask_rows(rows, 5, True) == {1: {"role": HIDDEN}}
