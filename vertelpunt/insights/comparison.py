"""A comparison (one group against the rest, or one period against another) and its scan.

Apart from :mod:`vertelpunt.insights.scans` because the CSV path of ``vertelpunt patterns`` uses it without a
database: this module imports neither Flask nor SQLAlchemy.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.data import AnswerTable
from analysis.errors import AnalysisError
from analysis.patterns import ScanOptions, ScanResult, compare_split
from vertelpunt.errors import VertelpuntError


class ScanError(VertelpuntError):
    """A scan request that cannot be carried out; the message is Dutch."""


@dataclass(frozen=True)
class Comparison:
    """One group against the rest ("region=twente", "role=youth") or one period against an earlier one
    ("period=2026-K3:2026-K2")."""

    column: str
    key: str
    against: str | None = None

    @classmethod
    def parse(cls, text: str) -> Comparison:
        column, _, value = text.partition("=")
        if column not in {"region", "role", "period"} or not value:
            raise ScanError("Vergelijk met region=SLEUTEL, role=SLEUTEL of period=2026-K3:2026-K2.")
        key, _, against = value.partition(":")
        if against and column != "period":
            raise ScanError("Alleen een periode vergelijk je met een andere periode (period=NU:EERDER).")
        return cls(column, key, against or None)

    def to_dict(self) -> dict:
        return {"column": self.column, "key": self.key, "against": self.against}


def comparison_split(table: AnswerTable, comparison: Comparison) -> tuple[AnswerTable, np.ndarray, str, str]:
    """The rows a comparison looks at, the mask of its group and the two group labels."""
    column = table.columns[comparison.column]
    try:
        if comparison.against:
            rows = table.mask_for(comparison.column, comparison.key, comparison.against)
            table = table.subset(rows)
            column = table.columns[comparison.column]
        mask = table.mask_for(comparison.column, comparison.key)
    except AnalysisError:
        raise ScanError(f"'{comparison.key}' komt niet voor in de gekozen verhalen ({comparison.column}).") from None
    label_in = column.category_label(column.categories.index(comparison.key))
    label_out = (column.category_label(column.categories.index(comparison.against))
                 if comparison.against else "de rest")
    return table, mask, label_in, label_out


def compare(table: AnswerTable, comparison: Comparison, options: ScanOptions) -> ScanResult:
    table, mask, label_in, label_out = comparison_split(table, comparison)
    return compare_split(table, mask, label_in, label_out, options, exclude=(comparison.column,))


__all__ = ["Comparison", "ScanError", "compare", "comparison_split"]
