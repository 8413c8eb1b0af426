"""Story forms are uploaded, previewed with their differences, published and downloaded in the browser."""
from __future__ import annotations

import html as html_lib
import io
import json
import re

import yaml
from sqlalchemy import select

from tests.conftest import FIXTURES
from vertelpunt.forms.preview import TYPE_WORDS
from vertelpunt.forms.services import read_form_file
from vertelpunt.models import AuditEvent, Project, StoryForm

MINI = (FIXTURES / "mini-form.yaml").read_text(encoding="utf-8")


def _changed_mini() -> str:
    """The mini form with one question more, one fewer and one option relabelled and one added."""
    data = yaml.safe_load(MINI)
    questions = data["modules"][0]["questions"]
    help_type = next(q for q in questions if q["key"] == "help_type")
    help_type["options"][0]["label"] = "Jeugdhulp thuis"
    help_type["options"].append({"key": "wijkteam", "label": "Wijkteam"})
    data["modules"][0]["questions"] = [q for q in questions if q["key"] != "heard"] + [
        {"key": "wait", "type": "slider", "text": "Het wachten was <script>alert(1)</script>", "left": "kort",
         "right": "lang"}]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _upload(post, content: bytes, name="vragen.yaml"):
    return post("/beheer/vragensets/voorbeeld", {"file": (io.BytesIO(content), name)},
                page="/beheer/vragensets/", content_type="multipart/form-data")


def _versions(session) -> list[int]:
    session.expire_all()
    return list(session.scalars(select(StoryForm.version).where(StoryForm.key == "mini").order_by(StoryForm.version)))


def test_the_preview_lists_every_question_and_what_changed_and_stores_nothing(client, session, admin, project, post):
    response = _upload(post, _changed_mini().encode())
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Nieuwe vragen (1): wait" in html and "Vervallen vragen (1): heard" in html
    assert "Gewijzigd: help_type" in html and "nieuwe opties: wijkteam" in html
    assert "andere tekst bij opties: jeugdhulp" in html
    assert "(outcome, schuifregelaar)" in html and "(age, één keuze)" in html  # the question types in Dutch
    assert "(outcome, slider)" not in html and "(age, single_choice)" not in html
    for question in read_form_file(FIXTURES / "mini-form.yaml")["modules"][0]["questions"]:
        if question["key"] != "heard":
            assert f"({question['key']}, {TYPE_WORDS[question['type']]}" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert _versions(session) == [1]


def test_publishing_makes_the_next_version_and_moves_open_projects(client, session, admin, project, post):
    html = _upload(post, _changed_mini().encode()).get_data(as_text=True)
    text = re.search(r'name="definition" value="([^"]*)"', html).group(1)
    data = {"definition": html_lib.unescape(text), "seen_version": "1"}
    response = post("/beheer/vragensets/publiceren", data, page="/beheer/vragensets/",
                    content_type="multipart/form-data")
    assert response.status_code == 302
    assert _versions(session) == [1, 2]
    assert session.scalar(select(Project).where(Project.slug == "proef")).form.version == 2
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "form.publish"))
    assert event.target_id == "mini v2" and event.actor == admin.email
    # The same preview confirmed again is refused: it was made against version 1, not the new latest.
    response = post("/beheer/vragensets/publiceren", data, page="/beheer/vragensets/",
                    content_type="multipart/form-data")
    assert response.status_code == 400 and "nieuwere versie" in response.get_data(as_text=True)
    assert _versions(session) == [1, 2]


def test_an_unchanged_file_offers_nothing_to_publish(client, session, admin, project, post):
    html = _upload(post, MINI.encode()).get_data(as_text=True)
    assert "Niets: dit bestand is gelijk aan versie 1" in html and "Publiceren als" not in html


def test_bad_uploads_are_refused_in_dutch_and_store_nothing(client, session, admin, project, post):
    broken = MINI.replace("type: slider", "type: schuif", 1)
    for content, message in ((b"x" * (300 * 1024), "te groot"), (b"", "leeg"), (b"\xff\xfe\x00k", "UTF-8"),
                             (b"key: [unclosed", "regel"), (broken.encode(), "regel 33, modules[0].questions[0].type"),
                             (b"key: mini\x00", "binaire")):
        response = _upload(post, content)
        assert response.status_code == 400 and message in response.get_data(as_text=True), message
    response = post("/beheer/vragensets/voorbeeld", {}, page="/beheer/vragensets/")
    assert response.status_code == 400
    assert _versions(session) == [1]


def test_any_version_downloads_as_yaml_and_json(client, session, admin, project):
    yaml_response = client.get("/beheer/vragensets/mini/v1.yaml")
    json_response = client.get("/beheer/vragensets/mini/v1.json")
    assert yaml_response.status_code == json_response.status_code == 200
    assert "attachment" in yaml_response.headers["Content-Disposition"]
    assert yaml.safe_load(yaml_response.get_data(as_text=True)) == json.loads(json_response.get_data(as_text=True))
    assert yaml.safe_load(yaml_response.get_data(as_text=True))["key"] == "mini"
    assert client.get("/beheer/vragensets/mini/v9.yaml").status_code == 404
    assert client.get("/beheer/vragensets/mini/v1.exe").status_code == 404


def test_only_admins_reach_the_form_pages(client, make_user, login, project):
    login(make_user("analyst"))
    assert client.get("/beheer/vragensets/").status_code == 403
    assert client.get("/beheer/vragensets/mini/v1.yaml").status_code == 403


def test_the_preview_says_which_texts_have_no_english(client, session, admin, project, post):
    from vertelpunt.forms.services import DEFAULT_FORM_PATH

    html = _upload(post, (FIXTURES / "mini-form.yaml").read_bytes()).get_data(as_text=True)
    assert "Vertaling en:" in html and "teksten ontbreken" in html and "rol youth: label" in html
    html = _upload(post, DEFAULT_FORM_PATH.read_bytes()).get_data(as_text=True)
    assert "Vertaling en: compleet." in html
