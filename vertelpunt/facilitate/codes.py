"""Join codes and their QR codes.

A join code is read aloud, typed on a phone and printed, so it avoids characters that look alike
(0/O, 1/I) and is short enough to type without mistakes.
"""
from __future__ import annotations

import io
import re
import secrets

import segno
from sqlalchemy import select
from sqlalchemy.orm import Session

from vertelpunt.models import SensemakingSession

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
CODE_PATTERN = re.compile(rf"^[{ALPHABET}]{{6,8}}$")


def normalise_code(raw: str | None) -> str:
    """What people type: lower case, spaces or dashes; we compare upper case without separators."""
    return re.sub(r"[\s-]+", "", (raw or "")).upper()


def random_code(length: int = CODE_LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_join_code(session: Session, length: int = CODE_LENGTH) -> str:
    """A random code no other session has; grows by one character after repeated clashes."""
    for attempt in range(50):
        code = random_code(min(8, length + attempt // 20))
        if session.scalar(select(SensemakingSession.id).where(SensemakingSession.join_code == code)) is None:
            return code
    raise RuntimeError("no free join code found")  # 32**6 codes: unreachable in practice


def qr_svg(url: str, title: str = "") -> bytes:
    """A QR code of ``url`` as a standalone SVG document, drawn on the server (no JS, no CDN)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=8, border=2, title=title or None,
                                    dark="#000000", light="#ffffff")
    return buffer.getvalue()
