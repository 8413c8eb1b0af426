"""`vertelpunt cards export`: write a project's published observation cards as files (PDF, HTML, decks)."""
from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import select

from vertelpunt.cli_helpers import fail, project_or_fail
from vertelpunt.db import get_session


@click.group()
def cards() -> None:
    """Observation cards (observatiekaarten)."""


@cards.command("export")
@click.option("--project", "slug", required=True)
@click.option("--region", "regions", multiple=True,
              help="Eén deck per regio (meerdere keren te gebruiken). Standaard: één deck voor het hele project.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "html", "zip", "all"]), default="all", show_default=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
def cards_export(slug: str, regions: tuple[str, ...], fmt: str, out_dir: Path) -> None:
    """Write one PDF and HTML per published card and a deck (deck.pdf / deck.zip) per region or project."""
    from vertelpunt.audit import record
    from vertelpunt.exports.cards import (ExportError, card_filename, card_html, card_pdf, cards_for_region, deck_pdf,
                                          deck_title, deck_zip)
    from vertelpunt.models import Region

    session = get_session()
    project = project_or_fail(slug)
    try:
        decks = [(key, cards_for_region(session, project, key)) for key in (regions or (None,))]
    except ExportError as error:
        fail(str(error))
    if not any(found for _, found in decks):
        fail(f"Geen gepubliceerde observatiekaarten in '{project.slug}'"
             + (f" voor {', '.join(regions)}." if regions else "."))
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def write(path: Path, data: bytes) -> None:
        path.write_bytes(data)
        written.append(path)

    done: set[int] = set()
    for key, found in decks:
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
        region = session.scalar(select(Region).where(Region.key == key)) if key else None
        title = deck_title(project, region)
        prefix = f"deck-{key}" if key else "deck"
        if fmt in ("pdf", "all"):
            write(out_dir / f"{prefix}.pdf", deck_pdf(found, title))
        if fmt in ("zip", "all"):
            write(out_dir / f"{prefix}.zip", deck_zip(found, title))
    record(session, "deck.export", "project", project.slug,
           detail={"format": fmt, "regions": list(regions), "cards": sorted(done), "files": len(written)})
    session.commit()
    for path in written:
        click.echo(f"Geschreven: {path}")
    click.echo(f"{len(done)} kaart(en), {len(written)} bestand(en) in {out_dir}.")
