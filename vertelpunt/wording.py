"""Small pieces of Dutch wording shared by pages, exports and commands (no Flask, no database).

A count before a noun is the place English habits slip in ("1 kaarten", "2 verhaal"); every page, PDF and
command writes it through :func:`aantal`, which templates know as the ``aantal`` filter.
"""
from __future__ import annotations


def aantal(count, one: str, many: str) -> str:
    """A count with the noun in the right number: "1 kaart", "2 kaarten", "0 kaarten", "1.250 verhalen"."""
    count = 0 if count is None else count
    return f"{count:,}".replace(",", ".") + " " + (one if count == 1 else many)
