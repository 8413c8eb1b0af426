"""The ``vertelpunt`` command: serve the app and manage data from the shell.

Every command reports problems in Dutch and exits non-zero on bad input, so scripts can rely on it.
"""
from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click
from flask import current_app, has_app_context
from sqlalchemy import select

from vertelpunt import create_app
from vertelpunt.cli_helpers import command_transaction, fail, project_or_fail
from vertelpunt.db import get_session
from vertelpunt.errors import VertelpuntError
from vertelpunt.models.stories import StoryStatus


class _AppContextGroup(click.Group):
    """Runs every subcommand inside an application context (configured as the app itself is).

    The app is built once the command's name is known, so a command that renders no page gets the app
    without its pages (``create_app(web=False)``), which starts several times faster.
    """

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            if not has_app_context():
                ctx.with_resource(_build_app(web=name in WEB_COMMANDS).app_context())
            ctx.meta[_SCHEMA_CHECK] = name not in SCHEMA_FREE_COMMANDS
            _check_schema_when_run(command)
        return name, command, rest


#: Commands that serve or render pages (templates with links to other pages) and so need the whole app.
WEB_COMMANDS = {"serve", "cards"}


def _build_app(web: bool):
    """The app for a command; a setting that cannot be used ends the command like any user error (before there
    is a database session to end)."""
    from vertelpunt.config import ConfigError

    try:
        return create_app(web=web)
    except ConfigError as error:
        fail(error.message)


SCHEMA_FREE_COMMANDS = {"db", "serve", "demo"}  # these bring the schema up to date themselves
_SCHEMA_CHECK = "vertelpunt.schema_check"


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


def _register_area_commands() -> None:
    from vertelpunt.accounts.commands import users
    from vertelpunt.cards.commands import cards
    from vertelpunt.insights.commands import patterns
    from vertelpunt.maintenance.commands import backup, purge, restore
    from vertelpunt.projects.commands import projects, regions_list

    for command in (projects, regions_list, users, patterns, cards, backup, restore, purge):
        cli.add_command(command)


_register_area_commands()


# --- database ---------------------------------------------------------------------------------------

@cli.group()
def db() -> None:
    """Database schema."""


def upgrade_database() -> None:
    from vertelpunt.geo.services import sync_regions
    from vertelpunt.migrations import upgrade

    upgrade(current_app.config["DATABASE_URL"])
    with command_transaction():  # committed before the caller goes on (serve starts serving after it)
        sync_regions(get_session())


@db.command("upgrade")
def db_upgrade() -> None:
    """Bring the database schema up to date (safe to run repeatedly)."""
    upgrade_database()
    click.echo("Database is bijgewerkt.")


# --- serve ------------------------------------------------------------------------------------------

@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", type=click.IntRange(1, 16),
              help="Aantal werkprocessen (standaard: een per processorkern, hoogstens 4; zonder "
                   "VERTELPUNT_RATELIMIT_STORAGE_URI altijd 1).")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Threads per werkproces.")
@click.option("--demo", is_flag=True, help="Vul een lege database eerst met het demoproject.")
@click.option("--no-migrate", is_flag=True,
              help="Werk de database niet bij (als 'vertelpunt db upgrade' een aparte stap bij elke release is).")
def serve(host: str, port: int, workers: int | None, threads: int, demo: bool, no_migrate: bool) -> None:
    """Serve Vertelpunt with gunicorn (threaded workers; waitress on Windows). Keeps no access log."""
    from vertelpunt import serving
    from vertelpunt.db import is_memory_database
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
    click.echo(f"Vertelpunt draait op http://{host}:{port}/  ({processes}, {threads} threads elk; {limits}; "
               "stoppen: Ctrl+C)")
    serving.serve(current_app._get_current_object(), host, port, workers=choice.workers, threads=threads)


def _without_password(uri: str) -> str:
    """A storage address as it may be printed: credentials in it are replaced by ***."""
    scheme, sep, rest = uri.partition("://")
    if "@" in rest:
        rest = "***@" + rest.rsplit("@", 1)[1]
    return scheme + sep + rest


# --- demo -------------------------------------------------------------------------------------------

def _seed_demo(seed: int, stories: int) -> None:
    from vertelpunt.demo.load import seed_demo

    with command_transaction():  # committed before serve starts serving, and before the password is shown
        outcome = seed_demo(get_session(), seed=seed, n=stories)
    click.echo(f"Demoproject '{outcome.project.slug}' gemaakt met {outcome.stories} verhalen.")
    if outcome.admin_email:
        click.echo(f"Inloggen als beheerder: {outcome.admin_email}  wachtwoord: {outcome.admin_password}")
        click.echo("(Dit wachtwoord wordt maar één keer getoond.)")


@cli.command()
@click.option("--seed", default=7, show_default=True, type=int, help="Zelfde seed, zelfde verhalen.")
@click.option("--stories", default=960, show_default=True, type=click.IntRange(50, 100_000))
def demo(seed: int, stories: int) -> None:
    """Create the demo project with synthetic stories (see docs/demo-data.md)."""
    upgrade_database()
    _seed_demo(seed, stories)


# --- forms ------------------------------------------------------------------------------------------

@cli.group(invoke_without_command=True)
@click.pass_context
def forms(ctx: click.Context) -> None:
    """List story forms; import and export them as YAML/JSON (docs/form-format.md)."""
    if ctx.invoked_subcommand is not None:
        return
    from vertelpunt.models import StoryForm

    stored = list(get_session().scalars(select(StoryForm).order_by(StoryForm.key, StoryForm.version)))
    if not stored:
        click.echo("Nog geen vragensets. Importeer er een met 'vertelpunt forms import BESTAND'.")
    for form in stored:
        click.echo(f"{form.key:<28} v{form.version:<3} {len(form.questions):>3} vragen  {form.title}")


@forms.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def forms_import(file: Path) -> None:
    """Import a form file; changed content becomes a new version."""
    from vertelpunt.forms.services import import_definition, read_form_file

    try:
        definition = read_form_file(file)
    except VertelpuntError as error:
        fail(f"{file}: {error.message}")
    outcome = import_definition(get_session(), definition)
    if not outcome.created:
        click.echo(f"Niets veranderd: {outcome.form.key} v{outcome.form.version} is al precies zo opgeslagen.")
        return
    click.echo(f"Vragenset {outcome.form.key} v{outcome.form.version} geïmporteerd "
               f"({len(outcome.form.questions)} vragen).")
    if outcome.moved_projects:
        click.echo(f"Open projecten die nu deze versie gebruiken: {', '.join(outcome.moved_projects)}")


@forms.command("export")
@click.argument("key")
@click.option("--version", type=int, help="Standaard: de nieuwste versie.")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path), help="Standaard: scherm.")
def forms_export(key: str, version: int | None, fmt: str, out: Path | None) -> None:
    """Write a stored form version as a file that 'forms import' reads back."""
    import yaml

    from vertelpunt.forms.services import export_document, latest_form
    from vertelpunt.models import StoryForm

    session = get_session()
    if version is None:
        form = latest_form(session, key)
    else:
        form = session.scalar(select(StoryForm).where(StoryForm.key == key, StoryForm.version == version))
    if form is None:
        fail(f"Geen vragenset '{key}'" + (f" versie {version}" if version else "") + ".")
    document = export_document(form)
    if fmt == "json":
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    else:
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=110)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"Geschreven naar {out}.", err=True)


# --- stories ----------------------------------------------------------------------------------------

@cli.group()
def stories() -> None:
    """Export and import a project's stories."""


@stories.command("export")
@click.option("--project", "slug", required=True)
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--status", "statuses", multiple=True,
              type=click.Choice(StoryStatus.values()),
              help="Alleen verhalen met deze status (meerdere keren te gebruiken). Standaard: alle.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path), help="Standaard: scherm.")
def stories_export(slug: str, fmt: str, statuses: tuple[str, ...], out: Path | None) -> None:
    """Export stories: CSV (one row per story, one column per question) or JSON."""
    from vertelpunt.audit.services import record
    from vertelpunt.stories.csv_io import export_csv
    from vertelpunt.stories.json_io import export_json

    session = get_session()
    project = project_or_fail(slug)
    handle = open(out, "w", encoding="utf-8", newline="") if out else click.get_text_stream("stdout")
    try:
        exporter = export_csv if fmt == "csv" else export_json
        count = exporter(session, project, handle, statuses or None)
    finally:
        if out:
            handle.close()
    record(session, "stories.export", "project", project.slug, detail={"format": fmt, "count": count})
    click.echo(f"{count} verhalen geëxporteerd.", err=True)


@stories.command("import")
@click.option("--project", "slug", required=True)
@click.option("--status", "status", type=click.Choice([StoryStatus.PENDING.value, StoryStatus.PUBLISHED.value]),
              default=StoryStatus.PENDING.value, show_default=True,
              help="Status van de geïmporteerde verhalen. Standaard gaan ze naar moderatie (te beoordelen); "
                   "alleen met --status published zijn ze meteen zichtbaar. Verborgen verhalen blijven verborgen.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def stories_import(slug: str, status: str, file: Path) -> None:
    """Import stories from CSV (or JSON, by extension) into a project; all rows or none.

    Imported stories wait for moderation unless --status published is given: a file from elsewhere has not
    been read for names and numbers by a moderator here."""
    from vertelpunt.audit.services import record
    from vertelpunt.stories.csv_io import import_csv
    from vertelpunt.stories.json_io import import_json

    session = get_session()
    project = project_or_fail(slug)
    importer = import_json if file.suffix.lower() == ".json" else import_csv
    try:
        with open(file, encoding="utf-8-sig", newline="") as handle:
            report = importer(session, project, handle, status=status)
    except UnicodeDecodeError:
        fail(f"{file} is geen UTF-8-tekst.")
    record(session, "stories.import", "project", project.slug, detail={"count": report.imported, "status": status})
    extra = f" ({report.renumbered} kregen een nieuw verhaal-id omdat het oude al bestond)" if report.renumbered else ""
    click.echo(f"{report.imported} verhalen geïmporteerd in '{project.slug}'{extra}.")
    if status == StoryStatus.PENDING.value:
        click.echo("Ze staan bij 'te beoordelen' in de moderatie.")
