"""Getting the withdrawal code from the story POST to the thank-you page, once, without the cookie seeing it.

:func:`hold_code` runs inside the story's own transaction and stores the code sealed under a new random
ticket; the route puts only the ticket in the session cookie. :func:`take_code` deletes the row and
returns the code in one statement, so a second look (a replayed cookie, a second tab, a race) finds
nothing. Sealing: the code is XORed with SHA-256 of a domain label and the 256-bit ticket, a one-time pad
because every ticket is random and used once; the row is found by a different hash of the ticket. An
unclaimed code (the teller closed the tab before the redirect) expires after ``TICKET_LIFETIME``.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta, timezone

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from vertelpunt.models.common import utcnow
from vertelpunt.models.thanks import ThanksTicket

TICKET_LIFETIME = timedelta(minutes=15)
TICKET_BYTES = 32
MAX_TICKET_LENGTH = 100  # a longer cookie value cannot be a ticket of ours: not even hashed
TICKETS = ThanksTicket.__table__  # plain table statements: nothing to synchronise with ORM objects
INSERT_TICKET = insert(TICKETS)  # built once, like the story's own statements


@dataclass(frozen=True)
class Shown:
    """What the thank-you page shows once."""

    code: str
    verteltafel: bool


def new_ticket() -> str:
    return secrets.token_urlsafe(TICKET_BYTES)


def _lookup_hash(ticket: str) -> str:
    return hashlib.sha256(b"vertelpunt-thanks-lookup\x00" + ticket.encode()).hexdigest()


def _pad(ticket: str) -> bytes:
    return hashlib.sha256(b"vertelpunt-thanks-seal\x00" + ticket.encode()).digest()


def _xor(data: bytes, pad: bytes) -> bytes:
    if len(data) > len(pad):
        raise ValueError("a withdrawal code is shorter than the pad")
    return bytes(a ^ b for a, b in zip(data, pad))


def hold_code(session: Session, ticket: str, project_id: int, code: str, verteltafel: bool) -> None:
    """Store ``code`` under ``ticket`` (no commit: the caller's story transaction commits it). One INSERT:
    the story POST is the request that must stay cheap, so expired tickets are dropped by :func:`take_code`."""
    now = utcnow()
    session.execute(INSERT_TICKET, {
        "ticket_hash": _lookup_hash(ticket), "project_id": project_id, "verteltafel": verteltafel,
        "sealed_code": _xor(code.encode("ascii"), _pad(ticket)), "expires_at": now + TICKET_LIFETIME,
    })


def take_code(session: Session, ticket: object, project_id: int) -> Shown | None:
    """The code held under ``ticket`` for this project, removed as it is read; None otherwise.

    Tickets nobody came for are dropped here too."""
    if not isinstance(ticket, str) or not ticket or len(ticket) > MAX_TICKET_LENGTH:
        return None
    session.execute(delete(TICKETS).where(TICKETS.c.expires_at < utcnow()))
    statement = (delete(TICKETS)
                 .where(TICKETS.c.ticket_hash == _lookup_hash(ticket), TICKETS.c.project_id == project_id)
                 .returning(TICKETS.c.sealed_code, TICKETS.c.verteltafel, TICKETS.c.expires_at))
    row = session.execute(statement).first()
    if row is None or _aware(row.expires_at) < utcnow():
        return None
    return Shown(code=_xor(row.sealed_code, _pad(ticket)).decode("ascii"), verteltafel=bool(row.verteltafel))


def _aware(moment):
    """SQLite hands back naive datetimes for aware columns; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
