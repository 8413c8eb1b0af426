"""What can run as a job: per kind, how to make its result and who may read it.

``may_read`` is the rule of the page that starts the job, asked again with the job's stored parameters
whenever somebody opens the job or its file: a viewer who lost a region, or a card that was unpublished,
closes the file as it would close the page. Each kind's work lives in its own area (``exports``,
``proposals``); this module only names them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sqlalchemy.orm import Session

from vertelpunt.errors import VertelpuntError

Progress = Callable[[int, int, str], None]


class JobRefused(VertelpuntError):
    """The job cannot be done (any more); the message is Dutch and shown on the job's page."""


@dataclass(frozen=True)
class Outcome:
    data: bytes | None = None
    name: str | None = None  # download name of the file
    media_type: str | None = None
    url: str | None = None  # a page that is the result (instead of a file)
    story_ids: list[str] | None = None  # public ids of the stories it quotes (None: may hold any of its project)


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str  # Dutch, for "Mijn taken"
    run: Callable[[Session, object, dict, Progress], Outcome]
    may_read: Callable[[Session, object, dict], bool]
    writes: bool = False  # its work is stored (a pattern run): the wrapper commits the work's session


def page_path(endpoint: str, **values) -> str:
    """The path of an app page, for a result that is a page; jobs run outside any request."""
    from flask import current_app

    # Not url_for in a test request context: leaving that context would end the app context's session (the
    # work's, uncommitted). The URL map alone builds the path.
    root = current_app.config.get("APPLICATION_ROOT") or "/"
    return current_app.url_map.bind("localhost", script_name=root).build(endpoint, values)


MEDIA_TYPES = {"pdf": "application/pdf", "zip": "application/zip"}


def _run_deck(session: Session, user, params: dict, progress: Progress) -> Outcome:
    from vertelpunt.exports.cards import deck_pdf, deck_zip
    from vertelpunt.exports.decks import DeckRefused, resolve_deck

    try:
        deck = resolve_deck(session, user, params)
    except DeckRefused:
        raise JobRefused("Deze kaartset bestaat niet meer, of je mag hem niet meer lezen.") from None
    build = deck_pdf if deck.fmt == "pdf" else deck_zip
    data = build(deck.cards, deck.title, progress)
    return Outcome(data=data, name=f"{deck.name}.{deck.fmt}", media_type=MEDIA_TYPES[deck.fmt],
                   story_ids=deck.story_ids)


def _may_read_deck(session: Session, user, params: dict) -> bool:
    from vertelpunt.exports.decks import DeckRefused, resolve_deck
    from vertelpunt.exports.routes import EXPORT_ROLES

    if not user.has_role(*EXPORT_ROLES):
        return False
    try:
        resolve_deck(session, user, params)
    except DeckRefused:
        return False
    return True


def _report_pdf(body: str, title: str, **context) -> bytes:
    from flask import render_template

    from vertelpunt.proposals.exports import html_to_pdf

    return html_to_pdf(render_template("proposals/pdf.html", body=body, title=title, **context), base_url=None)


def _run_session_report(session: Session, user, params: dict, progress: Progress) -> Outcome:
    from vertelpunt.proposals.report import session_report
    from vertelpunt.proposals.report_requests import readable_session

    sess = readable_session(session, user, int(params["session_id"]))
    if sess is None:
        raise JobRefused("Deze sessie bestaat niet meer, of je mag haar verslag niet meer lezen.")
    progress(0, 2, "verslag verzamelen")
    report = session_report(session, sess)
    progress(1, 2, "PDF opmaken")
    data = _report_pdf("proposals/_session_report_body.html", f"Verslag {report.session.name}", report=report)
    # Notes and stories are read live: the file may hold any story of the project (story_ids None).
    return Outcome(data=data, name=f"verslag-sessie-{sess.id}.pdf", media_type=MEDIA_TYPES["pdf"])


def _may_read_session_report(session: Session, user, params: dict) -> bool:
    from vertelpunt.proposals.report_requests import readable_session

    return readable_session(session, user, int(params["session_id"])) is not None


def _run_progress_report(session: Session, user, params: dict, progress: Progress) -> Outcome:
    from vertelpunt.proposals.report_requests import progress_request

    progress(0, 2, "voorstellen verzamelen")
    asked = progress_request(session, user, params)
    if asked.errors:
        raise JobRefused("Deze regio of periode kun je niet (meer) kiezen.")
    progress(1, 2, "PDF opmaken")
    data = _report_pdf("proposals/_progress_body.html", "Voortgang verbetervoorstellen", report=asked.report)
    return Outcome(data=data, name=asked.filename, media_type=MEDIA_TYPES["pdf"], story_ids=[])


def _may_read_progress_report(session: Session, user, params: dict) -> bool:
    from vertelpunt.proposals.report_requests import READ_ROLES, progress_request

    return user.has_role(*READ_ROLES) and not progress_request(session, user, params).errors


def _run_pattern_scan(session: Session, user, params: dict, progress: Progress) -> Outcome:
    from werkzeug.datastructures import MultiDict

    from vertelpunt.cards import runs
    from vertelpunt.cards.errors import CardError
    from vertelpunt.insights.filters import parse_filters

    selection = parse_filters(session, MultiDict([(k, v) for k, values in params.items() for v in values]), user)
    if selection.project is None or selection.errors:
        raise JobRefused("Deze filters kun je niet (meer) kiezen. Start de scan opnieuw vanaf de patronenpagina.")
    progress(0, 2, "patronen zoeken in de verhalen")
    try:
        run = runs.start_scan(session, selection.project, selection.story_filter, user)
    except CardError as error:
        raise JobRefused(str(error)) from None
    # No progress after this point: the work's session now holds the write lock (and the family's row lock)
    # until the wrapper commits it, and a progress write would wait for it.
    session.flush()
    return Outcome(url=page_path("patterns.run", run_id=run.id), story_ids=[])  # statistics and ids, no text


def _may_read_pattern_scan(session: Session, user, params: dict) -> bool:
    from vertelpunt.cards.routes_patterns import ANALYST_ROLES

    return user.has_role(*ANALYST_ROLES)


def _run_scan_charts(session: Session, user, params: dict, progress: Progress) -> Outcome:
    """Draw a scan's charts again from today's stories (vertelpunt/cards/chart_cache.py)."""
    from vertelpunt.cards import chart_cache
    from vertelpunt.cards.errors import CardError
    from vertelpunt.models import PatternRun

    run = session.get(PatternRun, params.get("run_id"))
    if run is None:
        raise JobRefused("Deze scan bestaat niet meer.")
    progress(0, 1, "grafieken tekenen uit de verhalen")
    try:
        chart_cache.redraw(session, run)
    except CardError as error:
        raise JobRefused(str(error)) from None
    session.flush()
    return Outcome(url=page_path("patterns.run", run_id=run.id), story_ids=[])


KINDS: dict[str, JobKind] = {kind.name: kind for kind in (
    JobKind("pattern_scan", "Patroonscan", _run_pattern_scan, _may_read_pattern_scan, writes=True),
    JobKind("scan_charts", "Grafieken van een scan", _run_scan_charts, _may_read_pattern_scan, writes=True),
    JobKind("deck", "Kaartset", _run_deck, _may_read_deck),
    JobKind("session_report", "Sessieverslag (PDF)", _run_session_report, _may_read_session_report),
    JobKind("progress_report", "Voortgangsrapport (PDF)", _run_progress_report, _may_read_progress_report),
)}


def kind_of(name: str) -> JobKind:
    return KINDS[name]
