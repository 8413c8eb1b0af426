"""Staff pages for proposals: new (from a cluster, a note or a project), list, detail, edit, status, updates.

Facilitators and analysts (and admins) make and change proposals; viewers read those of their regions.
"""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from vertelpunt.accounts.access import role_required, visible_region_ids
from vertelpunt.db import get_or_404, get_session, or_404
from vertelpunt.models import Project, Proposal, Region, UserRole
from vertelpunt.projects.services import get_project
from vertelpunt.proposals import measures, plans
from vertelpunt.proposals.history import ACTION_LABELS, describe
from vertelpunt.proposals.queries import ProposalFilter, list_proposals, visible
from vertelpunt.proposals.report import KIND_LABELS
from vertelpunt.proposals.services import (
    ProposalError, ProposalInput, Provenance, create_proposal, edit_proposal, provenance_from_cluster,
    provenance_from_note,
)
from vertelpunt.proposals.status import STATUS_LABELS, StatusError, allowed_next, change_status, is_overdue
from vertelpunt.proposals.updates import UpdateError, add_update, latest_update
from vertelpunt.small_groups import rule_for

bp = Blueprint("proposals", __name__, url_prefix="/beheer/voorstellen")
EDIT_ROLES = (UserRole.FACILITATOR, UserRole.ANALYST)
READ_ROLES = (UserRole.FACILITATOR, UserRole.ANALYST, UserRole.VIEWER)


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    if not value:
        return None
    if not value.isdigit():
        abort(404)
    return int(value)


def _provenance() -> Provenance:
    session = get_session()
    cluster_id, note_id = _int_arg("cluster"), _int_arg("note")
    if cluster_id is not None:
        provenance = provenance_from_cluster(session, cluster_id)
    elif note_id is not None:
        provenance = provenance_from_note(session, note_id)
    else:
        project = get_project(session, request.args.get("project", ""))
        provenance = Provenance(project=project) if project is not None else None
    if provenance is None:
        abort(404)
    return provenance


def _render_form(provenance: Provenance, data: ProposalInput, errors: dict[str, str], code: int = 200):
    return render_template(
        "proposals/new.html", provenance=provenance, data=data, errors=errors,
        regions=provenance.project.regions, today=date.today(), kind_labels=KIND_LABELS,
    ), code


@bp.route("/nieuw", methods=["GET", "POST"])
@role_required(*EDIT_ROLES)
def new():
    provenance = _provenance()
    if request.method == "GET":
        return _render_form(provenance, provenance.prefill(), {})
    data = ProposalInput.from_form(request.form)
    session = get_session()
    try:
        proposal = create_proposal(session, provenance, data, current_user)
    except ProposalError as error:
        return _render_form(provenance, data, error.errors, 400)
    flash("Het voorstel is opgeslagen.", "info")
    return redirect(url_for("proposals.detail", proposal_id=proposal.id))


@bp.get("/")
@role_required(*READ_ROLES)
def index():
    session = get_session()
    filters = ProposalFilter.from_args(request.args)
    proposals = list_proposals(session, filters, visible_region_ids(current_user))
    return render_template(
        "proposals/list.html", proposals=proposals, filters=filters, labels=STATUS_LABELS,
        projects=session.query(Project).order_by(Project.title).all(), regions=_visible_regions(session),
        is_overdue=is_overdue, latest_update=latest_update,
    )


def _visible_regions(session) -> list[Region]:
    region_ids = visible_region_ids(current_user)
    regions = session.query(Region).order_by(Region.name).all()
    return [r for r in regions if region_ids is None or r.id in region_ids]


def proposal_or_404(proposal_id: int) -> Proposal:
    proposal = get_or_404(Proposal, proposal_id)
    return or_404(proposal if visible(proposal, visible_region_ids(current_user)) else None)


def render_detail(proposal: Proposal, code: int = 200, *, edit: ProposalInput | None = None,
                   edit_errors: dict | None = None, status_error: str = "", update_error: dict | None = None,
                   update_values: dict | None = None, measure_values: dict | None = None,
                   measure_errors: dict | None = None, plan_form: str = "", plan_errors: dict | None = None,
                   plan_values: dict | None = None):
    """The proposal's page; a form that failed shows its errors and what was typed (``plan_form`` names which
    of the plan's forms: "task", "condition" or "rhythm")."""
    session = get_session()
    rule = rule_for(current_user)
    measurable = measures.measurable_questions(proposal)
    return render_template(
        "proposals/detail.html", proposal=proposal, labels=STATUS_LABELS, overdue=is_overdue(proposal),
        next_statuses=allowed_next(proposal.status), may_edit=current_user.has_role(*EDIT_ROLES),
        edit=edit or ProposalInput.from_proposal(proposal), edit_errors=edit_errors or {},
        status_error=status_error, update_error=update_error or {},
        update_values=update_values or {"on": date.today().isoformat(), "text": ""},
        describe=describe, action_labels=ACTION_LABELS, regions=proposal.project.regions, today=date.today(), kind_labels=KIND_LABELS,
        measure_report=measures.measure_report(session, proposal, min_group=rule["min_group"], suppress=rule["suppress"],
                                               known=measurable),
        measure_values=measure_values or _measure_values(proposal), measure_errors=measure_errors or {},
        measurable=measurable, measure_regions=measures.region_options(session, proposal),
        direction_labels=measures.DIRECTION_LABELS,
        may_plan=plans.may_plan(proposal), next_update=plans.next_update_on(proposal),
        condition_labels=plans.CONDITION_LABELS, plan_form=plan_form, plan_errors=plan_errors or {},
        plan_values=plan_values or {}, max_weeks=plans.MAX_WEEKS,
    ), code


def _measure_values(proposal: Proposal, form=None) -> dict:
    """The plan form's values: as typed (``form``), else the stored plan, with a row per question slot."""
    if form is not None:
        rows = [(form.get(f"question_{i}", ""), form.get(f"direction_{i}", measures.HIGHER))
                for i in range(1, measures.MAX_QUESTIONS + 1)]
        return {"questions": rows, "starts_on": form.get("starts_on", "").strip(), "region_keys": form.getlist("region")}
    measure = proposal.measure
    rows = [(q["key"], q["direction"]) for q in measure.questions] if measure else []
    rows += [("", measures.HIGHER)] * (measures.MAX_QUESTIONS - len(rows))
    return {"questions": rows, "starts_on": measure.starts_on.isoformat() if measure else "",
            "region_keys": list(measure.region_keys) if measure else []}


@bp.get("/<int:proposal_id>")
@role_required(*READ_ROLES)
def detail(proposal_id: int):
    return render_detail(proposal_or_404(proposal_id))


@bp.post("/<int:proposal_id>/bewerken")
@role_required(*EDIT_ROLES)
def edit(proposal_id: int):
    proposal = proposal_or_404(proposal_id)
    data = ProposalInput.from_form(request.form)
    session = get_session()
    try:
        changes = edit_proposal(session, proposal, data, current_user)
    except ProposalError as error:
        return render_detail(proposal, 400, edit=data, edit_errors=error.errors)
    flash("De wijzigingen zijn opgeslagen." if changes else "Er was niets gewijzigd.", "info")
    return redirect(url_for("proposals.detail", proposal_id=proposal.id))


@bp.post("/<int:proposal_id>/status")
@role_required(*EDIT_ROLES)
def status(proposal_id: int):
    proposal = proposal_or_404(proposal_id)
    session = get_session()
    try:
        change_status(session, proposal, request.form.get("status", ""), current_user, request.form.get("reason", ""))
    except StatusError as error:
        return render_detail(proposal, 400, status_error=error.message)
    flash(f"Nieuwe status: {STATUS_LABELS[proposal.status].lower()}.", "info")
    return redirect(url_for("proposals.detail", proposal_id=proposal.id))


@bp.post("/<int:proposal_id>/update")
@role_required(*EDIT_ROLES)
def update(proposal_id: int):
    proposal = proposal_or_404(proposal_id)
    session = get_session()
    values = {"on": request.form.get("on", "").strip(), "text": request.form.get("text", "")}
    try:
        add_update(session, proposal, values["text"], values["on"], current_user)
    except UpdateError as error:
        return render_detail(proposal, 400, update_error={error.field: error.message}, update_values=values)
    flash("De update is opgeslagen.", "info")
    return redirect(url_for("proposals.detail", proposal_id=proposal.id) + "#updates")


@bp.post("/<int:proposal_id>/meting")
@role_required(*EDIT_ROLES)
def measure(proposal_id: int):
    proposal = proposal_or_404(proposal_id)
    values = _measure_values(proposal, request.form)
    data = measures.MeasureInput(questions=values["questions"], starts_on=values["starts_on"],
                                 region_keys=values["region_keys"])
    try:
        measures.save_measure(get_session(), proposal, data, current_user)
    except measures.MeasureError as error:
        return render_detail(proposal, 400, measure_values=values, measure_errors=error.errors)
    flash("De hermeting is opgeslagen.", "info")
    return redirect(url_for("proposals.detail", proposal_id=proposal.id) + "#hermeting")


@bp.post("/<int:proposal_id>/meting/weg")
@role_required(*EDIT_ROLES)
def remove_measure(proposal_id: int):
    proposal = proposal_or_404(proposal_id)
    measures.remove_measure(get_session(), proposal, current_user)
    flash("De hermeting is weggehaald.", "info")
    return redirect(url_for("proposals.detail", proposal_id=proposal.id) + "#hermeting")
