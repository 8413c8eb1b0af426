"""Projects in the browser: list, create, edit title, intro and regions, close and reopen.

The privacy details have their own page (staff.project_privacy); everything here calls
vertelpunt/projects/services.py, which the CLI calls too.
"""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from vertelpunt.accounts.access import role_required
from vertelpunt.db import get_session, or_404
from vertelpunt.models import Region, StoryForm, UserRole
from vertelpunt.projects.services import (
    ProjectError,
    create_project,
    get_project,
    project_summaries,
    set_project_status,
    update_project,
)

bp = Blueprint("admin_projects", __name__, url_prefix="/beheer/projecten")


def all_regions(session) -> list[Region]:
    return list(session.scalars(select(Region).order_by(Region.name)))


def form_keys(session) -> list[str]:
    return sorted(set(session.scalars(select(StoryForm.key))))


@bp.get("/")
@role_required(UserRole.ADMIN)
def index():
    return render_template("admin/projects.html", summaries=project_summaries(get_session()))


@bp.route("/nieuw", methods=["GET", "POST"])
@role_required(UserRole.ADMIN)
def new():
    session = get_session()
    keys = form_keys(session)
    values = {"slug": "", "title": "", "intro": "", "form_key": keys[0] if keys else "", "regions": []}
    if request.method == "POST":
        values = {"slug": request.form.get("slug", "").strip(), "title": request.form.get("title", "").strip(),
                  "intro": request.form.get("intro", ""), "form_key": request.form.get("form_key", ""),
                  "regions": request.form.getlist("regions")}
        try:
            if not values["title"]:
                raise ProjectError("Geef het project een titel.")
            if not values["regions"]:
                raise ProjectError("Kies minstens één regio.")
            project = create_project(session, values["slug"], values["title"], values["form_key"],
                                     values["regions"], intro=values["intro"], user=current_user)
        except ProjectError as error:
            return render_template("admin/project_form.html", values=values, error=str(error), project=None,
                                   regions=all_regions(session), form_keys=keys), 400
        flash(f"Project '{project.title}' is gemaakt.", "info")
        return redirect(url_for("admin_projects.edit", slug=project.slug))
    return render_template("admin/project_form.html", values=values, error=None, project=None,
                           regions=all_regions(session), form_keys=keys)


@bp.route("/<slug>", methods=["GET", "POST"])
@role_required(UserRole.ADMIN)
def edit(slug: str):
    session = get_session()
    project = or_404(get_project(session, slug))
    values = {"title": project.title, "intro": project.intro, "regions": [r.key for r in project.regions]}
    if request.method == "POST":
        values = {"title": request.form.get("title", ""), "intro": request.form.get("intro", ""),
                  "regions": request.form.getlist("regions")}
        try:
            changed = update_project(session, project, values["title"], values["intro"], values["regions"],
                                     user=current_user)
        except ProjectError as error:
            return render_template("admin/project_form.html", values=values, error=str(error), project=project,
                                   regions=all_regions(session), form_keys=[]), 400
        flash("Het project is opgeslagen." if changed else "Er was niets veranderd.", "info")
        return redirect(url_for("admin_projects.edit", slug=slug))
    return render_template("admin/project_form.html", values=values, error=None, project=project,
                           regions=all_regions(session), form_keys=[])


@bp.post("/<slug>/status")
@role_required(UserRole.ADMIN)
def status(slug: str):
    session = get_session()
    project = or_404(get_project(session, slug))
    wanted = request.form.get("status", "")
    try:
        changed = set_project_status(session, project, wanted, user=current_user)
    except ProjectError as error:
        values = {"title": project.title, "intro": project.intro, "regions": [r.key for r in project.regions]}
        return render_template("admin/project_form.html", values=values, error=str(error), project=project,
                               regions=all_regions(session), form_keys=[]), 400
    if changed:
        flash("Het project is gesloten: er komen geen verhalen meer binnen." if wanted == "closed"
              else "Het project is weer open voor verhalen.", "info")
    return redirect(url_for("admin_projects.edit", slug=slug))
