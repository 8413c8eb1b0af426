"""Blueprints, error pages and response headers: everything that makes the app a web app."""
from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

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
    from vertelpunt.accounts.routes import bp as accounts_bp
    from vertelpunt.accounts.routes import init_login_throttle
    from vertelpunt.audit.routes import bp as audit_bp
    from vertelpunt.cards.card_routes import bp as cards_bp
    from vertelpunt.cards.pattern_routes import bp as patterns_bp
    from vertelpunt.collect.routes import bp as collect_bp
    from vertelpunt.collect.routes import init_rate_limits
    from vertelpunt.insights.routes import bp as insights_bp
    from vertelpunt.exports.routes import bp as card_exports_bp
    from vertelpunt.insights.theme_routes import bp as themes_bp
    from vertelpunt.facilitate.routes_board import bp as board_bp
    from vertelpunt.facilitate.routes_participant import bp as participate_bp
    from vertelpunt.facilitate.routes_staff import bp as facilitate_bp
    from vertelpunt.moderate.routes import bp as moderate_bp
    from vertelpunt.proposals.routes_exports import bp as proposals_exports_bp
    from vertelpunt.proposals.routes_public import bp as proposals_public_bp
    from vertelpunt.proposals.routes_staff import bp as proposals_bp
    from vertelpunt.public.routes import bp as public_bp
    from vertelpunt.staff.routes import bp as staff_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(collect_bp)
    init_rate_limits(app)
    app.register_blueprint(accounts_bp)
    init_login_throttle(app)
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
    app.after_request(_security_headers)


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


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    return response
