import pytest
from sqlalchemy import select

from vertelpunt.models import AuditEvent, Story
from vertelpunt.projects.services import project_summaries


@pytest.fixture
def pending(project, make_story):
    return make_story(project, status="pending", text="Mevrouw Jansen belde me op 06-12345678 over mijn zoon.",
                      answers={"outcome": 20.0, "heard": 10.0, "help_type": ["ots"], "place": "nijmegen"})


@pytest.mark.parametrize("role", ["facilitator", "viewer"])
def test_only_analysts_and_moderators_moderate(client, make_user, login, pending, role):
    login(make_user(role, region_keys=["twente"] if role == "viewer" else ()))
    assert client.get("/beheer/moderatie/").status_code == 403
    assert client.get(f"/beheer/moderatie/{pending.public_id}").status_code == 403


def test_queue_flags_personal_data(client, make_user, login, pending):
    assert pending.pii_kinds and "phone" in pending.pii_kinds
    login(make_user("moderator"))
    page = client.get("/beheer/moderatie/").get_data(as_text=True)
    assert pending.public_id in page and "Mogelijk persoonlijke gegevens" in page
    assert "telefoonnummer" in page and "phone" not in page  # the kinds in Dutch, never the stored keys
    detail = client.get(f"/beheer/moderatie/{pending.public_id}").get_data(as_text=True)
    assert '<mark class="pii" title="mogelijk telefoonnummer">06-12345678</mark>' in detail
    assert "phone" not in detail


def test_moderation_shows_the_role_in_the_form_s_words(client, project, make_user, make_story, login):
    story = make_story(project, status="pending", role="parent", text="Het ging goed met de hulp.")
    login(make_user("moderator"))
    queue = client.get("/beheer/moderatie/").get_data(as_text=True)
    detail = client.get(f"/beheer/moderatie/{story.public_id}").get_data(as_text=True)
    for page in (queue, detail):
        assert "ouder of verzorger" in page
        assert " · parent · " not in page and "Ik ben ouder" not in page


def _token(client, public_id):
    import re

    page = client.get(f"/beheer/moderatie/{public_id}").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_publish_counts_the_story_and_is_audited(client, session, project, make_user, login, pending):
    login(make_user("analyst"))
    assert project_summaries(session)[0].published == 0
    token = _token(client, pending.public_id)
    response = client.post(f"/beheer/moderatie/{pending.public_id}/status", data={"csrf_token": token, "status": "published"})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Story, pending.id).status == "published"
    assert project_summaries(session)[0].published == 1
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "story.published")).one()
    assert event.actor == "analyst@example.org" and event.target_id == pending.public_id


def test_hiding_needs_a_reason(client, session, make_user, login, pending):
    login(make_user("moderator"))
    token = _token(client, pending.public_id)
    response = client.post(f"/beheer/moderatie/{pending.public_id}/status", data={"csrf_token": token, "status": "hidden"})
    assert response.status_code == 400 and "Geef een reden" in response.get_data(as_text=True)
    client.post(f"/beheer/moderatie/{pending.public_id}/status",
                data={"csrf_token": token, "status": "hidden", "reason": "Herkenbaar"})
    session.expire_all()
    story = session.get(Story, pending.id)
    assert (story.status, story.status_reason) == ("hidden", "Herkenbaar")


def test_redaction_replaces_the_text(client, session, make_user, login, pending):
    login(make_user("moderator"))
    token = _token(client, pending.public_id)
    client.post(f"/beheer/moderatie/{pending.public_id}/redigeren",
                data={"csrf_token": token, "text": "Een medewerker belde me over mijn zoon.", "title": ""})
    session.expire_all()
    story = session.get(Story, pending.id)
    assert story.text == "Een medewerker belde me over mijn zoon." and story.pii_kinds is None
    audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "story.redact")).one()
    assert "06-12345678" not in str(audit.detail)
    empty = client.post(f"/beheer/moderatie/{pending.public_id}/redigeren", data={"csrf_token": token, "text": " "})
    assert empty.status_code == 400
