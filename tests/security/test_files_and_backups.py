"""Files and backups (issue 13, item 7): the database, its WAL and shared-memory files and backups are readable
by their owner only; a story withdrawn after a backup does not come back with a restore (and the restore says
how many it skipped); imported stories wait for moderation unless an admin asks for published."""
from __future__ import annotations

import hashlib
import os
import stat
from datetime import date

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text

from vertelpunt.cli import cli
from vertelpunt.db import database, make_engine
from vertelpunt.maintenance.backup import write_backup
from vertelpunt.models import Answer, Story, TableStory, WithdrawnStory

APP_SECRET = "test-secret-key-not-for-production"  # tests/conftest.py's app: the CLI must use the same key


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    """The usual umask, under which files come out world-readable unless the app says otherwise."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_sqlite_database_and_its_wal_and_shm_files_are_owner_only(tmp_path, open_umask):
    path = tmp_path / "vertelpunt.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
        connection.execute(text("INSERT INTO t VALUES (1)"))
        connection.commit()
        assert connection.scalar(text("PRAGMA journal_mode")) == "wal"
        for suffix in ("", "-wal", "-shm"):
            assert os.path.exists(f"{path}{suffix}"), suffix
            assert mode(f"{path}{suffix}") == 0o600, (suffix, oct(mode(f"{path}{suffix}")))
    engine.dispose()


def test_an_existing_world_readable_database_is_made_owner_only(tmp_path, open_umask):
    path = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
        connection.commit()
    engine.dispose()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(f"{path}{suffix}"):
            os.chmod(f"{path}{suffix}", 0o644)
    reopened = make_engine(f"sqlite:///{path}")
    with reopened.connect():  # narrowed when the app first opens it, not when the engine is made
        pass
    reopened.dispose()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(f"{path}{suffix}"):
            assert mode(f"{path}{suffix}") == 0o600, suffix


def test_a_backup_file_is_owner_only_even_over_a_world_readable_file(app, project, make_story, tmp_path, open_umask):
    make_story(project)
    engine = database(app).engine
    fresh = tmp_path / "fresh.jsonl.gz"
    write_backup(engine, fresh)
    assert mode(fresh) == 0o600
    existing = tmp_path / "existing.jsonl.gz"
    existing.write_bytes(b"old")
    os.chmod(existing, 0o644)
    write_backup(engine, existing)
    assert mode(existing) == 0o600


# --- withdrawn stories and restore --------------------------------------------------------------------------

@pytest.fixture
def cli_run(app, database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("VERTELPUNT_DATABASE_URL", database_url)
    monkeypatch.setenv("VERTELPUNT_INSTANCE_PATH", str(tmp_path / "cli-instance"))
    monkeypatch.setenv("VERTELPUNT_SECRET_KEY", APP_SECRET)

    def invoke(*args):
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
        return result

    return invoke


def told(session, project, text: str):
    """A story told through the public form's service, with its one-time withdrawal code."""
    from vertelpunt.collect.services import submit_story
    from vertelpunt.stories.services import StoryInput

    data = StoryInput(role="parent", text=text, answers={"outcome": 70.0, "heard": 60.0, "help_type": ["jeugdhulp"],
                                                         "place": "enschede"},
                      prompt_key="moment", week=date(2026, 3, 9), status="published")
    submission = submit_story(session, project, data, token=f"token-{abs(hash(text))}")
    session.commit()  # as the public form's request does when it ends: services do not commit
    return submission


def test_a_story_withdrawn_after_a_backup_does_not_come_back_with_a_restore(app, client, session, project,
                                                                              cli_run, tmp_path):
    kept = told(session, project, "Dit verhaal blijft gewoon staan, want de verteller trok het niet in.")
    gone = told(session, project, "Jantje Pietersen belde 0687654321 en dit verhaal wordt ingetrokken.")
    backup = tmp_path / "voor-intrekken.jsonl.gz"
    result = cli_run("backup", str(backup))
    assert result.exit_code == 0, result.output

    app.config["WTF_CSRF_ENABLED"] = False
    response = client.post("/v/proef/intrekken", data={"code": gone.withdrawal_code})
    app.config["WTF_CSRF_ENABLED"] = True
    assert response.status_code == 200
    session.expire_all()
    assert session.get(Story, gone.story_id) is None

    result = cli_run("restore", "--replace", str(backup))
    assert result.exit_code == 0, result.output
    assert "1 ingetrokken" in result.output and "overgeslagen" in result.output
    session.expire_all()
    public_ids = set(session.scalars(select(Story.public_id)))
    assert kept.public_id in public_ids and gone.public_id not in public_ids
    assert session.scalar(select(func.count()).select_from(Answer).where(Answer.story_id == gone.story_id)) == 0
    stored = " ".join(session.scalars(select(Story.text)))
    assert "Pietersen" not in stored and "0687654321" not in stored
    # The list survives the restore, so restoring the same old backup again skips the story again.
    assert session.scalar(select(func.count()).select_from(WithdrawnStory)) == 1
    again = cli_run("restore", "--replace", str(backup))
    assert "1 ingetrokken" in again.output
    session.expire_all()
    assert gone.public_id not in set(session.scalars(select(Story.public_id)))


def test_a_restore_skips_the_links_of_a_withdrawn_story_too(app, session, project, tmp_path):
    from vertelpunt.collect.services import withdraw_story
    from vertelpunt.maintenance.backup import restore_backup
    from vertelpunt.models import Region, SensemakingSession, SessionTable

    gone = told(session, project, "Een verhaal op een sessietafel dat later wordt ingetrokken door de teller.")
    twente = session.scalar(select(Region).where(Region.key == "twente"))
    item = SensemakingSession(project_id=project.id, region_id=twente.id, name="S", held_on=date(2026, 4, 2),
                              place="Hengelo", join_code="MTX234", created_by="f@example.org", status="open")
    session.add(item)
    session.flush()
    table = SessionTable(session_id=item.id, name="Tafel", position=0)
    session.add(table)
    session.flush()
    session.add(TableStory(table_id=table.id, story_id=gone.story_id, position=0))
    session.commit()
    backup = tmp_path / "b.jsonl.gz"
    write_backup(database(app).engine, backup)
    assert withdraw_story(session, project, gone.withdrawal_code)
    session.commit()  # as the withdrawal page's request does when it ends
    restored = restore_backup(database(app).engine, backup, replace=True, secret_key=APP_SECRET)
    assert restored.skipped_stories == 1
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(TableStory)) == 0
    assert session.scalar(select(func.count()).select_from(SessionTable)) == 1


def test_the_withdrawn_list_holds_a_keyed_hash_of_the_story_and_nothing_else(app, client, session, project):
    gone = told(session, project, "Een verhaal dat meteen weer wordt ingetrokken door wie het vertelde.")
    from vertelpunt.collect.services import withdraw_story

    assert withdraw_story(session, project, gone.withdrawal_code)
    assert [column.name for column in WithdrawnStory.__table__.columns] == ["key"]
    (key,) = session.scalars(select(WithdrawnStory.key)).all()
    assert gone.public_id not in key and str(gone.story_id) != key
    assert key != hashlib.sha256(gone.public_id.encode()).hexdigest()  # keyed: not testable without the secret


# --- imports ------------------------------------------------------------------------------------------------

CSV = ("role,text,status\n"
       "parent,Een verhaal uit een ander systeem dat hier nog niemand heeft gelezen.,published\n"
       "parent,Een tweede verhaal dat in het bestand als gepubliceerd staat.,\n"
       "parent,Een verhaal dat elders verborgen werd omdat er een naam in stond.,hidden\n")


def imported_statuses(session) -> list[str]:
    session.expire_all()
    return sorted(session.scalars(select(Story.status)))


def test_imported_stories_land_in_moderation_by_default(cli_run, session, project, tmp_path):
    path = tmp_path / "verhalen.csv"
    path.write_text(CSV, encoding="utf-8")
    result = cli_run("stories", "import", "--project", "proef", str(path))
    assert result.exit_code == 0, result.output
    assert "te beoordelen" in result.output
    assert imported_statuses(session) == ["hidden", "pending", "pending"]


def test_imported_json_stories_land_in_moderation_by_default(cli_run, session, project, tmp_path):
    path = tmp_path / "verhalen.json"
    path.write_text('[{"role": "parent", "text": "Een verhaal uit JSON dat als gepubliceerd binnenkomt.", '
                    '"status": "published"}]', encoding="utf-8")
    result = cli_run("stories", "import", "--project", "proef", str(path))
    assert result.exit_code == 0, result.output
    assert imported_statuses(session) == ["pending"]


def test_an_admin_can_ask_for_published_explicitly_and_hidden_stays_hidden(cli_run, session, project, tmp_path):
    path = tmp_path / "verhalen.csv"
    path.write_text(CSV, encoding="utf-8")
    result = cli_run("stories", "import", "--project", "proef", "--status", "published", str(path))
    assert result.exit_code == 0, result.output
    assert imported_statuses(session) == ["hidden", "published", "published"]


def test_making_the_file_private_never_drops_the_locks_sqlite_holds(tmp_path):
    """close() on any descriptor of a file drops all of a process's POSIX locks on it. Opening the database
    file to set its mode while a connection of this process was open dropped that connection's shared lock,
    so another process closing its last connection believed it was the last one anywhere, checkpointed and
    deleted the WAL under the first: its later commits were lost (seen with two servers on one SQLite file)."""
    import sqlite3
    import subprocess
    import sys

    from vertelpunt.db import make_private

    path = tmp_path / "gedeeld.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE t (x INTEGER)")
    holder.execute("INSERT INTO t VALUES (1)")
    make_private(f"sqlite:///{path}")  # what every new connection of the app does first
    count = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
             "print(c.execute('SELECT count(*) FROM t').fetchone()[0]); c.close()")
    subprocess.run([sys.executable, "-c", count, str(path)], check=True, capture_output=True)  # opens, closes
    holder.execute("INSERT INTO t VALUES (2)")  # must reach the database, not a WAL deleted underneath
    seen = subprocess.run([sys.executable, "-c", count, str(path)], check=True, capture_output=True, text=True)
    holder.close()
    assert seen.stdout.strip() == "2"
