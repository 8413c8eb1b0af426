"""The analysis dashboard, the stories behind its charts and a read-only story page.

Open to analysts, facilitators and viewers (admins pass every role check); viewers only ever see their
own regions. Every page is a GET with the filters in the URL, so a view can be bookmarked and shared.
"""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

from vertelpunt.accounts.access import role_required
from vertelpunt.cards.routes_patterns import ANALYST_ROLES
from vertelpunt.db import get_session, or_404
from vertelpunt.insights import list_rules, summary
from vertelpunt.insights.chips import filter_chips
from vertelpunt.insights.dashboard import chart_questions, question_charts, region_comparison
from vertelpunt.insights.dashboard_counts import dashboard_counts
from vertelpunt.insights.filters import choices, parse_filters
from vertelpunt.projects.visibility import visible_projects
from vertelpunt.insights.story_lists import StoryClick, StoryListError, search_words, story_page, visible_story
from vertelpunt.insights.story_view import story_view
from vertelpunt.moderate.routes import MODERATOR_ROLES
from vertelpunt.pagination import requested_page
from vertelpunt.small_groups import rule_for
from vertelpunt.models import UserRole

bp = Blueprint("insights", __name__, url_prefix="/beheer/analyse")
INSIGHT_ROLES = (UserRole.ANALYST, UserRole.FACILITATOR, UserRole.VIEWER)


def _privacy() -> dict:
    return rule_for(current_user)


@bp.get("/")
@role_required(*INSIGHT_ROLES)
def dashboard():
    session = get_session()
    selection = parse_filters(session, request.args, current_user)
    privacy = _privacy()
    form_choices = choices(session, selection)
    page = {"selection": selection, "choices": form_choices, "privacy": privacy, "query": selection.to_query(),
            "chips": filter_chips(selection, form_choices)}
    if selection.errors.get("region"):
        # A region the user may not see (or that does not exist): say so instead of showing the rest
        return render_template("insights/dashboard.html", region_blocked=True, **page), 400
    comparison, compare_error = None, None
    vs_question, vs_region = request.args.get("vs_question", ""), request.args.get("vs_region", "")
    if vs_question or vs_region:
        comparison = region_comparison(session, selection, vs_question, vs_region, **privacy) \
            if selection.project else None
        if comparison is None:
            compare_error = "Kies een vraag en een regio die bij dit project horen."
    status = 400 if selection.errors or compare_error else 200
    may_moderate = current_user.has_role(*MODERATOR_ROLES)
    counts = dashboard_counts(session, selection, **privacy)
    return render_template(
        "insights/dashboard.html", **page, counts=counts,
        summary=summary.period_summary(session, selection, **privacy, groups=counts.groups),
        cards=summary.newest_cards(session, selection) if selection.project else [],
        notable=summary.newest_notable(session, selection)
        if selection.project and current_user.has_role(*ANALYST_ROLES) else [],
        pending=summary.pending_count(session, selection) if selection.project and may_moderate else None,
        charts=question_charts(session, selection, **privacy),
        questions=chart_questions(selection.project) if selection.project else [],
        comparison=comparison, compare_error=compare_error, vs_question=vs_question, vs_region=vs_region,
    ), status


@bp.get("/verhalen")
@role_required(*INSIGHT_ROLES)
def stories():
    session = get_session()
    selection = parse_filters(session, request.args, current_user)
    q = (request.args.get("q") or "").strip()[:200]
    page_number = requested_page(request.args, "page")
    error = None
    try:
        click = StoryClick.from_args(request.args)
        result = story_page(session, selection, click, q, page_number, **_privacy())
    except StoryListError as problem:
        click, result, error = StoryClick(), None, str(problem)
    status = 400 if error or selection.errors else 200
    return render_template(
        "insights/stories.html", selection=selection, choices=choices(session, selection), click=click,
        q=q, words=search_words(q), result=result, error=error, query=selection.to_query(),
    ), status


@bp.get("/verhalen/<public_id>")
@role_required(*INSIGHT_ROLES)
def story(public_id: str):
    session = get_session()
    selection = parse_filters(session, request.args, current_user)
    project_ids = {p.id for p in visible_projects(session, selection.region_ids)}
    found = or_404(visible_story(session, public_id, selection.region_id_set, project_ids))
    back = url_for("insights.stories", **{**selection.to_query(), "project": found.project.slug})
    view = story_view(session, selection, found, **_privacy())
    rule_job = list_rules.ask(session, view.waiting, current_user) if view.waiting is not None else None
    return render_template("insights/story.html", story=found, view=view, back=back, privacy=_privacy(),
                           rule_job=rule_job)
