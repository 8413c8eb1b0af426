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
    """A CSV export (docs/form-format.md) of ``n`` synthetic stories, made with numpy and pandas (fast
    enough for a million): the same distributions and planted relations as :func:`synthetic_records`, a
    short text each, published (every 50th hidden, so the status filter has work), 5% of sliders n.v.t.
    only in ``s11`` (an n.v.t. column of its own)."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    roles = rng.choice(["parent", "professional", "youth"], size=n, p=[0.75, 0.19, 0.06])
    regions = rng.choice(["a", "b", "c", "d"], size=n)
    sliders = np.clip(rng.normal(50, 25, size=(n, N_SLIDERS)), 0, 100).round()
    sliders[:, 1] = np.clip(0.7 * sliders[:, 0] + rng.normal(15, 20, n), 0, 100).round()
    sliders[regions == "b", 2] = np.clip(sliders[regions == "b", 2] - 15, 0, 100)
    missing = rng.random((n, N_SLIDERS)) < 0.05
    frame = {"public_id": np.char.add("S", np.arange(n).astype(str)), "role": roles, "prompt": "", "title": "",
             "text": np.char.add("Verhaal over de hulp die we kregen, nummer ", np.arange(n).astype(str)),
             "week": (np.datetime64("2025-11-03") + 7 * rng.integers(0, 52, size=n)).astype(str),
             "channel": "online", "language": "nl", "complete": "1",
             "status": np.where(np.arange(n) % 50 == 49, "hidden", "published"), "region": regions}
    for i in range(N_SLIDERS):
        cells = sliders[:, i].astype(int).astype(str).astype(object)
        cells[missing[:, i]] = "nvt" if i == N_SLIDERS - 1 else ""
        frame[f"s{i}"] = cells
    for i in range(N_CHOICES):
        frame[f"c{i}"] = np.char.add("o", rng.integers(0, 3 + i % 3, size=n).astype(str))
    for i in range(N_MULTI):
        chosen = rng.random((n, MULTI_OPTIONS)) < 0.3
        cells = np.full(n, "", dtype=object)
        for j in range(MULTI_OPTIONS):
            cells = np.where(chosen[:, j], np.where(cells == "", f"o{j}", cells + f";o{j}"), cells)
        frame[f"m{i}"] = cells
    shares = np.round(rng.dirichlet((2, 2, 2), size=n), 4)
    shares[:, 2] = np.round(1.0 - shares[:, 0] - shares[:, 1], 4)
    frame["t"] = [f"{a:.4f};{b:.4f};{c:.4f}" for a, b, c in shares.tolist()]
    frame["place"] = ""
    pd.DataFrame(frame).to_csv(path, index=False)


def synthetic_form_file(path) -> None:
    """:func:`synthetic_form` as a form file (YAML) that ``vertelpunt patterns --form`` reads."""
    import yaml

    form = synthetic_form()
    form.update({"format": "vertelpunt-form/1", "title": "Benchmark", "language": "nl",
                 "completeness": {"min_words": 0, "first_questions": 0}})
    for role in form["roles"]:
        role["prompts"] = [{"key": "moment", "text": "Vertel over een moment."}]
    form["modules"][0].update({"title": "Kern", "core": True})
    with open(path, "w", encoding="utf-8") as out:
        yaml.safe_dump(form, out, allow_unicode=True, sort_keys=False)
