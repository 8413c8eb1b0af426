"""Database engine and sessions, one per application.

We use plain SQLAlchemy 2.0 rather than Flask-SQLAlchemy so that services, the CLI and tests share one
explicit ``Session`` type. The engine lives in ``app.extensions``; each request (or CLI app context) gets
its own session from :func:`get_session`, closed on teardown.

A request's transaction ends here and nowhere else (docs/architecture.md, "Where a transaction ends"):
services flush, never commit; :func:`end_request_transaction` commits once when the answer is not an error
and rolls back otherwise. CLI commands end theirs in ``cli_helpers.command_transaction``.
"""
from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from flask import Flask, current_app, g
from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

T = TypeVar("T")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base whose constraint names are stable across SQLite and PostgreSQL."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


@dataclass(frozen=True)
class Database:
    engine: Engine
    session_factory: sessionmaker


EXTENSION_KEY = "vertelpunt.db"


SQLITE_BUSY_SECONDS = 30
WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def make_engine(url: str, echo: bool = False) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys, a busy timeout and serialised writers."""
    if url.startswith("sqlite"):
        factory = type("SerialWriteConnection", (_SerialWriteConnection,), {"write_lock": threading.Lock()})
        # A file database keeps a connection per server thread (serve --threads, up to 64) open, rather
        # than closing and reopening (with its pragmas) every connection above the default five.
        pool = {} if is_memory_database(url) else {"pool_size": 16, "max_overflow": 48}
        engine = create_engine(url, echo=echo, connect_args={"timeout": SQLITE_BUSY_SECONDS, "factory": factory},
                               **pool)
        # before each new connection, not at creation: a command that never touches the database (--help)
        # leaves no empty database file behind
        event.listen(engine, "do_connect", lambda *_args: make_private(url))
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "before_cursor_execute", _take_write_lock)
        return engine
    # A connection per server thread (serve --threads), kept open; pre-ping replaces connections that a
    # restarted database server closed, before a request gets one.
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=16, max_overflow=48)


PRIVATE_FILE_MODE = 0o600
SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def make_private(url: str) -> None:
    """An SQLite database holds stories of minors: its file is readable by its owner only (0600), like the
    secret key. The file is created with that mode before SQLite opens it; SQLite then gives its WAL and
    shared-memory files the database file's mode. Files that already exist with wider modes are narrowed."""
    if is_memory_database(url):
        return
    name = make_url(url).database
    if not name or name.startswith("file:"):
        return
    path = Path(name)
    if not path.parent.is_dir():
        return  # SQLite reports the missing folder itself
    try:
        # Only a file that does not exist yet is opened here (O_EXCL). Opening and closing an existing
        # database file would drop every POSIX lock this process's SQLite connections hold on it (close()
        # releases all of a process's locks on a file), which lets another process write at the same time
        # and corrupts the database.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    except OSError:  # it exists (or cannot be made: SQLite reports what matters)
        pass
    try:
        for suffix in SQLITE_COMPANIONS:
            companion = Path(f"{path}{suffix}")
            if companion.exists():
                os.chmod(companion, PRIVATE_FILE_MODE)
    except OSError:  # a read-only copy or somebody else's file: SQLite reports what matters
        pass


def is_memory_database(url: str) -> bool:
    """An SQLite database in memory lives in one process: it cannot be shared by worker processes."""
    return url in ("sqlite://", "sqlite:///:memory:") or "mode=memory" in url


class _SerialWriteConnection(sqlite3.Connection):
    """An SQLite connection that waits for its engine's write lock before its transaction's first write.

    SQLite allows one writer at a time. A second writer in the same process otherwise polls the busy
    handler, which sleeps in steps of up to 100 ms: under load (the public form with many tellers) most
    time went to those sleeps, not to work. The lock is held, like SQLite's own write lock, from the
    first INSERT/UPDATE/DELETE of a transaction until its commit or rollback; waiting for it wakes up
    at once. Other processes (the CLI) still meet the busy timeout. If the lock is not free within that
    timeout the write goes ahead without it, so a mistake can never hang a request for good.
    """

    write_lock: threading.Lock
    _holds_write_lock = False

    def take_write_lock(self) -> None:
        if not self._holds_write_lock:
            self._holds_write_lock = self.write_lock.acquire(timeout=SQLITE_BUSY_SECONDS)

    def _release_write_lock(self) -> None:
        if self._holds_write_lock:
            self._holds_write_lock = False
            self.write_lock.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._release_write_lock()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._release_write_lock()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._release_write_lock()


def _take_write_lock(connection, _cursor, statement, _parameters, _context, _executemany) -> None:
    dbapi_connection = connection.connection.dbapi_connection
    if isinstance(dbapi_connection, _SerialWriteConnection) and statement.lstrip()[:7].upper().startswith(
            WRITE_STATEMENTS):
        dbapi_connection.take_write_lock()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"], echo=app.config.get("SQL_ECHO", False))
    app.extensions[EXTENSION_KEY] = Database(engine, sessionmaker(engine, expire_on_commit=False))
    app.after_request(end_request_transaction)
    app.teardown_appcontext(_close_session)


def database(app: Flask | None = None) -> Database:
    return (app or current_app).extensions[EXTENSION_KEY]


def get_session() -> Session:
    """The session for the current app context, created on first use."""
    if "db_session" not in g:
        g.db_session = database().session_factory()
    return g.db_session


def dialect_insert(session: Session, table):
    """``insert(table)`` in the session's dialect, which knows ON CONFLICT (SQLite and PostgreSQL both have it):
    for rows that two requests may write at once (kept counts and rules, a project's FDR state)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def or_404(row: T | None) -> T:
    """``row``, or a 404 page when it is None: how a route ends every lookup from the URL that found nothing
    (or nothing this user may see), so "not found" looks the same everywhere and never says which it was."""
    if row is None:
        from flask import abort

        abort(404)
    return row


def get_or_404(model: type[T], ident: int, **belongs_to) -> T:
    """The row with this primary key, or a 404 page. ``belongs_to`` (column=value) must hold too, so the id of
    a child of another parent in the URL (a note of another session) is not found either."""
    row = get_session().get(model, ident)
    if row is not None and any(getattr(row, column) != value for column, value in belongs_to.items()):
        row = None
    return or_404(row)


ROLLBACK_ONLY = "db_rollback_only"


def end_request_transaction(response):
    """End the request's transaction: commit when the answer is not an error (status < 400), else roll back.

    Registered once, as the app's first ``after_request`` function, so it runs after all others (Flask runs
    them in reverse). A view that re-renders a form with a 400 or 422 rolls back by its status alone; one that
    redirects after an error calls :func:`discard_request_changes`. An exception that no handler answers
    becomes a 500 page, which rolls back here too (or, when tests let it propagate, when the session is
    closed). A failing commit raises, and Flask answers with the 500 page.
    """
    rollback_only = g.pop(ROLLBACK_ONLY, False)
    session = g.get("db_session")
    if session is None:
        return response
    if response.status_code < 400 and not rollback_only:
        session.commit()
    else:
        session.rollback()
    return response


def discard_request_changes() -> None:
    """Undo what this request has written, now, and keep it from committing later writes.

    For an answer that is not an error page although the request failed (a flash message and a redirect
    back), and before a page is rendered after a failed statement (PostgreSQL refuses every query in a
    transaction that had one)."""
    g.setdefault(ROLLBACK_ONLY, True)
    session = g.get("db_session")
    if session is not None:
        session.rollback()


def commit_despite_error(session: Session) -> None:
    """Commit now, although the request is going to answer with an error status.

    The one exception to "a request commits once, at its end, unless it fails": a failed login answers 400,
    and the failure counters it wrote (``accounts/throttle.py``) are the reason it is refused next time, so
    they must outlive that answer. ``tests/test_transactions.py`` allows this call from the login view only.
    """
    session.commit()


@contextmanager
def trial_run(session: Session) -> Iterator[Session]:
    """Run writes inside a savepoint and always undo them: for a preview of what an action would change.

    The preview of a story import imports for real, reads back what it added and then throws it away, so the
    preview and the confirmed import cannot disagree. Only the savepoint is rolled back; the request's own
    transaction still ends once, in :func:`end_request_transaction`."""
    savepoint = session.begin_nested()
    try:
        yield session
    finally:
        savepoint.rollback()


def _close_session(_exc) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
