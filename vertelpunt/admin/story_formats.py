"""The story file formats the upload and download pages offer, in one small registry.

Each format names how to read a file into a project (all rows or none, the caller commits) and how to write
a project's stories (one file, or several that the export job puts in a ZIP). Vertelpunt's own CSV and JSON
are registered here; NarraFirma is added with :func:`register_format` from its own module
(vertelpunt/admin/narrafirma_format.py), and the pages, the import preview, the import job and the export
job pick it up without change. A format whose file does not say who told each story sets ``asks_role``: the
upload page then asks for one role for the whole file or the column that holds it.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from vertelpunt.models import Project


@dataclass(frozen=True)
class ImportChoices:
    """What the upload page asked besides the file: the status of the stories, and for a format that asks for
    it (``StoryFormat.asks_role``) where each story's role comes from: one role, or a column of the file."""

    status: str
    role: str | None = None
    role_column: str | None = None


@dataclass(frozen=True)
class StoryFormat:
    key: str
    label: str  # Dutch, for the choice on the pages
    extension: str  # of the export's file when it is one file; several files become a ZIP
    media_type: str
    #: (session, project, text, choices) -> report with ``imported`` (and ``lines()`` for the preview);
    #: raises a VertelpuntError, stores nothing the caller does not commit
    importer: Callable[[Session, Project, str, ImportChoices], object] | None
    #: (session, project, statuses or None) -> {file name: text}; more than one file is exported as a ZIP
    exporter: Callable[[Session, Project, tuple[str, ...] | None], dict[str, str]] | None
    asks_role: bool = False  # the file does not say who told each story: the upload page asks


FORMATS: dict[str, StoryFormat] = {}


def register_format(story_format: StoryFormat) -> None:
    FORMATS[story_format.key] = story_format


def importable() -> list[StoryFormat]:
    return [f for f in FORMATS.values() if f.importer is not None]


def exportable() -> list[StoryFormat]:
    return [f for f in FORMATS.values() if f.exporter is not None]


def _stream_importer(read):
    """An importer of Vertelpunt's own (reads a text stream, takes only the status) in the registry's shape."""
    def importer(session: Session, project: Project, text: str, choices: ImportChoices):
        return read(session, project, io.StringIO(text, newline=""), status=choices.status)
    return importer


def _one_file(write, extension: str):
    """An exporter of Vertelpunt's own (writes one text stream) in the registry's shape."""
    def exporter(session: Session, project: Project, statuses: tuple[str, ...] | None) -> dict[str, str]:
        out = io.StringIO(newline="")
        write(session, project, out, statuses)
        return {f"verhalen-{project.slug}.{extension}": out.getvalue()}
    return exporter


def _register_own() -> None:
    from vertelpunt.stories.csv_io import export_csv, export_spreadsheet_csv, import_csv
    from vertelpunt.stories.json_io import export_json, import_json

    # the spreadsheet spelling first: it is what a person downloading in the browser opens (Excel-NL, ';')
    register_format(StoryFormat("csv-nl", "Spreadsheet (Excel, puntkomma's)", "csv", "text/csv; charset=utf-8",
                                _stream_importer(import_csv), _one_file(export_spreadsheet_csv, "csv")))
    register_format(StoryFormat("csv", "Vertelpunt-CSV (komma's, voor andere programma's)", "csv", "text/csv",
                                _stream_importer(import_csv), _one_file(export_csv, "csv")))
    register_format(StoryFormat("json", "Vertelpunt-JSON", "json", "application/json", _stream_importer(import_json),
                                _one_file(export_json, "json")))


_register_own()
