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

#: Environment variables read on start-up, mapped to config keys.
ENVIRONMENT_KEYS = {
    "VERTELPUNT_DATABASE_URL": "DATABASE_URL",
    "VERTELPUNT_SECRET_KEY": "SECRET_KEY",
    "VERTELPUNT_SESSION_COOKIE_SECURE": "SESSION_COOKIE_SECURE",
    "VERTELPUNT_TRUSTED_PROXIES": "TRUSTED_PROXIES",
    "VERTELPUNT_RATELIMIT_STORAGE_URI": "RATELIMIT_STORAGE_URI",
    "VERTELPUNT_LOG_FORMAT": "LOG_FORMAT",
}

SECRET_KEY_FILE = "secret_key"
DEFAULT_DATABASE_FILE = "vertelpunt.sqlite3"


class Defaults:
    """Baseline configuration; every value here is safe for a first local run."""

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
    SMALL_GROUP_THRESHOLD = 5  # groups smaller than this are never shown to non-admins
    JSON_SORT_KEYS = False
    RATE_LIMIT_STORIES = (20, 3600)  # stories per client per hour (client = keyed hash, never the IP)
    RATE_LIMIT_WITHDRAW = (20, 3600)  # withdrawal attempts per client per hour
    # Where rate-limit counts live (Flask-Limiter): redis://host:6379/0 when several processes or machines
    # serve; unset means in this process only, and then `vertelpunt serve` runs one worker process.
    RATELIMIT_STORAGE_URI: str | None = None
    LOGIN_FAILURE_LIMIT = (5, 900)  # failed logins of one account from one client per 15 minutes: that pair locks
    LOGIN_CLIENT_FAILURE_LIMIT = (20, 900)  # failed logins from one client, all accounts together
    LOGIN_ACCOUNT_FAILURE_LIMIT = (20, 900)  # failed logins of one account from anywhere (in the database) ...
    LOGIN_SLOWED_ATTEMPTS = (1, 60)  # ... after which each client gets this many attempts on it per window
    TRUSTED_PROXIES = 0  # proxies in front whose X-Forwarded-* headers are believed (vertelpunt.proxies)
    LOG_FORMAT = "text"  # "text" or "json" (one JSON object per line), to stderr (vertelpunt.observability)


def sqlite_url_for(instance_path: str | os.PathLike) -> str:
    """The default database: one SQLite file inside the instance folder."""
    return f"sqlite:///{Path(instance_path) / DEFAULT_DATABASE_FILE}"


def read_environment(environ: os._Environ | dict) -> dict:
    """Pick the ``VERTELPUNT_*`` variables that are set and convert booleans."""
    values = {}
    for env_name, key in ENVIRONMENT_KEYS.items():
        raw = environ.get(env_name)
        if raw is None or raw == "":
            continue
        if key == "SESSION_COOKIE_SECURE":
            values[key] = raw.strip().lower() in {"1", "true", "yes", "on"}
        elif key == "TRUSTED_PROXIES":
            values[key] = _proxy_count(env_name, raw)
        else:
            values[key] = raw
    return values


class ConfigError(ValueError):
    """A setting that cannot be used; the message says which and why, in Dutch."""


def _proxy_count(env_name: str, raw: str) -> int:
    """A small whole number; anything else stops the start with a message, rather than trusting headers."""
    value = raw.strip()
    if not value.isdigit() or int(value) > 5:
        raise ConfigError(f"{env_name} moet een heel getal van 0 tot en met 5 zijn (het aantal proxy's voor de "
                         f"server), niet {raw!r}.")
    return int(value)


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
