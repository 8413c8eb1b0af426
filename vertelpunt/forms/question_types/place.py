"""The place question: a municipality from the regions' list, kept on the story itself (its region follows)."""
from __future__ import annotations

from vertelpunt.forms.question_types.base import InvalidAnswer, QuestionType


class PlaceType(QuestionType):
    """The municipality the story is about; stored on the story, which gets its region from it."""

    name = "place"
    macro = "place"
    lives_on_story = True

    def clean(self, question, value, places=None):
        if not isinstance(value, str) or places is None or value not in places.by_key:
            raise InvalidAnswer("Kies een gemeente uit de lijst.")
        return value

    def answer_label(self, question, value, story=None):
        municipality = getattr(story, "municipality", None)
        return municipality.name if municipality is not None else str(value)
