"""Differencing attacks on small groups, tried the way a viewer would: through lists, story pages and charts.

The world: a viewer for Twente. Twente has 19 stories about "Ondertoezichtstelling" (ots): 18 from parents
and exactly one from a young person; 17 in the first quarter of 2026 and 2 in the second. Six more Twente
stories are about other help. Nijmegen has stories the viewer may never see.

A list of 5 or more stories is allowed, but the attributes shown on its rows (role, region, period, kind of
help) must not let the viewer count a group of 1-4 within that list: the dashboard hides such a group, so
the list may not give it back. The same goes for a story page opened with the list's filters. Charts must
show no count of 1-4 and must not tell a real 0 from a hidden 1-4.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from html import unescape

import pytest

ROLE_LABELS = {"youth": "Ik ben kind of jongere", "parent": "Ik ben ouder of verzorger",
               "professional": "Ik ben professional"}
REGION_NAMES = {"twente": "Twente", "rijk-van-nijmegen": "Rijk van Nijmegen"}
HELP_LABELS = {"jeugdhulp": "Jeugdhulp", "jeugd_ggz": "Jeugd-ggz", "ots": "Ondertoezichtstelling"}
SMALL = range(1, 5)


def _quarter(day: date) -> str:
    return f"{day.year}-K{(day.month - 1) // 3 + 1}"


@pytest.fixture
def world(project, make_story, make_user, login):
    """Stories as (public_id, attributes); the viewer is logged in on ``client``."""
    made = []

    def add(role, help_type, week, region="twente", outcome=70.0):
        place = "enschede" if region == "twente" else "nijmegen"
        story = make_story(project, role=role, week=week,
                           text=f"Een verhaal van een {role} over {help_type} met genoeg woorden erin.",
                           answers={"outcome": outcome, "heard": 60.0, "help_type": [help_type], "place": place})
        made.append((story.public_id, {"role": role, "region": region, "period": _quarter(week),
                                       "help_type": help_type}))

    for i in range(18):
        add("parent", "ots", date(2026, 2, 2) if i < 16 else date(2026, 5, 4), outcome=10.0 + 5 * (i % 3))
    add("youth", "ots", date(2026, 2, 9), outcome=95.0)
    for i in range(6):
        add(*(("parent", "jeugd_ggz") if i < 4 else ("professional", "jeugdhulp")), date(2026, 2, 16), outcome=40.0 + i)
    for i in range(6):
        add("youth", "jeugdhulp", date(2026, 5, 11), region="rijk-van-nijmegen")
    login(make_user("viewer", region_keys=("twente",)))
    return made


def _viewer_filters():
    """Every single filter a viewer can set on the list, and the pair from the issue."""
    filters = [{}]
    filters += [{"help_type": key} for key in HELP_LABELS]
    filters += [{"role": key} for key in ROLE_LABELS]
    filters += [{"region": "twente"}]
    filters += [{"from": "2026-01-01", "to": "2026-03-31"}, {"from": "2026-04-01", "to": "2026-06-30"}]
    filters += [{"help_type": "ots", "role": "parent"}, {"help_type": "ots", "from": "2026-01-01", "to": "2026-03-31"}]
    return filters


def _list_rows(client, args: dict) -> list[str]:
    """The text of every row of a story list, over all its pages ([] when the list is refused)."""
    rows, page = [], 1
    while True:
        response = client.get("/beheer/analyse/verhalen", query_string={"project": "proef", **args, "page": page})
        assert response.status_code == 200, args
        html = response.get_data(as_text=True)
        found = re.findall(r'<li class="card">(.*?)</li>', html, re.S)
        rows += [unescape(re.sub(r"<[^>]+>", " ", row)) for row in found]
        if "Volgende" not in html:
            return rows
        page += 1


def _shown_values(text: str) -> dict[str, str]:
    """Which value of each attribute a row (or story page) lets a reader see."""
    shown = {}
    for key, label in ROLE_LABELS.items():
        if label in text:
            shown["role"] = key
    for key, name in REGION_NAMES.items():
        if re.search(rf"\b{re.escape(name)}\b", text):
            shown["region"] = key
    week = re.search(r"(\d\d)-(\d\d)-(\d{4})", text)
    if week:
        shown["period"] = _quarter(date(int(week.group(3)), int(week.group(2)), int(week.group(1))))
    quarter = re.search(r"(\d{4}) kwartaal (\d)", text)
    if quarter:
        shown["period"] = f"{quarter.group(1)}-K{quarter.group(2)}"
    for key, label in HELP_LABELS.items():
        if re.search(rf"\b{re.escape(label)}\b", text):
            shown["help_type"] = key
    return shown


@pytest.mark.parametrize("args", _viewer_filters(), ids=lambda a: "&".join(f"{k}={v}" for k, v in a.items()) or "none")
def test_a_story_list_never_lets_a_viewer_count_a_small_group_by_its_rows(client, world, args):
    rows = _list_rows(client, args)
    assert not rows or len(rows) >= 5
    for attribute in ("role", "region", "period", "help_type"):
        values = Counter(_shown_values(row).get(attribute) for row in rows)
        values.pop(None, None)
        small = {value: n for value, n in values.items() if n in SMALL}
        assert not small, f"list {args} shows {attribute} groups of 1-4: {small}"


def test_the_issues_attack_no_longer_finds_the_only_youth_story(client, world):
    refused = client.get("/beheer/analyse/verhalen", query_string={"project": "proef", "help_type": "ots",
                                                                    "role": "youth"}).get_data(as_text=True)
    assert "minder dan 5" in refused
    rows = _list_rows(client, {"help_type": "ots"})
    assert len(rows) == 19
    assert not any(ROLE_LABELS["youth"] in row for row in rows)


@pytest.mark.parametrize("args", [{}, {"help_type": "ots"}], ids=["no filters", "help_type=ots"])
def test_a_story_page_shows_no_attribute_that_is_a_small_group_under_its_filters(client, world, args):
    """Opening each story of the list one by one must not give back what the list rows hide."""
    visible = [(public_id, attrs) for public_id, attrs in world if attrs["region"] == "twente"
               and all(attrs.get(k if k != "help_type" else "help_type") == v for k, v in args.items())]
    group_sizes = {attribute: Counter(attrs[attribute] for _, attrs in visible)
                   for attribute in ("role", "region", "period", "help_type")}
    for public_id, attrs in visible:
        response = client.get(f"/beheer/analyse/verhalen/{public_id}", query_string={"project": "proef", **args})
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        meta = re.search(r'<p class="muted">(.*?)</p>', html, re.S).group(1)
        answers = re.search(r'<dl class="answers">(.*?)</dl>', html, re.S)
        text = unescape(re.sub(r"<[^>]+>", " ", meta + (answers.group(1) if answers else "")))
        for attribute, value in _shown_values(text).items():
            assert group_sizes[attribute][value] not in SMALL, \
                f"story page {public_id} under {args} shows {attribute}={value}, a group of {group_sizes[attribute][value]}"


def _viewer_specs(client, args: dict) -> list[dict]:
    html = client.get("/beheer/analyse/", query_string={"project": "proef", **args}).get_data(as_text=True)
    blocks = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S)
    return [json.loads(unescape(block)) for block in blocks], html


def _true_counts(world, args) -> dict:
    visible = [attrs for _, attrs in world if attrs["region"] == "twente"
               and all(attrs.get(k) == v for k, v in args.items())]
    return {"help_type": Counter(a["help_type"] for a in visible), "role": Counter(a["role"] for a in visible)}


@pytest.mark.parametrize("args", [{}, {"help_type": "ots"}, {"role": "parent"}], ids=["none", "ots", "parent"])
def test_viewer_charts_show_no_count_of_one_to_four(client, world, args):
    specs, html = _viewer_specs(client, args)
    assert specs, "the dashboard draws charts"
    for figure in specs:
        for trace in figure.get("data", []):
            if trace.get("type") == "bar":
                for value in trace.get("y", []) + trace.get("x", []):
                    assert not (isinstance(value, (int, float)) and value in SMALL and not isinstance(value, bool)), \
                        f"{figure.get('layout', {}).get('title')}: a bar of {value}"
    cells = re.findall(r'<td class="num">\s*(\d+)\s*</td>', html)
    assert not [c for c in cells if int(c) in SMALL], "a numbers table shows a count of 1-4"


@pytest.mark.parametrize("args", [{}, {"help_type": "ots"}, {"role": "parent"}], ids=["none", "ots", "parent"])
def test_viewer_tables_do_not_tell_a_real_zero_from_a_hidden_small_group(client, world, args):
    _, html = _viewer_specs(client, args)
    cells = re.findall(r'<th scope="row">(.*?)</th>\s*<td class="num">(.*?)</td>', html, re.S)
    shown = {unescape(re.sub(r"<[^>]+>", "", label)).strip(): unescape(value).strip() for label, value in cells}
    truth = _true_counts(world, args)
    for attribute, labels in (("help_type", HELP_LABELS), ("role", ROLE_LABELS)):
        hidden = {shown.get(labels[key]) for key in labels if truth[attribute][key] < 5}
        assert "0" not in hidden, f"{attribute}: a real 0 is shown as 0 next to hidden groups"
        assert len(hidden - {None}) <= 1, f"{attribute}: zero and small groups look different: {hidden}"
        assert None not in hidden or not (hidden - {None}), f"{attribute}: a zero group is left out, a small one not"


def test_service_specs_mark_zero_and_small_bars_the_same_for_non_admins(app, session, world):
    from werkzeug.datastructures import MultiDict

    from vertelpunt.accounts.services import create_user
    from vertelpunt.insights.dashboard import question_charts
    from vertelpunt.insights.filters import parse_filters

    viewer = create_user(session, "viewer2@example.org", "Een-sterk-wachtwoord-123", "viewer", ("twente",))
    selection = parse_filters(session, MultiDict({"project": "proef", "help_type": "ots"}), viewer)
    charts = {chart.key: chart for chart in question_charts(session, selection, min_group=5, suppress=True)}
    bars = {bar["key"]: bar for bar in charts["help_type"].spec["bars"]}
    assert bars["ots"]["n"] == 19
    assert (bars["jeugdhulp"]["n"], bars["jeugdhulp"]["hidden"]) == (None, "small")  # a real 0
    for chart in charts.values():
        if chart.spec and chart.spec["kind"] == "histogram":
            for group in chart.spec["groups"]:
                assert all(count is None or count >= 5 for count in group["counts"] or []), group["counts"]


def test_the_threshold_is_read_in_one_place_only():
    """One function reads SMALL_GROUP_THRESHOLD; every other module asks it (web scans included)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    read = re.compile(r"""config(\.get\(|\[)\s*["']SMALL_GROUP_THRESHOLD""")
    readers = sorted(str(path.relative_to(root)) for folder in ("vertelpunt", "analysis")
                     for path in (root / folder).rglob("*.py") if read.search(path.read_text(encoding="utf-8")))
    assert readers == ["vertelpunt/small_groups.py"]
    literal = re.compile(r"min_group\s*(?::\s*int\s*)?=\s*\d")
    for folder in ("vertelpunt", "analysis"):
        for path in (root / folder).rglob("*.py"):
            assert not literal.search(path.read_text(encoding="utf-8")), f"{path}: a literal threshold"


def test_web_scans_use_the_configured_threshold(app, session, project, make_story, make_user):
    from vertelpunt.cards.runs import start_scan
    from vertelpunt.insights.records import StoryFilter

    for i in range(16):
        make_story(project, answers={"outcome": 10.0 * (i % 10), "heard": 50.0, "help_type": ["jeugdhulp"],
                                     "place": "enschede"})
    app.config["SMALL_GROUP_THRESHOLD"] = 7
    with app.test_request_context("/"):
        run = start_scan(session, project, StoryFilter(), make_user("analyst"), splits=0)
    assert run.options["min_group"] == 7
