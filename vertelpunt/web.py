"""Blueprints, error pages and response headers: everything that makes the app a web app."""
from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.routing import IntegerConverter

#: Ids in URLs are database integers; a bigger number cannot be an id (and the database would choke on it).
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route, bounded so that 99999999999999999999 is "not found", not a server error."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 (werkzeug's name)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)

ERROR_MESSAGES = {
    400: ("Er ging iets mis met je verzoek", "Controleer wat je invulde en probeer het opnieuw."),
    403: ("Geen toegang", "Je hebt geen toegang tot deze pagina."),
    404: ("Pagina niet gevonden", "Deze pagina bestaat niet (meer)."),
    405: ("Dat kan hier niet", "Deze actie is op deze pagina niet mogelijk."),
    413: ("Te veel tekst of een te groot bestand", "Maak je invoer korter en probeer het opnieuw."),
    429: ("Even wachten", "Je hebt in korte tijd veel verstuurd. Probeer het over een paar minuten opnieuw."),
    500: ("Er ging iets mis bij ons", "Probeer het later opnieuw. Wat je al had ingevuld, is niet opgeslagen."),
}


def register_web(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter  # before any route is added
    from vertelpunt.accounts.routes import bp as accounts_bp
    from vertelpunt.caching import register_caching
    from vertelpunt.audit.routes import bp as audit_bp
    from vertelpunt.cards.routes_cards import bp as cards_bp
    from vertelpunt.cards.routes_patterns import bp as patterns_bp
    from vertelpunt.collect.routes import bp as collect_bp
    from vertelpunt.insights.routes import bp as insights_bp
    from vertelpunt.limits.registry import init_limiters
    from vertelpunt.exports.routes import bp as card_exports_bp
    from vertelpunt.themes.routes import bp as themes_bp
    from vertelpunt.facilitate.routes_board import bp as board_bp
    from vertelpunt.facilitate.routes_participant import bp as participate_bp
    from vertelpunt.facilitate.routes_staff import bp as facilitate_bp
    from vertelpunt.moderate.routes import bp as moderate_bp
    from vertelpunt.proposals.routes_exports import bp as proposals_exports_bp
    from vertelpunt.proposals.routes_public import bp as proposals_public_bp
    from vertelpunt.proposals.routes_staff import bp as proposals_bp
    from vertelpunt.public.routes import bp as public_bp
    from vertelpunt.staff.routes import bp as staff_bp
    from vertelpunt.static_files import register_static
    from vertelpunt.templating import register_templating

    init_limiters(app)
    app.register_blueprint(public_bp)
    app.register_blueprint(collect_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(moderate_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(facilitate_bp)
    app.register_blueprint(board_bp)
    app.register_blueprint(participate_bp)
    app.register_blueprint(proposals_bp)
    app.register_blueprint(proposals_public_bp)
    app.register_blueprint(proposals_exports_bp)
    app.register_blueprint(insights_bp)
    app.register_blueprint(patterns_bp)
    app.register_blueprint(cards_bp)
    app.register_blueprint(card_exports_bp)
    app.register_blueprint(themes_bp)

    for code in ERROR_MESSAGES:
        app.register_error_handler(code, _error_page)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(DataError, _value_out_of_range)
    app.register_error_handler(OverflowError, _value_out_of_range)
    app.before_request(_refuse_nul_characters)
    app.after_request(_security_headers)
    register_caching(app)
    register_static(app)
    register_templating(app)


def _error_page(error):
    code = getattr(error, "code", 500) or 500
    title, message = ERROR_MESSAGES.get(code, ERROR_MESSAGES[500])
    return render_template("error.html", title=title, message=message, code=code), code


def _csrf_error(_error: CSRFError):
    message = (
        "Deze pagina was te lang open of het formulier is niet compleet verstuurd. "
        "Ga terug, laad de pagina opnieuw en verstuur nog een keer."
    )
    return render_template("error.html", title="Formulier verlopen", message=message, code=400), 400


def _value_out_of_range(_error):
    """A number or text from the request that the database cannot hold (an id beyond its integers, for example):
    the request is wrong, not the server. Nothing of it is kept."""
    from vertelpunt.db import get_session

    get_session().rollback()
    message = "Een getal of tekst in je verzoek is te groot. Controleer wat je invulde en probeer het opnieuw."
    return render_template("error.html", title="Waarde te groot", message=message, code=400), 400


def _refuse_nul_characters():
    """A NUL character is never typed by a person, and PostgreSQL cannot store or even compare text that holds
    one (a server error instead of an answer), so a request with one in its path, query or form is refused."""
    values = [request.path, *(part for pair in request.args.items(multi=True) for part in pair)]
    if request.method == "POST" and request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        values += [part for pair in request.form.items(multi=True) for part in pair]
    if any("\x00" in value for value in values):
        message = "Er staat een onzichtbaar teken in wat je verstuurde. Typ het opnieuw en probeer het nog een keer."
        return render_template("error.html", title="Onleesbaar teken", message=message, code=400), 400
    return None


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    return response
