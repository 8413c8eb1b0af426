"""Accounts are made, changed, switched off and given a new password in the browser (issue 17, point 3)."""
from __future__ import annotations

import re

from sqlalchemy import select

from tests.conftest import STRONG_PASSWORD
from vertelpunt.accounts.services import authenticate
from vertelpunt.models import AuditEvent, User

PASSWORD = re.compile(r'<code id="new-password">([^<]+)</code>')


def _user(session, email):
    session.expire_all()
    return session.scalar(select(User).where(User.email == email))


def test_an_admin_creates_an_account_and_sees_its_password_once(client, session, admin, regions, post):
    response = post("/beheer/accounts/nieuw", {"email": "Kijker@Example.org", "name": "Kim", "role": "viewer",
                                               "regions": ["twente"]})
    assert response.status_code == 200
    password = PASSWORD.search(response.get_data(as_text=True)).group(1)
    user = _user(session, "kijker@example.org")
    assert user.role == "viewer" and [r.key for r in user.regions] == ["twente"]
    assert authenticate(session, "kijker@example.org", password) is not None
    assert password not in client.get(f"/beheer/accounts/{user.id}").get_data(as_text=True)
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "user.create",
                                                    AuditEvent.target_id == "kijker@example.org"))
    assert event.actor == admin.email and password not in str(event.detail)


def test_a_refused_account_is_not_saved_and_the_form_keeps_what_was_typed(client, session, admin, regions, post):
    for data, message in (({"email": "geen-adres", "role": "analyst"}, "geen geldig e-mailadres"),
                          ({"email": "v@example.org", "role": "viewer"}, "minstens één regio"),
                          ({"email": "a@example.org", "role": "keizer"}, "Onbekende rol"),
                          ({"email": admin.email, "role": "analyst"}, "bestaat al")):
        response = post("/beheer/accounts/nieuw", {"name": "Typed <Naam>", **data})
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and message in html, data
        assert 'value="Typed &lt;Naam&gt;"' in html
    assert session.scalar(select(User).where(User.email.in_(["v@example.org", "a@example.org"]))) is None


def test_changing_role_and_regions_ends_the_accounts_sessions(client, session, admin, make_user, post):
    other = make_user("analyst")
    version = other.session_version
    response = post(f"/beheer/accounts/{other.id}", {"role": "viewer", "regions": ["rijk-van-nijmegen"]})
    assert response.status_code == 302
    changed = _user(session, other.email)
    assert changed.role == "viewer" and [r.key for r in changed.regions] == ["rijk-van-nijmegen"]
    assert changed.session_version > version
    response = post(f"/beheer/accounts/{other.id}", {"role": "viewer", "regions": []})
    assert response.status_code == 400
    assert [r.key for r in _user(session, other.email).regions] == ["rijk-van-nijmegen"]


def test_an_admin_cannot_demote_or_switch_off_themselves(client, session, admin, post):
    url = f"/beheer/accounts/{admin.id}"
    assert post(url, {"role": "analyst"}).status_code == 400
    assert post(f"{url}/actief", {"active": "0"}, page=url).status_code == 400
    assert _user(session, admin.email).role == "admin" and _user(session, admin.email).active


def test_deactivating_and_reactivating_an_account(client, session, admin, make_user, post):
    other = make_user("moderator")
    url = f"/beheer/accounts/{other.id}"
    assert post(f"{url}/actief", {"active": "0"}, page=url).status_code == 302
    assert not _user(session, other.email).active
    assert authenticate(session, other.email, STRONG_PASSWORD) is None
    assert post(f"{url}/actief", {"active": "1"}, page=url).status_code == 302
    assert _user(session, other.email).active
    assert post(f"{url}/actief", {}, page=url).status_code == 400
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.target_id == other.email)).all()
    assert "user.deactivate" in actions and "user.activate" in actions


def test_resetting_a_password_shows_a_new_strong_one_once(client, session, admin, make_user, post):
    other = make_user("facilitator")
    url = f"/beheer/accounts/{other.id}"
    first = PASSWORD.search(post(f"{url}/wachtwoord", page=url).get_data(as_text=True)).group(1)
    second = PASSWORD.search(post(f"{url}/wachtwoord", page=url).get_data(as_text=True)).group(1)
    assert first != second and len(second) >= 20
    assert authenticate(session, other.email, first) is None
    assert authenticate(session, other.email, second) is not None
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "user.reset_password")).all()
    assert len(events) == 2 and all(second not in str(e.detail) for e in events)


def test_the_cli_resets_a_lost_admin_password(run, session, make_user):
    user = make_user("admin", email="baas@example.org")
    result = run("users", "reset-password", "baas@example.org")
    password = result.output.strip().splitlines()[1]
    session.expire_all()
    assert authenticate(session, user.email, password) is not None
    assert "geen account" in run("users", "reset-password", "niemand@example.org", ok=False).output


def test_only_admins_reach_the_account_pages(client, make_user, login):
    login(make_user("analyst"))
    assert client.get("/beheer/accounts/").status_code == 403
