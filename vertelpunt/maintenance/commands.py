"""`vertelpunt backup`, `vertelpunt restore`, `vertelpunt purge` and `vertelpunt maintenance`."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from vertelpunt.db import database, get_session


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def backup(file: Path) -> None:
    """Schrijf de hele database naar FILE (JSON-regels, gzip; voor SQLite en PostgreSQL)."""
    from vertelpunt.audit.services import record
    from vertelpunt.maintenance.backup import write_backup

    counts = write_backup(database(current_app).engine, file)
    session = get_session()
    record(session, "database.backup", "database", None, detail={"rows": sum(counts.values())})
    click.echo(f"Backup geschreven naar {file}: {sum(counts.values())} rijen in {len(counts)} tabellen.")


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Vervang alle gegevens die nu in de database staan.")
def restore(file: Path, replace: bool) -> None:
    """Zet een back-up van 'vertelpunt backup' terug (zelfde schemaversie); alle rijen of geen."""
    from vertelpunt.audit.services import record
    from vertelpunt.maintenance.backup import restore_backup

    restored = restore_backup(database(current_app).engine, file, replace=replace,
                              secret_key=current_app.config["SECRET_KEY"])
    counts = restored.counts
    session = get_session()
    record(session, "database.restore", "database", None,
           detail={"rows": sum(counts.values()), "skipped_withdrawn": restored.skipped_stories})
    click.echo(f"Backup teruggezet: {sum(counts.values())} rijen in {len(counts)} tabellen.")
    click.echo(f"{restored.skipped_stories} ingetrokken of verwijderde verhalen overgeslagen: die komen niet terug.")


@click.command()
@click.option("--older-than", "period", required=True, help="Bewaartermijn, bijvoorbeeld 730d, 104w, 24m of 2y.")
@click.option("--dry-run", is_flag=True, help="Tel alleen wat verwijderd zou worden.")
def purge(period: str, dry_run: bool) -> None:
    """Wis verhalen ouder dan de bewaartermijn, met hun antwoorden en alles wat ernaar verwijst."""
    from vertelpunt.audit.services import record
    from vertelpunt.maintenance.retention import parse_period, purge_stories

    older_than = parse_period(period)
    session = get_session()
    outcome = purge_stories(session, older_than, dry_run=dry_run)
    if dry_run:
        click.echo(f"{outcome.stories} verhalen van voor {outcome.cutoff:%d-%m-%Y} zouden worden verwijderd.")
        return
    record(session, "stories.purge", "database", None,
           detail={"older_than": period, "cutoff": outcome.cutoff.isoformat(), "count": outcome.stories})
    click.echo(f"{outcome.stories} verhalen van voor {outcome.cutoff:%d-%m-%Y} verwijderd.")


@click.command()
def maintenance() -> None:
    """Onderhoud (doet de werker ook elke paar minuten): wis taken en hun bestanden na JOB_RESULT_DAYS
    dagen, markeer taken waarvan de werker stopte als mislukt, en wis geüploade verhalenbestanden die meer dan
    een uur op bevestiging wachtten, en tel de antwoorden voor het dashboard opnieuw waar ze niet meer kloppen."""
    from vertelpunt.admin.staging import delete_stale
    from vertelpunt.insights import tallies
    from vertelpunt.jobs import services

    session = get_session()
    failed = services.fail_abandoned(session)
    purged = services.purge_old_jobs(session, current_app.config["JOB_RESULT_DAYS"])
    stale = delete_stale(session)
    recounted = tallies.refresh_stale(session)
    click.echo(f"Taken: {purged} ouder dan {current_app.config['JOB_RESULT_DAYS']} dagen verwijderd, "
               f"{failed} afgebroken taken als mislukt gemarkeerd.")
    click.echo(f"Uploads: {stale} niet bevestigde verhalenbestanden (ouder dan een uur) verwijderd.")
    click.echo(f"Tellingen voor het dashboard: {len(recounted)} project(en) opnieuw geteld.")
