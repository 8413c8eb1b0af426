"""A project's stories are imported (preview, then confirm) and exported (as a job) in the browser."""
from __future__ import annotations

import dataclasses
import io
import re
from datetime import timedelta

from sqlalchemy import func, select

from vertelpunt.models import AuditEvent, Job, StagedUpload, Story
from vertelpunt.models.common import utcnow

TOKEN = re.compile(r'name="token" value="([^"]+)"')
GOOD = ("role,text,outcome\nparent,Mijn zoon kreeg eindelijk hulp <script>alert(1)</script>,50\n"
        "parent,=HYPERLINK(\"http://x\") en daarna ging het beter met ons gezin,40\n")


def _count(session, project) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Story).where(Story.project_id == project.id))


def _preview(post, project, content: bytes, fmt="csv", status="pending", name="verhalen.csv"):
    return post(f"/beheer/projecten/{project.slug}/verhalen/voorbeeld",
                {"format": fmt, "status": status, "file": (io.BytesIO(content), name)},
                page=f"/beheer/projecten/{project.slug}/verhalen/", content_type="multipart/form-data")


def _confirm(post, project, token, fmt="csv", status="pending"):
    return post(f"/beheer/projecten/{project.slug}/verhalen/inlezen",
                {"token": token, "format": fmt, "status": status}, page=f"/beheer/projecten/{project.slug}/verhalen/")


def _job_of(response) -> int:
    assert response.status_code == 303, response.get_data(as_text=True)[-1500:]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _staged(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(StagedUpload))


def test_the_preview_shows_what_the_file_adds_and_stores_nothing(client, session, admin, project, post):
    response = _preview(post, project, GOOD.encode())
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<strong>2 verhalen</strong>" in html
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert _count(session, project) == 0
    token = TOKEN.search(html).group(1)
    row = session.scalar(select(StagedUpload))
    assert row.user_id == admin.id and row.format == "csv" and row.data == GOOD.encode()
    assert row.token_hash != token and len(row.token_hash) == 64  # only the hash is stored
    assert row.created_at.second == 0 and row.created_at.microsecond == 0  # to the minute
    job_id = _job_of(_confirm(post, project, token))
    session.expire_all()
    job = session.get(Job, job_id)
    assert job.kind == "stories_import" and job.state == "klaar", job.message
    assert job.result_url == f"/beheer/moderatie/?status=pending&project={project.slug}"
    page = client.get(f"/beheer/taken/{job_id}").get_data(as_text=True)
    assert f'href="/beheer/moderatie/?status=pending&amp;project={project.slug}"' in page
    assert _count(session, project) == 2 and _staged(session) == 0
    texts = session.scalars(select(Story.text).where(Story.project_id == project.id)).all()
    assert any(text.startswith("=HYPERLINK") for text in texts)  # stored as text; exports protect it again
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "stories.import"))
    assert event.actor == admin.email and event.detail == {"count": 2, "status": "pending", "format": "csv",
                                                           "via": "browser"}
    # The staged file is used once: confirming again is refused and adds nothing.
    again = _confirm(post, project, token)
    assert again.status_code == 400 and "niet meer geldig" in again.get_data(as_text=True)
    assert _count(session, project) == 2


def test_the_confirmed_import_uses_the_previewed_settings(client, session, admin, project, post):
    """The confirmation form carries only the token: a changed status field cannot publish pending stories."""
    html = _preview(post, project, GOOD.encode(), status="pending").get_data(as_text=True)
    _job_of(_confirm(post, project, TOKEN.search(html).group(1), status="published"))
    session.expire_all()
    assert set(session.scalars(select(Story.status).where(Story.project_id == project.id))) == {"pending"}


def test_a_confirm_from_another_admin_is_refused(app, client, session, admin, project, post, make_user):
    from tests.conftest import STRONG_PASSWORD

    token = TOKEN.search(_preview(post, project, GOOD.encode()).get_data(as_text=True)).group(1)
    other = make_user("admin", email="tweede-beheerder@example.org")
    browser = app.test_client()  # the second admin's own browser, in an app context of its own (its own user)
    app.config["WTF_CSRF_ENABLED"] = False  # as the login fixture does, for the login only
    try:
        with app.app_context():
            assert browser.post("/beheer/inloggen", data={"email": other.email, "password": STRONG_PASSWORD}
                                ).status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = True
    with app.app_context():
        page = browser.get(f"/beheer/projecten/{project.slug}/verhalen/").get_data(as_text=True)
    with app.app_context():
        response = browser.post(f"/beheer/projecten/{project.slug}/verhalen/inlezen",
                                data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
                                      "token": token})
    assert response.status_code == 400 and "andere beheerder" in response.get_data(as_text=True)
    assert _count(session, project) == 0 and _staged(session) == 1
    assert session.scalar(select(func.count()).select_from(Job)) == 0
    _job_of(_confirm(post, project, token))  # its uploader still can
    assert _count(session, project) == 2


def test_a_second_job_for_the_same_upload_imports_nothing(client, session, admin, project, post):
    """A double click that started two jobs: the first deletes the staged row with its stories, the second is
    refused in Dutch and adds nothing."""
    from vertelpunt.admin.jobs import IMPORT_KIND
    from vertelpunt.jobs.services import start_job

    token = TOKEN.search(_preview(post, project, GOOD.encode()).get_data(as_text=True)).group(1)
    session.expire_all()
    params = {"project": project.slug, "staged": session.scalar(select(StagedUpload.id))}
    _job_of(_confirm(post, project, token))
    second = start_job(session, admin, IMPORT_KIND, params, project_id=project.id)
    session.commit()  # the immediate queue runs it now
    job = session.get(Job, second.id, populate_existing=True)
    assert job.state == "mislukt" and "Er is niets ingelezen. Dit voorbeeld is niet meer geldig" in job.message
    assert _count(session, project) == 2


def test_a_token_only_works_for_its_own_project(client, session, admin, project, make_project, post):
    second = make_project(slug="tweede", title="Tweede project")
    token = TOKEN.search(_preview(post, project, GOOD.encode()).get_data(as_text=True)).group(1)
    response = _confirm(post, second, token)
    assert response.status_code == 400 and "niet meer geldig" in response.get_data(as_text=True)
    assert _count(session, second) == 0 and _count(session, project) == 0


def test_a_stale_staged_upload_is_refused_and_cleaned(client, session, admin, project, post, run):
    from vertelpunt.admin import staging

    old_token = TOKEN.search(_preview(post, project, GOOD.encode()).get_data(as_text=True)).group(1)
    new_token = TOKEN.search(_preview(post, project, GOOD.encode()).get_data(as_text=True)).group(1)
    session.expire_all()
    rows = session.scalars(select(StagedUpload).order_by(StagedUpload.id)).all()
    rows[0].created_at = utcnow() - timedelta(seconds=staging.STAGE_SECONDS + 120)
    session.commit()
    response = _confirm(post, project, old_token)
    assert response.status_code == 400 and "ouder dan een uur" in response.get_data(as_text=True)
    result = run("maintenance")
    assert "1 niet bevestigde verhalenbestanden" in result.output
    session.expire_all()
    assert [row.id for row in session.scalars(select(StagedUpload))] == [rows[1].id]
    _job_of(_confirm(post, project, new_token))  # the fresh one still works
    assert _count(session, project) == 2


def test_the_worker_clean_up_deletes_stale_uploads(app, session, admin, project, post):
    from vertelpunt.admin import staging
    from vertelpunt.jobs.runner import clean_up

    _preview(post, project, GOOD.encode())
    session.expire_all()
    session.scalar(select(StagedUpload)).created_at = utcnow() - timedelta(hours=2)
    session.commit()
    with app.app_context():
        clean_up()
    assert _staged(session) == 0
    assert staging.delete_stale(session) == 0


def _failing(monkeypatch, error):
    """Make the csv importer add the file's stories and then fail, as an import that breaks halfway would."""
    from vertelpunt.admin import story_formats

    real = story_formats.FORMATS["csv"]

    def importer(session, project, text, choices):
        real.importer(session, project, text, choices)
        session.flush()
        raise error

    monkeypatch.setitem(story_formats.FORMATS, "csv", dataclasses.replace(real, importer=importer))


def test_a_failing_import_leaves_no_stories(client, session, admin, project, post, monkeypatch):
    from vertelpunt.jobs.services import FAILED_MESSAGE

    token = TOKEN.search(_preview(post, project, GOOD.encode()).get_data(as_text=True)).group(1)
    _failing(monkeypatch, RuntimeError("database went away"))
    job_id = _job_of(_confirm(post, project, token))
    session.expire_all()
    job = session.get(Job, job_id)
    assert job.state == "mislukt" and job.message == FAILED_MESSAGE and job.result_url is None
    assert _count(session, project) == 0
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "stories.import")) is None
    assert _staged(session) == 1  # rolled back with the stories: it can be tried again within the hour
    page = client.get(f"/beheer/taken/{job_id}").get_data(as_text=True)
    assert "Deze taak is mislukt" in page and "Bekijk het resultaat" not in page


def test_an_import_refused_in_the_job_says_why_in_dutch(client, session, admin, project, post, monkeypatch):
    from vertelpunt.stories.csv_io import StoryImportError

    token = TOKEN.search(_preview(post, project, GOOD.encode()).get_data(as_text=True)).group(1)
    problems = [f"rij {n}, kolom outcome: '500' ligt niet tussen 0 en 100" for n in range(2, 60)]
    _failing(monkeypatch, StoryImportError.listing(problems))
    job = session.get(Job, _job_of(_confirm(post, project, token)), populate_existing=True)
    assert job.state == "mislukt" and job.message.startswith("Het bestand is niet ingelezen; er is niets opgeslagen")
    assert "rij 2, kolom outcome" in job.message and len(job.message) <= 500
    assert _count(session, project) == 0


def test_a_whole_project_exports_through_a_job(client, session, admin, project, make_story, post):
    make_story(project, text="=SUM(A1:A9) was het eerste wat de hulpverlener tegen ons zei")
    make_story(project, role="youth")
    response = post(f"/beheer/projecten/{project.slug}/verhalen/export", {"format": "csv"},
                    page=f"/beheer/projecten/{project.slug}/verhalen/")
    assert response.status_code == 303
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    session.expire_all()
    job = session.get(Job, job_id)
    assert job.kind == "stories_export" and job.state == "klaar", job.message
    download = client.get(f"/beheer/taken/{job_id}/bestand")
    assert download.status_code == 200 and "verhalen-proef.csv" in download.headers["Content-Disposition"]
    body = download.get_data(as_text=True)
    assert body.splitlines()[0].startswith("public_id,") and len(body.strip().splitlines()) == 3
    assert "'=SUM(A1:A9)" in body  # a spreadsheet never runs it
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "stories.export")).actor == admin.email
    json_response = post(f"/beheer/projecten/{project.slug}/verhalen/export", {"format": "json"},
                         page=f"/beheer/projecten/{project.slug}/verhalen/")
    json_job = int(json_response.headers["Location"].rsplit("/", 1)[1])
    assert client.get(f"/beheer/taken/{json_job}/bestand").mimetype == "application/json"
    assert post(f"/beheer/projecten/{project.slug}/verhalen/export", {"format": "exe"},
                page=f"/beheer/projecten/{project.slug}/verhalen/").status_code == 400


def test_an_export_job_is_not_readable_by_someone_who_is_no_longer_admin(client, session, admin, project, post):
    response = post(f"/beheer/projecten/{project.slug}/verhalen/export", {"format": "csv"},
                    page=f"/beheer/projecten/{project.slug}/verhalen/")
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    session.expire_all()
    session.get(type(admin), admin.id).role = "analyst"  # demoted behind the app's back: the cookie stays valid
    session.commit()
    assert client.get(f"/beheer/taken/{job_id}/bestand").status_code in (403, 404)


def test_the_format_registry_takes_another_format(client, admin, project):
    from vertelpunt.admin.story_formats import FORMATS, StoryFormat, register_format

    register_format(StoryFormat("test-fmt", "Testvorm", "txt", "text/plain", None, lambda s, p, st: {}))
    try:
        html = client.get(f"/beheer/projecten/{project.slug}/verhalen/").get_data(as_text=True)
        assert html.count('value="test-fmt"') == 1  # offered for export only: it has no importer
    finally:
        FORMATS.pop("test-fmt")


def test_the_spreadsheet_export_opens_in_dutch_excel_and_reads_back_in(client, session, admin, project, make_story,
                                                                       make_project, post):
    make_story(project, text="=SUM(A1:A9) was het eerste wat de hulpverlener tegen ons zei")
    page = client.get(f"/beheer/projecten/{project.slug}/verhalen/").get_data(as_text=True)
    assert re.search(r'<option value="csv-nl" selected>', page)  # the browser download defaults to Excel-NL
    response = post(f"/beheer/projecten/{project.slug}/verhalen/export", {"format": "csv-nl"},
                    page=f"/beheer/projecten/{project.slug}/verhalen/")
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    data = client.get(f"/beheer/taken/{job_id}/bestand").get_data()
    assert data.startswith("\ufeffpublic_id;role;".encode())  # UTF-8 BOM, ';' between cells
    assert ";'=SUM(A1:A9)" in data.decode("utf-8-sig")  # still neutralised
    copy = make_project(slug="kopie", title="Kopie")
    preview = _preview(post, copy, data, fmt="csv-nl").get_data(as_text=True)
    assert "<strong>1 verhaal</strong>" in preview  # and the plural is right
    again = _preview(post, copy, data, fmt="csv")  # chosen as the comma format: the header shows it is ';'
    assert "<strong>1 verhaal</strong>" in again.get_data(as_text=True)
