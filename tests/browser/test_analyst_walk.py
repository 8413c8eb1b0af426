"""Issue 5's "done when": starting from the demo project, an analyst goes from the dashboard to a pattern to a
published card to an exported PDF deck for one region, in the browser, only by clicking and typing."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import STRONG_PASSWORD


@pytest.fixture
def demo(session, make_user):
    """The demo project (smaller than the 960 stories of `serve --demo`, with the same planted relations)."""
    from vertelpunt.demo.load import seed_demo

    outcome = seed_demo(session, seed=7, n=600, create_admin=False)
    session.commit()
    make_user("analyst", "analist@example.org")
    return outcome.project


def test_dashboard_to_pattern_to_published_card_to_region_deck(live_server, page, demo):
    page.set_default_timeout(60_000)  # the scan itself takes a few seconds on a busy machine
    page.goto(live_server + "/beheer/inloggen")
    page.fill("#email", "analist@example.org")
    page.fill("#password", STRONG_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server + "/beheer/")

    # 1. The dashboard, narrowed to one region.
    page.get_by_role("link", name="Analyse", exact=True).click()
    page.wait_for_selector("figure.chart-drawn")
    total_before = page.locator(".lead strong").first.inner_text()
    page.get_by_text("Filters aanpassen").click()
    page.get_by_label("Twente").check()
    page.get_by_role("button", name="Toepassen").click()
    page.wait_for_selector("figure.chart-drawn")
    assert "region=twente" in page.url
    assert page.locator(".lead strong").first.inner_text() != total_before

    # 2. The patterns in exactly these stories: scan, judge the strongest one, start a card.
    page.get_by_role("link", name="Zoek patronen in deze verhalen").click()
    assert page.get_by_label("Twente").is_checked()
    page.get_by_role("button", name="Scan uitvoeren").click()
    page.wait_for_url("**/beheer/taken/*")  # the scan is a job; its page links the stored scan when done
    page.get_by_role("link", name="Bekijk het resultaat").click()
    page.wait_for_url("**/beheer/patronen/*")
    top = page.locator("#p-1")
    assert "Opvallend" in top.inner_text()
    top.get_by_role("button", name="Opvallend").click()
    page.wait_for_load_state()
    page.locator("#p-1").get_by_role("button", name="Maak observatiekaart").click()
    page.wait_for_url("**/beheer/taken/*")  # drafting reads every story behind the scan: a job
    page.get_by_role("link", name="Bekijk het resultaat").click()
    page.wait_for_url("**/bewerken")

    # 3. The card: the draft is there; the analyst adds the two interpretations and publishes.
    title = page.input_value("#title")
    assert title and page.input_value("#observation").strip()
    page.fill("#interpretation_a", "Wie zich serieus genomen voelt, werkt beter mee, en dan helpt de hulp meer.")
    page.fill("#interpretation_b", "Wie goede hulp kreeg, kijkt achteraf milder terug op hoe er werd geluisterd.")
    page.get_by_role("button", name="Publiceren").click()
    page.wait_for_url("**/beheer/kaarten/*")
    assert page.locator(".obs-card .badge").inner_text() == "Gepubliceerd"
    assert "Twente" in page.locator(".obs-card").inner_text()

    # 4. The deck of published cards for Twente, as one PDF.
    page.get_by_role("link", name="Kaarten", exact=True).click()
    page.get_by_label("Regio").select_option("twente")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="Alle gepubliceerde kaarten van Twente als PDF").click()
    page.get_by_role("button", name="Maak de kaartset").click()  # a job: its page offers the file when done
    page.wait_for_url("**/beheer/taken/*")
    with page.expect_download() as download_info:
        page.locator("[data-job-file]").click()
    download = download_info.value
    path = download.path()
    data = open(path, "rb").read()
    assert data.startswith(b"%PDF")
    from pypdf import PdfReader

    assert "/StructTreeRoot" in PdfReader(path).trailer["/Root"]  # a tagged PDF
    assert download.suggested_filename.endswith(".pdf")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
        assert " ".join(title.split()[:4]) in " ".join(text.split())
        assert "Twente" in text
