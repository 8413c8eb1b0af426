"""Stories as JSON: a list of objects with the CSV's fixed fields and an ``answers`` mapping."""
from __future__ import annotations

import io
import json
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from vertelpunt.forms.question_types import type_of
from vertelpunt.models import Project, Story
from vertelpunt.stories.csv_io import MAX_IMPORT_ROWS, NUL_PROBLEM, ImportReport, StoryImportError, import_week
from vertelpunt.stories.services import StoryError, StoryInput, create_story, imported_status, story_answers

FIELDS = ("public_id", "role", "prompt", "title", "text", "week", "channel", "language", "complete", "status", "region", "answers")


def story_document(story: Story) -> dict:
    return {
        "public_id": story.public_id, "role": story.role, "prompt": story.prompt_key, "title": story.title,
        "text": story.text, "week": story.week.isoformat(), "channel": story.channel,
        "language": story.language, "complete": story.is_complete, "status": story.status,
        "region": story.region.key if story.region else None, "answers": _answer_values(story),
    }


def _answer_values(story: Story) -> dict:
    by_key = {question.key: question for question in story.form.questions}
    return {key: type_of(by_key[key]).to_json(by_key[key], value) for key, value in story_answers(story).items()}


def _raw_answers(by_key: dict, answers) -> dict:
    """The answers of a document as raw values for the story service (which cleans and checks them)."""
    if not isinstance(answers, dict):
        raise StoryError("moet per vraag-sleutel een antwoord geven", "answers")
    return {key: type_of(by_key[key]).from_json(by_key[key], value) if key in by_key else value
            for key, value in answers.items()}


def export_json(session: Session, project: Project, out: io.TextIOBase, statuses: tuple[str, ...] | None = None) -> int:
    query = (
        select(Story).where(Story.project_id == project.id).order_by(Story.id)
        .options(selectinload(Story.answers), selectinload(Story.region), selectinload(Story.municipality))
    )
    if statuses:
        query = query.where(Story.status.in_(statuses))
    documents = [story_document(story) for story in session.scalars(query)]
    json.dump({"project": project.slug, "form": project.form.key, "stories": documents}, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(documents)


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def import_json(session: Session, project: Project, source: io.TextIOBase, status: str = "pending") -> ImportReport:
    """Add every story in the document; any bad entry -> nothing is added (the caller rolls back)."""
    try:
        document = json.load(source)
        has_nul = _has_nul(document)
    except json.JSONDecodeError as error:
        raise StoryImportError.listing([f"regel {error.lineno}: geen geldige JSON ({error.msg})"]) from None
    except RecursionError:
        raise StoryImportError.listing(["het bestand is te diep genest om als verhalen te lezen"]) from None
    if has_nul:
        raise StoryImportError.listing([NUL_PROBLEM])
    entries = document.get("stories") if isinstance(document, dict) else document
    if not isinstance(entries, list):
        raise StoryImportError.listing(["verwacht een lijst van verhalen (of een object met 'stories')"])
    if len(entries) > MAX_IMPORT_ROWS:
        raise StoryImportError.listing([f"meer dan {MAX_IMPORT_ROWS} verhalen"])
    problems: list[str] = []
    imported = renumbered = 0
    seen: set[str] = set()
    questions = {question.key: question for question in project.form.questions}
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(f"verhaal {index}: verwacht een object")
            continue
        unknown = sorted(set(entry) - set(FIELDS))
        if unknown:
            problems.append(f"verhaal {index}: onbekende velden {', '.join(unknown)}")
            continue
        try:
            week = import_week(entry.get("week"))
            requested = entry.get("public_id") or None
            data = StoryInput(
                role=str(entry.get("role") or ""), text=str(entry.get("text") or ""),
                answers=entry.get("answers") or {}, prompt_key=entry.get("prompt") or None,
                title=entry.get("title") or None, week=week, channel=entry.get("channel") or "import",
                language=entry.get("language") or "nl", region_key=entry.get("region") or None,
                public_id=None if requested in seen else requested, status=imported_status(entry.get("status") or None, status),
            )
            data = replace(data, answers=_raw_answers(questions, data.answers))
            with session.no_autoflush:
                story = create_story(session, project, data)
        except StoryError as error:
            problems.extend(f"verhaal {index}, {key}: {message}" for key, message in error.errors.items())
            continue
        seen.add(story.public_id)
        imported += 1
        renumbered += int(requested is not None and story.public_id != requested)
    if problems:
        raise StoryImportError.listing(problems)
    session.flush()
    return ImportReport(imported=imported, renumbered=renumbered)
