"""How strong and how certain, in words, wherever people outside the analysts read a card; the numbers
(test, q, effect and its interval) only in the analysts' section."""
from __future__ import annotations

import pytest

from vertelpunt.exports.cards import card_html, deck_html

TECHNICAL = ("epsilon", "q = 0,004", "q &lt; 0,001", "q < 0,001", "Kruskal-Wallis", "Voor analisten")
PLAIN = ("Hoe sterk", "Een duidelijk verband.", "Hoe zeker", "Het is onwaarschijnlijk dat dit toeval is.")


def test_deck_and_card_export_say_it_in_words(make_card):
    card = make_card()
    for html in (deck_html([card], "Deck Twente"), card_html(card)):
        assert all(word in html for word in PLAIN)
        assert not [word for word in TECHNICAL if word in html]


def test_analysts_export_keeps_the_numbers_with_the_interval(make_card, session):
    card = make_card()
    card.content = {**card.content, "effect_low": 0.12, "effect_high": 0.31, "strength": 0.46}
    session.commit()
    html = card_html(card, analysts=True)
    assert "Voor analisten" in html and "q = 0,004" in html and "p &lt; 0,001" in html
    assert "epsilon² 0,21 (95%-interval 0,12 tot 0,31), middel" in html and "Sterkte (r)" in html
    assert all(word in html for word in PLAIN)


@pytest.mark.parametrize("role, numbers", [("viewer", False), ("facilitator", False), ("analyst", True)])
def test_card_page_and_download_show_numbers_to_analysts_only(make_card, make_user, login, client, role, numbers):
    card = make_card()
    login(make_user(role, region_keys=("twente",)) if role == "viewer" else make_user(role))
    for url in (f"/beheer/kaarten/{card.id}", f"/beheer/kaarten/{card.id}/kaart.html"):
        page = client.get(url).get_data(as_text=True)
        assert all(word in page for word in PLAIN), url
        assert ("Voor analisten" in page and "q = 0,004" in page and "epsilon" in page) == numbers, url
