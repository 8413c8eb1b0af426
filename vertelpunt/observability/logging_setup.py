"""Log lines to stderr, as plain text or as JSON lines, without personal data.

Only the app's own logger (``vertelpunt``, which is also Flask's ``app.logger``) gets a handler. Third-party
loggers are left as they are, so nothing raises werkzeug's development-server access lines (which hold IP
addresses) or SQLAlchemy's echo (which holds story texts as SQL parameters) into the application log.

Tracebacks are written as frames (file, line, function) and the exception's class, never the exception's
message: a database error repeats the SQL parameters (a story text) and a connection error can repeat a
URL with its password.

``create_app`` runs for every test, so :func:`configure_logging` installs its handler once per process and
on later calls only swaps the formatter. The logger passes records on to the root logger, so pytest's
``caplog`` (and any handler an operator adds there) sees them too.
"""
from __future__ import annotations

import json
import logging
import sys
import time
import traceback

from vertelpunt.config import ConfigError

APP_LOGGER = "vertelpunt"
FORMATS = ("text", "json")
#: Fields a record may carry besides its message (set with ``extra=``); nothing else reaches a JSON line.
REQUEST_FIELDS = ("method", "route", "status", "duration_ms")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def _frames_only(exc_info) -> str:
    """The traceback without the exception's message (see the module docstring)."""
    exc_type, _value, tb = exc_info
    frames = "".join(traceback.format_list(traceback.extract_tb(tb)))
    return f"Traceback (most recent call last):\n{frames}{exc_type.__module__}.{exc_type.__qualname__}"


class TextFormatter(logging.Formatter):
    """One readable line per record, UTC time to the second."""

    converter = time.gmtime

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT, datefmt=TIME_FORMAT)

    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        return _frames_only(ei)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, to the second), level, logger, message and the request fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": time.strftime(TIME_FORMAT, time.gmtime(record.created)),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in REQUEST_FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["exception"] = _frames_only(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the moment of writing (as logging's last-resort handler does),
    so a handler installed once outlives a test's replaced and closed stderr."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def check_log_format(value) -> str:
    name = str(value or "").strip().lower()
    if name not in FORMATS:
        raise ConfigError(f"LOG_FORMAT (VERTELPUNT_LOG_FORMAT) moet 'text' of 'json' zijn, niet {value!r}.")
    return name


def make_formatter(log_format: str) -> logging.Formatter:
    return JsonFormatter() if check_log_format(log_format) == "json" else TextFormatter()


def configure_logging(log_format: str = "text") -> logging.Handler:
    """Give the ``vertelpunt`` logger its stderr handler (INFO and up) in the chosen format; idempotent."""
    formatter = make_formatter(log_format)
    logger = logging.getLogger(APP_LOGGER)
    handler = next((h for h in logger.handlers if isinstance(h, StderrHandler)), None)
    if handler is None:
        handler = StderrHandler()
        handler.setLevel(logging.INFO)
        logger.addHandler(handler)
    handler.setFormatter(formatter)
    # Flask adds its own stderr handler to app.logger when it sees none that takes DEBUG; ours is the one.
    from flask.logging import default_handler

    logger.removeHandler(default_handler)
    # DEBUG records (health probes) are made and passed on; our handler writes INFO and up.
    logger.setLevel(logging.DEBUG)
    return handler
