"""How an error becomes a page: the one place for the web (docs/architecture.md, "How errors travel").

- A :data:`vertelpunt.errors.USER_ERRORS` error (``VertelpuntError``, ``AnalysisError``) that a view does not
  answer itself: a 400 with the ordinary error page and its Dutch message. A view that re-renders its form
  with the message next to a field catches the error itself; one that flashes it and sends the person back
  returns :func:`back_with_error`.
- Anything else is a bug: Flask logs it with its traceback (``observability/request_log.py`` names the
  route, not the path) and answers with the ordinary 500 page, which never shows the exception's text.

Every error answer undoes what the request wrote (``db.discard_request_changes``) before rendering, so the
page never reads half-done work, and a 500 drops the flash messages the view had queued ("saved") because
nothing was saved.
"""
from __future__ import annotations

from flask import Flask, flash, redirect, render_template, session
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError

from vertelpunt.db import discard_request_changes
from vertelpunt.errors import USER_ERRORS, user_message

ERROR_MESSAGES = {
    400: ("Er ging iets mis met je verzoek", "Controleer wat je invulde en probeer het opnieuw."),
    403: ("Geen toegang", "Je hebt geen toegang tot deze pagina."),
    404: ("Pagina niet gevonden", "Deze pagina bestaat niet (meer)."),
    405: ("Dat kan hier niet", "Deze actie is op deze pagina niet mogelijk."),
    413: ("Te veel tekst of een te groot bestand", "Maak je invoer korter en probeer het opnieuw."),
    429: ("Even wachten", "Je hebt in korte tijd veel verstuurd. Probeer het over een paar minuten opnieuw."),
    500: ("Er ging iets mis bij ons", "Probeer het later opnieuw. Wat je al had ingevuld, is niet opgeslagen."),
}


def register_error_handlers(app: Flask) -> None:
    for code in ERROR_MESSAGES:
        app.register_error_handler(code, _error_page)
    for error_class in USER_ERRORS:
        app.register_error_handler(error_class, _user_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(DataError, _value_out_of_range)
    app.register_error_handler(OverflowError, _value_out_of_range)


def error_page(title: str, message: str, code: int):
    """The ordinary error page, with nothing of the request kept."""
    discard_request_changes()
    if code >= 500:
        session.pop("_flashes", None)  # "opgeslagen" and the like: untrue now
    return render_template("error.html", title=title, message=message, code=code), code


def back_with_error(error: Exception, url: str):
    """The common answer to an action that failed with a user error: nothing of it is kept, its message is
    flashed, and the person goes back to ``url`` (a redirect is not an error status, so the request's changes
    are discarded explicitly)."""
    discard_request_changes()
    flash(user_message(error), "error")
    return redirect(url)


def _error_page(error):
    code = getattr(error, "code", 500) or 500
    title, message = ERROR_MESSAGES.get(code, ERROR_MESSAGES[500])
    return error_page(title, message, code)


def _user_error(error: Exception):
    return error_page(ERROR_MESSAGES[400][0], user_message(error), 400)


def _csrf_error(_error: CSRFError):
    message = (
        "Deze pagina was te lang open of het formulier is niet compleet verstuurd. "
        "Ga terug, laad de pagina opnieuw en verstuur nog een keer."
    )
    return error_page("Formulier verlopen", message, 400)


def _value_out_of_range(_error):
    """A number or text from the request that the database cannot hold (an id beyond its integers, for example):
    the request is wrong, not the server. Nothing of it is kept."""
    message = "Een getal of tekst in je verzoek is te groot. Controleer wat je invulde en probeer het opnieuw."
    return error_page("Waarde te groot", message, 400)
