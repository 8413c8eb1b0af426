"""Planning pages for facilitators (admins too; analysts may read): sessions, tables, cards, invitation."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from vertelpunt.db import get_or_404, get_session, or_404
from vertelpunt.accounts.access import role_required
from vertelpunt.facilitate import planning
from vertelpunt.facilitate.codes import qr_svg
from vertelpunt.models import Project, SensemakingSession, SessionTable, StoryStatus, UserRole

bp = Blueprint("facilitate", __name__, url_prefix="/beheer/sessies")
READ_ROLES = (UserRole.FACILITATOR, UserRole.ANALYST)
WRITE_ROLES = (UserRole.FACILITATOR,)


def get_item(session_id: int) -> SensemakingSession:
    return get_or_404(SensemakingSession, session_id)


def get_table(item: SensemakingSession, table_id: int) -> SessionTable:
    table = or_404(next((t for t in item.tables if t.id == table_id), None))
    return table


def _projects():
    return list(get_session().scalars(select(Project).order_by(Project.title)))


@bp.get("/")
@role_required(*READ_ROLES)
def index():
    return render_template("facilitate/index.html", items=planning.sessions_list(get_session()),
                           labels=planning.STATUS_LABELS)


def _edit_form(item, data, errors, status=200):
    return render_template("facilitate/edit.html", item=item, data=data, errors=errors,
                           projects=_projects()), status


@bp.route("/nieuw", methods=["GET", "POST"])
@role_required(*WRITE_ROLES)
def new():
    if request.method == "GET":
        return _edit_form(None, planning.SessionInput(), {})
    data = planning.SessionInput.from_form(request.form)
    session = get_session()
    try:
        item = planning.create_session(session, data, current_user)
    except planning.PlanningError as error:
        return _edit_form(None, data, error.errors, 400)
    flash("De sessie is aangemaakt. Voeg nu tafels toe.", "info")
    return redirect(url_for("facilitate.detail", session_id=item.id))


@bp.route("/<int:session_id>/bewerken", methods=["GET", "POST"])
@role_required(*WRITE_ROLES)
def edit(session_id: int):
    item = get_item(session_id)
    if request.method == "GET":
        return _edit_form(item, planning.SessionInput.from_session(item), {})
    data = planning.SessionInput.from_form(request.form)
    session = get_session()
    try:
        planning.update_session(session, item, data, current_user)
    except planning.PlanningError as error:
        return _edit_form(item, data, error.errors, 400)
    flash("De sessie is opgeslagen.", "info")
    return redirect(url_for("facilitate.detail", session_id=item.id))


@bp.get("/<int:session_id>")
@role_required(*READ_ROLES)
def detail(session_id: int):
    item = get_item(session_id)
    return render_template("facilitate/detail.html", item=item, labels=planning.STATUS_LABELS,
                           warnings={t.id: planning.table_warnings(t) for t in item.tables}, errors={})


@bp.post("/<int:session_id>/status")
@role_required(*WRITE_ROLES)
def change_status(session_id: int):
    item = get_item(session_id)
    try:
        planning.set_status(get_session(), item, request.form.get("status", ""), current_user)
    except planning.PlanningError:
        abort(400)
    flash(f"De sessie is nu {planning.STATUS_LABELS[item.status]}.", "info")
    return redirect(request.form.get("next") == "bord" and url_for("board.show", session_id=item.id)
                    or url_for("facilitate.detail", session_id=item.id))


@bp.post("/<int:session_id>/tafels")
@role_required(*WRITE_ROLES)
def add_table(session_id: int):
    item = get_item(session_id)
    session = get_session()
    try:
        planning.add_table(session, item, request.form.get("table_name", ""), request.form.get("perspectives", ""))
    except planning.PlanningError as error:
        return render_template("facilitate/detail.html", item=item, labels=planning.STATUS_LABELS,
                               warnings={t.id: planning.table_warnings(t) for t in item.tables},
                               errors=error.errors, form=request.form), 400
    flash("De tafel is toegevoegd.", "info")
    return redirect(url_for("facilitate.detail", session_id=item.id))


def _table_page(item, table, errors=None, status=200):
    session = get_session()
    # A story hidden after it was put on the table is not shown (its text may be why it was hidden).
    on_table = [link.story for link in table.stories if link.story.status == StoryStatus.PUBLISHED.value]
    stories = list(dict.fromkeys(on_table + planning.suggested_stories(session, table)))
    return render_template(
        "facilitate/table.html", item=item, table=table, cards=planning.published_cards(session, item),
        chosen_cards={link.card_id for link in table.cards}, stories=stories,
        chosen_stories={link.story_id for link in table.stories}, warnings=planning.table_warnings(table),
        errors=errors or {}, form=request.form,
    ), status


def _ids(name: str) -> list[int]:
    return [int(value) for value in request.form.getlist(name) if value.isdigit()]


@bp.route("/<int:session_id>/tafels/<int:table_id>", methods=["GET", "POST"])
@role_required(*WRITE_ROLES)
def table(session_id: int, table_id: int):
    item = get_item(session_id)
    table = get_table(item, table_id)
    if request.method == "GET":
        return _table_page(item, table)
    session, action = get_session(), request.form.get("action")
    try:
        if action == "rename":
            planning.update_table(table, request.form.get("table_name", ""), request.form.get("perspectives", ""))
            warnings = []
        elif action == "cards":
            warnings = planning.set_table_cards(session, table, _ids("card_id"))
        elif action == "stories":
            warnings = planning.set_table_stories(session, table, _ids("story_id"),
                                                  planning.parse_public_ids(request.form.get("public_ids", "")))
        else:
            abort(400)
    except planning.PlanningError as error:
        return _table_page(item, table, error.errors, 400)
    flash("De tafel is opgeslagen.", "info")
    for warning in warnings:
        flash(warning, "warning")
    return redirect(url_for("facilitate.table", session_id=item.id, table_id=table.id))


@bp.post("/<int:session_id>/tafels/<int:table_id>/verwijderen")
@role_required(*WRITE_ROLES)
def remove_table(session_id: int, table_id: int):
    item = get_item(session_id)
    planning.remove_table(get_session(), get_table(item, table_id))
    flash("De tafel is verwijderd.", "info")
    return redirect(url_for("facilitate.detail", session_id=item.id))


def join_url(item: SensemakingSession, table_id=None) -> str:
    return url_for("participate.join", code=item.join_code, tafel=table_id, _external=True)


@bp.get("/<int:session_id>/uitnodigen")
@role_required(*READ_ROLES)
def invite(session_id: int):
    item = get_item(session_id)
    return render_template("facilitate/invite.html", item=item, link=join_url(item),
                           table_links={t.id: join_url(item, t.id) for t in item.tables})


@bp.get("/<int:session_id>/qr.svg")
@role_required(*READ_ROLES)
def qr(session_id: int):
    item = get_item(session_id)
    table_id = request.args.get("tafel", type=int)
    if table_id is not None:
        get_table(item, table_id)
    svg = qr_svg(join_url(item, table_id), title=f"QR-code om mee te doen met {item.name}")
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "private, max-age=300"})
