"""Tellers choose a language: the public pages and the story form in English, kept through the steps; staff
pages stay Dutch; the story stores the language it was told in."""
import re

import pytest
from sqlalchemy import select

from vertelpunt.forms.services import DEFAULT_FORM_PATH, import_definition, read_form_file
from vertelpunt.i18n import SESSION_KEY
from vertelpunt.models import Story

STORY = "We waited months for help for our son. When it finally started, the care worker really listened to us."


@pytest.fixture
def landelijk(session, make_project):
    """A project on the default form, which carries English texts."""
    import_definition(session, read_form_file(DEFAULT_FORM_PATH))
    session.commit()
    return make_project(slug="landelijk", title="Landelijk", form_key="vertelpunt-landelijk")


def html_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def test_the_landing_page_offers_english_and_dutch_without_javascript(client, landelijk):
    page = client.get("/v/landelijk/").get_data(as_text=True)
    assert html_lang(page) == "nl" and "Wie ben jij?" in page
    assert 'href="/v/landelijk/?lang=en"' in page and 'hreflang="en"' in page
    page = client.get("/v/landelijk/?lang=en").get_data(as_text=True)
    assert html_lang(page) == "en"
    assert "Who are you?" in page and "I am a parent or carer" in page and "Wie ben jij?" not in page
    assert "Need help right now?" in page and "0800-0432" in page and 'href="tel:112"' in page
    assert 'href="/v/landelijk/?lang=nl"' in page


def test_the_choice_is_kept_in_the_session_cookie_and_can_be_undone(client, landelijk):
    client.get("/v/landelijk/?lang=en")
    with client.session_transaction() as cookie:
        assert cookie[SESSION_KEY] == "en"
    assert "Who are you?" in client.get("/v/landelijk/").get_data(as_text=True)
    assert "Privacy: what we keep" in client.get("/v/landelijk/privacy").get_data(as_text=True)
    assert "Withdraw your story" in client.get("/v/landelijk/intrekken").get_data(as_text=True)
    assert "What has been done with the stories?" in client.get("/v/landelijk/opvolging/").get_data(as_text=True)
    assert "Share your experience with youth care" in client.get("/").get_data(as_text=True)
    page = client.get("/v/landelijk/?lang=nl").get_data(as_text=True)
    assert "Wie ben jij?" in page and html_lang(page) == "nl"
    with client.session_transaction() as cookie:
        assert SESSION_KEY not in cookie


def test_an_unknown_language_is_ignored(client, landelijk):
    response = client.get("/v/landelijk/?lang=xx")
    assert response.status_code == 200 and "Wie ben jij?" in response.get_data(as_text=True)


def test_the_general_privacy_page_is_translated(client, landelijk):
    page = client.get("/privacy?lang=en").get_data(as_text=True)
    assert html_lang(page) == "en" and "What we do not keep" in page and "Your IP address" in page


def test_staff_pages_stay_dutch_whatever_the_teller_chose(client, landelijk, login, make_user):
    client.get("/v/landelijk/?lang=en")
    login(make_user("admin"))
    page = client.get("/beheer/").get_data(as_text=True)
    assert html_lang(page) == "nl" and "Ga naar de inhoud" in page
    assert client.get("/beheer/?lang=en").get_data(as_text=True).count("Skip to the content") == 0


def test_an_english_teller_completes_a_story_that_stores_its_language(client, session, flow, landelijk):
    client.get("/v/landelijk/?lang=en")
    story = flow("landelijk", "parent")
    assert html_lang(story.page) == "en" and story.step_title == "Your experience"
    assert "What do you want to tell about?" in story.page and "Tell us how it went when you looked for help" in story.page
    assert "?lang=" not in story.page  # no language link on the form: it would start the story again
    assert "{value} out of 100" in story.page and "{num} words" in story.page  # collect.js's sentences
    story.post(prompt="zoeken", text=STORY)
    assert story.response.status_code == 200, story.page
    assert story.step_title == "Questions about your experience (1 of 4)"
    assert "For me this was" not in story.page and "For the child or family this was ..." in story.page
    assert "very negative" in story.page and "Skip this question" in story.page
    story.post(nav="next", q_outcome="70", q_outcome__state="answer", q_help_type=["jeugdhulp", "ots", "anders", "pleegzorg"])
    assert story.response.status_code == 400
    assert "There is still 1 thing to fix" in story.page and "Choose 3 at most." in story.page
    story.post(nav="next", q_help_type=["jeugdhulp", "ots"])
    while "Send my story" not in story.page:
        assert story.post().status_code == 200, story.page
    assert story.step_title == "Finally"
    response = story.post(nav="submit", q_felt="positief")
    assert response.status_code == 303
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thank you for your story!" in thanks and "Your code to withdraw your story" in thanks
    saved = session.scalars(select(Story)).one()
    assert saved.language == "en" and saved.prompt_key == "zoeken"
    from vertelpunt.stories.services import story_answers
    answers = story_answers(saved)
    assert answers["outcome"] == 70 and sorted(answers["help_type"]) == ["jeugdhulp", "ots"]
    assert answers["felt"] == "positief"


def test_a_dutch_story_stores_dutch(client, session, flow, landelijk):
    story = flow("landelijk", "youth")
    assert story.step_title == "Jouw ervaring"
    story.post(text="Ik moest steeds opnieuw mijn verhaal doen bij nieuwe mensen en niemand vroeg wat ik wilde.")
    while "Verstuur mijn verhaal" not in story.page:
        story.post()
    assert story.post(nav="submit").status_code == 303
    assert session.scalars(select(Story)).one().language == "nl"


def test_messages_of_the_story_page_are_translated(client, flow, landelijk):
    client.get("/v/landelijk/?lang=en")
    story = flow("landelijk", "parent")
    story.post(prompt="zoeken", text="")
    assert story.response.status_code == 400 and "Write down your experience. It can be short." in story.page
    story.post(prompt="zoeken", text="Ik belde Jan Jansen op 06-12345678 en niemand hielp ons.")
    assert "Please note: these words look personal" in story.page


def test_a_form_without_english_falls_back_to_dutch(client, flow, project):
    client.get("/v/proef/?lang=en")
    story = flow("proef", "parent")
    assert story.step_title == "Your experience"  # the interface is English ...
    assert "Vertel hoe de hulp begon." in story.page  # ... the form's own texts stay Dutch


def test_cacheable_public_pages_vary_by_the_cookie_that_holds_the_language(client, landelijk):
    for path in ("/", "/v/landelijk/", "/privacy"):
        response = client.get(path + "?lang=en")
        assert "Cookie" in response.headers.get("Vary", ""), path


def test_analysis_pools_the_answers_by_key_whatever_the_language(client, session, flow, landelijk):
    from vertelpunt.insights.filters import StoryFilter
    from vertelpunt.insights.scans import answer_table

    for language, value in (("en", "30"), ("nl", "70")):
        client.get(f"/v/landelijk/?lang={language}")
        story = flow("landelijk", "youth")
        story.post(text=STORY)
        story.post(q_outcome=value, q_outcome__state="answer")
        while 'value="submit"' not in story.page:
            story.post()
        assert story.post(nav="submit").status_code == 303
    stories = session.scalars(select(Story).order_by(Story.id)).all()
    assert [s.language for s in stories] == ["en", "nl"]
    for saved in stories:
        saved.status = "published"
    session.commit()
    table = answer_table(session, landelijk, StoryFilter(complete_only=False))  # short test stories
    assert sorted(table.columns["outcome"].values.tolist()) == [30.0, 70.0]
    assert table.columns["outcome"].label == "Dit was voor het kind of gezin ..."  # staff read the Dutch


def test_staff_story_pages_show_the_language_in_dutch(client, session, flow, landelijk, login, make_user):
    client.get("/v/landelijk/?lang=en")
    story = flow("landelijk", "youth")
    story.post(text=STORY)
    while 'value="submit"' not in story.page:
        story.post()
    assert story.post(nav="submit").status_code == 303
    saved = session.scalars(select(Story)).one()
    login(make_user("admin"))
    page = client.get(f"/beheer/moderatie/{saved.public_id}").get_data(as_text=True)
    assert html_lang(page) == "nl" and "taal: Engels" in page
    saved.status = "published"
    session.commit()
    page = client.get(f"/beheer/analyse/verhalen/{saved.public_id}?project=landelijk").get_data(as_text=True)
    assert "taal: Engels" in page, page[:300]
