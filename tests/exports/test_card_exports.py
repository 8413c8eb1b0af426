"""A card as a standalone HTML page and as a tagged A4 PDF with the chart drawn as vectors."""
from __future__ import annotations

import re

from tests.exports.conftest import inflated, path_operators, pdf_text
from vertelpunt.exports.cards import DISCLAIMER, card_html, card_pdf, exported_stories
from vertelpunt.exports.charts import chart_svg


def test_card_pdf_is_tagged_and_holds_text_and_chart(make_card, tmp_path):
    card = make_card()
    data = card_pdf(card)
    assert data.startswith(b"%PDF")
    raw = inflated(data)
    assert b"/StructTreeRoot" in raw and b"/MarkInfo" in raw
    assert b"/Lang (nl)" in raw
    assert b"/Title (Gehoord worden verschilt per regio" in raw
    text = " ".join(pdf_text(data, tmp_path).split())
    assert card.title in text
    assert card.observation in text
    labels = [label for label in re.findall(r"<text[^>]*>([^<]+)</text>", str(chart_svg(card.content)))
              if re.search(r"[A-Za-z]{3}", label)]
    assert labels and all(label in text for label in labels)  # the chart's own text, drawn from the SVG
    assert "Pagina 1 van" in text
    assert path_operators(data) > 5  # the bars became vector paths


def test_a_pdf_without_chart_has_fewer_paths(make_card, session):
    card = make_card()
    with_chart = path_operators(card_pdf(card))
    card.content = {k: v for k, v in card.content.items() if k not in ("chart", "stats")}
    session.commit()
    assert path_operators(card_pdf(card)) < with_chart


def test_html_is_standalone_with_svg_and_disclaimer(make_card):
    html = card_html(make_card())
    assert html.startswith("<!doctype html>") and '<html lang="nl">' in html
    assert "<svg" in html and "</svg>" in html
    assert DISCLAIMER in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert not re.search(r"\s(src|href)=", html)
    assert "<link" not in html and "<script" not in html
    assert "CONCEPT" not in html


def test_script_title_is_escaped_in_html_and_literal_in_pdf(make_card, tmp_path):
    card = make_card(title="<script>alert(1)</script>", status="concept")
    html = card_html(card)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "CONCEPT" in html
    text = pdf_text(card_pdf(card), tmp_path)
    assert "<script>alert(1)</script>" in text and "CONCEPT" in text


def test_hidden_story_drops_out_of_exports(make_card, make_story, project, session, tmp_path):
    shown = make_story(project, text="Mijn begeleider luisterde echt naar mij en dat hielp ons gezin enorm.")
    hidden = make_story(project, text="Zichtbaar citaat uit een verhaal dat later verborgen werd door moderatie.")
    card = make_card(stories=[shown, hidden])
    hidden.status = "hidden"
    session.commit()
    assert [s.public_id for s in exported_stories(card)] == [shown.public_id]
    html = card_html(card)
    assert shown.public_id in html and hidden.public_id not in html
    assert "verborgen werd" not in html
    text = " ".join(pdf_text(card_pdf(card), tmp_path).split())
    assert shown.public_id in text and hidden.public_id not in text


def test_chart_falls_back_to_table_bars_and_escapes_labels():
    from tests.exports.conftest import card_content

    content = card_content(region_labels=("<b>Twente</b>", "Rijk van Nijmegen"))
    content["chart"] = {"kind": "onbekend"}
    svg = str(chart_svg(content))
    assert svg.startswith("<svg") and svg.count("<rect") == 2  # the two shown rows; Groningen is suppressed
    assert "&lt;b&gt;Twente&lt;/b&gt;" in svg and "<b>" not in svg
    assert str(chart_svg({"description": "leeg"})) == ""
