"""Stories and their answers.

Privacy by design: a story records the *week* it was told (the Monday), never a timestamp, and nothing
about the device or network it came from. The withdrawal code is stored only as a hash.
"""
from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vertelpunt.db import Base
from vertelpunt.models.common import LabelledEnum, one_of
from vertelpunt.models.forms import StoryForm
from vertelpunt.models.geo import Municipality, Region
from vertelpunt.models.projects import Project


class StoryStatus(LabelledEnum):
    PENDING = "pending", "Te beoordelen"
    PUBLISHED = "published", "Gepubliceerd"
    HIDDEN = "hidden", "Verborgen"
    DUPLICATE = "duplicate", "Dubbel"
    SPAM = "spam", "Spam"


class Channel(str, enum.Enum):
    ONLINE = "online"
    VERTELTAFEL = "verteltafel"
    IMPORT = "import"


STATUS_VALUES = StoryStatus.values()
CHANNEL_VALUES = tuple(channel.value for channel in Channel)



class Story(Base):
    __tablename__ = "stories"
    __table_args__ = (
        CheckConstraint(one_of("status", STATUS_VALUES), name="known_status"),
        CheckConstraint(one_of("channel", CHANNEL_VALUES), name="known_channel"),
        Index("ix_stories_project_status", "project_id", "status"),
        # covers the dashboard's counts per role, region and week (insights/dashboard_counts.py; migration 0015)
        Index("ix_stories_counts", "project_id", "status", "is_complete", "role", "region_id", "week"),
        # The story lists' order (newest week first): a page reads 25 rows in index order, not all of them.
        Index("ix_stories_listing", "project_id", "status", "week", "id"),
        Index("ix_stories_weeks", "project_id", "status", "is_complete", "week"),  # counts per week (0017)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(12), unique=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    form_id: Mapped[int] = mapped_column(ForeignKey("story_forms.id"), index=True)
    role: Mapped[str] = mapped_column(String(40))
    prompt_key: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    week: Mapped[date] = mapped_column(Date, index=True)
    channel: Mapped[str] = mapped_column(String(20), default=Channel.ONLINE.value)
    language: Mapped[str] = mapped_column(String(8), default="nl")
    is_complete: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default=StoryStatus.PENDING.value)
    status_reason: Mapped[str | None] = mapped_column(Text)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"))
    withdrawal_hash: Mapped[str | None] = mapped_column(String(128), index=True)
    # Hash of the one-time token in the story form: a double click or a refresh after POST finds the
    # story already saved instead of saving it twice. The token is random and identifies nobody.
    submission_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Kinds of likely personal data found in the text (name, phone, ...), for the moderation queue.
    pii_kinds: Mapped[list[str] | None] = mapped_column(JSON)

    project: Mapped[Project] = relationship()
    form: Mapped[StoryForm] = relationship()
    region: Mapped[Region | None] = relationship()
    municipality: Mapped[Municipality | None] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="story", cascade="all, delete-orphan", passive_deletes=True, order_by="Answer.id"
    )

    @property
    def role_label(self) -> str:
        """The form's own words for the teller's role, as staff read them: "ouder of verzorger", never "parent".

        Form labels speak as the teller ("Ik ben ouder of verzorger"); that opening is left off here.
        """
        for role in self.form.roles:
            if role.key == self.role:
                label = role.label.strip()
                return label[7:] if label.lower().startswith("ik ben ") and len(label) > 7 else label
        return self.role

    def __repr__(self) -> str:
        return f"<Story {self.public_id}>"


class Answer(Base):
    """One answer, keyed by question key.

    A slider stores ``number`` (or ``is_na`` for n.v.t.), a single choice one row with ``option_key``,
    a multiple choice one row per chosen option, a triad three shares and text the ``text``. An
    unanswered question has no row at all, so "not answered" is never mistaken for a value.
    """

    __tablename__ = "answers"
    __table_args__ = (
        CheckConstraint("number IS NULL OR (number >= 0 AND number <= 100)", name="slider_range"),
        CheckConstraint(
            "(triad_a IS NULL AND triad_b IS NULL AND triad_c IS NULL) OR "
            "(triad_a >= 0 AND triad_b >= 0 AND triad_c >= 0 AND "
            "triad_a + triad_b + triad_c BETWEEN 0.999 AND 1.001)",
            name="triad_shares",
        ),
        Index("ix_answers_option_story", "question_key", "option_key", "story_id"),  # covering: stories per option
        # covers the dashboard's counts per question and value (insights/aggregates.py; migration 0015)
        Index("ix_answers_counts", "question_key", "number", "is_na", "option_key", "story_id"),
        Index("ix_answers_triads", "question_key", "triad_a", "triad_b", "triad_c", "story_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    question_key: Mapped[str] = mapped_column(String(60))
    option_key: Mapped[str | None] = mapped_column(String(60))
    number: Mapped[float | None] = mapped_column(Float)
    is_na: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str | None] = mapped_column(Text)
    triad_a: Mapped[float | None] = mapped_column(Float)
    triad_b: Mapped[float | None] = mapped_column(Float)
    triad_c: Mapped[float | None] = mapped_column(Float)

    story: Mapped[Story] = relationship(back_populates="answers")


class WithdrawnStory(Base):
    """A story that was withdrawn (or deleted for good), remembered only as a keyed hash of its public id.

    Nothing else is kept: no text, no date, no project. A backup carries this list and a restore skips every
    story on it (with its answers and links), so a withdrawal made after a backup survives restoring that
    backup (:mod:`vertelpunt.stories.withdrawn`).
    """

    __tablename__ = "withdrawn_stories"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
