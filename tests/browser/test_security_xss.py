"""Stored XSS in a real browser: pages that show every hostile payload at once never open a dialog.

The payloads and the world come from tests/security/probe_world.py; the escaping itself is checked page by
page in tests/security/test_xss.py. This test lives here to share the one Playwright browser of the run.
"""
from __future__ import annotations

from tests.security.probe_world import PAYLOADS, build_world


def test_no_alert_ever_fires_in_a_real_browser(browser, live_server, session, project, make_story, make_user):
    """Chromium opens pages showing all payloads at once (staff board with live notes, story page, proposal,
    public follow-up, the participant's table); any dialog would mean a payload ran."""
    from tests.browser.conftest import log_in
    from tests.conftest import STRONG_PASSWORD

    w = build_world(session, project, make_story, make_user, " ".join(PAYLOADS))
    dialogs: list[str] = []
    context = browser.new_context(locale="nl-NL")
    try:
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        log_in(tab, live_server, w.admin.email, STRONG_PASSWORD)
        for url in (f"/beheer/sessies/{w.sess.id}/bord", f"/beheer/analyse/verhalen/{w.story.public_id}",
                    f"/beheer/voorstellen/{w.proposal.id}", f"/v/proef/opvolging/{w.proposal.id}"):
            tab.goto(live_server + url)
            tab.wait_for_load_state("networkidle")
            assert tab.get_by_text(w.payload).first.is_visible(), url
            assert tab.locator("img[src='x'], svg[onload]").count() == 0, url
        tab.goto(f"{live_server}/beheer/sessies/{w.sess.id}/bewerken")
        assert tab.locator("input[name=place]").input_value() == w.payload  # a form field keeps it as typed
        tab.goto(f"{live_server}/s/{w.sess.join_code}")
        tab.get_by_label("naam", exact=False).first.fill("Probe")
        tab.locator("main button[type=submit]").first.click()
        tab.wait_for_url("**/tafel/**")
        tab.wait_for_load_state("networkidle")
        assert tab.get_by_text(f"Briefje {w.payload}").first.is_visible()
        tab.wait_for_timeout(500)
    finally:
        context.close()
    assert dialogs == []
