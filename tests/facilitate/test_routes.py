"""Pages: access rules for staff and participants, the no-JS participant flow, the board forms."""
import pytest
from sqlalchemy import select

from vertelpunt.models import Cluster, Note, SensemakingSession


@pytest.fixture
def staff_login(app, login):
    """Log in through the form, then keep CSRF off for the test's own POSTs (the login helper turns it on)."""

    def do_login(user):
        login(user)
        app.config["WTF_CSRF_ENABLED"] = False

    return do_login


def join_as(client, item, name="Sanne"):
    response = client.post(f"/s/{item.join_code}", data={"name": name})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


@pytest.mark.parametrize("path", ["/beheer/sessies/", "/beheer/sessies/nieuw", "/beheer/sessies/{id}",
                                  "/beheer/sessies/{id}/bord", "/beheer/sessies/{id}/bord.json",
                                  "/beheer/sessies/{id}/uitnodigen", "/beheer/sessies/{id}/qr.svg"])
def test_staff_pages_need_login_and_role(client, login, make_user, plan, path):
    url = path.format(id=plan.id)
    response = client.get(url)
    assert response.status_code == 302 and "/beheer/inloggen" in response.headers["Location"]
    login(make_user("viewer", region_keys=("twente",)))
    assert client.get(url).status_code == 403


def test_analyst_reads_but_cannot_plan(client, staff_login, make_user, plan, no_csrf):
    staff_login(make_user("analyst"))
    assert client.get(f"/beheer/sessies/{plan.id}").status_code == 200
    assert client.get("/beheer/sessies/nieuw").status_code == 403
    assert client.post(f"/beheer/sessies/{plan.id}/clusters", data={"table_id": plan.tables[0].id, "name": "x"}).status_code == 403


def test_facilitator_plans_a_session_through_the_forms(client, staff_login, facilitator, project, make_card, session, no_csrf):
    staff_login(facilitator)
    response = client.post("/beheer/sessies/nieuw", data={"name": "", "held_on": "2026-05-20", "place": "Hengelo",
                                                          "project_id": str(project.id)})
    assert response.status_code == 400 and "Geef de sessie een naam." in response.get_data(as_text=True)
    assert 'value="Hengelo"' in response.get_data(as_text=True)
    response = client.post("/beheer/sessies/nieuw", data={"name": "Sessie", "held_on": "2026-05-20", "place": "Hengelo",
                                                          "project_id": str(project.id)})
    item = session.scalars(select(SensemakingSession)).one()
    assert response.headers["Location"].endswith(f"/beheer/sessies/{item.id}")
    client.post(f"/beheer/sessies/{item.id}/tafels", data={"table_name": "Tafel 1", "perspectives": "ouders"})
    session.expire_all()
    table = item.tables[0]
    cards = [make_card(title=f"Kaart {n}") for n in range(6)]
    response = client.post(f"/beheer/sessies/{item.id}/tafels/{table.id}",
                           data={"action": "cards", "card_id": [str(c.id) for c in cards]}, follow_redirects=True)
    assert "Meer dan 5 kaarten per tafel werkt vaak niet goed" in response.get_data(as_text=True)
    invite = client.get(f"/beheer/sessies/{item.id}/uitnodigen").get_data(as_text=True)
    assert item.join_code in invite and f"/s/{item.join_code}" in invite
    qr = client.get(f"/beheer/sessies/{item.id}/qr.svg")
    assert qr.mimetype == "image/svg+xml" and b"<svg" in qr.data


def test_code_page_and_join_errors_in_dutch(client, plan, no_csrf):
    assert client.get("/s/").status_code == 200
    response = client.get("/s/?code=ZZZZZZ")
    assert response.status_code == 400 and "Deze code kennen we niet" in response.get_data(as_text=True)
    assert client.get(f"/s/?code={plan.join_code.lower()}").headers["Location"].endswith(f"/s/{plan.join_code}")
    response = client.post(f"/s/{plan.join_code}", data={"name": "x" * 41})
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "Je naam is te lang" in body and "x" * 41 in body


def test_participant_pages_need_the_participant_cookie(app, client, plan, session, no_csrf):
    table_url = f"/s/{plan.join_code}/tafel/{plan.tables[0].id}"
    assert client.get(table_url).headers["Location"].endswith(f"/s/{plan.join_code}")
    assert client.get(table_url + "/notities.json").status_code == 403
    assert client.post(table_url + "/notities", data={"kind": "zorg", "text": "x"}).status_code == 302
    assert session.scalars(select(Note)).all() == []
    assert join_as(client, plan).endswith(table_url)
    assert client.get(table_url).status_code == 200


def test_participant_adds_notes_without_javascript(client, plan, session, no_csrf):
    table_url = join_as(client, plan)
    response = client.post(table_url + "/notities", data={"kind": "idee", "text": "vaker bellen", "goal": ""})
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "Vul in wat het oplevert" in body and "vaker bellen" in body
    response = client.post(table_url + "/notities", data={"kind": "zorg", "text": "Lang wachten"})
    assert response.status_code == 302
    page = client.get(table_url).get_data(as_text=True)
    assert "Lang wachten" in page and "Sanne" in page
    data = client.get(table_url + "/notities.json?na=0").get_json()
    assert [n["text"] for n in data["notes"]] == ["Lang wachten"]
    assert client.get(table_url + f"/notities.json?na={data['notes'][0]['id']}").get_json()["notes"] == []


def test_cookie_of_one_session_gives_nothing_in_another(app, client, plan, project, facilitator, session, no_csrf):
    from vertelpunt.facilitate import planning

    other = planning.create_session(session, planning.SessionInput(
        name="Andere", held_on="2026-06-01", online=True, project_id=str(project.id)), facilitator)
    other_table = planning.add_table(session, other, "Tafel A")
    session.commit()
    join_as(client, plan)
    other_url = f"/s/{other.join_code}/tafel/{other_table.id}"
    assert client.get(other_url).headers["Location"].endswith(f"/s/{other.join_code}")
    assert client.get(other_url + "/notities.json").status_code == 403
    client.post(other_url + "/notities", data={"kind": "zorg", "text": "Binnendringen"})
    assert session.scalars(select(Note)).all() == []


def test_table_page_puts_the_note_form_before_the_cards_and_stories(client, plan, no_csrf):
    html = client.get(join_as(client, plan)).get_data(as_text=True)
    assert html.index('id="note-form"') < html.index('id="notities"') < html.index('id="kaarten"') < html.index(
        'id="verhalen"')
    assert 'id="gesloten"' not in html


def test_closed_session_refuses_notes_on_the_page(client, plan, session, no_csrf):
    table_url = join_as(client, plan)
    plan.status = "closed"
    session.commit()
    html = client.get(table_url).get_data(as_text=True)
    assert "Deze sessie is gesloten" in html
    assert html.index('id="gesloten"') < html.index('id="notities"')  # said at the top, above the notes
    assert 'id="note-form"' not in html and 'href="#schrijven"' not in html
    response = client.post(table_url + "/notities", data={"kind": "zorg", "text": "Te laat"})
    assert response.status_code == 400 and session.scalars(select(Note)).all() == []


def test_board_keyboard_form_moves_a_note_and_votes_stay_hidden(client, staff_login, facilitator, plan, session, no_csrf):
    participant_client = client.application.test_client()
    table_url = join_as(participant_client, plan)
    participant_client.post(table_url + "/notities", data={"kind": "kans", "text": "Buurthuis gebruiken"})
    note = session.scalars(select(Note)).one()
    staff_login(facilitator)
    client.post(f"/beheer/sessies/{plan.id}/clusters", data={"table_id": plan.tables[0].id, "name": "Plekken"})
    cluster = session.scalars(select(Cluster)).one()
    board = client.get(f"/beheer/sessies/{plan.id}/bord").get_data(as_text=True)
    assert "Zet in cluster" in board and f"/beheer/voorstellen/nieuw?cluster={cluster.id}" in board
    response = client.post(f"/beheer/sessies/{plan.id}/notities/{note.id}/cluster", data={"cluster_id": str(cluster.id)})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Note, note.id).cluster_id == cluster.id
    response = client.post(f"/beheer/sessies/{plan.id}/notities/{note.id}/cluster", data={"cluster_id": ""},
                           headers={"X-Requested-With": "fetch"})
    assert response.get_json() == {"note_id": note.id, "cluster_id": None}

    client.post(f"/beheer/sessies/{plan.id}/stemmen", data={"action": "open", "per_participant": "3"})
    participant_client.post(f"/s/{plan.join_code}/stem", data={"note_id": str(note.id), "action": "add"})
    page = participant_client.get(table_url).get_data(as_text=True)
    assert "Jouw stippen: 1" in page and "stip(pen)" not in page
    assert client.get(f"/beheer/sessies/{plan.id}/bord.json").get_json()["totals"] is None
    client.post(f"/beheer/sessies/{plan.id}/stemmen", data={"action": "reveal"})
    assert "1 stip(pen)" in participant_client.get(table_url).get_data(as_text=True)
    assert client.get(f"/beheer/sessies/{plan.id}/bord.json").get_json()["totals"]["note"] == {str(note.id): 1}


def test_timer_and_focus_reach_the_table(client, staff_login, facilitator, plan, session, no_csrf):
    participant_client = client.application.test_client()
    table_url = join_as(participant_client, plan)
    staff_login(facilitator)
    card = plan.tables[0].cards[0].card
    client.post(f"/beheer/sessies/{plan.id}/timer", data={"action": "start", "minutes": "5"})
    client.post(f"/beheer/sessies/{plan.id}/focus", data={"card_id": str(card.id)})
    state = participant_client.get(table_url + "/notities.json").get_json()["state"]
    assert state["focus"]["title"] == card.title and 290 <= state["timer_seconds"] <= 300
    page = participant_client.get(table_url).get_data(as_text=True)
    assert "Kijk nu samen naar deze kaart" in page and "5 min." in page
