"""The rate-limit store that worker processes share: one count for the whole server, robust to a killed worker.

Each test forks real processes, the way ``vertelpunt serve --workers N`` does.
"""
from __future__ import annotations

import fcntl
import os
import signal

import pytest

from vertelpunt.limits.memory import KeyedRateLimiter
from vertelpunt.limits.shared import SharedKeyedRateLimiter

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="worker processes are forked")


@pytest.fixture
def shared():
    made = []

    def make(*args, **kwargs):
        limiter = SharedKeyedRateLimiter(*args, **kwargs)
        made.append(limiter)
        return limiter

    yield make
    for limiter in made:
        limiter.close()


def in_child(action) -> int:
    """Run ``action`` in a forked process; its return value (0-255) comes back as the exit code."""
    pid = os.fork()
    if pid == 0:
        code = 255
        try:
            code = action()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def allowed_hits(limiter, client: str, tries: int) -> int:
    return sum(1 for _ in range(tries) if limiter.hit(client))


def test_processes_share_one_count(shared):
    limiter = shared(10, 3600)
    allowed = [in_child(lambda: allowed_hits(limiter, "10.0.0.1", 4)) for _ in range(4)]
    assert allowed == [4, 4, 2, 0]  # ten in all, not ten per process
    assert not limiter.hit("10.0.0.1") and limiter.is_limited("10.0.0.1")
    assert limiter.hit("10.0.0.2") and limiter.tracked_clients() == 2


def test_processes_counting_at_the_same_time_never_exceed_the_limit(shared):
    limiter = shared(500, 3600)
    pids = []
    for _ in range(4):
        pid = os.fork()
        if pid == 0:
            os._exit(min(255, allowed_hits(limiter, "10.0.0.9", 200)))
        pids.append(pid)
    allowed = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in pids]
    assert sum(allowed) == 500  # 800 tries, every one counted once under the lock


def test_a_worker_killed_while_holding_the_lock_does_not_block_the_others(shared):
    limiter = shared(5, 3600)

    def die_holding_the_lock():
        with limiter._locked():
            os.kill(os.getpid(), signal.SIGKILL)
        return 0

    assert in_child(die_holding_the_lock) == -signal.SIGKILL
    probe = os.open(limiter._lock_path, os.O_RDWR)
    try:
        fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises BlockingIOError if still held
        fcntl.flock(probe, fcntl.LOCK_UN)
    finally:
        os.close(probe)
    assert limiter.hit("10.0.0.1")


@pytest.mark.parametrize("store", ["memory", "shared"])
def test_both_stores_forget_a_window_and_its_secret(shared, store):
    now = [0.0]
    clock = lambda: now[0]  # noqa: E731
    limiter = KeyedRateLimiter(1, 60, clock=clock) if store == "memory" else shared(1, 60, clock=clock)
    assert limiter.hit("10.0.0.1") and not limiter.hit("10.0.0.1") and limiter.hit("10.0.0.2")
    secret = limiter._secret if store == "memory" else bytes(limiter._memory[8:40])
    now[0] = 61
    assert not limiter.is_limited("10.0.0.1") and limiter.tracked_clients() == 0
    assert limiter.hit("10.0.0.1") and limiter.tracked_clients() == 1
    assert secret != (limiter._secret if store == "memory" else bytes(limiter._memory[8:40]))


def test_shared_memory_holds_no_address(shared):
    limiter = shared(3, 3600)
    for client in ("192.168.17.23", "2001:db8::7", "account:jan@example.org"):
        limiter.hit(client)
    memory = bytes(limiter._memory)
    for client in ("192.168.17.23", "2001:db8::7", "jan@example.org"):
        assert client.encode() not in memory and client.encode("utf-16-le") not in memory


@pytest.mark.parametrize("deny_when_full", [True, False])
def test_a_full_table_refuses_logins_but_lets_stories_through(shared, deny_when_full):
    limiter = shared(2, 3600, slots=4, deny_when_full=deny_when_full)
    for number in range(4):
        assert limiter.hit(f"10.0.0.{number}")
    assert limiter.tracked_clients() == 4
    assert limiter.hit("10.0.0.99") is not deny_when_full
    assert limiter.is_limited("10.0.0.99") is deny_when_full
    assert limiter.hit("10.0.0.1") and not limiter.hit("10.0.0.1")  # tracked clients still count


def test_only_the_process_that_made_it_removes_the_lock_file(shared):
    limiter = shared(1, 60)
    assert in_child(lambda: (limiter.hit("x"), limiter.close(), 0)[2]) == 0
    assert os.path.exists(limiter._lock_path)
    limiter.close()
    assert not os.path.exists(limiter._lock_path)
