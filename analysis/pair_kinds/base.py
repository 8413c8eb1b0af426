"""What every kind of pair of columns answers, whatever its kind (the strategy interface).

A pattern is one of three kinds of pair: a number against a category, a category against a category, or
two numbers. Which test it gets, how its sentence reads, which stories it singles out, what its card's
table, texts and chart show: each of these follows from the kind. The kind is decided once per pattern
(:func:`analysis.pair_kinds.resolve`), and one class per kind answers all of those questions, so adding a
kind of pair means adding one class, not one branch in seven functions.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from analysis.data import AnswerTable, Column
from analysis.pairwise import Outcome

if TYPE_CHECKING:  # only for annotations: patterns imports this package
    from analysis.patterns import Pattern, ScanOptions

MAX_STORY_IDS = 200  # a pattern keeps at most this many story ids of the group it singles out


@dataclass(frozen=True)
class CardTexts:
    """The words of a card draft: a title, the objective observation, what the data is, two prompts."""

    title: str
    observation: str
    data: str
    hints: list[str]


def restrict(column: Column, rows: np.ndarray | None) -> np.ndarray:
    """The column's values with the rows outside ``rows`` (a boolean mask) set to missing.

    Parameters
    ----------
    column : Column
        A numeric (missing = NaN) or category (missing = -1) column.
    rows : numpy.ndarray of bool or None
        The rows to keep; None keeps all.

    Returns
    -------
    numpy.ndarray
        The values, unchanged when ``rows`` is None.
    """
    if rows is None:
        return column.values
    return np.where(rows, column.values, np.nan if column.kind == "numeric" else -1)


def category_codes(column: Column, key) -> list[int]:
    """The codes behind a highlight key, which may name merged sparse categories ("a + b").

    Parameters
    ----------
    column : Column
        A category column.
    key : str
        A highlight key.

    Returns
    -------
    list of int
    """
    from analysis.cardtext import keys_of

    return [column.categories.index(k) for k in keys_of(column, key) if k in column.categories]


class PairKind:
    """One kind of pair. Subclasses implement every method; columns come in the kind's order.

    The order is (number, category) for a number against a category, whichever the pattern named first;
    (a, b) for the other two kinds. Subclasses inherit the documentation (Parameters, Returns) of the
    methods they override from here (``inspect.getdoc``).
    """

    name: str = ""  # the ``Pattern.kind`` this class answers for, e.g. "numeric~category"

    def test(self, first: Column, second: Column, options: ScanOptions, orders, rows: np.ndarray | None = None
             ) -> Outcome | None:
        """Run the pair's test.

        Parameters
        ----------
        first, second : Column
            The pair, in the kind's order.
        options : ScanOptions
            Gives ``min_group`` and ``min_pair_n``.
        orders : mapping of str to analysis.ranks.RankedColumn
            Sort orders per numeric column, shared by all pairs of a scan.
        rows : numpy.ndarray of bool, optional
            Test only these rows (the others count as missing). Such a check (a random half) gets no
            interval (NaN): only its p and strength decide it, and it runs dozens of times per pattern.

        Returns
        -------
        Outcome or None
            None when the pair cannot be tested (too few groups or stories, constant values).
        """
        raise NotImplementedError

    def describe(self, first: Column, second: Column, outcome: Outcome) -> str:
        """The pattern's one plain-Dutch sentence for the patterns page.

        Parameters
        ----------
        first, second : Column
            The pair, in the kind's order.
        outcome : Outcome
            The pair's test outcome.

        Returns
        -------
        str
        """
        raise NotImplementedError

    def story_ids(self, table: AnswerTable, first: Column, second: Column, highlight: dict) -> tuple:
        """Public ids of the stories in the group the pattern singles out (at most ``MAX_STORY_IDS``).

        Parameters
        ----------
        table : AnswerTable
            The scanned table.
        first, second : Column
            The pair, in the kind's order.
        highlight : dict
            What stands out (the outcome's ``highlight``).

        Returns
        -------
        tuple of str
            Empty when the kind singles out no group.
        """
        raise NotImplementedError

    def group_rows(self, first: Column, second: Column, pattern: Pattern) -> tuple[np.ndarray, np.ndarray]:
        """The rows a pattern singles out and each row's closeness (0..1) to the group's typical answers.

        Parameters
        ----------
        first, second : Column
            The pair, in the kind's order.
        pattern : Pattern
            The pattern (its highlight and effect say which group).

        Returns
        -------
        rows : numpy.ndarray of bool
        closeness : numpy.ndarray of float
            0 outside ``rows``.
        """
        raise NotImplementedError

    def stats(self, first: Column, second: Column, pattern: Pattern, min_group: int, suppress_small: bool) -> dict:
        """The card's table of numbers per group (hidden groups lose their cells).

        Parameters
        ----------
        first, second : Column
            The pair, in the kind's order.
        pattern : Pattern
            The pattern the card is about.
        min_group : int
            Groups under this size are hidden when ``suppress_small``.
        suppress_small : bool
            False only for admins.

        Returns
        -------
        dict
            ``header``, ``rows`` (``label``, ``cells``, ``suppressed``, ``hidden``) and ``note``.
        """
        raise NotImplementedError

    def texts(self, first: Column, second: Column, pattern: Pattern) -> CardTexts:
        """Title, observation, data description and the two interpretation prompts of a card draft.

        Parameters
        ----------
        first, second : Column
            The pair, in the kind's order.
        pattern : Pattern
            The pattern the card is about.

        Returns
        -------
        CardTexts
        """
        raise NotImplementedError

    def chart(self, first: Column, second: Column, min_group: int, suppress_small: bool) -> dict:
        """The neutral chart description (:mod:`analysis.chartspec`) that shows the pattern.

        Parameters
        ----------
        first, second : Column
            The pair, in the kind's order.
        min_group : int
            Groups under this size are hidden when ``suppress_small``.
        suppress_small : bool
            False only for admins.

        Returns
        -------
        dict
        """
        raise NotImplementedError


def round2(value) -> float | None:
    """A table cell: rounded to two decimals, None for a missing or infinite value.

    Parameters
    ----------
    value : float or None

    Returns
    -------
    float or None
    """
    return None if value is None or not np.isfinite(value) else round(float(value), 2)


SHAPE_HEADER = ["n", "gemiddelde", "mediaan", "modus", "sd", "scheefheid", "kurtosis"]


def shape_cells(values: np.ndarray) -> list:
    """One row of a card's shape table (:data:`SHAPE_HEADER`) for the answered values of a slider.

    Parameters
    ----------
    values : numpy.ndarray
        The answered values.

    Returns
    -------
    list
        n, then six numbers rounded to two decimals (None when not defined).
    """
    from analysis.describe import shape

    s = shape(values)
    return [s.n] + [round2(v) for v in (s.mean, s.median, s.mode, s.sd, s.skewness, s.kurtosis)]


def plain_words(kind: str, pattern: Pattern) -> str:
    """How strong and how certain, in B1 words for the people at the table (no test names, no q).

    Parameters
    ----------
    kind : str
        The pair kind's name (a difference between groups, or a link).
    pattern : Pattern

    Returns
    -------
    str
        E.g. 'Dit is een duidelijk verschil; het is heel onwaarschijnlijk dat dit toeval is.'
    """
    from analysis.cardtext import strength_and_certainty

    return strength_and_certainty(kind, pattern.effect_class, pattern.qvalue)
