"""The list of withdrawn stories: a keyed hash of each one's public id, and nothing else.

A withdrawal deletes the story at once, but a backup made before it still holds the story. Restoring that
backup must not bring it back, so every withdrawal (and every deletion for good: retention) adds
HMAC-SHA256(secret key, public id) to ``withdrawn_stories``; backups carry the list and a restore skips the
stories on it. The hash is keyed so that somebody holding a copy of the database but not the secret key cannot
test public ids against it; the same installation (same secret key) always computes the same key.
"""
from __future__ import annotations

import hashlib
import hmac
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from vertelpunt.models import WithdrawnStory

PURPOSE = b"vertelpunt-withdrawn-story:"


def withdrawn_key(secret_key: str | bytes, public_id: str) -> str:
    secret = secret_key.encode("utf-8") if isinstance(secret_key, str) else secret_key
    return hmac.new(secret, PURPOSE + public_id.encode("utf-8"), hashlib.sha256).hexdigest()


def remember_withdrawn(session: Session, secret_key: str | bytes, public_ids: Iterable[str]) -> None:
    """Add these stories to the list (the caller commits); a story already on it is left as it is."""
    keys = {withdrawn_key(secret_key, public_id) for public_id in public_ids}
    if not keys:
        return
    known = set(session.scalars(select(WithdrawnStory.key).where(WithdrawnStory.key.in_(keys))))
    session.add_all(WithdrawnStory(key=key) for key in sorted(keys - known))


def current_secret_key() -> str:
    from flask import current_app

    return current_app.config["SECRET_KEY"]
