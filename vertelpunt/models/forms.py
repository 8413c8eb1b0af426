"""Story forms: ordered modules of questions, versioned and immutable once used.

A form version is frozen as soon as a story refers to it; changed content is imported as a new version
(see :mod:`vertelpunt.forms.services`). Modules are shared between forms: the core module that several
projects use is one row, so their answers stay comparable. Questions and options carry stable keys;
stored answers refer to keys, never to labels.
"""
from __future__ import annotations

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vertelpunt.db import Base
from vertelpunt.forms.question_types import QuestionType, type_names, type_of

#: The question types the database accepts. A new type in the registry also needs a migration that
#: widens the ``known_type`` check (docs/architecture.md, "How to add a question type").
KNOWN_TYPES_SQL = "type IN (" + ", ".join(f"'{name}'" for name in type_names()) + ")"


class StoryForm(Base):
    __tablename__ = "story_forms"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8), default="nl")
    min_words: Mapped[int] = mapped_column(Integer, default=25)
    first_questions: Mapped[int] = mapped_column(Integer, default=5)
    content_hash: Mapped[str] = mapped_column(String(64))
    # Pairs of question keys the form relates on purpose (``expected:`` in the file); None when it names none.
    expected: Mapped[list | None] = mapped_column(JSON)
    # How to read NarraFirma's stories file for a form imported from NarraFirma (forms/narrafirma.py); else None.
    narrafirma: Mapped[dict | None] = mapped_column(JSON)
    # The texts in other languages (language -> roles / questions -> texts, forms/translations.py); None when
    # the form has only its own language. On the form, not the modules: a translation never makes a new module.
    translations: Mapped[dict | None] = mapped_column(JSON)

    roles: Mapped[list[FormRole]] = relationship(
        back_populates="form", order_by="FormRole.position", cascade="all, delete-orphan"
    )
    module_links: Mapped[list[FormModule]] = relationship(
        back_populates="form", order_by="FormModule.position", cascade="all, delete-orphan"
    )

    @property
    def modules(self) -> list[Module]:
        return [link.module for link in self.module_links]

    @property
    def questions(self) -> list[Question]:
        return [question for module in self.modules for question in module.questions]

    def role(self, key: str) -> FormRole | None:
        return next((role for role in self.roles if role.key == key), None)

    def __repr__(self) -> str:
        return f"<StoryForm {self.key} v{self.version}>"


class FormRole(Base):
    """A kind of teller the form speaks to (kind/jongere, ouder/verzorger, professional)."""

    __tablename__ = "form_roles"
    __table_args__ = (UniqueConstraint("form_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("story_forms.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)

    form: Mapped[StoryForm] = relationship(back_populates="roles")
    prompts: Mapped[list[Prompt]] = relationship(
        back_populates="role", order_by="Prompt.position", cascade="all, delete-orphan"
    )


class Prompt(Base):
    __tablename__ = "prompts"
    __table_args__ = (UniqueConstraint("role_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("form_roles.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)

    role: Mapped[FormRole] = relationship(back_populates="prompts")


class Module(Base):
    """A reusable block of questions; (key, version) identifies immutable content."""

    __tablename__ = "modules"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    is_core: Mapped[bool] = mapped_column(Boolean, default=False)
    content_hash: Mapped[str] = mapped_column(String(64))

    questions: Mapped[list[Question]] = relationship(
        back_populates="module", order_by="Question.position", cascade="all, delete-orphan"
    )


class FormModule(Base):
    __tablename__ = "form_modules"

    form_id: Mapped[int] = mapped_column(ForeignKey("story_forms.id", ondelete="CASCADE"), primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer)

    form: Mapped[StoryForm] = relationship(back_populates="module_links")
    module: Mapped[Module] = relationship()


class Question(Base):
    __tablename__ = "questions"
    __table_args__ = (
        UniqueConstraint("module_id", "key"),
        CheckConstraint(KNOWN_TYPES_SQL, name="known_type"),
        CheckConstraint("section IN ('duiding', 'teller', 'sharing')", name="known_section"),
        CheckConstraint("max_choices IS NULL OR max_choices >= 1", name="max_choices_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(60))
    type: Mapped[str] = mapped_column(String(20))
    section: Mapped[str] = mapped_column(String(10), default="duiding")
    text: Mapped[str] = mapped_column(Text)
    help: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)
    left_label: Mapped[str | None] = mapped_column(String(120))
    right_label: Mapped[str | None] = mapped_column(String(120))
    allow_na: Mapped[bool] = mapped_column(Boolean, default=True)
    ordered: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # single choice
    off_scale: Mapped[list[str] | None] = mapped_column(JSON)  # options of an ordered choice outside the order
    max_choices: Mapped[int | None] = mapped_column(Integer)
    max_length: Mapped[int | None] = mapped_column(Integer)
    roles: Mapped[list[str] | None] = mapped_column(JSON)
    text_by_role: Mapped[dict[str, str] | None] = mapped_column(JSON)

    module: Mapped[Module] = relationship(back_populates="questions")
    options: Mapped[list[Option]] = relationship(
        back_populates="question", order_by="Option.position", cascade="all, delete-orphan"
    )

    @property
    def kind(self) -> QuestionType:
        """The question's type: its class in :mod:`vertelpunt.forms.question_types` (templates use it)."""
        return type_of(self)

    def applies_to(self, role: str) -> bool:
        return not self.roles or role in self.roles

    def text_for(self, role: str) -> str:
        return (self.text_by_role or {}).get(role, self.text)

    def option_keys(self) -> list[str]:
        return [option.key for option in self.options]


class Option(Base):
    """A choice option or a triad corner."""

    __tablename__ = "options"
    __table_args__ = (UniqueConstraint("question_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)

    question: Mapped[Question] = relationship(back_populates="options")
