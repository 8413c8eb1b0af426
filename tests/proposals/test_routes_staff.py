from datetime import date, timedelta

from vertelpunt.models import Proposal


FORM = {"title": "Wachttijd laten zien", "seen": "Ouders horen niets.", "solution": "Maandelijks bericht.",
        "owner_name": "Petra de Vries", "owner_organisation": "Gemeente Enschede", "owner_email": "",
        "due_on": "", "region": "twente"}


def test_anonymous_cannot_reach_staff_pages(client, board, make_proposal):
    proposal = make_proposal()
    for url in (f"/beheer/voorstellen/nieuw?cluster={board.cluster.id}", "/beheer/voorstellen/",
                f"/beheer/voorstellen/{proposal.id}", "/beheer/voorstellen/export.csv",
                f"/beheer/sessies/{board.sess.id}/verslag.html", "/beheer/voorstellen/voortgang"):
        response = client.get(url)
        assert response.status_code == 302 and "/beheer/inloggen" in response.headers["Location"], url


def test_new_from_cluster_is_prefilled(client, board, make_user, login):
    login(make_user("facilitator"))
    page = client.get(f"/beheer/voorstellen/nieuw?cluster={board.cluster.id}").get_data(as_text=True)
    assert 'value="Wachten zonder nieuws"' in page
    assert "Niemand vertelt ouders hoe lang het wachten duurt" in page
    for label in ("Titel", "In de ervaringen zien we dat ...", "Als oplossing zien we ...", "Naam eigenaar",
                  "Organisatie eigenaar", "E-mail eigenaar (niet verplicht)", "Eigenaar wil met naam op de openbare pagina"):
        assert f">{label}</label>" in page
    assert f'href="/beheer/kaarten/{board.card.id}"' in page
    assert '<option value="twente" selected>' in page


def test_new_with_errors_keeps_input(client, board, staff, session):
    staff("analyst")
    form = dict(FORM, owner_organisation="", owner_email="geen-adres",
                due_on=(date.today() - timedelta(days=3)).isoformat())
    response = client.post(f"/beheer/voorstellen/nieuw?note={board.idea.id}", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Vul de organisatie van de eigenaar in." in page
    assert "Dit is geen geldig e-mailadres" in page
    assert "Deze datum ligt in het verleden" in page
    assert 'value="Petra de Vries"' in page and 'value="geen-adres"' in page
    assert session.query(Proposal).count() == 0


def test_new_saves_and_redirects_to_the_proposal(client, board, staff, session):
    staff("facilitator")
    response = client.post(f"/beheer/voorstellen/nieuw?cluster={board.cluster.id}", data=dict(FORM, owner_name_public="1"))
    assert response.status_code == 302
    proposal = session.query(Proposal).one()
    assert response.headers["Location"].endswith(f"/beheer/voorstellen/{proposal.id}")
    assert proposal.owner_name_public and proposal.cluster_id == board.cluster.id and len(proposal.notes) == 2
    page = client.get(f"/beheer/voorstellen/{proposal.id}").get_data(as_text=True)
    assert "Wachten zonder nieuws" in page and "Tafel 1" in page and "Duiding Twente" in page
    assert "Ouders wachten lang op hulp" in page and board.stories[0].public_id in page


def test_new_without_provenance_for_a_project(client, project, staff, session):
    staff("facilitator")
    assert client.get(f"/beheer/voorstellen/nieuw?project={project.slug}").status_code == 200
    assert client.get("/beheer/voorstellen/nieuw?project=bestaat-niet").status_code == 404
    assert client.get("/beheer/voorstellen/nieuw?cluster=abc").status_code == 404
    response = client.post(f"/beheer/voorstellen/nieuw?project={project.slug}", data=FORM)
    assert response.status_code == 302
    proposal = session.query(Proposal).one()
    assert proposal.session_id is None and proposal.project_id == project.id


def test_moderator_may_not_make_proposals(client, board, make_user, login):
    login(make_user("moderator"))
    assert client.get(f"/beheer/voorstellen/nieuw?cluster={board.cluster.id}").status_code == 403


def test_status_change_through_the_page(client, session, staff, make_proposal):
    proposal = make_proposal()
    staff("facilitator")
    response = client.post(f"/beheer/voorstellen/{proposal.id}/status", data={"status": "rejected", "reason": ""})
    assert response.status_code == 400
    assert "Schrijf op waarom het voorstel is afgewezen." in response.get_data(as_text=True)
    session.refresh(proposal)
    assert proposal.status == "proposed"
    response = client.post(f"/beheer/voorstellen/{proposal.id}/status", data={"status": "realised"})
    assert response.status_code == 400 and "kan niet" in response.get_data(as_text=True)
    assert client.post(f"/beheer/voorstellen/{proposal.id}/status", data={"status": "chosen"}).status_code == 302
    session.refresh(proposal)
    assert proposal.status == "chosen"
    page = client.get(f"/beheer/voorstellen/{proposal.id}").get_data(as_text=True)
    assert "Voorgesteld → Gekozen" in page


def test_edit_and_update_through_the_page(client, session, staff, make_proposal):
    proposal = make_proposal()
    staff("analyst")
    response = client.post(f"/beheer/voorstellen/{proposal.id}/bewerken", data=dict(FORM, owner_organisation=""))
    assert response.status_code == 400 and "Vul de organisatie van de eigenaar in." in response.get_data(as_text=True)
    assert client.post(f"/beheer/voorstellen/{proposal.id}/bewerken",
                       data=dict(FORM, owner_organisation="Jeugdteam Enschede")).status_code == 302
    response = client.post(f"/beheer/voorstellen/{proposal.id}/update", data={"on": "", "text": "kort"})
    assert response.status_code == 400 and "minstens 5" in response.get_data(as_text=True)
    assert client.post(f"/beheer/voorstellen/{proposal.id}/update",
                       data={"on": "", "text": "Eerste brief verstuurd."}).status_code == 302
    page = client.get(f"/beheer/voorstellen/{proposal.id}").get_data(as_text=True)
    assert "Organisatie eigenaar: Gemeente Enschede → Jeugdteam Enschede" in page
    assert "Eerste brief verstuurd." in page


def test_list_filters_and_overdue_flag(client, session, staff, make_proposal):
    late = make_proposal(title="Te laat voorstel")
    late.due_on = date.today() - timedelta(days=1)
    make_proposal(title="Op tijd voorstel")
    session.commit()
    staff("viewer", region_keys=("twente",))
    page = client.get("/beheer/voorstellen/").get_data(as_text=True)
    assert "Te laat voorstel" in page and "Op tijd voorstel" in page and "Over datum" in page
    page = client.get("/beheer/voorstellen/?overdue=1").get_data(as_text=True)
    assert "Te laat voorstel" in page and "Op tijd voorstel" not in page
    page = client.get("/beheer/voorstellen/?status=chosen").get_data(as_text=True)
    assert "Te laat voorstel" not in page


def test_viewer_reads_but_cannot_edit(client, session, staff, board, make_proposal):
    proposal = make_proposal()
    staff("viewer", region_keys=("twente",))
    page = client.get(f"/beheer/voorstellen/{proposal.id}").get_data(as_text=True)
    assert "Wachttijd laten zien" in page and "Status veranderen" not in page and "Voorstel aanpassen" not in page
    assert client.post(f"/beheer/voorstellen/{proposal.id}/status", data={"status": "chosen"}).status_code == 403
    assert client.post(f"/beheer/voorstellen/{proposal.id}/bewerken", data=FORM).status_code == 403
    assert client.post(f"/beheer/voorstellen/{proposal.id}/update", data={"text": "Iets gebeurd"}).status_code == 403
    assert client.get(f"/beheer/voorstellen/nieuw?cluster={board.cluster.id}").status_code == 403
    assert client.get(f"/beheer/sessies/{board.sess.id}/verslag.html").status_code == 200


def test_viewer_of_another_region_sees_nothing(client, session, staff, board, make_proposal):
    proposal = make_proposal()
    staff("viewer", email="groningen@example.org", region_keys=("groningen",))
    assert client.get(f"/beheer/voorstellen/{proposal.id}").status_code == 404
    assert "Wachttijd laten zien" not in client.get("/beheer/voorstellen/").get_data(as_text=True)
    assert "Wachttijd laten zien" not in client.get("/beheer/voorstellen/export.csv").get_data(as_text=True)
    assert client.get(f"/beheer/sessies/{board.sess.id}/verslag.html").status_code == 404
    assert client.get("/beheer/voorstellen/voortgang?region=twente").status_code == 400


def test_nav_shows_proposals_for_viewers(client, staff):
    staff("viewer", region_keys=("twente",))
    assert 'href="/beheer/voorstellen/">Voorstellen</a>' in client.get("/beheer/").get_data(as_text=True)
