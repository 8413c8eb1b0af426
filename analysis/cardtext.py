"""Plain Dutch (B1) phrases for observation cards: who a group is, what they chose, how numbers read.

Kept apart from the card logic so the wording can be reviewed on its own. Texts describe what the data
shows, never why.
"""
from __future__ import annotations

from analysis.data import Column


def keys_of(column: Column, key: str) -> list[str]:
    """The category keys behind a (possibly merged "a + b") highlight key.

    Parameters
    ----------
    column : Column
        A category column.
    key : str
        A category key (or merged keys "a + b").

    Returns
    -------
    list of str
    """
    return [part for part in str(key).split(" + ") if part in column.categories] or [str(key)]


def category_text(column: Column, key: str) -> str:
    """Quoted label(s) of a category: "'a'" or, for merged sparse categories, "'a', 'b' of 'c'".

    Parameters
    ----------
    column : Column
        A category column.
    key : str
        A category key (or merged keys "a + b").

    Returns
    -------
    str
    """
    labels = [f"'{column.category_label(column.categories.index(k)) if k in column.categories else k}'"
              for k in keys_of(column, key)]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} of {labels[-1]}"


def with_comma(subject_text: str) -> str:
    """'Mensen die X kozen, kozen vaker ...': a comma where two verbs would otherwise meet.

    Parameters
    ----------
    subject_text : str
        A sentence's subject from :func:`subject`.

    Returns
    -------
    str
    """
    return f"{subject_text}," if subject_text.endswith(("kozen", "vertelden")) else subject_text


def question_text(column: Column) -> str:
    """The question's own text (without the option or corner a column label adds).

    Parameters
    ----------
    column : Column

    Returns
    -------
    str
    """
    return column.label.rsplit(" – ", 1)[0] if column.name != column.question else column.label


def option_text(column: Column) -> str:
    """The option or corner part of a column's label ("text – option").

    Parameters
    ----------
    column : Column

    Returns
    -------
    str
    """
    return column.label.rsplit(" – ", 1)[-1]


def is_option(column: Column) -> bool:
    """A yes/no column made from one option of a multiple-choice question.

    Parameters
    ----------
    column : Column

    Returns
    -------
    bool
    """
    return "=" in column.name and set(column.categories) <= {"ja", "nee"}


def subject(column: Column, key: str) -> str:
    """The people (or stories) in a group, as the subject of a sentence: 'Mensen met de rol Ouder'.

    Parameters
    ----------
    column : Column
        A category column.
    key : str
        A category key (or merged keys "a + b").

    Returns
    -------
    str
    """
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
    """What people in a group did or are, with an adverb slot: 'kozen vaker Wachten bij ...'.

    Parameters
    ----------
    column : Column
        A category column.
    key : str
        A category key.
    adverb : str
        Put before the verb's object ("vaker", "minder vaak"), or nothing.

    Returns
    -------
    str
    """
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
    """The text with its first letter in lower case (for a subject inside a sentence).

    Parameters
    ----------
    text : str

    Returns
    -------
    str
    """
    return text[:1].lower() + text[1:]


def numeric_kind(column: Column) -> str:
    """'de schuifregelaar' or 'de driehoeksvraag' (a triad corner): the Dutch word, as the card is read by staff.

    Parameters
    ----------
    column : Column

    Returns
    -------
    str
    """
    return "de schuifregelaar" if column.name == column.question else "de driehoeksvraag"


def dutch(value: float | None, digits: int = 2) -> str:
    """A number with a decimal comma ('0,25'); 'onbekend' for None.

    Parameters
    ----------
    value : float or None
    digits : int
        Decimals.

    Returns
    -------
    str
    """
    if value is None:
        return "onbekend"
    return f"{value:.{digits}f}".replace(".", ",")


def percent(share: float) -> str:
    """A share 0..1 as a whole percentage ('43%').

    Parameters
    ----------
    share : float

    Returns
    -------
    str
    """
    return f"{round(100 * share)}%"


def toward(column: Column, higher: bool) -> str:
    """'meer richting helemaal wel' for a slider with poles; 'hoger' or 'lager' otherwise.

    Parameters
    ----------
    column : Column
        A numeric column.
    higher : bool
        The direction.

    Returns
    -------
    str
    """
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


# How strong and how certain, for the people at the table (B1): no test names, no q-values. The numbers
# behind these words stay in the card's section for analysts and on the patterns page.
STRENGTH_WORDS = {"verwaarloosbaar": "bijna geen", "klein": "een klein", "middel": "een duidelijk", "groot": "een groot"}


def strength_phrase(kind: str | None, effect_class: str | None) -> str:
    """'een duidelijk verschil' (a number across groups) or 'een klein verband' (the other kinds).

    Parameters
    ----------
    kind : str or None
        The pattern's kind ("numeric~category" is a difference between groups; others are links).
    effect_class : str or None
        One of ``analysis.patterns.EFFECT_CLASSES``.

    Returns
    -------
    str
        Empty when the class is unknown.
    """
    if effect_class not in STRENGTH_WORDS:
        return ""
    return f"{STRENGTH_WORDS[effect_class]} {'verschil' if kind == 'numeric~category' else 'verband'}"


def certainty_phrase(qvalue: float | None, alpha: float = 0.05) -> str:
    """How likely chance alone is, in words, from the pattern's q-value.

    Parameters
    ----------
    qvalue : float or None
        The Benjamini-Hochberg q-value.
    alpha : float
        The scan's bar for notable.

    Returns
    -------
    str
        E.g. 'het is heel onwaarschijnlijk dat dit toeval is'; empty when q is unknown.
    """
    if qvalue is None:
        return ""
    if qvalue < 0.001:
        return "het is heel onwaarschijnlijk dat dit toeval is"
    if qvalue < 0.01:
        return "het is onwaarschijnlijk dat dit toeval is"
    if qvalue < alpha:
        return "het is waarschijnlijk geen toeval, maar dat is niet zeker"
    return "dit kan goed toeval zijn"


def strength_and_certainty(kind: str | None, effect_class: str | None, qvalue: float | None) -> str:
    """One sentence for a card's observation: 'Dit is een duidelijk verschil; het is heel onwaarschijnlijk
    dat dit toeval is.'

    Parameters
    ----------
    kind, effect_class : str or None
        As :func:`strength_phrase`.
    qvalue : float or None
        As :func:`certainty_phrase`.

    Returns
    -------
    str
        Empty when neither is known.
    """
    strength, certainty = strength_phrase(kind, effect_class), certainty_phrase(qvalue)
    if strength and certainty:
        return f"Dit is {strength}; {certainty}."
    if strength or certainty:
        return f"Dit is {strength}." if strength else f"{certainty[:1].upper()}{certainty[1:]}."
    return ""
