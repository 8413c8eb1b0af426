"""Synthetic answer tables of any size for benchmarks (vectorised; a few relations planted)."""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np

N_SLIDERS, N_CHOICES, N_MULTI, MULTI_OPTIONS = 12, 6, 2, 5


def synthetic_form() -> dict:
    """25 questions: 12 sliders, 6 single choices, 2 multiple choices (5 options), 1 triad, plus role,
    region and period as built-in columns (3 + 12 + 6 + 2 + 1 + 1 place = 25)."""
    questions = [{"key": f"s{i}", "type": "slider", "text": f"Schuif {i}", "left": "nee", "right": "ja"} for i in range(N_SLIDERS)]
    questions += [{"key": f"c{i}", "type": "single_choice", "text": f"Keuze {i}",
                   "options": [{"key": f"o{j}", "label": f"Optie {j}"} for j in range(3 + i % 3)]} for i in range(N_CHOICES)]
    questions += [{"key": f"m{i}", "type": "multi_choice", "text": f"Meer {i}",
                   "options": [{"key": f"o{j}", "label": f"Optie {j}"} for j in range(MULTI_OPTIONS)]} for i in range(N_MULTI)]
    questions += [{"key": "t", "type": "triad", "text": "Driehoek",
                   "corners": [{"key": k, "label": k} for k in ("a", "b", "c")]}]
    questions += [{"key": "place", "type": "place", "text": "Gemeente"}]
    roles = [{"key": r, "label": r, "prompts": []} for r in ("youth", "parent", "professional")]
    return {"key": "bench", "roles": roles, "modules": [{"key": "kern", "questions": questions}]}


def synthetic_records(n: int, seed: int = 1) -> list[dict]:
    rng = np.random.default_rng(seed)
    roles = rng.choice(["parent", "professional", "youth"], size=n, p=[0.75, 0.19, 0.06])
    regions = rng.choice(["a", "b", "c", "d"], size=n)
    sliders = np.clip(rng.normal(50, 25, size=(n, N_SLIDERS)), 0, 100).round()
    sliders[:, 1] = np.clip(0.7 * sliders[:, 0] + rng.normal(15, 20, n), 0, 100).round()  # planted: s0 ~ s1
    sliders[regions == "b", 2] = np.clip(sliders[regions == "b", 2] - 15, 0, 100)  # planted: region b lower
    missing = rng.random((n, N_SLIDERS)) < 0.05
    choices = [rng.integers(0, 3 + i % 3, size=n) for i in range(N_CHOICES)]
    multi = rng.random((n, N_MULTI, MULTI_OPTIONS)) < 0.3
    triad = rng.dirichlet((2, 2, 2), size=n)
    start = date(2025, 11, 3)
    weeks = [start + timedelta(weeks=int(w)) for w in rng.integers(0, 52, size=n)]
    records = []
    for row in range(n):
        answers = {f"s{i}": float(sliders[row, i]) for i in range(N_SLIDERS) if not missing[row, i]}
        answers.update({f"c{i}": f"o{choices[i][row]}" for i in range(N_CHOICES)})
        answers.update({f"m{i}": [f"o{j}" for j in range(MULTI_OPTIONS) if multi[row, i, j]] for i in range(N_MULTI)})
        answers["t"] = triad[row].tolist()
        records.append({"public_id": f"S{row}", "role": roles[row], "region": regions[row], "week": weeks[row],
                        "answers": answers})
    return records


FIXED = ("public_id", "role", "prompt", "title", "text", "week", "channel", "language", "complete", "status", "region")


def write_synthetic_csv(path, n: int, seed: int = 1) -> None:
    """The records of :func:`synthetic_records` as a CSV export (docs/form-format.md), each story with a
    short text, published (every 50th hidden, so the status filter has work)."""
    import csv

    form = synthetic_form()
    questions = [q for m in form["modules"] for q in m["questions"]]
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(list(FIXED) + [q["key"] for q in questions])
        for i, record in enumerate(synthetic_records(n, seed)):
            answers = record["answers"]
            fixed = [record["public_id"], record["role"], "", "", f"Verhaal {i} over de hulp die we kregen.",
                     record["week"].isoformat(), "online", "nl", "1", "hidden" if i % 50 == 49 else "published",
                     record["region"]]
            cells = []
            for q in questions:
                value = answers.get(q["key"])
                if value is None:
                    cells.append("")
                elif q["type"] == "slider":
                    cells.append(f"{value:g}")
                elif q["type"] == "multi_choice":
                    cells.append(";".join(value))
                elif q["type"] == "triad":
                    cells.append(";".join(f"{share:.4f}" for share in _rounded_shares(value)))
                else:
                    cells.append(str(value))
            writer.writerow(fixed + cells)


def _rounded_shares(shares) -> list[float]:
    """Three shares rounded to 4 decimals that still sum to 1 (the last one takes the rest)."""
    first, second = round(shares[0], 4), round(shares[1], 4)
    return [first, second, round(1.0 - first - second, 4)]
