"""Reading an uploaded backup before anything is restored: is it whole, is it ours, and what does it hold.

An upload from the browser is not trusted like a file the operator made with ``vertelpunt backup``: it may be
cut off, not gzip, a gzip bomb (a small file that unpacks to gigabytes), or JSON of the wrong shape. The
whole file is read here once, in bounded pieces, with the same checks the restore makes (format, tables,
columns, row lengths, dates), so the preview can say what a restore would load and refuse a bad file with a
Dutch message before the database is touched. The restore itself still runs in one transaction, so even a
file that passes here and fails later changes nothing.
"""
from __future__ import annotations

import gzip
import io
import json
import zlib
from dataclasses import dataclass, field

from vertelpunt.maintenance.backup import FORMAT, NOT_BACKED_UP, BackupError, _decoder, _tables

#: One line of a backup is one row; the longest real row (a story at 10,000 characters with its JSON) is far
#: below this. A longer line is refused before it is kept in memory whole.
MAX_LINE_BYTES = 4 * 1024 * 1024
#: JSON lines of stories pack to about a fifth; a file that unpacks to more than this many times its own size
#: is not a backup but a bomb.
MAX_RATIO = 100
#: Whatever the ratio, nothing unpacks to more than this.
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
CHUNK = 64 * 1024


@dataclass
class BackupSummary:
    """What an uploaded backup holds: its schema revision and the number of rows per table, in file order."""

    revision: str | None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def _lines(data: bytes):
    """The unpacked lines of ``data``, refusing a bomb or an endless line before it fills the memory."""
    limit = min(MAX_UNPACKED_BYTES, max(len(data), 1) * MAX_RATIO)
    unpacked = 0
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            while True:
                line = handle.readline(MAX_LINE_BYTES + 1)
                if not line:
                    return
                unpacked += len(line)
                if unpacked > limit:
                    raise BackupError("Dit bestand pakt uit tot veel meer dan een backup kan bevatten; het is "
                                      "geweigerd. Er is niets veranderd.")
                if len(line) > MAX_LINE_BYTES:
                    raise BackupError("Dit bestand heeft een regel die te lang is voor een Vertelpunt-backup. "
                                      "Er is niets veranderd.")
                yield line
    except (OSError, EOFError, zlib.error):
        raise BackupError("Dit is geen leesbare Vertelpunt-backup (geen compleet gzip-bestand). "
                          "Er is niets veranderd.") from None


def _parse(number: int, line: bytes):
    try:
        return json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise BackupError(f"Regel {number} van de backup is geen geldige JSON. Er is niets veranderd.") from None


def inspect_backup(data: bytes) -> BackupSummary:
    """Read the whole upload as a restore would and count its rows; a :class:`BackupError` says what is wrong."""
    tables = {t.name: t for t in _tables()}
    lines = enumerate(_lines(data), start=1)
    first = next(lines, None)
    header = _parse(*first) if first else None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(f"Dit is geen Vertelpunt-backup (formaat {FORMAT} verwacht). Er is niets veranderd.")
    revision = header.get("revision")
    if revision is not None and not isinstance(revision, str):
        raise BackupError("De kop van de backup is beschadigd (schemaversie). Er is niets veranderd.")
    summary = BackupSummary(revision=revision)
    table, width, decode = None, 0, None
    for number, line in lines:
        item = _parse(number, line)
        if isinstance(item, dict):
            name = item.get("table")
            table = tables.get(name) if isinstance(name, str) and name not in NOT_BACKED_UP else None
            if table is None or name in summary.counts:
                raise BackupError(f"Regel {number}: onbekende of dubbele tabel in de backup. Er is niets veranderd.")
            if item.get("columns") != [c.name for c in table.columns]:
                raise BackupError(f"Regel {number}: de kolommen van '{name}' kloppen niet met deze versie van "
                                  "Vertelpunt. Er is niets veranderd.")
            width, decode = len(table.columns), _decoder(table)
            summary.counts[name] = 0
        elif table is None or not isinstance(item, list) or len(item) != width:
            raise BackupError(f"Regel {number}: onverwachte regel in de backup. Er is niets veranderd.")
        else:
            _check_values(number, item, decode)
            summary.counts[table.name] += 1
    return summary


def _check_values(number: int, row: list, decode) -> None:
    """Dates that read as dates: a restore would stop on anything else (the database checks the rest)."""
    try:
        decode(row)
    except (TypeError, ValueError):
        raise BackupError(f"Regel {number}: een datum in de backup is niet te lezen. Er is niets veranderd.") from None
