"""Issue 17's administration, walked in Chromium as a regional admin without shell access would: create a
project, upload a new version of a form, check the preview and publish it, create an account and reset its
password, import stories with a preview and confirm them as a job, and export them as a job. Every page passes axe-core and fits a phone."""
from __future__ import annotations

import io

from sqlalchemy import select

from tests.browser.accessibility import run_axe
from tests.browser.conftest import log_in
from tests.conftest import FIXTURES, STRONG_PASSWORD
from vertelpunt.models import Project, Story

PHONE = {"width": 390, "height": 844}


def _fits(tab) -> bool:
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_admin_walks_projects_forms_accounts_and_stories_in_the_browser(live_server, browser, session, project,
                                                                       make_story, make_user, tmp_path):
    from vertelpunt.stories.csv_io import export_csv

    admin = make_user("admin")
    for n in range(3):
        make_story(project, text=f"Verhaal nummer {n} over wachten op hulp en wat dat met ons deed.")
    stream = io.StringIO()
    export_csv(session, project, stream, ("published",))
    stories_csv = tmp_path / "verhalen.csv"
    stories_csv.write_text(stream.getvalue(), encoding="utf-8")
    new_form = tmp_path / "mini-v2.yaml"
    new_form.write_text((FIXTURES / "mini-form.yaml").read_text(encoding="utf-8").replace(
        "title: Mini-vragenset voor tests", "title: Mini-vragenset voor tests, tweede versie"), encoding="utf-8")

    # CSP bypassed only so axe-core can be injected into the very page a POST led to (a preview, a password)
    context = browser.new_context(bypass_csp=True, locale="nl-NL", viewport=PHONE)
    tab = context.new_page()
    tab.set_default_timeout(30_000)  # a hang guard for a busy machine, not a speed requirement
    problems = {}

    def seen(name):
        assert _fits(tab), f"{name} scrolls sideways at 390 px"
        found = run_axe(tab)
        if found:
            problems[name] = found

    try:
        log_in(tab, live_server, admin.email, STRONG_PASSWORD)
        # a project
        tab.goto(live_server + "/beheer/projecten/nieuw")
        seen("nieuw project")
        tab.fill("#slug", "regio-proef")
        tab.fill("#title", "Regio proef 2027")
        tab.fill("#intro", "Vertel ons over je ervaring met de jeugdhulp in de regio.")
        tab.select_option("#form_key", "mini")
        tab.check("input[name=regions][value=twente]")
        tab.click("main button[type=submit]")
        tab.wait_for_selector("h1:text('Regio proef 2027')")
        seen("project")
        # a new form version: preview with the difference, then publish
        tab.goto(live_server + "/beheer/vragensets/")
        seen("vragensets")
        tab.set_input_files("#file", str(new_form))
        tab.click("main button:text('Bekijken')")
        tab.wait_for_selector("text=tweede versie")
        seen("voorbeeld vragenset")
        tab.click("main button:has-text('Publiceren als versie 2')")
        tab.wait_for_selector("td:text('v2')")
        # an account, and a new password for it
        tab.goto(live_server + "/beheer/accounts/nieuw")
        seen("nieuw account")
        tab.fill("#email", "coordinator@example.org")
        tab.fill("#name", "Coördinator Twente")
        tab.select_option("#role", "analyst")
        tab.click("main button:text('Account maken')")
        first = tab.inner_text("#new-password")
        assert len(first) >= 16
        seen("wachtwoord getoond")
        tab.click("text=Naar het account")
        tab.click("main button:text('Nieuw wachtwoord maken')")
        second = tab.inner_text("#new-password")
        assert second != first and len(second) >= 16
        # stories: upload with a preview, then confirm; then an export as a job
        tab.goto(live_server + "/beheer/projecten/regio-proef/verhalen")
        seen("verhalen")
        tab.set_input_files("#file", str(stories_csv))
        tab.click("main button:text('Bekijken')")
        tab.wait_for_selector("main button:has-text('3 verhalen inlezen')")
        seen("voorbeeld verhalen")
        tab.click("main button:has-text('3 verhalen inlezen')")
        tab.wait_for_url(lambda url: "/beheer/taken/" in url)  # the confirmed import is a job
        tab.wait_for_selector("[data-job-file]")
        seen("import klaar")
        session.expire_all()
        imported = session.scalars(select(Story).join(Project).where(Project.slug == "regio-proef")).all()
        assert len(imported) == 3 and {s.status for s in imported} == {"pending"}
        tab.click("[data-job-file]")  # the project's stories, waiting in moderation
        tab.wait_for_url(lambda url: "/beheer/moderatie/" in url and "project=regio-proef" in url)
        assert tab.locator("main").inner_text().count("Verhaal nummer") == 3
        tab.goto(live_server + "/beheer/projecten/regio-proef/verhalen")
        tab.click("main button:text('Export maken')")
        tab.wait_for_url(lambda url: "/beheer/taken/" in url)
        tab.wait_for_selector("[data-job-file]")
        seen("export klaar")
        with tab.expect_download() as download:
            tab.click("[data-job-file]")
        assert "Verhaal nummer 1" in open(download.value.path(), encoding="utf-8-sig").read()
    finally:
        context.close()
    assert problems == {}


def test_admin_brings_a_narrafirma_form_and_its_stories_in_the_browser(live_server, browser, session, regions,
                                                                       make_user):
    """A region coming from NarraFirma, without shell access: form CSV, a project on it, the stories CSV with
    one role for the whole file, confirmed as a job, and the project back out as NarraFirma's ZIP."""
    import zipfile

    from tests.test_narrafirma import DATA

    admin = make_user("admin")
    context = browser.new_context(bypass_csp=True, locale="nl-NL", viewport=PHONE)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    problems = {}

    def seen(name):
        assert _fits(tab), f"{name} scrolls sideways at 390 px"
        found = run_axe(tab)
        if found:
            problems[name] = found

    try:
        log_in(tab, live_server, admin.email, STRONG_PASSWORD)
        tab.goto(live_server + "/beheer/vragensets/")
        tab.check("input[name=kind][value=narrafirma]")
        tab.fill("#key", "nf-gids")
        tab.set_input_files("#file", str(DATA / "import_guide_story_form.csv"))
        tab.click("main button:text('Bekijken')")
        tab.wait_for_selector("main button:has-text('Publiceren als versie 1')")
        seen("voorbeeld NarraFirma-vragenset")
        tab.click("main button:has-text('Publiceren als versie 1')")
        tab.wait_for_selector("td:text('v1')")
        tab.goto(live_server + "/beheer/projecten/nieuw")
        tab.fill("#slug", "nf-regio")
        tab.fill("#title", "Uit NarraFirma")
        tab.select_option("#form_key", "nf-gids")
        tab.check("input[name=regions][value=twente]")
        tab.click("main button[type=submit]")
        tab.wait_for_selector("h1:text('Uit NarraFirma')")
        tab.goto(live_server + "/beheer/projecten/nf-regio/verhalen")
        tab.select_option("#import-format", "narrafirma")
        tab.set_input_files("#file", str(DATA / "import_guide_stories.csv"))
        tab.click("main button:text('Bekijken')")  # no role chosen yet: refused, nothing lost
        tab.wait_for_selector("text=Kies de rol van de vertellers uit de lijst")
        assert tab.input_value("#import-format") == "narrafirma"
        seen("rol ontbreekt")
        tab.select_option("#role", "professional")
        tab.set_input_files("#file", str(DATA / "import_guide_stories.csv"))
        tab.click("main button:text('Bekijken')")
        tab.wait_for_selector("main button:has-text('3 verhalen inlezen')")
        seen("voorbeeld NarraFirma-verhalen")
        tab.click("main button:has-text('3 verhalen inlezen')")
        tab.wait_for_url(lambda url: "/beheer/taken/" in url)
        tab.wait_for_selector("[data-job-file]")
        session.expire_all()
        imported = session.scalars(select(Story).join(Project).where(Project.slug == "nf-regio")).all()
        assert sorted(s.title for s in imported) == ["Finally", "Never knew", "Never would have guessed"]
        tab.goto(live_server + "/beheer/projecten/nf-regio/verhalen")
        tab.select_option("#export-format", "narrafirma")
        tab.click("main button:text('Export maken')")
        tab.wait_for_url(lambda url: "/beheer/taken/" in url)
        tab.wait_for_selector("[data-job-file]")
        with tab.expect_download() as download:
            tab.click("[data-job-file]")
        with zipfile.ZipFile(download.value.path()) as bundle:
            assert sorted(bundle.namelist()) == ["nf-regio_stories.csv", "nf-regio_story_form.csv"]
            assert "Never would have guessed" in bundle.read("nf-regio_stories.csv").decode("utf-8")
    finally:
        context.close()
    assert problems == {}
