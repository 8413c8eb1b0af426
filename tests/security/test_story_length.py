"""A story longer than 10,000 characters is refused with a Dutch message next to the field, nothing is
stored, and the whole text comes back in a field that can hold it (no ``maxlength`` that cuts it off)."""
from __future__ import annotations

import html
import re

from sqlalchemy import func, select

from tests.collect.conftest import StoryFlow
from vertelpunt.models import Story
from vertelpunt.stories.services import MAX_STORY_LENGTH

TEXTAREA = re.compile(r'<textarea id="text"([^>]*)>(.*?)</textarea>', re.S)



def test_a_story_over_the_limit_is_refused_in_dutch_and_comes_back_whole(client, session, project):
    text = ("Dit is mijn verhaal. " * 600)[:10_400].rstrip()
    text += "!" * (10_500 - len(text))
    story_flow = StoryFlow(client, "proef", "parent")
    response = story_flow.post(prompt="moment", text=text)
    assert response.status_code == 400
    page = story_flow.page
    error = re.search(r'<p class="error" id="text-error">(.*?)</p>', page, re.S).group(1)
    assert "te lang" in error and "10.500 tekens" in error and "500 tekens korter" in error
    attributes, shown = TEXTAREA.search(page).groups()
    assert html.unescape(shown) == text  # everything typed is still there
    limit = re.search(r'maxlength="(\d+)"', attributes)
    assert limit is None or int(limit.group(1)) >= len(text), attributes  # and the field can hold it
    assert "text-error" in re.search(r'aria-describedby="([^"]+)"', attributes).group(1)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Story)) == 0


def test_line_breaks_count_once_as_the_teller_sees_them(client, session, project):
    lines = "Een regel van mijn verhaal.\r\n"
    text = (lines * (MAX_STORY_LENGTH // (len(lines) - 1)))  # under the limit with LF, over it with CR LF
    assert len(text.replace("\r\n", "\n").strip()) <= MAX_STORY_LENGTH < len(text)
    story_flow = StoryFlow(client, "proef", "parent")
    assert story_flow.post(prompt="moment", text=text).status_code == 200, story_flow.page
