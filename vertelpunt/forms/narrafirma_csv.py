"""Reading NarraFirma's CSV files: the separator, the byte-order mark, size and damage checks, and the report.

NarraFirma's story-form file and stories file are spreadsheets saved as CSV by many tools, so a reader meets
``,``, ``;`` or tab as the separator and UTF-8 with or without a byte-order mark. Both importers
(:mod:`vertelpunt.forms.narrafirma` and :mod:`vertelpunt.stories.narrafirma_import`) read rows through
:func:`read_rows` so the two refuse the same bad files with the same Dutch messages. Everything an import
cannot keep is written into an :class:`ExchangeReport`, never dropped silently.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from vertelpunt.errors import VertelpuntError

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
MAX_CELL = 20_000
MAX_COLUMNS = 2_000
SEPARATORS = (",", ";", "\t")
SEPARATOR_NAMES = {",": "komma", ";": "puntkomma", "\t": "tab"}


class NarraFirmaError(VertelpuntError):
    """A NarraFirma file that cannot be read; ``problems`` names line and column; nothing has been stored."""

    listing_heading = "Het NarraFirma-bestand is niet ingelezen; er is niets opgeslagen:"
    listing_limit = 25


@dataclass
class ExchangeReport:
    """What an import did: how many stories, how many rows skipped, and every thing it could not keep."""

    imported: int = 0
    skipped_empty: int = 0
    renumbered: int = 0
    not_kept: list[str] = field(default_factory=list)

    def note(self, message: str) -> None:
        if message not in self.not_kept:
            self.not_kept.append(message)

    def lines(self) -> list[str]:
        """The report as Dutch lines, for the CLI and an upload page."""
        result = []
        if self.skipped_empty:
            result.append(f"{self.skipped_empty} rijen zonder verhaaltekst overgeslagen.")
        if self.renumbered:
            result.append(f"{self.renumbered} verhalen kregen een nieuw verhaal-id omdat het oude al bestond.")
        result.extend(f"Niet overgenomen: {item}" for item in self.not_kept)
        return result


def decode(data: bytes | str) -> str:
    """Bytes of an upload or a file -> text; UTF-8 with or without BOM, else a Dutch error."""
    if isinstance(data, str):
        text = data
    else:
        if len(data) > MAX_FILE_BYTES:
            raise NarraFirmaError.listing([f"het bestand is groter dan {MAX_FILE_BYTES // (1024 * 1024)} MB"])
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise NarraFirmaError.listing(["het bestand is geen UTF-8-tekst (sla het op als CSV UTF-8)"]) from None
    if len(text) > MAX_FILE_BYTES:
        raise NarraFirmaError.listing([f"het bestand is groter dan {MAX_FILE_BYTES // (1024 * 1024)} MB"])
    return text.removeprefix("\ufeff")


def sniff_separator(text: str) -> str:
    """The separator of the first line that is not a comment: the one of , ; tab found most often outside quotes."""
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith(";"):
            outside = re.sub(r'"[^"]*"', "", line)
            counts = {sep: outside.count(sep) for sep in SEPARATORS}
            best = max(counts, key=counts.get)
            return best if counts[best] else ","
    return ","


def read_rows(data: bytes | str, *, comments: bool) -> list[tuple[int, list[str]]]:
    """Every row as (line number, cells), cells stripped of surrounding spaces.

    With ``comments`` a row whose first cell starts with ``;`` is a comment (the form file); blank rows are
    left out. Raises :class:`NarraFirmaError` naming the line for NUL characters, a broken quote, too many
    rows or an oversized cell."""
    text = decode(data)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise NarraFirmaError.listing([(f"regel {line}: bevat een onzichtbaar teken (NUL); het bestand is "
                                       "waarschijnlijk beschadigd")])
    separator = sniff_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    rows = []
    try:
        for cells in reader:
            line = reader.line_num
            if len(rows) > MAX_ROWS:
                raise NarraFirmaError.listing([f"het bestand heeft meer dan {MAX_ROWS} rijen"])
            if len(cells) > MAX_COLUMNS:
                raise NarraFirmaError.listing([f"regel {line}: meer dan {MAX_COLUMNS} kolommen"])
            cells = [cell.strip() for cell in cells]
            if not any(cells):
                continue
            if comments and cells[0].startswith(";"):
                continue
            for column, cell in enumerate(cells, start=1):
                if len(cell) > MAX_CELL:
                    raise NarraFirmaError.listing([(f"regel {line}, kolom {column}: de cel is langer dan "
                                                   f"{MAX_CELL} tekens")])
            rows.append((line, cells))
    except csv.Error as error:
        raise NarraFirmaError.listing([(f"regel {reader.line_num}: het CSV-bestand is niet goed leesbaar "
                                       f"({error})")]) from None
    return rows


def slug(text: str, used: set[str], *, prefix: str = "q", dash: bool = False) -> str:
    """A stable key from a NarraFirma name: lowercase ASCII letters, digits and ``_`` (``-`` for module keys),
    starting with a letter, unique among ``used`` (which it extends)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    joiner = "-" if dash else "_"
    base = re.sub(r"[^a-z0-9]+", joiner, ascii_text).strip(joiner)[:50].strip(joiner)
    if not base or not base[0].isalpha():
        base = f"{prefix}{joiner}{base}".strip(joiner)
    key, number = base, 2
    while key in used or (dash and len(key) < 2):
        key = f"{base}{joiner}{number}"
        number += 1
    used.add(key)
    return key


FORMULA_STARTS = ("=", "+", "-", "@")


def formula_safe(value: str) -> str:
    """A cell that a spreadsheet would run as a formula gets a leading apostrophe (NarraFirma reads it as text)."""
    return "'" + value if value.startswith(FORMULA_STARTS) or value[:1] in ("\t", "\r") else value


def unprotect(value: str) -> str:
    """The reverse of :func:`formula_safe`: an apostrophe before a formula start is removed."""
    if value.startswith("'") and value[1:2] in ("=", "+", "-", "@", "'"):
        return value[1:]
    return value
