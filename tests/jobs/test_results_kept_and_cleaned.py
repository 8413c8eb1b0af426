"""Job files live in the database, go after JOB_RESULT_DAYS, and go at once when a story in them changes."""
from __future__ import annotations

import gzip
import json
from datetime import timedelta

from sqlalchemy import func, select

from tests.jobs.helpers import start_deck
from vertelpunt.jobs import services
from vertelpunt.models import Job, JobResult, JobState
from vertelpunt.models.common import utcnow

STORY = "Mijn begeleider luisterde echt naar mij en dat hielp ons gezin enorm, zei Sanne uit Enschede."


def _deck_with_story(make_card, make_story, project, make_user, login, client, session):
    story = make_story(project, text=STORY)
    other = make_story(project, text="Een ander verhaal over wachten op hulp, dat op geen enkele kaart staat.")
    make_card(title="Gehoord", stories=[story])
    user = make_user("analyst")
    login(user)
    job_id = start_deck(client, "project=proef&region=twente&format=zip")
    job = session.get(Job, job_id)
    session.refresh(job)
    assert job.state == JobState.DONE.value and job.story_ids == [story.public_id]
    return job, story, other, user


def test_a_redaction_deletes_the_files_that_quote_the_story(make_card, make_story, project, make_user, login, client,
                                                            session):
    from vertelpunt.moderate.services import redact

    job, story, other, user = _deck_with_story(make_card, make_story, project, make_user, login, client, session)
    redact(session, other, user, other.text + " Aangepast.", other.title or "")
    session.commit()
    assert client.get(f"/beheer/taken/{job.id}/bestand").status_code == 200  # not in the deck: kept
    redact(session, story, user, STORY.replace("Sanne", "[naam]"), story.title or "")
    session.commit()
    assert client.get(f"/beheer/taken/{job.id}/bestand").status_code == 404
    assert session.scalar(select(func.count()).select_from(JobResult).where(JobResult.job_id == job.id)) == 0
    page = client.get(f"/beheer/taken/{job.id}").get_data(as_text=True)
    assert "Het bestand is verwijderd" in page and "Start de taak opnieuw" in page


def test_hiding_or_withdrawing_a_story_deletes_the_files_that_quote_it(make_card, make_story, project, make_user,
                                                                       login, client, session):
    from vertelpunt.moderate.services import set_status

    job, story, _other, user = _deck_with_story(make_card, make_story, project, make_user, login, client, session)
    set_status(session, story, "hidden", user, "naam")
    session.commit()
    assert client.get(f"/beheer/taken/{job.id}/bestand").status_code == 404
    set_status(session, story, "published", user)
    session.commit()
    again = start_deck(client, "project=proef&region=twente&format=pdf")
    from vertelpunt.cards import copies

    copies.after_deletion(session, project.id, {story.public_id}, [story.text])  # what withdrawal and purge call
    session.commit()
    assert client.get(f"/beheer/taken/{again}/bestand").status_code == 404


def test_old_jobs_go_after_the_retention_period(make_card, make_story, project, make_user, login, client, session,
                                                run, app):
    job, _story, _other, _user = _deck_with_story(make_card, make_story, project, make_user, login, client, session)
    assert services.purge_old_jobs(session, 7) == 0
    job.finished_at = utcnow() - timedelta(days=8)
    session.commit()
    output = run("maintenance").output
    assert "1 ouder dan 7 dagen verwijderd" in output
    assert session.scalar(select(func.count()).select_from(Job)) == 0
    assert session.scalar(select(func.count()).select_from(JobResult)) == 0


def test_a_backup_leaves_jobs_and_their_files_out(make_card, make_story, project, make_user, login, client, session,
                                                  run, tmp_path):
    _deck_with_story(make_card, make_story, project, make_user, login, client, session)
    path = tmp_path / "backup.jsonl.gz"
    run("backup", str(path))
    header = json.loads(gzip.open(path, "rt").readline())
    assert "jobs" not in header["tables"] and "job_results" not in header["tables"] and "stories" in header["tables"]


def test_a_failed_job_shows_a_dutch_message_and_logs_the_details(make_card, make_user, login, client, session,
                                                                  monkeypatch, caplog):
    from vertelpunt.exports import cards as exports

    make_card(title="Kaart")
    login(make_user("analyst"))

    def broken(*_args, **_kwargs):
        raise RuntimeError("weasyprint exploded on table 7")

    monkeypatch.setattr(exports, "deck_pdf", broken)
    job_id = start_deck(client, "project=proef&region=twente&format=pdf")
    status = client.get(f"/beheer/taken/{job_id}/status.json").get_json()
    assert status["state"] == "mislukt" and status["message"] == services.FAILED_MESSAGE
    assert "weasyprint exploded" not in client.get(f"/beheer/taken/{job_id}").get_data(as_text=True)
    assert any("weasyprint exploded" in (record.exc_text or str(record.exc_info)) for record in caplog.records
               if record.name == "vertelpunt.jobs")


def test_a_job_is_only_its_starters_and_only_while_they_may_read_it(make_card, make_user, login, client, session,
                                                                    app):
    make_card(title="Kaart")
    viewer = make_user("viewer", region_keys=("twente",))
    login(viewer)
    job_id = start_deck(client, "project=proef&region=twente&format=pdf")
    assert client.get(f"/beheer/taken/{job_id}/bestand").status_code == 200
    viewer.regions.clear()  # the viewer lost the region: the deck's page would refuse them now, so does its file
    session.commit()
    for path in ("", "/status.json", "/bestand"):
        assert client.get(f"/beheer/taken/{job_id}{path}").status_code == 404
    assert f"/beheer/taken/{job_id}" not in client.get("/beheer/taken/").get_data(as_text=True)


def test_a_note_taken_down_deletes_the_files_of_its_sessions_reports(session, project, make_user):
    from vertelpunt.models import JobResult

    owner = make_user("facilitator")
    jobs = []
    for session_id in (7, 8):
        job = Job(kind="session_report", user_id=owner.id, project_id=project.id, params={"session_id": session_id},
                  created_at=services.coarse_now(), state="klaar", steps_done=2, steps_total=2, step_text="klaar",
                  attempts=1, result_name="verslag.pdf", result_type="application/pdf", result_size=4)
        session.add(job)
        session.flush()
        session.add(JobResult(job_id=job.id, data=b"%PDF"))
        jobs.append(job)
    session.commit()
    assert services.forget_session_reports(session, 7) == 1
    session.commit()
    assert [services.has_file(job) for job in jobs] == [False, True]
    assert jobs[0].message == services.REMOVED_MESSAGE
