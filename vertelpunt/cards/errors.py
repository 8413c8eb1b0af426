"""The one error type of the cards package."""
from __future__ import annotations


class CardError(ValueError):
    """A card or patterns request that cannot be carried out; the message is Dutch.

    ``errors`` maps form fields to their message, so the editor can put each one next to its field.
    """

    def __init__(self, message: str, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.errors = dict(errors or {})
