"""The error the analysis library raises for a person to read.

The library cannot import the app (it is pure), so it has its own base with the app's shape
(``vertelpunt.errors.VertelpuntError``): a Dutch message for the person who asked for the analysis, and
optionally the column or field it is about. The app maps both to one answer (``vertelpunt.errors.USER_ERRORS``).
Mistakes of a caller (a mask of the wrong length, an alpha outside 0..1) stay plain ``ValueError``: they are bugs
in the calling code, not something a person can put right.
"""
from __future__ import annotations

from collections.abc import Mapping


class AnalysisError(ValueError):
    """Data that cannot be analysed as asked; ``message`` is Dutch, ``field`` the column it is about (or None)."""

    def __init__(self, message: str, field: str | None = None, *, errors: Mapping[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors: dict[str, str] = dict(errors) if errors else ({field: message} if field else {})
