"""A project's stories are imported (preview, then confirm) and exported (as a job) in the browser."""
from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from vertelpunt.models import AuditEvent, Job, Story

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


def test_the_preview_shows_what_the_file_adds_and_stores_nothing(client, session, admin, project, post):
    response = _preview(post, project, GOOD.encode())
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<strong>2 verhalen</strong>" in html
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert _count(session, project) == 0
    response = _confirm(post, project, TOKEN.search(html).group(1))
    assert response.status_code == 302
    assert _count(session, project) == 2
    texts = session.scalars(select(Story.text).where(Story.project_id == project.id)).all()
    assert any(text.startswith("=HYPERLINK") for text in texts)  # stored as text; exports protect it again
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "stories.import"))
    assert event.actor == admin.email and event.detail["count"] == 2
    # The staged file is used once: confirming again is refused and adds nothing.
    again = _confirm(post, project, TOKEN.search(html).group(1))
    assert again.status_code == 400 and "niet meer geldig" in again.get_data(as_text=True)
    assert _count(session, project) == 2


def test_bad_imports_are_refused_in_dutch_and_nothing_is_saved(client, session, admin, project, post):
    cases = ((b"role,text,outcome\nparent,Een goed verhaal van mij,50\nparent,Nog een verhaal,500\n",
              "rij 3, kolom outcome"),
             (b"x" * (2 * 1024 * 1024 - 60 * 1024), "te groot"), (b"", "leeg"), (b"\xff\xfe\xfa", "UTF-8"),
             (b"role,text,bestaat_niet\nparent,tekst,1\n", "onbekende kolommen"),
             (b"role,text\nparent,een,twee\n", "meer cellen dan kolommen"), (b"role,text\nparent,met\x00nul\n", "NUL"),
             (b"{not json", "JSON"))
    for content, message in cases:
        fmt = "json" if content.startswith(b"{") else "csv"
        response = _preview(post, project, content, fmt=fmt)
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and message in html, (message, html[-1500:])
        assert 'name="token"' not in html
    assert _preview(post, project, GOOD.encode(), fmt="narrafirma").status_code == 400
    assert _preview(post, project, GOOD.encode(), status="hidden").status_code == 400
    assert _confirm(post, project, "../../etc/passwd").status_code == 400
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

    register_format(StoryFormat("test-fmt", "Testvorm", "txt", "text/plain", None, lambda s, p, out, st: 0))
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
