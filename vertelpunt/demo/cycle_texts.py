"""What the people in the demo's cycle write: card interpretations, session notes, proposals.

Kept apart from :mod:`vertelpunt.demo.cycle`, which only puts them through the services. The cards follow the
five planted relations of docs/demo-data.md (keys as the scan names them); every card has two interpretations
that pull in opposite directions, as a real analyst would write them to keep a session from settling on the
first explanation. Notes and proposals name no person or organisation, like the demo's stories.
"""
from __future__ import annotations

#: Cards of the project-wide scan, by pattern key, in the order they go onto the session's tables.
CARD_TEXTS: dict[str, dict[str, str]] = {
    "outcome|heard": {
        "title": "Wie zich niet gehoord voelt, vindt ook dat het slecht afliep",
        "interpretation_a": "Gehoord worden maakt de hulp beter: wie meepraat, krijgt hulp die past, en dan loopt "
                            "het beter af.",
        "interpretation_b": "Het werkt ook andersom: wie op een slechte afloop terugkijkt, herinnert zich vooral "
                            "de gesprekken waarin niemand luisterde.",
    },
    "on_time|region": {
        "title": "In Twente komt de hulp vaker te laat",
        "interpretation_a": "In Twente zijn de wachtlijsten langer, dus de hulp begint echt later.",
        "interpretation_b": "In Twente zijn de verwachtingen anders: gezinnen weten daar minder goed hoe lang het "
                            "normaal duurt en vinden het sneller te laat.",
    },
    "involved|role": {
        "title": "Jongeren voelen zich minder betrokken bij beslissingen dan ouders",
        "interpretation_a": "Jongeren worden minder vaak gevraagd: professionals praten vooral met de ouders.",
        "interpretation_b": "Jongeren worden wel gevraagd, maar merken niet dat hun mening iets verandert; ouders "
                            "zien het besluit wel terug.",
    },
    "mattered.rules|help_type=ots": {
        "title": "Bij een OTS gaat het verhaal vooral over regels en de organisatie",
        "interpretation_a": "Bij een ondertoezichtstelling bepalen regels en procedures echt meer, en dat voelen "
                            "gezinnen.",
        "interpretation_b": "De hulpverlener doet er net zo veel toe, maar wie gedwongen hulp krijgt, vertelt "
                            "liever over het systeem dan over de persoon.",
    },
    "help_type=jeugd_ggz|moment": {
        "title": "Verhalen over jeugd-ggz gaan vaak over wachten",
        "interpretation_a": "In de jeugd-ggz is de wachttijd het grootste probleem: dat is het moment dat blijft "
                            "hangen.",
        "interpretation_b": "De behandeling zelf gaat goed; wachten is het enige wat mensen het vertellen waard "
                            "vinden, omdat de rest normaal voelt.",
    },
}

#: The card of a scan limited to one region (a regional card, next to the project-wide ones).
REGION_CARD: dict[str, str] = {
    "region": "twente",
    "key": "outcome|heard",
    "title": "Twente: wie niet gehoord wordt, is ook minder tevreden over de afloop",
    "interpretation_a": "Ook in Twente maakt luisteren het verschil: hier kan de regio zelf iets aan doen.",
    "interpretation_b": "In Twente speelt vooral de lange wachttijd: wie lang wacht, voelt zich niet gehoord en is "
                        "ontevreden, zonder dat het een door het ander komt.",
}

SESSION: dict = {
    "name": "Duidingssessie Twente, november 2026",
    "held_on": "2026-11-05",
    "place": "Enschede",
    "region": "twente",
    "tables": [
        {"name": "Tafel 1", "perspectives": "jongeren, ouders en een wijkteam",
         "people": ["Deelnemer A", "Deelnemer B", "Deelnemer C"],
         "clusters": ["Niemand vertelt hoe lang het duurt", "Jongeren aan tafel bij het besluit"],
         "votes": [("Deelnemer A", "Niemand vertelt hoe lang het duurt"),
                   ("Deelnemer B", "Niemand vertelt hoe lang het duurt"),
                   ("Deelnemer C", "Niemand vertelt hoe lang het duurt"),
                   ("Deelnemer C", "Jongeren aan tafel bij het besluit")]},
        {"name": "Tafel 2", "perspectives": "professionals en beleid",
         "people": ["Deelnemer D", "Deelnemer E"],
         "clusters": ["Gedwongen hulp uitleggen", "Wachten in de ggz overbruggen", "Een vaste contactpersoon"],
         "votes": [("Deelnemer D", "Wachten in de ggz overbruggen"),
                   ("Deelnemer E", "Wachten in de ggz overbruggen"),
                   ("Deelnemer E", "Gedwongen hulp uitleggen"),
                   ("Deelnemer D", "Een vaste contactpersoon")]},
    ],
}

#: Notes per table: kind (verbazing, zorg, kans, idee), who wrote it, the card it is about (its place on the
#: table), and the cluster the facilitator moved it into.
NOTES: dict[str, list[dict]] = {
    "Tafel 1": [
        {"kind": "verbazing", "by": "Deelnemer A", "card": 1, "cluster": "Niemand vertelt hoe lang het duurt",
         "text": "Ouders horen pas na weken dat er een wachtlijst is"},
        {"kind": "zorg", "by": "Deelnemer B", "card": 1, "cluster": "Niemand vertelt hoe lang het duurt",
         "text": "Kinderen raken in de wachttijd verder achter op school"},
        {"kind": "idee", "by": "Deelnemer C", "card": 1, "cluster": "Niemand vertelt hoe lang het duurt",
         "text": "elke maand een bericht sturen over waar je op de wachtlijst staat",
         "goal": "gezinnen weten waar ze aan toe zijn"},
        {"kind": "verbazing", "by": "Deelnemer C", "card": 2, "cluster": "Jongeren aan tafel bij het besluit",
         "text": "Jongeren zitten vaak niet bij het gesprek waarin besloten wordt"},
        {"kind": "kans", "by": "Deelnemer A", "card": 2, "cluster": "Jongeren aan tafel bij het besluit",
         "text": "Een jongerenraad in de regio kan meekijken naar hoe gesprekken gaan"},
        {"kind": "idee", "by": "Deelnemer B", "card": 2, "cluster": "Jongeren aan tafel bij het besluit",
         "text": "de jongere zelf laten kiezen waar en wanneer het gesprek is",
         "goal": "jongeren zich echt betrokken voelen"},
        {"kind": "zorg", "by": "Deelnemer A", "card": 0,
         "text": "Als niemand luistert, haken gezinnen af en komen ze later terug met grotere problemen"},
    ],
    "Tafel 2": [
        {"kind": "verbazing", "by": "Deelnemer D", "card": 0, "cluster": "Gedwongen hulp uitleggen",
         "text": "Gezinnen met een OTS weten vaak niet welke regels waarom gelden"},
        {"kind": "idee", "by": "Deelnemer E", "card": 0, "cluster": "Gedwongen hulp uitleggen",
         "text": "een korte uitleg in gewone taal maken over wat een OTS betekent",
         "goal": "ouders en jongeren begrijpen wat er gebeurt"},
        {"kind": "zorg", "by": "Deelnemer E", "card": 1, "cluster": "Wachten in de ggz overbruggen",
         "text": "In de wachttijd voor de ggz krijgt een kind soms helemaal niets"},
        {"kind": "kans", "by": "Deelnemer D", "card": 1, "cluster": "Wachten in de ggz overbruggen",
         "text": "Het wijkteam kan in de wachttijd al lichte steun bieden"},
        {"kind": "idee", "by": "Deelnemer D", "card": 1, "cluster": "Wachten in de ggz overbruggen",
         "text": "overbruggingshulp door het wijkteam aanbieden vanaf de aanmelding",
         "goal": "niemand maanden zonder steun zit"},
        {"kind": "kans", "by": "Deelnemer E", "card": 2, "cluster": "Een vaste contactpersoon",
         "text": "Met één vast aanspreekpunt hoeven gezinnen hun verhaal niet steeds opnieuw te doen"},
        {"kind": "idee", "by": "Deelnemer E", "card": 2, "cluster": "Een vaste contactpersoon",
         "text": "elk gezin één vaste contactpersoon geven zolang de hulp loopt",
         "goal": "er altijd iemand is die het verhaal kent"},
    ],
}

#: One proposal per cluster, each with the road it took after the session: ("status", new status[, reason])
#: or ("update", date, text). Dates lie between the session and 2026-12-01. ``measure`` is the re-measurement
#: plan (questions with direction, start date, regions).
PROPOSALS: list[dict] = [
    {"cluster": "Niemand vertelt hoe lang het duurt", "title": "Maandelijks bericht over de wachttijd",
     "solution": "Elk gezin op een wachtlijst krijgt elke maand een bericht: waar het staat en wat het in de "
                 "tussentijd kan doen. In Twente loopt dit sinds mei 2026 als proef; nu wordt het vast.",
     # Planted relation 6 of the generator: clarity in Twente rises from the week of 2026-05-04 on.
     "measure": {"questions": [("clarity", "higher")], "starts_on": "2026-05-04", "regions": ["twente"]},
     "owner": "Teamleider toegang", "organisation": "Gemeente Enschede", "due_on": "2027-02-01",
     "road": [("status", "chosen"), ("status", "in_progress"),
              ("update", "2026-11-13", "De tekst van het bericht is klaar en getest met vijf ouders."),
              ("update", "2026-11-27", "Sinds deze week krijgen alle gezinnen op de wachtlijst het bericht."),
              ("status", "realised")]},
    {"cluster": "Wachten in de ggz overbruggen", "title": "Overbruggingshulp door het wijkteam",
     "solution": "Het wijkteam biedt vanaf de aanmelding lichte steun tot de behandeling in de ggz begint.",
     "owner": "Coördinator wijkteams", "organisation": "Regio Twente", "due_on": "2026-11-30",
     # Nothing planted: the stories since show no clear change (the demo's re-measurement without an effect).
     "measure": {"questions": [("on_time", "higher")], "starts_on": "2026-05-04", "regions": ["twente"]},
     "road": [("status", "chosen"),
              ("update", "2026-11-20", "Twee wijkteams doen mee; de afspraken met de ggz-aanbieders lopen nog.")]},
    {"cluster": "Gedwongen hulp uitleggen", "title": "Uitleg over een OTS in gewone taal",
     "solution": "Een korte uitleg, op papier en als filmpje, over wat een ondertoezichtstelling betekent en "
                 "welke regels gelden.",
     "owner": "Beleidsmedewerker jeugdbescherming", "organisation": "Regio Twente", "due_on": "2027-04-01",
     "plan": {"tasks": [("Tekst schrijven met ouders en jongeren", "Beleidsmedewerker jeugdbescherming", "2026-11-20",
                         "2026-11-19"),
                        ("Filmpje laten maken", "Communicatieadviseur", "2027-02-01", None),
                        ("Uitleg meegeven bij elke nieuwe OTS", "Teamleider jeugdbescherming", "2027-04-01", None)],
              "conditions": [("budget", "Geld voor het filmpje", True),
                             ("decision", "De gecertificeerde instelling gebruikt de uitleg", False)],
              "every_weeks": 8},
     "road": [("status", "chosen"), ("status", "in_progress"),
              ("update", "2026-11-25", "Een eerste versie ligt bij een groep ouders en jongeren ter beoordeling.")]},
    {"cluster": "Jongeren aan tafel bij het besluit", "title": "Jongeren kiezen zelf plek en tijd van het gesprek",
     "solution": "De jongere kiest waar en wanneer het gesprek over een besluit plaatsvindt.",
     "owner": "Teamleider jeugdhulp", "organisation": "Regio Twente", "due_on": "2027-06-01",
     "road": []},
    {"cluster": "Een vaste contactpersoon", "title": "Eén vaste contactpersoon per gezin",
     "solution": "Elk gezin krijgt één vaste contactpersoon zolang de hulp loopt.",
     "owner": "Regiomanager", "organisation": "Regio Twente", "due_on": "2027-03-01",
     "road": [("status", "rejected", ("Dit kost meer mensen dan de regio nu heeft. De regio bekijkt in 2027 of "
                                      "het past binnen het nieuwe contract met de aanbieders."))]},
]
