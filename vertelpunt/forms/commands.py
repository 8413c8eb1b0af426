"""`vertelpunt forms`: list the stored story forms, import and export them as YAML/JSON (docs/form-format.md)."""
from __future__ import annotations

import json
from pathlib import Path

import click

from vertelpunt.cli_helpers import fail
from vertelpunt.errors import VertelpuntError


@click.group(invoke_without_command=True)
@click.pass_context
def forms(ctx: click.Context) -> None:
    """Toon de vragensets; importeer en exporteer ze (YAML/JSON), of importeer de CSV van NarraFirma."""
    from sqlalchemy import select

    from vertelpunt.db import get_session
    if ctx.invoked_subcommand is not None:
        return
    from vertelpunt.models import StoryForm

    stored = list(get_session().scalars(select(StoryForm).order_by(StoryForm.key, StoryForm.version)))
    if not stored:
        click.echo("Nog geen vragensets. Importeer er een met 'vertelpunt forms import BESTAND'.")
    for form in stored:
        click.echo(f"{form.key:<28} v{form.version:<3} {len(form.questions):>3} vragen  {form.title}")


@forms.command("import")
@click.option("--format", "fmt", type=click.Choice(["vertelpunt", "narrafirma"]), default="vertelpunt",
              show_default=True, help="narrafirma: een vragenset-CSV van NarraFirma (docs/form-format.md).")
@click.option("--key", help="narrafirma: de sleutel van de vragenset (standaard: gemaakt van de titel).")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def forms_import(file: Path, fmt: str, key: str | None) -> None:
    """Importeer een vragenset (YAML/JSON, of de CSV van NarraFirma); gewijzigde inhoud wordt een nieuwe versie."""
    from vertelpunt.db import get_session
    from vertelpunt.forms.services import import_definition, read_form_file

    report = None
    try:
        if fmt == "narrafirma":
            from vertelpunt.forms.narrafirma import parse_narrafirma_form

            if not file.is_file():
                fail(f"Het bestand '{file}' bestaat niet.")
            definition, report = parse_narrafirma_form(file.read_bytes(), key=key)
        elif key:
            fail("--key hoort bij --format narrafirma; in een YAML- of JSON-bestand staat de sleutel zelf.")
        else:
            definition = read_form_file(file)
    except VertelpuntError as error:
        hint = (" Is dit een vragenset-CSV van NarraFirma? Gebruik dan --format narrafirma."
                if fmt == "vertelpunt" and file.suffix.lower() in (".csv", ".tsv", ".txt") else "")
        fail(f"{file}: {error.message}{hint}")
    for line in report.lines() if report else []:
        click.echo(line)
    from vertelpunt.forms.translations import translation_report
    from vertelpunt.i18n import LANGUAGES

    for line in translation_report(definition, LANGUAGES):
        click.echo(line)
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
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True,
              help="Bestandsvorm.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path), help="Standaard: scherm.")
def forms_export(key: str, version: int | None, fmt: str, out: Path | None) -> None:
    """Schrijf een bewaarde versie van een vragenset als bestand dat 'forms import' weer inleest."""
    import yaml
    from sqlalchemy import select

    from vertelpunt.db import get_session
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
