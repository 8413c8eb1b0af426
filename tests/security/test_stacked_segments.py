"""Stacked bars: a segment of 1-4 stories inside a shown group is a small group too.

The world: 28 parents (26 about jeugdhulp, 2 about ots), 12 young people (all about ots) and 10
professionals (all about jeugd-ggz). The scan finds role x kind of help; its stacked bars show groups of
10-28, but "ots" among parents is 2 of 28 (7%) and "jeugdhulp" among young people a real 0. For anyone but an
admin, neither may show as a count or a share, and the two must look the same; admins see both. The
patterns page (Plotly JSON and its numbers table), the observation card (chart, numbers and statistics
table) and the card's export (SVG) are all checked.
"""
from __future__ import annotations

import json
import re
from datetime import date
from html import unescape

import pytest

SMALL = range(1, 5)


@pytest.fixture
def world(session, project, make_story, make_user):
    for i in range(50):
        role, help_type = (("parent", "ots" if i in (3, 17) else "jeugdhulp") if i < 28 else
                           ("youth", "ots") if i < 40 else ("professional", "jeugd_ggz"))
        make_story(project, commit=False, role=role, week=date(2026, 1 + i % 6, 5),
                   text=f"Een verhaal van een {role} over {help_type} met genoeg woorden erin, nummer {i}.",
                   answers={"outcome": 10.0 + (i * 37) % 80, "heard": 20.0 + (i * 53) % 70, "help_type": [help_type],
                            "place": ("enschede", "nijmegen")[i % 2]})
    session.commit()
    return {"analyst": make_user("analyst", "analist@example.org"), "admin": make_user("admin", "beheer@example.org"),
            "viewer": make_user("viewer", "kijker@example.org", region_keys=("twente", "rijk-van-nijmegen"))}


def _scan(session, project, user):
    from vertelpunt.cards.runs import start_scan
    from vertelpunt.insights.records import StoryFilter

    run = start_scan(session, project, StoryFilter(), user, splits=0)
    session.commit()
    return run


def _stacked_figures(html: str) -> list[dict]:
    blocks = [json.loads(unescape(block)) for block in
              re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S)]
    return [figure for figure in blocks if figure.get("layout", {}).get("barmode") == "stack"]


def _stacked_tables(html: str) -> list[list[tuple[str, str, list[str]]]]:
    """(label, n, segment cells) per row of every stacked numbers table (its header ends in segment labels)."""
    tables = []
    for table in re.findall(r"<table.*?</table>", html, re.S):
        rows = []
        for label, cells in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table, re.S):
            values = [unescape(re.sub(r"<[^>]+>", "", cell)).strip()
                      for cell in re.findall(r'<td class="num">(.*?)</td>', cells, re.S)]
            if len(values) >= 3 and any(value.endswith("%") for value in values[1:]) or \
                    any(value.startswith("<") or value == "verborgen" for value in values[1:]):
                rows.append((label.strip(), values[0], values[1:]))
        if rows:
            tables.append(rows)
    return tables


def _assert_no_small_segment(html: str, min_group: int = 5) -> None:
    figures = _stacked_figures(html)
    assert figures, "the page draws a stacked chart"
    for figure in figures:
        for trace in figure["data"]:
            if trace["name"] == "Niet getoond":
                continue
            for y, text in zip(trace["y"], trace["text"]):
                if y is None:
                    assert text in (f"< {min_group}", "verborgen"), text
                else:
                    assert text.isdigit() and int(text) >= min_group, f"{trace['name']}: a segment of {text} ({y}%)"
    tables = _stacked_tables(html)
    assert tables, "the page has a numbers table for the stacked chart"
    for rows in tables:
        for label, n, cells in rows:
            for cell in cells:
                if cell.endswith("%"):
                    share = float(cell.rstrip("%").replace(",", "."))
                    assert n.isdigit() and round(share * int(n) / 100) >= min_group, f"{label}: {cell} of {n}"
                else:
                    assert cell in (f"< {min_group}", "verborgen", "–"), f"{label}: {cell}"


def _segment_cells(html: str, label: str) -> set[str]:
    return {cell for rows in _stacked_tables(html) for row_label, _, cells in rows if row_label == label
            for cell in cells}


def test_a_non_admins_stacked_spec_hides_small_segments_and_zero_alike(session, project, world):
    from analysis.chartspec import pattern_chart
    from vertelpunt.cards.runs import run_table

    run = _scan(session, project, world["analyst"])
    spec = pattern_chart(run_table(session, run), {"a": "role", "b": "help_type=ots"}, min_group=5, suppress_small=True)
    assert spec["kind"] == "stacked" and spec["min_group"] == 5
    groups = {g["key"]: i for i, g in enumerate(spec["groups"])}
    series = {s["key"]: s for s in spec["series"]}
    parent, youth = groups["parent"], groups["youth"]
    assert spec["groups"][parent]["n"] == 28 and spec["groups"][youth]["n"] == 12  # the groups stay visible
    for s in spec["series"]:
        for count, share in zip(s["counts"], s["shares"]):
            assert count is None or count >= 5, s
            assert share is None or round(share * 28) >= 5 or round(share * 12) >= 5 or round(share * 10) >= 5
    assert series["ja"]["hidden"][parent] == series["nee"]["hidden"][youth] == "small"  # 2 and a real 0: alike
    assert series["ja"]["counts"][parent] is series["nee"]["counts"][youth] is None
    admin = pattern_chart(run_table(session, run), {"a": "role", "b": "help_type=ots"}, min_group=5, suppress_small=False)
    admin_groups = {g["key"]: i for i, g in enumerate(admin["groups"])}
    admin_series = {s["key"]: s for s in admin["series"]}
    assert admin_series["ja"]["counts"][admin_groups["parent"]] == 2
    assert admin_series["nee"]["counts"][admin_groups["youth"]] == 0


def test_the_patterns_page_shows_an_analyst_no_segment_of_one_to_four(client, login, session, project, world):
    run = _scan(session, project, world["analyst"])
    login(world["analyst"])
    html = client.get(f"/beheer/patronen/{run.id}", query_string={"toon": "all"}).get_data(as_text=True)
    _assert_no_small_segment(html)
    assert "delen met minder dan 5 verhalen zijn grijs" in unescape(html)
    parents = _segment_cells(html, "Ik ben ouder of verzorger")
    youth = _segment_cells(html, "Ik ben kind of jongere")
    assert "0%" not in youth and "7%" not in parents and "< 5" in parents and "< 5" in youth


def test_an_admin_sees_every_segment_on_the_patterns_page(client, login, session, project, world):
    run = _scan(session, project, world["analyst"])
    login(world["admin"])
    html = client.get(f"/beheer/patronen/{run.id}", query_string={"toon": "all"}).get_data(as_text=True)
    figures = _stacked_figures(html)
    assert figures
    texts = {text for figure in figures for trace in figure["data"] for text in trace.get("text", [])}
    assert "2" in texts and "0" in texts and "< 5" not in texts
    assert "7%" in _segment_cells(html, "Ik ben ouder of verzorger")
    assert "0%" in _segment_cells(html, "Ik ben kind of jongere")


def _published_card(session, run, world):
    from vertelpunt.cards import services
    from vertelpunt.cards.runs import pattern_key
    from vertelpunt.insights.scans import stored_result

    patterns = [p for p in stored_result(run).notable if {p.a, p.b} & {"role"} and "help_type" in p.a + p.b]
    assert patterns, "the scan finds role x kind of help"
    card = services.create_card(session, run, pattern_key(patterns[0]), world["analyst"],
                                min_group=run.options["min_group"])
    services.update_card(session, card, world["analyst"], card.title, card.observation, "De ene kant.", "De andere.")
    services.publish(session, card, world["analyst"])
    session.commit()
    return card


def _client_for(app, user):
    from tests.conftest import STRONG_PASSWORD

    client = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        assert client.post("/beheer/inloggen", data={"email": user.email, "password": STRONG_PASSWORD}).status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = True
    return client


def test_a_card_shows_readers_no_segment_of_one_to_four(app, session, project, world):
    run = _scan(session, project, world["analyst"])
    card = _published_card(session, run, world)
    assert card.content["chart"]["kind"] == "stacked"
    for reader in ("viewer", "admin"):  # a card is drafted for every reader: admins read the same card
        client = _client_for(app, world[reader])
        html = client.get(f"/beheer/kaarten/{card.id}").get_data(as_text=True)
        _assert_no_small_segment(html)
        stats = re.search(r'<table class="card-stats">.*?</table>', html, re.S).group(0)
        for label, cells in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', stats, re.S):
            values = [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r'<td class="num">(.*?)</td>', cells, re.S)]
            n = int(values[0]) if values[0].isdigit() else None
            for value in values[1:]:
                if value not in ("< 5", "verborgen", "–"):
                    assert n and round(float(value.replace(",", ".")) * n / 100) >= 5, f"{label}: {value} of {n}"
    export = _client_for(app, world["viewer"]).get(f"/beheer/kaarten/{card.id}/kaart.html")
    assert export.status_code == 200
    svg = unescape(re.search(r"<svg.*?</svg>", export.get_data(as_text=True), re.S).group(0))
    desc = re.search(r"<desc>(.*?)</desc>", svg, re.S).group(1)
    assert "Niet getoond" in svg and "< 5" in desc
    assert not re.search(r"\b0%|\b7%", desc), desc


def test_notes_under_charts_name_the_configured_threshold(app, client, login, session, project, world):
    app.config["SMALL_GROUP_THRESHOLD"] = 7
    run = _scan(session, project, world["analyst"])
    assert run.options["min_group"] == 7
    login(world["analyst"])
    html = unescape(client.get(f"/beheer/patronen/{run.id}", query_string={"toon": "all"}).get_data(as_text=True))
    _assert_no_small_segment(html, 7)
    assert "delen met minder dan 7 verhalen zijn grijs" in html and "minder dan 5" not in html
    assert "< 7" in html and "< 5" not in html
