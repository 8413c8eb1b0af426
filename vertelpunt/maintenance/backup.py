"""Backup and restore of the whole database, the same way on SQLite and PostgreSQL.

A backup is a gzipped JSON-lines file: a header (format, schema revision, tables), then per table a line
with its columns followed by one line per row. It is written from the models' metadata in foreign-key
order, so a backup from SQLite restores into PostgreSQL and back. Restore runs in one transaction: either
every row arrives or nothing changes. It refuses a backup from another schema revision and a database that
already holds data (unless ``replace=True``, which empties it first in the same transaction); the region
list that every migrated database carries is always replaced by the backup's.

A backup holds stories of minors, so its file is created readable by its owner only (0600), like the secret
key. A restore never brings back a withdrawn story: the list of withdrawn stories (keyed hashes, in the
backup and in the database being replaced) is applied, and those stories, their answers and their links are
skipped and counted (:mod:`vertelpunt.stories.withdrawn`).
"""
from __future__ import annotations

import gzip
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Date, DateTime, Table, func, insert, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from vertelpunt.db import Base
from vertelpunt.errors import VertelpuntError

FORMAT = "vertelpunt-backup/1"
BATCH = 1000
# The region list that 'db upgrade' loads into every database; a restore replaces it with the backup's.
REFERENCE_TABLES = frozenset({"regions", "municipalities"})
WITHDRAWN_TABLE = "withdrawn_stories"
FILE_MODE = 0o600


@dataclass
class Restored:
    """What a restore loaded (rows per table) and how many withdrawn stories it left out."""

    counts: dict[str, int] = field(default_factory=dict)
    skipped_stories: int = 0


class BackupError(VertelpuntError):
    """A backup that cannot be written or restored; the message is Dutch."""


#: Tables a backup leaves out: job rows and the files jobs made are short-lived copies (decks, reports with
#: story text as it was), and so are uploads waiting for their confirmation; a backup would keep them past
#: their retention and past a withdrawal. A restore empties them like every other table.
NOT_BACKED_UP = frozenset({"jobs", "job_results", "staged_uploads"})


def _tables() -> list[Table]:
    import vertelpunt.models  # noqa: F401 - registers every table

    return list(Base.metadata.sorted_tables)


def _revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _encode(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _decoder(table: Table):
    kinds = []
    for column in table.columns:
        if isinstance(column.type, DateTime):
            kinds.append(datetime.fromisoformat)
        elif isinstance(column.type, Date):
            kinds.append(date.fromisoformat)
        else:
            kinds.append(None)

    def decode(row: list) -> list:
        return [value if kind is None or value is None else kind(value) for kind, value in zip(kinds, row)]

    return decode


def write_backup(engine: Engine, path: str | Path) -> dict[str, int]:
    """Write every table to ``path``; returns the number of rows per table."""
    counts: dict[str, int] = {}
    with engine.connect() as connection, _private_text_file(path) as out:
        tables = [table for table in _tables() if table.name not in NOT_BACKED_UP]
        header = {"format": FORMAT, "revision": _revision(connection), "tables": [t.name for t in tables]}
        out.write(json.dumps(header) + "\n")
        for table in tables:
            names = [c.name for c in table.columns]
            out.write(json.dumps({"table": table.name, "columns": names}) + "\n")
            order = [c for c in table.primary_key.columns] or list(table.columns)
            result = connection.execution_options(stream_results=True).execute(select(table).order_by(*order))
            counts[table.name] = 0
            for row in result:
                out.write(json.dumps([_encode(v) for v in row], ensure_ascii=False, allow_nan=False) + "\n")
                counts[table.name] += 1
    return counts


def _private_text_file(path: str | Path):
    """A new (or emptied) gzip text file that only its owner can read, also when it existed with other modes."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.fchmod(descriptor, FILE_MODE)
    return gzip.open(os.fdopen(descriptor, "wb"), "wt", encoding="utf-8")


def _read(path: str | Path):
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                yield number, json.loads(line)
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BackupError(f"{path} is geen leesbare Vertelpunt-backup ({error.__class__.__name__}).") from None


def restore_backup(engine: Engine, path: str | Path, replace: bool = False,
                   secret_key: str | bytes | None = None,
                   finish: Callable[[Connection, Restored], None] | None = None) -> Restored:
    """Load a backup into the database at the same schema revision; all rows or none.

    ``secret_key`` is the installation's (the withdrawn list is keyed with it); without it the app's is used.
    ``finish`` runs in the restore's transaction after the last row, so what it writes (the restore from the
    browser writes its audit event and ends every login) is committed with the rows, or not at all.
    """
    if secret_key is None:
        from vertelpunt.stories.withdrawn import current_secret_key

        secret_key = current_secret_key()
    try:
        return _restore(engine, path, replace, secret_key, finish)
    except DBAPIError as error:
        raise BackupError("De backup past niet in deze database (ontbrekende of dubbele rijen); er is niets "
                          f"veranderd. Databasemelding: {error.orig.__class__.__name__}.") from None


def _withdrawn_in_backup(path: str | Path) -> set[str]:
    """First pass over the file: the withdrawn list, which may come after the stories in table order."""
    keys, inside = set(), False
    for _number, item in _read(path):
        if isinstance(item, dict):
            inside = item.get("table") == WITHDRAWN_TABLE
        elif inside and isinstance(item, list) and item and isinstance(item[0], str):
            keys.add(item[0])
    return keys


class _Skipper:
    """Leaves out withdrawn stories and every row that points at one of them."""

    def __init__(self, tables: dict[str, Table], withdrawn: set[str], secret_key: str | bytes):
        from vertelpunt.stories.withdrawn import withdrawn_key

        self.key_of = lambda public_id: withdrawn_key(secret_key, public_id)
        self.withdrawn = withdrawn
        self.story_ids: set = set()
        self.public_ids: set[str] = set()
        self.keys_written: set[str] = set()
        stories = tables["stories"]
        self.story_columns = {
            name: [fk.parent.name for fk in table.foreign_keys if fk.column.table is stories]
            for name, table in tables.items()
        }

    def keep(self, table: Table, row: dict) -> bool:
        if table.name == "stories" and row.get("public_id") and self.key_of(row["public_id"]) in self.withdrawn:
            self.story_ids.add(row["id"])
            self.public_ids.add(row["public_id"])
            return False
        if table.name == WITHDRAWN_TABLE:
            if row["key"] in self.keys_written:
                return False
            self.keys_written.add(row["key"])
            return True
        return not any(row.get(column) in self.story_ids for column in self.story_columns.get(table.name, ()))


def _restore(engine: Engine, path: str | Path, replace: bool, secret_key: str | bytes,
             finish: Callable[[Connection, Restored], None] | None = None) -> Restored:
    tables = {t.name: t for t in _tables()}
    restored = Restored()
    counts = restored.counts
    withdrawn_from_backup = _withdrawn_in_backup(path)
    with engine.begin() as connection:
        lines = _read(path)
        first = next(lines, None)
        header = first[1] if first else None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise BackupError(f"{path} is geen Vertelpunt-backup (formaat {FORMAT} verwacht).")
        current = _revision(connection)
        if header.get("revision") != current:
            raise BackupError(f"De backup hoort bij schemaversie {header.get('revision')}, de database staat op "
                              f"{current}. Voer eerst 'vertelpunt db upgrade' uit met dezelfde versie van Vertelpunt.")
        if not replace and any(connection.scalar(select(func.count()).select_from(t))
                               for name, t in tables.items() if name not in REFERENCE_TABLES):
            raise BackupError("De database bevat al gegevens. Gebruik --replace om alles te vervangen.")
        withdrawn_table = tables[WITHDRAWN_TABLE]
        withdrawn_here = set(connection.scalars(select(withdrawn_table.c.key)))  # made after the backup, maybe
        skipper = _Skipper(tables, withdrawn_from_backup | withdrawn_here, secret_key)
        _empty(connection, tables)
        table, names, decode, batch = None, [], None, []
        for number, item in lines:
            if isinstance(item, dict):
                _flush(connection, table, names, batch)
                table, batch = tables.get(item.get("table")), []
                if table is None:
                    raise BackupError(f"regel {number}: onbekende tabel '{item.get('table')}'.")
                names, decode = item["columns"], _decoder(table)
                if names != [c.name for c in table.columns]:
                    raise BackupError(f"regel {number}: de kolommen van '{table.name}' kloppen niet met deze versie.")
                counts[table.name] = 0
            elif table is None or len(item) != len(names):
                raise BackupError(f"regel {number}: onverwachte regel in de backup.")
            else:
                row = dict(zip(names, decode(item)))
                if not skipper.keep(table, row):
                    continue
                batch.append(row)
                counts[table.name] += 1
                if len(batch) >= BATCH:
                    _flush(connection, table, names, batch)
                    batch = []
        _flush(connection, table, names, batch)
        missing = sorted(withdrawn_here - skipper.keys_written)
        if missing:
            connection.execute(insert(withdrawn_table), [{"key": key} for key in missing])
            counts[WITHDRAWN_TABLE] = counts.get(WITHDRAWN_TABLE, 0) + len(missing)
        if skipper.public_ids:
            _forget_in_pattern_runs(connection, skipper.public_ids)
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection, tables.values())
        restored.skipped_stories = len(skipper.story_ids)
        if finish is not None:
            finish(connection, restored)
    return restored


def _forget_in_pattern_runs(connection: Connection, public_ids: set[str]) -> None:
    """Stored pattern runs list the public ids of their stories; a skipped story leaves them, as on withdrawal."""
    from vertelpunt.maintenance.retention import forget_story_ids

    with Session(bind=connection) as session:
        forget_story_ids(session, public_ids)
        session.flush()


def _flush(connection: Connection, table: Table | None, names: list[str], batch: list[dict]) -> None:
    if table is not None and batch:
        connection.execute(insert(table), batch)


def _empty(connection: Connection, tables: dict[str, Table]) -> None:
    for table in reversed(list(tables.values())):
        connection.execute(table.delete())


def _reset_sequences(connection: Connection, tables) -> None:
    """After explicit ids were inserted, the next generated id must come after the highest one."""
    for table in tables:
        if "id" in table.columns and table.columns["id"].primary_key:
            connection.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 1), "
                f"(SELECT MAX(id) FROM {table.name}) IS NOT NULL)"
            ))
