"""Themes pages under /beheer/themas (analysts): list theme runs, start one with the shared filters (a job,
vertelpunt/themes/jobs.py), show its topics, and hand one topic on to the dashboard or a pattern scan (a job too)."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from vertelpunt.accounts.access import role_required
from vertelpunt.db import get_or_404, get_session
from vertelpunt.insights.filters import FilterSelection, choices, parse_filters
from vertelpunt.jobs.services import start_job
from vertelpunt.models import ThemeRun, UserRole
from vertelpunt.small_groups import rule_for
from vertelpunt.themes.jobs import KIND as THEME_KIND
from vertelpunt.themes.services import (MAX_TOPICS, MIN_TOPICS, ThemeError, check_enough, count_stories, theme_filter,
                                        theme_runs, typical_stories)
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
    """Check the form here, so a mistake is shown on the form with what was typed; the run itself is a job."""
    session = get_session()
    selection = parse_filters(session, request.form, current_user)
    text = request.form.get("n_topics", "").strip()
    if selection.project is None:
        return _index(request.form, text, "Kies eerst een project.", 400)
    if selection.errors:
        return _index(request.form, text, "Controleer de filters: " + " ".join(selection.errors.values()), 400)
    if not text.isdigit() or not MIN_TOPICS <= int(text) <= MAX_TOPICS:
        return _index(request.form, text, f"Vul een aantal thema's in tussen {MIN_TOPICS} en {MAX_TOPICS}.", 400)
    try:
        check_enough(count_stories(session, selection.project, selection.story_filter, selection.region_id_set),
                     int(text))
    except ThemeError as error:
        return _index(request.form, text, error.message, 400)
    params = {key: request.form.getlist(key) for key in request.form if key != "csrf_token"}
    job = start_job(session, current_user, THEME_KIND, params, project_id=selection.project.id,
                    step_text="in de wachtrij")
    return redirect(url_for("jobs.show", job_id=job.id), code=303)


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
    """A pattern scan of one theme's stories, as a job like every scan started from the web."""
    session = get_session()
    run = get_or_404(ThemeRun, run_id)
    try:
        narrowed = theme_filter(run, topic)
    except ThemeError as error:
        return back_with_error(error, url_for("themes.show", run_id=run.id))
    query = FilterSelection(run.project, narrowed, None, date_from=narrowed.week_from).to_query()
    params = {key: value if isinstance(value, list) else [value] for key, value in query.items()}
    job = start_job(session, current_user, "pattern_scan", params, project_id=run.project_id, steps_total=2,
                    step_text="in de wachtrij")
    return redirect(url_for("jobs.show", job_id=job.id), code=303)
