"""The public follow-up page of a project: what happened with the stories. No login needed."""
from __future__ import annotations

from flask import Blueprint, render_template

from vertelpunt.db import get_session, or_404
from vertelpunt.models import ConditionKind, Proposal
from vertelpunt.projects.services import get_project
from vertelpunt.proposals.measures import measure_report
from vertelpunt.proposals.public import public_list, public_one
from vertelpunt.small_groups import threshold

bp = Blueprint("proposals_public", __name__, url_prefix="/v/<slug>/opvolging")


def _project(slug: str):
    return or_404(get_project(get_session(), slug))


@bp.get("/")
def index(slug: str):
    project = _project(slug)
    return render_template("proposals/public_list.html", project=project, proposals=public_list(get_session(), project))


@bp.get("/<int:proposal_id>")
def show(slug: str, proposal_id: int):
    project = _project(slug)
    session = get_session()
    proposal = or_404(public_one(session, project, proposal_id))
    # The public sees what a viewer sees: small groups hidden, at the installation's threshold.
    stored = session.get(Proposal, proposal.id)
    report = measure_report(session, stored, min_group=threshold(), suppress=True)
    # The plan's tasks and preconditions, without the names of who does them (only the proposal's owner may
    # be named in public, and only when they agreed).
    return render_template("proposals/public_show.html", project=project, proposal=proposal, measure_report=report,
                           tasks=stored.tasks, conditions=stored.conditions, condition_labels=ConditionKind.labels())
