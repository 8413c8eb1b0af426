"""From proposal to plan: tasks, preconditions and a rhythm, and reminders that reach a real SMTP server once."""
from __future__ import annotations

import socket
import time
from datetime import date

import pytest
from sqlalchemy import select

from vertelpunt.models import PlanReminder, ProposalTask
from vertelpunt.proposals import plans
from vertelpunt.proposals.reminders import due_reminders, send_reminders
from vertelpunt.proposals.status import change_status
from vertelpunt.proposals.updates import add_update


@pytest.fixture
def chosen(session, make_proposal, make_user):
    user = make_user("facilitator")
    proposal = make_proposal(user)
    change_status(session, proposal, "chosen", user)
    session.commit()
    return proposal, user


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps every message it receives."""
    from aiosmtpd.controller import Controller

    class Keep:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, smtp_session, envelope):
            self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Keep()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


def _task(**overrides):
    values = {"title": "Tekst van het bericht schrijven", "owner_name": "Sanne", "owner_email": "sanne@example.org",
              "due_on": "2026-12-10"}
    values.update(overrides)
    return plans.TaskInput(**values)


def test_a_plan_belongs_to_a_chosen_proposal(session, make_proposal, make_user):
    user = make_user("facilitator")
    proposal = make_proposal(user)
    with pytest.raises(plans.PlanError, match="gekozen voorstel"):
        plans.add_task(session, proposal, _task(), user)
    assert session.scalar(select(ProposalTask)) is None


def test_tasks_conditions_and_rhythm_are_checked_in_dutch(session, chosen):
    proposal, user = chosen
    with pytest.raises(plans.PlanError) as refused:
        plans.add_task(session, proposal, _task(title="", owner_email="geen-adres", due_on="volgende week"), user)
    assert set(refused.value.errors) == {"title", "owner_email", "due_on"}
    with pytest.raises(plans.PlanError, match="soort voorwaarde"):
        plans.add_condition(session, proposal, "geluk", "Veel geluk", user)
    with pytest.raises(plans.PlanError, match="1 tot 52"):
        plans.set_rhythm(session, proposal, "0", True, user)
    task = plans.add_task(session, proposal, _task(), user, today=date(2026, 11, 1))
    condition = plans.add_condition(session, proposal, "budget", "Geld voor het versturen", user)
    plans.set_rhythm(session, proposal, "8", True, user, today=date(2026, 11, 1))
    assert plans.next_update_on(proposal) == date(2026, 12, 27)  # eight weeks after the plan was made
    add_update(session, proposal, "Het bericht is klaar.", date(2026, 11, 20), user, today=date(2026, 11, 20))
    session.flush()
    session.refresh(proposal)
    assert plans.next_update_on(proposal) == date(2027, 1, 15)  # eight weeks after the latest update
    plans.finish_task(session, proposal, task, True, user, today=date(2026, 11, 25))
    plans.set_condition_met(session, proposal, condition, True, user)
    assert task.done_on == date(2026, 11, 25) and condition.met


def test_reminders_go_once_and_only_to_owners_who_agreed(session, chosen, smtp_server, app):
    proposal, user = chosen
    handler, port = smtp_server
    plans.add_task(session, proposal, _task(due_on="2026-12-04"), user, today=date(2026, 11, 1))
    plans.add_task(session, proposal, _task(title="Later werk", due_on="2027-03-01"), user, today=date(2026, 11, 1))
    plans.set_rhythm(session, proposal, "4", False, user, today=date(2026, 11, 1))
    session.commit()
    assert due_reminders(session, date(2026, 12, 1)) == []  # not agreed: nothing
    plans.set_rhythm(session, proposal, "4", True, user)
    session.commit()
    config = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": port, "SMTP_FROM": "vertelpunt@example.org",
              "BASE_URL": "https://vertelpunt.example.nl"}
    sent = send_reminders(session, config, date(2026, 12, 1))
    session.commit()
    subjects = sorted(r.subject for r in sent.reminders)
    assert subjects == ["Vertelpunt: de voortgang van 'Wachttijd laten zien' is over datum",
                        "Vertelpunt: taak 'Tekst van het bericht schrijven' moet binnenkort af"]
    for _ in range(50):
        if len(handler.messages) == 2:
            break
        time.sleep(0.05)
    recipients = sorted(to[0] for to, _ in handler.messages)
    assert recipients == ["petra@enschede.example", "sanne@example.org"]
    body = next(text for to, text in handler.messages if to == ["sanne@example.org"])
    assert "04-12-2026" in body and "https://vertelpunt.example.nl/beheer/voorstellen/" in body
    assert send_reminders(session, config, date(2026, 12, 2)).reminders == []  # sent once, not every day
    later = send_reminders(session, config, date(2026, 12, 5))  # the task is now over its date: one more
    assert [r.stage for r in later.reminders] == ["overdue"]
    session.commit()
    assert session.query(PlanReminder).count() == 3


def test_the_reminders_command_says_what_is_missing_and_sends_through_the_server(run, app, session, chosen,
                                                                                 smtp_server, monkeypatch):
    proposal, user = chosen
    handler, port = smtp_server
    plans.add_task(session, proposal, _task(due_on="2026-12-04"), user)
    plans.set_rhythm(session, proposal, "", True, user)
    session.commit()
    missing = run("reminders", "--today", "2026-12-01", ok=False)
    assert "VERTELPUNT_SMTP_HOST" in missing.output
    assert "1 herinnering zou worden verstuurd" in run("reminders", "--today", "2026-12-01", "--dry-run").output
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")  # the command runs in the suite's app
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    assert "1 herinnering verstuurd" in run("reminders", "--today", "2026-12-01").output
    assert "0 herinneringen verstuurd" in run("reminders", "--today", "2026-12-01").output
    assert run("reminders", "--today", "1 december", ok=False).output.count("JJJJ-MM-DD") == 1


def test_the_plan_forms_keep_what_was_typed_and_show_the_plan(session, chosen, staff, client):
    proposal, _ = chosen
    staff("analyst")
    bad = client.post(f"/beheer/voorstellen/{proposal.id}/plan/taken",
                      data={"title": "Bericht schrijven", "owner_name": "", "due_on": "2026-12-10"})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "Vul in wie de taak doet." in page and 'value="Bericht schrijven"' in page
    assert client.post(f"/beheer/voorstellen/{proposal.id}/plan/taken",
                       data={"title": "Bericht schrijven", "owner_name": "Sanne", "due_on": "2026-12-10"}
                       ).status_code == 302
    assert client.post(f"/beheer/voorstellen/{proposal.id}/plan/voorwaarden",
                       data={"kind": "decision", "text": "Het college moet instemmen"}).status_code == 302
    bad_rhythm = client.post(f"/beheer/voorstellen/{proposal.id}/plan/ritme", data={"weeks": "99", "agreed": "1"})
    assert bad_rhythm.status_code == 400 and 'value="99"' in bad_rhythm.get_data(as_text=True)
    assert client.post(f"/beheer/voorstellen/{proposal.id}/plan/ritme", data={"weeks": "8", "agreed": "1"}
                       ).status_code == 302
    shown = client.get(f"/beheer/voorstellen/{proposal.id}").get_data(as_text=True)
    assert "Bericht schrijven" in shown and "Een besluit: Het college moet instemmen" in shown
    assert "elke 8 weken een update" in shown and "herinnering per e-mail" in shown
    task = session.scalar(select(ProposalTask))
    assert client.post(f"/beheer/voorstellen/{proposal.id}/plan/taken/{task.id}/klaar", data={"done": "1"}
                       ).status_code == 302
    session.refresh(task)
    assert task.done_on == date.today()
    assert client.post(f"/beheer/voorstellen/{proposal.id + 99}/plan/taken/{task.id}/klaar",
                       data={"done": "1"}).status_code == 404


def test_the_workers_daily_task_sends_them_when_a_mail_server_is_set(app, session, chosen, smtp_server, monkeypatch):
    from vertelpunt.jobs.runner import send_daily_reminders

    proposal, user = chosen
    handler, port = smtp_server
    plans.add_task(session, proposal, _task(due_on=date.today().isoformat()), user)
    plans.set_rhythm(session, proposal, "", True, user)
    session.commit()
    send_daily_reminders()  # no mail server set: nothing happens
    assert session.query(PlanReminder).count() == 0
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    send_daily_reminders()
    session.expire_all()
    assert session.query(PlanReminder).count() == 1
    for _ in range(50):
        if handler.messages:
            break
        time.sleep(0.05)
    assert handler.messages and handler.messages[0][0] == ["sanne@example.org"]


def test_the_regional_progress_report_shows_tasks_and_preconditions(session, chosen, staff, client):
    proposal, user = chosen
    plans.add_task(session, proposal, _task(due_on="2026-01-05"), user)
    plans.add_condition(session, proposal, "capacity", "Twee uur per week van een medewerker", user)
    session.commit()
    staff("analyst")
    report = client.get("/beheer/voorstellen/voortgang?region=twente").get_data(as_text=True)
    assert "Plannen: taken en voorwaarden" in report and "Tekst van het bericht schrijven" in report
    assert "Over datum" in report and "Mensen en tijd: Twee uur per week van een medewerker (nog niet geregeld)" in report


def test_the_public_page_shows_what_was_agreed_without_the_task_owners_names(session, chosen, client):
    proposal, user = chosen
    plans.add_task(session, proposal, _task(owner_name="Sanne Jansen"), user)
    plans.add_condition(session, proposal, "budget", "Geld voor het versturen", user)
    session.commit()
    page = client.get(f"/v/proef/opvolging/{proposal.id}").get_data(as_text=True)
    assert "Wat is er afgesproken?" in page and "Tekst van het bericht schrijven: dit moet af zijn op 10-12-2026." in page
    assert "Budget: Geld voor het versturen. Dit is nog niet geregeld." in page
    assert "Sanne Jansen" not in page and "sanne@example.org" not in page
