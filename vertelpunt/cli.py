"""The ``vertelpunt`` command: serve the app and manage data from the shell.

Every command reports problems in Dutch and exits non-zero on bad input, so scripts can rely on it.
"""
from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from vertelpunt.cli_helpers import command_transaction, fail, project_or_fail, without_password
from vertelpunt.wording import aantal

# Flask, SQLAlchemy and the models are imported where a command needs them, not here: `patterns --csv`
# needs none of them, and `--help` answers faster.

#: StoryStatus values (vertelpunt.models.stories), named here so that reading the commands loads no models;
#: tests/test_patterns_cli.py checks that they agree.
STORY_STATUSES = ("pending", "published", "hidden", "duplicate", "spam")


class _AppContextGroup(click.Group):
    """Runs every subcommand inside an application context (configured as the app itself is).

    The app is built once the command's name is known, so a command that renders no page gets the app
    without its pages (``create_app(web=False)``), which starts several times faster.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(AREA_COMMANDS))

    def get_command(self, ctx: click.Context, name: str):
        if name in AREA_COMMANDS and name not in self.commands:
            import importlib

            module, _, attribute = AREA_COMMANDS[name].partition(":")
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name, command, rest = super().resolve_command(ctx, args)
        ctx.meta[_NO_DATABASE] = command is not None and needs_no_database(name, rest)
        if command is not None and not ctx.meta[_NO_DATABASE]:
            from flask import has_app_context

            if not has_app_context():
                ctx.with_resource(_build_app(web=name in WEB_COMMANDS).app_context())
            ctx.meta[_SCHEMA_CHECK] = name not in SCHEMA_FREE_COMMANDS
            _check_schema_when_run(command)
        return name, command, rest


def needs_no_database(name: str, args: list[str]) -> bool:
    """Whether a command runs without an application or database: ``patterns --csv`` reads a file and a
    form file only (docs/patterns.md), so it works where no database is configured or migrated."""
    return name == "patterns" and any(arg == "--csv" or arg.startswith("--csv=") for arg in args)


#: Commands that serve or render pages (templates with links to other pages) and so need the whole app.
WEB_COMMANDS = {"serve", "cards", "worker"}


def _build_app(web: bool):
    """The app for a command; a setting that cannot be used ends the command like any user error (before there
    is a database session to end)."""
    from vertelpunt import create_app
    from vertelpunt.config import ConfigError

    try:
        return create_app(web=web)
    except ConfigError as error:
        fail(error.message)


SCHEMA_FREE_COMMANDS = {"db", "serve", "demo"}  # these bring the schema up to date themselves
_SCHEMA_CHECK = "vertelpunt.schema_check"
_NO_DATABASE = "vertelpunt.no_database"


def _check_schema_when_run(command: click.Command) -> None:
    """Check the schema when the command's own work starts, not when its name is read, and run that work
    in one transaction (:func:`vertelpunt.cli_helpers.command_transaction`: commit at the end, roll back and
    report in Dutch on a user error).

    By then click has parsed the arguments, so ``--help`` and usage mistakes answer without a database.
    A group's callback runs before its subcommand is parsed, so it checks only when it is the command
    itself (``vertelpunt users``); the subcommand checks for itself. Callbacks are wrapped once.
    """
    callback = command.callback
    if callback is not None and not getattr(callback, "_checks_schema", False):
        def checked(*args, **kwargs):
            ctx = click.get_current_context()
            if ctx.find_root().meta.get(_NO_DATABASE):
                return callback(*args, **kwargs)  # `patterns --csv`: no app, no session to end
            with command_transaction():
                if ctx.invoked_subcommand is None and ctx.meta.get(_SCHEMA_CHECK):
                    ctx.meta[_SCHEMA_CHECK] = False
                    _require_current_schema()
                return callback(*args, **kwargs)

        checked._checks_schema = True
        command.callback = functools.update_wrapper(checked, callback)
    for sub in getattr(command, "commands", {}).values():
        _check_schema_when_run(sub)


def _require_current_schema() -> None:
    from flask import current_app

    from vertelpunt.db import database
    from vertelpunt.migrations import head_revision, stored_revision

    if stored_revision(database(current_app).engine) != head_revision():
        fail("De database is niet bijgewerkt. Voer eerst 'vertelpunt db upgrade' uit.")


@click.group(cls=_AppContextGroup)
def cli() -> None:
    """Vertelpunt: leren en verbeteren met ervaringen in jeugdhulp.

    Configuratie via omgevingsvariabelen VERTELPUNT_<NAAM>, bijvoorbeeld VERTELPUNT_DATABASE_URL,
    VERTELPUNT_SECRET_KEY (verplicht buiten SQLite) en VERTELPUNT_INSTANCE_PATH; alle instellingen staan
    in de README, onder Configuration.
    """


def main() -> None:
    if sys.argv[1:2] == ["serve"]:
        from vertelpunt.serving import prepare_metrics_directory

        prepare_metrics_directory()  # before the app (and prometheus_client) is imported and built
    cli.main(prog_name="vertelpunt")


#: The areas' commands, by name: imported when called (or listed), since importing an area's commands
#: imports its models and SQLAlchemy, which `patterns --csv` and `--help` do not need.
AREA_COMMANDS = {
    "projects": "vertelpunt.projects.commands:projects",
    "regions": "vertelpunt.projects.commands:regions_list",
    "users": "vertelpunt.accounts.commands:users",
    "patterns": "vertelpunt.insights.commands:patterns",
    "cards": "vertelpunt.cards.commands:cards",
    "backup": "vertelpunt.maintenance.commands:backup",
    "restore": "vertelpunt.maintenance.commands:restore",
    "purge": "vertelpunt.maintenance.commands:purge",
    "maintenance": "vertelpunt.maintenance.commands:maintenance",
    "worker": "vertelpunt.jobs.commands:worker",
    "forms": "vertelpunt.forms.commands:forms",
    "reminders": "vertelpunt.proposals.commands:reminders",
}


# --- database ---------------------------------------------------------------------------------------

@cli.group()
def db() -> None:
    """Het databaseschema."""


def upgrade_database() -> None:
    from flask import current_app

    from vertelpunt.db import get_session
    from vertelpunt.geo.services import sync_regions
    from vertelpunt.migrations import upgrade

    upgrade(current_app.config["DATABASE_URL"])
    with command_transaction():  # committed before the caller goes on (serve starts serving after it)
        sync_regions(get_session())


@db.command("upgrade")
def db_upgrade() -> None:
    """Werk het databaseschema bij (veilig om vaker te doen)."""
    upgrade_database()
    click.echo("Database is bijgewerkt.")


# --- serve ------------------------------------------------------------------------------------------

@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Adres om op te luisteren.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Poort.")
@click.option("--workers", type=click.IntRange(1, 16),
              help="Aantal werkprocessen (standaard: een per processorkern, hoogstens 4; zonder "
                   "VERTELPUNT_RATELIMIT_STORAGE_URI altijd 1).")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Threads per werkproces.")
@click.option("--demo", is_flag=True, help="Vul een lege database eerst met het demoproject.")
@click.option("--no-migrate", is_flag=True,
              help="Werk de database niet bij (als 'vertelpunt db upgrade' een aparte stap bij elke release is).")
@click.option("--no-worker", is_flag=True,
              help="Start geen eigen werker voor taken (met de standaard SQLite-wachtrij draait 'vertelpunt worker' "
                   "dan apart).")
def serve(host: str, port: int, workers: int | None, threads: int, demo: bool, no_migrate: bool,
          no_worker: bool) -> None:
    """Start Vertelpunt met gunicorn (werkprocessen met threads; waitress op Windows). Houdt geen toegangslog bij."""
    from flask import current_app
    from sqlalchemy import select

    from vertelpunt import serving
    from vertelpunt.db import get_session, is_memory_database
    from vertelpunt.limits.registry import shares_state, storage_uri
    from vertelpunt.models import Project

    if no_migrate:
        _require_current_schema()
    else:
        upgrade_database()
    if demo and get_session().scalar(select(Project.id).limit(1)) is None:
        _seed_demo(seed=7, stories=960)
    get_session().close()
    try:
        serving.check_port(host, port)
    except OSError as error:
        fail(f"Kan niet luisteren op {host}:{port}: {error.strerror or error}. "
             "Is er al een server op die poort? Kies een andere met --port.")
    uri = storage_uri(current_app.config)
    choice = serving.choose_workers(workers, shares_state(uri),
                                    is_memory_database(current_app.config["DATABASE_URL"]))
    if choice.reason:
        click.echo(choice.reason, err=True)
    processes = "1 werkproces" if choice.workers == 1 else f"{choice.workers} werkprocessen"
    limits = ("limieten gedeeld via " + _without_password(uri)) if shares_state(uri) else "limieten in dit proces"
    jobs = _start_jobs(no_worker)
    click.echo(f"Vertelpunt draait op http://{host}:{port}/  ({processes}, {threads} threads elk; {limits}; "
               f"{jobs}; stoppen: Ctrl+C)")
    serving.serve(current_app._get_current_object(), host, port, workers=choice.workers, threads=threads)


def _start_jobs(no_worker: bool) -> str:
    """In the embedded default (the SQLite queue) the server starts one worker of its own, so the README's
    first command does everything; with Redis, workers are run apart (``vertelpunt worker``)."""
    from flask import current_app

    from vertelpunt import serving
    from vertelpunt.db import is_memory_database
    from vertelpunt.jobs.queue import IMMEDIATE, is_embedded

    app = current_app._get_current_object()
    if is_memory_database(app.config["DATABASE_URL"]):
        app.config["JOB_QUEUE_URL"] = IMMEDIATE  # no other process can see this database
        return "taken in het verzoek zelf"
    if not is_embedded(app):
        return "taken via de wachtrij (vertelpunt worker)"
    if no_worker:
        return "taken wachten op 'vertelpunt worker'"
    serving.start_embedded_worker(app)
    return "1 werker voor taken"


_without_password = without_password  # kept for callers of the old name


# --- demo -------------------------------------------------------------------------------------------

def _seed_demo(seed: int, stories: int) -> None:
    from vertelpunt.db import get_session
    from vertelpunt.demo.load import seed_demo, seed_demo_cycle

    with command_transaction():  # committed before serve starts serving, and before the password is shown
        outcome = seed_demo(get_session(), seed=seed, n=stories)
        cycle = seed_demo_cycle(get_session(), outcome)
    click.echo(f"Demoproject '{outcome.project.slug}' gemaakt met {outcome.stories} verhalen.")
    if cycle is not None:
        click.echo(f"Met een patroonscan, {len(cycle.cards)} gepubliceerde kaarten, een afgesloten duidingssessie "
                   f"en {len(cycle.proposals)} verbetervoorstellen.")
    if outcome.admin_email:
        click.echo(f"Inloggen als beheerder: {outcome.admin_email}  wachtwoord: {outcome.admin_password}")
        click.echo("(Dit wachtwoord wordt maar één keer getoond.)")


@cli.command()
@click.option("--seed", default=7, show_default=True, type=int, help="Zelfde seed, zelfde verhalen.")
@click.option("--stories", default=960, show_default=True, type=click.IntRange(50, 100_000), help="Aantal verhalen.")
def demo(seed: int, stories: int) -> None:
    """Maak het demoproject met verzonnen verhalen (zie docs/demo-data.md)."""
    upgrade_database()
    _seed_demo(seed, stories)


# --- stories ----------------------------------------------------------------------------------------

@cli.group()
def stories() -> None:
    """Verhalen van een project exporteren en importeren."""


@stories.command("export")
@click.option("--project", "slug", required=True, help="Sleutel van het project.")
@click.option("--format", "fmt", type=click.Choice(["csv", "csv-nl", "json", "narrafirma"]), default="csv",
              show_default=True, help="csv: komma's (voor andere programma's, weer in te lezen); csv-nl: "
                                      "puntkomma's en BOM, voor Excel of LibreOffice; json; narrafirma.")
@click.option("--status", "statuses", multiple=True,
              type=click.Choice(STORY_STATUSES),
              help="Alleen verhalen met deze status (meerdere keren te gebruiken). Standaard: alle.")
@click.option("--out", type=click.Path(writable=True, path_type=Path),
              help="Bestand (standaard: scherm); bij narrafirma een map voor de twee bestanden.")
def stories_export(slug: str, fmt: str, statuses: tuple[str, ...], out: Path | None) -> None:
    """Exporteer verhalen: CSV (een rij per verhaal, een kolom per vraag), JSON of de twee bestanden van NarraFirma."""
    from vertelpunt.audit.services import record
    from vertelpunt.db import get_session
    from vertelpunt.stories.csv_io import export_csv, export_spreadsheet_csv
    from vertelpunt.stories.json_io import export_json

    session = get_session()
    project = project_or_fail(slug)
    if fmt == "narrafirma":
        from vertelpunt.stories.narrafirma_export import export_narrafirma

        if out is None or (out.exists() and not out.is_dir()):
            fail("Geef met --out een map voor de vragenset en de verhalen van NarraFirma.")
        out.mkdir(parents=True, exist_ok=True)
        files = export_narrafirma(session, project, statuses or None)
        for name, text in files.items():
            (out / name).write_text(text, encoding="utf-8", newline="")
        record(session, "stories.export", "project", project.slug, detail={"format": fmt})
        click.echo(f"Geschreven naar {out}: {', '.join(files)}.", err=True)
        return
    if out is not None and out.is_dir():
        fail(f"{out} is een map; geef een bestandsnaam.")
    handle = open(out, "w", encoding="utf-8", newline="") if out else click.get_text_stream("stdout")
    try:
        exporter = {"csv": export_csv, "csv-nl": export_spreadsheet_csv}.get(fmt, export_json)
        count = exporter(session, project, handle, statuses or None)
    finally:
        if out:
            handle.close()
    record(session, "stories.export", "project", project.slug, detail={"format": fmt, "count": count})
    click.echo(f"{aantal(count, 'verhaal', 'verhalen')} geëxporteerd.", err=True)


@stories.command("import")
@click.option("--project", "slug", required=True, help="Sleutel van het project.")
@click.option("--status", "status", type=click.Choice(["pending", "published"]),
              default="pending", show_default=True,
              help="Status van de geïmporteerde verhalen. Standaard gaan ze naar moderatie (te beoordelen); "
                   "alleen met --status published zijn ze meteen zichtbaar. Verborgen verhalen blijven verborgen.")
@click.option("--format", "fmt", type=click.Choice(["vertelpunt", "narrafirma"]), default="vertelpunt",
              show_default=True, help="narrafirma: een verhalenbestand van NarraFirma (docs/form-format.md).")
@click.option("--role", help="narrafirma: de rol van alle verhalen in het bestand (youth, parent, professional).")
@click.option("--role-column", help="narrafirma: de kolom met de rol van elk verhaal.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def stories_import(slug: str, status: str, fmt: str, role: str | None, role_column: str | None, file: Path) -> None:
    """Importeer verhalen uit CSV (komma's of puntkomma's), JSON (aan de extensie) of de CSV van NarraFirma.

    Alle rijen of geen.

    Geïmporteerde verhalen wachten op moderatie, tenzij je --status published geeft: een bestand van elders is hier
    nog niet door een moderator op namen en nummers gelezen."""
    from vertelpunt.audit.services import record
    from vertelpunt.db import get_session
    from vertelpunt.stories.csv_io import import_csv
    from vertelpunt.stories.json_io import import_json

    session = get_session()
    project = project_or_fail(slug)
    if fmt == "narrafirma":
        from vertelpunt.stories.narrafirma_import import import_narrafirma_stories

        report = import_narrafirma_stories(session, project, file.read_bytes(), role=role, role_column=role_column,
                                           status=status)
        record(session, "stories.import", "project", project.slug,
               detail={"count": report.imported, "status": status, "format": fmt})
        click.echo(f"{aantal(report.imported, 'verhaal', 'verhalen')} geïmporteerd in '{project.slug}'.")
        for line in report.lines():
            click.echo(line)
        if status == "pending":
            click.echo("Ze staan bij 'te beoordelen' in de moderatie.")
        return
    if role or role_column:
        fail("--role en --role-column horen bij --format narrafirma.")
    importer = import_json if file.suffix.lower() == ".json" else import_csv
    try:
        with open(file, encoding="utf-8-sig", newline="") as handle:
            report = importer(session, project, handle, status=status)
    except UnicodeDecodeError:
        fail(f"{file} is geen UTF-8-tekst.")
    record(session, "stories.import", "project", project.slug, detail={"count": report.imported, "status": status})
    extra = (f" ({aantal(report.renumbered, 'kreeg', 'kregen')} een nieuw verhaal-id omdat het oude al bestond)"
             if report.renumbered else "")
    click.echo(f"{aantal(report.imported, 'verhaal', 'verhalen')} geïmporteerd in '{project.slug}'{extra}.")
    if status == "pending":
        click.echo("Ze staan bij 'te beoordelen' in de moderatie.")
