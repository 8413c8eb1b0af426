"""Participant pages: no account, phone first, B1 Dutch, and working without JavaScript.

The participant's cookie holds one token per session code; a token only opens its own session.
"""
from __future__ import annotations

from flask import (
    Blueprint, abort, jsonify, make_response, redirect, render_template, request, session as cookie, url_for,
)
from sqlalchemy import select

from vertelpunt.db import get_session
from vertelpunt.facilitate import board, notes, participants, votes
from vertelpunt.limits.early import client_address
from vertelpunt.limits.registry import limiter
from vertelpunt.models import Cluster, NoteKind, SensemakingSession, StoryStatus

bp = Blueprint("participate", __name__, url_prefix="/s")
COOKIE_KEY = "vp_deelname"


JOIN_LIMITED = "Je hebt te vaak een code geprobeerd die niet bestaat. Wacht tien minuten en probeer het dan opnieuw."


def _joined(code: str) -> bool:
    """This browser already joined the session with this code (its signed cookie holds a token for it)."""
    return participants.normalise_code(code) in cookie.get(COOKIE_KEY, {})


def _refuse_if_guessing(code: str):
    """Codes are short, so a client that tried too many wrong ones gets no answer about any code for a while
    (a right one included: otherwise the limit would still tell which guess is right). A participant who
    already joined keeps their table, since a whole room often shares one address."""
    if not _joined(code) and limiter("join").is_limited(client_address()):
        abort(make_response(render_template("error.html", title="Even wachten", message=JOIN_LIMITED, code=429),
                            429))


def _wrong_code() -> None:
    limiter("join").hit(client_address())


def _item(code: str) -> SensemakingSession:
    _refuse_if_guessing(code)
    item = participants.find_by_code(get_session(), code)
    if item is None:
        _wrong_code()
        abort(404)
    return item


def _participant(item):
    return participants.participant_for(get_session(), item, cookie.get(COOKIE_KEY, {}).get(item.join_code))


@bp.get("/")
def enter_code():
    if "code" not in request.args:
        return render_template("participate/code.html", errors={}, code="")
    code = request.args.get("code", "")
    _refuse_if_guessing(code)
    try:
        item = participants.check_code(get_session(), code)
    except participants.JoinError as error:
        _wrong_code()
        return render_template("participate/code.html", errors=error.errors, code=code), 400
    return redirect(url_for("participate.join", code=item.join_code))


def _join_page(item, errors=None, name="", table_id=None, status=200):
    return render_template("participate/join.html", item=item, errors=errors or {}, name=name,
                           table_id=str(table_id or ""), fixed_table=participants.table_of(item, table_id)), status


@bp.route("/<code>", methods=["GET", "POST"])
def join(code: str):
    item = _item(code)
    if code != item.join_code:
        return redirect(url_for("participate.join", code=item.join_code, tafel=request.args.get("tafel")))
    participant = _participant(item)
    if participant is not None and participant.table_id is not None:
        return redirect(url_for("participate.table", code=item.join_code, table_id=participant.table_id))
    if request.method == "GET":
        return _join_page(item, table_id=request.args.get("tafel"))
    name, table_id = request.form.get("name", ""), request.form.get("table_id")
    session = get_session()
    try:
        participant, token = participants.join(session, item, name, table_id)
    except participants.JoinError as error:
        return _join_page(item, error.errors, name, table_id, 400)
    tokens = dict(cookie.get(COOKIE_KEY, {}))
    tokens[item.join_code] = token
    cookie[COOKIE_KEY] = tokens
    return redirect(url_for("participate.table", code=item.join_code, table_id=participant.table_id))


def _guarded(code: str, table_id: int):
    """The session, the participant and their table; otherwise a redirect to join or to their own table."""
    item = _item(code)
    participant = _participant(item)
    if participant is None or participant.table_id is None:
        return item, None, redirect(url_for("participate.join", code=item.join_code))
    if participant.table_id != table_id:
        return item, None, redirect(url_for("participate.table", code=item.join_code, table_id=participant.table_id))
    return item, participant, None


def _table_page(item, participant, errors=None, form=None, status=200, pii_warning=None):
    session = get_session()
    table = participant.table
    clusters = list(session.scalars(select(Cluster).where(Cluster.table_id == table.id).order_by(Cluster.position)))
    table_notes = notes.table_notes(session, table)
    return render_template(
        "participate/table.html", item=item, table=table, participant=participant,
        cards=[link.card for link in table.cards if link.card.is_published],
        stories=[link.story for link in table.stories if link.story.status == StoryStatus.PUBLISHED.value],
        notes=table_notes, last_id=max((n.id for n in table_notes), default=0), clusters=clusters,
        state=board.live_state(item), kinds=notes.KIND_LABELS, hints=notes.KIND_HINTS, note_text=notes.note_text,
        errors=errors or {}, form=form or {}, accepts=notes.accepts_notes(item),
        mine=votes.own_votes(session, participant), used=votes.votes_used(session, participant),
        totals=votes.totals(session, item), idea=NoteKind.IDEA.value, pii_warning=pii_warning,
    ), status


@bp.get("/<code>/tafel/<int:table_id>")
def table(code: str, table_id: int):
    item, participant, elsewhere = _guarded(code, table_id)
    return elsewhere or _table_page(item, participant)


@bp.post("/<code>/tafel/<int:table_id>/notities")
def add_note(code: str, table_id: int):
    item, participant, elsewhere = _guarded(code, table_id)
    if elsewhere:
        return elsewhere
    session, form = get_session(), request.form
    card_id = form.get("card_id", type=int)
    try:
        notes.add_note(session, item, participant.table, form.get("kind", ""), form.get("text", ""),
                       form.get("goal", ""), participant=participant, card_id=card_id,
                       pii_confirmed=form.get("pii_ok") == "1")
    except notes.NoteError as error:
        return _table_page(item, participant, error.errors, form, 400)
    except notes.PiiCheck as check:
        return _table_page(item, participant, form=form, pii_warning=check.wording)
    return redirect(url_for("participate.table", code=item.join_code, table_id=table_id, _anchor="notities"))


def _own_note(participant, note_id: int):
    """The participant's own note, or 403: nobody edits or deletes someone else's note."""
    try:
        return notes.own_note(get_session(), participant, note_id)
    except notes.NotYourNote:
        abort(403)


def _edit_page(item, participant, note, errors=None, form=None, status=200, pii_warning=None):
    form = form if form is not None else {"text": note.text, "goal": note.goal or ""}
    return render_template(
        "participate/edit_note.html", item=item, table=participant.table, participant=participant, note=note,
        errors=errors or {}, form=form, kinds=notes.KIND_LABELS, idea=NoteKind.IDEA.value,
        accepts=notes.accepts_notes(item), pii_warning=pii_warning,
    ), status


@bp.route("/<code>/tafel/<int:table_id>/notities/<int:note_id>/aanpassen", methods=["GET", "POST"])
def edit_note(code: str, table_id: int, note_id: int):
    item, participant, elsewhere = _guarded(code, table_id)
    if elsewhere:
        return elsewhere
    note = _own_note(participant, note_id)
    if request.method == "GET":
        return _edit_page(item, participant, note, status=200 if notes.accepts_notes(item) else 400)
    session, form = get_session(), request.form
    try:
        notes.edit_note(session, item, note, form.get("text", ""), form.get("goal", ""),
                        pii_confirmed=form.get("pii_ok") == "1")
    except notes.NoteError as error:
        return _edit_page(item, participant, note, error.errors, form, 400)
    except notes.PiiCheck as check:
        return _edit_page(item, participant, note, form=form, pii_warning=check.wording)
    return redirect(url_for("participate.table", code=item.join_code, table_id=table_id, _anchor="notities"))


@bp.post("/<code>/tafel/<int:table_id>/notities/<int:note_id>/verwijderen")
def delete_note(code: str, table_id: int, note_id: int):
    item, participant, elsewhere = _guarded(code, table_id)
    if elsewhere:
        return elsewhere
    session = get_session()
    note = _own_note(participant, note_id)
    try:
        notes.delete_note(session, item, note)
    except notes.NoteError as error:
        return _table_page(item, participant, error.errors, status=400)
    return redirect(url_for("participate.table", code=item.join_code, table_id=table_id, _anchor="notities"))


@bp.get("/<code>/tafel/<int:table_id>/notities.json")
def poll(code: str, table_id: int):
    item = _item(code)
    participant = _participant(item)
    if participant is None or participant.table_id != table_id:
        abort(403)
    after = request.args.get("na", default=0, type=int)
    visible = [dict(notes.note_dict(note), mine=note.participant_id == participant.id)
               for note in notes.table_notes(get_session(), participant.table)]
    response = jsonify({"notes": [note for note in visible if note["id"] > after],
                        # every note still up: an open page drops hidden or deleted notes and shows corrections
                        "visible": visible,
                        "state": board.live_state(item)})
    return response


@bp.post("/<code>/stem")
def vote(code: str):
    item = _item(code)
    participant = _participant(item)
    if participant is None:
        return redirect(url_for("participate.join", code=item.join_code))
    session, form = get_session(), request.form
    action = votes.withdraw if form.get("action") == "remove" else votes.cast
    try:
        action(session, item, participant, form.get("note_id", type=int), form.get("cluster_id", type=int))
    except votes.VoteError as error:
        return _table_page(item, participant, {"vote": error.message}, status=400)
    return redirect(url_for("participate.table", code=item.join_code, table_id=participant.table_id,
                            _anchor="stemmen"))
