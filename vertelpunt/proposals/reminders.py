"""E-mail reminders for plans: an update or a task that is due within a week, and one that is over its date.

Only owners who agreed get them (``ProposalPlan.reminders_agreed``, set by the facilitator who made the
agreement), only for proposals that are chosen or being carried out, and each (subject, due date, stage) is
sent once: ``plan_reminders`` remembers what went out, so the daily run (``vertelpunt reminders`` from cron,
or the worker's periodic task) can run as often as it likes. Mail goes through the SMTP server in the
settings (``VERTELPUNT_SMTP_*``) with the standard library; the log says how many, never to whom.
"""
from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import date, timedelta
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from vertelpunt.errors import VertelpuntError
from vertelpunt.models import PlanReminder, Proposal, ProposalPlan, ProposalStatus
from vertelpunt.proposals.plans import next_update_on

log = logging.getLogger(__name__)
#: A reminder that something is due comes this many days before its date.
DAYS_AHEAD = 7
ACTIVE_STATUSES = (ProposalStatus.CHOSEN.value, ProposalStatus.IN_PROGRESS.value)
DUE, OVERDUE = "due", "overdue"


class ReminderError(VertelpuntError):
    """Reminders cannot be sent (no mail server set, or it refused); the message is Dutch."""


@dataclass(frozen=True)
class Reminder:
    proposal_id: int
    subject_key: str  # "update" or "task:<id>"
    due_on: date
    stage: str
    to: str
    subject: str
    body: str


def _stage(due_on: date, today: date) -> str | None:
    if today > due_on:
        return OVERDUE
    if today >= due_on - timedelta(days=DAYS_AHEAD):
        return DUE
    return None


def _link(base_url: str | None, proposal: Proposal) -> str:
    return f"\n\nHet voorstel: {base_url.rstrip('/')}/beheer/voorstellen/{proposal.id}" if base_url else ""


def due_reminders(session: Session, today: date, base_url: str | None = None) -> list[Reminder]:
    """Every reminder that should go out today and has not gone out before."""
    sent = {(r.proposal_id, r.subject, r.due_on, r.stage) for r in session.scalars(select(PlanReminder))}
    plans = session.scalars(select(ProposalPlan).join(Proposal).where(
        ProposalPlan.reminders_agreed.is_(True), Proposal.status.in_(ACTIVE_STATUSES)))
    found = []
    for plan in plans:
        proposal = plan.proposal
        due = next_update_on(proposal)
        stage = _stage(due, today) if due else None
        if stage and proposal.owner_email:
            words = "is over datum" if stage == OVERDUE else "komt eraan"
            found.append(Reminder(
                proposal.id, "update", due, stage, proposal.owner_email,
                f"Vertelpunt: de voortgang van '{proposal.title}' {words}",
                f"Beste {proposal.owner_name},\n\nVolgens de afspraak vertel je elke {plan.update_every_weeks} weken "
                f"wat er met het voorstel '{proposal.title}' is gebeurd. De volgende keer is {due:%d-%m-%Y}"
                f"{' en die datum is voorbij' if stage == OVERDUE else ''}. Schrijf een korte update op de pagina "
                f"van het voorstel, of vraag de facilitator dat te doen.{_link(base_url, proposal)}\n\n"
                "Je krijgt dit bericht omdat je hebt afgesproken herinneringen te ontvangen."))
        for task in proposal.tasks:
            to = task.owner_email or proposal.owner_email
            stage = None if task.done_on else _stage(task.due_on, today)
            if stage and to:
                words = "is over datum" if stage == OVERDUE else "moet binnenkort af"
                found.append(Reminder(
                    proposal.id, f"task:{task.id}", task.due_on, stage, to,
                    f"Vertelpunt: taak '{task.title}' {words}",
                    f"Beste {task.owner_name},\n\nDe taak '{task.title}' voor het voorstel '{proposal.title}' moet "
                    f"af op {task.due_on:%d-%m-%Y}{' en die datum is voorbij' if stage == OVERDUE else ''}. Is hij "
                    f"klaar? Laat het de facilitator weten, dan wordt hij afgevinkt.{_link(base_url, proposal)}\n\n"
                    "Je krijgt dit bericht omdat je hebt afgesproken herinneringen te ontvangen."))
    return [r for r in found if (r.proposal_id, r.subject_key, r.due_on, r.stage) not in sent]


def _message(reminder: Reminder, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, reminder.to, reminder.subject
    message.set_content(reminder.body)
    return message


@dataclass(frozen=True)
class Sent:
    reminders: list[Reminder]
    error: str | None = None  # Dutch: the mail server failed after ``reminders`` went out


def send_reminders(session: Session, config, today: date) -> Sent:
    """Send today's reminders through the configured SMTP server and remember each one sent (flushed).

    A server that fails half-way leaves the ones already sent remembered (the caller commits them), so the next
    run sends only the rest."""
    host = config.get("SMTP_HOST")
    if not host:
        raise ReminderError("Er is geen mailserver ingesteld: zet VERTELPUNT_SMTP_HOST (en zo nodig _PORT, _USER, "
                            "_PASSWORD, _FROM en _STARTTLS).")
    reminders = due_reminders(session, today, config.get("BASE_URL"))
    sent: list[Reminder] = []
    if not reminders:
        return Sent(sent)
    try:
        with smtplib.SMTP(host, int(config.get("SMTP_PORT") or 25), timeout=30) as smtp:
            if config.get("SMTP_STARTTLS"):
                smtp.starttls()
            if config.get("SMTP_USER"):
                smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD") or "")
            for reminder in reminders:
                smtp.send_message(_message(reminder, config.get("SMTP_FROM") or "vertelpunt@localhost"))
                session.add(PlanReminder(proposal_id=reminder.proposal_id, subject=reminder.subject_key,
                                         due_on=reminder.due_on, stage=reminder.stage, sent_on=today))
                sent.append(reminder)
    except (OSError, smtplib.SMTPException) as error:
        session.flush()
        log.warning("reminders: %s sent, then the mail server failed (%s)", len(sent), type(error).__name__)
        return Sent(sent, f"De mailserver {host} weigerde of was niet bereikbaar na {len(sent)} berichten; "
                          "de rest gaat bij de volgende keer.")
    session.flush()
    log.info("reminders: %s sent", len(sent))
    return Sent(sent)
