"""Cutting a long list into pages, the same way on every page that has a pager.

The page number comes from the URL, so anything may arrive there ("-3", "abc", a number far beyond the
last page): :func:`requested_page` reads it without failing and :meth:`Page.of` clamps it to the pages
that exist, so a bad number shows the nearest real page rather than an error or an empty list. The template
side is one macro, ``pager`` in ``templates/_macros/pager.html``.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
MAX_DIGITS = 6  # a page number longer than this is no page a person asked for; it reads as page 1


def requested_page(args: Mapping, name: str = "pagina") -> int:
    """The page number in the query string ``args`` under ``name``; 1 when it is missing or not a number."""
    value = str(args.get(name, "") or "").strip()
    return int(value) if value.isdigit() and len(value) <= MAX_DIGITS else 1


@dataclass(frozen=True)
class Page:
    """Page ``number`` of ``count`` pages of ``size`` items, ``total`` items in all."""

    number: int = 1
    count: int = 1
    total: int = 0
    size: int = 1

    @classmethod
    def of(cls, total: int, size: int, requested: int = 1) -> Page:
        """The page nearest to ``requested`` of a list of ``total`` items (there is always a page 1)."""
        count = max(1, -(-total // size))
        return cls(number=min(max(1, requested), count), count=count, total=total, size=size)

    @property
    def offset(self) -> int:
        """How many items come before this page (for a query's ``.offset()``)."""
        return (self.number - 1) * self.size

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count

    def limit(self, query):
        """``query`` (a SQLAlchemy select) cut to this page; it must have its order already."""
        return query.offset(self.offset).limit(self.size)

    def slice(self, items: Sequence[T]) -> Sequence[T]:
        """This page's part of a list that is already in memory."""
        return items[self.offset:self.offset + self.size]
