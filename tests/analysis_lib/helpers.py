"""A small hand-made form and planted records for the analysis library tests (no vertelpunt imports)."""
import numpy as np

from analysis.data import AnswerTable

FORM = {
    "key": "test",
    "roles": [{"key": "youth", "label": "Jongere"}, {"key": "parent", "label": "Ouder"}],
    "modules": [{"key": "m", "questions": [
        {"key": "outcome", "type": "slider", "text": "Dit was voor het gezin", "left": "zeer negatief", "right": "zeer positief"},
        {"key": "heard", "type": "slider", "text": "Ik voelde me gehoord", "left": "helemaal niet", "right": "helemaal wel"},
        {"key": "moment", "type": "single_choice", "text": "Wanneer speelde dit?", "options": [
            {"key": "wachten", "label": "Wachten"}, {"key": "tijdens", "label": "Tijdens de hulp"},
            {"key": "einde", "label": "Het einde"}]},
        {"key": "help_type", "type": "multi_choice", "text": "Welke hulp?", "options": [
            {"key": "wijkteam", "label": "Wijkteam"}, {"key": "ggz", "label": "Jeugd-ggz"}]},
        {"key": "mattered", "type": "triad", "text": "Wat maakte het verschil?", "corners": [
            {"key": "worker", "label": "De hulpverlener"}, {"key": "rules", "label": "De regels"},
            {"key": "family", "label": "Het gezin"}]},
    ]}],
}

GOOD = ("De hulpverlener luisterde echt goed naar ons verhaal. We kregen snel een afspraak en duidelijke uitleg. "
        "Mijn moeder voelde zich eindelijk serieus genomen door het team.")
BAD = ("Niemand luisterde naar wat wij zeiden over de situatie. Het wachten duurde maanden zonder enig bericht. "
       "De brieven waren onduidelijk en de hulpverlener wisselde steeds.")


def planted_records(n: int = 200, seed: int = 1) -> list[dict]:
    """Planted: 'heard' rises with 'outcome'; 'outcome' is lower while waiting ('moment' = wachten, always
    told by parents); 'help_type' Jeugd-ggz only in Groningen. Stories about good help when outcome >= 50."""
    rng = np.random.default_rng(seed)
    records = []
    for i in range(n):
        outcome = float(rng.integers(0, 61) if i % 3 == 0 else rng.integers(20, 101))
        heard = float(np.clip(outcome + rng.normal(0, 12), 0, 100))
        good = outcome >= 50
        shares = rng.dirichlet([2, 1, 1])
        records.append({
            "public_id": f"V{i:04d}", "role": "youth" if i % 3 else "parent", "region": "twente" if i % 2 else "groningen",
            "week": "2026-03-02" if i % 4 else "2026-05-04",
            "text": (GOOD if good else BAD) + f" Verhaal nummer {i} gaat verder.",
            "answers": {"outcome": outcome, "heard": round(heard), "moment": ["wachten", "tijdens", "einde"][i % 3],
                        "help_type": ["wijkteam"] if i % 2 else ["wijkteam", "ggz"],
                        "mattered": shares.tolist()},
        })
    return records


def planted_table(n: int = 200, seed: int = 1) -> AnswerTable:
    return AnswerTable.from_records(FORM, planted_records(n, seed))
