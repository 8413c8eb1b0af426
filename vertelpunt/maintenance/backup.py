"""Backup and restore of the whole database, the same way on SQLite and PostgreSQL.

A backup is a gzipped JSON-lines file: a header (format, schema revision, tables), then per table a line
with its columns followed by one line per row. It is written from the models' metadata in foreign-key
order, so a backup from SQLite restores into PostgreSQL and back. Restore runs in one transaction: either
every row arrives or nothing changes. It refuses a backup from another schema revision and a database that
already holds data (unless ``replace=True``, which empties it first in the same transaction); the region
list that every migrated database carries is always replaced by the backup's.
"""
from __future__ import annotations

import gzip
import json
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Date, DateTime, Table, func, insert, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from vertelpunt.db import Base

FORMAT = "vertelpunt-backup/1"
BATCH = 1000
# The region list that 'db upgrade' loads into every database; a restore replaces it with the backup's.
REFERENCE_TABLES = frozenset({"regions", "municipalities"})


class BackupError(ValueError):
    """A backup that cannot be written or restored; the message is Dutch."""


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
    with engine.connect() as connection, gzip.open(path, "wt", encoding="utf-8") as out:
        tables = _tables()
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


def _read(path: str | Path):
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                yield number, json.loads(line)
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BackupError(f"{path} is geen leesbare Vertelpunt-backup ({error.__class__.__name__}).") from None


def restore_backup(engine: Engine, path: str | Path, replace: bool = False) -> dict[str, int]:
    """Load a backup into the database at the same schema revision; all rows or none."""
    try:
        return _restore(engine, path, replace)
    except DBAPIError as error:
        raise BackupError("De backup past niet in deze database (ontbrekende of dubbele rijen); er is niets "
                          f"veranderd. Databasemelding: {error.orig.__class__.__name__}.") from None


def _restore(engine: Engine, path: str | Path, replace: bool) -> dict[str, int]:
    tables = {t.name: t for t in _tables()}
    counts: dict[str, int] = {}
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
                batch.append(dict(zip(names, decode(item))))
                counts[table.name] += 1
                if len(batch) >= BATCH:
                    _flush(connection, table, names, batch)
                    batch = []
        _flush(connection, table, names, batch)
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection, tables.values())
    return counts


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
