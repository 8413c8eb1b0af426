"""Import and export story forms as immutable, versioned definitions.

A form version never changes once stored: importing changed content creates the next version, and
open projects on an earlier version move to it, while each story keeps the version it was told with.
Modules with the same key and identical content are reused, so projects sharing the core module give
comparable answers.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vertelpunt.forms.files import parse_form_text, read_form_file  # noqa: F401 (their old home)
from vertelpunt.forms.question_types import type_of
from vertelpunt.forms.translations import spread_translations
from vertelpunt.models import FormModule, FormRole, Module, Option, Project, ProjectStatus, Prompt, Question, StoryForm

DEFAULT_FORM_PATH = Path(__file__).resolve().parent.parent / "data" / "forms" / "vertelpunt-landelijk.yaml"
DEFAULT_FORM_KEY = "vertelpunt-landelijk"


@dataclass(frozen=True)
class ImportOutcome:
    form: StoryForm
    created: bool
    moved_projects: tuple[str, ...] = ()


def content_hash(data) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def latest_form(session: Session, key: str) -> StoryForm | None:
    return session.scalar(select(StoryForm).where(StoryForm.key == key).order_by(StoryForm.version.desc()).limit(1))


def import_definition(session: Session, definition: dict) -> ImportOutcome:
    """Store ``definition`` (already normalised) unless the latest version is identical.

    Everything is added to ``session`` but not committed: the caller commits once, so a failure leaves
    nothing half-imported.
    """
    form_hash = content_hash(definition)
    current = latest_form(session, definition["key"])
    if current is not None and current.content_hash == form_hash:
        return ImportOutcome(current, created=False)
    form = StoryForm(
        key=definition["key"],
        version=(current.version + 1) if current is not None else 1,
        title=definition["title"],
        language=definition["language"],
        min_words=definition["completeness"]["min_words"],
        first_questions=definition["completeness"]["first_questions"],
        content_hash=form_hash,
        expected=definition.get("expected"),
        narrafirma=definition.get("narrafirma"),
        translations=definition.get("translations"),
    )
    for position, role in enumerate(definition["roles"]):
        form.roles.append(FormRole(
            key=role["key"], label=role["label"], position=position,
            prompts=[Prompt(key=p["key"], text=p["text"], position=i) for i, p in enumerate(role["prompts"])],
        ))
    for position, module in enumerate(definition["modules"]):
        form.module_links.append(FormModule(module=_module_for(session, module), position=position))
    session.add(form)
    moved = []
    if current is not None:
        projects = session.scalars(
            select(Project).join(StoryForm, Project.form_id == StoryForm.id).where(
                StoryForm.key == form.key, Project.status == ProjectStatus.OPEN.value
            )
        )
        for project in projects:
            project.form = form
            moved.append(project.slug)
    session.flush()
    return ImportOutcome(form, created=True, moved_projects=tuple(moved))


def _module_for(session: Session, module: dict) -> Module:
    """Reuse a stored module with identical content, or store it as that key's next version."""
    module_hash = content_hash(module)
    existing = session.scalar(select(Module).where(Module.key == module["key"], Module.content_hash == module_hash))
    if existing is not None:
        return existing
    latest_version = session.scalar(select(func.max(Module.version)).where(Module.key == module["key"])) or 0
    stored = Module(
        key=module["key"], version=latest_version + 1, title=module["title"],
        is_core=module["core"], content_hash=module_hash,
    )
    for position, question in enumerate(module["questions"]):
        choices_field = type_of(question).choices_field
        choices = (question.get(choices_field) if choices_field else None) or []
        stored.questions.append(Question(
            key=question["key"], type=question["type"], section=question["section"], text=question["text"],
            help=question["help"], position=position, roles=question["roles"],
            text_by_role=question["text_by_role"], left_label=question.get("left"),
            right_label=question.get("right"), allow_na=question.get("allow_na", True),
            ordered=question.get("ordered", False), off_scale=question.get("off_scale"),
            max_choices=question.get("max_choices"), max_length=question.get("max_length"),
            options=[Option(key=o["key"], label=o["label"], position=i) for i, o in enumerate(choices)],
        ))
    session.add(stored)
    return stored


def form_definition(form: StoryForm) -> dict:
    """The normalised definition of a stored form version (the inverse of :func:`import_definition`)."""
    return {
        "format": "vertelpunt-form/1",
        "key": form.key,
        "title": form.title,
        "language": form.language,
        "completeness": {"min_words": form.min_words, "first_questions": form.first_questions},
        "roles": [
            {"key": role.key, "label": role.label,
             "prompts": [{"key": p.key, "text": p.text} for p in role.prompts]}
            for role in form.roles
        ],
        "modules": [
            {"key": module.key, "title": module.title, "core": module.is_core,
             "questions": [question_definition(q) for q in module.questions]}
            for module in form.modules
        ],
    } | ({"expected": [list(pair) for pair in form.expected]} if form.expected else {}) \
      | ({"narrafirma": form.narrafirma} if form.narrafirma else {}) \
      | ({"translations": form.translations} if form.translations else {})


def question_definition(question: Question) -> dict:
    """A stored question as its normalised definition: the common fields, then its type's own."""
    data = {
        "key": question.key, "type": question.type, "section": question.section, "text": question.text,
        "help": question.help, "roles": question.roles, "text_by_role": question.text_by_role,
    }
    data.update(type_of(question).definition_of(question))
    return data


def export_document(form: StoryForm) -> dict:
    """A definition for a file: defaults and empty fields left out, so it reads like a hand-written one."""
    definition = form_definition(form)
    for module in definition["modules"]:
        module["questions"] = [_compact_question(q) for q in module["questions"]]
    return spread_translations(definition)


def _compact_question(question: dict) -> dict:
    compact = {k: v for k, v in question.items() if v is not None}
    if compact.get("section") == "duiding":
        del compact["section"]
    if compact.get("allow_na") is True:
        del compact["allow_na"]
    return compact
