"""Find likely personal data in Dutch story text, so tellers are warned and moderators can redact.

Pure Python: the standard library (``re``, ``bisect``, ``itertools``) and the word lists in
:mod:`vertelpunt.moderate.dutch_names`; no Flask, no database. Regular expressions are compiled once and
start with a plain character class, so the engine skips ahead quickly; words are visited once. A story of
10,000 characters takes a few milliseconds, and :func:`find_pii` never raises, whatever string it gets.
Precision matters more than recall: a warning on every story teaches people to ignore it. What counts,
kind by kind:

``email``
    ``naam@domein.nl`` style addresses.
``phone``
    Dutch numbers of ten digits, 0 + area code + subscriber, in any usual grouping (06-12345678,
    06 12 34 56 78, 010-1234567, (0546) 123456, 06.12.34.56.78), or +31 / 0031 with an optional (0).
    Never flagged, because tellers mention them legitimately: 112, 14 + area code, free and paid service
    numbers (0800, 0900, 0906, 0909), 088 (organisations' company numbers, e.g. a wijkteam or a
    jeugdbeschermingsorganisatie), 097 (machine numbers) and the old 066/067 (pagers, dial-up). Dates
    (06-03-2024 10) are not phones, and nothing glued to other digits or letters is.
``postcode``
    1234 AB / 1234AB: four digits not starting with 0, two capitals (not SA, SD, SS), not followed by a
    letter. A year followed by an all-caps short word ("2024 EN") is skipped, and so are units and
    abbreviations in capitals ("1500 KM", "2000 NL"); lower-case letters never count ("1500 ml").
``address``
    A capitalised street name ending in a street word (straat, laan, weg, plein, gracht, singel, kade,
    dreef, hof, pad, steeg, dijk, markt, park, ...) plus a house number with optional addition
    (12, 12a, 12 A, 12-3, 12 bis, 12-hs, 12-II): "Kerkstraat 12", "Van Goghlaan 3a", "Willem de Zwijgerlaan 7",
    "Laan van Meerdervoort 52". A lower-case street counts only after "woon/woont/adres ...". A number
    followed by a unit ("Rondweg 2 keer", "3 uur") or a year (19xx, 20xx) is not a house number.
``bsn``
    Nine digits (123456782, 123 456 782, 123.456.782, 1234.56.782) that pass the elfproef and are not an
    amount. Eight digits count (padded with a leading 0) only shortly after a cue word (bsn,
    burgerservicenummer, sofinummer).
``iban``
    Country code + check digits + account, spaces allowed, with the country's exact length and a valid
    mod-97 checksum. Wrong checksums are not flagged, and no phone or BSN is flagged inside them.
``name``
    Token-based heuristics, documented at :func:`vertelpunt.moderate.pii_names.find_names`.

Overlaps are resolved "longest wins" (then by kind: iban, bsn, email, address, phone, postcode, name).
"""
from __future__ import annotations

import bisect
import re
from typing import Iterable, Iterator

from vertelpunt.moderate.dutch_names import NOT_NAMES
from vertelpunt.moderate.pii_base import SP as _SP
from vertelpunt.moderate.pii_base import WORD, PiiMatch
from vertelpunt.moderate.pii_names import find_names

__all__ = ["PII_KINDS", "PiiMatch", "describe_kinds", "find_pii", "highlight_spans"]


PII_KINDS = ("name", "phone", "email", "postcode", "address", "bsn", "iban")
KIND_WORDS = {
    "name": "naam", "phone": "telefoonnummer", "email": "e-mailadres", "postcode": "postcode",
    "address": "adres", "bsn": "burgerservicenummer (BSN)", "iban": "bankrekeningnummer",
}
_PRIORITY = {kind: rank for rank, kind in enumerate(("iban", "bsn", "email", "address", "phone", "postcode", "name"))}


_UP = "A-ZÀ-ÖØ-Þ"             # capitals that start a name or street (Latin-1 is enough here)

# --- email ---------------------------------------------------------------------------------------------
EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")

# --- phone ---------------------------------------------------------------------------------------------
# Patterns start with a digit, "+" or "(" (so the regex engine can skip ahead quickly); what may come
# before a match is checked in Python (:func:`_free_start`).
PHONE = re.compile(
    r"(?:(?:\+|00)31" + _SP + r"?-?" + _SP + r"?(?:\(0\)" + _SP + r"?-?" + _SP + r"?|0" + _SP + r"?-?)?|\(0|0)"
    r"([1-9](?:\)?" + _SP + r"?[-.]?" + _SP + r"?[0-9]){8})"
    r"(?![0-9]|[.,/-][0-9])"
)
# National significant numbers (after the 0) that belong to services, not to people.
PUBLIC_PREFIXES = ("800", "900", "906", "909", "88", "97", "66", "67")
_DATE_LIKE = re.compile(r"\(?0?[0-9]{1,2}[-./][0-9]{1,2}[-./][0-9]{2,4}(?![0-9]|[-./][0-9])")

# --- postcode ------------------------------------------------------------------------------------------
POSTCODE = re.compile(r"([1-9][0-9]{3})" + _SP + r"?(?!SA|SD|SS)([A-Z]{2})(?![\w])")
# Letter pairs that never make a postcode, and short words that do not after a year ("in 2024 EN 2025").
_NOT_POSTCODE_LETTERS = frozenset("NL EU OK TV PC KM CM MM KG ML GB MB".split())
_CAPS_WORDS = frozenset("EN OF IK JE IN OP DE IS AL NA OM TE ZO NU JA AM PM UK US".split())

# --- address -------------------------------------------------------------------------------------------
STREET_WORDS = ("straat", "laan", "weg", "plein", "gracht", "singel", "kade", "dreef", "hof", "pad", "steeg",
                "dijk", "markt", "park", "plantsoen", "erf", "wal", "allee", "boulevard", "haven", "wetering",
                "vaart", "kanaal", "brink", "promenade")  # not "ring" (Vergadering), "hoven" (Eindhoven), "dam"
_SUFFIX = "(?:" + "|".join(STREET_WORDS) + ")"
_STREET_PREFIX = (r"(?:(?:[" + _UP + r"][^\W\d_]*\.?|van|de|der|den|ter|ten|het|'t|’t|la|le|du|da|op|aan|in)"
                  + _SP + r"+){0,4}")
_HOUSE_NUMBER = (r"[1-9][0-9]{0,3}"
                 r"(?!" + _SP + r"?(?:uur|keer|jaar|km|kilometer|meter|minuten|min|dagen|weken|maanden|kinderen|"
                 r"mensen|euro|procent|%|x\b|kg|cm|m\b))"
                 r"(?:" + _SP + r"?[a-zA-Z](?![^\W\d_])|[-/][0-9]{1,4}"
                 r"|-(?:bis|hs|huis|bg|boven|[iI]{1,3}|[a-zA-Z])(?![^\W\d_])"
                 r"|" + _SP + r"(?:bis|hs|I{1,3})(?![^\W\d_]))?"
                 r"(?![0-9]|[,.][0-9]|-[0-9])")
_LAAN_VAN = (r"(?:Laan|Plein|Weg|Kade|Park|Singel|Dreef|Hof|Burgwal)" + _SP + r"+(?:van|der|de|den|ter|des)"
             r"(?:" + _SP + r"+(?:de|der|den|het|'t))?" + _SP + r"+[" + _UP + r"][^\W\d_'’-]*")
_COMPOUND_STREET = _STREET_PREFIX + r"[" + _UP + r"][^\W\d_'’]*?" + _SUFFIX
_BARE_STREET = (_STREET_PREFIX.replace("{0,4}", "{1,4}")
                + "(?:" + "|".join(w.capitalize() for w in STREET_WORDS) + ")")
ADDRESS = re.compile(
    r"(?<![^\W\d_'’.-])(" + _LAAN_VAN + "|" + _COMPOUND_STREET + "|" + _BARE_STREET + ")"
    + _SP + r"+(" + _HOUSE_NUMBER + ")"
)
_STREET_END = re.compile(_SUFFIX + r"\Z", re.IGNORECASE)
_NUMBER_AFTER_SPACE = re.compile(_SP + r"[1-9]")
_ADDRESS_WINDOW = 120
ADDRESS_AFTER_CUE = re.compile(
    r"(?i:\b(?:woon|woont|wonen|woonde|woonden|adres(?:" + _SP + r"+is)?|verhuisd" + _SP + r"+naar|"
    r"verhuizen" + _SP + r"+naar)\b:?" + _SP + r"+(?:(?:op|aan|in)" + _SP + r"+)?(?:(?:de|het|'t)" + _SP + r"+)?)"
    r"([a-z][a-z\-]*" + _SUFFIX + _SP + r"+" + _HOUSE_NUMBER + ")"
)
_STREET_TITLES = frozenset("""
van de den der ter ten het 't ’t la le du da sint st sint- burgemeester burg prins prinses koning koningin graaf
gravin hertog keizer dokter dr pastoor pater generaal admiraal kapitein professor prof mr meester jonkheer
eerste tweede derde oude nieuwe lange korte grote kleine hoge lage noord oost zuid west
""".split())

# --- bsn -----------------------------------------------------------------------------------------------
BSN = re.compile(
    r"[0-9]{3}(?:[0-9]{6}|([ .-])[0-9]{3}\1[0-9]{3}|[0-9]\.[0-9]{2}\.[0-9]{3})"
    r"(?![\w]|[.,/-][0-9])"
)
BSN_CUE = re.compile(r"(?i)\b(?:bsn|burgerservice-?nummer|burger" + _SP + r"service" + _SP + r"?nummer|"
                     r"sofi-?nummer|sofi" + _SP + r"nummer)")
BSN_AFTER_CUE = re.compile(r"([0-9]{8})(?![\w]|[.,/-][0-9])")
_CUE_WINDOW = 40

# --- iban ----------------------------------------------------------------------------------------------
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
    "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29,
    "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28,
    "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20,
    "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29,
    "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}
# Matches from the check digits; the two letters before them are checked by the look-behind.
IBAN = re.compile(r"[0-9]{2}(?<=(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2})(?:" + _SP + r"?[A-Za-z0-9]){11,30}")

def _elfproef(digits: str) -> bool:
    """The 11-proof for a BSN; eight digits are padded with a leading zero."""
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


def _iban_valid(compact: str) -> bool:
    """Mod-97 check of an IBAN without spaces (ASCII letters and digits only)."""
    if not compact.isascii() or not compact.isalnum():
        return False
    rearranged = compact[4:] + compact[:4]
    numeric = "".join(str(int(ch, 36)) for ch in rearranged.upper())
    return int(numeric) % 97 == 1


def _free_start(text: str, start: int) -> bool:
    """A number may start here: not glued to a word, and not the next group of an amount or date
    ("1.250", "12-03")."""
    if start == 0:
        return True
    previous = text[start - 1]
    if previous.isalnum() or previous in "_+€":
        return False
    return not (previous in ".,/-" and start > 1 and text[start - 2].isdigit())


def _is_amount(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 5):start].rstrip().lower()
    after = text[end:end + 6].lower()
    return before.endswith(("€", "eur", "euro")) or after.startswith((",-", " euro", " eur", "€", " €"))


def _iban_spans(text: str) -> list[tuple[int, int, bool]]:
    """IBAN-shaped strings as (start, end, valid): a known country code, check digits and exactly the
    country's number of letters and digits (spaces allowed). The scan goes on right after each one, so
    "NL.. of NL.." finds both."""
    spans = []
    position = 0
    while True:
        m = IBAN.search(text, position)
        if m is None:
            return spans
        start = m.start() - 2
        length = IBAN_LENGTHS.get(text[start:start + 2].upper())
        if length is None:
            position = m.start() + 1
            continue
        count, end = 2, m.end()
        for index in range(m.start(), m.end()):
            if text[index] not in " \t\u00a0":
                count += 1
                if count == length:
                    end = index + 1
                    break
        position = end
        if count < length or (end < len(text) and text[end].isalnum()):
            spans.append((start, end, False))
            continue
        compact = "".join(ch for ch in text[start:end] if ch not in " \t\u00a0")
        spans.append((start, end, _iban_valid(compact)))


def _numeric_candidates(text: str, lowered: str) -> Iterator[PiiMatch]:
    ibans = _iban_spans(text)
    for start, end, valid in ibans:
        if valid:
            yield PiiMatch("iban", start, end, text[start:end])

    iban_starts = [span[0] for span in ibans]

    def inside_iban(start: int) -> bool:
        index = bisect.bisect_right(iban_starts, start) - 1
        return index >= 0 and start < ibans[index][1]

    for m in PHONE.finditer(text):
        national = re.sub(r"[^0-9]", "", m.group(1))
        if national.startswith(PUBLIC_PREFIXES) or not _free_start(text, m.start()) or inside_iban(m.start()):
            continue
        if _DATE_LIKE.match(text, m.start()):
            continue
        yield PiiMatch("phone", m.start(), m.end(), m.group())
    for m in POSTCODE.finditer(text):
        if not _free_start(text, m.start()) or text[m.start() - 1:m.start()] == "-":
            continue
        letters = m.group(2)
        if letters in _NOT_POSTCODE_LETTERS or (m.group(1).startswith(("19", "20")) and letters in _CAPS_WORDS):
            continue
        yield PiiMatch("postcode", m.start(), m.end(), m.group())
    for m in BSN.finditer(text):
        digits = re.sub(r"[^0-9]", "", m.group())
        if (_elfproef(digits) and _free_start(text, m.start()) and text[m.start() - 1:m.start()] != "-"
                and not inside_iban(m.start()) and not _is_amount(text, m.start(), m.end())):
            yield PiiMatch("bsn", m.start(), m.end(), m.group())
    if "bsn" not in lowered and "burger" not in lowered and "sofi" not in lowered:
        return
    for cue in BSN_CUE.finditer(text):
        window_end = min(len(text), cue.end() + _CUE_WINDOW)
        m = BSN_AFTER_CUE.search(text, cue.end(), window_end)
        if (m and _free_start(text, m.start()) and (m.end() == len(text) or not text[m.end()].isdigit())
                and _elfproef(m.group(1))):
            yield PiiMatch("bsn", m.start(1), m.end(1), m.group(1))


def _address_windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text worth the full address patterns: a street word shortly before " <digit>"."""
    windows: list[tuple[int, int]] = []
    for hint in _NUMBER_AFTER_SPACE.finditer(text):
        position = hint.start()
        if not text[position - 1:position].isalpha():
            continue
        before = text[max(0, position - 60):position].lower().split()[-5:]
        if any(word.endswith(STREET_WORDS) for word in before):
            start, end = max(0, position - _ADDRESS_WINDOW), min(len(text), position + 40)
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], end)
            else:
                windows.append((start, end))
    return windows


def _address_candidates(text: str, lowered: str) -> Iterator[PiiMatch]:
    windows = _address_windows(text)
    cued = "woon" in lowered or "adres" in lowered or "verhuis" in lowered
    for window_start, window_end in windows:
        yield from _addresses_in(text, window_start, window_end, cued)


def _addresses_in(text: str, window_start: int, window_end: int, cued: bool) -> Iterator[PiiMatch]:
    for m in ADDRESS.finditer(text, window_start, window_end):
        # Start at the first capitalised word that is part of a street name: not "de"/"op" and not an
        # ordinary sentence word ("Toen Kerkstraat 12"), but keep "Van Goghlaan", "Sint Jansstraat".
        start = m.start(1)
        for word in WORD.finditer(text, m.start(1), m.end(1)):
            value = word.group()
            lowered = value.lower().rstrip(".")
            if value[0].isupper() and (lowered in _STREET_TITLES or lowered not in NOT_NAMES
                                       or _STREET_END.search(value)):
                start = word.start()
                break
        number = m.group(2)
        if len(number) == 4 and number.startswith(("19", "20")):
            continue                                     # "in Brouwershaven 2019": a year, not a house number
        yield PiiMatch("address", start, m.end(), text[start:m.end()])
    if cued:
        for m in ADDRESS_AFTER_CUE.finditer(text, window_start, window_end):
            yield PiiMatch("address", m.start(1), m.end(1), m.group(1))


_DIGIT = re.compile("[0-9]")


def _candidates(text: str) -> Iterator[PiiMatch]:
    if "@" in text:
        for m in EMAIL.finditer(text):
            yield PiiMatch("email", m.start(), m.end(), m.group())
    if _DIGIT.search(text):
        lowered = text.lower()
        yield from _numeric_candidates(text, lowered)
        yield from _address_candidates(text, lowered)
    yield from find_names(text)


def find_pii(text: str) -> list[PiiMatch]:
    """Likely personal data in ``text``: sorted by position, not overlapping (the longest wins)."""
    if not isinstance(text, str) or not text:
        return []
    starts: list[int] = []
    chosen: list[PiiMatch] = []
    for match in sorted(set(_candidates(text)), key=lambda m: (m.start - m.end, _PRIORITY[m.kind], m.start)):
        if match.end <= match.start:
            continue
        index = bisect.bisect_left(starts, match.start)
        if index < len(chosen) and chosen[index].start < match.end:
            continue
        if index > 0 and chosen[index - 1].end > match.start:
            continue
        starts.insert(index, match.start)
        chosen.insert(index, match)
    return chosen


def describe_kinds(kinds: Iterable[str]) -> str:
    """Dutch (B1) wording for the teller's warning: {"name", "phone"} -> "een naam of telefoonnummer".

    Kinds are named in the order of :data:`PII_KINDS`; unknown kinds are ignored; no kinds gives "".
    """
    wanted = {kinds} if isinstance(kinds, str) else set(kinds)
    words = [KIND_WORDS[kind] for kind in PII_KINDS if kind in wanted]
    if not words:
        return ""
    if len(words) == 1:
        return f"een {words[0]}"
    return "een " + ", ".join(words[:-1]) + f" of {words[-1]}"


def highlight_spans(text: str, matches: Iterable[PiiMatch]) -> list[tuple[str, str | None]]:
    """Split ``text`` into (segment, kind or None) pieces, so a template can wrap the flagged ones in
    ``<mark>`` with normal autoescaping. The segments always join back to ``text``; matches that fall
    outside the text or overlap an earlier one are skipped."""
    spans: list[tuple[str, str | None]] = []
    position = 0
    for match in sorted(matches, key=lambda m: (m.start, m.end)):
        if match.start < position or match.end > len(text) or match.start >= match.end:
            continue
        if match.start > position:
            spans.append((text[position:match.start], None))
        spans.append((text[match.start:match.end], match.kind))
        position = match.end
    if position < len(text):
        spans.append((text[position:], None))
    return spans
