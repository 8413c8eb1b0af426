"""Teller answers are never silently lost, in Chromium.

A slider starts with its thumb in the middle (50). Tapping or clicking the thumb where it already sits
fires no ``input`` or ``change`` event, so the answer used to stay "Sla deze vraag over": stored empty,
and a complete story became "niet compleet". Any deliberate touch, click or key on a slider is an answer.
A story pasted past the 10,000-character limit used to be cut off by the field itself without a word;
now the whole text stays in the field and a message next to it says how much to shorten it.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from vertelpunt.models import Story
from vertelpunt.stories.services import MAX_STORY_LENGTH, story_answers

STORY = ("We wachtten maanden op hulp voor onze zoon. Toen het begon, luisterde de hulpverlener goed naar ons. "
         "Dat gaf rust in ons gezin en we wisten eindelijk wat er ging gebeuren.")
SENTENCE = "Ik vertel hier hoe het ging met de hulp voor ons gezin, stap voor stap en eerlijk. "
TOO_LONG = (SENTENCE * (10_500 // len(SENTENCE) + 1))[:10_500]


def _saved_story(session) -> Story:
    session.expire_all()
    return session.scalars(select(Story)).one()


def _touch_every_slider_in_its_middle(page, touch: bool) -> list[str]:
    """Tap (or click) each slider on this page at the centre of its track, where the thumb sits at 50."""
    names = []
    for slider in page.locator("input[type=range]").all():
        slider.scroll_into_view_if_needed()
        box = slider.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        if touch:
            page.touchscreen.tap(x, y)
        else:
            page.mouse.click(x, y)
        names.append(slider.get_attribute("name"))
    return names


def _tell_with_every_slider_touched(page, live_server, touch: bool) -> list[str]:
    page.goto(live_server + "/v/proef/vertel/parent")
    page.check("input[name=prompt][value=start]")
    page.fill("#text", STORY)
    touched = []
    while True:
        touched += _touch_every_slider_in_its_middle(page, touch)
        if page.is_visible("button[value=submit]"):
            break
        with page.expect_navigation():
            page.click("button[value=next]")
    for name in touched:  # the value the teller sees is the value that is sent
        assert page.locator(f"input[name='{name}']").count() == 1
    with page.expect_navigation():
        page.click("button[value=submit]")
    page.wait_for_url("**/bedankt")
    return touched


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, device_scale_factor=3)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def test_tapping_every_slider_where_its_thumb_sits_on_a_phone_is_an_answer(live_server, phone, session, project):
    touched = _tell_with_every_slider_touched(phone, live_server, touch=True)
    assert touched == ["q_outcome", "q_heard"]
    story = _saved_story(session)
    answers = story_answers(story)
    assert answers["outcome"] == 50.0 and answers["heard"] == 50.0, answers
    assert story.is_complete


def test_clicking_every_slider_where_its_thumb_sits_with_a_mouse_is_an_answer(live_server, page, session, project):
    touched = _tell_with_every_slider_touched(page, live_server, touch=False)
    assert touched == ["q_outcome", "q_heard"]
    story = _saved_story(session)
    answers = story_answers(story)
    assert answers["outcome"] == 50.0 and answers["heard"] == 50.0, answers
    assert story.is_complete


def test_a_key_on_a_slider_is_an_answer_but_tabbing_past_it_is_not(live_server, page, session, project):
    page.goto(live_server + "/v/proef/vertel/parent")
    page.check("input[name=prompt][value=start]")
    page.fill("#text", STORY)
    with page.expect_navigation():
        page.click("button[value=next]")
    page.wait_for_load_state("load")  # collect.js listens from here on
    page.focus("#q_outcome")
    page.keyboard.press("Tab")  # moving on is not an answer
    assert not page.is_checked("input[name=q_outcome__state][value=answer]")
    page.focus("#q_heard")
    page.keyboard.press("End")
    assert page.is_checked("input[name=q_heard__state][value=answer]")


def test_a_pasted_story_over_the_limit_is_kept_whole_and_the_field_says_so(live_server, phone, session, project):
    page = phone
    page.goto(live_server + "/v/proef/vertel/parent")
    page.check("input[name=prompt][value=start]")
    page.focus("#text")
    page.keyboard.insert_text(TOO_LONG)  # what a paste does: one insertion of the whole text
    assert len(page.input_value("#text")) == len(TOO_LONG)
    notice = page.locator("#text-length")
    notice.wait_for(state="visible")
    assert "te lang" in notice.inner_text() and "500" in notice.inner_text()
    assert "text-length" in page.get_attribute("#text", "aria-describedby")
    with page.expect_navigation():
        page.click("button[value=next]")
    assert page.is_visible("#text-error") and "te lang" in page.inner_text("#text-error")
    assert page.input_value("#text") == TOO_LONG  # everything typed is still there, to shorten
    page.fill("#text", TOO_LONG[:MAX_STORY_LENGTH - 10])
    assert "te lang" not in page.inner_text("#text-length")
    with page.expect_navigation():
        page.click("button[value=next]")
    assert page.is_visible("input[type=range]")
    assert session.scalars(select(Story)).all() == []
