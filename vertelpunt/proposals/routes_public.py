"""The public follow-up page of a project: what happened with the stories. No login needed."""
from __future__ import annotations

from flask import Blueprint, render_template

from vertelpunt.db import get_session, or_404
from vertelpunt.projects.services import get_project
from vertelpunt.proposals.public import public_list, public_one

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
    proposal = or_404(public_one(get_session(), project, proposal_id))
    return render_template("proposals/public_show.html", project=project, proposal=proposal)
