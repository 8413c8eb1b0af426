"""Person names in Dutch story text: first-name lists, cue words, tussenvoegsels and surnames.

Part of the PII detector (:mod:`vertelpunt.moderate.pii`); the heuristics are documented at
:func:`find_names`.
"""
from __future__ import annotations

import bisect
import re
from itertools import accumulate
from typing import Iterator

from vertelpunt.moderate.dutch_names import (
    AMBIGUOUS_FIRST_NAMES, FIRST_NAMES, LEADING_PARTICLES, NOT_NAMES, PARTICLES,
)
from vertelpunt.moderate.pii_base import SP, WORD_SPLIT, PiiMatch

_INITIAL_GAP = re.compile(r"\." + SP + "{1,2}")
_CUE_GAP = re.compile(SP + r"*,?" + SP + r"+\Z|" + SP + r"*," + SP + r"*\Z")
_ABBREVIATION_GAP = re.compile(r"\.?" + SP + r"*\Z")
ABBREVIATED_CUES = frozenset("mevr mw mvr mnr dhr dr".split())
_NAME_GAP = re.compile(SP + r"{1,2}\Z")
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
    r"William" + SP + r"+Schrikker|Vincent" + SP + r"+van" + SP + r"+Gogh|Jeroen" + SP + r"+Bosch|"
    r"Ronald" + SP + r"+McDonald|Anne" + SP + r"+Frank|Maria" + SP + r"+Montessori|Willem-Alexander|"
    r"Martin" + SP + r"+Luther" + SP + r"+King|Sint" + SP + r"+Maarten|Sint" + SP + r"+Nicolaas"
)



def find_names(text: str) -> Iterator[PiiMatch]:
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
    yield from _NameScanner(text).scan()


def _capitalised(word: str) -> bool:
    return word[0].isupper() and (len(word) == 1 or not word.isupper())


def _ordinary(word: str) -> bool:
    return word.lower() in NOT_NAMES


def _is_street(word: str) -> bool:
    return _NAME_STREET_END.search(word) is not None


def _surname_like(word: str) -> bool:
    """Could be a surname: capitalised, not a common non-name and not a street."""
    return _capitalised(word) and not _ordinary(word) and not _is_street(word)


def _first_name(word: str) -> tuple[int, bool] | None:
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


class _NameScanner:
    """One pass over a text's words and the gaps between them; each rule of :func:`find_names` is a method.

    Words are indexed: ``words[i]`` is the i-th word and ``gaps[i]`` the text just before it.
    """

    def __init__(self, text: str):
        self.text = text
        parts = WORD_SPLIT.split(text)          # [gap, word, gap, word, ..., gap]
        self.words = parts[1::2]
        self.gaps = parts[0::2]
        self.count = len(self.words)
        self.offsets = list(accumulate(map(len, parts), initial=0))
        self.protected = [(m.start(), m.end()) for m in PROTECTED.finditer(text)]
        self.protected_starts = [span[0] for span in self.protected]

    def scan(self) -> Iterator[PiiMatch]:
        i = 0
        while i < self.count:
            if self._skippable(i):
                i += 1
                continue
            found, last = self._match_at(i)
            if found is not None:
                yield found
            i = last + 1

    def _skippable(self, i: int) -> bool:
        """Fast exit for most words: lower-case words (unless a particle right after a cue, as in "mevrouw de
        Vries") and ordinary capitalised words ("Toen", "Jeugdzorg"), which no rule names."""
        word = self.words[i]
        if not word[0].isupper():
            return word not in PARTICLES or i == 0 or self.words[i - 1].lower() not in ALL_CUES
        return len(word) > 1 and word.lower() in NOT_NAMES and word.lower() not in PARTICLES

    def _match_at(self, i: int) -> tuple[PiiMatch | None, int]:
        """(the name starting at word ``i`` or None, the last word index it or this attempt used)."""
        word = self.words[i]
        cued = self._cue_before(i)
        last_initial = self._initials(i) if _capitalised(word) else None
        if last_initial is not None:
            return self._initials_rule(i, last_initial, cued)
        if cued:
            return self._cued_rule(i)
        if _capitalised(word):
            return self._free_rule(i)
        return None, i

    # --- the rules ------------------------------------------------------------------------------------

    def _initials_rule(self, i: int, last_initial: int, cued: bool) -> tuple[PiiMatch | None, int]:
        """"J. de Vries", "A.B. Bakker", "mevrouw J. Jansen"; one bare initial and a capitalised word
        ("plan B. Sommige ...") is too weak without a cue."""
        surname = self._after_initials(last_initial)
        if surname is not None and (cued or last_initial > i or self.words[surname - 1].lower() in PARTICLES):
            return self._emit(i, surname), surname
        return None, last_initial          # the other initials of this run start nothing either

    def _cued_rule(self, i: int) -> tuple[PiiMatch | None, int]:
        word = self.words[i]
        surname = (self._particles_then_surname(i, capital_particles=True, after_cue=True)
                   if word.lower() in PARTICLES else None)
        if surname is not None:                       # "mevrouw de Vries", "mw. El Amrani"
            return self._emit(i, surname), surname
        if not _surname_like(word):
            return None, i
        known = _first_name(word)
        if known:                                     # "mijn zoon Daan de Groot"
            last = self._extend(i)
            return self._emit(i, last, known[0] if last == i else None), last
        surname = self._particles_then_surname(i + 1, capital_particles=True)  # "juf Ans", "meneer Bakker van den Heuvel"
        last = surname if surname is not None else i
        return self._emit(i, last), last

    def _free_rule(self, i: int) -> tuple[PiiMatch | None, int]:
        """A capitalised word without a cue: a known first name, or an unknown word with particle + surname."""
        word = self.words[i]
        known = _first_name(word)
        previous = self.words[i - 1].lower() if self._spaced(i) else ""
        if known and previous not in _NOT_AFTER:
            length, ambiguous = known
            last = self._extend(i)
            if not self._before_institution(last) and (not ambiguous or last > i or not self._sentence_start(i)):
                return self._emit(i, last, length if last == i else None), last
            return None, last
        if not known and not self._sentence_start(i) and not _ordinary(word) and not _is_street(word):
            # "Sjors van Dongen": an unknown word only counts with a real particle, not just "de"
            surname = self._particles_then_surname(i + 1, capital_particles=False)
            if surname is not None and any(self.words[k] not in ("de", "'t", "’t") for k in range(i + 1, surname)):
                return self._emit(i, surname), surname
        return None, i

    # --- word and gap tests -------------------------------------------------------------------------

    def _sentence_start(self, i: int) -> bool:
        before = self.gaps[i]
        stripped = before.rstrip()
        if i == 0 and not stripped:
            return True
        if "\n" in before or "\r" in before:
            return True
        return bool(stripped) and stripped[-1] in _SENTENCE_END

    def _spaced(self, i: int) -> bool:
        """Word ``i`` follows word ``i - 1`` on the same line, separated by one or two spaces."""
        return 0 < i < self.count and _NAME_GAP.fullmatch(self.gaps[i]) is not None

    def _particles_then_surname(self, i: int, capital_particles: bool, after_cue: bool = False) -> int | None:
        """Index of the surname when words i.. are particles followed by a capitalised surname. Right
        after a cue the first particle may follow a period ("mw. de Vries")."""
        words, j, seen = self.words, i, 0
        while j < self.count and seen < 3 and (self._spaced(j) or after_cue and j == i):
            word = words[j]
            lowered = word.lower()
            if not capital_particles and word != lowered:
                break
            if lowered in PARTICLES or (seen == 0 and lowered in LEADING_PARTICLES and j + 1 < self.count
                                        and words[j + 1].lower() in PARTICLES):
                seen += 1
                j += 1
                continue
            break
        if not seen or not self._spaced(j):
            return None
        return j if _surname_like(words[j]) else None

    def _extend(self, i: int) -> int:
        """Last word index of the name that starts (with a given name) at word ``i``."""
        words, j = self.words, i
        while j - i < 2 and self._spaced(j + 1) and words[j + 1] in FIRST_NAMES \
                and words[j + 1] not in AMBIGUOUS_FIRST_NAMES:      # "Jan Peter", "Anne Sophie"
            j += 1
        surname = self._particles_then_surname(j + 1, capital_particles=True)
        if surname is not None:
            return surname
        if self._spaced(j + 1):
            word = words[j + 1]
            if _surname_like(word) and word.lower() not in INSTITUTION_WORDS:
                return j + 1
        return j

    def _before_institution(self, j: int) -> bool:
        if self._spaced(j + 1):
            following = self.words[j + 1]
            return following.lower() in INSTITUTION_WORDS or _capitalised(following) and _is_street(following)
        return False

    def _cue_before(self, i: int) -> bool:
        """Word ``i`` directly follows a cue ("mevrouw", "dhr.", "mijn zoon,")."""
        if i == 0:
            return False
        previous = self.words[i - 1].lower()
        if previous in RELATION_CUES and previous not in NAME_CUES:
            if not (i >= 2 and self._spaced(i - 1) and self.words[i - 2].lower() in POSSESSIVES):
                return False
        elif previous not in NAME_CUES:
            return False
        between = self.gaps[i]
        if previous in ABBREVIATED_CUES and _ABBREVIATION_GAP.match(between):
            return True
        return _CUE_GAP.match(between) is not None

    def _initials(self, i: int) -> int | None:
        """Index of the last initial when words i.. are initials ("J.", "A.B."), else None."""
        words, gaps, j = self.words, self.gaps, i
        while len(words[j]) == 1 and words[j].isupper() and gaps[j + 1].startswith("."):
            if j + 1 < self.count and gaps[j + 1] == "." and j - i < 3:
                j += 1
            else:
                return j
        return j - 1 if j > i else None

    def _after_initials(self, j: int) -> int | None:
        """Surname index after the initials that end at word ``j`` ("J. de Vries")."""
        words = self.words
        if j + 1 >= self.count or _INITIAL_GAP.fullmatch(self.gaps[j + 1]) is None:
            return None
        word = words[j + 1]
        if word.lower() in PARTICLES:
            nxt = j + 2
            while nxt < self.count and words[nxt].lower() in PARTICLES and self._spaced(nxt):
                nxt += 1
            return nxt if self._spaced(nxt) and _surname_like(words[nxt]) else None
        if len(word) > 1 and _surname_like(word):
            return j + 1
        return None

    def _emit(self, i: int, j: int, name_length: int | None = None) -> PiiMatch | None:
        """The match for words i..j (only the name part of word i when ``name_length`` is given), unless a
        protected phrase ("Anne Frank", "Sint Maarten") overlaps it."""
        start = self.offsets[2 * i + 1]
        end = self.offsets[2 * j + 2] if name_length is None or j != i else start + name_length
        index = bisect.bisect_left(self.protected_starts, end) - 1      # the last protected span starting before end
        if index >= 0 and self.protected[index][1] > start:
            return None
        return PiiMatch("name", start, end, self.text[start:end])
