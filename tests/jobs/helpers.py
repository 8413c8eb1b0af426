"""Helpers for tests that start a job through its page, as a person would (with the page's CSRF token)."""
from __future__ import annotations

import re

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def start_deck(client, query: str) -> int:
    """Press "Maak de kaartset" on the deck's page; the id of the job it started."""
    from flask import g, has_app_context

    if has_app_context():  # the suite's app context outlives requests: Flask-WTF's token cached there may be stale
        g.pop("csrf_token", None)
    page = client.get(f"/beheer/kaarten/deck?{query}")
    assert page.status_code == 200, page.status_code
    token = CSRF.search(page.get_data(as_text=True).split("<main", 1)[1]).group(1)
    response = client.post(f"/beheer/kaarten/deck?{query}", data={"csrf_token": token})
    assert response.status_code == 303, response.get_data(as_text=True)[-800:]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def download_deck(client, query: str):
    """Start the deck's job and download its file (the suite's queue runs jobs at once): the response."""
    job_id = start_deck(client, query)
    response = client.get(f"/beheer/taken/{job_id}/bestand")
    assert response.status_code == 200, client.get(f"/beheer/taken/{job_id}/status.json").get_json()
    return response


def download_through_job(client, post_url: str, page_url: str):
    """Press the button of ``page_url`` that posts to ``post_url`` (a report's "Maak een PDF"), then download
    the job's file: the response."""
    from flask import g, has_app_context

    if has_app_context():
        g.pop("csrf_token", None)
    page = client.get(page_url)
    assert page.status_code == 200, page.status_code
    token = CSRF.search(page.get_data(as_text=True).split("<main", 1)[1]).group(1)
    response = client.post(post_url, data={"csrf_token": token})
    assert response.status_code == 303, response.get_data(as_text=True)[-800:]
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    download = client.get(f"/beheer/taken/{job_id}/bestand")
    assert download.status_code == 200, client.get(f"/beheer/taken/{job_id}/status.json").get_json()
    return download


def download_export(client, url: str):
    """A file the app makes in a job (deck, report PDF), fetched as a person would: through the job; other
    URLs are plain GETs."""
    path, _, query = url.partition("?")
    if path.endswith("/kaarten/deck"):
        return download_deck(client, query)
    if path.endswith("/verslag.pdf"):
        return download_through_job(client, url, path.replace("verslag.pdf", "verslag.html"))
    if path.endswith("/voortgang.pdf"):
        return download_through_job(client, url, url.replace("voortgang.pdf", "voortgang"))
    return client.get(url)
