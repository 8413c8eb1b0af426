"""The facilitator board: live notes of every table, clusters, dot voting, timer and focus card; and the
presenter view that shows them on the projector."""
from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from vertelpunt.accounts.access import role_required
from vertelpunt.db import get_or_404, get_session
from vertelpunt.errors import VertelpuntError
from vertelpunt.facilitate import board, notes, takedown, votes
from vertelpunt.facilitate.planning import STATUS_LABELS, session_cards
from vertelpunt.facilitate.screen import screen_of
from vertelpunt.facilitate.routes_staff import READ_ROLES, WRITE_ROLES, get_item
from vertelpunt.models import Cluster, Note
from vertelpunt.web_errors import back_with_error

bp = Blueprint("board", __name__, url_prefix="/beheer/sessies/<int:session_id>")


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json" or request.headers.get("X-Requested-With") == "fetch"


def _back(item, anchor=None):
    return redirect(url_for("board.show", session_id=item.id, _anchor=anchor))


def _done(item, message=None, anchor=None):
    if message:
        flash(message, "info")
    return _back(item, anchor)


def _failed(item, error: VertelpuntError):
    """A board action that was refused: its message as JSON (a 400, so nothing is kept) or flashed on the board."""
    if _wants_json():
        return jsonify({"error": error.message}), 400
    return back_with_error(error, url_for("board.show", session_id=item.id))


@bp.get("/bord")
@role_required(*READ_ROLES)
def show(session_id: int):
    session = get_session()
    item = get_item(session_id)
    all_notes = board.session_notes(session, item)
    by_table: dict[int, list[Note]] = {}
    for note in all_notes:
        by_table.setdefault(note.table_id, []).append(note)
    return render_template(
        "facilitate/board.html", item=item, notes=by_table, clusters=board.clusters_of(session, item),
        state=board.live_state(item), totals=votes.totals(session, item), cards=session_cards(item),
        kinds=notes.KIND_LABELS, note_text=notes.note_text, labels=STATUS_LABELS,
        last_id=max((n.id for n in all_notes), default=0), hidden=takedown.hidden_count(session, item),
    )


@bp.get("/bord.json")
@role_required(*READ_ROLES)
def poll(session_id: int):
    session = get_session()
    item = get_item(session_id)
    after = request.args.get("na", default=0, type=int)
    visible = board.session_notes(session, item)
    response = jsonify({
        "notes": [notes.note_dict(note) for note in visible if note.id > after],
        # Every note still up, so an open board drops hidden or deleted notes and shows corrected texts.
        "visible": [notes.note_dict(note) for note in visible],
        "state": board.live_state(item), "totals": votes.totals(session, item),
    })
    return response


def _cluster(item, cluster_id: int) -> Cluster:
    cluster = get_or_404(Cluster, cluster_id, session_id=item.id)
    return cluster


@bp.post("/clusters")
@role_required(*WRITE_ROLES)
def create_cluster(session_id: int):
    item = get_item(session_id)
    table = next((t for t in item.tables if str(t.id) == request.form.get("table_id")), None)
    if table is None:
        abort(400)
    try:
        cluster = board.create_cluster(get_session(), item, table, request.form.get("name", ""))
    except board.BoardError as error:
        return _failed(item, error)
    return _done(item, f"Cluster '{cluster.name}' is gemaakt.", f"cluster-{cluster.id}")


@bp.post("/clusters/<int:cluster_id>/naam")
@role_required(*WRITE_ROLES)
def rename_cluster(session_id: int, cluster_id: int):
    item = get_item(session_id)
    cluster = _cluster(item, cluster_id)
    try:
        board.rename_cluster(cluster, request.form.get("name", ""))
    except board.BoardError as error:
        return _failed(item, error)
    return _done(item, "De naam van het cluster is aangepast.", f"cluster-{cluster.id}")


@bp.post("/clusters/<int:cluster_id>/verwijderen")
@role_required(*WRITE_ROLES)
def delete_cluster(session_id: int, cluster_id: int):
    item = get_item(session_id)
    board.delete_cluster(get_session(), _cluster(item, cluster_id))
    return _done(item, "Het cluster is verwijderd. De briefjes staan weer los.")


@bp.post("/notities/<int:note_id>/cluster")
@role_required(*WRITE_ROLES)
def move_note(session_id: int, note_id: int):
    item = get_item(session_id)
    note = get_or_404(Note, note_id, session_id=item.id)
    raw = request.form.get("cluster_id", "")
    try:
        board.move_note(get_session(), item, note, int(raw) if raw.isdigit() else None)
    except board.BoardError as error:
        return _failed(item, error)
    if _wants_json():
        return jsonify({"note_id": note.id, "cluster_id": note.cluster_id})
    flash("Het briefje is verplaatst.", "info")
    return _back(item, f"note-{note.id}")


@bp.post("/notities/<int:note_id>/verbergen")
@role_required(*WRITE_ROLES)
def hide_note(session_id: int, note_id: int):
    item = get_item(session_id)
    note = get_or_404(Note, note_id, session_id=item.id, hidden_at=None)
    try:
        takedown.hide_note(get_session(), item, note, request.form.get("reason", ""), current_user)
    except takedown.TakedownError as error:
        return _failed(item, error)
    if _wants_json():
        return jsonify({"note_id": note_id, "hidden": True})
    flash("Het briefje is verborgen. Niemand ziet het nog, ook niet in het verslag of bij voorstellen.", "info")
    return _back(item)


@bp.post("/stemmen")
@role_required(*WRITE_ROLES)
def voting(session_id: int):
    item = get_item(session_id)
    action = request.form.get("action")
    try:
        if action in ("open", "close"):
            votes.set_voting(item, action == "open", request.form.get("per_participant"))
        elif action in ("reveal", "hide"):
            votes.reveal(item, action == "reveal")
        else:
            abort(400)
    except votes.VoteError as error:
        return _failed(item, error)
    messages = {"open": "Stemmen staat aan.", "close": "Stemmen staat uit.", "reveal": "De uitslag is zichtbaar.",
                "hide": "De uitslag is weer verborgen."}
    return _done(item, messages[action], "stemmen")


@bp.post("/timer")
@role_required(*WRITE_ROLES)
def timer(session_id: int):
    item = get_item(session_id)
    try:
        if request.form.get("action") == "stop":
            board.stop_timer(item)
        else:
            board.start_timer(item, request.form.get("minutes"))
    except board.BoardError as error:
        return _failed(item, error)
    return _done(item, "De timer is aangepast.", "timer")


@bp.post("/focus")
@role_required(*WRITE_ROLES)
def focus(session_id: int):
    item = get_item(session_id)
    raw = request.form.get("card_id", "")
    try:
        board.set_focus(item, int(raw) if raw.isdigit() else None)
    except board.BoardError as error:
        return _failed(item, error)
    return _done(item, "De focus is aangepast.", "focus")


@bp.get("/scherm")
@role_required(*READ_ROLES)
def screen(session_id: int):
    """The presenter view for the projector: no menu and no controls; it refreshes itself."""
    item = get_item(session_id)
    return render_template("facilitate/screen.html", item=item, screen=screen_of(get_session(), item),
                           labels=STATUS_LABELS)
