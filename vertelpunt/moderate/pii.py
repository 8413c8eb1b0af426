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
    Token-based heuristics, documented at :func:`_find_names`.

Overlaps are resolved "longest wins" (then by kind: iban, bsn, email, address, phone, postcode, name).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import accumulate
from typing import Iterable, Iterator

from vertelpunt.moderate.dutch_names import (
    AMBIGUOUS_FIRST_NAMES, FIRST_NAMES, LEADING_PARTICLES, NOT_NAMES, PARTICLES,
)

PII_KINDS = ("name", "phone", "email", "postcode", "address", "bsn", "iban")
KIND_WORDS = {
    "name": "naam", "phone": "telefoonnummer", "email": "e-mailadres", "postcode": "postcode",
    "address": "adres", "bsn": "burgerservicenummer (BSN)", "iban": "bankrekeningnummer",
}
_PRIORITY = {kind: rank for rank, kind in enumerate(("iban", "bsn", "email", "address", "phone", "postcode", "name"))}


@dataclass(frozen=True)
class PiiMatch:
    kind: str
    start: int
    end: int
    text: str


_SP = r"[ \t\u00a0]"          # spaces inside one line
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

# --- names ---------------------------------------------------------------------------------------------
WORD = re.compile(r"[’']t(?![^\W\d_])|[^\W\d_]+(?:['’-][^\W\d_]+)*")
WORD_SPLIT = re.compile("(" + WORD.pattern + ")")
_INITIAL_GAP = re.compile(r"\." + _SP + "{1,2}")
_CUE_GAP = re.compile(_SP + r"*,?" + _SP + r"+\Z|" + _SP + r"*," + _SP + r"*\Z")
_ABBREVIATION_GAP = re.compile(r"\.?" + _SP + r"*\Z")
ABBREVIATED_CUES = frozenset("mevr mw mvr mnr dhr dr".split())
_NAME_GAP = re.compile(_SP + r"{1,2}\Z")
_SENTENCE_END = set(".!?:;…\"“”„«»([{•*–—-'‘’>") | {"\n", "\r"}
# Words that introduce a name on their own ("mevrouw Jansen", "juf Ans", "ze heet Lisa").
NAME_CUES = frozenset("""
mevrouw mevr mw mvr meneer mnr dhr heer juf juffrouw meester voogd gezinsvoogd jeugdbeschermer mentor mentrix
coach begeleider hulpverlener casemanager regisseur therapeut psycholoog psychiater orthopedagoog dokter
huisarts dr oom tante opa oma buurman buurvrouw familie heet heette heten genaamd noem noemen noemde
""".split())
# Relations that introduce a name after a possessive ("mijn zoon Daan", "haar broertje Ilias").
RELATION_CUES = frozenset("""
zoon zoontje dochter dochtertje broer broertje zus zusje vriend vriendje vriendin vriendinnetje man vrouw ex
partner neef neefje nicht nichtje pleegzoon pleegdochter pleegbroer pleegzus pleegkind stiefvader
stiefmoeder stiefbroer stiefzus halfbroer halfzus moeder vader kind jongste oudste collega baas leerling
cliënt client pupil vriendinnen vrienden
""".split())
ALL_CUES = NAME_CUES | RELATION_CUES
POSSESSIVES = frozenset("mijn m'n m’n onze ons zijn z'n z’n haar hun je jouw uw".split())
# A first name right after these is part of something else: "het Sophia", "Zwarte Piet", "Sint Maarten".
_NOT_AFTER = frozenset("het 't ’t sint st zwarte koning koningin prins prinses profeet".split())
# ... and right before these: "Emma Kinderziekenhuis", "Anne Frank School".
INSTITUTION_WORDS = frozenset("""
kinderziekenhuis ziekenhuis school basisschool college lyceum gymnasium huis centrum kliniek groep instituut
stichting academie fonds mc umc kindcentrum ziekenhuizen
""".split())
# A capitalised word ending like this is a street, not a surname ("Jan Steenstraat"; but "van Dijk", "Kerkhof").
_NAME_STREET_END = re.compile(r"[^\W\d_]{3}(?:straat|laan|weg|plein|gracht|singel|kade|dreef|steeg|plantsoen|"
                              r"allee|boulevard|markt)\Z", re.IGNORECASE)
PROTECTED = re.compile(
    r"William" + _SP + r"+Schrikker|Vincent" + _SP + r"+van" + _SP + r"+Gogh|Jeroen" + _SP + r"+Bosch|"
    r"Ronald" + _SP + r"+McDonald|Anne" + _SP + r"+Frank|Maria" + _SP + r"+Montessori|Willem-Alexander|"
    r"Martin" + _SP + r"+Luther" + _SP + r"+King|Sint" + _SP + r"+Maarten|Sint" + _SP + r"+Nicolaas"
)


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


def _find_names(text: str) -> Iterator[PiiMatch]:
    """Person names, from words and the gaps between them. A word is *capitalised* when its first letter is
    upper case and the word is not all capitals.

    1. A first name from :data:`~vertelpunt.moderate.dutch_names.FIRST_NAMES` (also "Fatima's", "Daantje",
       "Jan-Willem"), anywhere - also at the start of a sentence. Names that are ordinary words too
       ("Roos", "Bas", "Ben", "Mark": AMBIGUOUS_FIRST_NAMES) only count in the middle of a sentence, after
       a cue, or when a surname follows. Not after "het"/"Sint"/"Zwarte"/"Koningin" ("het Sophia",
       "Zwarte Piet") and not before an institution word ("Emma Kinderziekenhuis").
    2. Any capitalised word after a cue - "mevrouw/mevr./meneer/dhr./mw./juf/meester/voogd/
       jeugdbeschermer/mentor/oma/tante/familie ...", "heet/heette/genaamd", or a possessive plus relation
       ("mijn zoon", "haar broertje", "onze voogd") - when it is not a common capitalised non-name
       (pronouns, role words, organisations, places, months, weekdays, holidays: NOT_NAMES). Particles may
       come first ("mevrouw de Vries").
    3. A name is extended with a surname: particles (van, de, van der, el, ben, ...) plus a capitalised
       word ("Jan de Vries", "Fatima el Amrani", "Kevin van den Berg"), or directly a capitalised word that
       is not in NOT_NAMES and not a street ("Fatima Amrani", but not "Jan Steenstraat").
    4. Initials with a surname ("J. de Vries", "A.B. Bakker"), and an unknown capitalised word in the
       middle of a sentence followed by a real particle (not just "de") and a surname ("Sjors van Dongen");
       neither word may be in NOT_NAMES ("Rijk van Nijmegen", "Raad van State" stay unflagged).
    """
    parts = WORD_SPLIT.split(text)          # [gap, word, gap, word, ..., gap]
    words = parts[1::2]
    count = len(words)
    if not count:
        return
    gaps = parts[0::2]                      # gaps[i] is the text just before words[i]
    offsets = list(accumulate(map(len, parts), initial=0))
    protected = [(m.start(), m.end()) for m in PROTECTED.finditer(text)]
    protected_starts = [span[0] for span in protected]

    def capitalised(word: str) -> bool:
        return word[0].isupper() and (len(word) == 1 or not word.isupper())

    def sentence_start(i: int) -> bool:
        before = gaps[i]
        stripped = before.rstrip()
        if i == 0 and not stripped:
            return True
        if "\n" in before or "\r" in before:
            return True
        return bool(stripped) and stripped[-1] in _SENTENCE_END

    def spaced(i: int) -> bool:
        """Word ``i`` follows word ``i - 1`` on the same line, separated by one or two spaces."""
        return 0 < i < count and _NAME_GAP.fullmatch(gaps[i]) is not None

    def ordinary(word: str) -> bool:
        return word.lower() in NOT_NAMES

    def is_street(word: str) -> bool:
        return _NAME_STREET_END.search(word) is not None

    def first_name(word: str) -> tuple[int, bool] | None:
        """(length of the name part, ambiguous) when ``word`` is a known first name."""
        if word in FIRST_NAMES:
            return len(word), word in AMBIGUOUS_FIRST_NAMES
        if word[-2:] in ("'s", "’s") and word[:-2] in FIRST_NAMES:
            return len(word) - 2, word[:-2] in AMBIGUOUS_FIRST_NAMES
        if "-" in word:                              # "Jan-Willem", "Anne-Marie", "Anne-Sophie"
            first, *rest = word.split("-")
            if first in FIRST_NAMES and all(part[:1].isupper() for part in rest):
                return len(word), False
        for suffix in ("tje", "pje", "je"):
            base = word[:-len(suffix)]
            if word.endswith(suffix) and len(base) > 2 and base in FIRST_NAMES:
                return len(word), False
        return None

    def particles_then_surname(i: int, capital_particles: bool, after_cue: bool = False) -> int | None:
        """Index of the surname when words i.. are particles followed by a capitalised surname. Right
        after a cue the first particle may follow a period ("mw. de Vries")."""
        j = i
        seen = 0
        while j < count and seen < 3 and (spaced(j) or after_cue and j == i):
            word = words[j]
            lowered = word.lower()
            if not capital_particles and word != lowered:
                break
            if lowered in PARTICLES or (seen == 0 and lowered in LEADING_PARTICLES and j + 1 < count
                                        and words[j + 1].lower() in PARTICLES):
                seen += 1
                j += 1
                continue
            break
        if not seen or not spaced(j):
            return None
        surname = words[j]
        if capitalised(surname) and not ordinary(surname) and not is_street(surname):
            return j
        return None

    def extend(i: int) -> int:
        """Last word index of the name that starts (with a given name) at word ``i``."""
        j = i
        while j - i < 2 and spaced(j + 1) and words[j + 1] in FIRST_NAMES \
                and words[j + 1] not in AMBIGUOUS_FIRST_NAMES:      # "Jan Peter", "Anne Sophie"
            j += 1
        surname = particles_then_surname(j + 1, capital_particles=True)
        if surname is not None:
            return surname
        if spaced(j + 1):
            word = words[j + 1]
            if capitalised(word) and not ordinary(word) and not is_street(word) \
                    and word.lower() not in INSTITUTION_WORDS:
                return j + 1
        return j

    def before_institution(j: int) -> bool:
        if spaced(j + 1):
            following = words[j + 1]
            return following.lower() in INSTITUTION_WORDS or capitalised(following) and is_street(following)
        return False

    def cue_before(i: int) -> bool:
        """Word ``i`` directly follows a cue ("mevrouw", "dhr.", "mijn zoon,")."""
        if i == 0:
            return False
        previous = words[i - 1].lower()
        if previous in NAME_CUES:
            pass
        elif previous in RELATION_CUES and i >= 2 and spaced(i - 1):
            if words[i - 2].lower() not in POSSESSIVES:
                return False
        else:
            return False
        between = gaps[i]
        if previous in ABBREVIATED_CUES and _ABBREVIATION_GAP.match(between):
            return True
        return _CUE_GAP.match(between) is not None

    def initials(i: int) -> int | None:
        """Index of the last initial when words i.. are initials ("J.", "A.B."), else None."""
        j = i
        while len(words[j]) == 1 and words[j].isupper() and gaps[j + 1].startswith("."):
            if j + 1 < count and gaps[j + 1] == "." and j - i < 3:
                j += 1
            else:
                return j
        return j - 1 if j > i else None

    def after_initials(j: int) -> int | None:
        """Surname index after the initials that end at word ``j`` ("J. de Vries")."""
        if j + 1 >= count or _INITIAL_GAP.fullmatch(gaps[j + 1]) is None:
            return None
        word = words[j + 1]
        if word.lower() in PARTICLES:
            nxt = j + 2
            while nxt < count and words[nxt].lower() in PARTICLES and spaced(nxt):
                nxt += 1
            if spaced(nxt) and capitalised(words[nxt]) and not ordinary(words[nxt]) and not is_street(words[nxt]):
                return nxt
            return None
        if capitalised(word) and len(word) > 1 and not ordinary(word) and not is_street(word):
            return j + 1
        return None

    def emit(i: int, j: int, name_length: int | None = None) -> PiiMatch | None:
        start = offsets[2 * i + 1]
        end = offsets[2 * j + 2] if name_length is None or j != i else start + name_length
        index = bisect.bisect_left(protected_starts, end) - 1      # the last protected span starting before end
        if index >= 0 and protected[index][1] > start:
            return None
        return PiiMatch("name", start, end, text[start:end])

    i = 0
    while i < count:
        word = words[i]
        # Fast exits for most words: lower-case words (unless a particle right after a cue, as in
        # "mevrouw de Vries") and ordinary capitalised words ("Toen", "Jeugdzorg"), which no rule names.
        if not word[0].isupper():
            if word not in PARTICLES or i == 0 or words[i - 1].lower() not in ALL_CUES:
                i += 1
                continue
        elif len(word) > 1 and word.lower() in NOT_NAMES and word.lower() not in PARTICLES:
            i += 1
            continue
        found: PiiMatch | None = None
        last = i
        cued = cue_before(i)
        last_initial = initials(i) if capitalised(word) else None
        if last_initial is not None:
            # "J. de Vries", "A.B. Bakker", "mevrouw J. Jansen"; one bare initial and a capitalised word
            # ("plan B. Sommige ...") is too weak without a cue.
            surname = after_initials(last_initial)
            if surname is not None and (cued or last_initial > i or words[surname - 1].lower() in PARTICLES):
                last = surname
                found = emit(i, last)
            else:
                last = last_initial          # the other initials of this run start nothing either
        elif cued:
            surname = (particles_then_surname(i, capital_particles=True, after_cue=True)
                       if word.lower() in PARTICLES else None)
            if surname is not None:                       # "mevrouw de Vries", "mw. El Amrani"
                last = surname
                found = emit(i, last)
            elif capitalised(word) and not ordinary(word) and not is_street(word):
                known = first_name(word)
                if known:                                 # "mijn zoon Daan de Groot"
                    last = extend(i)
                    found = emit(i, last, known[0] if last == i else None)
                else:                                     # "juf Ans", "meneer Bakker van den Heuvel"
                    surname = particles_then_surname(i + 1, capital_particles=True)
                    last = surname if surname is not None else i
                    found = emit(i, last)
        elif capitalised(word):
            known = first_name(word)
            previous = words[i - 1].lower() if spaced(i) else ""
            if known and previous not in _NOT_AFTER:
                length, ambiguous = known
                last = extend(i)
                if not before_institution(last) and (not ambiguous or last > i or not sentence_start(i)):
                    found = emit(i, last, length if last == i else None)
            elif not known and not sentence_start(i) and not ordinary(word) and not is_street(word):
                # "Sjors van Dongen": an unknown word only counts with a real particle, not just "de"
                surname = particles_then_surname(i + 1, capital_particles=False)
                if surname is not None and any(words[k] not in ("de", "'t", "’t") for k in range(i + 1, surname)):
                    last = surname
                    found = emit(i, last)
        if found is not None:
            yield found
        i = last + 1


_DIGIT = re.compile("[0-9]")


def _candidates(text: str) -> Iterator[PiiMatch]:
    if "@" in text:
        for m in EMAIL.finditer(text):
            yield PiiMatch("email", m.start(), m.end(), m.group())
    if _DIGIT.search(text):
        lowered = text.lower()
        yield from _numeric_candidates(text, lowered)
        yield from _address_candidates(text, lowered)
    yield from _find_names(text)


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
