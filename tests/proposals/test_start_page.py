"""The staff start page (/beheer/) begins with what needs doing: stories to review, proposals over date and
sessions coming up, each a count linking to its list and shown only to roles that may open that list.

Here, next to the proposal fixtures it needs (a board with a session, proposals of Twente)."""
from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest

from vertelpunt.models import SensemakingSession


def _tasks(html: str) -> dict[str, tuple[int, str]]:
    """Link text after the number -> (number, href) within the "Te doen" list."""
    block = re.search(r'<ul class="task-list">(.*?)</ul>', html, re.S)
    if block is None:
        return {}
    return {text.strip(): (int(n), unescape(href)) for href, n, text in
            re.findall(r'<a href="([^"]+)"><strong>(\d+)</strong>([^<]+)</a>', block.group(1))}


@pytest.fixture
def work(session, project, board, make_proposal, make_story):
    late = make_proposal(title="Te laat voorstel")
    late.due_on = date.today() - timedelta(days=2)
    make_proposal(title="Op tijd voorstel", due_on=(date.today() + timedelta(days=30)).isoformat())
    elsewhere = make_proposal(title="Te laat in Nijmegen", region="rijk-van-nijmegen")
    elsewhere.due_on = date.today() - timedelta(days=2)
    session.add(SensemakingSession(project_id=project.id, region_id=board.region.id, name="Volgende sessie",
                                   held_on=date.today() + timedelta(days=7), place="Hengelo", join_code="NEXT01",
                                   created_by="facilitator@example.org"))
    for _ in range(2):
        make_story(project, commit=False, status="pending")
    session.commit()


@pytest.mark.parametrize("role, expected", [
    ("admin", {"verhalen te beoordelen": 2, "voorstellen over datum": 2, "sessie gepland": 1}),
    ("analyst", {"verhalen te beoordelen": 2, "voorstellen over datum": 2, "sessie gepland": 1}),
    ("moderator", {"verhalen te beoordelen": 2}),
    ("facilitator", {"voorstellen over datum": 2, "sessie gepland": 1}),
])
def test_each_role_sees_the_counts_of_the_lists_it_may_open(client, login, make_user, work, role, expected):
    login(make_user(role))
    tasks = _tasks(client.get("/beheer/").get_data(as_text=True))
    assert {text: n for text, (n, _) in tasks.items()} == expected
    for _, href in tasks.values():
        assert client.get(href).status_code == 200, href


def test_links_lead_to_the_lists_the_counts_are_of(client, login, make_user, work):
    login(make_user("admin"))
    tasks = _tasks(client.get("/beheer/").get_data(as_text=True))
    assert tasks["verhalen te beoordelen"][1] == "/beheer/moderatie/"
    overdue = tasks["voorstellen over datum"][1]
    assert overdue == "/beheer/voorstellen/?overdue=1"
    listed = client.get(overdue).get_data(as_text=True)
    assert "Te laat voorstel" in listed and "Te laat in Nijmegen" in listed and "Op tijd voorstel" not in listed
    assert tasks["sessie gepland"][1] == "/beheer/sessies/"


def test_a_viewer_counts_only_proposals_of_their_regions(client, login, make_user, work):
    login(make_user("viewer", region_keys=("twente",)))
    html = client.get("/beheer/").get_data(as_text=True)
    assert {text: n for text, (n, _) in _tasks(html).items()} == {"voorstel over datum": 1}
    assert "moderatie" not in html and "/beheer/sessies/" not in html
