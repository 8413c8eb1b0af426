"""Plain Dutch (B1) phrases for observation cards: who a group is, what they chose, how numbers read.

Kept apart from the card logic so the wording can be reviewed on its own. Texts describe what the data
shows, never why.
"""
from __future__ import annotations

from analysis.data import Column

EFFECT_WORDS = {"verwaarloosbaar": "heel klein", "klein": "klein", "middel": "middelgroot", "groot": "groot"}


def keys_of(column: Column, key: str) -> list[str]:
    """The category keys behind a (possibly merged "a + b") highlight key."""
    return [part for part in str(key).split(" + ") if part in column.categories] or [str(key)]


def category_text(column: Column, key: str) -> str:
    """Quoted label(s) of a category: "'a'" or, for merged sparse categories, "'a', 'b' of 'c'"."""
    labels = [f"'{column.category_label(column.categories.index(k)) if k in column.categories else k}'"
              for k in keys_of(column, key)]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} of {labels[-1]}"


def with_comma(subject_text: str) -> str:
    """'Mensen die X kozen, kozen vaker ...': a comma where two verbs would otherwise meet."""
    return f"{subject_text}," if subject_text.endswith(("kozen", "vertelden")) else subject_text


def question_text(column: Column) -> str:
    return column.label.rsplit(" – ", 1)[0] if column.name != column.question else column.label


def option_text(column: Column) -> str:
    return column.label.rsplit(" – ", 1)[-1]


def is_option(column: Column) -> bool:
    """A yes/no column made from one option of a multiple-choice question."""
    return "=" in column.name and set(column.categories) <= {"ja", "nee"}


def subject(column: Column, key: str) -> str:
    """The people (or stories) in a group, as the subject of a sentence: 'Mensen met de rol Ouder'."""
    label = category_text(column, key)
    if column.name == "role":
        return f"Mensen met de rol {label}"
    if column.name == "region":
        return f"Mensen uit regio {label}"
    if column.name == "period":
        return f"Mensen die in {label} vertelden"
    if is_option(column):
        return f"Mensen die {'niet ' if key == 'nee' else ''}'{option_text(column)}' kozen"
    if column.name == "vergelijking":
        return f"Mensen in de groep {label}"
    return f"Mensen die {label} kozen"


def predicate(column: Column, key: str, adverb: str = "") -> str:
    """What people in a group did or are, with an adverb slot: 'kozen vaker Wachten bij ...'."""
    return " ".join(_predicate(column, key, adverb).split())


def _predicate(column: Column, key: str, adverb: str) -> str:
    label = category_text(column, key)
    if column.name == "role":
        return f"hebben {adverb} de rol {label}"
    if column.name == "region":
        return f"komen {adverb} uit regio {label}"
    if column.name == "period":
        return f"vertelden {adverb} in {label}"
    if is_option(column):
        return f"kozen {adverb} {'niet ' if key == 'nee' else ''}'{option_text(column)}' bij '{question_text(column)}'"
    if column.name == "vergelijking":
        return f"zitten {adverb} in de groep {label}"
    return f"kozen {adverb} {label} bij '{question_text(column)}'"


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def numeric_kind(column: Column) -> str:
    """'de slider' or 'de driehoeksvraag' (a triad corner)."""
    return "de slider" if column.name == column.question else "de driehoeksvraag"


def dutch(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "onbekend"
    return f"{value:.{digits}f}".replace(".", ",")


def percent(share: float) -> str:
    return f"{round(100 * share)}%"


def toward(column: Column, higher: bool) -> str:
    """'meer richting helemaal wel' for a slider with poles; 'hoger' or 'lager' otherwise."""
    if column.name != column.question:
        return "een groter deel" if higher else "een kleiner deel"
    pole = column.right if higher else column.left
    return f"meer richting '{pole}'" if pole else ("hoger" if higher else "lager")


def checks_sentence(pattern) -> str:
    """What the two checks on a notable pattern found, in plain Dutch (empty when it was not checked).

    ``pattern`` is a Pattern (analysis.patterns): its ``confirmed`` of ``confirm_splits`` splits and the
    stratifiers in ``explained_by`` (see docs/patterns.md).

    Parameters
    ----------
    pattern : analysis.patterns.Pattern

    Returns
    -------
    str
        One or two sentences, each with a leading space, or "".
    """
    text = ""
    if pattern.confirmed is not None and pattern.confirm_splits:
        text += (f" We hebben de verhalen {pattern.confirm_splits} keer willekeurig in twee helften verdeeld: "
                 f"{pattern.confirmed} van de {pattern.confirm_splits} keer vonden we het patroon in de ene helft "
                 "en zagen we het terug in de andere.")
    labels = pattern.explained_by_labels
    if labels:
        names = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} of {labels[-1]}"
        text += (f" Let op: binnen de groepen van {names} is het verband er bijna niet meer. Het kan dus komen "
                 f"doordat beide vragen samenhangen met {names}.")
    return text
