"""`vertelpunt serve --workers N` (gunicorn): several processes behave as one server, none outlives it.

Real processes on a free port of 127.0.0.1, on a fresh SQLite instance, with the rate limits in the Redis
on 127.0.0.1 (database 13, emptied before each test); the PostgreSQL leg of CI runs the same server through
tests/deploy/ and benchmarks/bench_collect.py. Which worker holds which connection is read from /proc, so
these tests need Linux.
"""
from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.conftest import STRONG_PASSWORD

pytestmark = [
    pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads worker sockets from /proc (Linux)"),
    pytest.mark.skipif(os.environ.get("VERTELPUNT_TEST_DATABASE_URL") is not None, reason="serves the SQLite default"),
]
CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
EMAIL = "beheer@example.org"
CLI = [sys.executable, "-c", "from vertelpunt.cli import main; main()"]
HANG_GUARD = 60  # seconds before a test gives up waiting for a process; not a speed requirement
REDIS_URL = "redis://127.0.0.1:6379/13"


def redis_answers() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
        return True
    except Exception:  # noqa: BLE001 (no server, no client: either way there is no Redis to test with)
        return False




def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, what: str):
    deadline = time.monotonic() + HANG_GUARD
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"waited too long for: {what}"
        time.sleep(0.1)


class Server:
    def __init__(self, instance: Path, workers: int = 2, storage: str | None = REDIS_URL):
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("VERTELPUNT_")}
        self.env.update(VERTELPUNT_INSTANCE_PATH=str(instance), VERTELPUNT_SECRET_KEY="test-" + "k" * 32)
        if storage:
            self.env["VERTELPUNT_RATELIMIT_STORAGE_URI"] = storage
        self.port = free_port()
        self.workers = workers

    def cli(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([*CLI, *args], env=self.env, input=stdin, capture_output=True, text=True, check=True)

    def start(self, expected_workers: int | None = None) -> "Server":
        expected = expected_workers or self.workers
        self.process = subprocess.Popen([*CLI, "serve", "--port", str(self.port), "--workers", str(self.workers)],
                                        env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wait_for(lambda: len(self.worker_pids()) == expected and self.answers(), "the workers to answer")
        return self

    def answers(self) -> bool:
        try:
            return self.get("/")[0] == 200
        except OSError:
            return False

    def get(self, path: str, connection: http.client.HTTPConnection | None = None):
        connection = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode(), response.getheader("Set-Cookie")

    def worker_pids(self) -> list[int]:
        """gunicorn's web workers (not the job worker that serve also starts with the SQLite queue)."""
        return [pid for pid in children_of(self.process.pid) if not is_job_worker(pid)]

    def job_worker_pids(self) -> list[int]:
        return [pid for pid in children_of(self.process.pid) if is_job_worker(pid)]

    def login(self, password: str) -> int:
        """One login attempt on a connection of its own, so the kernel may hand it to any worker."""
        _, page, cookie = self.get("/beheer/inloggen")
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        body = urlencode({"csrf_token": CSRF.search(page).group(1), "email": EMAIL, "password": password})
        connection.request("POST", "/beheer/inloggen", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie.split(";")[0]})
        status = connection.getresponse().status
        connection.close()
        return status

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=HANG_GUARD)


def children_of(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(entry.name))
    return found


def is_job_worker(pid: int) -> bool:
    try:
        return b"worker\x00--parent" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def client_sockets(pid: int) -> int:
    """Open sockets of a worker, less the listening socket all workers share."""
    links = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:  # a file the worker closes meanwhile (its warm-up thread imports libraries after it starts)
            links.append(os.readlink(fd))
        except FileNotFoundError:
            continue
    return sum(1 for link in links if link.startswith("socket:")) - 1


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def alive(pid: int) -> bool:
    """Running, that is: not gone and not a zombie waiting for a parent to collect it."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.fixture
def server(tmp_path):
    if not redis_answers():
        pytest.skip("needs Redis on 127.0.0.1:6379 (CI starts one)")
    made = Server(tmp_path / "instance")
    made.cli("db", "upgrade")
    made.cli("users", "create", EMAIL, "--role", "admin", "--password-stdin", stdin=STRONG_PASSWORD + "\n")
    made.start()
    yield made
    made.stop()


def spread_connections(server, path: str = "/", most: int = 200) -> tuple[list[http.client.HTTPConnection], list[int]]:
    """Open keep-alive connections (each answered once, then held) until every worker holds one.

    Which worker accepts a connection is the kernel's choice, so a fixed number of connections can all land
    on one worker; ``most`` bounds the loop, it is not a speed requirement."""
    connections = []
    per_worker = []
    while len(connections) < most:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        assert server.get(path, connection)[0] == 200  # kept open: it stays with the worker that took it
        connections.append(connection)
        per_worker = [client_sockets(pid) for pid in server.worker_pids()]
        if len(per_worker) == 2 and min(per_worker) >= 1:
            break
    return connections, per_worker


def test_both_workers_take_connections(server):
    connections, per_worker = spread_connections(server)
    for connection in connections:
        connection.close()
    assert len(per_worker) == 2 and min(per_worker) >= 1, per_worker


def test_five_failed_logins_lock_the_client_on_every_worker(server):
    assert [server.login("fout-wachtwoord-123") for _ in range(5)] == [400] * 5
    # With a count per worker, the right password would get through on a worker that saw fewer than five.
    assert [server.login(STRONG_PASSWORD) for _ in range(6)] == [429] * 6


def test_metrics_add_up_every_worker_and_their_folder_goes_with_the_server(server):
    connections, _ = spread_connections(server, "/privacy")  # so both workers answer some of them
    serving = [pid for pid in server.worker_pids() if client_sockets(pid) > 0]
    for connection in connections:
        connection.close()
    status, text, _ = server.get("/metrics")
    assert status == 200 and len(serving) == 2
    total = sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
                if line.startswith('vertelpunt_requests_total{') and 'route="/privacy"' in line)
    assert total == len(connections)  # with a registry per worker, a scrape would see one worker's share only
    # prometheus_client names each worker's file after its pid: that finds the folder the server made
    metrics_dir = next(path.parent for path in Path(tempfile.gettempdir()).glob("vertelpunt-metrics-*/counter_*.db")
                       if path.name == f"counter_{serving[0]}.db")
    server.stop()
    assert not metrics_dir.exists()


def test_the_counts_are_in_redis_as_keyed_hashes_only(server):
    import redis

    server.login("fout-wachtwoord-123")
    keys = [key.decode() for key in redis.Redis.from_url(REDIS_URL).keys("*")]
    assert keys and all(key.startswith("LIMITS:LIMITER/vertelpunt/login") for key in keys), keys
    assert not any("127.0.0.1" in key or EMAIL in key for key in keys)


def test_without_a_shared_store_one_worker_serves_and_says_why(tmp_path):
    made = Server(tmp_path / "instance", storage=None)
    made.cli("db", "upgrade")
    made.start(expected_workers=1)
    try:
        assert len(made.worker_pids()) == 1
    finally:
        made.stop()
    assert "1 werkproces" in made.process.stdout.read()
    assert "VERTELPUNT_RATELIMIT_STORAGE_URI=redis://" in made.process.stderr.read()


def test_a_killed_worker_is_replaced_and_the_server_keeps_answering(server):
    victim, survivor = server.worker_pids()
    os.kill(victim, signal.SIGKILL)
    replaced = wait_for(lambda: (pids := server.worker_pids()) and len(pids) == 2 and victim not in pids and pids,
                        "a new worker")
    assert survivor in replaced
    assert all(server.get("/")[0] == 200 for _ in range(10))
    server.stop()
    assert server.process.returncode == 0
    assert re.search(rf"Worker \(pid:{victim}\) was sent SIGKILL", server.process.stderr.read())


def test_stopping_the_server_stops_every_worker_and_frees_the_port(server):
    assert len(server.job_worker_pids()) == 1  # the embedded default: serve runs one job worker too
    workers = server.worker_pids() + server.job_worker_pids()
    server.stop()
    assert server.process.returncode == 0
    assert not any(alive(pid) for pid in workers)
    assert port_is_free(server.port)


def test_a_server_killed_outright_leaves_no_worker_behind(server):
    workers = server.worker_pids() + server.job_worker_pids()  # the job worker watches its parent
    server.process.send_signal(signal.SIGKILL)
    server.process.wait(timeout=HANG_GUARD)
    wait_for(lambda: not any(alive(pid) for pid in workers), "the workers to die with the server")
    wait_for(lambda: port_is_free(server.port), "the port to be free")


def test_a_taken_port_is_reported_in_dutch(tmp_path):
    made = Server(tmp_path / "instance")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", made.port))
        taken.listen(1)
        result = subprocess.run([*CLI, "serve", "--port", str(made.port), "--workers", "2"], env=made.env,
                                capture_output=True, text=True, timeout=HANG_GUARD)
    assert result.returncode == 1
    assert f"Kan niet luisteren op 127.0.0.1:{made.port}" in result.stderr and "--port" in result.stderr
