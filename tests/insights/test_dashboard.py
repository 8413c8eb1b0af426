"""The analysis dashboard: counts, charts, the stories behind a bar, search, suppression and scope."""
from __future__ import annotations

import json
import re
from datetime import date
from html import unescape

import pytest
from werkzeug.datastructures import MultiDict

from vertelpunt.insights.dashboard import question_charts, region_comparison
from vertelpunt.insights.dashboard_counts import dashboard_counts
from vertelpunt.insights.filters import parse_filters
from vertelpunt.insights.story_lists import StoryClick, StoryListError, story_page

TWENTE_OUTCOMES = [5.0, 12.0, 15.0, 19.5, 20.0, 55.0, 100.0]


@pytest.fixture
def stories(project, make_story):
    """7 published parents in Twente, 3 published youths in Rijk van Nijmegen, plus stories that must never
    count: pending, hidden, and one incomplete (too short)."""
    made = {"twente": [], "nijmegen": []}
    for i, outcome in enumerate(TWENTE_OUTCOMES):
        help_type = ["jeugd_ggz"] if i < 5 else ["jeugdhulp"]
        made["twente"].append(make_story(
            project, title=f"Verhaal {i}", text=f"Lang wachten op de jeugd-ggz, verhaal nummer {i} uit Twente.",
            answers={"outcome": outcome, "heard": 40.0 + i, "help_type": help_type, "mattered": [0.5, 0.25, 0.25],
                     "place": "enschede"}, week=date(2026, 2, 2)))
    for i in range(3):
        made["nijmegen"].append(make_story(
            project, role="youth", title=f"Nijmegen {i}", text=f"Op school ging het mis, verhaal {i} uit Nijmegen geheim.",
            answers={"outcome": 80.0, "heard": 90.0, "help_type": ["ots"], "place": "nijmegen"}, week=date(2026, 5, 4)))
    make_story(project, text="Nog niet beoordeeld verhaal over wachten in Twente.", status="pending",
               answers={"outcome": 50.0, "heard": 50.0, "place": "enschede"})
    make_story(project, text="Verborgen verhaal over wachten in Twente met details.", status="hidden",
               answers={"outcome": 50.0, "heard": 50.0, "place": "enschede"})
    made["incomplete"] = make_story(project, text="Te kort.", answers={"outcome": 60.0, "place": "enschede"})
    return made


def _selection(session, user, **args):
    return parse_filters(session, MultiDict([(k, v) for k, vs in args.items()
                                             for v in (vs if isinstance(vs, list) else [vs])]), user)


def _rows(counts, dimension):
    table = next(t for t in counts.tables if t.dimension == dimension)
    return {row.key: row.n for row in table.rows}


def _reasons(counts, dimension):
    table = next(t for t in counts.tables if t.dimension == dimension)
    return {row.key: row.hidden for row in table.rows}


def test_counts_per_dimension_only_published_and_small_groups_hidden(session, stories, make_user):
    analyst = make_user("analyst")
    counts = dashboard_counts(session, _selection(session, analyst))
    assert counts.total == 10  # 7 + 3 published complete; pending, hidden and incomplete never count
    # 3 youths and 0 professionals look the same ("< 5"): 10 - 7 parents = 3 does not say who they are
    assert _rows(counts, "role") == {"parent": 7, "youth": None, "professional": None}
    assert _reasons(counts, "role") == {"parent": None, "youth": "small", "professional": "small"}
    assert _rows(counts, "region") == {"rijk-van-nijmegen": None, "twente": None}
    assert _rows(counts, "period") == {"2026-K1": None, "2026-K2": None}
    # two small groups (2 and 3): only their sum can be worked out, so the rest is shown
    assert _rows(counts, "help_type") == {"jeugdhulp": None, "jeugd_ggz": 5, "ots": None}
    assert _reasons(counts, "help_type") == {"jeugdhulp": "small", "jeugd_ggz": None, "ots": "small"}
    assert _rows(counts, "complete") == {"complete": None, "incomplete": None}


def test_admin_sees_small_groups(session, stories, make_user):
    admin = make_user("admin")
    counts = dashboard_counts(session, _selection(session, admin), suppress=False)
    assert _rows(counts, "role") == {"parent": 7, "youth": 3}
    assert _rows(counts, "help_type") == {"jeugdhulp": 2, "jeugd_ggz": 5, "ots": 3}
    assert _rows(counts, "complete") == {"complete": 10, "incomplete": 1}


def test_filters_apply_to_counts_and_charts(session, stories, make_user):
    analyst = make_user("analyst")
    selection = _selection(session, analyst, region="twente", help_type="jeugd_ggz")
    counts = dashboard_counts(session, selection)
    assert counts.total == 5 and _rows(counts, "region") == {"twente": 5}
    charts = {c.key: c for c in question_charts(session, selection)}
    assert charts["outcome"].n == 5
    assert charts["outcome"].spec["groups"][0]["counts"][:3] == [None, None, None]  # bins of 1-4 are hidden
    admin = {c.key: c for c in question_charts(session, selection, suppress=False)}
    assert admin["outcome"].spec["groups"][0]["counts"][:3] == [1, 3, 1]  # 5 | 12, 15, 19.5 | 20
    assert ("Gemiddelde", "14,30") in charts["outcome"].shape
    assert charts["help_type"].spec["kind"] == "bars"
    assert charts["mattered"].spec["kind"] == "ternary"
    assert "age" in charts and "place" not in charts and "felt" not in charts


def test_a_chart_of_a_small_group_is_not_drawn_for_non_admins(session, stories, make_user):
    youth = _selection(session, make_user("analyst"), role="youth")
    charts = {c.key: c for c in question_charts(session, youth)}
    assert charts["outcome"].spec is None and charts["outcome"].suppressed
    admin_charts = {c.key: c for c in question_charts(session, _selection(session, make_user("admin"), role="youth"),
                                                       suppress=False)}
    assert admin_charts["outcome"].n == 3


def test_viewer_never_sees_other_regions(session, stories, make_user, client, login):
    viewer = make_user("viewer", region_keys=("twente",))
    counts = dashboard_counts(session, _selection(session, viewer))
    assert counts.total == 7 and set(_rows(counts, "region")) == {"twente"}
    assert _rows(counts, "role") == {"parent": 7, "youth": None, "professional": None}  # 0 looks like 1-4
    login(viewer)
    page = client.get("/beheer/analyse/?project=proef")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Rijk van Nijmegen" not in html
    listed = client.get("/beheer/analyse/verhalen?project=proef&q=verhaal").get_data(as_text=True)
    assert "Nijmegen 0" not in listed and "Verhaal 0" in listed
    wrong = client.get("/beheer/analyse/?project=proef&region=rijk-van-nijmegen")
    assert wrong.status_code == 400
    assert "Je hebt geen toegang tot de regio rijk-van-nijmegen" in wrong.get_data(as_text=True)
    nijmegen = stories["nijmegen"][0].public_id
    assert client.get(f"/beheer/analyse/verhalen/{nijmegen}").status_code == 404
    assert client.get(f"/beheer/analyse/verhalen/{stories['twente'][0].public_id}").status_code == 200


def test_stories_behind_a_slider_bin(session, stories, make_user):
    analyst = make_user("analyst")
    selection = _selection(session, analyst, complete="all")
    page = story_page(session, selection, StoryClick("outcome", "all", 10, 20))
    assert page.total is None and page.refused  # 12, 15, 19.5: three stories, a small group
    admin_page = story_page(session, selection, StoryClick("outcome", "all", 10, 20), suppress=False)
    assert sorted(i.title for i in admin_page.items) == ["Verhaal 1", "Verhaal 2", "Verhaal 3"]
    last = story_page(session, selection, StoryClick("outcome", "all", 90, 100), suppress=False)
    assert [i.title for i in last.items] == ["Verhaal 6"]  # the last bin includes 100
    wide = story_page(session, selection, StoryClick("outcome", "all", 0, 30))
    assert wide.total == 5 and {i.title for i in wide.items} == {f"Verhaal {i}" for i in range(5)}


def test_stories_behind_a_choice_bar_and_a_count(session, stories, make_user):
    analyst = make_user("analyst")
    selection = _selection(session, analyst)
    ggz = story_page(session, selection, StoryClick("help_type", "jeugd_ggz"))
    assert ggz.total == 5 and "Jeugd-ggz" in ggz.description
    twente = story_page(session, selection, StoryClick("region", "twente"), suppress=False)  # as an admin
    assert twente.total == 7 and all(i.region == "Twente" for i in twente.items)
    youth = story_page(session, selection, StoryClick("role", "youth"))
    assert youth.refused and not youth.items
    quarter = story_page(session, selection, StoryClick("period", "2026-K1"))
    assert quarter.refused and not quarter.items  # 7 of 10: the other quarter holds 3
    with pytest.raises(StoryListError):
        story_page(session, selection, StoryClick("help_type", "bestaat-niet"))
    with pytest.raises(StoryListError):
        story_page(session, selection, StoryClick("outcome", "all", None, None))


def test_search_matches_title_and_text_and_treats_input_as_text(session, stories, make_user):
    admin = make_user("admin")
    selection = _selection(session, admin)
    found = story_page(session, selection, StoryClick(), "WACHTEN", suppress=False)
    assert found.total == 7  # case-insensitive; pending and hidden stories mention it too but never show
    assert any(matched and segment == "wachten" for segment, matched in found.items[0].excerpt)
    by_title = story_page(session, selection, StoryClick(), "nijmegen 2", suppress=False)
    assert [i.title for i in by_title.items] == ["Nijmegen 2"]
    for hostile in ("%", "_", "' OR 1=1 --", "%' OR '1'='1", "\\"):
        assert story_page(session, selection, StoryClick(), hostile, suppress=False).total == 0
    assert story_page(session, selection, StoryClick(), "jeugd-ggz,", suppress=False).total == 7


def test_search_of_a_small_group_is_refused_for_analysts(session, stories, make_user):
    selection = _selection(session, make_user("analyst"))
    assert story_page(session, selection, StoryClick(), "geheim").refused  # 3 stories


def test_region_next_to_the_rest(session, stories, make_user, make_story, project):
    analyst = make_user("analyst")
    selection = _selection(session, analyst)
    small = region_comparison(session, selection, "outcome", "rijk-van-nijmegen")
    assert small.message and small.n_in is None and not small.charts  # 3 stories: not shown
    for i in range(2):
        make_story(project, role="youth", answers={"outcome": 70.0, "heard": 60.0, "help_type": ["ots"], "place": "wijchen"})
    compared = region_comparison(session, selection, "outcome", "rijk-van-nijmegen")
    assert compared.message is None and (compared.n_in, compared.n_rest) == (5, 7)
    spec = compared.charts[0][2]
    assert [g["key"] for g in spec["groups"]] == ["in", "rest"]
    bars = region_comparison(session, selection, "help_type", "twente")
    assert [side for side, _, _ in bars.charts] == ["in", "rest"]
    assert region_comparison(session, selection, "felt", "twente") is None  # text questions have no chart


def test_dashboard_page_renders_charts_tables_and_click_urls(client, login, make_user, stories):
    login(make_user("analyst"))
    response = client.get("/beheer/analyse/?project=proef&region=twente")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "vendor/plotly.min.js" in html and "js/charts.js" in html and "vendor/plotly.css" in html
    figure = re.search(r'<figure class="chart" data-figure="fig-outcome" data-click-url="([^"]+)"', html)
    assert figure and "question=outcome" in unescape(figure.group(1)) and "region=twente" in unescape(figure.group(1))
    block = re.search(r'<script type="application/json" id="fig-outcome">(.*?)</script>', html, re.S).group(1)
    figure_json = json.loads(block)
    assert figure_json["data"][0]["customdata"][1] == ["all", 10, 20]
    assert "Scheefheid" in html and "Kurtosis" in html
    triad = re.search(r'<figure class="chart" data-figure="fig-mattered"[^>]*data-story-url="([^"]+)"', html)
    assert triad and "/beheer/analyse/verhalen/__VERHAAL__?" in unescape(triad.group(1))
    assert "region=twente" in unescape(triad.group(1)) and "question=" not in unescape(triad.group(1))
    assert 'style="' not in html and "onclick" not in html


def _counts_section(html: str) -> str:
    """The page from its "Aantallen" tables on (the summary above counts a period of its own)."""
    return html[html.index('id="aantallen-kop"'):]


def test_small_groups_in_the_page_for_analyst_and_admin(client, login, make_user, stories):
    login(make_user("analyst"))
    html = _counts_section(client.get("/beheer/analyse/?project=proef").get_data(as_text=True))
    row = re.search(r"Ik ben kind of jongere</th>\s*<td class=\"num\">([^<]*)</td>", html)
    assert row and row.group(1) == "&lt; 5"
    parents = re.search(r"Ik ben ouder of verzorger(?:</a>)?</th>\s*<td class=\"num\">([^<]*)</td>", html)
    assert parents and parents.group(1) == "7"  # 10 - 7 = 3 youths and professionals together, not which
    nijmegen = re.search(r"Rijk van Nijmegen</th>\s*<td class=\"num\">([^<]*)</td>", html)
    twente = re.search(r"Twente</th>\s*<td class=\"num\">([^<]*)</td>", html)
    assert (nijmegen.group(1), twente.group(1)) == ("&lt; 5", "verborgen")  # 10 - 7 would give the 3 away
    refused = client.get("/beheer/analyse/verhalen?project=proef&question=role&group=youth").get_data(as_text=True)
    assert "minder dan 5 verhalen" in refused and "Nijmegen 1" not in refused
    client.application.config["WTF_CSRF_ENABLED"] = False
    client.post("/beheer/uitloggen")
    client.application.config["WTF_CSRF_ENABLED"] = True
    login(make_user("admin"))
    html = _counts_section(client.get("/beheer/analyse/?project=proef").get_data(as_text=True))
    row = re.search(r"Ik ben kind of jongere</a></th>\s*<td class=\"num\">([^<]*)</td>", html)
    assert row and row.group(1) == "3"
    listed = client.get("/beheer/analyse/verhalen?project=proef&question=role&group=youth").get_data(as_text=True)
    assert "Nijmegen 1" in listed


def test_search_page_escapes_then_marks(client, login, make_user, project, make_story):
    for i in range(5):
        make_story(project, title=f"<b>Titel {i}</b>", text=f"Wachten <script>x</script> op hulp duurde lang, deel {i}.",
                   answers={"outcome": 50.0, "heard": 50.0, "place": "enschede"})
    login(make_user("analyst"))
    html = client.get("/beheer/analyse/verhalen?project=proef&q=script").get_data(as_text=True)
    assert "<script>x" not in html and "&lt;<mark>script</mark>&gt;x" in html
    assert "&lt;b&gt;Titel" in html
    hostile = client.get("/beheer/analyse/verhalen?project=proef&q=%25%27+OR+1%3D1+--")
    assert hostile.status_code == 200 and "Geen verhalen gevonden" in hostile.get_data(as_text=True)


def test_story_page_is_read_only_and_published_only(client, login, make_user, stories, project, make_story):
    pending = make_story(project, status="pending", answers={"outcome": 50.0, "heard": 50.0, "place": "enschede"})
    login(make_user("facilitator"))
    story = stories["twente"][0]
    html = client.get(f"/beheer/analyse/verhalen/{story.public_id}").get_data(as_text=True)
    assert story.text in html and "Om welke hulp ging het?" in html and "<form method=\"post\"" not in html.split("<main")[1]
    # the outcome slider's tens (0-9, 10-19, ...) hold 1-4 stories each: a non-admin does not get the value
    assert "Dit was voor het gezin" not in html and "tonen we niet" in html
    assert client.get(f"/beheer/analyse/verhalen/{pending.public_id}").status_code == 404
    assert client.get("/beheer/analyse/verhalen/ONBEKEND").status_code == 404


def test_access(client, login, make_user, stories):
    anonymous = client.get("/beheer/analyse/")
    assert anonymous.status_code == 302 and "/beheer/inloggen" in anonymous.headers["Location"]
    assert client.get("/beheer/analyse/verhalen").status_code == 302
    login(make_user("moderator"))
    assert client.get("/beheer/analyse/").status_code == 403
    assert client.get("/beheer/analyse/verhalen").status_code == 403
    assert client.get(f"/beheer/analyse/verhalen/{stories['twente'][0].public_id}").status_code == 403


@pytest.mark.parametrize("role", ["analyst", "facilitator", "viewer", "admin"])
def test_roles_that_may_open_the_dashboard_see_it_in_the_nav(client, login, make_user, project, role):
    login(make_user(role, region_keys=("twente",) if role == "viewer" else ()))
    html = client.get("/beheer/analyse/").get_data(as_text=True)
    assert 'href="/beheer/analyse/">Analyse</a>' in html and "<h1>Analyse: Proefproject</h1>" in html


def test_viewer_without_a_project_in_their_regions(client, login, make_user, stories):
    login(make_user("viewer", region_keys=("groningen",)))
    page = client.get("/beheer/analyse/")
    assert page.status_code == 200 and "Er is nog geen project dat je kunt bekijken." in page.get_data(as_text=True)
    listed = client.get("/beheer/analyse/verhalen?q=wachten").get_data(as_text=True)
    assert "Verhaal 0" not in listed and "Geen verhalen gevonden" in listed
    assert client.get(f"/beheer/analyse/verhalen/{stories['twente'][0].public_id}").status_code == 404


def test_the_story_list_of_a_group_hidden_next_to_a_small_one_is_refused_too(client, login, make_user, stories):
    """Typing the address of a 'verborgen' row would otherwise count it: 10 in all minus 7 in Twente = 3."""
    login(make_user("analyst"))
    twente = client.get("/beheer/analyse/verhalen?project=proef&question=region&group=twente").get_data(as_text=True)
    assert "met het aantal verhalen erin kun je uitrekenen" in twente
    shown = client.get("/beheer/analyse/verhalen?project=proef&question=help_type&group=jeugd_ggz").get_data(as_text=True)
    assert "uitrekenen" not in shown and "5 verhalen" in shown  # next to two small groups: nothing to derive
    within = client.get("/beheer/analyse/verhalen?project=proef&region=twente&question=role&group=parent")
    assert "uitrekenen" not in within.get_data(as_text=True)  # within Twente the parents are all there is


def test_complement_refusal_for_choice_bars_and_comparison_sides(session, project, make_story, make_user):
    from vertelpunt.insights.complements import hidden_as_complement

    for i in range(8):
        make_story(project, role="youth", text=f"Lang wachten op hulp van de jeugd-ggz, verhaal nummer {i} hier.",
                   answers={"outcome": 40.0, "heard": 50.0, "help_type": ["jeugdhulp"], "mattered": [0.5, 0.25, 0.25],
                            "age": "a12_15" if i < 6 else "a16_17", "place": "enschede" if i < 5 else "nijmegen"})
    selection = _selection(session, make_user("analyst"), project="proef")
    assert hidden_as_complement(session, selection, "age", "a12_15")  # 6 hidden so the 2 cannot be derived
    assert not hidden_as_complement(session, selection, "age", "a16_17")  # small: refused by its own size
    assert not hidden_as_complement(session, selection, "outcome", "all", lo=30.0)  # a bin is not a group
    # Nijmegen (3) against the rest (5): the rest is hidden with it
    assert hidden_as_complement(session, selection, "outcome", None, vs="rijk-van-nijmegen", side="rest")
    assert not hidden_as_complement(session, selection, "outcome", None, vs="rijk-van-nijmegen", side="in")  # small
