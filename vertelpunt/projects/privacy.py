"""Who is responsible for a project's stories, as its privacy statement must say (AVG articles 13 and 14).

A teller has the right to know who decides about their story (the controller, verwerkingsverantwoordelijke),
how to reach them, who the data protection officer is and how long the story is kept. An admin fills these in
per project, from the CLI or the staff page; both go through :func:`update_privacy_contacts`, so the checks
and the audit trail are the same. Until all four are filled in, the privacy page says so and the staff
overview warns admins.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from vertelpunt.audit.services import record
from vertelpunt.models import Project, User
from vertelpunt.errors import VertelpuntError

#: The Dutch supervisory authority, where anyone may complain about how their personal data is used.
AUTHORITY_NAME = "Autoriteit Persoonsgegevens"
AUTHORITY_URL = "https://www.autoriteitpersoonsgegevens.nl"


@dataclass(frozen=True)
class PrivacyField:
    name: str  # form field and CLI option name
    column: str  # Project attribute
    label: str  # Dutch, as the staff form and the errors say it
    max_length: int
    hint: str


FIELDS = (
    PrivacyField("controller", "privacy_controller", "Verwerkingsverantwoordelijke", 200,
                 "De organisatie die beslist over de verhalen, bijvoorbeeld 'Gemeente Enschede'."),
    PrivacyField("contact", "privacy_contact", "Contactadres", 300,
                 "Een e-mailadres of een postadres met postcode, waar vertellers met vragen terechtkunnen."),
    PrivacyField("dpo", "privacy_dpo", "Functionaris gegevensbescherming", 300,
                 "Naam of functie, met een e-mailadres of telefoonnummer."),
    PrivacyField("retention", "privacy_retention", "Bewaartermijn", 100,
                 "Hoe lang de verhalen bewaard blijven, bijvoorbeeld '2 jaar' of '18 maanden'."),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
POSTCODE = re.compile(r"\b\d{4}\s?[a-z]{2}\b", re.IGNORECASE)
DURATION = re.compile(r"\b\d+\s*(dag|dagen|week|weken|maand|maanden|jaar|jaren)\b", re.IGNORECASE)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class PrivacyContactsError(VertelpuntError):
    """Bad input; ``errors`` maps field names to Dutch messages. Nothing is saved."""


def current_values(project: Project) -> dict[str, str]:
    return {f.name: getattr(project, f.column) or "" for f in FIELDS}


def missing_labels(project: Project) -> list[str]:
    """The Dutch labels of what this project has not filled in yet (empty: the statement is complete)."""
    return [f.label for f in FIELDS if not (getattr(project, f.column) or "").strip()]


def _check(field: PrivacyField, value: str) -> str | None:
    """The Dutch message for a bad value, or ``None``."""
    if not value:
        return f"Vul de {field.label.lower()} in."
    if len(value) > field.max_length:
        return f"{field.label}: gebruik hoogstens {field.max_length} tekens."
    if CONTROL_CHARACTERS.search(value):
        return f"{field.label}: gebruik gewone tekst, zonder speciale tekens."
    if field.name == "contact" and not (EMAIL.match(value) or POSTCODE.search(value)):
        return ("Vul een e-mailadres in (zoals privacy@gemeente.nl) of een postadres met postcode "
                "(zoals Postbus 10, 7500 AA Enschede).")
    if field.name == "retention" and not DURATION.search(value):
        return "Schrijf de bewaartermijn met een getal en een tijd, bijvoorbeeld '2 jaar' of '18 maanden'."
    return None


def update_privacy_contacts(session: Session, project: Project, changes: dict[str, str | None],
                            user: User | None) -> list[str]:
    """Check every given field, then save them all or none; returns the names of the fields that changed.

    ``changes`` maps field names (:data:`FIELD_NAMES`) to new values; ``None`` leaves a field as it is.
    The audit event names the changed fields, not their values (those are on the project itself).
    """
    unknown = set(changes) - set(FIELD_NAMES)
    if unknown:
        raise ValueError(f"unknown privacy fields: {sorted(unknown)}")
    given = {name: " ".join(value.split()) for name, value in changes.items() if value is not None}
    if not given:
        raise PrivacyContactsError("Geef minstens één gegeven om op te slaan.", "form")
    errors = {}
    for field in FIELDS:
        if field.name in given:
            message = _check(field, given[field.name])
            if message:
                errors[field.name] = message
    if errors:
        raise PrivacyContactsError.per_field(errors)
    changed = [f.name for f in FIELDS if f.name in given and getattr(project, f.column) != given[f.name]]
    for field in FIELDS:
        if field.name in changed:
            setattr(project, field.column, given[field.name])
    if changed:
        record(session, "project.privacy", "project", project.slug, user, {"fields": changed})
    return changed
