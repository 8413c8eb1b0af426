"""The one family of errors that the app raises for a person to read (see docs/architecture.md, How errors travel).

Every error a service raises on purpose (bad input, a request that cannot be carried out) is a
:class:`VertelpuntError`: its message is Dutch and written for the person who made the request, and ``field``
names the form field it is about, when there is one. The web answers one with a 400 and that message
(``vertelpunt/web_errors.py``), the CLI with the message on stderr and exit code 1 (``cli_helpers.py``).
Anything else that escapes a view or a command is a bug: a logged 500 with the ordinary error page, or a
traceback from the CLI, never its raw text on a page.

``analysis/`` cannot import the app, so it has its own base, :class:`analysis.errors.AnalysisError`, with the
same shape; :data:`USER_ERRORS` is the one place where both are treated alike.

The base stays a ``ValueError`` subclass: the errors are about values a person gave, and code outside the
app (tests, scripts) that expects a ``ValueError`` keeps working. What matters is that app code catches
``VertelpuntError`` (or one of its classes), never a bare ``ValueError`` around a service call.
"""
from __future__ import annotations

from collections.abc import Mapping

from analysis.errors import AnalysisError


class VertelpuntError(ValueError):
    """A request that cannot be carried out, told to the person in Dutch.

    ``field`` is the form field the message is about (None: the whole request). ``errors`` maps every field
    with a problem to its message, for forms that show each one next to its field; it holds ``field`` alone
    when only that is given. Build one for several fields with :meth:`per_field`.
    """

    def __init__(self, message: str, field: str | None = None, *, errors: Mapping[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors: dict[str, str] = dict(errors) if errors else ({field: message} if field else {})
        self.problems: list = []

    @classmethod
    def per_field(cls, errors: Mapping[str, str]):
        """One error for several fields; its message joins theirs (shown where a page has no field for it)."""
        errors = dict(errors)
        field = next(iter(errors)) if len(errors) == 1 else None
        return cls(" ".join(errors.values()), field, errors=errors)

    #: For :meth:`listing`: the line above the problems, and how many of them the message shows.
    listing_heading = "Er zijn problemen:"
    listing_limit = 25

    @classmethod
    def listing(cls, problems: list):
        """One error for a list of problems (rows of an import, paths of a form file), kept as ``problems``;
        the message shows the first :attr:`listing_limit` under :attr:`listing_heading`."""
        shown = "\n".join(f"  - {problem}" for problem in problems[:cls.listing_limit])
        rest = len(problems) - cls.listing_limit
        more = f"\n  ... en nog {rest} problemen" if rest > 0 else ""
        error = cls(f"{cls.listing_heading}\n{shown}{more}")
        error.problems = list(problems)
        return error


#: The errors meant for a person: the app's and the analysis library's.
USER_ERRORS = (VertelpuntError, AnalysisError)


def user_message(error: Exception) -> str:
    """The Dutch text of an error of :data:`USER_ERRORS`."""
    return getattr(error, "message", None) or str(error)
