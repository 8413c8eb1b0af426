"""NarraFirma in the browser: its story-form CSV is published on /beheer/vragensets, its stories CSV is imported
with preview, role and confirm, and a project exports as NarraFirma's two files in a ZIP. The files are the
NarraFirma samples of tests/test_narrafirma.py (tests/data/narrafirma/)."""
from __future__ import annotations

import html as html_lib
import io
import re
import zipfile

from sqlalchemy import func, select

from tests.test_narrafirma import DATA
from vertelpunt.models import AuditEvent, Job, StagedUpload, Story, StoryForm

TOKEN = re.compile(r'name="token" value="([^"]+)"')
FORM_CSV = (DATA / "import_guide_story_form.csv").read_bytes()
STORIES_CSV = (DATA / "import_guide_stories.csv").read_bytes()


def _upload_form(post, content: bytes, kind="narrafirma", key="nf-gids", name="story form.csv"):
    return post("/beheer/vragensets/voorbeeld", {"kind": kind, "key": key, "file": (io.BytesIO(content), name)},
                page="/beheer/vragensets/", content_type="multipart/form-data")


def _publish(post, html: str):
    fields = {name: html_lib.unescape(re.search(rf'name="{name}" value="([^"]*)"', html).group(1))
              for name in ("definition", "kind", "key", "seen_version")}
    return post("/beheer/vragensets/publiceren", fields, page="/beheer/vragensets/")


def _nf_project(session, post):
    from vertelpunt.projects.services import create_project

    response = _publish(post, _upload_form(post, FORM_CSV).get_data(as_text=True))
    assert response.status_code == 302
    project = create_project(session, "nf-web", "NarraFirma in de browser", "nf-gids", ("twente",))
    session.commit()
    return project


def _stories_page(project) -> str:
    return f"/beheer/projecten/{project.slug}/verhalen/"


def _preview(post, project, content=STORIES_CSV, **fields):
    data = {"format": "narrafirma", "status": "pending", "role_source": "role", "role": "professional",
            "role_column": ""} | fields
    return post(f"{_stories_page(project)}voorbeeld", data | {"file": (io.BytesIO(content), "stories.csv")},
                page=_stories_page(project), content_type="multipart/form-data")


def _count(session, project) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Story).where(Story.project_id == project.id))


def test_a_narrafirma_form_csv_is_previewed_and_published(client, session, admin, regions, post):
    response = _upload_form(post, FORM_CSV)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Vragenset <strong>nf-gids</strong> (NarraFirma-vragenset (CSV))" in html
    assert "Deze vragenset bestaat nog niet" in html and "(how_long_ago, één keuze" in html
    assert "Let op bij dit bestand" in html and "deelnemer-id" in html  # what the file holds that is not kept
    assert session.scalar(select(func.count()).select_from(StoryForm)) == 0  # nothing stored by the preview
    assert _publish(post, html).status_code == 302
    session.expire_all()
    form = session.scalar(select(StoryForm).where(StoryForm.key == "nf-gids"))
    assert form.version == 1 and form.narrafirma["text_column"] == "SText"
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "form.publish")).target_id == "nf-gids v1"


def test_bad_narrafirma_form_uploads_are_refused_in_dutch_and_keep_what_was_typed(client, session, admin, regions,
                                                                                  post):
    cases = ((b"key: value\n", "narrafirma", "nf-x", "geen kopregel"),
             (b"Type,About,Short name,Answers\nWhatever,story,Q,a,b\n", "narrafirma", "nf-x", "regel 2, kolom Type"),
             (FORM_CSV, "narrafirma", "Geen Sleutel!", "geen geldige sleutel"),
             (FORM_CSV, "vertelpunt", "", "Kies dan 'NarraFirma-vragenset (CSV)'"),
             (FORM_CSV, "vertelpunt", "nf-x", "Een sleutel geef je alleen bij een NarraFirma-vragenset"),
             (FORM_CSV, "excel", "", "Kies wat voor bestand het is"),
             (b"\xff\xfe\xfa", "narrafirma", "", "Sla het op als een CSV-bestand in UTF-8"))
    for content, kind, key, message in cases:
        response = _upload_form(post, content, kind=kind, key=key)
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and message in html_lib.unescape(html), (message, html[-2000:])
        if kind in ("narrafirma", "vertelpunt"):
            assert f'name="kind" value="{kind}" checked' in html
        assert f'value="{html_lib.escape(key)}"' in html
    assert session.scalar(select(func.count()).select_from(StoryForm)) == 0


def test_narrafirma_stories_are_previewed_then_imported_by_a_job(client, session, admin, regions, post):
    project = _nf_project(session, post)
    page = client.get(_stories_page(project)).get_data(as_text=True)
    assert 'value="narrafirma"' in page and 'name="role_column"' in page
    extra = "\n".join(line + (",Intern" if n == 0 else ",x") for n, line in
                      enumerate(STORIES_CSV.decode("utf-8").strip().splitlines())) + "\n"
    response = _preview(post, project, extra.encode())
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<strong>3 verhalen</strong>" in html
    assert "Alle verhalen krijgen de rol Ik ben professional." in html
    assert "Never would have guessed" in html
    assert "Let op bij dit bestand" in html and "kolom &#39;Intern&#39;: hoort bij geen vraag" in html
    assert _count(session, project) == 0
    staged = session.scalar(select(StagedUpload))
    assert staged.format == "narrafirma" and staged.settings == {"status": "pending", "role": "professional"}
    confirm = post(f"{_stories_page(project)}inlezen", {"token": TOKEN.search(html).group(1)},
                   page=_stories_page(project))
    assert confirm.status_code == 303
    session.expire_all()
    job = session.get(Job, int(confirm.headers["Location"].rsplit("/", 1)[1]))
    assert job.kind == "stories_import" and job.state == "klaar", job.message
    stories = session.scalars(select(Story).where(Story.project_id == project.id).order_by(Story.id)).all()
    assert [s.role for s in stories] == ["professional"] * 3 and {s.status for s in stories} == {"pending"}
    assert stories[0].title == "Never would have guessed" and stories[0].prompt_key == "surprise"
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "stories.import"))
    assert event.detail == {"count": 3, "status": "pending", "format": "narrafirma", "via": "browser"}


def test_the_role_can_come_from_a_column(client, session, admin, regions, post):
    project = _nf_project(session, post)
    text = STORIES_CSV.decode("utf-8").replace("Comment\n", "Comment,Wie\n").replace("okay\n", "okay,youth\n") \
        .replace("this\n", "this,Ik ben ouder of verzorger\n").rstrip("\n") + ",professional\n"
    html = _preview(post, project, text.encode(), role_source="column", role="", role_column="Wie") \
        .get_data(as_text=True)
    assert "De rol van elk verhaal komt uit de kolom Wie." in html
    post(f"{_stories_page(project)}inlezen", {"token": TOKEN.search(html).group(1)}, page=_stories_page(project))
    session.expire_all()
    roles = session.scalars(select(Story.role).where(Story.project_id == project.id).order_by(Story.id)).all()
    assert roles == ["youth", "parent", "professional"]


def test_a_missing_or_wrong_role_is_refused_in_dutch_and_keeps_what_was_typed(client, session, admin, regions, post):
    project = _nf_project(session, post)
    cases = (({"role_source": "", "role": ""}, "Kies waar de rol van de vertellers staat"),
             ({"role_source": "role", "role": ""}, "Kies de rol van de vertellers uit de lijst"),
             ({"role_source": "role", "role": "grootouder"}, "Kies de rol van de vertellers uit de lijst"),
             ({"role_source": "column", "role_column": "  "}, "Geef de naam van de kolom met de rol"),
             ({"role_source": "column", "role_column": "Rol <b>"}, "de kolom &#39;Rol &lt;b&gt;&#39; ontbreekt"))
    for fields, message in cases:
        response = _preview(post, project, **fields)
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and message in html, (message, html[-2000:])
        assert 'name="token"' not in html and '<option value="narrafirma" selected>' in html
        if fields.get("role_column", "").strip():
            assert 'value="Rol &lt;b&gt;"' in html  # typed text comes back, escaped
        if fields["role_source"] == "column":
            assert 'name="role_source" value="column" checked' in html
    assert _count(session, project) == 0
    assert session.scalar(select(func.count()).select_from(StagedUpload)) == 0


def test_narrafirma_stories_do_not_fit_a_project_whose_form_is_not_from_narrafirma(client, session, admin, project,
                                                                                   post):
    response = _preview(post, project, role="parent")
    assert response.status_code == 400 and "komt niet uit NarraFirma" in response.get_data(as_text=True)
    assert _count(session, project) == 0


def test_a_project_exports_as_narrafirmas_two_files_in_a_zip(client, session, admin, project, make_story, post):
    make_story(project, title="=SOM(A1)")
    make_story(project, role="youth")
    response = post(f"{_stories_page(project)}export", {"format": "narrafirma"}, page=_stories_page(project))
    assert response.status_code == 303
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    session.expire_all()
    assert session.get(Job, job_id).state == "klaar"
    download = client.get(f"/beheer/taken/{job_id}/bestand")
    assert download.mimetype == "application/zip"
    assert "verhalen-proef-narrafirma.zip" in download.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(download.data)) as bundle:
        assert sorted(bundle.namelist()) == ["proef_stories.csv", "proef_story_form.csv"]
        stories = bundle.read("proef_stories.csv").decode("utf-8")
        form = bundle.read("proef_story_form.csv").decode("utf-8")
    assert len(stories.strip().splitlines()) == 3 and "'=SOM(A1)" in stories
    assert "Data column name,Type,About" in form
    # What the browser exports, NarraFirma's readers in Vertelpunt read back.
    from vertelpunt.forms.narrafirma import parse_narrafirma_form

    definition, _ = parse_narrafirma_form(form, key="terug")
    assert definition["narrafirma"]["text_column"] == "Story text"
