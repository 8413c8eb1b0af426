"""Stories as CSV: one row per story, one column per question key.

The format round-trips exactly: exporting a project and importing the file into another project with
the same form reproduces every answer. Cells that a spreadsheet would run as a formula are prefixed with
an apostrophe on export (and the apostrophe is removed again on import), so opening an export in Excel or
LibreOffice can never execute story text.

Two spellings of the same table: Vertelpunt-CSV (``,`` between cells, the machine format other tools and
earlier exports use) and spreadsheet-CSV (``;`` and a UTF-8 byte order mark, which a Dutch Excel opens in
columns with the accents right). The import reads both: the separator is taken from the header row.
"""
from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from vertelpunt.forms.question_types import type_of
from vertelpunt.models import Project, Question, Story
from vertelpunt.stories.services import StoryError, StoryInput, create_story, imported_status, story_answers
from vertelpunt.errors import VertelpuntError

FIXED_COLUMNS = ("public_id", "role", "prompt", "title", "text", "week", "channel", "language", "complete", "status", "region")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
MAX_IMPORT_ROWS = 200_000
#: PostgreSQL cannot store text with a NUL character; people never type one, so such a file is damaged.
NUL_PROBLEM = ("bevat een onzichtbaar teken (NUL) dat niet kan worden opgeslagen; "
               "het bestand is waarschijnlijk beschadigd")


@dataclass(frozen=True)
class ImportReport:
    imported: int
    renumbered: int


class StoryImportError(VertelpuntError):
    """Problems per row (1-based, the header is row 1) and column; nothing has been stored."""

    listing_heading = "Het bestand is niet ingelezen; er is niets opgeslagen:"
    listing_limit = 25


def protect_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def unprotect_cell(value: str) -> str:
    return value[1:] if value.startswith("'") else value


def columns_for(questions: list[Question]) -> list[str]:
    return list(FIXED_COLUMNS) + [question.key for question in questions]


def _answer_cell(question: Question, value) -> str:
    return "" if value is None else type_of(question).to_cell(question, value)


def export_rows(session: Session, project: Project, statuses: tuple[str, ...] | None = None):
    """Yield the header and one row per story (in the order they were stored)."""
    questions = project.form.questions
    yield columns_for(questions)
    query = (
        select(Story).where(Story.project_id == project.id).order_by(Story.id)
        .options(selectinload(Story.answers), selectinload(Story.region), selectinload(Story.municipality))
    )
    if statuses:
        query = query.where(Story.status.in_(statuses))
    for story in session.scalars(query):
        by_key = {q.key: q for q in story.form.questions}
        answers = story_answers(story)
        fixed = [
            story.public_id, story.role, story.prompt_key or "", story.title or "", story.text,
            story.week.isoformat(), story.channel, story.language, "1" if story.is_complete else "0",
            story.status, story.region.key if story.region else "",
        ]
        cells = [_answer_cell(by_key[q.key], answers.get(q.key)) if q.key in by_key else "" for q in questions]
        yield [protect_cell(cell) for cell in fixed + cells]


#: What a Dutch spreadsheet expects: ';' between cells (',' is the decimal sign there) and a byte order mark
#: so that Excel reads the file as UTF-8.
SPREADSHEET_DELIMITER = ";"
BOM = "\ufeff"


def spreadsheet_writer(out: io.TextIOBase):
    """A csv writer for a file opened by people in a Dutch spreadsheet: BOM first, ';' between cells."""
    out.write(BOM)
    return csv.writer(out, delimiter=SPREADSHEET_DELIMITER, lineterminator="\r\n")


def export_csv(session: Session, project: Project, out: io.TextIOBase, statuses: tuple[str, ...] | None = None) -> int:
    writer = csv.writer(out, lineterminator="\n")
    return _write_rows(writer, session, project, statuses)


def export_spreadsheet_csv(session: Session, project: Project, out: io.TextIOBase,
                           statuses: tuple[str, ...] | None = None) -> int:
    """The same table as :func:`export_csv`, for Excel-NL and LibreOffice: ';' and a BOM; re-importable."""
    return _write_rows(spreadsheet_writer(out), session, project, statuses)


def _write_rows(writer, session: Session, project: Project, statuses: tuple[str, ...] | None) -> int:
    count = -1
    for row in export_rows(session, project, statuses):
        writer.writerow(row)
        count += 1
    return count


def _parse_answer(question: Question, cell: str):
    return None if cell == "" else type_of(question).from_cell(question, cell)


def import_week(value) -> date | None:
    """The week of an imported story (any day of it, as JJJJ-MM-DD), or None when the file gives none."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise StoryError(f"'{value}' is geen datum (JJJJ-MM-DD)", "week") from None


def _row_to_input(row: dict, questions: list[Question], status: str = "pending") -> StoryInput:
    week = import_week(row.get("week"))
    answers = {}
    for question in questions:
        value = _parse_answer(question, row.get(question.key) or "")
        if value is not None:
            answers[question.key] = value
    return StoryInput(
        role=row.get("role") or "",
        text=row.get("text") or "",
        answers=answers,
        prompt_key=row.get("prompt") or None,
        title=row.get("title") or None,
        week=week,
        channel=row.get("channel") or "import",
        language=row.get("language") or "nl",
        region_key=row.get("region") or None,
        public_id=row.get("public_id") or None,
        status=imported_status(row.get("status") or None, status),
    )


def import_csv(session: Session, project: Project, source: io.TextIOBase, status: str = "pending") -> ImportReport:
    """Add every row as a story of ``project``; the caller commits. Any bad row -> nothing is added.

    Public ids are kept where they are free; a story whose id is already taken (for example when a
    project is copied within one database) gets a new id, and the count is reported.
    """
    first = source.readline().removeprefix(BOM)
    # the header holds only column names (question keys), so its separator tells the file's spelling
    delimiter = SPREADSHEET_DELIMITER if first.count(SPREADSHEET_DELIMITER) > first.count(",") else ","
    reader = csv.DictReader(itertools.chain([first], source), delimiter=delimiter)
    questions = project.form.questions
    known = set(columns_for(questions))
    header = reader.fieldnames or []
    problems = []
    if not header:
        raise StoryImportError.listing(["het bestand is leeg of heeft geen kopregel"])
    unknown = [name for name in header if name not in known]
    if unknown:
        problems.append(f"rij 1: onbekende kolommen {', '.join(unknown)} (niet in de vragenset van dit project)")
    for required in ("role", "text"):
        if required not in header:
            problems.append(f"rij 1: de kolom '{required}' ontbreekt")
    if len(set(header)) != len(header):
        problems.append("rij 1: een kolomnaam staat er twee keer")
    if problems:
        raise StoryImportError.listing(problems)
    imported = renumbered = 0
    seen_ids: set[str] = set()
    try:
        for line, raw in enumerate(reader, start=2):
            if line - 1 > MAX_IMPORT_ROWS:
                problems.append(f"het bestand heeft meer dan {MAX_IMPORT_ROWS} rijen")
                break
            if None in raw:
                problems.append(f"rij {line}: meer cellen dan kolommen")
                continue
            if any("\x00" in (value or "") for value in raw.values()):
                problems.append(f"rij {line}: {NUL_PROBLEM}")
                continue
            row = {key: unprotect_cell(value or "") for key, value in raw.items()}
            try:
                data = _row_to_input(row, questions, status)
                requested = data.public_id
                if requested in seen_ids:
                    data = replace(data, public_id=None)
                with session.no_autoflush:
                    story = create_story(session, project, data)
            except StoryError as error:
                problems.extend(f"rij {line}, kolom {key}: {message}" for key, message in error.errors.items())
                continue
            imported += 1
            seen_ids.add(story.public_id)
            renumbered += int(requested is not None and story.public_id != requested)
            if imported % 500 == 0 and not problems:
                session.flush()
    except csv.Error as error:
        problems.append(f"rij {reader.line_num}: het CSV-bestand is niet goed leesbaar ({error})")
    if problems:
        raise StoryImportError.listing(problems)
    session.flush()
    return ImportReport(imported=imported, renumbered=renumbered)
