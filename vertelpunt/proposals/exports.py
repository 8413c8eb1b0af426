"""Proposals as CSV, and reports as tagged PDF (WeasyPrint).

CSV cells are protected against formula injection with the same rule as the story export: a cell that
starts with = + - @ tab or carriage return gets a leading single quote. The list is written for a Dutch
spreadsheet by default (';' and a byte order mark), or with ',' for other programs.
"""
from __future__ import annotations

import csv
import io
from typing import Iterable

from vertelpunt.models import Proposal
from vertelpunt.proposals.status import STATUS_LABELS, is_overdue
from vertelpunt.proposals.updates import latest_update
from vertelpunt.stories.csv_io import protect_cell, spreadsheet_writer

CSV_COLUMNS = (
    "id", "project", "regio", "titel", "in_de_ervaringen_zien_we_dat", "als_oplossing_zien_we",
    "status", "reden", "eigenaar", "organisatie", "email_eigenaar", "plaatsvervanger",
    "organisatie_plaatsvervanger", "klaar_op", "over_datum", "laatste_update_datum", "laatste_update",
    "sessie", "kaarten", "aangemaakt_door",
)


def proposal_row(proposal: Proposal) -> list[str]:
    last = latest_update(proposal)
    values = [
        str(proposal.id), proposal.project.slug, proposal.region.name if proposal.region else "", proposal.title,
        proposal.seen, proposal.solution, STATUS_LABELS.get(proposal.status, proposal.status),
        proposal.status_reason or "", proposal.owner_name, proposal.owner_organisation, proposal.owner_email or "",
        proposal.deputy_name or "", proposal.deputy_organisation or "",
        proposal.due_on.isoformat() if proposal.due_on else "", "ja" if is_overdue(proposal) else "nee",
        last.on.isoformat() if last else "", last.text if last else "",
        proposal.session.name if proposal.session else "", "; ".join(card.title for card in proposal.cards),
        proposal.created_by,
    ]
    return [protect_cell(value) for value in values]


def proposals_csv(proposals: Iterable[Proposal], spreadsheet: bool = True) -> str:
    """The list as CSV text: for Excel-NL (BOM, ';') unless ``spreadsheet`` is False (',' without BOM)."""
    out = io.StringIO()
    writer = spreadsheet_writer(out) if spreadsheet else csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for proposal in proposals:
        writer.writerow(proposal_row(proposal))
    return out.getvalue()


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    """A tagged PDF (PDF/UA-1 where WeasyPrint supports it, plain tagged PDF otherwise)."""
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=base_url)
    try:
        return document.write_pdf(pdf_tags=True, pdf_variant="pdf/ua-1")
    except (TypeError, ValueError):  # older WeasyPrint: no variant or no tags argument
        try:
            return document.write_pdf(pdf_tags=True)
        except TypeError:
            return document.write_pdf()
