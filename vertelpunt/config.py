"""Settings with safe defaults.

Order of precedence (later wins): these defaults -> ``instance/config.py`` -> environment variables
(``VERTELPUNT_*``) -> the mapping passed to :func:`vertelpunt.create_app` (tests). The defaults must be
safe to run as they are: an SQLite file inside the instance folder and a secret key generated into the
instance folder on first start, never a hard-coded one.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from vertelpunt.errors import VertelpuntError

#: Every attribute of :class:`Defaults` can be set as ``VERTELPUNT_<NAME>``; these are the extra keys
#: that have no default (a secret key must never have one).
EXTRA_ENVIRONMENT_KEYS = {"SECRET_KEY": None}
ENVIRONMENT_PREFIX = "VERTELPUNT_"

SECRET_KEY_FILE = "secret_key"
DEFAULT_DATABASE_FILE = "vertelpunt.sqlite3"


class Defaults:
    """Baseline configuration; every value here is safe for a first local run.

    Each attribute can also be set as ``VERTELPUNT_<NAME>``; the type of its default decides how the text
    converts (:func:`convert_like`), so give a new setting a default of the type it will have.
    """

    DATABASE_URL: str | None = None  # None -> SQLite file in the instance folder
    SQL_ECHO = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # set true behind HTTPS
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 8 * 3600  # staff sessions expire after a working day
    WTF_CSRF_TIME_LIMIT = 4 * 3600  # a long story takes time to write
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # A backup uploaded to restore from the browser (Beheer > Onderhoud) may be bigger, for admins only
    # (vertelpunt/limits/early.py); a bigger one is restored with `vertelpunt restore` on the server.
    MAX_BACKUP_UPLOAD_BYTES = 64 * 1024 * 1024
    # A form is refused (413) before it is parsed when it has more fields or more bytes than these. The longest
    # real form (the national form's last page, every answer carried along, every option ticked, the story at
    # 10,000 characters that encode longest) has about 60 fields and 100 kB: tests/security/test_cheap_requests.py.
    MAX_FORM_PARTS = 500
    MAX_FORM_MEMORY_SIZE = 500_000
    SMALL_GROUP_THRESHOLD = 5  # groups smaller than this are never shown to non-admins
    JSON_SORT_KEYS = False
    RATE_LIMIT_STORIES = (20, 3600)  # stories per client per hour (client = keyed hash, never the IP)
    RATE_LIMIT_WITHDRAW = (20, 3600)  # withdrawal attempts per client per hour
    RATE_LIMIT_JOIN = (30, 600)  # wrong session codes per client per 10 minutes, then joining waits
    # Where rate-limit counts live (Flask-Limiter): redis://host:6379/0 when several processes or machines
    # serve; unset means in this process only, and then `vertelpunt serve` runs one worker process.
    RATELIMIT_STORAGE_URI: str | None = None
    LOGIN_FAILURE_LIMIT = (5, 900)  # failed logins of one account from one client per 15 minutes: that pair locks
    LOGIN_CLIENT_FAILURE_LIMIT = (20, 900)  # failed logins from one client, all accounts together
    LOGIN_ACCOUNT_FAILURE_LIMIT = (20, 900)  # failed logins of one account from anywhere (in the database) ...
    LOGIN_SLOWED_ATTEMPTS = (1, 60)  # ... after which each client gets this many attempts on it per window
    TRUSTED_PROXIES = 0  # proxies in front whose X-Forwarded-* headers are believed (vertelpunt.proxies)
    # The job queue (vertelpunt.jobs.queue): unset means an SQLite queue file in the instance folder, worked by
    # the worker that `vertelpunt serve` starts; redis://host:6379/0 for production (run `vertelpunt worker`
    # yourself); "immediate" runs each job inside the request that starts it (unit tests only).
    JOB_QUEUE_URL: str | None = None
    JOB_RESULT_DAYS = 7  # a job and its file are deleted this many days after it finished
    JOB_LEASE_SECONDS = 60  # a running job whose worker has not renewed this long ago counts as failed
    LOG_FORMAT = "text"  # "text" or "json" (one JSON object per line), to stderr (vertelpunt.observability)
    # E-mail reminders of plans (vertelpunt/proposals/reminders.py): unset host means no mail is sent; the
    # worker then skips its daily run and `vertelpunt reminders` says what is missing.
    SMTP_HOST: str | None = None
    SMTP_PORT = 25
    SMTP_USER: str | None = None
    SMTP_PASSWORD: str | None = None
    SMTP_FROM = "vertelpunt@localhost"
    SMTP_STARTTLS = False
    REMINDER_HOUR = 7  # the worker sends the day's reminders at this hour (local time of the worker)
    BASE_URL: str | None = None  # e.g. https://vertelpunt.example.nl: reminders then link the proposal
    # The installation's own name and colours over the NL Design System tokens (vertelpunt/brand.py): hex
    # colours only; a main colour with less than 4.5:1 contrast against white, or an accent too dark for
    # text, stops the start with a message.
    BRAND_NAME = "Vertelpunt"
    BRAND_COLOUR = "#0b5c73"  # header, buttons, links
    BRAND_ACCENT_COLOUR = "#e2f0f3"  # light panels behind notices, chips and task tiles


def sqlite_url_for(instance_path: str | os.PathLike) -> str:
    """The default database: one SQLite file inside the instance folder."""
    return f"sqlite:///{Path(instance_path) / DEFAULT_DATABASE_FILE}"


def environment_settings() -> dict:
    """Every setting that the environment may set, with its default (which decides how text converts)."""
    names = {name: getattr(Defaults, name) for name in dir(Defaults) if name.isupper() and not name.startswith("_")}
    return {**names, **EXTRA_ENVIRONMENT_KEYS}


def environment_name(key: str) -> str:
    return ENVIRONMENT_PREFIX + key


def read_environment(environ: os._Environ | dict) -> dict:
    """Pick the ``VERTELPUNT_*`` variables that are set and convert them by the type of their default.

    Derived from :class:`Defaults`, so a setting added there can be set from the environment without
    touching this function. An empty variable counts as unset. A value that does not fit raises
    :class:`ConfigError`: a server that starts with a half-understood setting is worse than one that
    does not start.
    """
    values = {}
    for key, default in environment_settings().items():
        env_name = environment_name(key)
        raw = environ.get(env_name)
        if raw is None or raw == "":
            continue
        convert = SPECIAL_CONVERSIONS.get(key)
        values[key] = convert(env_name, raw) if convert else convert_like(default, env_name, raw)
    return values


class ConfigError(VertelpuntError):
    """A setting that cannot be used; the message says which and why, in Dutch."""


TRUE_WORDS, FALSE_WORDS = frozenset({"1", "true", "yes", "on"}), frozenset({"0", "false", "no", "off"})


def convert_like(default, env_name: str, raw: str):
    """Text from the environment as a value of the default's type (bool, int, float, tuple of ints, str)."""
    if default is None or isinstance(default, str):
        return raw
    if isinstance(default, bool):  # before int: bool is an int
        word = raw.strip().lower()
        if word in TRUE_WORDS | FALSE_WORDS:
            return word in TRUE_WORDS
        raise ConfigError(f"{env_name} moet aan of uit zijn (true/false, yes/no, on/off of 1/0), niet {raw!r}.")
    if isinstance(default, int):
        return _whole_number(env_name, raw.strip(), raw)
    if isinstance(default, float):
        try:
            return float(raw.strip())
        except ValueError:
            raise ConfigError(f"{env_name} moet een getal zijn (met een punt, zoals '0.5'), niet {raw!r}.") from None
    if isinstance(default, tuple) and all(isinstance(item, int) and not isinstance(item, bool) for item in default):
        parts = [part.strip() for part in raw.split(",")]
        if len(parts) != len(default) or not all(_is_whole_number(part) for part in parts):
            example = ",".join(str(item) for item in default)
            raise ConfigError(f"{env_name} moet {len(default)} hele getallen van 0 of meer zijn, gescheiden door "
                              f"komma's (bijvoorbeeld {example!r}), niet {raw!r}.")
        return tuple(int(part) for part in parts)
    raise TypeError(f"{env_name}: no conversion from text for a default of type {type(default).__name__}; "
                    "add one to vertelpunt.config.convert_like")


def _whole_number(env_name: str, text: str, raw: str) -> int:
    """0 or more: every whole-number setting is a count, a size or a duration."""
    if not _is_whole_number(text):
        raise ConfigError(f"{env_name} moet een heel getal van 0 of meer zijn, niet {raw!r}.")
    return int(text)


def _is_whole_number(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _proxy_count(env_name: str, raw: str) -> int:
    """A small whole number; anything else stops the start with a message, rather than trusting headers."""
    value = raw.strip()
    if not value.isdigit() or int(value) > 5:
        raise ConfigError(f"{env_name} moet een heel getal van 0 tot en met 5 zijn (het aantal proxy's voor de "
                         f"server), niet {raw!r}.")
    return int(value)


#: Settings whose environment value needs more than its type says.
SPECIAL_CONVERSIONS = {"TRUSTED_PROXIES": _proxy_count}


def is_sqlite(url: str) -> bool:
    """``sqlite://...`` and ``sqlite+driver://...``."""
    return url.split(":", 1)[0].split("+", 1)[0].lower() == "sqlite"


def require_shared_secret_key(config) -> None:
    """A server database means there may be several app servers, and they must share one secret key.

    A key generated into one instance folder would differ per machine: sessions and CSRF tokens from
    one server would be refused by the next. So outside SQLite the key has to be configured.
    """
    if config.get("SECRET_KEY") or is_sqlite(config["DATABASE_URL"]):
        return
    raise ConfigError(
        f"Stel een geheime sleutel in met {environment_name('SECRET_KEY')} (of SECRET_KEY in instance/config.py): "
        "met een databaseserver kunnen meerdere servers de app draaien, en die moeten allemaal dezelfde "
        "sleutel hebben. Een sleutel die in één instance-map wordt gemaakt, verschilt per machine. "
        "Maak er een met: python3 -c \"import secrets; print(secrets.token_urlsafe(48))\"")


def load_or_create_secret_key(instance_path: str | os.PathLike) -> str:
    """Return the instance's secret key, generating it (mode 0600) on the first run.

    A generated key survives restarts, so staff stay logged in and CSRF tokens stay valid, while no
    key is ever committed to the repository.
    """
    path = Path(instance_path) / SECRET_KEY_FILE
    if path.exists():
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
    key = secrets.token_urlsafe(48)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key
