"""The typical stories on a card say different things (issue 19.3): a quote that repeats another with a word or
two changed gives way to one that says something else."""
from analysis.cards import _alike, _words


def test_nearly_the_same_sentence_counts_as_the_same_quote():
    a = _words("We wachtten maanden op hulp en niemand vertelde ons hoe lang het nog zou duren.")
    b = _words("We wachtten weken op hulp en niemand vertelde ons hoe lang het nog zou duren.")
    c = _words("Mijn dochter mocht zelf kiezen waar het gesprek was, dat hielp echt.")
    assert _alike(a, b) and not _alike(a, c) and not _alike(frozenset(), a)
