"""From proposal to plan: tasks, preconditions and a rhythm for progress updates (seed 003, step four).

Regions choose plans from the proposals and make "concrete afspraken over taakverdeling, randvoorwaarden en
communicatie over de voortgang". A plan belongs to a proposal that was chosen (or is being carried out or was
realised): a proposal that is only proposed, parked or rejected has nothing to plan yet. Every change is in
the audit trail; the rules that decide when a reminder is due live in ``proposals/reminders.py``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from vertelpunt.audit.services import record
from vertelpunt.errors import VertelpuntError
from vertelpunt.models import ConditionKind, Proposal, ProposalCondition, ProposalPlan, ProposalStatus, ProposalTask
from vertelpunt.proposals.services import EMAIL_PATTERN

PLANNED_STATUSES = (ProposalStatus.CHOSEN.value, ProposalStatus.IN_PROGRESS.value, ProposalStatus.REALISED.value)
MAX_WEEKS = 52
CONDITION_LABELS = ConditionKind.labels()


class PlanError(VertelpuntError):
    """A task, precondition or rhythm that cannot be stored; the message is Dutch, per field."""


@dataclass(frozen=True)
class TaskInput:
    title: str
    owner_name: str
    owner_email: str
    due_on: str

    @classmethod
    def from_form(cls, form) -> TaskInput:
        return cls(*(form.get(name, "").strip() for name in ("title", "owner_name", "owner_email", "due_on")))


def may_plan(proposal: Proposal) -> bool:
    return proposal.status in PLANNED_STATUSES


def _refuse_unless_planned(proposal: Proposal) -> None:
    if not may_plan(proposal):
        raise PlanError("Een plan hoort bij een gekozen voorstel. Kies het voorstel eerst (status 'Gekozen').")


def plan_of(session: Session, proposal: Proposal, today: date | None = None) -> ProposalPlan:
    """The proposal's plan, made (flushed) when it has none: the rhythm then counts from ``today``."""
    if proposal.plan is None:
        session.add(ProposalPlan(proposal=proposal, starts_on=today or date.today(), reminders_agreed=False))
        session.flush()
    return proposal.plan


def add_task(session: Session, proposal: Proposal, data: TaskInput, user, today: date | None = None) -> ProposalTask:
    _refuse_unless_planned(proposal)
    errors: dict[str, str] = {}
    if not data.title:
        errors["title"] = "Vul in wat er moet gebeuren."
    elif len(data.title) > 200:
        errors["title"] = "De taak is te lang (hoogstens 200 tekens)."
    if not data.owner_name:
        errors["owner_name"] = "Vul in wie de taak doet."
    elif len(data.owner_name) > 120:
        errors["owner_name"] = "De naam is te lang (hoogstens 120 tekens)."
    email = data.owner_email or None
    if email and (len(email) > 254 or not EMAIL_PATTERN.match(email)):
        errors["owner_email"] = "Dit is geen geldig e-mailadres. Bijvoorbeeld: naam@organisatie.nl."
    try:
        due_on = date.fromisoformat(data.due_on)
    except ValueError:
        errors["due_on"] = "Vul een datum in als JJJJ-MM-DD, bijvoorbeeld 2027-03-01."
        due_on = None
    if errors:
        raise PlanError.per_field(errors)
    plan_of(session, proposal, today)
    task = ProposalTask(proposal=proposal, title=data.title, owner_name=data.owner_name, owner_email=email,
                        due_on=due_on)
    session.add(task)
    session.flush()
    record(session, "proposal.task_added", "proposal", proposal.id, user, {"task": task.id, "due_on": data.due_on})
    return task


def finish_task(session: Session, proposal: Proposal, task: ProposalTask, done: bool, user,
                today: date | None = None) -> None:
    """Mark a task done (today) or open again."""
    task.done_on = (today or date.today()) if done else None
    session.flush()
    record(session, "proposal.task_done" if done else "proposal.task_reopened", "proposal", proposal.id, user,
           {"task": task.id})


def remove_task(session: Session, proposal: Proposal, task: ProposalTask, user) -> None:
    session.delete(task)
    session.flush()
    record(session, "proposal.task_removed", "proposal", proposal.id, user, {"task": task.id})


def add_condition(session: Session, proposal: Proposal, kind: str, text: str, user,
                  today: date | None = None) -> ProposalCondition:
    _refuse_unless_planned(proposal)
    text = (text or "").strip()
    errors = {}
    if kind not in CONDITION_LABELS:
        errors["kind"] = "Kies een soort voorwaarde uit de lijst."
    if not text:
        errors["text"] = "Beschrijf de voorwaarde, bijvoorbeeld 'geld voor twee extra medewerkers'."
    elif len(text) > 300:
        errors["text"] = "De voorwaarde is te lang (hoogstens 300 tekens)."
    if errors:
        raise PlanError.per_field(errors)
    plan_of(session, proposal, today)
    condition = ProposalCondition(proposal=proposal, kind=kind, text=text, met=False)
    session.add(condition)
    session.flush()
    record(session, "proposal.condition_added", "proposal", proposal.id, user, {"condition": condition.id, "kind": kind})
    return condition


def set_condition_met(session: Session, proposal: Proposal, condition: ProposalCondition, met: bool, user) -> None:
    condition.met = met
    session.flush()
    record(session, "proposal.condition_met" if met else "proposal.condition_open", "proposal", proposal.id, user,
           {"condition": condition.id})


def remove_condition(session: Session, proposal: Proposal, condition: ProposalCondition, user) -> None:
    session.delete(condition)
    session.flush()
    record(session, "proposal.condition_removed", "proposal", proposal.id, user, {"condition": condition.id})


def set_rhythm(session: Session, proposal: Proposal, weeks_text: str, agreed: bool, user,
               today: date | None = None) -> ProposalPlan:
    """Every how many weeks an update is expected (empty: no rhythm), and whether the owners agreed to e-mails."""
    _refuse_unless_planned(proposal)
    weeks_text = (weeks_text or "").strip()
    if weeks_text and not (weeks_text.isdigit() and 1 <= int(weeks_text) <= MAX_WEEKS):
        raise PlanError(f"Vul een aantal weken in van 1 tot {MAX_WEEKS}, of laat het leeg.", "weeks")
    plan = plan_of(session, proposal, today)
    plan.update_every_weeks = int(weeks_text) if weeks_text else None
    plan.reminders_agreed = bool(agreed)
    session.flush()
    record(session, "proposal.rhythm", "proposal", proposal.id, user,
           {"weeks": plan.update_every_weeks, "reminders": plan.reminders_agreed})
    return plan


def next_update_on(proposal: Proposal) -> date | None:
    """When the next progress update is due: the rhythm counted from the latest update, or from the plan's start."""
    plan = proposal.plan
    if plan is None or not plan.update_every_weeks:
        return None
    latest = max((update.on for update in proposal.updates), default=None)
    start = max(latest, plan.starts_on) if latest else plan.starts_on
    return start + timedelta(weeks=plan.update_every_weeks)
