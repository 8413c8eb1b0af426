"""Login and logout for staff. Tellers never log in."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from vertelpunt.accounts.forms import LoginForm
from vertelpunt.accounts.services import authenticate
from vertelpunt.db import get_session

bp = Blueprint("accounts", __name__, url_prefix="/beheer")


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
        user = authenticate(get_session(), form.email.data, form.password.data)
        if user is None:
            form.password.errors.append("Deze combinatie van e-mailadres en wachtwoord klopt niet.")
        else:
            session.clear()
            session.permanent = True
            login_user(user)
            return redirect(_safe_next(request.args.get("next")) or url_for("staff.overview"))
    return render_template("accounts/login.html", form=form), 200 if not form.errors else 400


@bp.post("/uitloggen")
def logout():
    logout_user()
    session.clear()
    flash("Je bent uitgelogd.", "info")
    return redirect(url_for("public.home"))
