"""Read-only snapshots of a form version, loaded once per process and shared by every request.

Building a form from the ORM costs about ten queries and some sixty objects (roles, prompts, modules,
questions, options), and the public story form needs it on every page and every submission. A form
version never changes once a story uses it (:mod:`vertelpunt.forms.immutability`), and the app never
edits a form in place (changed content is imported as a new version), so its parsed definition can be
kept in memory.

The snapshot classes have the attribute names and methods of the ORM classes that readers use
(``form.questions``, ``form.role(key)``, ``question.option_keys()``, ``question.text_for(role)`` ...), so
services and templates take either. They are frozen: a snapshot is shared between threads and must
never be written to. It is never attached to a session either; stories still point to the ORM form.

The cache key is (form id, content hash), so a database with other content under the same id (a
restored backup, a test database) never gets a wrong snapshot. Any flush that adds, changes or deletes
form rows in this process empties the cache, to be safe for unused (still editable) versions too.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

from sqlalchemy import event, select
from sqlalchemy.orm import Session, selectinload

from vertelpunt.forms.question_types import QuestionType, type_of
from vertelpunt.models import FormModule, FormRole, Module, Option, Prompt, Question, StoryForm

FORM_CLASSES = (StoryForm, FormRole, Prompt, FormModule, Module, Question, Option)


@dataclass(frozen=True, eq=False)
class OptionSpec:
    key: str
    label: str
    position: int


@dataclass(frozen=True, eq=False)
class QuestionSpec:
    id: int
    key: str
    type: str
    section: str
    text: str
    help: str | None
    position: int
    left_label: str | None
    right_label: str | None
    allow_na: bool
    max_choices: int | None
    max_length: int | None
    roles: list[str] | None  # a list, like the JSON column; never written to
    text_by_role: dict[str, str] | None
    options: tuple[OptionSpec, ...]
    _option_keys: tuple[str, ...] = field(repr=False)
    ordered: bool = False
    off_scale: tuple[str, ...] | None = None

    @property
    def kind(self) -> QuestionType:
        return type_of(self)

    def applies_to(self, role: str) -> bool:
        return not self.roles or role in self.roles

    def text_for(self, role: str) -> str:
        return (self.text_by_role or {}).get(role, self.text)

    def option_keys(self) -> list[str]:
        return list(self._option_keys)


@dataclass(frozen=True, eq=False)
class PromptSpec:
    key: str
    text: str
    position: int


@dataclass(frozen=True, eq=False)
class RoleSpec:
    id: int
    key: str
    label: str
    position: int
    prompts: tuple[PromptSpec, ...]


@dataclass(frozen=True, eq=False)
class ModuleSpec:
    id: int
    key: str
    version: int
    title: str
    is_core: bool
    questions: tuple[QuestionSpec, ...]


@dataclass(frozen=True, eq=False)
class FormSpec:
    """One form version, read-only. Hashable by identity, so per-form results can be memoised."""

    id: int
    key: str
    version: int
    title: str
    language: str
    min_words: int
    first_questions: int
    content_hash: str
    roles: tuple[RoleSpec, ...]
    modules: tuple[ModuleSpec, ...]
    questions: tuple[QuestionSpec, ...]
    expected: tuple[tuple[str, str], ...] = ()  # question pairs the form relates on purpose
    narrafirma: dict | None = field(default=None, compare=False)  # how to read NarraFirma's stories file
    translations: dict | None = field(default=None, compare=False)  # texts in other languages (forms/translations.py)
    _by_role: dict = field(default_factory=dict, repr=False)

    def role(self, key: str) -> RoleSpec | None:
        return next((role for role in self.roles if role.key == key), None)

    def questions_for(self, role: str) -> tuple[QuestionSpec, ...]:
        found = self._by_role.get(role)
        if found is None:
            found = tuple(question for question in self.questions if question.applies_to(role))
            self._by_role[role] = found  # same value whichever thread stores it first
        return found


_cache: dict[tuple[int, str], FormSpec] = {}
_generation = [0]
_lock = threading.Lock()


def form_spec(form: StoryForm | FormSpec) -> FormSpec:
    """The snapshot of a stored form version (the ORM form must belong to a session)."""
    if isinstance(form, FormSpec):
        return form
    if form.id is None:  # not stored yet: nothing to share
        return _snapshot(form)
    key = (form.id, form.content_hash)
    spec = _cache.get(key)
    if spec is not None:
        return spec
    generation = _generation[0]
    session = Session.object_session(form)
    spec = _snapshot(_load(session, form))
    if session is not None and _has_form_changes(session):
        return spec  # edits not yet flushed are this session's business only
    with _lock:
        if generation == _generation[0]:  # no form changed while we were reading it
            _cache[key] = spec
    return spec


def clear_cache() -> None:
    with _lock:
        _generation[0] += 1
        _cache.clear()


def _load(session: Session | None, form: StoryForm) -> StoryForm:
    """All of the form in five queries (or none, for collections this session already loaded)."""
    if session is None:
        return form
    with session.no_autoflush:  # a first load must not flush the caller's pending work early
        return session.scalar(
            select(StoryForm).where(StoryForm.id == form.id).options(
                selectinload(StoryForm.roles).selectinload(FormRole.prompts),
                selectinload(StoryForm.module_links).selectinload(FormModule.module)
                .selectinload(Module.questions).selectinload(Question.options),
            )
        ) or form


def _snapshot(form: StoryForm) -> FormSpec:
    modules = tuple(_module_spec(module) for module in form.modules)
    return FormSpec(
        id=form.id, key=form.key, version=form.version, title=form.title, language=form.language,
        min_words=form.min_words, first_questions=form.first_questions, content_hash=form.content_hash,
        roles=tuple(
            RoleSpec(id=role.id, key=role.key, label=role.label, position=role.position,
                     prompts=tuple(PromptSpec(p.key, p.text, p.position) for p in role.prompts))
            for role in form.roles
        ),
        modules=modules,
        questions=tuple(question for module in modules for question in module.questions),
        expected=tuple(tuple(pair) for pair in form.expected or ()),
        narrafirma=form.narrafirma, translations=form.translations,
    )


def _module_spec(module: Module) -> ModuleSpec:
    return ModuleSpec(
        id=module.id, key=module.key, version=module.version, title=module.title, is_core=module.is_core,
        questions=tuple(_question_spec(question) for question in module.questions),
    )


def _question_spec(question: Question) -> QuestionSpec:
    options = tuple(OptionSpec(o.key, o.label, o.position) for o in question.options)
    return QuestionSpec(
        id=question.id, key=question.key, type=question.type, section=question.section, text=question.text,
        help=question.help, position=question.position, left_label=question.left_label,
        right_label=question.right_label, allow_na=question.allow_na, max_choices=question.max_choices,
        max_length=question.max_length, roles=list(question.roles) if question.roles is not None else None,
        text_by_role=dict(question.text_by_role) if question.text_by_role is not None else None,
        options=options, _option_keys=tuple(o.key for o in options),
        ordered=bool(question.ordered), off_scale=tuple(question.off_scale) if question.off_scale else None,
    )


def _has_form_changes(session: Session) -> bool:
    return any(isinstance(obj, FORM_CLASSES) for collection in (session.new, session.dirty, session.deleted)
               for obj in collection)


def _forget_changed_forms(session: Session, _context, _instances) -> None:
    if _has_form_changes(session):
        clear_cache()


def install() -> None:
    if not event.contains(Session, "before_flush", _forget_changed_forms):
        event.listen(Session, "before_flush", _forget_changed_forms)
