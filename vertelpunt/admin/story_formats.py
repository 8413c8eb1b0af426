"""The story file formats the upload and download pages offer, in one small registry.

Each format names how to read a file into a project (all rows or none, the caller commits) and how to write
a project's stories. Vertelpunt's own CSV and JSON are registered here; another format (NarraFirma) is added
with :func:`register_format` from its own module, and the pages, the import preview and the export job pick
it up without change.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from vertelpunt.models import Project


@dataclass(frozen=True)
class StoryFormat:
    key: str
    label: str  # Dutch, for the choice on the pages
    extension: str
    media_type: str
    #: (session, project, text stream, status) -> ImportReport; raises a VertelpuntError, stores nothing
    importer: Callable[[Session, Project, io.TextIOBase, str], object] | None
    #: (session, project, text stream, statuses or None) -> number of stories written
    exporter: Callable[[Session, Project, io.TextIOBase, tuple[str, ...] | None], int] | None


FORMATS: dict[str, StoryFormat] = {}


def register_format(story_format: StoryFormat) -> None:
    FORMATS[story_format.key] = story_format


def importable() -> list[StoryFormat]:
    return [f for f in FORMATS.values() if f.importer is not None]


def exportable() -> list[StoryFormat]:
    return [f for f in FORMATS.values() if f.exporter is not None]


def _register_own() -> None:
    from vertelpunt.stories.csv_io import export_csv, export_spreadsheet_csv, import_csv
    from vertelpunt.stories.json_io import export_json, import_json

    # the spreadsheet spelling first: it is what a person downloading in the browser opens (Excel-NL, ';')
    register_format(StoryFormat("csv-nl", "Spreadsheet (Excel, puntkomma's)", "csv", "text/csv; charset=utf-8",
                                import_csv, export_spreadsheet_csv))
    register_format(StoryFormat("csv", "Vertelpunt-CSV (komma's, voor andere programma's)", "csv", "text/csv",
                                import_csv, export_csv))
    register_format(StoryFormat("json", "Vertelpunt-JSON", "json", "application/json", import_json, export_json))


_register_own()
