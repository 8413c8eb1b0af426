"""Saving stories: one transaction, canonical answers, derived completeness, no personal traces."""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from vertelpunt.forms.question_types import place_question as place_question_of
from vertelpunt.forms.snapshot import FormSpec, form_spec
from vertelpunt.moderate.pii import find_pii
from vertelpunt.models import Answer, Channel, Municipality, Project, Question, Region, Story, StoryForm, StoryStatus
from vertelpunt.models.projects import project_regions
from vertelpunt.stories.answers import NA, AnswerError, PlaceLookup, answer_values, clean_answers, rows_to_answers
from vertelpunt.errors import VertelpuntError
from vertelpunt.insights import tallies

PUBLIC_ID_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U: easy to read aloud
PUBLIC_ID_LENGTH = 6
MAX_STORY_LENGTH = 10_000
MAX_TITLE_LENGTH = 200
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class StoryInput:
    """Everything a teller (or an import) provides for one story."""

    role: str
    text: str
    answers: dict
    prompt_key: str | None = None
    title: str | None = None
    week: date | None = None
    channel: str = Channel.ONLINE.value
    language: str = "nl"
    region_key: str | None = None  # used when the place question is not answered (e.g. imports)
    public_id: str | None = None
    status: str = StoryStatus.PENDING.value


class StoryError(VertelpuntError):
    """Invalid story input; ``errors`` maps a field or question key to a Dutch message."""


def monday_of(day: date) -> date:
    """The Monday of the ISO week: the only time information a story keeps."""
    return day - timedelta(days=day.weekday())


def story_length(text: str) -> int:
    """Characters of a story as the teller sees them: a browser sends each line break as two (CR LF),
    but the field (and its live count) shows one."""
    return len((text or "").replace("\r\n", "\n").strip())


def too_long_message(length: int) -> str:
    """The Dutch message next to the story field when it is longer than allowed (the text stays there)."""
    def dutch(number: int) -> str:
        return f"{number:,}".replace(",", ".")

    return (f"Je verhaal is te lang: {dutch(length)} tekens. Het mag hoogstens {dutch(MAX_STORY_LENGTH)} tekens "
            f"zijn. Maak het {dutch(length - MAX_STORY_LENGTH)} tekens korter. Je tekst blijft staan.")


def count_words(text: str) -> int:
    return len(WORD.findall(text or ""))


def random_code(alphabet: str, length: int) -> str:
    """``length`` independent, uniform picks from ``alphabet``, like ``secrets.choice`` in a loop, but from
    one unbiased random number (one read of the system's random source instead of one per character)."""
    number = secrets.randbelow(len(alphabet) ** length)
    picks = []
    for _ in range(length):
        number, index = divmod(number, len(alphabet))
        picks.append(alphabet[index])
    return "".join(picks)


def random_public_id() -> str:
    return random_code(PUBLIC_ID_ALPHABET, PUBLIC_ID_LENGTH)


def new_public_id(session: Session) -> str:
    while True:
        candidate = random_public_id()
        if session.scalar(select(Story.id).where(Story.public_id == candidate)) is None:
            return candidate


def hash_withdrawal_code(code: str) -> str:
    """Codes carry 100 random bits, so a plain SHA-256 is safe and lets us find the story by its hash."""
    normalised = re.sub(r"[^A-Z0-9]", "", code.upper())
    return hashlib.sha256(normalised.encode("ascii", "ignore")).hexdigest()


def questions_for(form: StoryForm | FormSpec, role: str) -> list[Question]:
    if isinstance(form, FormSpec):
        return list(form.questions_for(role))  # memoised per role on the shared snapshot
    return [question for question in form.questions if question.applies_to(role)]


def place_lookup(project: Project) -> PlaceLookup:
    return PlaceLookup({
        municipality.key: (region.id, municipality.id)
        for region in project.regions
        for municipality in region.municipalities
    })


PLACES_OF_PROJECT = (  # built once: the public form runs it on every submission
    select(Municipality.key, Region.id, Municipality.id)
    .join(Region, Region.id == Municipality.region_id)
    .join(project_regions, project_regions.c.region_id == Region.id)
    .where(project_regions.c.project_id == bindparam("project_id"))
    .order_by(Region.name, Region.id, Municipality.name, Municipality.id)
)


def load_place_lookup(session: Session, project: Project) -> PlaceLookup:
    """The same lookup as :func:`place_lookup`, in one query of plain rows instead of loading regions and
    municipalities as objects (the public form needs it on every submission). Same order, so when two
    regions have a municipality with the same key the same one wins."""
    rows = session.execute(PLACES_OF_PROJECT, {"project_id": project.id})
    return PlaceLookup({key: (region_id, municipality_id) for key, region_id, municipality_id in rows})


def is_complete(form: StoryForm, role: str, text: str, answers: dict) -> bool:
    """Long enough, and the first N duidingsvragen for this role answered (n.v.t. counts as an answer)."""
    if count_words(text) < form.min_words:
        return False
    duiding = [q for q in questions_for(form, role) if q.section == "duiding"]
    return all(q.key in answers for q in duiding[: form.first_questions])


def validate_story(session: Session, project: Project, data: StoryInput,
                   places: PlaceLookup | None = None) -> tuple[dict, str | None, tuple | None]:
    """Check everything about a story; returns (clean answers, region key or None, place ids or None).

    ``places`` is the project's :func:`place_lookup` when the caller already has it."""
    form = form_spec(project.form)
    errors: dict[str, str] = {}
    role = form.role(data.role)
    if role is None:
        errors["role"] = "Kies wie je bent: kind of jongere, ouder of verzorger, of professional."
    elif data.prompt_key is not None and data.prompt_key not in {p.key for p in role.prompts}:
        errors["prompt"] = "Kies een van de vragen die er staan."
    text = (data.text or "").strip()
    if not text:
        errors["text"] = "Schrijf je ervaring op. Dat mag kort zijn."
    elif story_length(text) > MAX_STORY_LENGTH:
        errors["text"] = too_long_message(story_length(text))
    if data.title and len(data.title.strip()) > MAX_TITLE_LENGTH:
        errors["title"] = f"De titel is te lang: hoogstens {MAX_TITLE_LENGTH} tekens."
    if data.channel not in {c.value for c in Channel}:
        errors["channel"] = f"Onbekend kanaal '{data.channel}'."
    if data.status not in {s.value for s in StoryStatus}:
        errors["status"] = f"Onbekende status '{data.status}'."
    if places is None:
        places = place_lookup(project)
    cleaned: dict = {}
    if role is not None:
        try:
            cleaned = clean_answers(questions_for(form, data.role) + _other_role_questions(form, data.role),
                                    data.role, data.answers, places)
        except AnswerError as error:
            errors.update(error.errors)
    place_ids = None
    place_question = place_question_of(form.questions)
    if place_question is not None and place_question.key in cleaned:
        place_ids = places.by_key[cleaned[place_question.key]]
    region_key = data.region_key or None
    if region_key is not None:
        region = next((r for r in project.regions if r.key == region_key), None)
        if region is None:
            errors["region"] = f"De regio '{region_key}' hoort niet bij dit project."
        elif place_ids is not None and place_ids[0] != region.id:
            errors["region"] = "De gemeente ligt niet in deze regio."
    if data.public_id is not None and not re.fullmatch(r"[A-Z0-9]{4,12}", data.public_id):
        errors["public_id"] = "Een verhaal-id bestaat uit 4 tot 12 hoofdletters en cijfers."
    if errors:
        raise StoryError.per_field(errors)
    return cleaned, region_key, place_ids


def _other_role_questions(form: StoryForm, role: str) -> list[Question]:
    """Questions for other roles, passed so that answering one gives 'not for this role', not 'unknown'."""
    return [question for question in form.questions if not question.applies_to(role)]


def pii_kinds_of(text: str) -> list[str] | None:
    """Kinds of likely personal data in the text, for the moderation queue (None when none)."""
    return sorted({match.kind for match in find_pii(text)}) or None


@dataclass(frozen=True)
class StoryValues:
    """A validated story as plain column values: the story row (without id) and its answer rows
    (without story id)."""

    story: dict
    answers: list[dict]


def story_values(session: Session, project: Project, data: StoryInput, withdrawal_code: str | None = None, *,
                 places: PlaceLookup | None = None, public_id_unchecked: bool = False) -> StoryValues:
    """Validate a story and work out every stored value (raises :class:`StoryError`).

    With ``public_id_unchecked`` the given ``data.public_id`` is used without looking it up first: the
    caller relies on the unique constraint and tries again with a new id when the insert fails on it
    (see :func:`vertelpunt.collect.services.submit_story`)."""
    cleaned, region_key, place_ids = validate_story(session, project, data, places)
    form = form_spec(project.form)
    text = data.text.strip()
    region_id = place_ids[0] if place_ids else None
    if region_id is None and region_key is not None:
        region_id = next(r.id for r in project.regions if r.key == region_key)
    public_id = data.public_id
    if public_id is None or (not public_id_unchecked
                             and session.scalar(select(Story.id).where(Story.public_id == public_id)) is not None):
        public_id = new_public_id(session)
    story = {
        "public_id": public_id,
        "project_id": project.id,
        "form_id": form.id,
        "role": data.role,
        "prompt_key": data.prompt_key,
        "title": (data.title or "").strip() or None,
        "text": text,
        "week": monday_of(data.week or date.today()),
        "channel": data.channel,
        "language": data.language,
        "is_complete": is_complete(form, data.role, text, cleaned),
        "status": data.status,
        "region_id": region_id,
        "municipality_id": place_ids[1] if place_ids else None,
        "withdrawal_hash": hash_withdrawal_code(withdrawal_code) if withdrawal_code else None,
        "pii_kinds": pii_kinds_of(text + "\n" + (data.title or "")),
    }
    return StoryValues(story, answer_values(form.questions, cleaned))


def create_story(session: Session, project: Project, data: StoryInput, withdrawal_code: str | None = None, *,
                 places: PlaceLookup | None = None) -> Story:
    """Validate and add one story with its answers; the caller commits (all or nothing)."""
    values = story_values(session, project, data, withdrawal_code, places=places)
    story = Story(**values.story, project=project, form=project.form,
                  answers=[Answer(**answer) for answer in values.answers])
    session.add(story)
    if story.status == StoryStatus.PUBLISHED.value:  # an import that publishes: the dashboard's counts follow
        tallies.mark_changed(session, project.id)
    return story


def story_answers(story: Story) -> dict:
    """The story's answers in canonical form, including the place question."""
    questions = story.form.questions
    answers = rows_to_answers(questions, story.answers)
    place_question = place_question_of(questions)
    if place_question is not None and story.municipality is not None:
        answers[place_question.key] = story.municipality.key
    return {q.key: answers[q.key] for q in questions if q.key in answers}


__all__ = [
    "NA", "StoryError", "StoryInput", "count_words", "create_story", "hash_withdrawal_code", "is_complete",
    "load_place_lookup", "monday_of", "new_public_id", "questions_for", "random_public_id", "story_answers",
]


TAKEN_DOWN = frozenset({StoryStatus.HIDDEN.value, StoryStatus.DUPLICATE.value, StoryStatus.SPAM.value})
IMPORT_STATUSES = (StoryStatus.PENDING.value, StoryStatus.PUBLISHED.value)


def imported_status(in_file: str | None, requested: str = StoryStatus.PENDING.value) -> str:
    """The status of an imported story. By default every story waits for moderation, whatever the file says
    (a story the file marks as taken down stays down). Only when an admin asks for published explicitly is the
    file's status trusted, and a story without one is published: a copy of a project keeps its statuses."""
    if requested not in IMPORT_STATUSES:
        raise StoryError(f"Onbekende status '{requested}' voor een import: kies pending of published.", "status")
    if in_file in TAKEN_DOWN:
        return in_file
    if requested == StoryStatus.PUBLISHED.value:
        return in_file or requested
    return requested
