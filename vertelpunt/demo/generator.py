"""Synthetic demo stories: believable, deterministic, and with a few relations planted on purpose.

Pure module: only numpy and the standard library, so the analysis library and tests can use it without
an app or a database. :mod:`vertelpunt.demo.load` stores the records through the normal story service.

Each record follows the answer convention of docs/form-format.md. The default form is
``vertelpunt/data/forms/vertelpunt-landelijk.yaml``; questions the generator does not know (another form)
get plain random answers of their type, so any valid form works. What is planted, and how strongly, is
in :data:`PLANTED` and described in docs/demo-data.md.
"""
from __future__ import annotations

import datetime as dt
import numpy as np

from vertelpunt.demo import answer_fragments as A
from vertelpunt.demo.texts import compose_text, compose_title
from vertelpunt.forms.question_types import NA, DemoText, type_of

DEFAULT_END_WEEK = dt.date(2026, 10, 26)  # a Monday; fixed so the demo is the same on every machine
WEEKS = 52

# National Vertelpunt, mid-May to mid-August 2019: 883 complete stories, 667 from parents,
# 171 from professionals and 45 from young people (DOS eindrapportage, 25 May 2020, section 2.2.2).
ROLE_SHARES = {"parent": 667 / 883, "professional": 171 / 883, "youth": 45 / 883}
VERTELTAFEL_SHARE = {"youth": 0.22, "parent": 0.07, "professional": 0.07}  # ~8% overall
TITLE_SHARE = 0.6
PARENT_PROMPT_SHARE = {"moment": 0.6, "zoeken": 0.4}

# The relations planted on purpose (see docs/demo-data.md). Everything else is independent noise,
# apart from the "consistency" links listed there (feeling follows outcome; who played the main role,
# the professional's organisation and the age band fit the kind of help).
PLANTED = {
    # 1. heard = 0.7 * outcome + 15 + N(0, 26): a very negative outcome goes with not feeling heard.
    "heard": {"slope": 0.7, "intercept": 15.0, "noise_sd": 26.0},
    # 2. young people answer "involved" (meepraten en meebeslissen) 28 points lower.
    "involved_youth_shift": -28.0,
    # 3. stories from Twente answer "on_time" 22 points lower.
    "on_time_region": ("twente", -22.0),
    # 4. jeugdbescherming (OTS or voogdij): triad "mattered" pulled towards "de regels en de organisatie".
    "mattered_alpha": (1.6, 1.2, 1.4),
    "mattered_alpha_jb": (1.2, 3.2, 1.0),
    # 5. jeugd-ggz stories are about waiting (moment "wachten") far more often.
    "wachten_with_ggz": 0.50,
    # 6. an improvement that worked: in Twente "clarity" is 6 points lower before the week of 2026-05-04 and
    #    8 points higher from then on, 14 points up over the date (the demo proposal "Maandelijks bericht over
    #    de wachttijd" measures it). Over the whole year Twente's mean stays where it was, so region x clarity
    #    stays quiet. Added after the draws and the text, so every other answer stays as it was.
    "clarity_after": ("twente", dt.date(2026, 5, 4), -6.0, 8.0),
}

OUTCOME_MIX = ((0.45, 15.0, 15.0), (0.25, 50.0, 18.0), (0.30, 82.0, 14.0))  # share, mean, sd
SLIDER_BASE = {  # mean, sd before clipping to 0..100
    "right_help": (45.0, 28.0), "on_time": (48.0, 27.0), "clarity": (48.0, 28.0),
    "involved": (55.0, 26.0), "network": (45.0, 28.0), "click": (55.0, 28.0), "easy_to_find": (45.0, 28.0),
}
HELP_P = {
    "wijkteam": 0.30, "jeugdhulp": 0.38, "jeugd_ggz": 0.32, "ots": 0.13, "voogdij": 0.03,
    "uithuisplaatsing": 0.08, "pleegzorg": 0.04, "verblijf": 0.06, "jeugdreclassering": 0.03, "anders": 0.05,
}
JB_HELP = ("ots", "voogdij")
MOMENT_P = {"zoeken": 0.12, "wachten": 0.12, "start": 0.10, "tijdens": 0.22, "beslissing": 0.12,
            "crisis": 0.08, "wissel": 0.10, "einde": 0.08, "anders": 0.06}
MAIN_PERSON_P = {"wijkteam": 0.15, "hulpverlener": 0.30, "behandelaar": 0.12, "jeugdbeschermer": 0.08,
                 "school": 0.10, "huisarts": 0.08, "familie": 0.07, "anders": 0.10}
ORG_P = {"wijkteam": 0.25, "aanbieder": 0.30, "ggz": 0.10, "gi": 0.08, "onderwijs": 0.10, "zorg": 0.07,
         "gemeente": 0.05, "anders": 0.05}
FEELING_P = {
    "low": {"boos": 0.30, "machteloos": 0.30, "verdrietig": 0.25, "onzeker": 0.15},
    "mid": {"onzeker": 0.35, "opgelucht": 0.15, "verdrietig": 0.20, "boos": 0.10, "machteloos": 0.10,
            "blij": 0.05, "trots": 0.05},
    "high": {"blij": 0.35, "opgelucht": 0.35, "trots": 0.20, "onzeker": 0.05, "verdrietig": 0.05},
}
WHEN_P = {"m0_6": 0.35, "m6_12": 0.25, "y1_2": 0.22, "y2_plus": 0.18}
AGE_P = {"a8_11": 0.12, "a12_15": 0.38, "a16_17": 0.30, "a18_23": 0.20}
CHILD_AGE_P = {"a0_3": 0.05, "a4_7": 0.17, "a8_11": 0.25, "a12_15": 0.30, "a16_17": 0.15, "a18_23": 0.08}
AGE_RANGE = {"a0_3": (1, 3), "a4_7": (4, 7), "a8_11": (8, 11), "a12_15": (12, 15), "a16_17": (16, 17),
             "a18_23": (18, 21)}
# Seed report 2.4.1: 44% (zeer) positief, 27% neutraal, 15% (zeer) negatief, 13% geen oordeel.
FELT_P = {"zeer_positief": 0.20, "positief": 0.24, "neutraal": 0.27, "negatief": 0.10, "zeer_negatief": 0.05,
          "geen_oordeel": 0.14}
COMPLAINT_P = {"ja": 0.35, "nee": 0.40, "niet_nodig": 0.25}
CONFIDANT_P = {"ja": 0.30, "nee": 0.70}

# How often an optional answer is left out (never for the first duiding questions of the form).
SKIP_SLIDER, NA_SLIDER, SKIP_OTHER, SKIP_TELLER, SKIP_FELT, ANSWER_EXTRA, ANSWER_REGIONAL = (
    0.04, 0.05, 0.05, 0.08, 0.12, 0.06, 0.65)


def generate_stories(form: dict, regions: list[dict], n: int = 960, seed: int = 7,
                     end_week: dt.date | None = None) -> list[dict]:
    """Return ``n`` synthetic, complete stories for ``form`` spread over ``regions``.

    The same arguments always give the same records. ``end_week`` is the last week of the 12 months the
    stories cover (its Monday is used); by default the Monday of :data:`DEFAULT_END_WEEK`.
    """
    if n < 0:
        raise ValueError("n must be zero or more")
    rng = np.random.default_rng(seed)
    end = _monday(end_week or DEFAULT_END_WEEK)
    weeks = [end - dt.timedelta(weeks=WEEKS - 1 - index) for index in range(WEEKS)]
    week_p = _week_weights()
    roles = [role["key"] for role in form["roles"]]
    prompts = {role["key"]: [p["key"] for p in role.get("prompts") or []] for role in form["roles"]}
    questions = [q for module in form["modules"] for q in module["questions"]]
    required = _required_keys(form, questions, roles)
    region_list = [r for r in regions if r.get("municipalities")]
    region_p = _normalise([len(r["municipalities"]) ** 0.5 for r in region_list]) if region_list else None
    sessions = _verteltafel_sessions(rng, n, region_list, region_p, week_p)
    records = []
    for role in _role_sequence(rng, roles, n):
        records.append(_story(rng, role, prompts[role], questions, required[role], region_list, region_p,
                              weeks, week_p, sessions))
    return records


# --- structure helpers -----------------------------------------------------------------------------


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _normalise(weights) -> np.ndarray:
    array = np.asarray(weights, dtype=float)
    return array / array.sum()


def _applies(question: dict, role: str) -> bool:
    return not question.get("roles") or role in question["roles"]


def _required_keys(form: dict, questions: list[dict], roles: list[str]) -> dict[str, set[str]]:
    """The first N duiding questions per role: these must always be answered (story counts as complete)."""
    first = (form.get("completeness") or {}).get("first_questions", 5)
    result = {}
    for role in roles:
        duiding = [q["key"] for q in questions if q.get("section", "duiding") == "duiding" and _applies(q, role)]
        result[role] = set(duiding[:first])
    return result


def _role_sequence(rng: np.random.Generator, roles: list[str], n: int) -> list[str]:
    """Exactly proportional counts (largest remainder), then shuffled: the ratio is stable for any seed."""
    shares = np.array([ROLE_SHARES.get(role, 0.02) for role in roles], dtype=float)
    shares /= shares.sum()
    counts = np.floor(shares * n).astype(int)
    for index in np.argsort(-(shares * n - counts), kind="stable")[: n - counts.sum()]:
        counts[index] += 1
    sequence = [role for role, count in zip(roles, counts) for _ in range(count)]
    order = rng.permutation(len(sequence))
    return [sequence[i] for i in order]


def _week_weights() -> np.ndarray:
    """Mostly even, with two campaign bumps and a quieter summer, like a real collection year."""
    index = np.arange(WEEKS)
    weights = 1.0 + 1.4 * np.exp(-((index - 12) ** 2) / 8.0) + 1.0 * np.exp(-((index - 38) ** 2) / 6.0)
    weights -= 0.4 * np.exp(-((index - 26) ** 2) / 10.0)
    return _normalise(weights)


def _verteltafel_sessions(rng, n, regions, region_p, week_p) -> list[tuple]:
    """In-person sessions: their stories share a week and a gemeente."""
    count = max(1, round(n * 0.08 / 8))
    sessions = []
    for _ in range(count):
        region = regions[rng.choice(len(regions), p=region_p)] if regions else None
        municipality = _pick_municipality(rng, region) if region else None
        sessions.append((region, municipality, int(rng.choice(WEEKS, p=week_p))))
    return sessions


def _pick_municipality(rng, region: dict) -> dict:
    municipalities = region["municipalities"]
    weights = [4.0] + [1.0] * (len(municipalities) - 1)  # the first is the region's central city
    return municipalities[rng.choice(len(municipalities), p=_normalise(weights))]


def _choice(rng, probabilities: dict[str, float], allowed: list[str] | None = None) -> str:
    keys = [k for k in probabilities if allowed is None or k in allowed]
    if not keys:
        return str(rng.choice(allowed))
    return keys[rng.choice(len(keys), p=_normalise([probabilities[k] for k in keys]))]


def _slider(rng, mean: float, sd: float) -> float:
    return float(np.clip(np.round(rng.normal(mean, sd)), 0, 100))


def _triad(rng, alpha) -> list[float]:
    shares = rng.dirichlet(alpha)
    first, second = round(float(shares[0]), 4), round(float(shares[1]), 4)
    third = round(1.0 - first - second, 4)
    if third < 0:  # rounding pushed the sum over 1
        second, third = round(second + third, 4), 0.0
    return [first, second, third]


class Draws:
    """The random values a question type may ask for when it makes up a plain answer
    (:meth:`vertelpunt.forms.question_types.QuestionType.random_answer`), drawn from the story's stream."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng

    def slider(self, mean: float, sd: float) -> float:
        return _slider(self.rng, mean, sd)

    def triad(self, alpha) -> list[float]:
        return _triad(self.rng, alpha)

    def pick(self, options: list[str]) -> str:
        return str(self.rng.choice(options))

    def integer(self, low: int, high: int) -> int:
        """An integer from ``low`` up to, not including, ``high``."""
        return int(self.rng.integers(low, high))

    def sample(self, options: list[str], size: int) -> list[str]:
        """``size`` different options."""
        return self.rng.choice(options, size=size, replace=False).tolist()

    def text(self) -> str:
        return A.EXTRA[self.rng.integers(len(A.EXTRA))]


def _options(question: dict | None) -> list[str] | None:
    if question is None:
        return None
    items = question.get("options") or question.get("corners") or []
    return [item["key"] for item in items]


# --- one story -------------------------------------------------------------------------------------


def _story(rng, role, prompt_keys, questions, required, regions, region_p, weeks, week_p, sessions) -> dict:
    by_key = {q["key"]: q for q in questions if _applies(q, role)}
    channel = "verteltafel" if rng.random() < VERTELTAFEL_SHARE.get(role, 0.07) else "online"
    if channel == "verteltafel":
        region, municipality, week_index = sessions[rng.integers(len(sessions))]
    else:
        region = regions[rng.choice(len(regions), p=region_p)] if regions else None
        municipality = _pick_municipality(rng, region) if region else None
        week_index = int(rng.choice(WEEKS, p=week_p))
    if len(prompt_keys) > 1:
        prompt = _choice(rng, PARENT_PROMPT_SHARE, prompt_keys) if role == "parent" else str(rng.choice(prompt_keys))
    else:
        prompt = prompt_keys[0] if prompt_keys else None

    state = _latent_state(rng, role, region, by_key)
    answers = _answers(rng, role, by_key, required, state, municipality)
    place_key = next((key for key, q in by_key.items() if type_of(q).lives_on_story), None)
    state["place_known"] = bool(municipality and place_key and answers.get(place_key) == municipality["key"])
    text = compose_text(rng, role, answers, state, region, municipality)
    title = compose_title(rng, role, state) if rng.random() < TITLE_SHARE else None
    _shift_after_improvement(answers, region, weeks[week_index])
    return {
        "role": role,
        "prompt_key": prompt,
        "title": title,
        "text": text,
        "week": weeks[week_index],
        "channel": channel,
        "language": "nl",
        "region": region["key"] if region else None,
        "answers": answers,
    }


def _shift_after_improvement(answers: dict, region: dict | None, week: dt.date) -> None:
    """Planted relation 6, applied to the answer once the text is written: the texts draw random numbers by
    the answers' size, so a shift before them would change every later story of the demo."""
    shifted_region, since, before, after = PLANTED["clarity_after"]
    value = answers.get("clarity")
    if region is not None and region["key"] == shifted_region and isinstance(value, (int, float)) \
            and not isinstance(value, bool):
        answers["clarity"] = float(min(100.0, max(0.0, value + (after if week >= since else before))))


def _latent_state(rng, role: str, region: dict | None, by_key: dict) -> dict:
    """Draw every known answer first (in a fixed order, so the stream of random numbers is stable)."""
    state: dict = {}
    mixture = OUTCOME_MIX[rng.choice(len(OUTCOME_MIX), p=_normalise([m[0] for m in OUTCOME_MIX]))]
    state["outcome"] = _slider(rng, mixture[1], mixture[2])
    heard = PLANTED["heard"]
    state["heard"] = _slider(rng, heard["slope"] * state["outcome"] + heard["intercept"], heard["noise_sd"])

    help_options = _options(by_key.get("help_type")) or list(HELP_P)
    chosen = [key for key in help_options if rng.random() < HELP_P.get(key, 0.05)]
    if not chosen:
        chosen = [_choice(rng, HELP_P, help_options)]
    limit = (by_key.get("help_type") or {}).get("max_choices") or 3
    if len(chosen) > limit:
        keep = set(rng.choice(chosen, size=limit, replace=False).tolist())
        chosen = [key for key in chosen if key in keep]
    state["help_type"] = chosen
    jb = any(key in chosen for key in JB_HELP)
    ggz = "jeugd_ggz" in chosen

    moment_p = dict(MOMENT_P)
    if ggz:
        rest = sum(v for k, v in moment_p.items() if k != "wachten")
        moment_p = {k: (PLANTED["wachten_with_ggz"] if k == "wachten" else v / rest * (1 - PLANTED["wachten_with_ggz"]))
                    for k, v in moment_p.items()}
    state["moment"] = _choice(rng, moment_p, _options(by_key.get("moment")))

    for key in ("right_help", "on_time", "clarity", "involved", "network", "click"):
        mean, sd = SLIDER_BASE[key]
        if key == "involved" and role == "youth":
            mean += PLANTED["involved_youth_shift"]
        if key == "on_time" and region is not None and region["key"] == PLANTED["on_time_region"][0]:
            mean += PLANTED["on_time_region"][1]
        state[key] = _slider(rng, mean, sd)

    state["mattered"] = _triad(rng, PLANTED["mattered_alpha_jb"] if jb else PLANTED["mattered_alpha"])
    state["needed"] = _triad(rng, (1.4, 1.4, 1.4))

    if jb and rng.random() < 0.5:
        state["main_person"] = "jeugdbeschermer"
    elif ggz and rng.random() < 0.45:
        state["main_person"] = "behandelaar"
    elif "wijkteam" in chosen and rng.random() < 0.45:
        state["main_person"] = "wijkteam"
    else:
        state["main_person"] = _choice(rng, MAIN_PERSON_P)
    band = "low" if state["outcome"] < 35 else "high" if state["outcome"] >= 65 else "mid"
    state["feeling"] = _choice(rng, FEELING_P[band])
    state["when"] = _choice(rng, WHEN_P)

    older = "jeugdreclassering" in chosen  # jeugdreclassering starts at 12
    state["age"] = _choice(rng, AGE_P, ["a12_15", "a16_17", "a18_23"] if older else None)
    state["child_age"] = _choice(rng, CHILD_AGE_P, ["a12_15", "a16_17", "a18_23"] if older else None)
    state["age_years"] = int(rng.integers(AGE_RANGE[state["age"]][0], AGE_RANGE[state["age"]][1] + 1))
    state["child_years"] = int(rng.integers(AGE_RANGE[state["child_age"]][0], AGE_RANGE[state["child_age"]][1] + 1))
    if (jb or "jeugdreclassering" in chosen) and rng.random() < 0.6:
        state["org_type"] = "gi"
    elif ggz and rng.random() < 0.5:
        state["org_type"] = "ggz"
    elif "wijkteam" in chosen and rng.random() < 0.5:
        state["org_type"] = "wijkteam"
    else:
        state["org_type"] = _choice(rng, ORG_P)
    state["felt"] = _choice(rng, FELT_P)
    state["extra"] = DemoText(A.EXTRA[rng.integers(len(A.EXTRA))])
    state["complaint_known"] = _choice(rng, COMPLAINT_P)
    state["easy_to_find"] = _slider(rng, *SLIDER_BASE["easy_to_find"])
    state["confidant_known"] = _choice(rng, CONFIDANT_P)
    state["girl"] = bool(rng.random() < 0.5)
    return state


def _answers(rng, role: str, by_key: dict, required: set[str], state: dict, municipality: dict | None) -> dict:
    answers: dict = {}
    regional = ("complaint_known", "easy_to_find", "confidant_known")
    for key, question in by_key.items():
        kind = type_of(question)
        section = question.get("section", "duiding")
        must = key in required
        draw = rng.random()  # one draw per question keeps the random stream aligned between stories
        if kind.lives_on_story:  # the place question: the story's municipality
            if municipality is not None and (must or draw >= SKIP_TELLER * 0.9):
                answers[key] = municipality["key"]
            continue
        if not must:
            if key in regional:
                if draw >= ANSWER_REGIONAL:
                    continue
            elif key == "extra":
                if draw >= ANSWER_EXTRA:
                    continue
            elif key == "felt":
                if draw < SKIP_FELT:
                    continue
            elif section == "teller":
                if draw < SKIP_TELLER:
                    continue
            elif kind.has_na:
                if draw < SKIP_SLIDER:
                    continue
                if draw < SKIP_SLIDER + NA_SLIDER and question.get("allow_na", True):
                    answers[key] = NA
                    continue
            elif draw < SKIP_OTHER:
                continue
        value = kind.known_answer(state[key], question) if key in state else None
        if value is None:
            value = kind.random_answer(Draws(rng), question)
        if value is not None:
            answers[key] = value
    return answers
