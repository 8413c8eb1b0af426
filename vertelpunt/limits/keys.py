"""The keyed hash both stores use, so neither ever holds a client's address itself."""
from __future__ import annotations

import hashlib
import hmac


def client_key(secret: bytes, client: str, size: int = 20) -> bytes:
    """An HMAC of ``client`` under ``secret``, cut to ``size`` bytes.

    The secret lives only in memory and is replaced every window, so a key cannot be linked back to an
    address (an HMAC of an IPv4 address under a known key could be brute-forced; under an unknown one it
    cannot), nor to the same client's key in another window.
    """
    return hmac.new(secret, client.encode("utf-8", "ignore"), hashlib.sha256).digest()[:size]
