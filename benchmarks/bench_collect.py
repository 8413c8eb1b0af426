"""Load and fault test of the public story form: the real server, concurrent tellers, a SIGKILL mid-run.

What it does, per database (SQLite file, and PostgreSQL when VERTELPUNT_BENCH_PG_URL or
VERTELPUNT_TEST_DATABASE_URL names a server) and per configuration:
1. creates a fresh instance (demo form project, rate limit lifted in instance/config.py) and starts
   `vertelpunt serve` (gunicorn, threaded workers) on free ports of 127.0.0.1, with the rate limits in
   Redis (VERTELPUNT_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/11, emptied before every configuration;
   without a shared store `serve` would run one worker whatever --workers says). The configurations:
   (a) 1 worker, clients talk to it directly; (b) 2 workers, directly; (c) 2 workers behind nginx (the
   shipped deploy/nginx/vertelpunt.conf, rendered by tests/deploy/harness.py with other ports and a
   self-signed certificate; clients speak HTTPS with keep-alive to nginx); (d) two servers of 1 worker
   each behind that nginx (round-robin) on the same database and Redis: the two-server run;
2. baseline: the same client pool fetches the project's landing page (a plain GET) for a few seconds;
3. CLIENTS concurrent tellers (threads spread over client processes, keep-alive connections) each fetch
   the form once (session cookie + CSRF token), then submit complete stories in a loop, each with its
   own random submission token, for DURATION seconds;
4. halfway, the server gets SIGKILL, all its processes at once (its process group: a crash of the whole
   server; in the two-server run only one of the two servers); it is restarted at once and the tellers
   carry on (requests that fail while it is down are counted as failed, not as lost);
5. a steady run (the same load without a crash) and an open-loop run at 200 stories per second;
6. afterwards every token that got a success answer (303) must be in the database exactly once
   (stories.submission_hash = sha256(token)), and the database must pass an integrity check.
Throughput, p50/p99 latency of successful submissions, the CPU time the server processes used per story
(utime + stime of every process in the server's process group, from /proc), and lost stories go to
docs/benchmarks.md.

    python benchmarks/bench_collect.py              # 50 clients, 20 s per database and configuration
    python benchmarks/bench_collect.py --quick      # 20 clients, 6 s, configurations (b) and (c) (CI)

Exits non-zero when an acknowledged story is lost or stored twice, the database fails its integrity check
or a configuration stored no story at all. Without nginx (or openssl) the nginx configurations are skipped
with a note.
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.client
import json
import multiprocessing
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench_collect:start -->", "<!-- bench_collect:end -->"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
STEPS = re.compile(r"Stap 1 van (\d+)")
SLUG, ROLE = "laadtest", "parent"
TARGET_RATE = 200  # stories per second the issue asks for, with p99 under 200 ms
THREADS_SINGLE, THREADS_PER_WORKER = 16, 8
REDIS_URL = "redis://127.0.0.1:6379/11"  # the benchmark's own Redis database, emptied before every configuration
SERVER_NAME = "localhost"  # the name nginx's rendered site answers to (tests/deploy/harness.py)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Config:
    key: str
    label: str
    servers: int  # app servers (each its own `vertelpunt serve`, process group and port)
    workers: int  # worker processes per server
    threads: int  # threads per worker
    nginx: bool  # clients speak HTTPS to nginx (the shipped site) instead of HTTP to the server


CONFIGS = {c.key: c for c in (
    Config("a", "1 worker", 1, 1, THREADS_SINGLE, False),
    Config("b", "2 workers", 1, 2, THREADS_PER_WORKER, False),
    Config("c", "2 workers, nginx", 1, 2, THREADS_PER_WORKER, True),
    Config("d", "2 servers x 1 worker, nginx", 2, 1, THREADS_PER_WORKER, True),
)}
STORY = ("We wachtten lang op hulp voor onze dochter. Toen de hulpverlener kwam, luisterde ze goed en maakten "
         "we samen een plan. Dat gaf rust in huis.")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cli_env(instance: Path, url: str) -> dict:
    env = {**os.environ, "VERTELPUNT_INSTANCE_PATH": str(instance), "VERTELPUNT_DATABASE_URL": url,
           "VERTELPUNT_SECRET_KEY": "bench-" + secrets.token_hex(8), "PYTHONPATH": str(ROOT),
           "VERTELPUNT_RATELIMIT_STORAGE_URI": REDIS_URL}
    return env


def prepare(url: str) -> tuple[Path, dict]:
    instance = Path(tempfile.mkdtemp(prefix="vp-bench-"))
    (instance / "config.py").write_text("RATE_LIMIT_STORIES = (10**9, 3600)\n")
    env = cli_env(instance, url)
    if url.startswith("postgresql"):
        reset_postgres(url)
    commands = [["db", "upgrade"], ["forms", "import", str(ROOT / "vertelpunt/data/forms/vertelpunt-landelijk.yaml")],
                ["projects", "create", SLUG, "--title", "Laadtest", "--region", "twente"]]
    # the three commands in one process: importing the app is most of the time each one takes
    code = ("import json, sys\nfrom vertelpunt.cli import cli\nfor args in json.loads(sys.argv[1]):\n"
            "    cli.main(args, prog_name='vertelpunt', standalone_mode=False)")
    subprocess.run([sys.executable, "-c", code, json.dumps(commands)], env=env, check=True, capture_output=True,
                   text=True)
    return instance, env


def reset_postgres(url: str) -> None:
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import text

    from vertelpunt.db import make_engine

    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def flush_redis() -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5)
    client.flushdb()
    client.close()


def group_cpu(pgid: int) -> float:
    """CPU seconds (user + system) of every live process in process group ``pgid``, from /proc/<pid>/stat."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended meanwhile
        if int(fields[2]) == pgid:  # fields[0] is the state: pgrp is field 5 of stat, utime 14, stime 15
            ticks += int(fields[11]) + int(fields[12])
    return ticks / CLOCK_TICKS


class Server:
    """One `vertelpunt serve` in a process group of its own, so a crash can take every one of its processes."""

    def __init__(self, env: dict, workers: int, threads: int):
        self.env, self.workers, self.threads = env, workers, threads
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self, attempts: int = 3) -> "Server":
        """Start and wait until it answers; a start that fails (say, the free port was taken meanwhile by
        another program on this shared machine) is tried again, on a new port unless the server restarts."""
        for attempt in range(attempts):
            try:
                return self._start()
            except RuntimeError as error:
                print(f"  ({error}; trying again)", flush=True)
                if attempt == attempts - 1:
                    raise
                time.sleep(1)
        raise AssertionError("unreachable")

    def _start(self) -> "Server":
        code = "from vertelpunt.cli import main; main()"
        self.log = Path(self.env["VERTELPUNT_INSTANCE_PATH"]) / f"server-{self.port}.log"
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen([sys.executable, "-c", code, "serve", "--port", str(self.port),
                                             "--workers", str(self.workers), "--threads", str(self.threads)],
                                            env=self.env, start_new_session=True, stdout=log,
                                            stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:  # ready = a worker answers (gunicorn binds before it forks them)
            if self.process.poll() is not None:
                tail = self.log.read_text(errors="replace")[-600:].strip()
                raise RuntimeError(f"the server on port {self.port} exited with {self.process.returncode}: {tail}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/")
                status = connection.getresponse().status
                connection.close()
                if status == 200:
                    return self
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.1)
        self.crash()
        raise RuntimeError("server did not start")

    def cpu(self) -> float:
        return group_cpu(self.process.pid)

    def crash(self) -> None:
        """SIGKILL to the server's whole process group, then wait until the port can be bound again."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        deadline = time.time() + 30
        while time.time() < deadline:
            with socket.socket() as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    probe.bind(("127.0.0.1", self.port))
                    return
                except OSError:
                    time.sleep(0.02)
        raise RuntimeError("the port stayed taken after the crash")


_TLS: ssl.SSLContext | None = None


def unverified_context() -> ssl.SSLContext:
    """One TLS context per client process; nginx's certificate is self-signed, so it is not verified."""
    global _TLS
    if _TLS is None:
        _TLS = ssl.create_default_context()
        _TLS.check_hostname = False
        _TLS.verify_mode = ssl.CERT_NONE
    return _TLS


class Teller:
    """One client: a keep-alive connection, the session cookie and CSRF token from one GET of the form.

    With ``tls`` it speaks HTTPS to nginx as a browser at https://localhost:<port>/ does: that Host header,
    and a Referer on POSTs (Flask-WTF checks it on HTTPS requests against the host nginx passes on).
    """

    def __init__(self, port: int, tls: bool = False):
        self.port, self.tls = port, tls
        self.connection = None
        self.cookie = self.csrf = self.step = None

    def request(self, method, path, body=None, headers=None):
        if self.connection is None:
            if self.tls:
                self.connection = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=10,
                                                              context=unverified_context())
            else:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = dict(headers or {})
        if self.tls:
            headers["Host"] = f"{SERVER_NAME}:{self.port}"
            if method == "POST":
                headers["Referer"] = f"https://{SERVER_NAME}{path}"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            return response, response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = None
            raise

    def start(self) -> None:
        response, body = self.request("GET", f"/v/{SLUG}/vertel/{ROLE}")
        page = body.decode()
        self.cookie = response.getheader("Set-Cookie").split(";")[0]
        self.csrf = CSRF.search(page).group(1)
        self.step = str(int(STEPS.search(page).group(1)) - 1)  # submit posts from the last page

    def submit(self, token: str) -> int:
        fields = {"csrf_token": self.csrf, "submission": token, "step": self.step, "nav": "submit",
                  "prompt": "moment", "text": STORY, "title": "Eindelijk rust",
                  "q_outcome": "80", "q_outcome__state": "answer", "q_heard": "75", "q_heard__state": "answer",
                  "q_help_type": "jeugdhulp", "q_place": "enschede"}
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": self.cookie}
        response, _ = self.request("POST", f"/v/{SLUG}/vertel/{ROLE}", urlencode(fields), headers)
        return response.status


def worker(port: int, tls: bool, threads: int, mode: str, seconds: float, queue,
           interval: float | None = None) -> None:
    """A process of client threads; puts (ok tokens, latencies, failures, other statuses) on the queue.

    Without ``interval`` every thread sends its next request as soon as the last one is answered (a closed
    loop: it finds the most the server can do). With ``interval`` each thread sends on a fixed schedule
    (an open loop at a given arrival rate) and latency counts from the scheduled moment, so time spent
    queueing behind a slow answer is not hidden (no coordinated omission).
    """
    ok_tokens, latencies, failures, statuses = [], [], [0], {}
    lock = threading.Lock()
    stop_at = time.time() + seconds

    def run(offset: float = 0.0):
        teller = Teller(port, tls)
        next_at = time.perf_counter() + offset
        while time.time() < stop_at:
            if interval is not None:
                pause = next_at - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
            try:
                if mode == "baseline":
                    started = time.perf_counter()
                    response, _ = teller.request("GET", f"/v/{SLUG}/")
                    status = response.status
                    token = None
                else:
                    if teller.csrf is None:
                        teller.start()
                    token = secrets.token_urlsafe(24)
                    started = time.perf_counter()
                    status = teller.submit(token)
                elapsed = time.perf_counter() - (started if interval is None else min(started, next_at))
            except (OSError, http.client.HTTPException, AttributeError):
                with lock:
                    failures[0] += 1
                time.sleep(0.05)
                next_at = time.perf_counter() if interval is None else next_at + interval
                continue
            if interval is not None:
                next_at += interval
            if status >= 500:  # nginx's 502 while a server is down: a teller waits a moment, as after no answer
                time.sleep(0.05)
            with lock:
                if status in (200, 303):
                    latencies.append(elapsed)
                    if token:
                        ok_tokens.append(token)
                else:
                    statuses[status] = statuses.get(status, 0) + 1

    spread = (interval or 0.0) / max(threads, 1)
    pool = [threading.Thread(target=run, args=(i * spread,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    used = os.times()
    queue.put((ok_tokens, latencies, failures[0], statuses, used.user + used.system))


def load(target: tuple[int, bool], clients: int, mode: str, seconds: float, kill=None, rate: float | None = None,
         cpu=None) -> dict:
    """Run the clients against ``target`` (port, tls); with ``rate`` (requests per second for all clients
    together) on a fixed schedule. ``cpu`` returns the CPU seconds the server processes (and nginx) used
    so far, as a dict; the difference over the run is in the result's ``cpu``."""
    processes = min(4, clients)
    queue = multiprocessing.Queue()
    shares = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
    interval = clients / rate if rate else None
    pool = [multiprocessing.Process(target=worker, args=(*target, share, mode, seconds, queue, interval))
            for share in shares]
    cpu_before = cpu() if cpu else {}
    started = time.perf_counter()
    for process in pool:
        process.start()
    if kill is not None:
        time.sleep(seconds / 2)
        kill()
    results = [queue.get() for _ in pool]
    for process in pool:
        process.join()
    wall = time.perf_counter() - started
    cpu_used = {name: used - cpu_before[name] for name, used in cpu().items()} if cpu else {}
    cpu_used["clients"] = sum(r[4] for r in results)  # the client processes' own CPU, all of it in the run
    tokens = [t for r in results for t in r[0]]
    latencies = sorted(x for r in results for x in r[1])
    statuses: dict = {}
    for r in results:
        for status, count in r[3].items():
            statuses[status] = statuses.get(status, 0) + count

    def percentile(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")

    errors = sum(count for status, count in statuses.items() if status >= 500)  # e.g. nginx's 502 while down
    return {"ok": len(latencies), "tokens": tokens, "failed": sum(r[2] for r in results) + errors,
            "statuses": statuses, "per_second": len(latencies) / wall, "p50": percentile(0.50),
            "p99": percentile(0.99), "wall": wall, "cpu": cpu_used}


def check_database(url: str, tokens: list[str]) -> dict:
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import func, select, text

    from vertelpunt.db import make_engine
    from vertelpunt.models import Answer, Story

    engine = make_engine(url)
    hashes = [hashlib.sha256(t.encode()).hexdigest() for t in tokens]
    found: dict[str, int] = {}
    with engine.connect() as connection:
        for start in range(0, len(hashes), 900):
            chunk = hashes[start:start + 900]
            for digest, count in connection.execute(select(Story.submission_hash, func.count())
                                                    .where(Story.submission_hash.in_(chunk))
                                                    .group_by(Story.submission_hash)):
                found[digest] = count
        total = connection.scalar(select(func.count()).select_from(Story))
        orphans = connection.scalar(select(func.count()).select_from(Answer)
                                    .where(~Answer.story_id.in_(select(Story.id))))
        if connection.dialect.name == "sqlite":
            integrity = connection.execute(text("PRAGMA integrity_check")).scalar()
            fk = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
            healthy = integrity == "ok" and not fk and orphans == 0
        else:
            duplicates = connection.scalar(text(
                "SELECT count(*) FROM (SELECT submission_hash FROM stories WHERE submission_hash IS NOT NULL "
                "GROUP BY submission_hash HAVING count(*) > 1) d"))
            healthy = duplicates == 0 and orphans == 0
    engine.dispose()
    lost = sum(1 for d in hashes if d not in found)
    doubled = sum(1 for d in hashes if found.get(d, 0) > 1)
    return {"stored": total, "lost": lost, "doubled": doubled, "healthy": healthy}


def nginx_missing() -> str | None:
    """Why the nginx configurations cannot run here, or None."""
    if not (shutil.which("nginx") or os.access("/usr/sbin/nginx", os.X_OK)):
        return "nginx is not installed"
    if not shutil.which("openssl"):
        return "openssl is not installed (needed for the self-signed certificate)"
    return None


def import_harness():
    """tests/deploy/harness.py: renders the shipped nginx site with other ports and a test certificate."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.deploy import harness

    return harness


def first_start(env: dict, workers: int, threads: int, attempts: int = 3) -> Server:
    """A new server on a free port; if it does not come up, again on another port (the port may have been
    taken between free_port() and the bind by someone else's process: the machine is shared)."""
    for attempt in range(attempts):
        server = Server(env, workers, threads)
        try:
            return server.start(attempts=1)
        except RuntimeError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def run_config(label: str, prepared: tuple[Path, dict], url: str, config: Config, clients: int, seconds: float,
               tls_files, warmup: float) -> dict:
    instance, env = prepared
    if config.nginx:  # as deploy/vertelpunt.env has it behind the proxy
        env = {**env, "VERTELPUNT_TRUSTED_PROXIES": "1", "VERTELPUNT_SESSION_COOKIE_SECURE": "true"}
    flush_redis()
    servers: list[Server] = []
    with contextlib.ExitStack() as stack:
        stack.callback(lambda: [server.crash() for server in servers if server.process is not None])
        for _ in range(config.servers):
            servers.append(first_start(env, config.workers, config.threads))
        proxy = None
        if config.nginx:
            harness = import_harness()
            upstreams = (servers[0].port, servers[-1].port)  # one server: the same port twice in the upstream
            nginx_dir = harness.make_tmpdir("vp-bench-nginx-")
            stack.callback(shutil.rmtree, nginx_dir, True)
            proxy = stack.enter_context(harness.render_nginx(nginx_dir, free_port(), free_port(), upstreams,
                                                             *tls_files))
            target = (proxy.https_port, True)
        else:
            target = (servers[0].port, False)

        def cpu() -> dict:
            used = {"server": sum(server.cpu() for server in servers)}
            if proxy is not None:
                used["nginx"] = group_cpu(proxy.process.pid)
            return used

        def kill_and_restart():  # the whole server; in the two-server run the first of the two only
            servers[0].crash()
            servers[0].start()

        load(target, clients, "submit", warmup)  # warm up (caches, connection pools, first requests)
        baseline = load(target, clients, "baseline", seconds / 2, cpu=cpu)
        measured = load(target, clients, "submit", seconds, kill=kill_and_restart)
        warm = load(target, clients, "submit", seconds / 2, cpu=cpu)  # the same load without a crash
        warm["load"] = os.getloadavg()[0]  # the machine is shared: how busy it was, other work included
        paced = load(target, clients, "submit", seconds / 2, rate=TARGET_RATE)  # the target arrival rate
    checked = check_database(url, measured["tokens"] + warm["tokens"] + paced["tokens"])
    return {"label": label, "config": config, "clients": clients, "seconds": seconds, "baseline": baseline,
            "crash": measured, "steady": warm, "paced": paced, **checked}


def per_request_ms(run: dict, name: str = "server") -> float:
    return run["cpu"][name] * 1000 / run["ok"] if run["ok"] and name in run["cpu"] else float("nan")


def busy(run: dict, name: str = "server") -> float:
    return run["cpu"][name] / run["wall"] if name in run["cpu"] else float("nan")


def summary(r: dict) -> str:
    s, pace, base = r["steady"], r["paced"], r["baseline"]
    nginx = (f", nginx {per_request_ms(s, 'nginx'):.2f} ms CPU/story ({busy(s, 'nginx'):.2f} cores)"
             if "nginx" in s["cpu"] else "")
    nginx += f", clients {per_request_ms(s, 'clients'):.2f} ms CPU/story"
    return (f"{r['label']}, {r['config'].label}: baseline {base['per_second']:.0f} GET/s "
            f"({per_request_ms(base):.2f} ms server CPU/GET); steady {s['per_second']:.0f} stories/s (p50 "
            f"{s['p50']:.0f} ms, p99 {s['p99']:.0f} ms; server {per_request_ms(s):.2f} ms CPU/story, "
            f"{busy(s):.2f} cores busy{nginx}; load average {s['load']:.1f}); at {TARGET_RATE}/s: {pace['per_second']:.0f}/s done, p50 "
            f"{pace['p50']:.0f} ms, p99 {pace['p99']:.0f} ms; crash run {r['crash']['per_second']:.0f}/s, "
            f"{r['crash']['failed']} failed while down; lost {r['lost']}, doubled {r['doubled']}, integrity "
            f"{'ok' if r['healthy'] else 'FAILED'}; other statuses steady {s['statuses'] or '-'}, crash "
            f"{r['crash']['statuses'] or '-'}")


def write_results(rows: list[dict], clients: int, seconds: float, skipped: str | None) -> None:
    lines = [START, "## Story submissions under load, with a crash (`benchmarks/bench_collect.py`)", "",
             f"Machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}. {clients} concurrent tellers "
             f"(threads in 4 client processes on the same machine, keep-alive) submit complete stories to "
             f"`vertelpunt serve` (gunicorn, threaded workers; rate limits in Redis, so several workers and "
             f"servers count as one). Configurations: *1 worker* ({THREADS_SINGLE} threads) and *2 workers* "
             f"({THREADS_PER_WORKER} threads each), clients talking HTTP to the server directly; *2 workers, "
             "nginx*: the same server behind the shipped nginx site (deploy/nginx/vertelpunt.conf with test "
             "ports and a self-signed certificate), clients speaking HTTPS with keep-alive to nginx; *2 servers "
             f"x 1 worker, nginx*: two servers of one worker ({THREADS_PER_WORKER} threads) each behind that "
             "nginx (round-robin), on the same database and Redis. Everything (clients, nginx, servers, "
             "PostgreSQL, Redis) shares the 2 cores. "
             f"*Crash run*: {seconds:.0f} s with a SIGKILL of the whole server (every process of it) halfway and "
             "an immediate restart; in the two-server run only one of the two servers is killed. *Steady run*: "
             "the same load without a crash (a closed loop: each teller sends again as soon as it has an answer, "
             "so this is the most the setup does, and its latency is clients / throughput by construction). "
             f"*At 200/s*: the same tellers send on a fixed schedule, {TARGET_RATE} stories per second together "
             "(an open loop), latency counted from the scheduled moment: this is the run that answers the "
             "target. *Baseline*: the same clients fetching the landing page (a plain GET) in the same run; the "
             "ratio is submissions per second / baseline requests per second. *x 1 worker*: steady stories per "
             "second against the 1-worker run on the same database in the same run. *CPU ms per story*: CPU "
             "time (user + system) of every process of the app server(s) during the steady run, divided by the "
             "stories stored (CPU ms per GET: the same for the baseline); *cores*: that CPU time / wall time; "
             "*nginx ms*, *client ms*: the same for nginx (TLS included) and for the client processes (their TLS "
             "and HTTP work on the same cores). *Load*: the machine's 1-minute load average at the end of the steady "
             "run (the machine is shared; above 2 means other work was competing for the 2 cores). *Failed during crash*: requests without an answer "
             "or with a 5xx (nginx's 502) while a server was down. *Lost* = submissions that got a success "
             "answer but are not in the database exactly once.", "",
             "| database | configuration | baseline GET/s | CPU ms per GET | steady stories/s | ratio | x 1 worker "
             "| p50 (ms) | p99 (ms) | CPU ms per story | cores | nginx ms per story | client ms per story | load | at 200/s: done/s | p50 (ms) "
             "| p99 (ms) | crash-run stories/s | failed during crash | lost | doubled | integrity |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    single = {r["label"]: r["steady"]["per_second"] for r in rows if r["config"].key == "a"}
    for r in rows:
        steady, crash_run, paced, base = r["steady"], r["crash"], r["paced"], r["baseline"]
        versus = f"{steady['per_second'] / single[r['label']]:.2f}" if r["label"] in single else "-"
        nginx = f"{per_request_ms(steady, 'nginx'):.2f}" if "nginx" in steady["cpu"] else "-"
        lines.append(f"| {r['label']} | {r['config'].label} | {base['per_second']:.0f} | {per_request_ms(base):.2f} | "
                     f"{steady['per_second']:.0f} | {steady['per_second'] / base['per_second']:.2f} | "
                     f"{versus} | {steady['p50']:.0f} | {steady['p99']:.0f} | {per_request_ms(steady):.2f} | "
                     f"{busy(steady):.2f} | {nginx} | {per_request_ms(steady, 'clients'):.2f} | {steady['load']:.1f} | {paced['per_second']:.0f} | "
                     f"{paced['p50']:.0f} | {paced['p99']:.0f} | {crash_run['per_second']:.0f} | "
                     f"{crash_run['failed']} | {r['lost']} | {r['doubled']} | {'ok' if r['healthy'] else 'FAILED'} |")
    lines += ["", f"Targets: at least {TARGET_RATE} stories per second with p99 under 200 ms on this 2-core machine, "
              "zero lost."]
    if skipped:
        lines += ["", f"Not measured: the nginx configurations ({skipped})."]
    lines.append(END)
    from results_file import update_section

    update_section(START, END, "\n".join(lines), RESULTS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short run for CI; does not rewrite docs/benchmarks.md")
    parser.add_argument("--clients", type=int)
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--configs", nargs="+", choices=sorted(CONFIGS),
                        help="configurations to measure: a = 1 worker, b = 2 workers, c = 2 workers behind nginx, "
                             "d = two 1-worker servers behind nginx (default: a b c d; quick: b c)")
    args = parser.parse_args()
    clients = args.clients or (20 if args.quick else 50)
    seconds = args.seconds or (6 if args.quick else 20)
    warmup = 1 if args.quick else 2
    configs = [CONFIGS[key] for key in (args.configs or (["b", "c"] if args.quick else ["a", "b", "c", "d"]))]
    skipped = nginx_missing() if any(c.nginx for c in configs) else None
    if skipped:
        print(f"Note: {skipped}; skipping the nginx configurations "
              f"({', '.join(c.label for c in configs if c.nginx)}).", flush=True)
        configs = [c for c in configs if not c.nginx]
    tls_files = None
    if any(c.nginx for c in configs):
        tls_folder = Path(tempfile.mkdtemp(prefix="vp-bench-tls-"))
        tls_files = import_harness().make_certificate(tls_folder)
    targets = [("SQLite", None)]
    pg = os.environ.get("VERTELPUNT_BENCH_PG_URL") or os.environ.get("VERTELPUNT_TEST_DATABASE_URL")
    if pg:
        targets.append(("PostgreSQL", pg))
    rows = []
    for label, url in targets:
        prepared = None
        for config in configs:
            if prepared is None or not args.quick:  # a fresh database per configuration (quick: per database)
                fresh = url or f"sqlite:///{tempfile.mkdtemp(prefix='vp-bench-db-')}/bench.sqlite3"
                prepared = prepare(fresh)
            row = run_config(label, prepared, fresh, config, clients, seconds, tls_files, warmup)
            rows.append(row)
            print(summary(row), flush=True)
    if tls_files:
        shutil.rmtree(tls_files[0].parent, ignore_errors=True)
    if not args.quick:
        write_results(rows, clients, seconds, skipped)
    good = all(r["lost"] == 0 and r["doubled"] == 0 and r["healthy"] and r["steady"]["ok"] > 0 for r in rows)
    if not good:
        print("FAILED: an acknowledged story was lost or doubled, the integrity check failed, or nothing was stored",
              flush=True)
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
