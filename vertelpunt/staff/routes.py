"""The staff start page and the project settings admins keep up to date."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from vertelpunt.accounts.access import STAFF_ROLES, role_required, visible_region_ids
from vertelpunt.db import get_session, or_404
from vertelpunt.facilitate.routes_staff import READ_ROLES as SESSION_ROLES
from vertelpunt.moderate.routes import MODERATOR_ROLES
from vertelpunt.proposals.routes_staff import READ_ROLES as PROPOSAL_ROLES
from vertelpunt.small_groups import rule_for
from vertelpunt.staff import todo
from vertelpunt.staff.project_counts import shown_counts
from vertelpunt.projects import privacy
from vertelpunt.projects.services import get_project, project_summaries
from vertelpunt.models import UserRole

bp = Blueprint("staff", __name__, url_prefix="/beheer")


@bp.get("/")
@role_required(*STAFF_ROLES)
def overview():
    """What needs doing first, each count only for roles that may open the list it links to; then the projects."""
    session = get_session()
    region_ids = visible_region_ids(current_user)
    summaries = project_summaries(session, region_ids=region_ids)
    missing = {s.project.id: privacy.missing_labels(s.project) for s in summaries} if current_user.is_admin else {}
    tasks = {}
    if current_user.has_role(*MODERATOR_ROLES):
        tasks["review"] = todo.stories_to_review(session)
    if current_user.has_role(*PROPOSAL_ROLES):
        tasks["overdue"] = todo.proposals_over_date(session, region_ids)
    if current_user.has_role(*SESSION_ROLES):
        tasks["sessions"] = todo.sessions_coming_up(session)
    rule = rule_for(current_user)
    counts = {s.project.id: shown_counts(s, rule["min_group"], rule["suppress"]) for s in summaries}
    return render_template("staff/overview.html", summaries=summaries, privacy_missing=missing, tasks=tasks,
                           counts=counts, min_group=rule["min_group"])


@bp.route("/projecten/<slug>/privacy", methods=["GET", "POST"])
@role_required(UserRole.ADMIN)
def project_privacy(slug: str):
    """Who is responsible for the project's stories, as its public privacy statement shows it."""
    session = get_session()
    project = or_404(get_project(session, slug))
    if request.method == "GET":
        return _privacy_form(project, privacy.current_values(project), {})
    values = {name: request.form.get(name, "") for name in privacy.FIELD_NAMES}
    try:
        changed = privacy.update_privacy_contacts(session, project, values, current_user)
    except privacy.PrivacyContactsError as error:
        return _privacy_form(project, values, error.errors, 400)
    flash("De privacygegevens zijn opgeslagen." if changed else "Er was niets veranderd.", "info")
    return redirect(url_for("staff.project_privacy", slug=project.slug))


def _privacy_form(project, values, errors, status=200):
    return render_template("staff/project_privacy.html", project=project, values=values, errors=errors,
                           fields=privacy.FIELDS, missing=privacy.missing_labels(project)), status
