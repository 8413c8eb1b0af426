"""A pattern scan started from the web is a job: its page links the stored scan, or says in Dutch why not."""
from __future__ import annotations

from tests.jobs.helpers import CSRF


def test_a_scan_that_cannot_run_says_why_in_dutch(client, login, make_user, project, make_story):
    for n in range(3):
        make_story(project, text=f"Een kort verhaal over wachten op hulp, nummer {n}.", status="published")
    login(make_user("analyst"))
    page = client.get("/beheer/patronen/?project=proef").get_data(as_text=True)
    token = CSRF.search(page.split("<main", 1)[1]).group(1)
    started = client.post("/beheer/patronen/scan", data={"csrf_token": token, "project": "proef"})
    assert started.status_code == 303 and "/beheer/taken/" in started.headers["Location"]
    status = client.get(started.headers["Location"] + "/status.json").get_json()
    assert status["state"] == "mislukt" and status["link"] is None
    assert "Te weinig gepubliceerde verhalen" in status["message"]
    listing = client.get("/beheer/taken/").get_data(as_text=True)
    assert "Patroonscan" in listing and "Te weinig gepubliceerde verhalen" in listing
