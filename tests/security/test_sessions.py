"""Sessions: staff sessions expire, cookies are locked down behind HTTPS, accounts switched off stop at once.

(Login throttling and the password rules are proven in tests/test_accounts.py; the 8-hour lifetime of the
staff cookie too.)
"""
from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import STRONG_PASSWORD, _empty_tables
from tests.security.conftest import csrf_from

LOGIN = "/beheer/inloggen"
HTTPS = "https://vertelpunt.example"


@pytest.fixture
def app(database_url, tmp_path):
    """Like the shared ``app`` fixture, but without an app context kept open around the requests.

    With one long-lived context, flask-login keeps the user it loaded in ``g`` from request to request,
    so an expired or switched-off session would look alive in the test while it is dead in production.
    """
    from vertelpunt import create_app

    application = create_app({"TESTING": True, "DATABASE_URL": database_url, "INSTANCE_PATH": str(tmp_path / "inst"),
                              "SECRET_KEY": "test-secret-key-not-for-production"})
    yield application
    _empty_tables(application)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(app):
    from vertelpunt.accounts.services import create_user
    from vertelpunt.db import get_session

    def factory(role):
        with app.app_context():
            session = get_session()
            user = create_user(session, f"{role}@example.org", STRONG_PASSWORD, role, ())
            session.commit()
            return user

    return factory


def _change_user(app, user, **values):
    from vertelpunt.db import get_session
    from vertelpunt.models import User

    with app.app_context():
        session = get_session()
        row = session.scalar(select(User).where(User.id == user.id))
        for name, value in values.items():
            setattr(row, name, value)
        session.commit()


def _form_login(client, user):
    token = csrf_from(client.get(LOGIN).get_data(as_text=True))
    response = client.post(LOGIN, data={"email": user.email, "password": STRONG_PASSWORD, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def test_staff_session_older_than_the_lifetime_is_logged_out(app, client, make_user):
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=1)
    _form_login(client, make_user("analyst"))
    assert client.get("/beheer/").status_code == 200
    time.sleep(2.1)
    response = client.get("/beheer/")
    assert response.status_code == 302 and LOGIN in response.headers["Location"]


def test_a_session_in_use_stays_alive_within_the_lifetime(app, client, make_user):
    """The lifetime counts from the last request (the cookie is refreshed), so working staff stay in."""
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=3)
    _form_login(client, make_user("analyst"))
    for _ in range(3):
        time.sleep(1.2)
        assert client.get("/beheer/").status_code == 200


def test_logout_ends_the_session_in_this_browser(client, make_user):
    _form_login(client, make_user("analyst"))
    token = csrf_from(client.get("/beheer/").get_data(as_text=True))
    assert client.post("/beheer/uitloggen", data={"csrf_token": token}).status_code == 302
    response = client.get("/beheer/")
    assert response.status_code == 302 and LOGIN in response.headers["Location"]


def test_login_starts_a_fresh_session(client, make_user):
    """Whatever an anonymous visitor had in the session (a participant token, say) is dropped at login."""
    with client.session_transaction() as cookie:
        cookie["vp_deelname"] = {"ABC123": "token-from-before"}
    _form_login(client, make_user("facilitator"))
    with client.session_transaction() as cookie:
        assert "vp_deelname" not in cookie
        assert cookie.permanent


def test_switching_an_account_off_ends_its_sessions(app, client, make_user):
    user = make_user("admin")
    _form_login(client, user)
    assert client.get("/beheer/audit/").status_code == 200
    _change_user(app, user, active=False)
    response = client.get("/beheer/audit/")
    assert response.status_code == 302 and LOGIN in response.headers["Location"]


def test_a_role_taken_away_counts_from_the_next_request(app, client, make_user):
    user = make_user("admin")
    _form_login(client, user)
    assert client.get("/beheer/audit/").status_code == 200
    _change_user(app, user, role="moderator")
    assert client.get("/beheer/audit/").status_code == 403


def _cookie_flags(header: str) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in header.split(";")[1:]}


def test_staff_cookie_is_secure_httponly_and_samesite_behind_https(app, make_user):
    app.config["SESSION_COOKIE_SECURE"] = True
    user = make_user("facilitator")
    staff = app.test_client()
    page = staff.get(LOGIN, base_url=HTTPS).get_data(as_text=True)
    response = staff.post(LOGIN, data={"email": user.email, "password": STRONG_PASSWORD, "csrf_token": csrf_from(page)},
                          base_url=HTTPS, headers={"Referer": HTTPS + LOGIN})
    assert response.status_code == 302, response.get_data(as_text=True)
    cookie = response.headers["Set-Cookie"]
    assert {"secure", "httponly", "samesite", "expires"} <= _cookie_flags(cookie), cookie
    assert "samesite=lax" in cookie.lower().replace(" ", "")


def _open_session(app) -> str:
    """A project with an open session of one table; returns its join code."""
    from tests.conftest import FIXTURES, TEST_REGIONS
    from vertelpunt.accounts.services import create_user
    from vertelpunt.db import get_session
    from vertelpunt.facilitate import planning
    from vertelpunt.forms.services import import_definition, read_form_file
    from vertelpunt.geo.services import sync_regions
    from vertelpunt.projects.services import create_project

    with app.app_context():
        session = get_session()
        sync_regions(session, TEST_REGIONS)
        import_definition(session, read_form_file(FIXTURES / "mini-form.yaml"))
        project = create_project(session, "proef", "Proefproject", "mini", ("twente",))
        user = create_user(session, "planner@example.org", STRONG_PASSWORD, "facilitator", ())
        item = planning.create_session(session, planning.SessionInput(
            name="Sessie", held_on="2026-05-20", place="Enschede", project_id=str(project.id)), user)
        planning.add_table(session, item, "Tafel 1", "ouders")
        item.status = "open"
        session.commit()
        return item.join_code


def test_participant_cookie_is_secure_httponly_and_samesite_behind_https(app):
    join_code = _open_session(app)
    app.config["SESSION_COOKIE_SECURE"] = True
    participant = app.test_client()
    path = f"/s/{join_code}"
    page = participant.get(path, base_url=HTTPS).get_data(as_text=True)
    response = participant.post(path, data={"name": "Sanne", "csrf_token": csrf_from(page)}, base_url=HTTPS,
                                headers={"Referer": HTTPS + path})
    assert response.status_code == 302 and "/tafel/" in response.headers["Location"], response.get_data(as_text=True)
    cookie = response.headers["Set-Cookie"]
    assert {"secure", "httponly", "samesite"} <= _cookie_flags(cookie), cookie


def test_a_cookie_copied_before_logout_is_dead_after_logout(app, client, make_user):
    _form_login(client, make_user("admin"))
    copied = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    token = csrf_from(client.get("/beheer/").get_data(as_text=True))
    assert client.post("/beheer/uitloggen", data={"csrf_token": token}).status_code == 302
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], copied)
    assert thief.get("/beheer/").status_code == 302, "the copied cookie still opens staff pages after logout"
    response = thief.get("/beheer/audit/")
    assert response.status_code == 302 and LOGIN in response.headers["Location"]


@pytest.mark.parametrize("elsewhere", [
    {"environ_overrides": {"REMOTE_ADDR": "198.51.100.9"}},
    {"headers": {"User-Agent": "Thief/1.0"}},
], ids=["other-address", "other-browser"])
def test_a_stolen_cookie_does_not_work_from_another_client(app, client, make_user, elsewhere):
    """Strong session protection, also for the (permanent) staff sessions: a session is bound to the
    address and user agent it was logged in from (flask-login keeps their hash in the cookie)."""
    _form_login(client, make_user("admin"))
    copied = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], copied)
    response = thief.get("/beheer/audit/", **elsewhere)
    assert response.status_code == 302 and LOGIN in response.headers["Location"]
    assert client.get("/beheer/audit/").status_code == 200  # the owner's own browser still works
