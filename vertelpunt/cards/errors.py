"""The one error type of the cards package."""
from __future__ import annotations

from vertelpunt.errors import VertelpuntError


class CardError(VertelpuntError):
    """A card or patterns request that cannot be carried out; the message is Dutch.

    ``errors`` maps form fields to their message, so the editor can put each one next to its field.
    """
