"""Story texts for the demo, composed from Dutch fragments so that each text agrees with its answers.

Kept apart from :mod:`vertelpunt.demo.generator`, which draws the answers; this module only writes.
"""
from __future__ import annotations

import re

import numpy as np

from vertelpunt.demo import answer_fragments as A
from vertelpunt.demo import fragments as F

HELP_PRIORITY = ("voogdij", "ots", "jeugdreclassering", "uithuisplaatsing", "verblijf", "pleegzorg",
                 "jeugd_ggz", "jeugdhulp", "wijkteam", "anders")
LOW, HIGH = 35.0, 65.0  # slider values that get a "lo" / "hi" sentence in the text
MIN_WORDS, MAX_WORDS = 60, 200
DIMENSION_ORDER = ("right_help", "on_time", "clarity", "involved", "network", "click")
WORD = re.compile(r"\w+", re.UNICODE)


def _band(outcome: float) -> str:
    if outcome < 15:
        return "very_neg"
    if outcome < 40:
        return "neg"
    if outcome < 60:
        return "mid"
    if outcome < 85:
        return "pos"
    return "very_pos"


def _pick(rng, options: list[str]) -> str:
    return options[rng.integers(len(options))]


def _level(value) -> str | None:
    if not isinstance(value, float):
        return None
    return "lo" if value <= LOW else "hi" if value >= HIGH else None


def _context(rng, role: str, answers: dict, state: dict, region: dict | None, municipality: dict | None) -> dict:
    girl = state["girl"]
    help_keys = state["help_type"]
    primary = next((key for key in HELP_PRIORITY if key in help_keys), help_keys[0])
    names = [F.HELP_NAME.get(key, "de hulp") for key in help_keys]
    others = [name for name in names if name != F.HELP_NAME.get(primary, "de hulp")]
    if role == "parent":
        kind = "mijn dochter" if girl else "mijn zoon"
    else:
        older = state["child_years"] >= 12
        plain = "het meisje" if girl else "de jongen"
        kind = plain if rng.random() < 0.5 else ("de jongere" if older else "het kind")
    age_known = "child_age" in answers
    place_known = state["place_known"]
    small = role != "youth" and state["child_years"] < 4
    context = {
        "kind": kind,
        "hij": "ze" if girl else "hij",
        "hem": "haar" if girl else "hem",
        "zijn": "haar" if girl else "zijn",
        "leeftijd": str(state["age_years"] if role == "youth" else state["child_years"]),
        "van_leeftijd": f" van {state['child_years']}" if age_known and rng.random() < 0.7 else "",
        "gemeente": municipality["name"] if place_known else "",
        "in_gemeente": f" in {municipality['name']}" if place_known else "",
        "stad": region["municipalities"][0]["name"] if region else "",
        "regio": region["name"] if region else "",
        "hulp": F.HELP_NAME.get(primary, "de hulp"),
        "hulp2": others[0] if others else "",
        "gevoel": F.FEELING_WORD.get(answers.get("feeling", ""), ""),
        "werkplek": F.WORKPLACE.get(answers.get("org_type"), F.WORKPLACE[None]),
        "op_school": "op de opvang" if small else "op school",
        "naar_school": "naar de opvang" if small else "naar school",
        "de_school": "de opvang" if small else "de school",
        "primary": primary,
        "place_known": place_known,
        "far_from_city": place_known and region is not None and municipality is not region["municipalities"][0],
    }
    for key in ("kind", "hij", "op_school"):
        context[key.capitalize()] = context[key][0].upper() + context[key][1:]
    return context


def _fill(template: str, context: dict) -> str:
    sentence = template.format_map(context)
    return sentence[0].upper() + sentence[1:]


def _words(parts: list[str]) -> int:
    return sum(len(part.split()) for part in parts)


def compose_text(rng, role: str, answers: dict, state: dict, region: dict | None, municipality: dict | None) -> str:
    voice = role if role in F.ROLES else "parent"
    context = _context(rng, voice, answers, state, region, municipality)
    head: list[str] = []
    if voice == "youth" and "age" not in answers:
        head.append(_pick(rng, F.OPENING["youth_no_age"]))
    else:
        head.append(_pick(rng, F.OPENING[voice]))
    detail = F.HELP_DETAIL.get(context["primary"], {}).get(voice)
    if voice != "youth" and state["child_years"] < 6:
        detail = F.HELP_DETAIL_YOUNG.get(context["primary"], {}).get(voice, detail)
    reserve: list[str] = []  # skipped head sentences, used when the text turns out short
    if detail:
        (head if rng.random() < 0.8 else reserve).append(_pick(rng, detail))
    if context["hulp2"] and rng.random() < 0.6:
        head.append(_pick(rng, F.SECOND_HELP[voice]))
    if context["place_known"] and rng.random() < (0.25 if voice == "professional" else 0.4):
        head.append(_pick(rng, F.PLACE[voice]))
    if context["far_from_city"] and context["primary"] in ("jeugd_ggz", "verblijf", "uithuisplaatsing") \
            and rng.random() < 0.5:
        head.append(_pick(rng, F.TRAVEL[voice]))
    moment = answers.get("moment")
    if moment in F.MOMENT:
        (head if rng.random() < 0.9 else reserve).append(_pick(rng, F.MOMENT[moment][voice]))

    # Pieces that carry the story's answers; "heard" first, because it is the heart of most stories.
    pieces: list[tuple[tuple, str]] = []
    heard_level = _level(answers.get("heard"))
    if heard_level:
        pieces.append((("heard", heard_level), _pick(rng, A.DIMENSION["heard"][heard_level][voice])))
    others = []
    for key in DIMENSION_ORDER:
        level = _level(answers.get(key))
        if level:
            others.append(((key, level), _pick(rng, A.DIMENSION[key][level][voice])))
    mattered = answers.get("mattered")
    if isinstance(mattered, list) and max(mattered) > 0.5 and rng.random() < 0.8:
        corner = ("worker", "rules", "family")[int(np.argmax(mattered))]
        others.append((("mattered", corner), _pick(rng, A.MATTERED[corner][voice])))
    order = rng.permutation(len(others))
    keep = int(rng.integers(2, 8))
    pieces.extend(others[i] for i in order[: max(0, keep - len(pieces))])

    band = _band(answers["outcome"]) if isinstance(answers.get("outcome"), float) else "mid"
    feeling = answers.get("feeling") if context["gevoel"] and rng.random() < 0.5 else None
    closing = _pick(rng, A.CLOSING[band][voice])
    spare = [piece for piece in others if piece not in pieces]
    fillers = list(A.FILLER[voice])
    extra: list[str] = []

    def length() -> int:
        return _words([_fill(t, context) for t in head] + [t for _, t in pieces] + extra + [closing]) + (
            5 if feeling else 0)

    while length() > MAX_WORDS and len(pieces) > 1:
        pieces.pop()
    while length() < MIN_WORDS:
        if spare:
            pieces.append(spare.pop(0))
        elif reserve:
            head.append(reserve.pop(0))
        elif fillers:
            extra.append(fillers.pop(int(rng.integers(len(fillers)))))
        else:
            break
    # Drop the pieces that contradict an earlier one. Every random number is drawn as if they were there, so
    # the stream (and so every later story's answers, and the planted relations) stays as it was.
    dropped = _contradicted([theme for theme, _ in pieces])
    kept = [theme for i, (theme, _) in enumerate(pieces) if i not in dropped]
    state["themes"] = kept + [("outcome", band)]

    # The body, with "Maar ..." where the tone turns (a warm worker after a long wait, and so on).
    body = [(_tone(theme), template, i in dropped) for i, (theme, template) in enumerate(pieces)]
    if feeling:
        body.append((1 if feeling in POSITIVE_FEELINGS else -1, _pick(rng, A.FEELING[voice]), False))
    body += [(0, sentence, False) for sentence in extra]
    body.append((-1 if band in ("very_neg", "neg") else 1 if band in ("pos", "very_pos") else 0, closing, False))
    rendered, previous, turned, shown = [], 0, False, 0
    for tone, template, left_out in body:
        sentence = _fill(template, context)
        turned = bool(tone and previous and tone != previous and not turned and rng.random() < 0.7)
        previous = tone or previous
        if left_out:
            continue
        if turned and shown and tone != shown:  # a turn against what the reader saw last
            sentence = "Maar " + sentence[0].lower() + sentence[1:]
        rendered.append(sentence)
        shown = tone or shown
    head = [_fill(sentence, context) for sentence in head]
    if dropped:
        _top_up(head, rendered, kept, spare, [_fill(f, context) for f in A.FILLER[voice] if f not in extra], context)
    if _words(head + rendered) > 110:
        return " ".join(head) + "\n\n" + " ".join(rendered)
    return " ".join(head + rendered)


def _clash(first: tuple, second: tuple) -> bool:
    return (first, second) in A.CONTRADICTING or (second, first) in A.CONTRADICTING


def _contradicted(themes: list[tuple]) -> set[int]:
    """Indices of the themes that contradict an earlier kept one."""
    dropped: set[int] = set()
    for i, theme in enumerate(themes):
        if any(_clash(theme, themes[j]) for j in range(i) if j not in dropped):
            dropped.add(i)
    return dropped


def _top_up(head: list[str], rendered: list[str], kept: list[tuple], spare: list[tuple], fillers: list[str],
            context: dict) -> None:
    """Add sentences before the closing until the text has :data:`MIN_WORDS` again: unused answer pieces
    that agree with the kept ones, then fillers (no random numbers)."""
    options = []
    for theme, template in spare:
        if not any(_clash(theme, other) for other in kept):
            kept = [*kept, theme]
            options.append(_fill(template, context))
    options += fillers
    while _words(head + rendered) < MIN_WORDS and options:
        rendered.insert(len(rendered) - 1, options.pop(0))


POSITIVE_FEELINGS = ("blij", "opgelucht", "trots")


def _tone(theme: tuple) -> int:
    key, level = theme
    if level == "lo" or (key == "mattered" and level == "rules"):
        return -1
    if level == "hi":
        return 1
    return 0


def compose_title(rng, role: str, state: dict) -> str:
    themes = state.get("themes") or [("outcome", "mid")]
    theme = themes[0] if rng.random() < 0.6 else themes[-1]
    options = (A.TITLES_YOUTH.get(theme) if role == "youth" else None) or A.TITLES.get(theme) \
        or A.TITLES[("outcome", "mid")]
    return _pick(rng, options)


def word_count(text: str) -> int:
    """Words as the story service counts them (``\\w+``)."""
    return len(WORD.findall(text or ""))
