"""Dutch sentence pieces chosen by a demo story's answers, plus fillers, titles and "extra" answers.

The same voices and placeholders as :mod:`vertelpunt.demo.fragments`. A low "gehoord voelen" answer gets a
"niemand luisterde" sentence (DIMENSION), the triad's heaviest corner a sentence of its own (MATTERED),
and the outcome band picks the ending (CLOSING), so the text agrees with the answers.
"""
from __future__ import annotations

# Slider pieces: DIMENSION[question_key]["lo" | "hi"][role]. "lo" is used at or below 35, "hi" at or above 65.
DIMENSION = {
    "heard": {
        "lo": {
            "youth": ["Niemand vroeg wat ik zelf wilde. Ik voelde me niet gehoord.",
                      "Als ik iets zei, werd er geknikt en daarna ging alles gewoon door. Er werd niet naar mij geluisterd."],
            "parent": ["Ik had steeds het gevoel dat niemand echt naar ons luisterde.",
                       "Wat ik ook vertelde, het werd niet serieus genomen. Ik voelde me niet gehoord.",
                       "Ze hadden hun oordeel al klaar voordat ik iets kon zeggen. Er werd niet geluisterd."],
            "professional": ["Ik merkte dat de ouders zich niet gehoord voelden, ook niet door mij.",
                             "Achteraf denk ik dat we te weinig hebben geluisterd naar wat {kind} zelf wilde."],
        },
        "hi": {
            "youth": ["Mijn begeleider luisterde echt naar mij en nam me serieus.",
                      "Ik mocht mijn verhaal helemaal vertellen, zonder dat iemand me onderbrak."],
            "parent": ["De hulpverlener nam de tijd en luisterde echt naar ons.",
                       "Voor het eerst had ik het gevoel dat iemand ons serieus nam en echt luisterde."],
            "professional": ["We hebben eerst goed geluisterd naar wat het gezin zelf nodig had.",
                             "{Kind} zei later dat {hij} zich voor het eerst echt gehoord voelde."],
        },
    },
    "right_help": {
        "lo": {
            "youth": ["De hulp die ik kreeg paste niet bij mij.",
                      "Ik moest naar een groep, maar eigenlijk had ik iets heel anders nodig."],
            "parent": ["De hulp die we kregen paste gewoon niet bij wat {kind} nodig had.",
                       "Ze boden aan wat er toevallig beschikbaar was, niet wat {kind} nodig had."],
            "professional": ["Eerlijk gezegd was de hulp die we konden bieden niet wat dit gezin nodig had."],
        },
        "hi": {
            "youth": ["Het was echt de hulp die ik nodig had."],
            "parent": ["Er kwam precies de hulp die {kind} nodig had.", "De hulp paste echt bij ons gezin."],
            "professional": ["De hulp sloot goed aan bij wat er thuis speelde."],
        },
    },
    "on_time": {
        "lo": {
            "youth": ["Ik moest heel lang wachten, en in die tijd ging het steeds slechter met me."],
            "parent": ["We hebben maanden op een wachtlijst gestaan, en in die tijd werd het thuis alleen maar erger.",
                       "Toen de hulp eindelijk begon, was het eigenlijk al te laat."],
            "professional": ["Door de wachtlijst kon ik pas na maanden beginnen, terwijl het gezin toen al vastliep."],
        },
        "hi": {
            "youth": ["Ik kon heel snel terecht, dat had ik niet verwacht."],
            "parent": ["Binnen een week zat er iemand bij ons aan tafel.", "De hulp kwam snel, precies op het goede moment."],
            "professional": ["We konden gelukkig snel starten, nog voordat de problemen groter werden."],
        },
    },
    "clarity": {
        "lo": {
            "youth": ["Ik snapte vaak niet wat er ging gebeuren en waarom."],
            "parent": ["Niemand legde ons uit wat er ging gebeuren of waarom.",
                       "We kregen brieven vol moeilijke woorden en wisten niet wat de volgende stap was."],
            "professional": ["Voor het gezin was niet duidelijk wie wat deed, en soms voor ons ook niet."],
        },
        "hi": {
            "youth": ["Mijn begeleider legde alles uit in gewone woorden."],
            "parent": ["We wisten steeds wat de volgende stap was en waarom."],
            "professional": ["We hebben vanaf het begin duidelijke afspraken gemaakt en die samen opgeschreven."],
        },
    },
    "involved": {
        "lo": {
            "youth": ["De volwassenen beslisten alles, ik mocht niet meepraten.", "Er werd over mij gepraat, maar niet met mij."],
            "parent": ["Er werd over ons beslist zonder dat we echt mochten meepraten."],
            "professional": ["Het plan was al klaar voordat {kind} er iets over kon zeggen."],
        },
        "hi": {
            "youth": ["Ik mocht zelf meebeslissen over mijn plan."],
            "parent": ["We maakten samen een plan, en ik mocht overal over meepraten."],
            "professional": ["{Kind} heeft zelf de doelen voor het plan bedacht."],
        },
    },
    "network": {
        "lo": {
            "youth": ["Mijn vrienden en mijn oma werden er helemaal buiten gehouden."],
            "parent": ["Opa en oma wilden graag helpen, maar daar werd niets mee gedaan."],
            "professional": ["Het netwerk van het gezin hebben we te weinig betrokken."],
        },
        "hi": {
            "youth": ["Mijn mentor van school was er ook bij, dat vond ik fijn."],
            "parent": ["Ook {de_school} en mijn zus werden erbij gehaald, dat hielp veel."],
            "professional": ["We hebben de familie en {de_school} vanaf het begin meegenomen."],
        },
    },
    "click": {
        "lo": {
            "youth": ["Ik had geen klik met mijn begeleider en durfde niks te zeggen."],
            "parent": ["Er was geen klik met de hulpverlener, en dat merkte {kind} ook."],
            "professional": ["Ik merkte dat er geen klik was tussen {kind} en mij."],
        },
        "hi": {
            "youth": ["Met mijn begeleider had ik meteen een klik."],
            "parent": ["{Kind} had meteen een klik met de hulpverlener."],
            "professional": ["Er was een goede klik, en daardoor durfde {kind} veel te vertellen."],
        },
    },
}

# Pieces that cannot stand in one text: they say opposite things about the same experience (being listened
# to, taking part, daring to speak, having things explained, who helped). Sliders are drawn apart, so a story can
# answer "not heard" and "fully involved"; its text then keeps the first piece of the pair (the "heard" piece
# comes first, being the heart of most stories) and leaves the other out (issue 19.3).
CONTRADICTING = (
    (("heard", "lo"), ("involved", "hi")),
    (("heard", "hi"), ("involved", "lo")),
    (("heard", "lo"), ("click", "hi")),
    (("heard", "hi"), ("click", "lo")),
    (("involved", "hi"), ("click", "lo")),
    (("clarity", "hi"), ("mattered", "rules")),
    (("right_help", "hi"), ("mattered", "family")),
)

# The corner of the "mattered" triad that got the most weight (used when it is above 0.5).
MATTERED = {
    "worker": {
        "youth": ["Het ging er vooral om wie mijn begeleider was."],
        "parent": ["Wat het meest telde, was de persoon van de hulpverlener.",
                   "Het hangt allemaal af van welke hulpverlener je treft."],
        "professional": ["Achteraf maakte vooral de hulpverlener het verschil, meer dan de methode."],
    },
    "rules": {
        "youth": ["Alles ging volgens regels die niemand mij uitlegde."],
        "parent": ["Alles draaide om regels, formulieren en wie er moest betalen.",
                   "Het leek belangrijker dat de papieren klopten dan dat {kind} geholpen werd."],
        "professional": ["De regels en de indicatie bepaalden meer dan wat het gezin nodig had.",
                         "Ik liep steeds vast op regels, contracten en formulieren."],
    },
    "family": {
        "youth": ["Eigenlijk hebben we het thuis vooral zelf opgelost."],
        "parent": ["Uiteindelijk hebben we het vooral zelf gedaan, als gezin."],
        "professional": ["Het gezin zelf had de meeste kracht; wij hoefden vooral naast ze te staan."],
    },
}

FEELING = {
    "youth": ["Ik voelde me vooral {gevoel}."],
    "parent": ["Als ouder voelde ik me vooral {gevoel}.", "Ik was vooral {gevoel}."],
    "professional": ["Ik voelde me als hulpverlener vooral {gevoel}."],
}

# Endings by outcome band: very_neg < 15 <= neg < 40 <= mid < 60 <= pos < 85 <= very_pos.
CLOSING = {
    "very_neg": {
        "youth": ["Het heeft me meer kapotgemaakt dan geholpen.", "Ik vertrouw hulpverleners nu niet meer."],
        "parent": ["Het heeft ons gezin veel kapotgemaakt. Ik ben er nog steeds boos en verdrietig over.",
                   "{Kind} is er slechter aan toe dan voor de hulp. Dat had nooit zo mogen gaan."],
        "professional": ["Het is slecht afgelopen voor dit gezin, en dat blijft me achtervolgen.",
                         "Ik schaam me er eerlijk gezegd voor hoe het systeem dit gezin heeft behandeld."],
    },
    "neg": {
        "youth": ["Ik ben er niet beter van geworden."],
        "parent": ["Het heeft ons niet verder geholpen, eerder het omgekeerde.", "We zijn teleurgesteld in hoe het ging."],
        "professional": ["Voor het gezin pakte het niet goed uit, en daar ben ik teleurgesteld over."],
    },
    "mid": {
        "youth": ["Het was niet heel goed en niet heel slecht."],
        "parent": ["Er ging iets goed en iets niet goed, het is niet zwart-wit.",
                   "Het is nog te vroeg om te zeggen of het echt helpt."],
        "professional": ["Het resultaat is gemengd: sommige dingen zijn beter, andere niet."],
    },
    "pos": {
        "youth": ["Het gaat nu beter met me."],
        "parent": ["Het gaat nu een stuk beter met {kind}.", "We zijn er als gezin beter van geworden."],
        "professional": ["Het gezin staat er nu sterker voor."],
    },
    "very_pos": {
        "youth": ["Ik ben er echt sterker van geworden, en ik ben trots op mezelf."],
        "parent": ["{Kind} lacht weer en gaat met plezier {naar_school}. Ik ben zo dankbaar.",
                   "Dit heeft ons gezin echt gered. Ik ben heel dankbaar."],
        "professional": ["Dit is waarom ik dit werk doe: het gezin redt het nu zelf.",
                         "{Kind} doet het nu goed, en het gezin is trots op wat ze bereikt hebben."],
    },
}

# Added when a text is still short; neutral in tone.
FILLER = {
    "youth": ["Ik deel dit omdat ik hoop dat het voor andere jongeren beter wordt.",
              "Ik vond het best moeilijk om dit op te schrijven.",
              "Ik hoop dat hulpverleners dit lezen."],
    "parent": ["Ik deel dit omdat ik hoop dat andere ouders er iets aan hebben.",
               "Ik schrijf dit op omdat ik denk dat ervaringen van ouders ertoe doen.",
               "Er is veel meer te vertellen, maar dit is wat me het meest is bijgebleven."],
    "professional": ["Ik deel dit omdat ik denk dat we hier als veld van kunnen leren.",
                     "Zulke verhalen zie ik vaker in mijn werk.",
                     "Ik hoop dat we hier met collega's en de gemeente over in gesprek gaan."],
}

# Short titles by theme; themes are the pieces used in the text.
TITLES = {
    ("heard", "lo"): ["Niemand luisterde", "Niet gehoord", "Praat met ons, niet over ons"],
    ("heard", "hi"): ["Eindelijk gehoord", "Iemand die luisterde", "Serieus genomen"],
    ("on_time", "lo"): ["Te lang gewacht", "Maanden op een wachtlijst", "Te laat"],
    ("on_time", "hi"): ["Snel geholpen", "Precies op tijd"],
    ("clarity", "lo"): ["Niemand legde het uit", "Wat gebeurt er nu?"],
    ("clarity", "hi"): ["Eindelijk duidelijkheid", "Stap voor stap"],
    ("involved", "lo"): ["Over ons, zonder ons", "Er werd voor ons beslist"],
    ("involved", "hi"): ["Samen een plan", "Ik mocht meebeslissen"],
    ("right_help", "lo"): ["Niet de hulp die nodig was", "Verkeerde hulp"],
    ("right_help", "hi"): ["De juiste hulp", "Hulp die paste"],
    ("network", "lo"): ["Familie aan de kant"],
    ("network", "hi"): ["Met de hele familie"],
    ("click", "lo"): ["Geen klik"],
    ("click", "hi"): ["Een klik", "Meteen een klik"],
    ("mattered", "rules"): ["Regels boven mensen", "Verdwaald in de regels"],
    ("mattered", "worker"): ["Die ene hulpverlener", "Het hangt af van wie je treft"],
    ("mattered", "family"): ["Samen sterk", "Zelf gedaan"],
    ("outcome", "very_neg"): ["Een nachtmerrie", "Nooit meer zo", "Kapot"],
    ("outcome", "neg"): ["Teleurgesteld", "Een moeilijke tijd"],
    ("outcome", "mid"): ["Niet zwart-wit", "Een lange weg"],
    ("outcome", "pos"): ["Het gaat beter", "Een goede stap"],
    ("outcome", "very_pos"): ["Het gaat weer goed", "Dankbaar", "Weer lachen"],
}
TITLES_YOUTH = {
    ("involved", "lo"): ["Over mij, zonder mij", "Niemand vroeg het mij"],
    ("involved", "hi"): ["Mijn eigen plan"],
    ("heard", "lo"): ["Niemand luisterde naar mij", "Niet gehoord"],
}

# Short answers to the optional "extra" text question about sharing.
EXTRA = [
    "Fijn dat dit kan.",
    "Ik hoop dat er echt iets mee gebeurt.",
    "Het was lastig om op te schrijven, maar het lucht op.",
    "Goed dat er naar ons geluisterd wordt.",
    "Ik ben benieuwd wat jullie ermee doen.",
    "De vragen waren wel veel.",
    "Kort en duidelijk, prima zo.",
]
