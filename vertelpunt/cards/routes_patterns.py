"""The patterns pages: stored scans, a new scan with the current filters, the ranked list with verdicts."""
from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from vertelpunt.accounts.access import role_required
from vertelpunt.small_groups import rule_for
from vertelpunt.cards import chart_cache, runs
from vertelpunt.cards.jobs import KIND as CARD_DRAFT
from vertelpunt.cards.errors import CardError
from vertelpunt.db import discard_request_changes, get_or_404, get_session
from vertelpunt.insights.filters import choices, parse_filters
from vertelpunt.jobs.services import start_job
from vertelpunt.models import ObservationCard, PatternRun, UserRole, Verdict
from vertelpunt.pagination import Page, requested_page
from vertelpunt.web_errors import back_with_error

bp = Blueprint("patterns", __name__, url_prefix="/beheer/patronen")
ANALYST_ROLES = (UserRole.ANALYST,)
CHARTS_PER_PAGE = 15
PER_PAGE = 50
EXPECTED_SOURCES = {"vragenset": "verwacht volgens de vragenset", "analist": "eerder als verwacht beoordeeld",
                    "verwacht": "in deze scan als verwacht beoordeeld"}
SHOW_OPTIONS = {"all": "Alle patronen", "notable": "Alleen opvallende (q < 0,05 en effect minstens klein)",
                "marked": "Alleen beoordeelde"}


def _index(selection, error: str | None = None, status: int = 200):
    session = get_session()
    run_list = runs.list_runs(session)
    summaries = {run.id: runs.describe_filters(session, run.project, run.filters) for run in run_list}
    return render_template(
        "cards/patterns_index.html", selection=selection, choices=choices(session, selection),
        runs=run_list, summaries=summaries, error=error,
    ), status


@bp.get("/")
@role_required(*ANALYST_ROLES)
def index():
    return _index(parse_filters(get_session(), request.args, current_user))


@bp.post("/scan")
@role_required(*ANALYST_ROLES)
def scan():
    session = get_session()
    selection = parse_filters(session, request.form, current_user)
    if selection.project is None:
        return _index(selection, "Er is nog geen project om te scannen.", 400)
    if selection.errors:
        return _index(selection, "Controleer de filters: " + " ".join(selection.errors.values()), 400)
    # The scan itself is a job (over many stories it takes longer than a page may): its page links the run.
    params = {key: request.form.getlist(key) for key in request.form if key != "csrf_token"}
    job = start_job(session, current_user, "pattern_scan", params, project_id=selection.project.id, steps_total=2,
                    step_text="in de wachtrij")
    return redirect(url_for("jobs.show", job_id=job.id), code=303)


@bp.get("/<int:run_id>")
@role_required(*ANALYST_ROLES)
def run(run_id: int):
    session = get_session()
    stored = get_or_404(PatternRun, run_id)
    show = request.args.get("toon", "notable" if stored.n_notable else "all")
    show = show if show in SHOW_OPTIONS else "all"
    every = runs.ranked_patterns(session, stored, show)
    expected_rows = runs.ranked_patterns(session, stored, "all", expected=True)
    number, scans = runs.project_runs(session, stored)
    page = Page.of(len(every), PER_PAGE, requested_page(request.args))
    rows = page.slice(every)
    rule = rule_for(current_user)
    drawn = [r for r in rows if r.pattern.notable][:CHARTS_PER_PAGE]

    charts, redraw_job = chart_cache.page_charts(session, stored, drawn, rule["suppress"]), None
    if charts is None:  # the stories changed since the charts were drawn: a job draws them again
        charts, redraw_job = {}, chart_cache.ask_redraw(session, stored, current_user)
    labels = runs.column_labels(stored)
    cards = {card.pattern_key: card for card in session.scalars(select(ObservationCard).where(ObservationCard.run_id == stored.id))}
    return render_template(
        "cards/patterns_run.html", run=stored, rows=rows, charts=charts, show=show,
        show_options=SHOW_OPTIONS, labels=labels, page=page, verdict_labels=runs.VERDICT_LABELS, cards=cards,
        filters_text=runs.describe_filters(session, stored.project, stored.filters),
        expected_rows=expected_rows, number=number, scans=scans, power=stored.power, online=stored.online,
        source_labels=EXPECTED_SOURCES, redraw_job=redraw_job,
    )


def _wants_json() -> bool:
    """static/js/verdicts.js asks for JSON; a plain form post (no JavaScript) gets the redirect."""
    return request.accept_mimetypes.best == "application/json"


@bp.post("/<int:run_id>/oordeel")
@role_required(*ANALYST_ROLES)
def mark(run_id: int):
    """Store a verdict. With JavaScript the scan page stays where it is and shows the new verdict (the JSON
    answer); without, the page is loaded again at the pattern. A verdict that moves the pattern between the
    findings and the expected links ("verwacht", or any verdict on an expected link) changes the page's
    lists, so the JSON answer then asks the script to load the page again."""
    session = get_session()
    stored = get_or_404(PatternRun, run_id)
    key = request.form.get("pattern", "")
    verdict, rank = request.form.get("verdict", ""), request.form.get("rank", "")
    back = url_for("patterns.run", run_id=run_id, toon=request.form.get("toon") or None,
                   pagina=request.form.get("pagina") or None) + f"#p-{rank}"
    try:
        runs.set_verdict(session, stored, key, verdict, current_user)
    except CardError as error:
        if _wants_json():
            discard_request_changes()
            return jsonify({"error": error.message}), 400
        return back_with_error(error, url_for("patterns.run", run_id=run_id))
    label = runs.VERDICT_LABELS[verdict]
    message = f"Patroon “{runs.pattern_name(key, runs.column_labels(stored))}” gemarkeerd als {label.lower()}."
    if _wants_json():
        moves = verdict == Verdict.EXPECTED.value or rank.startswith("v")
        return jsonify({"verdict": verdict, "label": label, "message": message, "reload": moves, "location": back})
    flash(message, "info")
    return redirect(back)


@bp.post("/<int:run_id>/kaart")
@role_required(*ANALYST_ROLES)
def make_card(run_id: int):
    """Check the pattern here (the stored scan alone); the drafting, which reads every story, is a job."""
    session = get_session()
    stored = get_or_404(PatternRun, run_id)
    key = request.form.get("pattern", "")
    try:
        runs.find_pattern(stored, key)
    except CardError as error:
        return back_with_error(error, url_for("patterns.run", run_id=run_id))
    if not request.form.get("toch") and any(row.key == key for row in runs.ranked_patterns(session, stored, expected=True)):
        flash("Dit is een verwacht verband; daar maak je standaard geen kaart van. Kies 'Toch een kaart maken' als je dat wel wilt.", "error")
        return redirect(url_for("patterns.run", run_id=run_id))
    job = start_job(session, current_user, CARD_DRAFT, {"run_id": stored.id, "pattern": key},
                    project_id=stored.project_id, step_text="in de wachtrij")
    return redirect(url_for("jobs.show", job_id=job.id), code=303)
