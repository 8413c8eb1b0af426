"""A rate limit per client for one server process.

The client key is an HMAC of the address under a secret that lives only in memory and is replaced
every window; buckets of the old window are dropped with it. So nothing on disk, in logs or in the
database can be linked to an address, and even the in-memory keys cannot be linked across windows.
"""
from __future__ import annotations

import secrets
import threading
import time
from collections import defaultdict

from vertelpunt.limits.keys import client_key


class KeyedRateLimiter:
    """Counts per keyed client hash in a dict; the whole window is dropped when it runs out."""

    def __init__(self, limit: int, window_seconds: int, clock=time.monotonic):
        self.limit = limit
        self.window = window_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._rotate(clock())

    def _rotate(self, now: float) -> None:
        self._secret = secrets.token_bytes(32)
        self._window_start = now
        self._counts: dict[str, int] = defaultdict(int)

    def _key(self, client: str) -> str:
        return client_key(self._secret, client).hex()

    def hit(self, client: str) -> bool:
        """Count one action for ``client``; False when the client is over the limit in this window."""
        with self._lock:
            now = self._clock()
            if now - self._window_start >= self.window:
                self._rotate(now)
            key = self._key(client)
            if self._counts[key] >= self.limit:
                return False
            self._counts[key] += 1
            return True

    def is_limited(self, client: str) -> bool:
        """True when ``client`` has used up this window's allowance (without counting anything)."""
        with self._lock:
            if self._clock() - self._window_start >= self.window:
                return False
            return self._counts.get(self._key(client), 0) >= self.limit

    def tracked_clients(self) -> int:
        """Clients counted in the current window (none once it has run out)."""
        with self._lock:
            if self._clock() - self._window_start >= self.window:
                return 0
            return len(self._counts)
