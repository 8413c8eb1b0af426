"""Blueprints, error pages and response headers: everything that makes the app a web app."""
from __future__ import annotations

from flask import Flask, render_template, request
from werkzeug.routing import IntegerConverter

from vertelpunt.web_errors import register_error_handlers

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


def register_web(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter  # before any route is added
    from vertelpunt.accounts.routes import bp as accounts_bp
    from vertelpunt.caching import register_caching
    from vertelpunt.audit.routes import bp as audit_bp
    from vertelpunt.cards.routes_cards import bp as cards_bp
    from vertelpunt.cards.jobs import register as register_card_jobs
    from vertelpunt.cards.routes_patterns import bp as patterns_bp
    from vertelpunt.collect.routes import bp as collect_bp
    from vertelpunt.insights.list_rules import register as register_list_rule_jobs
    from vertelpunt.insights.routes import bp as insights_bp
    from vertelpunt.jobs.routes import bp as jobs_bp
    from vertelpunt.admin.blueprints import register as register_admin
    from vertelpunt.limits.registry import init_limiters
    from vertelpunt.exports.routes import bp as card_exports_bp
    from vertelpunt.themes.jobs import register as register_theme_jobs
    from vertelpunt.themes.routes import bp as themes_bp
    from vertelpunt.facilitate.routes_board import bp as board_bp
    from vertelpunt.facilitate.routes_participant import bp as participate_bp
    from vertelpunt.facilitate.routes_staff import bp as facilitate_bp
    from vertelpunt.moderate.routes import bp as moderate_bp
    from vertelpunt.proposals.routes_exports import bp as proposals_exports_bp
    from vertelpunt.proposals.routes_public import bp as proposals_public_bp
    from vertelpunt.proposals.routes_plan import bp as proposal_plans_bp
    from vertelpunt.proposals.routes_staff import bp as proposals_bp
    from vertelpunt.public.routes import bp as public_bp
    from vertelpunt.staff.routes import bp as staff_bp
    from vertelpunt.brand import register_brand
    from vertelpunt.static_files import register_static
    from vertelpunt.templating import register_templating
    from vertelpunt.i18n import register_i18n

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
    app.register_blueprint(proposal_plans_bp)
    app.register_blueprint(proposals_public_bp)
    app.register_blueprint(proposals_exports_bp)
    app.register_blueprint(insights_bp)
    register_list_rule_jobs()
    app.register_blueprint(patterns_bp)
    register_card_jobs()
    app.register_blueprint(cards_bp)
    app.register_blueprint(card_exports_bp)
    app.register_blueprint(themes_bp)
    register_theme_jobs()
    app.register_blueprint(jobs_bp)
    register_admin(app)

    register_error_handlers(app)
    app.before_request(_refuse_nul_characters)
    app.after_request(_security_headers)
    register_caching(app)
    register_static(app)
    register_brand(app)
    register_templating(app)
    register_i18n(app)


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
