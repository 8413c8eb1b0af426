"""Stored XSS probes: a hostile string typed into every text field is shown as text on every page, report,
JSON feed and export that shows it, never as markup, a link target or a template expression."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from markupsafe import escape

from tests.jobs.helpers import download_deck, download_export
from tests.security.probe_world import (  # noqa: F401 (fixtures)
    FORMULAS, LIVE_MARKUP, PAYLOADS, build_world, join_as_participant, login_admin, world, xss_world,
)

STATIC_JS = Path(__file__).resolve().parents[2] / "static" / "js"


def staff_pages(w) -> list[str]:
    s, t, p, story = w.sess.id, w.table.id, w.proposal.id, w.story.public_id
    return [
        "/beheer/moderatie/", f"/beheer/moderatie/{story}",
        "/beheer/analyse/verhalen?project=proef", "/beheer/analyse/verhalen?project=proef&q=Begin",
        f"/beheer/analyse/verhalen/{story}",
        "/beheer/sessies/", f"/beheer/sessies/{s}", f"/beheer/sessies/{s}/bewerken", f"/beheer/sessies/{s}/tafels/{t}",
        f"/beheer/sessies/{s}/bord", f"/beheer/sessies/{s}/uitnodigen",
        "/beheer/voorstellen/", f"/beheer/voorstellen/{p}", f"/beheer/voorstellen/nieuw?cluster={w.cluster.id}",
        "/beheer/voorstellen/voortgang", f"/beheer/sessies/{s}/verslag.html",
        "/beheer/kaarten/", f"/beheer/kaarten/{w.card.id}", f"/beheer/kaarten/{w.card.id}/bewerken",
        f"/beheer/kaarten/{w.card.id}/kaart.html",
    ]


def public_pages(w) -> list[str]:
    return ["/v/proef/opvolging/", f"/v/proef/opvolging/{w.proposal.id}"]


def assert_shown_as_text(page: str, payload: str, where: str) -> None:
    for mark in LIVE_MARKUP:
        assert mark not in page, f"{where}: live markup {mark!r}"
    assert str(escape(payload)) in page, f"{where}: the payload is not shown (escaped)"
    if payload == "{{7*7}}":
        assert "{{7*7}}" in page and ">49<" not in page


def test_staff_pages_show_payloads_as_text(client, xss_world):
    login_admin(client, xss_world)
    for url in staff_pages(xss_world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_shown_as_text(response.get_data(as_text=True), xss_world.payload, url)


def test_public_and_participant_pages_show_payloads_as_text(client, xss_world):
    for url in public_pages(xss_world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_shown_as_text(response.get_data(as_text=True), xss_world.payload, url)
    join_as_participant(client, xss_world)
    url = f"/s/{xss_world.sess.join_code}/tafel/{xss_world.table.id}"
    response = client.get(url)
    assert response.status_code == 200
    assert_shown_as_text(response.get_data(as_text=True), xss_world.payload, url)


def _json_strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)
    elif isinstance(value, str):
        yield value


def test_json_feeds_carry_payloads_as_json_strings(client, xss_world):
    join_as_participant(client, xss_world)
    feeds = [f"/s/{xss_world.sess.join_code}/tafel/{xss_world.table.id}/notities.json"]
    responses = [client.get(feeds[0])]
    login_admin(client, xss_world)
    feeds.append(f"/beheer/sessies/{xss_world.sess.id}/bord.json")
    responses.append(client.get(feeds[1]))
    for url, response in zip(feeds, responses):
        assert response.status_code == 200, url
        assert response.mimetype == "application/json", url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        strings = list(_json_strings(json.loads(response.get_data(as_text=True))))
        assert any(xss_world.payload in value for value in strings), url


def test_page_scripts_never_turn_text_into_markup():
    """The JS that shows notes from the JSON feeds writes text (textContent), never HTML."""
    for path in STATIC_JS.glob("*.js"):
        source = path.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in source, f"{path.name} uses {sink}"
    assert "textContent" in (STATIC_JS / "board.js").read_text(encoding="utf-8")
    assert "textContent" in (STATIC_JS / "session.js").read_text(encoding="utf-8")


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("payload", [PAYLOADS[0], PAYLOADS[1]], ids=["script", "img"])
def test_pdf_reports_print_payloads_as_literal_text(client, session, project, make_story, make_user, payload):
    w = build_world(session, project, make_story, make_user, payload)
    login_admin(client, w)
    for url, shown in ((f"/beheer/sessies/{w.sess.id}/verslag.pdf", f"Sessie {payload}"),
                       ("/beheer/voorstellen/voortgang.pdf", f"Voorstel {payload}"),
                       (f"/beheer/kaarten/{w.card.id}/kaart.pdf", f"Kaart {payload}"),
                       ("/beheer/kaarten/deck?project=proef&format=pdf", f"Kaart {payload}")):
        response = download_export(client, url)
        assert response.status_code == 200 and response.mimetype == "application/pdf", url
        text = " ".join(_pdf_text(response.data).split())
        assert shown in text, (url, text)


def test_deck_zip_html_shows_payloads_as_text(client, xss_world):
    import zipfile

    login_admin(client, xss_world)
    response = download_deck(client, "project=proef&format=zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    pages = [name for name in archive.namelist() if name.endswith(".html")]
    assert pages
    for name in pages:
        assert_shown_as_text(archive.read(name).decode("utf-8"), xss_world.payload, name)


def _csv_cells(text: str) -> list[list[str]]:
    """Cells of a CSV download, with the separator it uses (';' for a Dutch spreadsheet, or ',')."""
    text = text.lstrip("\ufeff")
    header = text.split("\n", 1)[0]
    return list(csv.reader(io.StringIO(text), delimiter=";" if header.count(";") > header.count(",") else ","))


@pytest.mark.parametrize("formula", FORMULAS)
def test_proposals_csv_neutralises_formulas(client, session, project, make_story, make_user, formula):
    w = build_world(session, project, make_story, make_user, PAYLOADS[0], formula=formula)
    login_admin(client, w)
    response = client.get("/beheer/voorstellen/export.csv")
    assert response.status_code == 200
    rows = _csv_cells(response.get_data(as_text=True))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + formula in cells  # seen, owner name and the latest update
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    assert f"Voorstel {PAYLOADS[0]}" in cells  # text stays text: a CSV is not HTML


@pytest.mark.parametrize("formula", FORMULAS)
def test_stories_csv_neutralises_formulas(session, project, make_story, formula):
    from vertelpunt.stories.csv_io import export_csv

    make_story(project, title=formula, answers={"outcome": 70.0, "heard": 65.0, "felt": formula, "place": "enschede"})
    out = io.StringIO()
    export_csv(session, project, out)
    cells = [cell for row in _csv_cells(out.getvalue())[1:] for cell in row]
    assert cells.count("'" + formula) == 2
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@") or (cell[:1] == "-" and cell != "-")]


def test_theme_pages_show_theme_words_and_story_titles_as_text(client, session, xss_world):
    """Theme labels and words come from story text; a stored run with a hostile label shows it as text."""
    from vertelpunt.models import ThemeMember, ThemeRun

    payload = xss_world.payload
    run = ThemeRun(project_id=xss_world.story.project_id, created_by="analyst@example.org", filters={},
                   n_stories=1, n_topics=1,
                   topics=[{"index": 0, "label": f"Thema {payload}", "words": [payload, "wachten"], "size": 1,
                            "typical": [xss_world.story.public_id]}])
    session.add(run)
    session.flush()
    session.add(ThemeMember(run_id=run.id, story_id=xss_world.story.id, topic=0, weight=1.0))
    session.commit()
    login_admin(client, xss_world)
    url = f"/beheer/themas/{run.id}"
    response = client.get(url)
    assert response.status_code == 200
    assert_shown_as_text(response.get_data(as_text=True), payload, url)
    page = client.get(f"/beheer/analyse/?project=proef&theme_run={run.id}&theme=0").get_data(as_text=True)
    assert not [mark for mark in LIVE_MARKUP if mark in page]
