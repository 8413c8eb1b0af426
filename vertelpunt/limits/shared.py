"""A rate limit per client shared by the worker processes of one server.

With ``vertelpunt serve --workers N`` each worker is a forked process, and a counter in one worker's memory
would let a client try N times as often (N times five password guesses, say). This store keeps the counts
in anonymous shared memory that the server's main process maps before it forks, so every worker sees the
same table:

- memory: a header (window start, the window's secret) and a fixed table of slots (a 16-byte keyed hash of
  the client and a count), found by open addressing. It is never backed by a file, so neither keys nor the
  secret can end up on disk; like the in-process store it holds no address, only HMACs under a secret that
  is replaced every window (see :mod:`vertelpunt.limits.keys`).
- locking: a thread lock inside each process, and ``flock`` on a file that each process opens for itself.
  The kernel drops a ``flock`` when its holder dies, so a worker killed in the middle of an update cannot
  leave the others waiting forever (a lock kept in the shared memory could).
- a full table: with ``deny_when_full`` (failed logins) a client that cannot be tracked is refused, so
  flooding the table cannot switch off the login limit; otherwise (stories) it is let through, so flooding
  cannot keep tellers out.

``time.monotonic`` is the system-wide monotonic clock on Linux, so all workers agree on the window.
"""
from __future__ import annotations

import fcntl
import mmap
import os
import secrets
import struct
import tempfile
import threading
import time
from contextlib import contextmanager

from vertelpunt.limits.keys import client_key

_HEADER = struct.Struct("=d32sI")  # window start, secret, slots in use
_SLOT = struct.Struct("=16sI")  # client key, count
_EMPTY = bytes(16)
_MAX_PROBES = 64
_opening = threading.Lock()  # guards the first use in a process; made anew in every forked child
os.register_at_fork(after_in_child=lambda: globals().update(_opening=threading.Lock()))


class SharedKeyedRateLimiter:
    """The same interface as :class:`vertelpunt.limits.memory.KeyedRateLimiter`, across forked processes."""

    def __init__(self, limit: int, window_seconds: int, slots: int = 1 << 16, deny_when_full: bool = False,
                 clock=time.monotonic):
        self.limit = limit
        self.window = window_seconds
        self.slots = slots
        self.deny_when_full = deny_when_full
        self._clock = clock
        self._memory = mmap.mmap(-1, _HEADER.size + slots * _SLOT.size)  # anonymous and MAP_SHARED
        handle, self._lock_path = tempfile.mkstemp(prefix="vertelpunt-limit-", suffix=".lock")
        os.close(handle)
        self._owner = os.getpid()
        self._pid = None
        self._rotate(clock())

    # --- locking --------------------------------------------------------------------------------------

    def _open_for_this_process(self) -> None:
        """Each process needs its own open file for ``flock`` (a descriptor inherited from the parent
        shares the parent's lock) and its own thread lock (one copied mid-use by fork could be held)."""
        self._thread_lock = threading.Lock()
        self._lock_file = os.open(self._lock_path, os.O_RDWR | os.O_CLOEXEC)
        self._pid = os.getpid()

    @contextmanager
    def _locked(self):
        if self._pid != os.getpid():
            with _opening:
                if self._pid != os.getpid():
                    self._open_for_this_process()
        with self._thread_lock:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self._lock_file, fcntl.LOCK_UN)

    def close(self) -> None:
        """Remove the lock file; only the process that made the limiter does so."""
        if os.getpid() == self._owner and os.path.exists(self._lock_path):
            os.unlink(self._lock_path)

    # --- the table ------------------------------------------------------------------------------------

    def _rotate(self, now: float) -> None:
        self._memory[_HEADER.size:] = bytes(self.slots * _SLOT.size)
        _HEADER.pack_into(self._memory, 0, now, secrets.token_bytes(32), 0)

    def _current_secret(self, now: float, rotate: bool) -> bytes | None:
        window_start, secret, _used = _HEADER.unpack_from(self._memory, 0)
        if now - window_start < self.window:
            return secret
        if not rotate:
            return None
        self._rotate(now)
        return _HEADER.unpack_from(self._memory, 0)[1]

    def _find(self, key: bytes) -> tuple[int | None, int]:
        """(offset of the key's slot or of the empty slot where it belongs, its count); None when full."""
        index = int.from_bytes(key[:4], "little") % self.slots
        for _ in range(min(_MAX_PROBES, self.slots)):
            offset = _HEADER.size + index * _SLOT.size
            stored, count = _SLOT.unpack_from(self._memory, offset)
            if stored == key or stored == _EMPTY:
                return offset, count if stored == key else 0
            index = (index + 1) % self.slots
        return None, 0

    def hit(self, client: str) -> bool:
        """Count one action for ``client``; False when the client is over the limit in this window."""
        with self._locked():
            secret = self._current_secret(self._clock(), rotate=True)
            key = _nonempty(client_key(secret, client, 16))
            offset, count = self._find(key)
            if offset is None:
                return not self.deny_when_full
            if count >= self.limit:
                return False
            if count == 0:
                window_start, secret, used = _HEADER.unpack_from(self._memory, 0)
                _HEADER.pack_into(self._memory, 0, window_start, secret, used + 1)
            _SLOT.pack_into(self._memory, offset, key, count + 1)
            return True

    def is_limited(self, client: str) -> bool:
        """True when ``client`` has used up this window's allowance (without counting anything)."""
        with self._locked():
            secret = self._current_secret(self._clock(), rotate=False)
            if secret is None:
                return False
            offset, count = self._find(_nonempty(client_key(secret, client, 16)))
            if offset is None:
                return self.deny_when_full
            return count >= self.limit

    def tracked_clients(self) -> int:
        with self._locked():
            if self._current_secret(self._clock(), rotate=False) is None:
                return 0
            return _HEADER.unpack_from(self._memory, 0)[2]


def _nonempty(key: bytes) -> bytes:
    """All zero bytes marks an empty slot; a key that happens to be all zeros is moved off it."""
    return key if key != _EMPTY else b"\x01" + key[1:]
