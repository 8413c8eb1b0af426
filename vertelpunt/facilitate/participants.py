"""Joining a session without an account.

A participant gets a random token; only its SHA-256 is stored. The token lives in the participant's own
(signed) cookie, one per session code, so the cookie gives access to that one session and nothing else.
No device, network or time data is kept.
"""
from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from vertelpunt.facilitate.codes import CODE_PATTERN, normalise_code
from vertelpunt.models import Participant, SensemakingSession, SessionStatus, SessionTable
from vertelpunt.errors import VertelpuntError

MAX_NAME = 40


class JoinError(VertelpuntError):
    """Joining failed; ``errors`` maps field names to Dutch messages (B1)."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def find_by_code(session: Session, raw_code: str) -> SensemakingSession | None:
    code = normalise_code(raw_code)
    if not CODE_PATTERN.match(code):
        return None
    return session.scalar(select(SensemakingSession).where(SensemakingSession.join_code == code))


def check_code(session: Session, raw_code: str) -> SensemakingSession:
    if not normalise_code(raw_code):
        raise JoinError("Vul de code in. Je vindt de code op het scherm of op papier.", "code")
    item = find_by_code(session, raw_code)
    if item is None:
        raise JoinError("Deze code kennen we niet. Kijk goed of je de code goed hebt overgetypt.", "code")
    return item


def table_of(item: SensemakingSession, table_id) -> SessionTable | None:
    return next((table for table in item.tables if str(table.id) == str(table_id)), None)


def join(session: Session, item: SensemakingSession, display_name: str, table_id=None) -> tuple[Participant, str]:
    """Create a participant; returns it with the token for the cookie (the token is not stored)."""
    errors: dict[str, str] = {}
    name = " ".join((display_name or "").split())
    if not name:
        errors["name"] = "Vul een naam in. Dat mag ook alleen je voornaam zijn."
    elif len(name) > MAX_NAME:
        errors["name"] = f"Je naam is te lang. Gebruik hoogstens {MAX_NAME} tekens."
    if item.status == SessionStatus.CLOSED.value:
        errors["code"] = "Deze sessie is afgelopen. Meedoen kan niet meer."
    table = None
    if len(item.tables) == 1:
        table = item.tables[0]
    elif table_id not in (None, ""):
        table = table_of(item, table_id)
    if table is None:
        errors["table"] = "Kies aan welke tafel je zit." if item.tables else "Deze sessie heeft nog geen tafels."
    if errors:
        raise JoinError.per_field(errors)
    token = secrets.token_urlsafe(32)
    participant = Participant(session_id=item.id, table_id=table.id, display_name=name, token_hash=hash_token(token))
    session.add(participant)
    session.flush()
    return participant, token


def participant_for(session: Session, item: SensemakingSession, token: str | None) -> Participant | None:
    """The participant of *this* session that the token belongs to, or None."""
    if not token:
        return None
    participant = session.scalar(select(Participant).where(Participant.token_hash == hash_token(token)))
    if participant is None or participant.session_id != item.id:
        return None
    return participant
