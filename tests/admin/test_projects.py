"""Projects are made, edited, closed and reopened in the browser by admins (issue 17, point 3)."""
from __future__ import annotations

from sqlalchemy import select

from vertelpunt.models import AuditEvent, Project

NEW = {"slug": "jeugd-2026", "title": "Jeugdzorg 2026", "intro": "Vertel ons", "form_key": "mini",
       "regions": ["twente"]}


def _project(session, slug):
    session.expire_all()
    return session.scalar(select(Project).where(Project.slug == slug))


def test_an_admin_creates_a_project_and_it_is_audited(client, session, admin, make_project, post):
    make_project()
    response = post("/beheer/projecten/nieuw", NEW)
    assert response.status_code == 302
    project = _project(session, "jeugd-2026")
    assert project.title == "Jeugdzorg 2026" and [r.key for r in project.regions] == ["twente"]
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "project.create",
                                                   AuditEvent.target_id == "jeugd-2026")).actor == admin.email


def test_a_refused_project_is_not_saved_and_the_form_keeps_what_was_typed(client, session, admin, make_project,
                                                                          post):
    make_project()
    for bad, message in (({"slug": "X Y"}, "geen geldige korte naam"), ({"regions": []}, "minstens één regio"),
                         ({"regions": ["atlantis"]}, "Onbekende regio"), ({"title": " "}, "titel"),
                         ({"slug": "proef"}, "bestaat al"), ({"form_key": "geen"}, "Onbekende vragenset")):
        response = post("/beheer/projecten/nieuw", {**NEW, **bad})
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and message in html, bad
        assert 'value="Vertel ons"' not in html and "Vertel ons" in html  # the intro textarea kept its text
    assert _project(session, "jeugd-2026") is None


def test_an_admin_edits_title_intro_and_regions(client, session, admin, project, post):
    url = f"/beheer/projecten/{project.slug}"
    response = post(url, {"title": "Nieuwe titel", "intro": "Nieuw", "regions": ["rijk-van-nijmegen"]})
    assert response.status_code == 302
    changed = _project(session, project.slug)
    assert (changed.title, changed.intro, [r.key for r in changed.regions]) == ("Nieuwe titel", "Nieuw",
                                                                                ["rijk-van-nijmegen"])
    response = post(url, {"title": "", "intro": "weg", "regions": ["twente"]})
    assert response.status_code == 400 and "titel" in response.get_data(as_text=True)
    assert _project(session, project.slug).intro == "Nieuw"  # nothing half-saved


def test_closing_and_reopening_a_project(client, session, admin, project, post):
    url, page = f"/beheer/projecten/{project.slug}/status", f"/beheer/projecten/{project.slug}"
    assert post(url, {"status": "closed"}, page=page).status_code == 302
    assert _project(session, project.slug).status == "closed"
    assert client.get(f"/v/{project.slug}/").status_code in (200, 410)
    assert post(url, {"status": "open"}, page=page).status_code == 302
    assert _project(session, project.slug).status == "open"
    assert post(url, {"status": "weg"}, page=page).status_code == 400
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.action == "project.status")).all()
    assert len(actions) == 2


def test_a_post_without_csrf_token_changes_nothing(client, session, admin, project):
    response = client.post(f"/beheer/projecten/{project.slug}/status", data={"status": "closed"})
    assert response.status_code == 400
    assert _project(session, project.slug).status == "open"


def test_only_admins_reach_the_project_pages(client, make_user, login, project):
    login(make_user("analyst"))
    assert client.get("/beheer/projecten/").status_code == 403
    assert client.get("/beheer/projecten/nieuw").status_code == 403
