"""Refuse any change to a form version that a story already uses.

Stories are interpreted through the form they were told with; changing a question afterwards would
silently change the meaning of stored answers. Changes go through a new version instead
(:func:`vertelpunt.forms.services.import_definition`). The guard runs on every flush, so no code path
(CLI, admin page, a future API) can bypass it.
"""
from __future__ import annotations

from sqlalchemy import event, exists, select
from sqlalchemy.orm import Session

from vertelpunt.models import FormModule, FormRole, Module, Option, Prompt, Question, Story, StoryForm


class FormVersionLockedError(RuntimeError):
    pass


def _form_ids(obj) -> set[int]:
    if isinstance(obj, StoryForm):
        return {obj.id}
    if isinstance(obj, FormRole):
        return {obj.form_id}
    if isinstance(obj, Prompt):
        return {obj.role.form_id} if obj.role is not None else set()
    if isinstance(obj, Option):
        return _module_form_ids(obj.question.module) if obj.question is not None else set()
    if isinstance(obj, Question):
        return _module_form_ids(obj.module) if obj.module is not None else set()
    if isinstance(obj, Module):
        return _module_form_ids(obj)
    return set()


def _module_form_ids(module: Module) -> set[int]:
    session = Session.object_session(module)
    if session is None or module.id is None:
        return set()
    return set(session.scalars(select(FormModule.form_id).where(FormModule.module_id == module.id)))


def _guard(session: Session, _context, _instances) -> None:
    touched = [obj for obj in session.dirty if session.is_modified(obj)] + list(session.deleted)
    form_ids: set[int] = set()
    for obj in touched:
        if isinstance(obj, (StoryForm, FormRole, Prompt, Module, Question, Option)):
            form_ids |= {form_id for form_id in _form_ids(obj) if form_id is not None}
    if not form_ids:
        return
    with session.no_autoflush:
        used = session.scalar(select(exists().where(Story.form_id.in_(form_ids))))
    if used:
        raise FormVersionLockedError(
            "Deze versie van de vragenset is al gebruikt door verhalen en kan niet meer veranderen. "
            "Importeer de aangepaste vragenset als nieuwe versie."
        )


def install() -> None:
    from vertelpunt.forms import snapshot

    if not event.contains(Session, "before_flush", _guard):
        event.listen(Session, "before_flush", _guard)
    snapshot.install()  # cached form snapshots are dropped whenever form rows change
