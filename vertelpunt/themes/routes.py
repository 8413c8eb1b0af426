"""Themes pages under /beheer/themas (analysts): list theme runs, start one with the shared filters, show
its topics, and hand one topic on to the dashboard or a pattern scan."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from vertelpunt.accounts.access import role_required
from vertelpunt.audit.services import record
from vertelpunt.db import get_or_404, get_session
from vertelpunt.insights.filters import choices, parse_filters
from vertelpunt.themes.services import MAX_TOPICS, MIN_TOPICS, ThemeError, run_themes, theme_filter, theme_runs, typical_stories
from vertelpunt.models import ThemeRun, UserRole
from vertelpunt.small_groups import rule_for, threshold
from vertelpunt.web_errors import back_with_error

bp = Blueprint("themes", __name__, url_prefix="/beheer/themas")
DEFAULT_TOPICS = 6


def _url_if(endpoint: str, fallback: str | None = None, **values) -> str | None:
    """url_for when the page exists in this install (the dashboard and patterns pages are other areas)."""
    if endpoint in current_app.view_functions:
        return url_for(endpoint, **values)
    return fallback


def _index(args, n_topics: str = str(DEFAULT_TOPICS), error: str | None = None, status: int = 200):
    session = get_session()
    selection = parse_filters(session, args, current_user)
    runs = theme_runs(session, selection.project) if selection.project is not None else []
    return render_template("themes/index.html", selection=selection, choices=choices(session, selection), runs=runs,
                           n_topics=n_topics, error=error, min_topics=MIN_TOPICS, max_topics=MAX_TOPICS), status


@bp.get("/")
@role_required(UserRole.ANALYST)
def index():
    return _index(request.args)


@bp.post("/")
@role_required(UserRole.ANALYST)
def start():
    session = get_session()
    selection = parse_filters(session, request.form, current_user)
    text = request.form.get("n_topics", "").strip()
    if selection.project is None:
        return _index(request.form, text, "Kies eerst een project.", 400)
    if not text.isdigit():
        return _index(request.form, text, f"Vul een aantal thema's in tussen {MIN_TOPICS} en {MAX_TOPICS}.", 400)
    try:
        run = run_themes(session, selection.project, selection.story_filter, int(text), current_user,
                         selection.region_id_set)
    except ThemeError as error:
        return _index(request.form, text, error.message, 400)
    flash(f"{run.n_topics} thema's gevonden in {run.n_stories} verhalen.", "success")
    return redirect(url_for("themes.show", run_id=run.id))


@bp.get("/<int:run_id>")
@role_required(UserRole.ANALYST)
def show(run_id: int):
    session = get_session()
    run = get_or_404(ThemeRun, run_id)
    rule = rule_for(current_user)
    min_group, hide_small = rule["min_group"], rule["suppress"]
    stories = typical_stories(session, run)
    topics = []
    for position, topic in enumerate(run.topics):
        index = int(topic.get("index", position))
        small = hide_small and 0 < topic.get("size", 0) < min_group
        query = urlencode({"project": run.project.slug, "theme_run": run.id, "theme": index})
        typical = [] if small else [stories[p] for p in topic.get("typical", []) if p in stories]
        topics.append({
            "index": index, "number": position + 1, "label": topic.get("label", ""), "words": topic.get("words", []),
            "size": None if small else topic.get("size", 0), "typical": typical,
            "dashboard": _url_if("insights.dashboard", "/beheer/analyse/") + "?" + query,
        })
    story_url = {p: _url_if("insights.story", None, public_id=p) for p in stories}
    return render_template("themes/run.html", run=run, topics=topics, story_url=story_url, min_group=min_group)


@bp.post("/<int:run_id>/<int:topic>/scan")
@role_required(UserRole.ANALYST)
def scan(run_id: int, topic: int):
    from analysis.patterns import ScanOptions
    from vertelpunt.insights.scans import ScanError, run_scan

    session = get_session()
    run = get_or_404(ThemeRun, run_id)
    try:
        filters = theme_filter(run, topic)
        pattern_run = run_scan(session, run.project, filters,
                               ScanOptions(min_group=threshold()), current_user.email)
    except (ThemeError, ScanError) as error:
        return back_with_error(error, url_for("themes.show", run_id=run.id))
    record(session, "patterns.scan", "pattern_run", pattern_run.id, user=current_user,
           detail={"theme_run": run.id, "theme": topic})
    return redirect(_url_if("patterns.run", f"/beheer/patronen/{pattern_run.id}", run_id=pattern_run.id))
