"""The public story flow in Chromium: by keyboard alone, without JavaScript, on a 360 px phone,
and axe-core (WCAG 2.1 A/AA) on every public page, including pages with errors."""
import re

import pytest
from sqlalchemy import select

from tests.browser.accessibility import run_axe
from vertelpunt.models import Story
from vertelpunt.stories.services import story_answers

STORY = ("We wachtten maanden op hulp voor onze zoon. Toen het begon, luisterde de hulpverlener goed naar ons. "
         "Dat gaf rust in ons gezin en we wisten eindelijk wat er ging gebeuren.")


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"could not reach {selector} with Tab")


def saved_story(session):
    session.expire_all()
    return session.scalars(select(Story)).one()


def test_whole_flow_by_keyboard_only(live_server, page, session, project):
    page.goto(live_server + "/v/proef/")
    tab_to(page, "a.role-button[href$='/vertel/parent']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/vertel/parent")
    tab_to(page, "input[name=prompt]")
    page.keyboard.press("ArrowDown")  # radio group: arrow keys choose
    tab_to(page, "#text")
    page.keyboard.type(STORY)
    tab_to(page, "#title")
    page.keyboard.type("Eindelijk rust")
    tab_to(page, "button[value=next]")
    page.keyboard.press("Enter")

    page.wait_for_selector("text=Vragen over je ervaring")
    tab_to(page, "#q_outcome")
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    assert page.is_checked("input[name=q_outcome__state][value=answer]")
    assert page.get_attribute("#q_outcome", "aria-valuetext").startswith("70 van 100")
    tab_to(page, "#q_heard")
    page.keyboard.press("Home")
    tab_to(page, "#q_help_type-ots")
    page.keyboard.press("Space")
    tab_to(page, "#q_mattered__a")
    page.keyboard.type("60")
    tab_to(page, "#q_mattered__b")
    page.keyboard.type("30")
    tab_to(page, "#q_mattered__c")
    page.keyboard.type("10")
    tab_to(page, "button[value=next]")
    page.keyboard.press("Enter")

    page.wait_for_selector("h1:text('Over jou')")
    tab_to(page, "#q_place")
    page.keyboard.press("ArrowDown")  # first gemeente in the list (Rijk van Nijmegen: Nijmegen)
    tab_to(page, "button[value=next]")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:text('Tot slot')")
    tab_to(page, "button[value=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/bedankt")
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){3}", page.inner_text(".withdrawal-code").strip())

    story = saved_story(session)
    answers = story_answers(story)
    assert story.title == "Eindelijk rust" and story.prompt_key == "start"
    assert answers["outcome"] == 70.0 and answers["heard"] == 0.0 and answers["help_type"] == ["ots"]
    assert answers["mattered"] == pytest.approx([0.6, 0.3, 0.1]) and answers["place"] == "nijmegen"


def test_flow_without_javascript(browser, live_server, session, project):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(live_server + "/v/proef/vertel/youth")
        page.fill("#text", "Ik moest steeds opnieuw mijn verhaal vertellen aan nieuwe mensen en niemand vroeg wat ik wilde.")
        page.click("button[value=next]")
        page.check("input[name=q_outcome__state][value=nvt]")
        page.check("input[name=q_heard__state][value=answer]")
        page.fill("#q_mattered__a", "120")
        page.click("button[value=next]")
        assert page.is_visible(".error-summary") and "tussen 0 en 100" in page.inner_text("#q_mattered-group")
        page.fill("#q_mattered__a", "80")
        page.fill("#q_mattered__b", "10")
        page.fill("#q_mattered__c", "10")
        page.click("button[value=next]")
        page.check("#q_age-a12_15")
        page.click("button[value=back]")
        assert page.is_checked("input[name=q_heard__state][value=answer]")
        page.click("button[value=next]")
        assert page.is_checked("#q_age-a12_15")
        page.click("button[value=next]")
        page.click("button[value=submit]")
        page.wait_for_url("**/bedankt")
        assert page.is_visible(".withdrawal-code")
    finally:
        context.close()
    answers = story_answers(saved_story(session))
    assert answers == {"outcome": "nvt", "heard": 50.0, "mattered": [0.8, 0.1, 0.1], "age": "a12_15"}


def test_flow_on_a_360px_phone(live_server, phone_page, session, project):
    page = phone_page
    page.goto(live_server + "/v/proef/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    with page.expect_navigation():
        page.tap("a.role-button[href$='/vertel/professional']")
    page.fill("#text", "Het gezin kreeg pas na drie maanden een vaste jeugdbeschermer en dat was veel te laat voor iedereen.")
    steps = 0
    while not page.is_visible("button[value=submit]"):
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url
        if page.is_visible(".triad-canvas svg"):
            triangle = page.locator(".triad-canvas svg")
            box = triangle.bounding_box()
            triangle.tap(position={"x": box["width"] / 2, "y": box["height"] * 0.35})
            assert page.input_value("#q_mattered__a") != ""
        with page.expect_navigation():
            page.tap("button[value=next]")
        steps += 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.tap("button[value=submit]")
    page.wait_for_url("**/bedankt")
    assert steps == 3
    answers = story_answers(saved_story(session))
    assert sum(answers["mattered"]) == pytest.approx(1.0) and answers["mattered"][0] > 0.4


def test_axe_on_every_public_page(live_server, axe_page, session, project):
    page = axe_page
    problems = {}

    def check(name):
        violations = run_axe(page)
        if violations:
            problems[name] = violations

    for path in ("/", "/privacy", "/toegankelijkheid", "/v/proef/", "/v/proef/privacy", "/v/proef/intrekken",
                 "/v/proef/mijn-verhaal", "/beheer/inloggen"):
        page.goto(live_server + path)
        check(path)
    page.goto(live_server + "/v/proef/vertel/youth")
    check("stap 1")
    page.click("button[value=next]")
    check("stap 1 met fout")
    page.fill("#text", STORY + " Bel me op 06-12345678.")
    page.click("button[value=next]")
    assert page.inner_text("#pii-words mark") == "06-12345678"
    check("stap 1 met persoonlijke woorden")
    page.fill("#text", STORY)
    page.click("button[value=next]")
    check("stap 2")
    page.fill("#q_mattered__a", "5")
    page.click("button[value=next]")
    check("stap 2 met fout")
    page.fill("#q_mattered__a", "")
    page.click("button[value=next]")
    check("stap 3")
    page.click("button[value=next]")
    check("stap 4")
    page.click("button[value=submit]")
    page.wait_for_url("**/bedankt")
    check("bedankt")
    code = page.inner_text(".withdrawal-code strong")
    page.goto(live_server + "/v/proef/mijn-verhaal")
    check("mijn verhaal")
    page.fill("#code", "AAAA-BBBB-CCCC-DDDD")
    page.click("button[type=submit]")
    check("mijn verhaal met fout")
    page.fill("#code", code)
    page.click("button[type=submit]")
    assert "wacht nog op een controle" in page.inner_text("main")
    check("mijn verhaal gevonden")
    page.goto(live_server + "/v/proef/intrekken")
    page.fill("#code", "AAAA-BBBB-CCCC-DDDD")
    page.click("button[type=submit]")
    check("intrekken met fout")
    project.status = "closed"
    session.commit()
    page.goto(live_server + "/v/proef/vertel/parent")
    check("gesloten")
    assert problems == {}
