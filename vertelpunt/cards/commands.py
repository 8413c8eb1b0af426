"""`vertelpunt cards export`: write a project's published observation cards as files (PDF, HTML, decks)."""
from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import select

from vertelpunt.cli_helpers import fail, project_or_fail
from vertelpunt.db import get_session
from vertelpunt.wording import aantal


@click.group()
def cards() -> None:
    """Observatiekaarten."""


@cards.command("export")
@click.option("--project", "slug", required=True, help="Sleutel van het project.")
@click.option("--region", "regions", multiple=True,
              help="Eén deck per regio (meerdere keren te gebruiken). Standaard: één deck voor het hele project.")
@click.option("--session", "session_id", type=click.IntRange(1, 2**31 - 1),
              help="Eén deck met de gepubliceerde kaarten van deze duidingssessie (het nummer in /beheer/sessies/).")
@click.option("--format", "fmt", type=click.Choice(["pdf", "html", "zip", "all"]), default="all", show_default=True,
              help="Welke bestanden: pdf, html, zip of all (alles).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Map voor de bestanden.")
def cards_export(slug: str, regions: tuple[str, ...], session_id: int | None, fmt: str, out_dir: Path) -> None:
    """Schrijf per gepubliceerde kaart een PDF en HTML, en een kaartenset per regio, sessie of project."""
    from vertelpunt.audit.services import record
    from vertelpunt.exports.cards import card_filename, card_html, card_pdf, deck_pdf, deck_zip

    session = get_session()
    project = project_or_fail(slug)
    if session_id is not None and regions:
        fail("Kies --region of --session, niet allebei.")
    decks = _session_deck(project, session_id) if session_id is not None else _region_decks(project, regions)
    if not any(found for _, _, _, found in decks):
        scope = f" voor sessie {session_id}" if session_id is not None else (
            f" voor {', '.join(regions)}" if regions else "")
        fail(f"Geen gepubliceerde observatiekaarten in '{project.slug}'{scope}.")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def write(path: Path, data: bytes) -> None:
        path.write_bytes(data)
        written.append(path)

    done: set[int] = set()
    for key, prefix, title, found in decks:
        if not found:
            click.echo(f"Geen gepubliceerde kaarten voor regio '{key}'; overgeslagen.", err=True)
            continue
        for card in found:
            if card.id in done:
                continue
            done.add(card.id)
            if fmt in ("pdf", "all"):
                write(out_dir / card_filename(card, "pdf"), card_pdf(card))
            if fmt in ("html", "all"):
                write(out_dir / card_filename(card, "html"), card_html(card).encode("utf-8"))
        if fmt in ("pdf", "all"):
            write(out_dir / f"{prefix}.pdf", deck_pdf(found, title))
        if fmt in ("zip", "all"):
            write(out_dir / f"{prefix}.zip", deck_zip(found, title))
    scope = {"session": session_id} if session_id is not None else {"regions": list(regions)}
    record(session, "deck.export", "project", project.slug,
           detail={"format": fmt, **scope, "cards": sorted(done), "files": len(written)})
    for path in written:
        click.echo(f"Geschreven: {path}")
    click.echo(f"{aantal(len(done), 'kaart', 'kaarten')}, {aantal(len(written), 'bestand', 'bestanden')} in {out_dir}.")


def _region_decks(project, regions: tuple[str, ...]) -> list[tuple[str | None, str, str, list]]:
    """(region key, file prefix, title, cards) per region, or one deck for the whole project."""
    from vertelpunt.exports.cards import cards_for_region, deck_title
    from vertelpunt.models import Region

    session = get_session()
    decks = []
    for key in regions or (None,):
        found = cards_for_region(session, project, key)
        region = session.scalar(select(Region).where(Region.key == key)) if key else None
        decks.append((key, f"deck-{key}" if key else "deck", deck_title(project, region), found))
    return decks


def _session_deck(project, session_id: int) -> list[tuple[str | None, str, str, list]]:
    """The one deck of a sense-making session: its focus card and the cards on its tables."""
    from vertelpunt.exports.cards import cards_for_session
    from vertelpunt.models import SensemakingSession

    meeting = get_session().get(SensemakingSession, session_id)
    if meeting is None or meeting.project_id != project.id:
        fail(f"Het project '{project.slug}' heeft geen duidingssessie {session_id}.")
    return [(None, f"deck-sessie-{meeting.id}", f"Observatiekaarten voor {meeting.name}", cards_for_session(meeting))]
