"""SQLite writers in one process queue on a lock instead of polling SQLite's busy handler."""
from __future__ import annotations

import threading
import time

from sqlalchemy import text

from vertelpunt.db import make_engine


def _lock_of(engine):
    with engine.connect() as connection:
        return type(connection.connection.dbapi_connection).write_lock


def test_second_writer_waits_for_the_first_commit_and_both_are_saved(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    lock = _lock_of(engine)
    order: list[str] = []

    first = engine.connect()
    first.execute(text("SELECT count(*) FROM t")).scalar()
    assert not lock.locked()  # reading takes no lock
    first.execute(text("INSERT INTO t VALUES (1)"))
    assert lock.locked()

    def second_writer():
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO t VALUES (2)"))
            order.append("second wrote")

    thread = threading.Thread(target=second_writer)
    thread.start()
    time.sleep(0.2)
    assert order == []  # still waiting for the first transaction
    order.append("first commits")
    first.commit()
    thread.join(5)
    first.close()
    assert order == ["first commits", "second wrote"]
    assert not lock.locked()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM t")).scalar() == 2
    engine.dispose()


def test_rollback_and_close_free_the_lock(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    lock = _lock_of(engine)
    with engine.connect() as connection:
        connection.execute(text("UPDATE t SET x = 1"))
        assert lock.locked()
        connection.rollback()
        assert not lock.locked()
        connection.execute(text("DELETE FROM t"))
        assert lock.locked()
    assert not lock.locked()  # returned to the pool without commit: reset by rollback
    engine.dispose()
