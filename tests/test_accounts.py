import re

import pytest

from vertelpunt.accounts.passwords import hash_password, password_problems, verify_password
from vertelpunt.accounts.services import AccountError, authenticate, create_user

STRONG = "correct-paard-batterij-niet"


def test_passwords_are_hashed_with_argon2id():
    hashed = hash_password(STRONG)
    assert hashed.startswith("$argon2id$") and STRONG not in hashed
    assert verify_password(hashed, STRONG) and not verify_password(hashed, "fout")
    assert not verify_password("geen-hash", STRONG)


@pytest.mark.parametrize("password", ["kort", "aaaaaaaaaaaaaaaa", "jan.jansen-2026!"])
def test_weak_passwords_are_refused(password):
    assert password_problems(password, "jan.jansen@example.org")


def test_create_user_rules(session, regions):
    user = create_user(session, " Analist@Example.org ", STRONG, "analyst")
    assert user.email == "analist@example.org"
    with pytest.raises(AccountError, match="bestaat al"):
        create_user(session, "ANALIST@example.org", STRONG, "analyst")
    with pytest.raises(AccountError, match="Onbekende rol"):
        create_user(session, "x@example.org", STRONG, "baas")
    with pytest.raises(AccountError, match="minstens één regio"):
        create_user(session, "kijker@example.org", STRONG, "viewer")
    with pytest.raises(AccountError, match="Onbekende regio"):
        create_user(session, "kijker@example.org", STRONG, "viewer", ["atlantis"])
    with pytest.raises(AccountError, match="geen geldig e-mailadres"):
        create_user(session, "geen-adres", STRONG, "analyst")
    viewer = create_user(session, "kijker@example.org", STRONG, "viewer", ["twente"])
    assert [r.key for r in viewer.regions] == ["twente"]


def test_authenticate(session, make_user):
    user = make_user("analyst")
    assert authenticate(session, "ANALYST@example.org", STRONG) == user
    assert authenticate(session, user.email, "verkeerd-wachtwoord") is None
    assert authenticate(session, "niemand@example.org", STRONG) is None
    user.active = False
    session.commit()
    assert authenticate(session, user.email, STRONG) is None


def test_staff_pages_require_login(client):
    response = client.get("/beheer/")
    assert response.status_code == 302 and "/beheer/inloggen" in response.headers["Location"]


def _csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_login_form_checks_csrf_and_credentials(client, make_user):
    user = make_user("analyst")
    refused = client.post("/beheer/inloggen", data={"email": user.email, "password": STRONG})
    assert refused.status_code == 400 and "Formulier verlopen" in refused.get_data(as_text=True)
    token = _csrf_token(client.get("/beheer/inloggen").get_data(as_text=True))
    wrong = client.post("/beheer/inloggen", data={"email": user.email, "password": "fout", "csrf_token": token})
    assert wrong.status_code == 400 and "klopt niet" in wrong.get_data(as_text=True)
    ok = client.post("/beheer/inloggen?next=/beheer/", data={"email": user.email, "password": STRONG, "csrf_token": token})
    assert ok.status_code == 302 and ok.headers["Location"] == "/beheer/"
    cookie = ok.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/beheer/").status_code == 200


def test_login_never_redirects_off_site(client, make_user, app):
    user = make_user("analyst")
    app.config["WTF_CSRF_ENABLED"] = False
    response = client.post("/beheer/inloggen?next=https://evil.example/", data={"email": user.email, "password": STRONG})
    assert response.headers["Location"] == "/beheer/"


def test_logout_needs_post_with_csrf(client, make_user, login):
    login(make_user("facilitator"))
    assert client.get("/beheer/uitloggen").status_code == 405
    assert client.post("/beheer/uitloggen").status_code == 400
    page = client.get("/beheer/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/beheer/uitloggen", data={"csrf_token": token}).status_code == 302
    assert client.get("/beheer/").status_code == 302


def test_viewer_sees_only_counts_of_own_regions(client, project, make_story, make_user, login):
    make_story(project, answers={"outcome": 50.0, "heard": 50.0, "place": "enschede"})
    make_story(project, answers={"outcome": 50.0, "heard": 50.0, "place": "nijmegen"})
    make_story(project, answers={"outcome": 50.0, "heard": 50.0, "place": "wijchen"})
    for _ in range(5):
        make_story(project, answers={"outcome": 50.0, "heard": 50.0, "place": "hengelo"})
    login(make_user("viewer", region_keys=["twente"]))
    page = client.get("/beheer/").get_data(as_text=True)
    assert _project_count(page, "Proefproject", "Verhalen") == "6"  # Twente's only: Enschede and Hengelo


def test_analyst_sees_all_counts(client, project, make_story, make_user, login):
    for place in ("enschede", "nijmegen") * 3:
        make_story(project, answers={"outcome": 50.0, "heard": 50.0, "place": place})
    login(make_user("analyst"))
    assert _project_count(client.get("/beheer/").get_data(as_text=True), "Proefproject", "Verhalen") == "6"


def test_a_small_count_is_hidden_from_an_analyst(client, project, make_story, make_user, login):
    for place in ("enschede", "nijmegen"):
        make_story(project, answers={"outcome": 50.0, "heard": 50.0, "place": place})
    login(make_user("analyst"))
    item = client.get("/beheer/").get_data(as_text=True).split('<li class="project-item">', 1)[1]
    assert "<dt>Verhalen</dt><dd><span" in item and "verborgen" in item


def test_an_admin_sees_small_counts(client, project, make_story, make_user, login):
    for place in ("enschede", "nijmegen"):
        make_story(project, answers={"outcome": 50.0, "heard": 50.0, "place": place})
    login(make_user("admin"))
    assert _project_count(client.get("/beheer/").get_data(as_text=True), "Proefproject", "Verhalen") == "2"


def _project_count(page: str, title: str, label: str) -> str:
    """One count of a project on the start page (each project is a list item with a <dl> of counts)."""
    item = re.search(rf'<li class="project-item">\s*<h3>{title}.*?</li>', page, re.S).group(0)
    return re.search(rf"<dt>{label}</dt><dd>(\d+)</dd>", item).group(1)


def _login_attempt(client, email, password, address="127.0.0.1"):
    from flask import g

    g.pop("csrf_token", None)  # the test's app context would otherwise hand out a token of an ended session
    where = {"REMOTE_ADDR": address}
    token = _csrf_token(client.get("/beheer/inloggen", environ_overrides=where).get_data(as_text=True))
    return client.post("/beheer/inloggen", data={"email": email, "password": password, "csrf_token": token},
                       environ_overrides=where)


def test_login_is_locked_after_five_failures_even_with_the_right_password(client, make_user):
    user = make_user("analyst")
    for _ in range(5):
        assert _login_attempt(client, user.email, "fout-wachtwoord").status_code == 400
    locked = _login_attempt(client, user.email, STRONG)
    assert locked.status_code == 429 and "Te veel mislukte pogingen" in locked.get_data(as_text=True)
    assert client.get("/beheer/").status_code == 302  # still not logged in


def test_five_failures_lock_the_pair_and_nobody_else(client, make_user):
    # One test client throughout (the test app context shares flask-wtf's cached CSRF token between
    # clients); the clients differ by address.
    first, second = make_user("analyst"), make_user("facilitator")
    for _ in range(5):
        _login_attempt(client, first.email, "fout-wachtwoord", address="192.0.2.1")
    assert _login_attempt(client, first.email, STRONG, address="192.0.2.1").status_code == 429  # the pair
    assert _login_attempt(client, first.email, STRONG, address="192.0.2.7").status_code == 302  # the owner
    # (the session is bound to 192.0.2.7, so the next request from 192.0.2.1 starts logged out)
    assert _login_attempt(client, second.email, STRONG, address="192.0.2.1").status_code == 302  # other account


def test_a_client_that_guesses_across_accounts_is_locked(client, app, make_user):
    app.config["LOGIN_CLIENT_FAILURE_LIMIT"] = (6, 900)
    accounts = [make_user("analyst", email=f"analist{number}@example.org") for number in range(3)]
    for user in accounts:
        for _ in range(2):
            _login_attempt(client, user.email, "fout-wachtwoord", address="192.0.2.1")
    assert _login_attempt(client, accounts[0].email, STRONG, address="192.0.2.1").status_code == 429
    assert _login_attempt(client, accounts[0].email, STRONG, address="192.0.2.9").status_code == 302


def test_an_account_under_attack_is_slowed_not_locked_and_the_count_is_in_the_database(
        client, app, session, make_user):
    from vertelpunt.models import User

    user = make_user("analyst")
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"):
        for _ in range(5):
            assert _login_attempt(client, user.email, "fout-wachtwoord", address=address).status_code == 400
    session.expire_all()
    assert session.get(User, user.id).failed_logins == 20  # survives a restart: it is a column, not memory
    first_try = _login_attempt(client, user.email, "nog-steeds-fout", address="192.0.2.50")
    assert first_try.status_code == 400  # slowed: one attempt a minute from each client, this was it
    second_try = _login_attempt(client, user.email, STRONG, address="192.0.2.50")
    assert second_try.status_code == 429 and "één keer per minuut" in second_try.get_data(as_text=True)
    owner = _login_attempt(client, user.email, STRONG, address="192.0.2.60")
    assert owner.status_code == 302  # the owner, on a client of their own, still gets in
    session.expire_all()
    assert session.get(User, user.id).failed_logins == 0


def test_session_cookie_expires_after_a_working_day_and_is_secure_behind_https(app, client, make_user):
    user = make_user("analyst")
    app.config["SESSION_COOKIE_SECURE"] = True
    ok = _login_attempt(client, user.email, STRONG)
    cookie = ok.headers["Set-Cookie"]
    assert "Secure" in cookie and "Expires=" in cookie
    from email.utils import parsedate_to_datetime
    from datetime import datetime, timezone

    expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])
    hours = (expires - datetime.now(timezone.utc)).total_seconds() / 3600
    assert 7.9 < hours <= 8.0
