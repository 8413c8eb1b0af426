"""Staff accounts in the browser: list, create, change role and regions, switch off or on, reset a password.

A reset password is generated (vertelpunt/accounts/services.py) and shown once, on the response to the
POST itself: it is never stored in the session, the flash queue or the audit log.
"""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from vertelpunt.accounts.access import role_required
from vertelpunt.accounts.services import (
    AccountError,
    create_user,
    generate_password,
    reset_password,
    set_user_active,
    update_user,
)
from vertelpunt.admin.routes_projects import all_regions
from vertelpunt.db import get_session, or_404
from vertelpunt.models import User, UserRole
from vertelpunt.models.accounts import USER_ROLE_LABELS

bp = Blueprint("admin_accounts", __name__, url_prefix="/beheer/accounts")
ROLE_LABELS = USER_ROLE_LABELS


def _render(template: str, status: int = 200, **context):
    return render_template(template, roles=ROLE_LABELS, regions=all_regions(get_session()), **context), status


@bp.get("/")
@role_required(UserRole.ADMIN)
def index():
    users = list(get_session().scalars(select(User).order_by(User.email)))
    return render_template("admin/accounts.html", users=users, roles=ROLE_LABELS)


@bp.route("/nieuw", methods=["GET", "POST"])
@role_required(UserRole.ADMIN)
def new():
    values = {"email": "", "name": "", "role": "viewer", "regions": []}
    if request.method == "GET":
        return _render("admin/account_new.html", values=values, error=None)
    values = {"email": request.form.get("email", "").strip(), "name": request.form.get("name", "").strip()[:120],
              "role": request.form.get("role", ""), "regions": request.form.getlist("regions")}
    session = get_session()
    password = generate_password()  # generated too: nobody has to think one up and send it by mail
    try:
        user = create_user(session, values["email"], password, values["role"], values["regions"],
                           name=values["name"], acting=current_user)
    except AccountError as error:
        return _render("admin/account_new.html", 400, values=values, error=str(error))
    return _render("admin/password_shown.html", user=user, password=password, created=True)


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@role_required(UserRole.ADMIN)
def edit(user_id: int):
    session = get_session()
    user = or_404(session.get(User, user_id))
    values = {"role": user.role, "regions": [r.key for r in user.regions]}
    if request.method == "GET":
        return _render("admin/account_edit.html", user=user, values=values, error=None)
    values = {"role": request.form.get("role", ""), "regions": request.form.getlist("regions")}
    try:
        changed = update_user(session, user, values["role"], values["regions"], acting=current_user)
    except AccountError as error:
        return _render("admin/account_edit.html", 400, user=user, values=values, error=str(error))
    flash("Het account is opgeslagen; de nieuwe rol geldt vanaf de volgende keer inloggen." if changed
          else "Er was niets veranderd.", "info")
    return redirect(url_for("admin_accounts.edit", user_id=user.id))


@bp.post("/<int:user_id>/actief")
@role_required(UserRole.ADMIN)
def active(user_id: int):
    session = get_session()
    user = or_404(session.get(User, user_id))
    wanted = request.form.get("active")
    if wanted not in ("0", "1"):
        return _render("admin/account_edit.html", 400, user=user, error="Kies aan- of uitschakelen.",
                       values={"role": user.role, "regions": [r.key for r in user.regions]})
    try:
        changed = set_user_active(session, user, wanted == "1", acting=current_user)
    except AccountError as error:
        return _render("admin/account_edit.html", 400, user=user, error=str(error),
                       values={"role": user.role, "regions": [r.key for r in user.regions]})
    if changed:
        flash("Het account is uitgeschakeld; het kan niet meer inloggen." if wanted == "0"
              else "Het account is weer ingeschakeld.", "info")
    return redirect(url_for("admin_accounts.edit", user_id=user.id))


@bp.post("/<int:user_id>/wachtwoord")
@role_required(UserRole.ADMIN)
def password(user_id: int):
    session = get_session()
    user = or_404(session.get(User, user_id))
    new_password = reset_password(session, user, acting=current_user)
    response = _render("admin/password_shown.html", user=user, password=new_password, created=False)
    if user.id == current_user.id:
        flash("Je eigen wachtwoord is vervangen; log opnieuw in met het nieuwe.", "info")
    return response
