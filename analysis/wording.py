"""One plain-Dutch sentence per pattern (B1): what the data shows, never why."""
from __future__ import annotations

from analysis.data import Column


def _label(column: Column, key: str) -> str:
    """The label of a category, also for merged sparse categories ("a + b")."""
    parts = key.split(" + ")
    return " + ".join(column.category_label(column.categories.index(p)) if p in column.categories else p for p in parts)


def numeric_by_category(numeric: Column, category: Column, highlight: dict) -> str:
    """Parameters
    ----------
    numeric, category : Column
    highlight : dict
        The outcome's ``group``, ``median`` and ``median_rest``.

    Returns
    -------
    str
    """
    group = highlight["group"]
    direction = "hoger" if highlight["median"] > highlight["median_rest"] else "lager"
    return (f"'{numeric.label}' is {direction} bij '{_label(category, group)}' ({category.label}) dan bij de rest "
            f"(mediaan {highlight['median']:.0f} tegen {highlight['median_rest']:.0f}).")


def category_by_category(a: Column, b: Column, highlight: dict) -> str:
    """Parameters
    ----------
    a, b : Column
    highlight : dict
        The outcome's cell: ``a``, ``b``, ``observed``, ``expected``.

    Returns
    -------
    str
    """
    more = "vaker" if highlight["observed"] > highlight["expected"] else "minder vaak"
    return (f"'{a.label}: {_label(a, highlight['a'])}' komt {more} voor bij '{b.label}: {_label(b, highlight['b'])}' "
            f"dan je zou verwachten ({highlight['observed']} keer, verwacht {highlight['expected']:.0f}).")


def numeric_by_numeric(a: Column, b: Column, rho: float) -> str:
    """Parameters
    ----------
    a, b : Column
    rho : float

    Returns
    -------
    str
    """
    direction = "hoger" if rho > 0 else "lager"
    return f"Hoe hoger '{a.label}', hoe {direction} '{b.label}' meestal is (rho = {rho:.2f})."


def shape_note(label: str, shape) -> str | None:
    """Parameters
    ----------
    label : str
        The slider's question text.
    shape : Shape

    Returns
    -------
    str or None
        None when the shape is unremarkable or n < 20.
    """
    if shape.n < 20:
        return None
    if shape.at_poles >= 0.5:
        return f"De meeste vertellers zetten '{label}' helemaal aan een kant ({shape.at_poles:.0%} bij een uiterste)."
    if shape.bimodal:
        return f"Bij '{label}' zijn de vertellers verdeeld: er zijn twee pieken."
    return None
