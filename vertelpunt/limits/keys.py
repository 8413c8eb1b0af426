"""The keyed hash every limit uses, so no store ever holds a client's address itself."""
from __future__ import annotations

import hashlib
import hmac
import time

#: The secret under which addresses are hashed changes once a day (UTC), so a key cannot be linked to
#: the same client's key on another day. A limit can therefore start again at midnight; its windows are
#: an hour or less, so that gives a client at most one extra allowance a day.
ROTATION_SECONDS = 86_400


def day_secret(secret_key: str | bytes, now: float | None = None) -> bytes:
    """The hashing secret of the current day, derived from the app's secret key.

    Every server of an installation shares the secret key, so they all derive the same secret and count a
    client once; somebody who can read the store (Redis) but not the secret key cannot test addresses
    against the keys.
    """
    key = secret_key.encode("utf-8") if isinstance(secret_key, str) else secret_key
    day = int((time.time() if now is None else now) // ROTATION_SECONDS)
    return hmac.new(key, f"vertelpunt-rate-limit:{day}".encode(), hashlib.sha256).digest()


def client_key(secret: bytes, client: str, size: int = 16) -> str:
    """An HMAC of ``client`` (an address, or an account plus an address) under ``secret``, as hex."""
    return hmac.new(secret, client.encode("utf-8", "ignore"), hashlib.sha256).digest()[:size].hex()
