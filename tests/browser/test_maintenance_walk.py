"""Beheer > Onderhoud walked in Chromium by an admin without shell access: make a backup and download it, look at
what restoring it would do, see what a purge would delete (the dry run), run the maintenance round, and restore
the backup (logged out, and in again). Every page passes axe-core and fits a phone."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from tests.browser.accessibility import run_axe
from tests.browser.conftest import log_in
from tests.conftest import STRONG_PASSWORD
from vertelpunt.maintenance.inspect import inspect_backup
from vertelpunt.models import Story

PHONE = {"width": 390, "height": 844}


def _fits(tab) -> bool:
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_admin_makes_a_backup_and_previews_a_purge_in_the_browser(live_server, browser, session, project,
                                                                  make_story, make_user):
    admin = make_user("admin")
    for n in range(3):
        make_story(project, text=f"Verhaal nummer {n} over wachten op hulp.", week=date.today() - timedelta(days=900))
    make_story(project, text="Een verhaal van deze maand over de nieuwe wijkcoach.")
    context = browser.new_context(bypass_csp=True, locale="nl-NL", viewport=PHONE, accept_downloads=True)
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
        tab.goto(live_server + "/beheer/")
        tab.click("main a:text-is('Onderhoud')")
        tab.wait_for_selector("h1:text('Onderhoud')")
        assert "Het bestand bevat persoonsgegevens" in tab.inner_text("main")
        seen("onderhoud")
        # a backup, as a job, downloaded from its page
        tab.click("main button:text('Back-up maken')")
        tab.wait_for_url(lambda url: "/beheer/taken/" in url)
        tab.wait_for_selector("[data-job-file]")
        seen("backup klaar")
        with tab.expect_download() as download:
            tab.click("[data-job-file]")
        path = download.value.path()
        with open(path, "rb") as handle:
            summary = inspect_backup(handle.read())
        assert summary.counts["stories"] == 4
        # what restoring it would do (not confirmed)
        tab.goto(live_server + "/beheer/onderhoud/")
        tab.set_input_files("#backup-file", str(path))
        tab.click("main button:text('Bekijken')")
        tab.wait_for_selector("h1:text('Voorbeeld van het terugzetten')")
        assert "Alles wordt vervangen" in tab.inner_text("main")
        seen("voorbeeld terugzetten")
        # the purge's dry run
        tab.goto(live_server + "/beheer/onderhoud/")
        tab.fill("#period", "2y")
        tab.click("main button:text('Bekijken wat weg zou gaan')")
        tab.wait_for_selector("h1:text('Voorbeeld: oude verhalen wissen')")
        text = tab.inner_text("main")
        assert "3 verhalen" in text and project.title in text
        seen("voorbeeld opschonen")
        session.expire_all()
        assert session.scalar(select(func.count()).select_from(Story)) == 4  # a dry run deletes nothing
        # the maintenance round, with what it did
        tab.goto(live_server + "/beheer/onderhoud/")
        tab.click("main button:text('Nu opruimen')")
        tab.wait_for_selector("text=Onderhoud gedaan")
        seen("onderhoud gedaan")
        # the restore, confirmed: the admin is logged out and told why, and logs in again from the backup
        tab.set_input_files("#backup-file", str(path))
        tab.click("main button:text('Bekijken')")
        tab.wait_for_selector("h1:text('Voorbeeld van het terugzetten')")
        tab.fill("#confirm", "HERSTEL")
        tab.click("main button:text('Alles vervangen door deze back-up')")
        tab.wait_for_selector("h1:text('Het terugzetten is gestart')")
        assert "Je bent uitgelogd" in tab.inner_text("main")
        seen("terugzetten gestart")
        tab.goto(live_server + "/beheer/onderhoud/")
        tab.wait_for_url(lambda url: "/beheer/inloggen" in url)
        log_in(tab, live_server, admin.email, STRONG_PASSWORD)
        tab.goto(live_server + "/beheer/onderhoud/")
        assert "Back-up teruggezet" in tab.inner_text("main")  # the restore's audit event, in the restored data
    finally:
        context.close()
    assert problems == {}
