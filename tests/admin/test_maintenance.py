"""Beheer > Onderhoud: backup as a job, restore from an upload (preview, confirm, all or nothing), purge with its
dry run, and the maintenance round, in the browser."""
from __future__ import annotations

import gzip
import io
import json
import re
from datetime import date, timedelta

from sqlalchemy import func, select

from vertelpunt.db import Base
from vertelpunt.maintenance.backup import FORMAT, NOT_BACKED_UP
from vertelpunt.maintenance.inspect import inspect_backup
from vertelpunt.models import AuditEvent, Job, StagedUpload, Story, User
from vertelpunt.models.common import utcnow

PAGE = "/beheer/onderhoud/"
TOKEN = re.compile(r'name="token" value="([^"]+)"')


def _job_of(response) -> int:
    assert response.status_code == 303, response.get_data(as_text=True)[-1500:]
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def _make_backup(post, client, session) -> tuple[int, bytes]:
    job_id = _job_of(post(PAGE + "backup", page=PAGE))
    session.expire_all()
    job = session.get(Job, job_id)
    assert job.kind == "backup" and job.state == "klaar", job.message
    response = client.get(f"/beheer/taken/{job_id}/bestand")
    assert response.status_code == 200 and response.mimetype == "application/gzip"
    return job_id, response.get_data()


def _upload(post, content: bytes, name="backup.jsonl.gz"):
    return post(PAGE + "herstellen/voorbeeld", {"file": (io.BytesIO(content), name)}, page=PAGE,
                content_type="multipart/form-data")


def _rows(session) -> dict[str, list[tuple]]:
    session.expire_all()
    rows = {}
    for table in Base.metadata.sorted_tables:
        if table.name not in NOT_BACKED_UP:
            rows[table.name] = sorted(tuple(map(repr, row)) for row in session.execute(select(table)).all())
    return rows


def _stories(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Story))


def _staged(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(StagedUpload))


def _events(session, action) -> list[AuditEvent]:
    session.expire_all()
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _other_admin(app, make_user):
    """A second admin in a browser of their own, each request in an app context of its own (its own user):
    ``(get, post)``, the POST with the CSRF token from the maintenance page."""
    from tests.admin.conftest import TOKEN as CSRF
    from tests.conftest import STRONG_PASSWORD

    user = make_user("admin", email="tweede@example.org")
    browser = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        with app.app_context():
            response = browser.post("/beheer/inloggen", data={"email": user.email, "password": STRONG_PASSWORD})
        assert response.status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = True

    def get(url):
        with app.app_context():
            return browser.get(url)

    def post(url, data):
        token = CSRF.search(get(PAGE).get_data(as_text=True)).group(1)
        with app.app_context():
            return browser.post(url, data={"csrf_token": token, **data})

    return get, post


def _gz(text: str) -> bytes:
    return gzip.compress(text.encode("utf-8"))


def test_the_page_says_the_backup_holds_personal_data(client, admin):
    html = client.get(PAGE).get_data(as_text=True)
    assert "Het bestand bevat persoonsgegevens" in html
    for action in ("backup", "herstellen/voorbeeld", "opschonen/voorbeeld", "nu"):
        assert f'action="{PAGE}{action}"' in html


def test_a_backup_from_the_browser_is_the_file_of_the_command(client, session, admin, project, make_story, post):
    make_story(project)
    job_id, data = _make_backup(post, client, session)
    summary = inspect_backup(data)
    assert summary.counts["stories"] == 1 and "jobs" not in summary.counts
    current = _rows(session)
    assert {name: len(rows) for name, rows in current.items()} == summary.counts
    [event] = _events(session, "database.backup")
    assert event.user_id == admin.id and event.detail == {"job": job_id, "via": "beheer"}
    job = session.get(Job, job_id)
    assert job.project_id is None and job.story_ids is None  # may hold any story of any project


def test_only_the_admin_who_made_the_backup_can_open_it(client, session, app, admin, make_user, post):
    job_id, _ = _make_backup(post, client, session)
    other_get, _ = _other_admin(app, make_user)
    assert other_get(f"/beheer/taken/{job_id}").status_code == 404
    assert other_get(f"/beheer/taken/{job_id}/bestand").status_code == 404
    assert client.get(f"/beheer/taken/{job_id}").status_code == 200


def test_hiding_or_redacting_a_story_deletes_the_backup_file(client, session, admin, project, make_story, post):
    story = make_story(project)
    first, _ = _make_backup(post, client, session)
    response = post(f"/beheer/moderatie/{story.public_id}/redigeren", {"text": "Weggehaald door de moderator, "
                    "want er stond een naam in.", "title": ""}, page=f"/beheer/moderatie/{story.public_id}")
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Job, first).result_size is None
    assert client.get(f"/beheer/taken/{first}/bestand").status_code == 404
    second, _ = _make_backup(post, client, session)
    post(f"/beheer/moderatie/{story.public_id}/status", {"status": "hidden", "reason": "Naam"},
         page=f"/beheer/moderatie/{story.public_id}")
    session.expire_all()
    assert session.get(Job, second).result_size is None


def test_a_withdrawn_story_deletes_the_backup_file(client, session, admin, project, post):
    from datetime import date as day

    from vertelpunt.collect.services import withdraw_story
    from vertelpunt.stories.services import StoryInput, create_story

    create_story(session, project, StoryInput(role="parent", text="Een verhaal dat de verteller later intrekt.",
                                              answers={}, prompt_key="moment", week=day(2026, 3, 9),
                                              status="published"), "ABCD-EFGH-IJKL-MNOP")
    session.commit()
    job_id, _ = _make_backup(post, client, session)
    assert withdraw_story(session, project, "ABCD-EFGH-IJKL-MNOP")
    session.commit()  # as the withdrawal page's request does when it ends
    session.expire_all()
    assert session.get(Job, job_id).result_size is None
    assert client.get(f"/beheer/taken/{job_id}/bestand").status_code == 404


def test_maintenance_now_deletes_old_backups_and_says_what_it_did(client, session, admin, post):
    job_id, _ = _make_backup(post, client, session)
    job = session.get(Job, job_id)
    job.finished_at = job.created_at = utcnow() - timedelta(days=8)
    session.commit()
    response = post(PAGE + "nu", page=PAGE, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Onderhoud gedaan. Taken: 1 ouder dan 7 dagen verwijderd" in html
    session.expire_all()
    assert session.get(Job, job_id) is None
    [event] = _events(session, "database.maintenance")
    assert event.detail == {"old_jobs": 1, "abandoned": 0, "stale_uploads": 0, "recounted": 0}
    assert event.user_id == admin.id
    assert "Onderhoud uitgevoerd" in html  # the recent maintenance list on the page


def test_backup_from_the_web_restores_from_the_web_to_the_same_rows(client, session, admin, project, make_story,
                                                                    post):
    kept = make_story(project)
    make_story(project, text="Een tweede verhaal over de wachtlijst, die veel te lang was.")
    _, data = _make_backup(post, client, session)
    before = _rows(session)
    version = admin.session_version
    make_story(project, text="Dit verhaal kwam na de back-up en gaat dus weer weg.")
    kept.title = "Een andere titel"
    session.commit()
    response = _upload(post, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[-1500:]
    assert "Alles wordt vervangen" in html and "<td>stories</td><td>3</td><td>2</td>" in html
    assert _stories(session) == 3  # the preview changed nothing
    token = TOKEN.search(html).group(1)
    response = post(PAGE + "herstellen", {"token": token, "confirm": "HERSTEL"},
                    page=PAGE)
    assert response.status_code == 200 and "Je bent uitgelogd" in response.get_data(as_text=True)
    assert client.get(PAGE).status_code == 302  # logged out, and the old cookie is worth nothing any more
    after = _rows(session)
    assert after["stories"] == before["stories"] and after["answers"] == before["answers"]
    for name in before:
        if name not in ("users", "audit_events"):
            assert after[name] == before[name], name
    session.expire_all()
    [user] = session.scalars(select(User))
    assert user.email == admin.email and user.session_version == version + 1
    [event] = _events(session, "database.restore")
    assert event.actor == admin.email and event.detail["rows"] == sum(len(rows) for rows in before.values())
    assert len(after["audit_events"]) == len(before["audit_events"]) + 1
    assert _staged(session) == 0 and session.scalar(select(func.count()).select_from(Job)) == 0


def test_a_restore_needs_the_typed_word_and_the_uploaders_token(client, session, app, admin, project, make_story,
                                                                make_user, post):
    make_story(project)
    _, data = _make_backup(post, client, session)
    token = TOKEN.search(_upload(post, data).get_data(as_text=True)).group(1)
    response = post(PAGE + "herstellen", {"token": token, "confirm": "ja"}, page=PAGE)
    assert response.status_code == 400 and "Typ HERSTEL" in response.get_data(as_text=True)
    _, other_post = _other_admin(app, make_user)
    response = other_post(PAGE + "herstellen", {"token": token, "confirm": "HERSTEL"})
    assert response.status_code == 400 and "andere beheerder" in response.get_data(as_text=True)
    assert _stories(session) == 1 and _events(session, "database.restore") == []
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Job).where(Job.kind == "restore")) == 0


def test_a_failing_restore_changes_nothing(client, session, admin, project, make_story, post):
    """A file that passes the preview but breaks in the database (here: rows that collide) restores nothing."""
    make_story(project)
    _, data = _make_backup(post, client, session)
    lines = gzip.decompress(data).decode().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith('{"table": "stories"'))
    lines.insert(at + 1, lines[at + 1])  # the same story twice: a duplicate primary key
    broken = _gz("\n".join(lines) + "\n")
    before = _rows(session)
    token = TOKEN.search(_upload(post, broken).get_data(as_text=True)).group(1)
    post(PAGE + "herstellen", {"token": token, "confirm": "HERSTEL"}, page=PAGE)
    after = _rows(session)
    assert after["stories"] == before["stories"] and after["users"] == before["users"]
    session.expire_all()
    job = session.scalar(select(Job).where(Job.kind == "restore"))
    assert job.state == "mislukt" and "niets veranderd" in job.message


def _refused(response, session, words: str) -> None:
    html = response.get_data(as_text=True)
    assert response.status_code == 400, html[-800:]
    assert "Er is niets teruggezet" in html and words in html
    assert _staged(session) == 0


def test_upload_probes_are_refused_in_dutch_and_stage_nothing(client, session, admin, project, make_story, post):
    make_story(project)
    _, data = _make_backup(post, client, session)
    revision = json.loads(gzip.decompress(data).splitlines()[0])["revision"]
    header = json.dumps({"format": FORMAT, "revision": revision, "tables": []})
    _refused(_upload(post, b""), session, "Kies een backupbestand")
    _refused(_upload(post, b"geen gzip maar tekst"), session, "geen leesbare Vertelpunt-backup")
    _refused(_upload(post, data[: len(data) // 2]), session, "geen leesbare Vertelpunt-backup")
    _refused(_upload(post, gzip.compress(b"\0" * (20 * 1024 * 1024))), session, "pakt uit tot veel meer")
    _refused(_upload(post, _gz('{"format": "iets anders"}\n')), session, "geen Vertelpunt-backup")
    _refused(_upload(post, _gz("[1, 2, 3]\n")), session, "geen Vertelpunt-backup")
    _refused(_upload(post, _gz(header + "\n{niet: json}\n")), session, "geen geldige JSON")
    _refused(_upload(post, _gz(header + '\n{"table": "geheim", "columns": []}\n')), session, "onbekende")
    _refused(_upload(post, _gz(header + '\n{"table": "jobs", "columns": []}\n')), session, "onbekende")
    _refused(_upload(post, _gz(header + "\n[1, 2]\n")), session, "onverwachte regel")
    _refused(_upload(post, _gz(header + '\n{"table": "regions", "columns": ["x"]}\n')), session, "kloppen niet")
    old = json.dumps({"format": FORMAT, "revision": "0001", "tables": []})
    _refused(_upload(post, _gz(old + "\n")), session, "schemaversie 0001")
    lines = gzip.decompress(data).decode().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith('{"table": "stories"'))
    row = json.loads(lines[at + 1])
    columns = json.loads(lines[at])["columns"]
    row[columns.index("week")] = "geen datum"
    lines[at + 1] = json.dumps(row)
    _refused(_upload(post, _gz("\n".join(lines) + "\n")), session, "datum")
    assert _stories(session) == 1


def test_an_oversized_backup_is_refused(client, session, app, admin, post):
    app.config["MAX_BACKUP_UPLOAD_BYTES"] = 10_000
    _refused(_upload(post, b"x" * 20_000), session, "groter dan")
    response = _upload(post, b"x" * 200_000)  # beyond the limit and its room: refused before it is read
    assert response.status_code == 413 and _staged(session) == 0


def test_a_backup_bigger_than_a_story_file_is_accepted_from_an_admin(client, session, app, admin, post):
    """The larger limit is the admins' only: the same body is 413 for the story import's 2 MB."""
    big = _gz(json.dumps({"format": FORMAT, "revision": "x"}) + "\n") + b"\0" * (3 * 1024 * 1024)
    response = _upload(post, big)
    assert response.status_code == 400  # read and refused by its content, not by its size
    assert "groter dan" not in response.get_data(as_text=True)


def test_the_larger_upload_is_for_admins_only(client, session, make_user, login):
    """Anyone else's big body is refused (413) before it is parsed, so a non-admin cannot make the server read
    64 MB; the role check (403) would only come after that."""
    body = {"file": (io.BytesIO(b"\0" * (3 * 1024 * 1024)), "b.jsonl.gz")}
    assert client.post(PAGE + "herstellen/voorbeeld", data=body, content_type="multipart/form-data").status_code == 413
    login(make_user("analyst"))
    body = {"file": (io.BytesIO(b"\0" * (3 * 1024 * 1024)), "b.jsonl.gz")}
    assert client.post(PAGE + "herstellen/voorbeeld", data=body, content_type="multipart/form-data").status_code == 413
    assert _staged(session) == 0


def test_purge_preview_counts_per_project_and_deletes_nothing(client, session, admin, project, make_story, post):
    make_story(project, week=date.today() - timedelta(days=900))
    make_story(project, week=date.today() - timedelta(days=800))
    make_story(project, week=date.today() - timedelta(days=10))
    response = post(PAGE + "opschonen/voorbeeld", {"period": "2y"}, page=PAGE)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<strong>2 verhalen</strong>" in html
    assert f"<tr><td>{project.title}</td><td>2</td></tr>" in html
    assert _stories(session) == 3
    response = post(PAGE + "opschonen/voorbeeld", {"period": "twee jaar"}, page=PAGE)
    assert response.status_code == 400 and "geen geldige periode" in response.get_data(as_text=True)


def test_purge_needs_the_word_runs_as_a_job_and_is_audited(client, session, admin, project, make_story, post):
    make_story(project, week=date.today() - timedelta(days=900))
    make_story(project, week=date.today() - timedelta(days=10))
    backup_job, _ = _make_backup(post, client, session)
    response = post(PAGE + "opschonen", {"period": "2y", "confirm": "wissen?"}, page=PAGE)
    assert response.status_code == 400 and "Typ WISSEN" in response.get_data(as_text=True)
    assert _stories(session) == 2
    job_id = _job_of(post(PAGE + "opschonen", {"period": "2y", "confirm": "WISSEN"}, page=PAGE))
    session.expire_all()
    job = session.get(Job, job_id)
    assert job.kind == "purge" and job.state == "klaar", job.message
    assert job.result_url == PAGE
    assert _stories(session) == 1
    [event] = _events(session, "stories.purge")
    assert event.user_id == admin.id and event.detail["count"] == 1 and event.detail["older_than"] == "2y"
    assert session.get(Job, backup_job).result_size is None  # the backup held the purged story
