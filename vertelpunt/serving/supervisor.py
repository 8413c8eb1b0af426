"""Keep N forked worker processes running on one listening socket, and stop them all together.

Why not one process: Python runs one thread at a time, so a single waitress process uses at most one core
however many threads it has. Workers forked after the socket is bound all accept on it, and the kernel hands
each new connection to whichever worker takes it first.

The supervisor (the process the operator started) only watches:
- a worker that exits or is killed is started again; one that dies within ``FAST_DEATH_SECONDS`` of its start
  counts as a failed start, and after ``MAX_FAILED_STARTS`` of those in a row the supervisor stops with an
  error instead of restarting in a tight loop (a broken configuration, a database that is not there);
- SIGTERM, SIGINT or SIGHUP stops every worker (SIGTERM, then SIGKILL after ``STOP_GRACE_SECONDS``);
- on Linux every worker asks the kernel for SIGKILL when the supervisor dies, so a supervisor that is killed
  outright (``kill -9``, out of memory) never leaves orphan workers holding the port.

Nothing here knows about Flask: :mod:`vertelpunt.serving` passes the function a worker runs.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys
import time
import traceback
from typing import Callable

FAST_DEATH_SECONDS = 2.0
MAX_FAILED_STARTS = 5
STOP_GRACE_SECONDS = 10.0
POLL_SECONDS = 0.2
_PR_SET_PDEATHSIG = 1
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class WorkersFailed(RuntimeError):
    """Workers kept dying right after their start."""


class Supervisor:
    def __init__(self, workers: int, run_worker: Callable[[], None], log: Callable[[str], None] = print):
        self.workers = workers
        self.run_worker = run_worker
        self.log = log
        self.children: dict[int, float] = {}  # pid -> start time (monotonic)
        self.failed_starts = 0
        self.stopping = False

    def run(self) -> None:
        """Start the workers and keep them running until a stop signal; raises WorkersFailed."""
        previous = {number: signal.signal(number, self._request_stop) for number in STOP_SIGNALS}
        try:
            for _ in range(self.workers):
                self._spawn()
            while not self.stopping:
                self._reap_and_replace()
                time.sleep(POLL_SECONDS)
        finally:
            self._stop_all()
            for number, handler in previous.items():
                signal.signal(number, handler)

    def _request_stop(self, _number, _frame) -> None:
        self.stopping = True

    def _spawn(self) -> None:
        supervisor = os.getpid()
        pid = os.fork()
        if pid == 0:
            _become_worker(supervisor, self.run_worker)  # never returns
        self.children[pid] = time.monotonic()

    def _reap_and_replace(self) -> None:
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            started = self.children.pop(pid, None)
            if started is None or self.stopping:
                continue
            lived = time.monotonic() - started
            self.failed_starts = self.failed_starts + 1 if lived < FAST_DEATH_SECONDS else 0
            self.log(f"Werkproces {pid} is gestopt ({_describe(status)}); er start een nieuw.")
            if self.failed_starts >= MAX_FAILED_STARTS:
                raise WorkersFailed(f"Werkprocessen stoppen steeds direct na hun start ({self.failed_starts} keer "
                                    "achter elkaar). Kijk naar de foutmelding hierboven.")
            self._spawn()

    def _stop_all(self) -> None:
        for pid in list(self.children):
            _signal(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        while self.children and time.monotonic() < deadline:
            self._reap_stopped()
            time.sleep(0.05)
        for pid in list(self.children):
            _signal(pid, signal.SIGKILL)
        while self.children:
            self._reap_stopped(block=True)

    def _reap_stopped(self, block: bool = False) -> None:
        try:
            pid, _status = os.waitpid(-1, 0 if block else os.WNOHANG)
        except ChildProcessError:
            self.children.clear()
            return
        self.children.pop(pid, None)


def _become_worker(supervisor: int, run_worker: Callable[[], None]) -> None:
    """The forked child: default signal handling, die with the supervisor, run, and never return."""
    code = 1
    try:
        for number in STOP_SIGNALS:
            signal.signal(number, signal.SIG_DFL)
        _die_with_parent()
        if os.getppid() != supervisor:  # the supervisor died before the request above took effect
            os._exit(1)
        run_worker()
        code = 0
    except BaseException:  # noqa: BLE001 - a worker reports any failure and exits; the supervisor decides
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _signal(pid: int, number: int) -> None:
    try:
        os.kill(pid, number)
    except ProcessLookupError:
        pass


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signaal {signal.Signals(os.WTERMSIG(status)).name}"
    return f"afsluitcode {os.waitstatus_to_exitcode(status)}"
