"""An English teller in Chromium: on a 390 px phone with JavaScript off, through the whole story, and axe-core
(WCAG 2.1 A/AA) on the English pages."""
import pytest
from sqlalchemy import select

from tests.browser.accessibility import run_axe
from vertelpunt.forms.services import DEFAULT_FORM_PATH, import_definition, read_form_file
from vertelpunt.models import Story
from vertelpunt.stories.services import story_answers

STORY = ("We waited for months before anyone helped our son. When the help finally started, the care worker "
         "listened to us and we knew at last what was going to happen.")


@pytest.fixture
def landelijk(session, make_project):
    import_definition(session, read_form_file(DEFAULT_FORM_PATH))
    session.commit()
    return make_project(slug="landelijk", title="Landelijk", form_key="vertelpunt-landelijk")


def test_an_english_teller_completes_a_story_on_a_phone_without_javascript(browser, live_server, session, landelijk):
    context = browser.new_context(java_script_enabled=False, locale="en-GB", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(live_server + "/v/landelijk/")
        assert page.get_attribute("html", "lang") == "nl"
        with page.expect_navigation():
            page.tap("a[hreflang=en]")
        assert page.get_attribute("html", "lang") == "en" and page.inner_text("h2#wie-ben-je") == "Who are you?"
        assert "Need help right now?" in page.inner_text(".urgent-bar")
        with page.expect_navigation():
            page.tap("text=I am a parent or carer")
        assert page.inner_text("h1") == "Your experience" and page.get_attribute("html", "lang") == "en"
        page.check("text=Tell us how it went when you looked for help for your child.")
        page.fill("#text", STORY)
        pages = 0
        while not page.is_visible("button[value=submit]"):
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url
            assert page.get_attribute("html", "lang") == "en"
            if page.is_visible("#q_outcome"):
                assert "For the child or family this was ..." in page.inner_text("#q_outcome-group")
                page.check("input[name=q_outcome__state][value=answer]")
                page.focus("#q_outcome")
                for _ in range(30):
                    page.keyboard.press("ArrowRight")  # the range input itself needs no JavaScript
            if page.is_visible("#q_feeling-group"):
                page.check("text=Relieved")
            with page.expect_navigation():
                page.tap("button[value=next]")
            assert not page.is_visible(".error-summary"), page.inner_text(".error-summary")
            pages += 1
        assert page.inner_text("h1") == "Finally" and "Send my story" in page.inner_text("button[value=submit]")
        page.check("text=Very good")
        with page.expect_navigation():
            page.tap("button[value=submit]")
        assert page.inner_text("h1") == "Thank you for your story!" and page.is_visible(".withdrawal-code")
    finally:
        context.close()
    assert pages == 6  # four pages of questions about the experience, "About you", "Finally"
    session.expire_all()
    story = session.scalars(select(Story)).one()
    answers = story_answers(story)
    assert story.language == "en" and story.prompt_key == "zoeken"
    assert answers["outcome"] == 80.0 and answers["feeling"] == "opgelucht" and answers["felt"] == "zeer_positief"


def test_axe_on_the_english_pages(browser, live_server, session, landelijk):
    context = browser.new_context(bypass_csp=True, locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = {}

    def check(name):
        assert page.get_attribute("html", "lang") == "en", name
        violations = run_axe(page)
        if violations:
            problems[name] = violations

    try:
        page.goto(live_server + "/?lang=en")
        check("/")
        for path in ("/privacy", "/toegankelijkheid", "/v/landelijk/", "/v/landelijk/privacy", "/v/landelijk/intrekken",
                     "/v/landelijk/mijn-verhaal", "/v/landelijk/opvolging/"):
            page.goto(live_server + path)
            check(path)
        page.goto(live_server + "/v/landelijk/vertel/youth")
        check("step 1")
        page.click("button[value=next]")
        check("step 1 with an error")
        page.fill("#text", STORY)
        words = len(STORY.split())
        page.wait_for_function(f"document.getElementById('text-count').textContent === '{words} words'")  # collect.js
        page.click("button[value=next]")
        check("step 2")
        page.focus("#q_outcome")
        page.keyboard.press("ArrowRight")
        assert page.get_attribute("#q_outcome", "aria-valuetext") == "51 out of 100, in the middle"
        page.check("#q_help_type-wijkteam")
        page.check("#q_help_type-jeugdhulp")
        page.check("#q_help_type-ots")
        page.check("#q_help_type-voogdij")
        page.click("button[value=next]")
        assert "Choose 3 at most." in page.inner_text(".error-summary")
        check("step 2 with an error")
        page.uncheck("#q_help_type-voogdij")
        while not page.is_visible("button[value=submit]"):
            page.click("button[value=next]")
            check(f"step {page.inner_text('label[for=voortgang]')}")
        page.click("button[value=submit]")
        page.wait_for_url("**/bedankt")
        check("thanks")
        code = page.inner_text(".withdrawal-code strong")
        page.goto(live_server + "/v/landelijk/mijn-verhaal")
        page.fill("#code", code)
        page.click("button[type=submit]")
        check("my story")
    finally:
        context.close()
    assert not problems, problems
