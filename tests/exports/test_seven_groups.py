"""A card whose chart has seven groups (one per youth-care region) stays readable on one A4 page (issue 19.3):
every group label is in the PDF's text, no two chart labels overlap, and the chart's text is printed at a
readable size."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis.cards import draft_card
from analysis.data import AnswerTable
from analysis.patterns import ScanOptions, scan
from analysis.svg import to_svg
from analysis.svg_strips import text_width
from tests.exports.conftest import pdf_text
from vertelpunt.exports.cards import card_pdf
from vertelpunt.exports.charts import HEIGHT, WIDTH
from vertelpunt.geo.services import read_regions

SEVEN = [(r["key"], r["name"]) for r in read_regions()][:7]
FORM = {"key": "seven", "roles": [{"key": "parent", "label": "Ouder"}], "modules": [{"key": "m", "questions": [
    {"key": "on_time", "type": "slider", "text": "Kwam de hulp op tijd?", "left": "Veel te laat",
     "right": "Precies op tijd"},
    {"key": "moment", "type": "single_choice", "text": "Over welk moment gaat je verhaal?", "options": [
        {"key": "zoeken", "label": "Hulp zoeken"}, {"key": "wachten", "label": "Wachten op hulp"},
        {"key": "start", "label": "De start van de hulp"}]}]}]}
TEXTS = ["We hebben maanden op een wachtlijst gestaan en het werd thuis steeds erger.",
         "De hulpverlener nam de tijd voor ons en legde alles rustig uit.",
         "Mijn dochter kreeg een begeleider die elke week bij ons thuis kwam."]


def seven_group_table() -> AnswerTable:
    records = []
    for r_index, (key, _name) in enumerate(SEVEN):
        for i in range(24):
            late = key == "twente"
            records.append({"public_id": f"{key}-{i}", "role": "parent", "region": key, "week": "2026-03-02",
                            "text": f"{TEXTS[i % 3]} Verhaal {i} uit de regio.",
                            "answers": {"on_time": float((10 if late else 45) + (i * 7 + r_index * 3) % 40),
                                        "moment": ("zoeken", "wachten", "start")[(i + r_index) % 3]}})
    return AnswerTable.from_records(FORM, records, dict(SEVEN))


@pytest.fixture(scope="module")
def seven_content():
    table = seven_group_table()
    result = scan(table, ScanOptions(confirm_splits=0, strata=()))
    pattern = next(p for p in result.notable if {p.a, p.b} == {"on_time", "region"})
    return draft_card(table, pattern).to_content()


@pytest.fixture
def seven_card(make_card, make_story, project, session, seven_content):
    long = ("Na de aanmelding hebben we maanden op een wachtlijst gestaan, en in die tijd werd het thuis steeds "
            "moeilijker, zonder dat iemand ons vertelde hoe lang het nog zou duren of wat we zelf konden doen.")
    stories = [make_story(project, text=f"{long} Verhaal {i}. " + " ".join(["Het was zwaar."] * 4)) for i in range(3)]
    observation = ("Bij mensen uit Twente (n = 24) is de mediaan (het middelste antwoord) van 'Kwam de hulp op tijd?' "
                   "28; bij de rest (n = 144) is dat 64. Dit is een groot verschil; het is heel onwaarschijnlijk dat "
                   "dit toeval is. Het gaat om 168 verhalen. We hebben de verhalen 5 keer willekeurig in twee helften "
                   "verdeeld: 5 van de 5 keer vonden we het patroon in de ene helft en zagen we het terug in de andere.")
    card = make_card(title="Mensen in Twente zetten 'Kwam de hulp op tijd?' meestal lager dan mensen in de andere "
                     "regio's van het land", stories=stories, status="concept", observation=observation)
    # As long as an analyst's line gets (the demo's outcome x feeling card ran the page off its right edge).
    card.content = {**seven_content, "confirmed": 5, "confirm_splits": 5, "effect_name": "epsilon-squared",
                    "effect_low": 0.49, "effect_high": 0.69, "strength": 0.77, "data_description": (
        seven_content["data_description"] + " " + seven_content["data_description"])}
    card.pattern_key = "on_time|region"
    session.commit()
    return card


def _pages(data: bytes, tmp_path: Path) -> list[tuple[float, float]]:
    path = tmp_path / "seven.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    return [(float(size.group(1)), float(size.group(2)))] * int(re.search(r"Pages:\s+(\d+)", info).group(1))


def test_a_seven_group_card_is_one_a4_page_with_every_label(seven_card, seven_content, tmp_path):
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) not installed")
    for analysts in (False, True):  # an analyst's card also carries the test, effect and splits
        data = card_pdf(seven_card, analysts=analysts)
        if os.environ.get("VERTELPUNT_KEEP_PDF"):
            Path(os.environ["VERTELPUNT_KEEP_PDF"]).write_bytes(data)
        pages = _pages(data, tmp_path)
        assert len(pages) == 1, analysts
        assert sorted(round(side / 72 * 25.4) for side in pages[0]) == [210, 297]  # A4 (landscape)
        text = " ".join(pdf_text(data, tmp_path).split())
        assert all(name in text for _, name in SEVEN), [name for _, name in SEVEN if name not in text]
        assert ("Voor analisten" in text) is analysts
        assert "splitsingen" in text if analysts else True
        right = max(w[3] for w in _words(data, tmp_path))
        assert right <= pages[0][0] - 15 / 25.4 * 72 + 1  # nothing runs into the right margin, or off the page


def _words(data: bytes, tmp_path: Path) -> list[tuple[str, float, float, float, float]]:
    path = tmp_path / "words.pdf"
    path.write_bytes(data)
    xml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [(html_word, float(x0), float(y0), float(x1), float(y1)) for x0, y0, x1, y1, html_word in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', xml)]


#: A word's box in pdftotext is about 1.16 times its font size (DejaVu Sans): 7 pt boxes are 6 pt type.
BOX_PER_POINT = 1.16
READABLE_PT = 6.0


def test_the_charts_group_labels_are_printed_whole_and_readable(seven_card, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    words = _words(card_pdf(seven_card, analysts=True), tmp_path)
    column = 297 / 25.4 * 72 * 0.40  # the chart stands in the left column of the landscape page
    for _, name in SEVEN:
        first = name.split()[0]
        in_chart = [w for w in words if w[0] == first and w[3] < column and w[2] > 200]
        assert in_chart, f"{name} is not drawn in the chart"
        size = (in_chart[0][4] - in_chart[0][2]) / BOX_PER_POINT
        assert size >= READABLE_PT, (name, round(size, 1))
        assert in_chart[0][1] >= 0


def _boxes(svg: str) -> list[tuple[str, float, float, float, float]]:
    """Every unrotated text element's box, estimated from its font size (analysis.svg_strips.text_width)."""
    boxes = []
    for attrs, text in re.findall(r"<text ([^>]*)>([^<]*)</text>", svg):
        if "rotate(" in attrs:
            continue
        get = dict(re.findall(r'([\w-]+)="([^"]*)"', attrs))
        x, y, size = float(get["x"]), float(get["y"]), float(get["font-size"])
        w = text_width(text.replace("&amp;", "&"), size, get.get("font-weight") == "bold")
        x0 = {"start": x, "middle": x - w / 2, "end": x - w}[get.get("text-anchor", "start")]
        boxes.append((text, x0, y - 0.8 * size, x0 + w, y + 0.2 * size))
    return boxes


@pytest.mark.parametrize("long_names", [False, True])
def test_no_two_labels_of_a_seven_group_chart_overlap(seven_content, long_names):
    spec = dict(seven_content["chart"])
    if long_names:  # names as long as the longest Dutch youth-care regions get
        spec["groups"] = [{**g, "label": f"{g['label']} en omgeving Noord"} for g in spec["groups"]]
    svg = to_svg(spec, width=WIDTH, height=HEIGHT)
    width = float(re.search(r'<svg [^>]*width="(\d+)"', svg).group(1))
    boxes = _boxes(svg)
    assert sum(1 for box in boxes if box[0] in {g["label"] for g in spec["groups"]} or box[0].endswith("…")) == 7
    for text, x0, y0, x1, y1 in boxes:
        assert x0 >= 0 and x1 <= width, text
    for i, a in enumerate(boxes):
        for b in boxes[:i]:
            apart = a[3] <= b[1] or b[3] <= a[1] or a[4] <= b[2] or b[4] <= a[2]
            assert apart, (a[0], b[0])
