"""Participants at the table read a drafted card's words: how strong and how certain in plain Dutch, never
a test name or a q-value (the public follow-up page: tests/proposals/test_plain_words.py)."""
from __future__ import annotations

import pytest

from analysis.cards import draft_card
from analysis.patterns import ScanOptions, scan
from tests.analysis_lib.helpers import planted_table
from tests.facilitate.test_routes import join_as

TECHNICAL = ("epsilon", "rank-biserial", "Cramer", "rho", "Spearman", "q &lt;", "q =", "q <", "Kruskal", "chi-kwadraat")


@pytest.fixture(scope="module")
def drafts():
    """The default texts of cards drafted from every notable pattern of a planted table (all three kinds)."""
    table = planted_table()
    result = scan(table, ScanOptions(stability_splits=0))
    made = [draft_card(table, pattern) for pattern in result.notable]
    assert {p.kind for p in result.notable} == {"numeric~category", "category~category", "numeric~numeric"}
    return made


def test_participants_read_plain_words_on_the_table(client, plan, session, drafts, no_csrf):
    card = plan.tables[0].cards[0].card
    for draft in drafts:
        card.title, card.observation, card.content = draft.title, draft.observation, draft.to_content()
        session.commit()
        page = client.get(join_as(client, plan)).get_data(as_text=True).replace("&#39;", "'")
        assert draft.observation.split(" (n = ")[0].split(". ")[0] in page and "dat dit toeval is" in page
        assert not [word for word in TECHNICAL if word in page], draft.observation
