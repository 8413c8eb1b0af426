"""The privacy statement names who is responsible for a project's stories (issue 13, item 8).

A teller of a story (often a minor) has the right to know who decides about it, how to reach them, who the
data protection officer is, how long it is kept and where to complain. Each project's public pages lead to
its own statement; an admin (and only an admin) fills the four facts in from the CLI or the staff page; a
project that has not done so says so plainly, and the staff overview warns admins. The accessibility
statement follows the Dutch model.
"""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from vertelpunt.models import AuditEvent, Project

PRIVACY_URL = "/v/proef/privacy"
SETTINGS_URL = "/beheer/projecten/proef/privacy"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
FILLED = {
    "controller": "Gemeente Enschede",
    "contact": "privacy@enschede.example",
    "dpo": "Functionaris gegevensbescherming, fg@enschede.example",
    "retention": "2 jaar",
}


@pytest.fixture
def run_cli(app, database_url, tmp_path, monkeypatch, regions):
    monkeypatch.setenv("VERTELPUNT_DATABASE_URL", database_url)
    monkeypatch.setenv("VERTELPUNT_INSTANCE_PATH", str(tmp_path / "cli-instance"))
    monkeypatch.setenv("VERTELPUNT_SECRET_KEY", "cli-test-secret")
    from vertelpunt.cli import cli

    def invoke(*args):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return invoke


def _privacy_columns(session) -> tuple:
    session.expire_all()
    project = session.scalar(select(Project).where(Project.slug == "proef"))
    return (project.privacy_controller, project.privacy_contact, project.privacy_dpo, project.privacy_retention)


def _post_settings(client, data: dict):
    page = client.get(SETTINGS_URL)
    assert page.status_code == 200, page.status_code
    token = TOKEN.search(page.get_data(as_text=True)).group(1)
    return client.post(SETTINGS_URL, data={"csrf_token": token, **data})


def _assert_shows_responsible_parties(html: str) -> None:
    for value in FILLED.values():
        assert value in html, value
    assert "Autoriteit Persoonsgegevens" in html
    assert 'href="https://www.autoriteitpersoonsgegevens.nl"' in html
    assert "nog niet alles ingevuld" not in html


def test_without_contacts_the_projects_privacy_page_says_plainly_they_are_missing(client, project):
    response = client.get(PRIVACY_URL)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "nog niet alles ingevuld" in html
    assert "verwerkingsverantwoordelijke" in html.lower() and "bewaartermijn" in html.lower()
    assert "Autoriteit Persoonsgegevens" in html  # the right to complain holds anyway


def test_contacts_set_by_the_cli_show_on_the_projects_privacy_page(client, session, project, run_cli):
    result = run_cli("projects", "set", "proef", "--controller", FILLED["controller"], "--contact",
                     FILLED["contact"], "--dpo", FILLED["dpo"], "--retention", FILLED["retention"])
    assert result.exit_code == 0, result.output
    assert _privacy_columns(session) == tuple(FILLED.values())
    _assert_shows_responsible_parties(client.get(PRIVACY_URL).get_data(as_text=True))
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "project.privacy"))
    assert event.actor == "cli" and event.target_id == "proef"


def test_the_cli_refuses_bad_values_in_dutch_and_saves_nothing(session, project, run_cli):
    result = run_cli("projects", "set", "proef", "--controller", "Gemeente Enschede", "--contact", "bel maar")
    assert result.exit_code != 0
    assert "e-mailadres" in result.output and "postcode" in result.output
    assert _privacy_columns(session) == ("", "", "", "")  # the good controller was not half-saved either
    result = run_cli("projects", "set", "proef", "--retention", "lang")
    assert result.exit_code != 0 and "2 jaar" in result.output
    assert run_cli("projects", "set", "proef").exit_code != 0
    assert "Geen project" in run_cli("projects", "set", "bestaat-niet", "--retention", "2 jaar").output


def test_an_admin_sets_the_contacts_on_the_staff_page(client, session, project, make_user, login):
    admin = make_user("admin", "admin@example.org")
    login(admin)
    response = _post_settings(client, FILLED)
    assert response.status_code == 302
    assert _privacy_columns(session) == tuple(FILLED.values())
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "project.privacy"))
    assert event.actor == "admin@example.org" and event.detail == {"fields": list(FILLED)}
    client.post("/beheer/uitloggen", data={"csrf_token": TOKEN.search(
        client.get("/beheer/").get_data(as_text=True)).group(1)})
    _assert_shows_responsible_parties(client.get(PRIVACY_URL).get_data(as_text=True))


def test_the_staff_page_refuses_bad_values_in_dutch_and_saves_nothing(client, session, project, make_user, login):
    login(make_user("admin", "admin@example.org"))
    response = _post_settings(client, {**FILLED, "contact": "bel maar", "retention": "", "dpo": "x" * 301})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Vul een e-mailadres in" in html and "Vul de bewaartermijn in." in html and "hoogstens 300 tekens" in html
    assert 'value="Gemeente Enschede"' in html  # what the admin typed stays in the form
    assert _privacy_columns(session) == ("", "", "", "")
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "project.privacy")) is None


@pytest.mark.parametrize("role", ["analyst", "moderator", "facilitator", "viewer"])
def test_a_non_admin_cannot_change_the_contacts(client, session, project, make_user, login, role):
    login(make_user(role, f"{role}@example.org", region_keys=("twente",) if role == "viewer" else ()))
    assert client.get(SETTINGS_URL).status_code == 403
    token = TOKEN.search(client.get("/beheer/").get_data(as_text=True)).group(1)
    assert client.post(SETTINGS_URL, data={"csrf_token": token, **FILLED}).status_code == 403
    assert _privacy_columns(session) == ("", "", "", "")


def test_an_anonymous_visitor_cannot_change_the_contacts(client, session, project):
    token = TOKEN.search(client.get("/v/proef/intrekken").get_data(as_text=True)).group(1)
    response = client.post(SETTINGS_URL, data={"csrf_token": token, **FILLED})
    assert response.status_code == 302 and "/beheer/inloggen" in response.headers["Location"]
    assert _privacy_columns(session) == ("", "", "", "")


def test_every_public_page_of_a_project_leads_to_its_own_privacy_statement(client, project):
    for url in ("/v/proef/", "/v/proef/vertel/parent", "/v/proef/intrekken", PRIVACY_URL):
        html = client.get(url).get_data(as_text=True)
        assert f'href="{PRIVACY_URL}"' in html, url
    assert f'href="{PRIVACY_URL}"' in client.get("/privacy").get_data(as_text=True)


def test_the_privacy_pages_load_nothing_from_elsewhere(client, project):
    for url in (PRIVACY_URL, "/privacy"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert not re.search(r'<(script|img|iframe|link)[^>]+(src|href)="(https?:)?//', html), url


def test_the_staff_overview_warns_admins_about_missing_contacts(client, session, project, make_user, login):
    login(make_user("admin", "admin@example.org"))
    html = client.get("/beheer/").get_data(as_text=True)
    assert "Privacyverklaring niet compleet" in html and f'href="{SETTINGS_URL}"' in html
    assert _post_settings(client, FILLED).status_code == 302
    assert "Privacyverklaring niet compleet" not in client.get("/beheer/").get_data(as_text=True)


def test_the_accessibility_statement_follows_the_dutch_model(client):
    html = client.get("/toegankelijkheid").get_data(as_text=True)
    for part in ("Toegankelijkheidsverklaring", "Status", "voldoet", "Laatst gecontroleerd", "axe-core",
                 "Chromium", "toetsenbord", "schermlezer", "Bekende problemen", "Contact"):
        assert part in html, part
    assert re.search(r"\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
                     r"december) 20\d\d", html), "the date of the last check"
