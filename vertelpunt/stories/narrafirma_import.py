"""NarraFirma's stories CSV -> stories of a project whose form came from NarraFirma (all rows or none).

How to read the file (column names, indexed answers, the scale range, the four multi-choice layouts, the
yes indicator) was kept with the form by :func:`vertelpunt.forms.narrafirma.parse_narrafirma_form`, in the
form's ``narrafirma`` field. Participant answers are repeated on each story of that participant in
NarraFirma's files, so every row is read on its own. Rows without story text are skipped and counted;
columns that belong to no question are listed in the report. Stories wait for moderation unless the caller
asks otherwise (:func:`vertelpunt.stories.services.imported_status`). Like ``stories import`` the caller
commits: on any bad row an error lists every problem with its line and column, and the caller rolls back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from vertelpunt.forms.narrafirma_csv import (
    ExchangeReport,
    NarraFirmaError,
    read_rows,
    unprotect,
)
from vertelpunt.models import Project
from vertelpunt.stories.services import (
    NA,
    StoryError,
    StoryInput,
    create_story,
    imported_status,
)

YES_WORDS = {"yes", "ja", "true", "waar", "1", "x", "checked", "aangevinkt"}
NO_WORDS = {"no", "nee", "false", "onwaar", "0", "unchecked", "niet aangevinkt"}
NA_WORDS = {"does not apply", "n.v.t.", "nvt", "n/a"}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%m/%d/%Y", "%Y/%m/%d", "%d.%m.%Y")


@dataclass
class _Column:
    """Where a question's answers are in the file: the positions and, for yes/no columns, their answer."""

    read: dict
    positions: list[int]
    answers: list[str | None]


def import_narrafirma_stories(session: Session, project: Project, data: bytes | str, *, role: str | None = None,
                              role_column: str | None = None, status: str = "pending") -> ExchangeReport:
    """Add every story of a NarraFirma stories CSV (bytes of an upload or text) to ``project``.

    Exactly one of ``role`` (one role key for the whole file) and ``role_column`` (the column giving each
    story's role, as a role key or label) is needed. Returns the report; raises :class:`NarraFirmaError`."""
    form = project.form
    spec = form.narrafirma
    if not spec:
        raise NarraFirmaError.listing([(f"de vragenset van project '{project.slug}' komt niet uit NarraFirma; "
                                       "importeer eerst de NarraFirma-vragenset (forms import --format "
                                       "narrafirma) en koppel die aan het project")])
    roles = {r.key: r.key for r in form.roles} | {r.label.lower(): r.key for r in form.roles}
    if (role is None) == (role_column is None):
        raise NarraFirmaError.listing([("geef --role (één rol voor het hele bestand) of --role-column (de kolom "
                                       "met de rol van elk verhaal), niet allebei en niet geen van beide")])
    if role is not None and role not in {r.key for r in form.roles}:
        raise NarraFirmaError.listing([(f"de rol '{role}' staat niet in de vragenset (kies uit "
                                       f"{', '.join(r.key for r in form.roles)})")])
    rows = read_rows(data, comments=False)
    if not rows:
        raise NarraFirmaError.listing(["het bestand is leeg of heeft geen kopregel"])
    header_line, header = rows[0]
    header = [unprotect(name) for name in header]
    report = ExchangeReport()
    problems: list[str] = []
    used: set[int] = set()

    def position(name: str | None, required: bool = False) -> int | None:
        if name and name in header:
            used.add(header.index(name))
            return header.index(name)
        if required:
            problems.append(f"regel {header_line}: de kolom '{name}' ontbreekt")
        return None

    text_at = position(spec.get("text_column"), required=True)
    title_at = position(spec.get("title_column"))
    prompt_at = position(spec.get("eliciting_column"))
    date_at, language_at = position(spec.get("date_column")), position(spec.get("language_column"))
    if spec.get("participant_column"):
        position(spec["participant_column"])
    role_at = position(role_column, required=True) if role_column else None
    columns = [_locate(read, header, spec, used, report) for read in spec.get("questions", [])]
    for index, name in enumerate(header):
        if index not in used and name:
            report.note(f"kolom '{name}': hoort bij geen vraag van de vragenset")
    if problems:
        raise NarraFirmaError.listing(problems)
    for line, raw in rows[1:]:
        cells = [unprotect(cell) for cell in raw] + [""] * max(0, len(header) - len(raw))
        if len(raw) > len(header) and any(raw[len(header):]):
            problems.append(f"regel {line}: meer cellen dan kolommen")
            continue
        text = cells[text_at]
        if not text.strip():
            report.skipped_empty += 1
            continue
        row_problems: list[str] = []
        answers: dict = {}
        for column in columns:
            _read_answer(column, cells, header, spec, answers, row_problems, line)
        story_role = role
        if role_at is not None:
            story_role = roles.get(cells[role_at].strip().lower()) or roles.get(cells[role_at].strip())
            if story_role is None:
                row_problems.append(f"regel {line}, kolom {header[role_at]}: '{cells[role_at]}' is geen rol van "
                                    f"de vragenset ({', '.join(r.key for r in form.roles)})")
        prompt_key = None
        if prompt_at is not None and cells[prompt_at]:
            prompt_key = _lookup(spec.get("prompts", {}), cells[prompt_at])
            if prompt_key is None:
                row_problems.append(f"regel {line}, kolom {header[prompt_at]}: '{cells[prompt_at]}' is geen "
                                    "vertelvraag van de vragenset")
        week = _date(cells[date_at], line, header[date_at], row_problems) if date_at is not None else None
        if row_problems:
            problems.extend(row_problems)
            continue
        data_in = StoryInput(
            role=story_role or "", text=text, answers=answers, prompt_key=prompt_key,
            title=(cells[title_at] if title_at is not None else "") or None, week=week, channel="import",
            language=(cells[language_at] if language_at is not None else "")[:8] or "nl",
            status=imported_status(None, status),
        )
        try:
            with session.no_autoflush:
                create_story(session, project, data_in)
        except StoryError as error:
            names = {column.read["key"]: header[column.positions[0]] for column in columns if column.positions}
            names |= {"text": header[text_at], "title": spec.get("title_column"), "prompt": spec.get("eliciting_column")}
            problems.extend(f"regel {line}, kolom {names.get(key) or key}: {message}"
                            for key, message in error.errors.items())
            continue
        report.imported += 1
    if problems:
        raise NarraFirmaError.listing(problems)
    if not report.imported:
        raise NarraFirmaError.listing(["het bestand heeft geen enkel verhaal met tekst"])
    session.flush()
    return report


def _locate(read: dict, header: list[str], spec: dict, used: set[int], report: ExchangeReport) -> _Column:
    name, layout = read["column"], read["layout"]
    if layout == "multi_texts":
        positions = [i for i, h in enumerate(header) if h == name]
        answers = [None] * len(positions)
    elif layout == "multi_yesno":
        positions, answers = [], []
        separator, ending = (spec.get("qa_separator") or "").strip(), (spec.get("qa_ending") or "").strip()
        for index, heading in enumerate(header):
            if not heading.startswith(name) or heading == name:
                continue
            rest = heading[len(name):].strip()
            if separator and rest.startswith(separator):
                rest = rest[len(separator):]
                rest = rest[: -len(ending)] if ending and rest.endswith(ending) else rest
            elif rest.startswith(":"):
                rest = rest[1:]
            elif rest.startswith("[") and rest.endswith("]"):
                rest = rest[1:-1]
            else:
                continue
            positions.append(index)
            answers.append(rest.strip())
    else:
        positions = [header.index(name)] if name in header else []
        answers = [None] * len(positions)
    used.update(positions)
    if not positions:
        report.note(f"vraag '{read['key']}': de kolom '{name}' staat niet in het bestand")
    write_in = read.get("write_in")
    if write_in and write_in["column"] in header:
        used.add(header.index(write_in["column"]))
    return _Column(read, positions, answers)


def _lookup(mapping, value: str):
    """An answer's import name -> its key: exactly, else ignoring case and spaces around it."""
    pairs = mapping.items() if isinstance(mapping, dict) else mapping
    pairs = list(pairs)
    for name, key in pairs:
        if name == value:
            return key
    folded = value.strip().lower()
    return next((key for name, key in pairs if name.strip().lower() == folded), None)


def _read_answer(column: _Column, cells: list[str], header: list[str], spec: dict, answers: dict,
                 problems: list[str], line: int) -> None:
    read, layout = column.read, column.read["layout"]
    key, options = read["key"], read.get("answers", [])
    write_in = read.get("write_in")
    if write_in and write_in["column"] in header and cells[header.index(write_in["column"])].strip():
        answers[write_in["key"]] = cells[header.index(write_in["column"])].strip()
    if not column.positions:
        return
    first = column.positions[0]
    cell, where = cells[first].strip(), f"regel {line}, kolom {header[first]}"

    def option(value: str, at: str) -> str | None:
        found = _lookup(options, value)
        if found is None:
            problems.append(f"{at}: '{value}' is geen antwoord van deze vraag")
        return found

    def indexed(value: str, at: str) -> str | None:
        if value.isdigit() and 1 <= int(value) <= len(options):
            return options[int(value) - 1][1]
        problems.append(f"{at}: '{value}' is geen antwoordnummer (1 tot en met {len(options)})")
        return None

    if layout in ("single", "indexed"):
        if cell:
            found = option(cell, where) if layout == "single" else indexed(cell, where)
            if found:
                answers[key] = found
    elif layout in ("boolean", "checkbox"):
        if cell:
            folded = cell.lower()
            yes = folded == str(spec.get("yes") or "yes").lower() or folded in YES_WORDS
            if not yes and folded not in NO_WORDS:
                problems.append(f"{where}: '{cell}' is geen ja of nee")
            else:
                answers[key] = "ja" if yes else "nee"
    elif layout == "scale":
        if cell:
            _scale(read, spec, cell, where, answers, problems)
    elif layout in ("text", "textarea"):
        if cell:
            answers[key] = cell
    else:
        chosen = _multi(column, cells, header, spec, line, option, indexed)
        if chosen:
            answers[key] = list(dict.fromkeys(chosen))


def _multi(column: _Column, cells, header, spec, line, option, indexed) -> list[str]:
    layout, chosen = column.read["layout"], []
    yes = str(spec.get("yes") or "yes").lower()
    for index, answer in zip(column.positions, column.answers):
        cell, where = cells[index].strip(), f"regel {line}, kolom {header[index]}"
        if not cell:
            continue
        if layout == "multi_texts":
            parts = [cell]
        elif layout == "multi_yesno":
            parts = [answer] if cell.lower() == yes else []
        else:
            delimiter = spec.get("delimiter") or ","
            parts = [p.strip() for p in cell.split(delimiter)]
            if layout == "multi_delimited_indexed":
                parts = [piece for part in parts for piece in part.split()]
        for part in filter(None, parts):
            found = indexed(part, where) if layout == "multi_delimited_indexed" else option(part, where)
            if found:
                chosen.append(found)
    return chosen


def _scale(read: dict, spec: dict, cell: str, where: str, answers: dict, problems: list[str]) -> None:
    if cell.lower() in NA_WORDS or (read.get("na") and cell.lower() == read["na"].lower()):
        answers[read["key"]] = NA
        return
    low, high = read.get("range") or spec.get("scale_range") or [0, 100]
    try:
        value = float(cell.replace(",", "."))
    except ValueError:
        problems.append(f"{where}: '{cell}' is geen getal")
        return
    if not low <= value <= high:
        problems.append(f"{where}: {cell} ligt niet tussen {low:g} en {high:g}")
        return
    answers[read["key"]] = round((value - low) / (high - low) * 100, 4)


def _date(cell: str, line: int, column: str, problems: list[str]) -> date | None:
    value = cell.strip()
    if not value:
        return None
    for layout in DATE_FORMATS:
        try:
            return datetime.strptime(re.split(r"[ T]", value)[0], layout).date()
        except ValueError:
            continue
    problems.append(f"regel {line}, kolom {column}: '{value}' is geen datum (JJJJ-MM-DD)")
    return None
