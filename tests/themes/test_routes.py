"""The themes pages: analysts only, a run from the filter form, topics with words and typical stories."""
from __future__ import annotations

import re

from sqlalchemy import select

from vertelpunt.models import PatternRun, ThemeRun


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_viewer_and_facilitator_get_403(make_user, login, client, project, app):
    login(make_user("viewer", region_keys=("twente",)))
    assert client.get("/beheer/themas/").status_code == 403
    app.config["WTF_CSRF_ENABLED"] = False
    client.post("/beheer/uitloggen")
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.get("/beheer/themas/").status_code == 302  # logged out: to the login page
    login(make_user("facilitator"))
    assert client.get("/beheer/themas/").status_code == 403
    assert client.post("/beheer/themas/1/0/scan").status_code in (400, 403)  # CSRF or role: never a scan


def test_analyst_runs_themes_and_scans_one(planted, make_user, login, client, session, project):  # noqa: F811
    login(make_user("analyst"))
    page = client.get("/beheer/themas/?project=proef")
    assert page.status_code == 200 and "Thema's zoeken" in page.get_data(as_text=True)
    token = _csrf(page.get_data(as_text=True))
    bad = client.post("/beheer/themas/", data={"csrf_token": token, "project": "proef", "n_topics": "40"})
    assert bad.status_code == 400 and "tussen 2 en 12" in bad.get_data(as_text=True)
    assert 'value="40"' in bad.get_data(as_text=True)
    response = client.post("/beheer/themas/", data={"csrf_token": token, "project": "proef", "n_topics": "3"})
    assert response.status_code == 303 and "/beheer/taken/" in response.headers["Location"]  # a job
    run = session.scalar(select(ThemeRun))
    status = client.get(response.headers["Location"] + "/status.json").get_json()
    assert status["state"] == "klaar" and status["link"] == f"/beheer/themas/{run.id}"
    assert "Thema&#39;s zoeken" in client.get("/beheer/taken/").get_data(as_text=True)
    shown = client.get(f"/beheer/themas/{run.id}").get_data(as_text=True)
    assert shown.count("Typische verhalen") == 3
    assert f"theme_run={run.id}&amp;theme=0" in shown and "Scan binnen dit thema" in shown
    typical = run.topics[0]["typical"][0]
    assert f'href="/beheer/analyse/verhalen/{typical}"' in shown
    assert f'href="/beheer/analyse/?project=proef&amp;theme_run={run.id}&amp;theme=0"' in shown
    dashboard = client.get(f"/beheer/analyse/?project=proef&theme_run={run.id}&theme=0")
    assert dashboard.status_code == 200
    listed = client.get("/beheer/themas/?project=proef").get_data(as_text=True)
    assert f"Thema-indeling {run.id}" in listed
    scan = client.post(f"/beheer/themas/{run.id}/0/scan", data={"csrf_token": token})
    assert scan.status_code == 303 and "/beheer/taken/" in scan.headers["Location"]  # a scan is a job
    pattern_run = session.scalar(select(PatternRun))
    status = client.get(scan.headers["Location"] + "/status.json").get_json()
    assert status["state"] == "klaar" and status["link"] == f"/beheer/patronen/{pattern_run.id}"
    assert pattern_run.filters["theme_run"] == run.id and pattern_run.filters["themes"] == [0]
    assert pattern_run.n_stories == 14
    assert client.get(status["link"]).status_code == 200  # the patterns page shows the scan


def test_filtered_run_keeps_the_filter(planted, make_user, login, client, session):  # noqa: F811
    login(make_user("analyst"))
    token = _csrf(client.get("/beheer/themas/?project=proef").get_data(as_text=True))
    response = client.post("/beheer/themas/", data={"csrf_token": token, "project": "proef", "role": "youth",
                                                    "n_topics": "3"})
    assert response.status_code == 400 and "Te weinig" in response.get_data(as_text=True)  # before any job
    assert session.scalar(select(ThemeRun)) is None


def test_a_wrong_filter_is_refused_on_the_form_before_any_job(planted, make_user, login, client, session):  # noqa: F811
    from vertelpunt.models import Job

    login(make_user("analyst"))
    token = _csrf(client.get("/beheer/themas/?project=proef").get_data(as_text=True))
    response = client.post("/beheer/themas/", data={"csrf_token": token, "project": "proef", "role": "kapitein",
                                                    "n_topics": "4"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Controleer de filters" in page and 'value="4"' in page
    assert session.scalar(select(Job)) is None
