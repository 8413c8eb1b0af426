"""`vertelpunt projects` (list, create, set the privacy contacts) and `vertelpunt regions`."""
from __future__ import annotations

import click
from sqlalchemy import select

from vertelpunt.cli_helpers import fail, project_or_fail
from vertelpunt.db import get_session
from vertelpunt.wording import aantal


@click.group(invoke_without_command=True)
@click.pass_context
def projects(ctx: click.Context) -> None:
    """Toon de projecten (sleutel, titel, aantallen verhalen); de subopdrachten beheren ze."""
    if ctx.invoked_subcommand is not None:
        return
    from vertelpunt.projects.services import project_summaries

    summaries = project_summaries(get_session())
    if not summaries:
        click.echo("Nog geen projecten. Maak er een met 'vertelpunt projects create' of 'vertelpunt demo'.")
        return
    click.echo(f"{'slug':<24} {'status':<7} {'verhalen':>8} {'gepubl.':>8} {'te beoord.':>10} {'compleet':>8}  titel")
    for s in summaries:
        click.echo(f"{s.project.slug:<24} {s.project.status:<7} {s.total:>8} {s.published:>8} {s.pending:>10} "
                   f"{s.complete:>8}  {s.project.title}")


@projects.command("create")
@click.argument("slug")
@click.option("--title", required=True, help="Titel van het project.")
@click.option("--form", "form_key", default="vertelpunt-landelijk", show_default=True, help="Sleutel van de vragenset.")
@click.option("--region", "regions", multiple=True, help="Regio-sleutel; meerdere keren te gebruiken.")
@click.option("--intro", default="", help="Korte introductie voor vertellers.")
def projects_create(slug: str, title: str, form_key: str, regions: tuple[str, ...], intro: str) -> None:
    """Maak een project met de nieuwste versie van een vragenset."""
    from vertelpunt.projects.services import create_project

    project = create_project(get_session(), slug, title, form_key, regions, intro=intro)
    click.echo(f"Project '{project.slug}' gemaakt (vragenset {project.form.key} v{project.form.version}).")


@projects.command("set")
@click.argument("slug")
@click.option("--controller", help="Verwerkingsverantwoordelijke: de organisatie die beslist over de verhalen.")
@click.option("--contact", help="Contactadres voor vragen over privacy: e-mailadres of postadres met postcode.")
@click.option("--dpo", help="Functionaris gegevensbescherming: naam of functie, met contactgegevens.")
@click.option("--retention", help="Bewaartermijn, bijvoorbeeld '2 jaar'.")
def projects_set(slug: str, controller: str | None, contact: str | None, dpo: str | None,
                 retention: str | None) -> None:
    """Stel in wie verantwoordelijk is voor de verhalen van een project, zoals de privacyverklaring dat laat zien."""
    from vertelpunt.projects.privacy import PrivacyContactsError, missing_labels, update_privacy_contacts

    session = get_session()
    project = project_or_fail(slug)
    changes = {"controller": controller, "contact": contact, "dpo": dpo, "retention": retention}
    try:
        changed = update_privacy_contacts(session, project, changes, None)
    except PrivacyContactsError as error:
        if "form" in error.errors:  # the page's words ("this form") do not fit the command
            fail("Geef minstens een van --controller, --contact, --dpo of --retention.")
        raise
    click.echo(f"Project '{project.slug}': {aantal(len(changed), 'privacygegeven', 'privacygegevens')} bijgewerkt.")
    missing = missing_labels(project)
    if missing:
        click.echo(f"Nog niet ingevuld: {', '.join(missing).lower()}. De privacyverklaring meldt dat.")


@click.command("regions")
def regions_list() -> None:
    """Toon de bekende jeugdzorgregio's en hun sleutels."""
    from sqlalchemy.orm import selectinload

    from vertelpunt.models import Region

    for region in get_session().scalars(select(Region).options(selectinload(Region.municipalities))
                                        .order_by(Region.name)):
        click.echo(f"{region.key:<28} {region.name} ({len(region.municipalities)} gemeenten)")
