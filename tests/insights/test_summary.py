"""The top of the dashboard: the period against the one before, chips that remove one filter, the folded
form, the moderation count for who may moderate, and a message instead of data for a region one may not see."""
from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from werkzeug.datastructures import MultiDict

from vertelpunt.insights.dashboard_counts import dashboard_counts
from vertelpunt.insights.filters import parse_filters
from vertelpunt.insights.summary import period_of, period_summary


def _answers(place: str) -> dict:
    return {"outcome": 50.0, "heard": 60.0, "help_type": ["jeugdhulp"], "mattered": [0.5, 0.25, 0.25], "place": place}


@pytest.fixture
def stories(project, make_story):
    """Twente: 6 parents in the week of 2026-03-02 and 5 in the week of 2026-01-05; Rijk van Nijmegen:
    2 youths in March; one pending story."""
    long_text = "Wij wachtten lang op passende hulp voor ons kind, en dat merkten wij thuis elke dag."
    for i in range(6):
        make_story(project, commit=False, title=f"Maart {i}", text=long_text, week=date(2026, 3, 2),
                   answers=_answers("enschede"))
    for i in range(5):
        make_story(project, commit=False, title=f"Januari {i}", text=long_text, week=date(2026, 1, 5),
                   answers=_answers("enschede"))
    for i in range(2):
        make_story(project, commit=False, role="youth", title=f"Nijmegen {i}", text=long_text,
                   week=date(2026, 3, 2), answers=_answers("nijmegen"))
    make_story(project, text=long_text, status="pending", answers=_answers("enschede"))


def _selection(session, user, **args):
    return parse_filters(session, MultiDict([(k, v) for k, vs in args.items()
                                             for v in (vs if isinstance(vs, list) else [vs])]), user)


def _rows(summary, dimension):
    table = next(t for t in summary.tables if t.dimension == dimension)
    return {row.key: (row.now, row.before, row.change) for row in table.rows}


def test_a_chosen_period_is_compared_with_the_period_of_equal_length_before(session, stories, make_user):
    admin = make_user("admin")
    selection = _selection(session, admin, **{"from": "2026-02-09", "to": "2026-04-05"})
    period = period_of(session, selection)
    assert (period.start, period.end) == (date(2026, 2, 9), date(2026, 4, 5)) and period.chosen
    assert (period.previous_start, period.previous_end) == (date(2025, 12, 15), date(2026, 2, 8))
    summary = period_summary(session, selection, suppress=False)
    assert (summary.total_now, summary.total_before, summary.total_change) == (8, 5, 3)
    assert _rows(summary, "role")["parent"] == (6, 5, 1) and _rows(summary, "role")["youth"] == (2, 0, 2)
    # the current period is the dashboard's own selection: the same total as its count tables
    assert summary.total_now == dashboard_counts(session, selection, suppress=False).total


def test_without_a_period_the_last_thirteen_weeks_with_stories(session, stories, make_user):
    selection = _selection(session, make_user("admin"))
    period = period_of(session, selection)
    assert period.end == date(2026, 3, 2) and not period.chosen
    assert (period.end - period.start).days + 1 == 13 * 7
    summary = period_summary(session, selection, suppress=False)
    assert (summary.total_now, summary.total_before) == (13, 0)


def test_small_groups_are_hidden_in_both_columns_and_their_change(session, stories, make_user):
    selection = _selection(session, make_user("analyst"), **{"from": "2026-02-09", "to": "2026-04-05"})
    summary = period_summary(session, selection)
    roles = _rows(summary, "role")
    assert roles["youth"] == (None, None, None)  # 2 now, 0 before: both small (0 looks like 1-4)
    assert roles["professional"] == (None, None, None)  # 0 and 0: hidden like 1-4, so 8 - 6 tells nothing
    assert roles["parent"] == (6, 5, 1)
    regions = _rows(summary, "region")
    assert regions["rijk-van-nijmegen"] == (None, None, None)
    assert regions["twente"][0] is None  # 8 - 6 would give Nijmegen's 2 away: hidden with it
    assert summary.total_now == 8


def test_the_page_starts_with_the_summary_and_folds_the_filters(client, login, make_user, stories):
    login(make_user("analyst"))
    page = client.get("/beheer/analyse/?project=proef&region=twente&role=parent&from=2026-02-09&to=2026-04-05")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.index("Gekozen verhalen") < html.index('<details class="filter-fold') < html.index("Aantallen")
    assert re.search(r'<details class="filter-fold[^"]*">', html)  # closed: no errors, nobody asked
    assert "De gekozen periode: 09-02-2026 tot en met 05-04-2026" in html
    assert "In deze periode: <strong>6</strong>" in html and "Verschil: +1." in html
    chips = {unescape(label): unescape(href) for href, label in
             re.findall(r'<a class="chip" href="([^"]+)">([^<]+)<', html)}
    assert set(chips) == {"Regio: Twente", "Rol: Ik ben ouder of verzorger", "Vanaf 09-02-2026",
                          "Tot en met 05-04-2026", "Alleen complete verhalen"}
    without_region = chips["Regio: Twente"]
    assert "region=" not in without_region and "role=parent" in without_region and "from=2026-02-09" in without_region
    assert "complete=all" in chips["Alleen complete verhalen"]
    assert client.get(without_region).status_code == 200
    assert "<strong>1</strong> verhaal wacht op moderatie" in html


def test_errors_or_asking_open_the_filter_form(client, login, make_user, stories):
    login(make_user("analyst"))
    bad = client.get("/beheer/analyse/?project=proef&from=gisteren").get_data(as_text=True)
    assert re.search(r'<details class="filter-fold[^"]*" open>', bad) and "is geen datum" in bad
    asked = client.get("/beheer/analyse/?project=proef&filters=open").get_data(as_text=True)
    assert re.search(r'<details class="filter-fold[^"]*" open>', asked)


def test_only_who_may_moderate_sees_the_queue_count(client, login, make_user, stories):
    login(make_user("facilitator"))
    html = client.get("/beheer/analyse/?project=proef").get_data(as_text=True)
    assert "moderatie" not in html and "Gekozen verhalen" in html


def test_a_viewer_asking_for_another_region_gets_a_message_not_data(client, login, make_user, stories):
    login(make_user("viewer", region_keys=("twente",)))
    page = client.get("/beheer/analyse/?project=proef&region=rijk-van-nijmegen")
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "Deze regio kun je niet bekijken" in html and "geen toegang tot de regio rijk-van-nijmegen" in html
    assert "Gekozen verhalen" not in html and "Aantallen" not in html and "Maart 0" not in html
    assert "je eigen regio" in html
    own = client.get("/beheer/analyse/?project=proef&region=twente")
    assert own.status_code == 200 and "Gekozen verhalen: <strong>11</strong>" in own.get_data(as_text=True)


def test_the_default_filter_matches_its_own_counts(client, login, make_user, stories, project, make_story):
    make_story(project, text="Te kort.", answers={"outcome": 60.0, "place": "enschede"})  # incomplete
    login(make_user("admin"))
    html = client.get("/beheer/analyse/?project=proef").get_data(as_text=True)
    total = int(re.search(r"Gekozen verhalen: <strong>(\d+)</strong>", html).group(1))
    counts = html[html.index('id="aantallen-kop"'):]
    per_role = re.search(r"<caption>Per rol</caption>(.*?)</table>", counts, re.S).group(1)
    assert total == 13 == sum(int(n) for n in re.findall(r'<td class="num">(\d+)</td>', per_role))
    complete = re.search(r"<caption>Volledigheid[^<]*</caption>(.*?)</table>", counts, re.S).group(1)
    assert re.findall(r'<td class="num">(\d+)</td>', complete) == ["13", "1"]
    assert '<a class="chip" href="/beheer/analyse/?project=proef&amp;complete=all">Alleen complete verhalen' in html


def test_the_change_tables_show_hidden_groups_as_hidden(client, login, make_user, stories):
    login(make_user("analyst"))
    html = client.get("/beheer/analyse/?project=proef&from=2026-02-09&to=2026-04-05").get_data(as_text=True)
    table = re.search(r"<caption>Per rol: deze periode en de periode ervoor</caption>(.*?)</table>", html, re.S).group(1)
    youth = re.search(r"Ik ben kind of jongere</th>\s*<td class=\"num\">([^<]*)</td>\s*<td class=\"num\">([^<]*)"
                      r"</td>\s*<td class=\"num\">([^<]*)</td>", table)
    assert youth.groups() == ("&lt; 5", "&lt; 5", "–")
    parents = re.search(r"Ik ben ouder of verzorger</th>\s*<td class=\"num\">(\d+)</td>\s*<td class=\"num\">(\d+)"
                        r"</td>\s*<td class=\"num\">([^<]*)</td>", table)
    assert parents.groups() == ("6", "5", "+1")


def test_an_unknown_region_gives_a_message_not_all_regions(client, login, make_user, stories):
    login(make_user("admin"))
    page = client.get("/beheer/analyse/?project=proef&region=atlantis")
    html = page.get_data(as_text=True)
    assert page.status_code == 400 and "Deze regio hoort niet bij dit project" in html
    assert "Onbekende regio: atlantis" in html and "Gekozen verhalen" not in html


def test_the_summary_from_the_dashboards_own_groups_equals_its_own_query(session, stories, make_user):
    analyst = make_user("analyst")
    for args in ({}, {"region": "twente"}, {"from": "2026-02-09", "to": "2026-04-05"}, {"to": "2026-02-01"}):
        selection = _selection(session, analyst, **args)
        groups = dashboard_counts(session, selection).groups
        assert period_summary(session, selection, groups=groups) == period_summary(session, selection), args
