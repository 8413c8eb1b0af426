from datetime import date, timedelta

import pytest

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
