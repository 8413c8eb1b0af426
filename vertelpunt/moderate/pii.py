"""Find likely personal data in Dutch story text, so tellers are warned and moderators can redact.

Pure Python (regular expressions only). Checksums (BSN 11-proof, IBAN mod-97) keep random numbers
from being flagged; public helplines that tellers mention legitimately (112, 0800-, 0900-, 088-) are
never flagged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

PII_KINDS = ("name", "phone", "email", "postcode", "address", "bsn", "iban")
KIND_WORDS = {
    "name": "naam", "phone": "telefoonnummer", "email": "e-mailadres", "postcode": "postcode",
    "address": "adres", "bsn": "BSN-nummer", "iban": "bankrekeningnummer",
}


@dataclass(frozen=True)
class PiiMatch:
    kind: str
    start: int
    end: int
    text: str


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
# Dutch numbers have nine digits after the leading 0 (or after +31 / 0031), in any grouping.
PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)31[\s-]?(?:\(0\)[\s-]?)?|0)[1-9](?:[\s-]?\d){8}(?![\d])")
PUBLIC_PREFIXES = ("0800", "0900", "0906", "0909", "088", "112", "14")
POSTCODE = re.compile(r"(?<!\w)[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}(?![\w])")
STREET_SUFFIX = r"(?:straat|laan|weg|plein|gracht|singel|kade|dreef|hof|pad|steeg|dijk|markt|park|plantsoen|erf|baan|veld|wal)"
ADDRESS = re.compile(
    r"(?<!\w)(?:(?:Van|De|Den|Ter|Lange|Korte|Oude|Nieuwe)\s+)*[A-Z][\w'-]*" + STREET_SUFFIX
    + r"\s+\d{1,4}(?:\s?[a-zA-Z](?!\w)|-\d{1,3}|\s?bis)?(?!\d)"
)
NUMBER_9 = re.compile(r"(?<![\d.,-])(\d{3})[\s.]?(\d{3})[\s.]?(\d{3})(?![\d.,-]?\d)")
BSN_CUE = re.compile(r"(?i)\b(bsn|burgerservicenummer|sofinummer|sofi-nummer)\b[\s:#-]*(\d{8,9})\b")
IBAN = re.compile(r"(?<![A-Z0-9])([A-Z]{2}\d{2}(?:\s?[A-Z0-9]){11,30})(?![A-Z0-9])")

NAME_CUE = re.compile(
    r"(?:\b(?i:mevrouw|mevr\.|meneer|mnr\.|dhr\.|mw\.|juf|juffrouw|meester|heet|heette|genaamd|"
    r"mijn (?:zoon|dochter|broer|broertje|zus|zusje|vriend|vriendin|man|vrouw|ex|partner))\s+)"
    r"([A-Z][a-zà-ÿ'-]+(?:\s+(?:van|de|der|den|el|al|ter|te)){0,3}(?:\s+[A-Z][a-zà-ÿ'-]+)?)"
)
FIRST_NAMES = frozenset("""
Aaliyah Adam Ahmed Aisha Amber Amir Amira Anna Anouk Anne Annemiek Ayoub Bart Bram Britt Bilal Caroline Chantal
Daan Danny Dennis Dewi Dirk Eline Elif Emma Esther Eva Fatima Fenna Femke Finn Floor Gijs Hamza Hanna Henk Ibrahim
Iris Ilias Imane Ivo Jan Jannes Jasper Jayden Jesse Johan Joost Jordy Julia Julian Kevin Khadija Kim Laura Lars Lieke
Linda Lisa Liam Lotte Lucas Luuk Maaike Marieke Marloes Martijn Maud Meryem Mila Milan Mohamed Mohammed Noah Noor
Nora Nina Olivia Omar Peter Priscilla Quinten Rachid Renske Robin Rutger Sanne Sara Sarah Sem Senna Sevda Shirley
Sophie Stijn Tess Thijs Thomas Tim Tygo Vera Wendy Wouter Yara Yasmina Youssef Yusuf Zeynep Zoë Emre Mustafa Ayşe
""".split())
FULL_NAME = re.compile(
    r"(?<!\w)([A-Z][a-zà-ÿ'-]+)((?:\s+(?:van|de|der|den|el|al|ter|te))*\s+[A-Z][a-zà-ÿ'-]+)?"
)


def _elfproef(digits: str) -> bool:
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or set(digits) == {"0"}:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


def _iban_valid(raw: str) -> bool:
    compact = raw.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    numeric = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(numeric) % 97 == 1


def _candidates(text: str):
    for m in EMAIL.finditer(text):
        yield PiiMatch("email", m.start(), m.end(), m.group())
    iban_shaped = [(m.start(1), m.end(1)) for m in IBAN.finditer(text)]
    for m in PHONE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        inside_iban = any(start <= m.start() < end for start, end in iban_shaped)
        if not digits.startswith(PUBLIC_PREFIXES) and not inside_iban:
            yield PiiMatch("phone", m.start(), m.end(), m.group())
    for m in POSTCODE.finditer(text):
        yield PiiMatch("postcode", m.start(), m.end(), m.group())
    for m in ADDRESS.finditer(text):
        yield PiiMatch("address", m.start(), m.end(), m.group())
    for m in NUMBER_9.finditer(text):
        if _elfproef("".join(m.groups())):
            yield PiiMatch("bsn", m.start(), m.end(), m.group())
    for m in BSN_CUE.finditer(text):
        if _elfproef(m.group(2)):
            yield PiiMatch("bsn", m.start(2), m.end(2), m.group(2))
    for m in IBAN.finditer(text):
        candidate = m.group(1).rstrip()
        if _iban_valid(candidate):
            yield PiiMatch("iban", m.start(1), m.start(1) + len(candidate), candidate)
    for m in NAME_CUE.finditer(text):
        yield PiiMatch("name", m.start(1), m.end(1), m.group(1))
    for m in FULL_NAME.finditer(text):
        if m.group(1) in FIRST_NAMES:
            yield PiiMatch("name", m.start(), m.end(), m.group())


def find_pii(text: str) -> list[PiiMatch]:
    """Likely personal data in ``text``: sorted by position, not overlapping (the longest wins)."""
    if not text:
        return []
    chosen: list[PiiMatch] = []
    priority = {kind: rank for rank, kind in enumerate(("iban", "bsn", "email", "address", "phone", "postcode", "name"))}
    for match in sorted(_candidates(text), key=lambda m: (-(m.end - m.start), priority[m.kind], m.start)):
        if all(match.end <= other.start or match.start >= other.end for other in chosen):
            chosen.append(match)
    return sorted(chosen, key=lambda m: m.start)


def describe_kinds(kinds) -> str:
    """Dutch wording for the teller's warning, e.g. {"name", "phone"} -> "een naam of telefoonnummer"."""
    words = [KIND_WORDS[kind] for kind in PII_KINDS if kind in set(kinds)]
    if not words:
        return ""
    if len(words) == 1:
        return f"een {words[0]}"
    return "een " + ", ".join(words[:-1]) + f" of {words[-1]}"


def highlight_spans(text: str, matches: list[PiiMatch]) -> list[tuple[str, str | None]]:
    """Split ``text`` into (segment, kind or None) so a template can mark matches without raw HTML."""
    spans, position = [], 0
    for match in matches:
        if match.start > position:
            spans.append((text[position:match.start], None))
        spans.append((text[match.start:match.end], match.kind))
        position = match.end
    if position < len(text):
        spans.append((text[position:], None))
    return spans
