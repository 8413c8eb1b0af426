"""`vertelpunt reminders`: send the e-mail reminders of plans that are due (from cron, once a day)."""
from __future__ import annotations

from datetime import date

import click
from flask import current_app

from vertelpunt.cli_helpers import command_transaction, fail
from vertelpunt.db import get_session
from vertelpunt.wording import aantal


@click.command()
@click.option("--today", "today_text", metavar="JJJJ-MM-DD", help="Doe alsof het deze dag is (om te testen).")
@click.option("--dry-run", is_flag=True, help="Laat zien wat er verstuurd zou worden, verstuur niets.")
def reminders(today_text: str | None, dry_run: bool) -> None:
    """Stuur herinneringen voor updates en taken die binnenkort of te laat zijn (alleen aan wie dat afsprak)."""
    from vertelpunt.proposals.reminders import ReminderError, due_reminders, send_reminders

    try:
        today = date.fromisoformat(today_text) if today_text else date.today()
    except ValueError:
        fail("Vul --today in als JJJJ-MM-DD, bijvoorbeeld 2026-12-01.")
    session = get_session()
    if dry_run:
        found = due_reminders(session, today, current_app.config.get("BASE_URL"))
        for reminder in found:
            click.echo(f"{reminder.subject}")
        click.echo(f"{aantal(len(found), 'herinnering zou', 'herinneringen zouden')} worden verstuurd.")
        return
    with command_transaction():  # commits what went out, also when the server fails half-way
        try:
            sent = send_reminders(session, current_app.config, today)
        except ReminderError as error:
            fail(error.message)
    for reminder in sent.reminders:
        click.echo(f"Verstuurd: {reminder.subject}")
    click.echo(f"{aantal(len(sent.reminders), 'herinnering', 'herinneringen')} verstuurd.")
    if sent.error:
        fail(sent.error)
