"""The analysis dashboard in Chromium: log in, filter, charts drawn by plotly, a real click on a bar to the
stories behind it, search, axe-core on every page, the summary with its removable filter chips, and no sideways
scrolling on a 360 px phone and at 390, 1024 and 1366 px."""
from __future__ import annotations

import re
from datetime import date

import pytest

from tests.browser.conftest import _new_tab, log_in
from tests.conftest import STRONG_PASSWORD

PLACES = ["enschede", "hengelo", "nijmegen", "wijchen"]
ROLES = ["parent", "professional", "youth"]
HELP = [["jeugdhulp"], ["jeugd_ggz"], ["ots"], ["jeugdhulp", "jeugd_ggz"]]


@pytest.fixture
def analysis_data(project, make_story, make_user):
    """36 published stories with varied answers (Twente 18, Rijk van Nijmegen 18), one pending."""
    stories = []
    for i in range(36):
        stories.append(make_story(
            project, commit=False, role=ROLES[i % 3], title=f"Ervaring {i}",
            text=f"Wij moesten lang wachten op passende hulp, ervaring {i}. De hulpverlener luisterde "
                 + ("heel goed naar ons gezin." if i % 2 else "niet echt naar wat wij nodig hadden."),
            answers={"outcome": float((i * 37) % 101), "heard": float((i * 53) % 101), "help_type": HELP[i % 4],
                     "mattered": [0.6, 0.2, 0.2] if i % 2 else [0.2, 0.3, 0.5], "place": PLACES[i % 4]},
            week=date(2026, 1 + i % 9, 5)))
    make_story(project, text="Nog te beoordelen verhaal over wachten op hulp.", status="pending")
    from vertelpunt.db import get_session

    get_session().commit()
    return {"analyst": make_user("analyst"), "stories": stories}


def _total(page) -> int:
    return int(re.search(r"Gekozen verhalen: (\d+)", page.inner_text("main")).group(1))


def test_dashboard_filter_charts_click_and_search(live_server, page, analysis_data):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    log_in(page, live_server, analysis_data["analyst"].email, STRONG_PASSWORD)
    page.click("nav >> text=Analyse")
    page.wait_for_selector("figure.chart-drawn svg.main-svg")
    assert _total(page) == 36

    assert not page.is_visible("#filter-project")  # the filters are folded away under the summary
    page.click("summary:has-text('Filters aanpassen')")
    page.check("label:has-text('Twente') input")
    page.click("button:has-text('Toepassen')")
    page.wait_for_url(re.compile(r"region=twente"))
    page.wait_for_selector("figure.chart-drawn svg.main-svg")
    assert _total(page) == 18
    drawn = page.locator("figure.chart-drawn").count()
    assert drawn >= 4 and drawn == page.locator("figure.chart").count()

    # a real click on a plotly bar: the help-type bars (jeugdhulp: 9 + 4 stories in Twente)
    bar = page.locator("#fig-help_type-canvas g.trace.bars g.point path").first
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(r"/beheer/analyse/verhalen\?.*question=help_type.*group="))
    assert "region=twente" in page.url
    listed = page.locator(".story-list > li").count()
    status = page.inner_text("p[role=status]")
    assert listed >= 5 and status.startswith(f"{listed} verhalen")

    page.fill("#zoek-q", "luisterde")
    page.click("form[role=search] button")
    page.wait_for_selector(".story-list mark")
    assert page.locator(".story-list mark").first.inner_text().lower() == "luisterde"
    page.locator(".story-list h2 a").first.click()
    page.wait_for_selector("h2:has-text('Antwoorden')")
    assert errors == []  # in particular no CSP violation from plotly's styles


def test_a_click_on_a_triad_point_opens_that_story(live_server, page, analysis_data):
    log_in(page, live_server, analysis_data["analyst"].email, STRONG_PASSWORD)
    page.goto(live_server + "/beheer/analyse/?project=proef&region=twente")
    point = page.locator("#fig-mattered-canvas .scatterlayer .trace").first.locator("path.point").first
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(r"/beheer/analyse/verhalen/[A-Z0-9]+\?.*region=twente"))
    public_id = re.search(r"/verhalen/([A-Z0-9]+)", page.url).group(1)
    twente = {story.public_id for story in analysis_data["stories"] if story.region.key == "twente"}
    assert public_id in twente
    page.wait_for_selector("h2:has-text('Antwoorden')")


def test_numbers_table_links_lead_to_the_same_stories(live_server, page, analysis_data):
    log_in(page, live_server, analysis_data["analyst"].email, STRONG_PASSWORD)
    page.goto(live_server + "/beheer/analyse/?project=proef")
    details = page.locator("#fig-help_type").locator("xpath=..").locator("details")
    details.locator("summary").click()
    row = details.locator("tr", has_text="Jeugd-ggz")
    expected = int(row.locator("td.num").inner_text())
    row.locator("a").click()
    page.wait_for_url(re.compile(r"group=jeugd_ggz"))
    assert page.inner_text("p[role=status]").startswith(f"{expected} verhalen")


def test_axe_on_dashboard_stories_and_story(live_server, logged_in_axe, analysis_data):
    check = logged_in_axe(analysis_data["analyst"])
    assert check(live_server + "/beheer/analyse/?project=proef&vs_question=outcome&vs_region=twente",
                 wait_for="figure.chart-drawn[data-figure=vs-1] svg.main-svg") == []
    assert check(live_server + "/beheer/analyse/?project=proef&region=atlantis&from=gisteren") == []
    assert check(live_server + "/beheer/analyse/verhalen?project=proef&question=outcome&group=all&lo=0&hi=50&q=wachten") == []
    story = analysis_data["stories"][0].public_id
    assert check(live_server + f"/beheer/analyse/verhalen/{story}?project=proef") == []
    # the answer filters: chosen ones, the lists to add one, and a bad range with its message
    assert check(live_server + "/beheer/analyse/?project=proef&answer=mattered:worker&answer=help_type:ots"
                 "&answer_slider=outcome&answer_from=60&answer_to=20") == []


def test_filter_on_answers_without_javascript(live_server, browser, analysis_data):
    """Add a triad corner and a slider range, then drop the corner again: plain GET forms, no script."""
    context, tab = _new_tab(browser, java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        log_in(tab, live_server, analysis_data["analyst"].email, STRONG_PASSWORD)
        tab.goto(live_server + "/beheer/analyse/?project=proef&filters=open")
        tab.select_option("#filter-answer", "mattered:worker")
        tab.click("button:has-text('Toepassen')")
        tab.wait_for_url(re.compile(r"answer=mattered%3Aworker"))
        assert _total(tab) == 18  # the odd stories put most weight on the worker
        tab.click("summary:has-text('Filters aanpassen')")  # a <details>: opens without script too
        tab.select_option("#filter-answer-slider", "outcome")
        tab.select_option("#filter-answer-from", "0")
        tab.select_option("#filter-answer-to", "50")
        tab.click("button:has-text('Toepassen')")
        tab.wait_for_url(re.compile(r"answer_slider=outcome"))
        low = [i for i in range(36) if (i * 37) % 101 < 50]
        assert _total(tab) == sum(1 for i in low if i % 2)
        tab.click("summary:has-text('Filters aanpassen')")
        assert tab.is_checked("label:has-text('van 0 tot 50') input")
        tab.uncheck("label:has-text('het meeste gewicht bij De hulpverlener') input")
        tab.click("button:has-text('Toepassen')")
        tab.wait_for_load_state()
        assert _total(tab) == len(low) and "mattered" not in tab.url
    finally:
        context.close()


def test_dashboard_on_a_phone_does_not_scroll_sideways(live_server, phone_page, analysis_data):
    log_in(phone_page, live_server, analysis_data["analyst"].email, STRONG_PASSWORD)
    phone_page.goto(live_server + "/beheer/analyse/?project=proef&vs_question=help_type&vs_region=twente")
    phone_page.wait_for_selector("figure.chart-drawn svg.main-svg")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, width


@pytest.mark.parametrize("width", [390, 1024, 1366])
def test_dashboard_and_start_page_do_not_scroll_sideways(live_server, browser, analysis_data, make_user, width):
    context, tab = _new_tab(browser, viewport={"width": width, "height": 900}, is_mobile=width < 600)
    try:
        log_in(tab, live_server, analysis_data["analyst"].email, STRONG_PASSWORD)
        tab.goto(live_server + "/beheer/analyse/?project=proef&region=twente&from=2026-02-01&to=2026-08-31"
                 "&complete=all&vs_question=help_type&vs_region=twente")
        assert tab.locator("a.chip").count() == 4
        tab.wait_for_selector("figure.chart-drawn svg.main-svg")
        fits = "document.documentElement.scrollWidth <= window.innerWidth"
        assert tab.evaluate(fits), tab.evaluate("document.documentElement.scrollWidth")
        tab.click("summary:has-text('Filters aanpassen')")
        assert tab.is_visible("#filter-project") and tab.evaluate(fits)
        tab.goto(live_server + "/beheer/")
        assert tab.locator(".task-list a").count() >= 1 and tab.evaluate(fits)
    finally:
        context.close()


def test_a_chip_removes_just_its_filter_without_javascript(live_server, browser, analysis_data):
    context, tab = _new_tab(browser, java_script_enabled=False, viewport={"width": 390, "height": 800})
    try:
        log_in(tab, live_server, analysis_data["analyst"].email, STRONG_PASSWORD)
        tab.goto(live_server + "/beheer/analyse/?project=proef&region=twente&role=parent")
        assert _total(tab) == 6  # parents are every third story, half of them in Twente
        tab.click("a.chip:has-text('Regio: Twente')")
        tab.wait_for_load_state()
        assert "region=" not in tab.url and "role=parent" in tab.url and _total(tab) == 12
        chips = [text.split(" ×")[0].strip() for text in tab.locator("a.chip").all_text_contents()]
        assert chips == ["Rol: Ik ben ouder of verzorger", "Alleen complete verhalen"]
    finally:
        context.close()


def test_axe_on_the_summary_the_open_filters_the_region_message_and_the_start_page(
        live_server, logged_in_axe, analysis_data, make_user):
    check = logged_in_axe(analysis_data["analyst"])
    assert check(live_server + "/beheer/analyse/?project=proef&region=twente&from=2026-02-01",
                 wait_for="figure.chart-drawn svg.main-svg") == []
    assert check(live_server + "/beheer/analyse/?project=proef&filters=open&answer=help_type:ots") == []
    assert check(live_server + "/beheer/") == []
    viewer = make_user("viewer", region_keys=("twente",))
    check = logged_in_axe(viewer)
    assert check(live_server + "/beheer/analyse/?project=proef&region=rijk-van-nijmegen") == []
    assert check(live_server + "/beheer/") == []
