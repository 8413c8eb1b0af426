"""The one base class of the analysis library's errors.

A caller (the CLI, a page) catches ``AnalysisError`` and shows its Dutch ``message``; ``field`` names what
was wrong (a CSV column, an option) when there is one. It subclasses ValueError, so code that caught
ValueError before keeps working.
"""
from __future__ import annotations


class AnalysisError(ValueError):
    """A problem with the input of an analysis, with a message for people and the field it is about."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


__all__ = ["AnalysisError"]
