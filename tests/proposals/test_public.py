from datetime import date

from vertelpunt.proposals.status import change_status
from vertelpunt.proposals.updates import add_update


def test_public_page_shows_status_organisation_update_and_card(client, session, project, make_proposal):
    proposal = make_proposal()
    change_status(session, proposal, "chosen", None)
    add_update(session, proposal, "De eerste brief gaat in mei de deur uit.", date.today(), None)
    session.commit()
    for url in (f"/v/{project.slug}/opvolging/", f"/v/{project.slug}/opvolging/{proposal.id}"):
        page = client.get(url).get_data(as_text=True)
        assert "Gekozen" in page
        assert "Gemeente Enschede" in page
        assert "De eerste brief gaat in mei de deur uit." in page
        assert "Ouders wachten lang op hulp" in page  # the published card it came from
        assert "Concept: nog niet af" not in page  # concept cards are never public
        assert "Petra de Vries" not in page  # the owner did not agree to be named
        assert "petra@enschede.example" not in page and "@" not in page.split("<main", 1)[1].split("</main>")[0]
        assert "/beheer" not in page


def test_public_page_names_the_owner_only_with_consent(client, session, project, make_proposal):
    proposal = make_proposal(owner_name_public=True)
    page = client.get(f"/v/{project.slug}/opvolging/{proposal.id}").get_data(as_text=True)
    assert "Petra de Vries (Gemeente Enschede)" in page
    assert "petra@enschede.example" not in page


def test_public_page_shows_the_reason_of_a_rejection(client, session, project, make_proposal):
    proposal = make_proposal()
    change_status(session, proposal, "rejected", None, "Dit doet de regio al sinds maart.")
    session.commit()
    page = client.get(f"/v/{project.slug}/opvolging/").get_data(as_text=True)
    assert "Afgewezen" in page and "Dit doet de regio al sinds maart." in page


def test_public_pages_404_for_other_projects(client, session, make_project, make_proposal):
    proposal = make_proposal()
    other = make_project(slug="ander-project", title="Ander project")
    assert client.get(f"/v/{other.slug}/opvolging/{proposal.id}").status_code == 404
    assert client.get("/v/bestaat-niet/opvolging/").status_code == 404
    assert "Er zijn nog geen voorstellen" in client.get(f"/v/{other.slug}/opvolging/").get_data(as_text=True)


def test_landing_page_links_to_the_follow_up_page(client, project):
    page = client.get(f"/v/{project.slug}/").get_data(as_text=True)
    assert f'href="/v/{project.slug}/opvolging/"' in page and "Wat is er met de verhalen gedaan?" in page
