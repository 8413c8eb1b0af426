"""The plan of a chosen proposal on its staff page: tasks, preconditions and the rhythm of updates.

Each form posts here and comes back to the proposal's page (``#plan``); a mistake re-renders that page with
the message next to the field and everything typed still there. Facilitators and analysts change plans.
"""
from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import current_user

from vertelpunt.accounts.access import role_required
from vertelpunt.db import get_session, or_404
from vertelpunt.models import ProposalCondition, ProposalTask
from vertelpunt.proposals import plans
from vertelpunt.proposals.routes_staff import EDIT_ROLES, proposal_or_404, render_detail

bp = Blueprint("proposal_plans", __name__, url_prefix="/beheer/voorstellen/<int:proposal_id>/plan")


def _back(proposal_id: int, message: str):
    flash(message, "info")
    return redirect(url_for("proposals.detail", proposal_id=proposal_id) + "#plan")


def _refused(proposal, form: str, error: plans.PlanError, values: dict, field: str):
    """The proposal's page again with the form's mistake next to its field and what was typed still there."""
    return render_detail(proposal, 400, plan_form=form, plan_errors=error.errors or {field: error.message},
                         plan_values=values)


def _task(proposal, task_id: int) -> ProposalTask:
    task = get_session().get(ProposalTask, task_id)
    return or_404(task if task is not None and task.proposal_id == proposal.id else None)


def _condition(proposal, condition_id: int) -> ProposalCondition:
    condition = get_session().get(ProposalCondition, condition_id)
    return or_404(condition if condition is not None and condition.proposal_id == proposal.id else None)


@bp.post("/taken")
@role_required(*EDIT_ROLES)
def add_task(proposal_id: int):
    proposal = proposal_or_404(proposal_id)
    data = plans.TaskInput.from_form(request.form)
    try:
        plans.add_task(get_session(), proposal, data, current_user)
    except plans.PlanError as error:
        return _refused(proposal, "task", error, data.__dict__, "title")
    return _back(proposal.id, "De taak is toegevoegd.")


@bp.post("/taken/<int:task_id>/klaar")
@role_required(*EDIT_ROLES)
def finish_task(proposal_id: int, task_id: int):
    proposal = proposal_or_404(proposal_id)
    done = request.form.get("done") == "1"
    plans.finish_task(get_session(), proposal, _task(proposal, task_id), done, current_user)
    return _back(proposal.id, "De taak is afgevinkt." if done else "De taak staat weer open.")


@bp.post("/taken/<int:task_id>/weg")
@role_required(*EDIT_ROLES)
def remove_task(proposal_id: int, task_id: int):
    proposal = proposal_or_404(proposal_id)
    plans.remove_task(get_session(), proposal, _task(proposal, task_id), current_user)
    return _back(proposal.id, "De taak is weggehaald.")


@bp.post("/voorwaarden")
@role_required(*EDIT_ROLES)
def add_condition(proposal_id: int):
    proposal = proposal_or_404(proposal_id)
    values = {"kind": request.form.get("kind", ""), "text": request.form.get("text", "")}
    try:
        plans.add_condition(get_session(), proposal, values["kind"], values["text"], current_user)
    except plans.PlanError as error:
        return _refused(proposal, "condition", error, values, "text")
    return _back(proposal.id, "De voorwaarde is toegevoegd.")


@bp.post("/voorwaarden/<int:condition_id>/vervuld")
@role_required(*EDIT_ROLES)
def condition_met(proposal_id: int, condition_id: int):
    proposal = proposal_or_404(proposal_id)
    met = request.form.get("met") == "1"
    plans.set_condition_met(get_session(), proposal, _condition(proposal, condition_id), met, current_user)
    return _back(proposal.id, "De voorwaarde is vervuld." if met else "De voorwaarde staat weer open.")


@bp.post("/voorwaarden/<int:condition_id>/weg")
@role_required(*EDIT_ROLES)
def remove_condition(proposal_id: int, condition_id: int):
    proposal = proposal_or_404(proposal_id)
    plans.remove_condition(get_session(), proposal, _condition(proposal, condition_id), current_user)
    return _back(proposal.id, "De voorwaarde is weggehaald.")


@bp.post("/ritme")
@role_required(*EDIT_ROLES)
def rhythm(proposal_id: int):
    proposal = proposal_or_404(proposal_id)
    values = {"weeks": request.form.get("weeks", ""), "agreed": request.form.get("agreed") == "1"}
    try:
        plans.set_rhythm(get_session(), proposal, values["weeks"], values["agreed"], current_user)
    except plans.PlanError as error:
        return _refused(proposal, "rhythm", error, values, "weeks")
    return _back(proposal.id, "De afspraak over de voortgang is opgeslagen.")
