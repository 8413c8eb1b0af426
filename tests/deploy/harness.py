"""Run the files in deploy/ as they are: the nginx site, the systemd units' ExecStart lines, the env file.

Only what must differ on a test machine is changed, and every change checks that the string it replaces is
still in the file, so an edit to deploy/ that these tests do not follow fails loudly instead of passing on
a stale copy:

- nginx/vertelpunt.conf: the four port numbers, the server name and the two certificate paths (a
  self-signed certificate made here); it is included in a minimal nginx.conf whose pid, logs and temp
  folders live in a temporary folder;
- vertelpunt.env: the database, secret key, Redis and instance folder values;
- vertelpunt.env's job queue: the same Redis database as the rate limits (huey's keys have a prefix of their own);
- systemd/*.service: the ExecStart line, with ``%i`` replaced by the port and the installed program by this
  Python running ``vertelpunt.cli.main`` (so the flags are exactly the unit's).

Every process starts in a session of its own, so a SIGKILL to its process group takes the whole server
(gunicorn's arbiter and its workers), as a crash of the machine's service would.
"""
from __future__ import annotations

import contextlib
import hashlib
import http.client
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.conftest import STRONG_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX_SITE = DEPLOY / "nginx" / "vertelpunt.conf"
SERVER_UNIT = DEPLOY / "systemd" / "vertelpunt@.service"
MIGRATE_UNIT = DEPLOY / "systemd" / "vertelpunt-migrate.service"
WORKER_UNIT = DEPLOY / "systemd" / "vertelpunt-worker.service"
ENV_FILE = DEPLOY / "vertelpunt.env"
NATIONAL_FORM = ROOT / "vertelpunt" / "data" / "forms" / "vertelpunt-landelijk.yaml"

INSTALLED_PROGRAM = "/opt/vertelpunt/venv/bin/vertelpunt"
CLI = [sys.executable, "-c", "from vertelpunt.cli import main; main()"]
REDIS_URL = "redis://127.0.0.1:6379/12"  # reserved for tests/deploy; emptied before every test
PG_SCHEMA = "deploy_test"  # on PostgreSQL the servers get a schema of their own, not the suite's
SERVER_NAME = "localhost"
HANG_GUARD = 60  # seconds before giving up on a process that does not answer; not a speed requirement
STORY_LIMIT = 3  # RATE_LIMIT_STORIES for these tests, written into the instance folder's config.py
SLUG, ROLE = "deploytest", "parent"
PASSWORD = STRONG_PASSWORD
STEPS = re.compile(r"Stap 1 van (\d+)")  # the form's page count: submit posts from the last page
CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
STORY = ("We wachtten lang op hulp voor onze dochter. Toen de hulpverlener kwam, luisterde ze goed en maakten "
         "we samen een plan. Dat gaf rust in huis.")


# --- what the machine must have ---------------------------------------------------------------------

def nginx_binary() -> str | None:
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None


def redis_answers() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        return True
    except Exception:  # noqa: BLE001 (no server or no client library: either way no Redis to test with)
        return False


def flush_redis() -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    client.flushdb()
    client.close()


def require_tools() -> None:
    """Skip, saying what is missing, when this machine cannot run a deployment (CI installs all of it)."""
    if not Path("/proc/net/tcp").exists():
        pytest.skip("tests/deploy need Linux (process groups, /proc/net/tcp)")
    if nginx_binary() is None:
        pytest.skip("tests/deploy need nginx (apt-get install nginx; CI installs it)")
    if shutil.which("openssl") is None:
        pytest.skip("tests/deploy need openssl for a self-signed certificate (CI installs it)")
    if not redis_answers():
        pytest.skip(f"tests/deploy need Redis at {REDIS_URL} (CI starts one)")


# --- small helpers ----------------------------------------------------------------------------------

def replace_checked(text: str, old: str, new: str, count: int = 1, where: str = "") -> str:
    """Replace ``old``, which must occur exactly ``count`` times (else the deploy file changed)."""
    found = text.count(old)
    assert found == count, (f"{where}: expected {old!r} {count} time(s), found {found}; deploy/ changed, "
                            "update tests/deploy/harness.py to follow it")
    return text.replace(old, new)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, what: str, guard: float = HANG_GUARD):
    deadline = time.monotonic() + guard
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"waited {guard} s for: {what}"
        time.sleep(0.1)


def make_tmpdir(prefix: str) -> Path:
    """A folder nginx's worker user (nobody/www-data) can enter: pytest's own tmp folders are 0700."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path


def make_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=HANG_GUARD)
    return cert, key


def established_connections(port: int) -> int:
    """Open TCP connections to 127.0.0.1:<port> (a server's side of them), read from /proc/net/tcp."""
    wanted = f":{port:04X}"
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1].endswith(wanted) and fields[3] == "01":  # local address is the server's port; ESTABLISHED
            count += 1
    return count


def submission_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- nginx ------------------------------------------------------------------------------------------

def render_site(http_port: int, https_port: int, upstream_ports: tuple[int, int], cert: Path, key: Path) -> str:
    """deploy/nginx/vertelpunt.conf with only the ports, the server name and the certificate paths changed."""
    where = str(NGINX_SITE.relative_to(ROOT))
    text = NGINX_SITE.read_text(encoding="utf-8")
    text = replace_checked(text, "listen 80;", f"listen {http_port};", where=where)
    text = replace_checked(text, "listen 443 ssl;", f"listen {https_port} ssl;", where=where)
    text = replace_checked(text, "server 127.0.0.1:8001 ", f"server 127.0.0.1:{upstream_ports[0]} ", where=where)
    text = replace_checked(text, "server 127.0.0.1:8002 ", f"server 127.0.0.1:{upstream_ports[1]} ", where=where)
    text = replace_checked(text, "server_name vertelpunt.example.nl;", f"server_name {SERVER_NAME};", 2, where)
    text = replace_checked(text, "ssl_certificate /etc/ssl/vertelpunt/fullchain.pem;",
                           f"ssl_certificate {cert};", where=where)
    text = replace_checked(text, "ssl_certificate_key /etc/ssl/vertelpunt/privkey.pem;",
                           f"ssl_certificate_key {key};", where=where)
    return text


@dataclass
class Nginx:
    http_port: int
    https_port: int
    folder: Path
    process: subprocess.Popen | None = None

    def log(self) -> str:
        path = self.folder / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""


@contextlib.contextmanager
def render_nginx(tmpdir: Path, http_port: int, https_port: int, upstream_ports: tuple[int, int],
                 cert: Path, key: Path):
    """Render the site into a minimal nginx.conf in ``tmpdir``, run nginx on it, stop it afterwards."""
    tmpdir = Path(tmpdir)
    tmpdir.chmod(0o755)
    site = tmpdir / "vertelpunt.conf"
    site.write_text(render_site(http_port, https_port, upstream_ports, cert, key), encoding="utf-8")
    temps = []
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        folder = tmpdir / f"{name}_temp"
        folder.mkdir()
        folder.chmod(0o777)  # the worker runs as nginx's unprivileged user and writes buffered bodies here
        temps.append(f"    {name}_temp_path {folder};")
    (tmpdir / "nginx.conf").write_text("\n".join([
        "worker_processes 1;",
        f"pid {tmpdir / 'nginx.pid'};",
        f"error_log {tmpdir / 'error.log'} warn;",
        "events {}",
        "http {",
        *temps,
        f"    include {site};",
        "}",
        "",
    ]), encoding="utf-8")
    proxy = Nginx(http_port, https_port, tmpdir)
    command = [nginx_binary(), "-e", str(tmpdir / "error.log"), "-p", str(tmpdir), "-c", str(tmpdir / "nginx.conf"),
               "-g", "daemon off;"]
    proxy.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
    try:
        def answers():
            assert proxy.process.poll() is None, f"nginx exited:\n{proxy.log()}"
            try:
                connection = http.client.HTTPConnection("127.0.0.1", http_port, timeout=5)
                connection.request("GET", "/")
                status = connection.getresponse().status
                connection.close()
                return status == 301
            except OSError:
                return False

        wait_for(answers, "nginx to answer")
        yield proxy
    finally:
        stop_group(proxy.process, signal.SIGQUIT)


def stop_group(process: subprocess.Popen | None, first: int = signal.SIGTERM) -> None:
    """Ask the process group to stop, then kill what is left of it."""
    if process is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, first)
    try:
        process.wait(timeout=HANG_GUARD / 2)
    except subprocess.TimeoutExpired:
        pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=HANG_GUARD / 2)


# --- the settings and the units ---------------------------------------------------------------------

def read_env_file(path: Path = ENV_FILE) -> list[tuple[str, str]]:
    """KEY=VALUE lines as systemd's EnvironmentFile reads them (comments and blank lines skipped)."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        key, sep, value = line.partition("=")
        assert sep, f"{path.name}: not a KEY=VALUE line: {line!r}"
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        pairs.append((key.strip(), value))
    return pairs


def deploy_env(database_url: str, secret_key: str, instance_path: Path, redis_url: str = REDIS_URL,
               overrides: dict[str, str] | None = None) -> dict[str, str]:
    """The process environment of a server: deploy/vertelpunt.env with only the four test values replaced.

    ``overrides`` may change further settings of the file (each must be in it), for the one test that
    runs a server reached directly, without the proxy.
    """
    replaced = {"VERTELPUNT_DATABASE_URL": database_url, "VERTELPUNT_SECRET_KEY": secret_key,
                "VERTELPUNT_RATELIMIT_STORAGE_URI": redis_url, "VERTELPUNT_INSTANCE_PATH": str(instance_path),
                "VERTELPUNT_JOB_QUEUE_URL": redis_url, **(overrides or {})}
    settings, seen = {}, set()
    for key, value in read_env_file():
        if key in replaced:
            seen.add(key)
            value = replaced[key]
        settings[key] = value
    missing = set(replaced) - seen
    assert not missing, f"deploy/vertelpunt.env no longer sets {sorted(missing)}; update tests/deploy/harness.py"
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERTELPUNT_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(settings)
    return env


def exec_start(unit_file: Path, port: int | None = None) -> list[str]:
    """The unit's ExecStart as an argument list for this Python, ``%i`` replaced by ``port``."""
    lines = [line for line in unit_file.read_text(encoding="utf-8").splitlines() if line.startswith("ExecStart=")]
    assert len(lines) == 1, f"{unit_file.name}: expected one ExecStart line, found {len(lines)}"
    command = lines[0].partition("=")[2]
    if port is not None:
        command = replace_checked(command, "%i", str(port), where=unit_file.name)
    assert "%" not in command, f"{unit_file.name}: a systemd specifier the tests do not fill in: {command!r}"
    argv = shlex.split(command)
    assert argv[0] == INSTALLED_PROGRAM, f"{unit_file.name}: ExecStart runs {argv[0]!r}, not {INSTALLED_PROGRAM}"
    return [*CLI, *argv[1:]]


# --- the database -----------------------------------------------------------------------------------

def on_postgres() -> bool:
    return bool(os.environ.get("VERTELPUNT_TEST_DATABASE_URL"))


def with_search_path(url: str, schema: str = PG_SCHEMA) -> str:
    return url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"


def fresh_database(tmpdir: Path) -> str:
    """The URL the servers use: an empty schema of their own on PostgreSQL, else a new SQLite file."""
    base = os.environ.get("VERTELPUNT_TEST_DATABASE_URL")
    if not base:
        return f"sqlite:///{tmpdir / 'deploy.sqlite3'}"
    from sqlalchemy import text

    from vertelpunt.db import make_engine

    engine = make_engine(base)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))
    engine.dispose()
    return with_search_path(base)


def assert_schema_holds_alembic(url: str) -> None:
    """The servers' URL option really puts their tables in their own schema (not in the suite's public)."""
    from sqlalchemy import text

    from vertelpunt.db import make_engine

    engine = make_engine(url)
    with engine.connect() as connection:
        schemas = connection.execute(text("SELECT table_schema FROM information_schema.tables "
                                          "WHERE table_name = 'alembic_version'")).scalars().all()
        current = connection.execute(text("SELECT current_schema()")).scalar()
    engine.dispose()
    assert current == PG_SCHEMA and PG_SCHEMA in schemas, (current, schemas)


def drop_database(url: str) -> None:
    base = os.environ.get("VERTELPUNT_TEST_DATABASE_URL")
    if not base or not url.startswith("postgresql"):
        return
    from sqlalchemy import text

    from vertelpunt.db import make_engine

    engine = make_engine(base)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
    engine.dispose()


def stored_counts(url: str, tokens: list[str]) -> dict[str, int]:
    """How many stories hold each token's submission hash (bench_collect.check_database's rule)."""
    from sqlalchemy import func, select

    from vertelpunt.db import make_engine
    from vertelpunt.models import Story

    engine = make_engine(url)
    hashes = {submission_hash(token): token for token in tokens}
    found = dict.fromkeys(tokens, 0)
    try:
        with engine.connect() as connection:
            digests = list(hashes)
            for start in range(0, len(digests), 500):
                rows = connection.execute(select(Story.submission_hash, func.count())
                                          .where(Story.submission_hash.in_(digests[start:start + 500]))
                                          .group_by(Story.submission_hash))
                for digest, count in rows:
                    found[hashes[digest]] = count
    finally:
        engine.dispose()
    return found


# --- processes --------------------------------------------------------------------------------------

def run_unit(unit_file: Path, env: dict, log_dir: Path) -> None:
    """A oneshot unit (the migration) to its end; its output is in the failure message."""
    result = subprocess.run(exec_start(unit_file), env=env, cwd=ROOT, capture_output=True, text=True,
                            timeout=HANG_GUARD * 2, start_new_session=True)
    (log_dir / f"{unit_file.stem}.log").write_text(result.stdout + result.stderr)
    assert result.returncode == 0, f"{unit_file.name} failed:\n{result.stdout}\n{result.stderr}"


@dataclass
class AppServer:
    """One ``vertelpunt serve`` from the unit's ExecStart, in a session (process group) of its own."""

    port: int
    env: dict
    log_path: Path
    process: subprocess.Popen | None = None

    def start(self) -> "AppServer":
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(exec_start(SERVER_UNIT, self.port), env=self.env, cwd=ROOT,
                                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def answers(self) -> bool:
        assert self.process.poll() is None, f"server on port {self.port} exited:\n{self.log()}"
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            connection.request("GET", "/")
            status = connection.getresponse().status
            connection.close()
            return status == 200
        except (OSError, http.client.HTTPException):
            return False

    def wait_ready(self) -> "AppServer":
        wait_for(self.answers, f"the server on port {self.port} to answer")
        return self

    def kill(self) -> None:
        """SIGKILL to the whole process group: the arbiter and every worker at once."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=HANG_GUARD)

    def stop(self) -> None:
        stop_group(self.process)


@dataclass
class JobWorker:
    """One ``vertelpunt worker`` from deploy/systemd/vertelpunt-worker.service's ExecStart, in a process group
    of its own."""

    env: dict
    log_path: Path
    process: subprocess.Popen | None = None

    def start(self) -> "JobWorker":
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(exec_start(WORKER_UNIT), env=self.env, cwd=ROOT, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        stop_group(self.process)


# --- the HTTP(S) client -----------------------------------------------------------------------------

@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


def _unverified_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the certificate is self-signed for the test
    return context


@dataclass
class Client:
    """A browser, as far as these tests need one: one keep-alive connection from a chosen source address
    (127.0.0.2, 127.0.0.3, ...: so one machine is several clients to nginx), and a cookie jar.

    ``tls`` speaks HTTPS to nginx; without it, plain HTTP to an app server directly, adding ``headers``
    (for example what nginx would add: X-Forwarded-For and X-Forwarded-Proto) to every request.
    POSTs carry a Referer of https://localhost/... as a browser on the real site (port 443) sends it:
    Flask-WTF checks it against the host on HTTPS requests, and nginx passes ``$host``, without port.
    """

    port: int
    source: str = "127.0.0.2"
    tls: bool = True
    headers: dict = field(default_factory=dict)
    cookies: dict = field(default_factory=dict)
    timeout: float = 30
    header_factory: object = None  # called before every request for headers that change each time
    connection: http.client.HTTPConnection | None = None

    def _connect(self) -> http.client.HTTPConnection:
        if self.connection is None:
            if self.tls:
                self.connection = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=self.timeout,
                                                              source_address=(self.source, 0),
                                                              context=_unverified_context())
            else:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout,
                                                             source_address=(self.source, 0))
        return self.connection

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(self, method: str, path: str, fields: dict | None = None, headers: dict | None = None) -> Response:
        sent = {**self.headers, **(self.header_factory() if self.header_factory else {}), **(headers or {})}
        if self.tls:
            sent.setdefault("Host", f"{SERVER_NAME}:{self.port}")  # as a browser at https://localhost:<port>/
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent.setdefault("Referer", f"https://{SERVER_NAME}{path}")
        connection = self._connect()
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        for cookie in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in cookie.lower() and "expires=thu, 01 jan 1970" not in cookie.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)
        return Response(response.status, response.msg, data)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, fields: dict) -> Response:
        return self.request("POST", path, fields)

    # --- what staff and tellers do ---

    def csrf(self, path: str) -> str:
        page = self.get(path)
        assert page.status == 200, f"GET {path}: {page.status}"
        match = CSRF.search(page.text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def login(self, email: str, password: str = PASSWORD) -> int:
        token = self.csrf("/beheer/inloggen")
        return self.post("/beheer/inloggen", {"csrf_token": token, "email": email, "password": password}).status

    def submit_story(self, token: str | None = None, slug: str = SLUG, role: str = ROLE) -> int:
        """One complete story as bench_collect's Teller sends it: the form once, then one POST (nav=submit)."""
        path = f"/v/{slug}/vertel/{role}"
        page = self.get(path)
        assert page.status == 200, f"GET {path}: {page.status}"
        csrf, last = CSRF.search(page.text).group(1), int(STEPS.search(page.text).group(1)) - 1
        fields = {"csrf_token": csrf, "submission": token or secrets.token_urlsafe(24), "step": str(last),
                  "nav": "submit", "prompt": "moment", "text": STORY, "title": "Eindelijk rust",
                  "q_outcome": "80", "q_outcome__state": "answer", "q_heard": "75", "q_heard__state": "answer",
                  "q_help_type": "jeugdhulp", "q_place": "enschede"}
        return self.post(path, fields).status

    def join_session(self, code: str, table_id: int, name: str = "Sanne") -> str:
        """Join a session at a table; returns the table page's path."""
        csrf = self.csrf(f"/s/{code}")
        response = self.post(f"/s/{code}", {"csrf_token": csrf, "name": name, "table_id": str(table_id)})
        assert response.status == 302, f"join: {response.status}\n{response.text[:2000]}"
        table_path = f"/s/{code}/tafel/{table_id}"
        assert response.header("Location").endswith(table_path), response.header("Location")
        return table_path

    def post_note(self, table_path: str, text: str, kind: str = "zorg") -> int:
        csrf = self.csrf(table_path)
        return self.post(table_path + "/notities", {"csrf_token": csrf, "kind": kind, "text": text}).status


def forwarded(client_address: str) -> dict:
    """The headers nginx adds (deploy/nginx/vertelpunt.conf), for requests sent to an app server directly."""
    return {"X-Forwarded-For": client_address, "X-Forwarded-Proto": "https", "X-Forwarded-Host": SERVER_NAME}


# --- a whole installation ---------------------------------------------------------------------------

@dataclass
class Deployment:
    """The database, instance folder, settings and (once started) the app servers and nginx of one module."""

    folder: Path
    database_url: str
    secret_key: str
    env: dict
    servers: list[AppServer] = field(default_factory=list)  # behind nginx
    worker: JobWorker | None = None  # the job worker (decks, reports)
    extra: list[AppServer] = field(default_factory=list)  # reached directly, with settings of their own
    nginx: Nginx | None = None

    def server_env(self, **overrides: str) -> dict:
        return deploy_env(self.database_url, self.secret_key, self.folder / "instance", overrides=overrides)

    _app: object = None

    def app(self):
        """An app in this process on the servers' database, to create what the tests need via services."""
        if self._app is None:
            from vertelpunt import create_app

            self._app = create_app({"DATABASE_URL": self.database_url, "SECRET_KEY": self.secret_key,
                                    "INSTANCE_PATH": str(self.folder / "test-process-instance")})
        return self._app

    def close_app(self) -> None:
        if self._app is not None:
            from vertelpunt.db import database

            database(self._app).engine.dispose()
            self._app = None

    def create_project(self) -> None:
        """The story form project, as `vertelpunt forms import` + `projects create` make it (bench_collect)."""
        from vertelpunt.db import get_session
        from vertelpunt.forms.services import import_definition, read_form_file
        from vertelpunt.projects.services import create_project

        with self.app().app_context():
            session = get_session()
            form = import_definition(session, read_form_file(NATIONAL_FORM)).form
            session.commit()
            create_project(session, SLUG, "Deploytest", form.key, ("twente",))
            session.commit()
            session.close()

    def create_open_session(self, facilitator_email: str) -> dict:
        """An open session with one table holding one published card (as tests/facilitate/conftest.py)."""
        from sqlalchemy import select

        from vertelpunt.db import get_session
        from vertelpunt.facilitate import planning
        from vertelpunt.models import ObservationCard, PatternRun, Project, User

        with self.app().app_context():
            session = get_session()
            project = session.scalar(select(Project).where(Project.slug == SLUG))
            facilitator = session.scalar(select(User).where(User.email == facilitator_email))
            run = PatternRun(project_id=project.id, created_by="analyst@example.org", form_id=project.form_id,
                             filters={}, options={}, n_stories=40, n_notable=1, result={})
            session.add(run)
            session.flush()
            card = ObservationCard(
                project_id=project.id, run_id=run.id, pattern_key="heard|outcome", title="Wachten kost vertrouwen",
                observation="Wie lang wacht, voelt zich minder gehoord.", interpretation_a="Wachten maakt moe.",
                interpretation_b="Wie gehoord wordt, wacht makkelijker.", n=40, filters={}, content={"stats": []},
                status="published", created_by="analyst@example.org")
            session.add(card)
            session.commit()
            item = planning.create_session(session, planning.SessionInput(
                name="Sessie Twente", held_on="2026-05-20", place="Enschede", project_id=str(project.id)),
                facilitator)
            table = planning.add_table(session, item, "Tafel 1", "ouders en jongeren")
            planning.set_table_cards(session, table, [card.id])
            item.status = "open"
            session.commit()
            made = {"session_id": item.id, "code": item.join_code, "table_id": table.id, "card_id": card.id}
            session.close()
            return made

    def create_user(self, email: str, role: str) -> None:
        from vertelpunt.accounts.services import create_user
        from vertelpunt.db import get_session

        with self.app().app_context():
            session = get_session()
            create_user(session, email, PASSWORD, role, ())
            session.commit()
            session.close()

    def https(self, source: str = "127.0.0.2") -> Client:
        return Client(self.nginx.https_port, source=source)

    def direct(self, server: AppServer, client_address: str | None = None, source: str = "127.0.0.1") -> Client:
        """A client of one app server, without nginx; with ``client_address``, the headers nginx would add."""
        return Client(server.port, source=source, tls=False,
                      headers=forwarded(client_address) if client_address else {})


@contextlib.contextmanager
def deployment(prefix: str, extra_servers: tuple[dict, ...] = ()):
    """Migrate (the migrate unit), create the test project, start two servers (the server unit) and nginx
    (the site) in front of them, plus one server reached directly per ``extra_servers`` entry (settings
    of the env file to change); everything is stopped and removed afterwards, also when a test failed."""
    require_tools()
    flush_redis()
    folder = make_tmpdir(prefix)
    database_url = None
    made = None
    try:
        instance = folder / "instance"
        instance.mkdir()
        (instance / "config.py").write_text(f"RATE_LIMIT_STORIES = ({STORY_LIMIT}, 3600)\n")
        database_url = fresh_database(folder)
        secret_key = "deploy-test-" + secrets.token_urlsafe(32)
        env = deploy_env(database_url, secret_key, instance)
        made = Deployment(folder, database_url, secret_key, env)
        run_unit(MIGRATE_UNIT, env, folder)
        if database_url.startswith("postgresql"):
            assert_schema_holds_alembic(database_url)
        made.create_project()
        made.servers = [AppServer(free_port(), env, folder / f"server-{n}.log").start() for n in range(2)]
        made.worker = JobWorker(env, folder / "worker.log").start()
        made.extra = [AppServer(free_port(), made.server_env(**overrides), folder / f"extra-{n}.log").start()
                      for n, overrides in enumerate(extra_servers)]
        cert, key = make_certificate(folder)
        for server in made.servers + made.extra:
            server.wait_ready()
        nginx_dir = folder / "nginx"
        nginx_dir.mkdir()
        with render_nginx(nginx_dir, free_port(), free_port(), (made.servers[0].port, made.servers[1].port),
                          cert, key) as proxy:
            made.nginx = proxy
            yield made
    finally:
        if made is not None:
            for server in made.servers + made.extra:  # all asked at once, so their graceful stops overlap
                if server.process is not None:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(server.process.pid, signal.SIGTERM)
            for server in made.servers + made.extra:
                server.stop()
            if made.worker is not None:
                made.worker.stop()
            made.close_app()
        if database_url:
            drop_database(database_url)
        shutil.rmtree(folder, ignore_errors=True)
