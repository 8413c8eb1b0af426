"""Dutch sentence pieces the demo generator builds story texts from: who tells, which help, where and when.

The pieces picked by the answers themselves (sliders, the triad, the outcome's ending), the titles and
the short "extra" answers are in :mod:`vertelpunt.demo.answer_fragments`.

Every piece is written for one voice: ``youth`` (ik), ``parent`` (ik/we about "mijn zoon/dochter") or
``professional`` (ik as worker, about "de jongere/het gezin"). Pieces are picked from the story's answers,
so the text agrees with them: a low "gehoord voelen" answer gets a "niemand luisterde" sentence, a very
positive outcome a hopeful ending. All text is invented; it names no people or organisations.

Placeholders (filled by :func:`vertelpunt.demo.generator.generate_stories`):
``{kind}``/``{Kind}`` the child ("mijn dochter", "de jongere"), ``{hij}``/``{Hij}``, ``{hem}``, ``{zijn}``
pronouns, ``{van_leeftijd}`` (" van 14" or ""), ``{in_gemeente}`` (" in Enschede" or ""), ``{gemeente}``,
``{stad}`` (the region's central city), ``{regio}``, ``{hulp}``, ``{hulp2}``, ``{gevoel}``, ``{werkplek}``,
and ``{op_school}``/``{naar_school}``/``{de_school}`` ("op school" or, for small children, "op de opvang").
"""
from __future__ import annotations

ROLES = ("youth", "parent", "professional")

# How a kind of help is named inside a sentence ("... kreeg hulp van {hulp}").
HELP_NAME = {
    "wijkteam": "het wijkteam",
    "jeugdhulp": "de jeugdhulp",
    "jeugd_ggz": "de jeugd-ggz",
    "ots": "de jeugdbescherming",
    "voogdij": "de jeugdbescherming",
    "uithuisplaatsing": "de jeugdhulp",
    "pleegzorg": "de pleegzorg",
    "verblijf": "een instelling",
    "jeugdreclassering": "de jeugdreclassering",
    "anders": "een hulpverlener",
}

# Where a professional works (answer to org_type), for "Ik werk {werkplek}".
WORKPLACE = {
    "wijkteam": "in een wijkteam",
    "aanbieder": "bij een jeugdhulpaanbieder",
    "ggz": "in de jeugd-ggz",
    "gi": "bij een gecertificeerde instelling voor jeugdbescherming",
    "onderwijs": "op een school, als zorgcoördinator",
    "zorg": "in de jeugdgezondheidszorg",
    "gemeente": "bij de gemeente, in het team jeugd",
    "anders": "met kinderen en gezinnen",
    None: "al jaren met kinderen en gezinnen",
}

FEELING_WORD = {
    "blij": "blij",
    "opgelucht": "opgelucht",
    "trots": "trots",
    "onzeker": "onzeker",
    "verdrietig": "verdrietig",
    "boos": "boos",
    "machteloos": "machteloos",
}

OPENING = {
    "youth": [
        "Ik ben {leeftijd} jaar en ik kreeg hulp van {hulp}.",
        "Ik wil iets vertellen over mijn tijd met {hulp}. Ik ben nu {leeftijd}.",
        "Toen het thuis en op school niet meer ging, kreeg ik hulp van {hulp}. Ik ben {leeftijd}.",
    ],
    "youth_no_age": [
        "Ik kreeg een tijd hulp van {hulp}.",
        "Ik wil iets vertellen over mijn ervaring met {hulp}.",
    ],
    "parent": [
        "{Kind}{van_leeftijd} kreeg hulp van {hulp}.",
        "Ons gezin kreeg te maken met {hulp}, vooral voor {kind}{van_leeftijd}.",
        "Dit is ons verhaal over {kind}{van_leeftijd} en {hulp}.",
        "Een tijd geleden liep het thuis vast met {kind}{van_leeftijd}. Zo kwamen we bij {hulp} terecht.",
    ],
    "professional": [
        "Ik werk {werkplek}{in_gemeente}. Dit gaat over {kind}{van_leeftijd} en {zijn} gezin.",
        "Als professional werk ik {werkplek}. Ik wil iets vertellen over {kind}{van_leeftijd} die ik begeleidde.",
        "Ik werk {werkplek}. Een tijd terug kwam er een nieuw gezin bij mij. Dit gaat over {kind}{van_leeftijd} uit dat gezin.",
    ],
}

HELP_DETAIL = {
    "wijkteam": {
        "youth": ["Iemand van het wijkteam kwam bij ons thuis om te praten."],
        "parent": ["We klopten eerst aan bij het wijkteam{in_gemeente}.",
                   "De huisarts stuurde ons door naar het wijkteam{in_gemeente}."],
        "professional": ["Het gezin kwam bij het wijkteam binnen via de huisarts."],
    },
    "jeugdhulp": {
        "youth": ["Ik had elke week een afspraak met een begeleider."],
        "parent": ["Er kwam een hulpverlener bij ons thuis om te helpen met de opvoeding."],
        "professional": ["Ik begeleidde het gezin thuis, een keer per week."],
    },
    "jeugd_ggz": {
        "youth": ["Ik had veel last van angst en somberheid en kon soms niet naar school."],
        "parent": ["{Hij} had al lang last van angst en somberheid, en de huisarts verwees ons door.",
                   "{Op_school} ging het steeds slechter, en uiteindelijk kwam er een verwijzing naar de jeugd-ggz."],
        "professional": ["{Kind} had veel last van somberheid en werd doorverwezen naar de jeugd-ggz."],
    },
    "ots": {
        "youth": ["Sinds de rechter een ondertoezichtstelling uitsprak, heb ik een jeugdbeschermer."],
        "parent": ["De kinderrechter sprak een ondertoezichtstelling uit. Sinds die tijd hebben we een jeugdbeschermer."],
        "professional": ["Er liep een ondertoezichtstelling, dus de jeugdbescherming was ook betrokken."],
    },
    "voogdij": {
        "youth": ["Ik heb een voogd, omdat mijn ouders niet meer voor mij konden zorgen."],
        "parent": ["Wij hebben het gezag niet meer. Een voogd neemt nu de beslissingen over {kind}."],
        "professional": ["{Kind} heeft een voogd, omdat de ouders het gezag kwijt zijn."],
    },
    "uithuisplaatsing": {
        "youth": ["Ik woon niet meer thuis, want ik ben uit huis geplaatst."],
        "parent": ["{Kind} werd uit huis geplaatst en woont nu ergens anders."],
        "professional": ["Uiteindelijk werd {kind} uit huis geplaatst."],
    },
    "pleegzorg": {
        "youth": ["Ik woon nu in een pleeggezin."],
        "parent": ["{Kind} woont nu in een pleeggezin."],
        "professional": ["{Kind} woont in een pleeggezin, en ik had contact met beide gezinnen."],
    },
    "verblijf": {
        "youth": ["Ik woon in een groep met andere jongeren."],
        "parent": ["{Kind} woont nu op een groep van een instelling."],
        "professional": ["{Kind} woont op een leefgroep."],
    },
    "jeugdreclassering": {
        "youth": ["Ik kreeg jeugdreclassering nadat ik met de politie in aanraking was gekomen."],
        "parent": ["Nadat {hij} in de problemen kwam met de politie, kreeg {hij} jeugdreclassering."],
        "professional": ["{Kind} had jeugdreclassering na een delict."],
    },
    "anders": {
        "youth": ["Het ging om hulp die je niet zo snel in een lijstje vindt."],
        "parent": ["Het ging om hulp die niet in een hokje past."],
        "professional": ["Het ging om een vorm van hulp die niet in een standaard hokje past."],
    },
}

# For children under six the jeugd-ggz piece talks about a small child.
HELP_DETAIL_YOUNG = {
    "jeugd_ggz": {
        "parent": ["{Hij} sliep slecht en had veel driftbuien. We wisten niet meer wat we moesten doen, en de "
                   "huisarts verwees ons door."],
        "professional": ["{Kind} was een heel onrustig kind, en het consultatiebureau verwees door naar de jeugd-ggz."],
    },
}

SECOND_HELP = {
    "youth": ["Ook {hulp2} was erbij betrokken."],
    "parent": ["Daarnaast hadden we ook te maken met {hulp2}.", "Later kwam daar {hulp2} nog bij."],
    "professional": ["Ook {hulp2} was betrokken."],
}

PLACE = {
    "youth": ["Ik woon in {gemeente}."],
    "parent": ["We wonen in {gemeente}.", "Ons gezin woont in {gemeente}, in de regio {regio}."],
    "professional": ["Het gezin woont in {gemeente}.", "Ik werk in de regio {regio}, en dit gezin woont in {gemeente}."],
}

# Only when the story's gemeente is not the region's central city and the help is specialised.
TRAVEL = {
    "youth": ["Voor elke afspraak moest ik helemaal naar {stad}."],
    "parent": ["Voor elke afspraak moesten we naar {stad} rijden.", "De behandeling was in {stad}, dus we waren veel onderweg."],
    "professional": ["Voor de behandeling moest het gezin steeds naar {stad}."],
}

MOMENT = {
    "zoeken": {
        "youth": ["Eerst wist ik niet bij wie ik terecht kon.", "Mijn mentor op school zei dat ik hulp kon vragen."],
        "parent": ["Het begon met zoeken. Ik belde van de ene plek naar de andere voordat ik wist waar ik moest zijn.",
                   "Eerst wisten we niet bij wie we moesten aankloppen."],
        "professional": ["Het gezin had al een hele zoektocht achter de rug toen ze bij mij kwamen."],
    },
    "wachten": {
        "youth": ["Mijn verhaal gaat over de tijd tussen de aanmelding en de eerste afspraak."],
        "parent": ["Mijn verhaal gaat vooral over de periode tussen aanmelden en de eerste afspraak.",
                   "Na de aanmelding begon het wachten op een plek."],
        "professional": ["Dit gaat over de tijd tussen de aanmelding en de start van de hulp."],
    },
    "start": {
        "youth": ["Het eerste gesprek weet ik nog goed."],
        "parent": ["Ik weet de eerste afspraak nog precies.", "Het gaat vooral over de eerste gesprekken."],
        "professional": ["Het gaat over het eerste gesprek met het gezin."],
    },
    "tijdens": {
        "youth": ["Dit gebeurde toen ik al een tijd hulp had."],
        "parent": ["Dit speelde midden in de hulp, toen we al maanden bezig waren."],
        "professional": ["Dit speelde toen we al een tijd met het gezin aan de slag waren."],
    },
    "beslissing": {
        "youth": ["Er werd een grote beslissing over mij genomen."],
        "parent": ["Op een dag moest er een grote beslissing genomen worden over {kind}."],
        "professional": ["Er moest een belangrijke beslissing worden genomen over de volgende stap voor {kind}."],
    },
    "crisis": {
        "youth": ["Op een avond ging het echt niet meer met mij."],
        "parent": ["Op een avond ging het thuis helemaal mis en hadden we meteen hulp nodig."],
        "professional": ["Ik werd op een vrijdagmiddag gebeld omdat het thuis uit de hand was gelopen."],
    },
    "wissel": {
        "youth": ["Ik kreeg weer een nieuwe begeleider, de derde in een jaar."],
        "parent": ["Halverwege kregen we een nieuwe hulpverlener, en moesten we alles opnieuw vertellen."],
        "professional": ["Ik nam het gezin over van een collega die wegging."],
    },
    "einde": {
        "youth": ["Mijn begeleiding is net gestopt."],
        "parent": ["De hulp is inmiddels afgesloten."],
        "professional": ["Onlangs hebben we de hulp afgesloten."],
    },
    "anders": {
        "youth": ["Het is een verhaal over een heel gewoon moment."],
        "parent": ["Het is geen bijzonder moment, maar het zegt veel over hoe het ging."],
        "professional": ["Het is een klein moment, maar het zegt veel."],
    },
}
