"""A deck's progress page in a real browser: it follows the job without reloading and then offers the file.

The job runs in a real ``vertelpunt worker`` process (the SQLite queue), started only after the page shows the
job waiting, so the page must pick up every change by itself. The page is checked with axe-core while the
job waits and once it is done, and under the strict CSP (no refusals, no page errors).
"""
from __future__ import annotations

import pytest

from tests.browser.conftest import log_in
from tests.browser.test_csp import COLLECT_VIOLATIONS, _csp_trouble
from tests.conftest import STRONG_PASSWORD
from tests.exports.conftest import make_card  # noqa: F401 (fixture)
from tests.jobs.conftest import use_queue, worker_factory  # noqa: F401 (fixture)


@pytest.fixture
def queued_app(app, tmp_path):
    queue = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    use_queue(app, queue)
    return app, queue


def test_the_progress_page_follows_the_job_and_shows_the_file(queued_app, live_server, browser, make_card, make_user,
                                                              worker_factory, logged_in_axe):  # noqa: F811
    app, queue = queued_app
    for n in range(5):
        make_card(title=f"Kaart {n}")
    user = make_user("facilitator")
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(60_000)  # a hang guard for a busy machine, not a speed requirement
    tab.add_init_script(COLLECT_VIOLATIONS)
    messages, errors = [], []
    tab.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        log_in(tab, live_server, user.email, STRONG_PASSWORD)
        tab.goto(live_server + "/beheer/kaarten/deck?project=proef&region=twente&format=pdf")
        tab.click("main button[type=submit]")
        tab.wait_for_url(lambda url: "/beheer/taken/" in url)
        job_url = tab.url
        assert tab.locator("[data-job-label]").inner_text() == "In de wachtrij"
        assert tab.locator("[data-job-file]").count() == 0
        tab.evaluate("window.__samePage = true")
        check = logged_in_axe(user)
        assert check(job_url) == []  # while it waits: progress bar, status text

        worker_factory(app, queue)
        tab.wait_for_selector("[data-job-file]")
        assert tab.evaluate("window.__samePage === true"), "the page reloaded instead of updating itself"
        assert tab.locator("[data-job-label]").inner_text() == "Klaar"
        assert tab.locator("[data-job-running]").is_hidden()
        link = tab.locator("[data-job-file]")
        assert link.inner_text() == "Download kaarten-proef-twente.pdf"
        with tab.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == "kaarten-proef-twente.pdf"
        assert _csp_trouble(tab, messages, errors) == []
        assert check(job_url) == []  # finished: the download link
        assert check(live_server + "/beheer/taken/") == []
    finally:
        context.close()


def test_without_javascript_the_page_refreshes_itself(queued_app, live_server, browser, make_card, make_user,
                                                      worker_factory):  # noqa: F811
    """No script: the waiting page reloads itself (meta refresh in <noscript>) until the job is done."""
    app, queue = queued_app
    make_card(title="Kaart")
    user = make_user("analyst")
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    tab = context.new_page()
    tab.set_default_timeout(60_000)  # a hang guard, not a speed requirement
    try:
        log_in(tab, live_server, user.email, STRONG_PASSWORD)
        tab.goto(live_server + "/beheer/kaarten/deck?project=proef&region=twente&format=pdf")
        tab.click("main button[type=submit]")
        tab.wait_for_url(lambda url: "/beheer/taken/" in url)
        refresh = tab.locator("noscript meta[http-equiv=refresh], meta[http-equiv=refresh]")
        assert refresh.count() >= 1
        assert "ververst zichzelf" in tab.content()
        worker_factory(app, queue)
        tab.wait_for_selector("[data-job-file]")  # only a reload can bring it: no script runs
        assert "Klaar" in tab.locator("[data-job-label]").inner_text()
    finally:
        context.close()
