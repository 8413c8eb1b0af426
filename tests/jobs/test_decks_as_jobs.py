"""Decks are made by a job: the deck page starts it, the progress page follows it, the file is downloaded."""
from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import select

from tests.jobs.helpers import start_deck
from vertelpunt.models import AuditEvent, Job, JobState


def test_a_deck_job_runs_and_its_file_downloads(make_card, make_user, login, client, session):
    cards = [make_card(title=f"Kaart {n}") for n in range(3)]
    login(make_user("analyst"))
    page = client.get("/beheer/kaarten/deck?project=proef&region=twente&format=zip")
    assert page.status_code == 200 and "Maak de kaartset" in page.get_data(as_text=True)
    job_id = start_deck(client, "project=proef&region=twente&format=zip")
    job = session.get(Job, job_id)
    session.refresh(job)
    assert job.state == JobState.DONE.value and job.steps_done == job.steps_total == 2 * len(cards) + 2
    status = client.get(f"/beheer/taken/{job_id}/status.json").get_json()
    assert status["state"] == "klaar" and status["file"] == f"/beheer/taken/{job_id}/bestand"
    shown = client.get(f"/beheer/taken/{job_id}").get_data(as_text=True)
    assert "Download kaarten-proef-twente.zip" in shown and 'http-equiv="refresh"' not in shown
    download = client.get(status["file"])
    assert download.status_code == 200 and "kaarten-proef-twente.zip" in download.headers["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(download.data)).namelist()
    assert "deck.pdf" in names and len(names) == 2 + 2 * len(cards)
    assert "deck.export" in [e.action for e in session.scalars(select(AuditEvent))]
    listing = client.get("/beheer/taken/").get_data(as_text=True)
    assert "Kaartset: kaarten-proef-twente.zip" in listing and "Klaar" in listing
