"""Login and logout for staff. Tellers never log in."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from vertelpunt.accounts.forms import LoginForm
from vertelpunt.accounts import throttle
from vertelpunt.accounts.services import authenticate, end_all_sessions
from vertelpunt.db import commit_despite_error, get_session
from vertelpunt.extensions import login_manager

bp = Blueprint("accounts", __name__, url_prefix="/beheer")
SESSION_VERSION_KEY = "session_version"


@bp.before_app_request
def _bind_staff_session_to_client():
    """Strong session protection that also holds for permanent sessions.

    flask-login's "strong" mode only guards non-permanent sessions, and staff sessions are permanent (that is
    how they expire after 8 hours). So a copied cookie would work from any other browser. flask-login keeps a
    hash of the client's address and user agent in the session at login (``_id``); a session used from a
    client with another hash is ended here, before any page sees the user.
    """
    if "_user_id" not in session:
        return None
    if session.get("_id") != login_manager._session_identifier_generator():
        logout_user()
        session.clear()
    return None


def _safe_next(target: str | None) -> str | None:
    """Only follow same-site relative redirects after login."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/inloggen", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("staff.overview"))
    form = LoginForm()
    if form.validate_on_submit():
        database, client = get_session(), request.remote_addr or "unknown"
        refused = throttle.refusal(database, form.email.data, client)
        if refused:
            form.password.errors.append(refused)
            return render_template("accounts/login.html", form=form), 429
        user = authenticate(database, form.email.data, form.password.data)
        if user is None:
            throttle.record_failure(database, form.email.data, client)
            commit_despite_error(database)  # the count must outlive this 400: it refuses the next guess
            form.password.errors.append("Deze combinatie van e-mailadres en wachtwoord klopt niet.")
        else:
            throttle.record_success(database, user, form.email.data, client)
            session.clear()
            session.permanent = True
            session[SESSION_VERSION_KEY] = user.session_version
            login_user(user)
            return redirect(_safe_next(request.args.get("next")) or url_for("staff.overview"))
    return render_template("accounts/login.html", form=form), 200 if not form.errors else 400


@bp.post("/uitloggen")
def logout():
    if current_user.is_authenticated:
        end_all_sessions(get_session(), current_user)
    logout_user()
    session.clear()
    flash("Je bent uitgelogd.", "info")
    return redirect(url_for("public.home"))
