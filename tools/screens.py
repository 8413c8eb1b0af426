"""Make the screenshots in docs/screens/ from the demo data, so the README and reviewers can see the pages
without running the app, and so a layout change shows up as a changed PNG in the diff.

It builds a fresh demo database in a temporary folder (``vertelpunt demo``'s own loader: 960 stories, a scan,
published cards and a closed duidingssessie with two tables, notes, clusters and dot votes), serves it with
waitress on 127.0.0.1, and drives Debian's Chromium through Playwright (no browser is downloaded), logged in as
the demo administrator. Written:

- ``board.png``: the facilitator board at 1366 x 900 (the whole page), the tables side by side;
- ``board-1024.png``: the same board at 1024 px wide, the tables stacked;
- ``presenter.png``: the presenter view for the projector at 1366 x 768 (what the room sees);
- ``dashboard.png``: the analysis dashboard of the demo project at 1366 px wide, once the charts are drawn: 2400 px
  from its counts on (the filter form above them is left out), so the first charts are in it;
- ``card-pdf.png``: the first page of the first card's PDF, through ``pdftoppm`` (poppler-utils);
- ``card-seven-groups.png``: the PDF of a card whose chart has seven groups (outcome by the seven feelings, a
  concept card drafted from the demo's scan), to check that it still reads on A4;
- ``participant-phone.png`` and ``participant-closed.png``: a participant's table page on a 390 px phone while
  the session is open (the note form first) and once it is closed (said at the top);
- ``landing-phone.png`` and ``story-form-phone.png``: the demo project's public start page and the first page of
  the story form on a 390 px phone, and ``staff-start.png``: the staff start page at 1366 px, which share one
  set of components in the NL Design System look (docs/architecture.md, "Look: NL Design System tokens").

    python tools/screens.py                  # writes docs/screens/*.png
    python tools/screens.py --out /tmp/shots  # somewhere else

Needs the dev extras (playwright, waitress), ``/usr/bin/chromium`` (or VERTELPUNT_CHROMIUM) and ``pdftoppm``.
"""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = os.environ.get("VERTELPUNT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--lang=nl-NL"]  # Dutch date fields (dd-mm-jjjj), as a Dutch user sees them
SECRET = "screens-" + "x" * 40
DASHBOARD_HEIGHT = 2400  # the dashboard runs to one chart per question: the counts and the first charts
JOIN_CODE = "TWENTE"  # the demo's code is random; a fixed one keeps the PNGs the same from run to run
PDF_DPI = 70  # an A4 page at about 580 x 820 px: readable, and small in the repository
SEVEN_DPI = 110  # the seven-group card is there to judge small print, so it is drawn sharper
SEVEN_GROUPS_KEY = "outcome|feeling"  # "Dit was voor het kind of gezin ..." per feeling: seven groups


def build_demo(folder: Path):
    """A migrated SQLite database in ``folder`` with the demo project and its cycle; returns the app, the
    administrator's e-mail and password, the session and the first card."""
    from vertelpunt import create_app
    from vertelpunt.cards.drafting import create_card
    from vertelpunt.db import get_session
    from vertelpunt.demo.load import seed_demo, seed_demo_cycle
    from vertelpunt.migrations import upgrade

    url = f"sqlite:///{folder / 'screens.sqlite3'}"
    upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET, "INSTANCE_PATH": str(folder / "instance"),
                      "JOB_QUEUE_URL": "immediate", "LOG_FORMAT": "text"})
    with app.app_context(), app.test_request_context():
        session = get_session()
        outcome = seed_demo(session)
        cycle = seed_demo_cycle(session, outcome)
        cycle.session.join_code = JOIN_CODE
        session.commit()
        seven = create_card(session, cycle.runs[0], SEVEN_GROUPS_KEY, _admin(session, outcome.admin_email))
        session.commit()
        ids = {"session": cycle.session.id, "code": cycle.session.join_code, "card": cycle.cards[0].id,
               "seven": seven.id, "project": outcome.project.slug}
        session.close()
    return app, outcome.admin_email, outcome.admin_password, ids


def _admin(session, email: str):
    from sqlalchemy import select

    from vertelpunt.models import User

    return session.scalars(select(User).where(User.email == email)).one()


def serve(app):
    from waitress import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    return server, f"http://127.0.0.1:{server.effective_port}"


def card_page_png(pdf: bytes, target: Path, work: Path, dpi: int = PDF_DPI) -> None:
    source = work / "card.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(source),
                    str(work / "card")], check=True)
    shutil.move(work / "card.png", target)


def shoot(app, base: str, email: str, password: str, ids: dict, out: Path, work: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(locale="nl-NL", viewport={"width": 1366, "height": 900})
        tab = context.new_page()
        tab.set_default_timeout(30_000)
        tab.goto(base + "/beheer/inloggen")
        tab.fill("#email", email)
        tab.fill("#password", password)
        tab.click("main button[type=submit]")
        tab.wait_for_url(lambda url: "/inloggen" not in url)

        def save(name: str, **options) -> None:
            path = out / name
            tab.screenshot(path=str(path), **options)
            written.append(path)

        board = f"{base}/beheer/sessies/{ids['session']}/bord"
        tab.goto(board)
        save("board.png", full_page=True)
        tab.set_viewport_size({"width": 1024, "height": 768})
        tab.goto(board)
        save("board-1024.png", full_page=True)

        tab.set_viewport_size({"width": 1366, "height": 768})
        tab.goto(f"{base}/beheer/sessies/{ids['session']}/scherm")
        save("presenter.png")

        tab.set_viewport_size({"width": 1366, "height": 900})
        tab.goto(f"{base}/beheer/analyse/?project={ids['project']}")
        tab.wait_for_selector("figure.chart-drawn")
        tab.wait_for_load_state("networkidle")
        top = tab.evaluate("document.querySelector('section[aria-labelledby=aantallen-kop]')"
                           ".getBoundingClientRect().top + window.scrollY - 16")
        height = min(DASHBOARD_HEIGHT, tab.evaluate("document.documentElement.scrollHeight") - top)
        save("dashboard.png", full_page=True, clip={"x": 0, "y": top, "width": 1366, "height": height})

        tab.goto(f"{base}/beheer/")
        save("staff-start.png")

        response = context.request.get(f"{base}/beheer/kaarten/{ids['card']}/kaart.pdf")
        if not response.ok:
            raise SystemExit(f"De kaart-PDF kwam niet: HTTP {response.status}")
        card_page_png(response.body(), out / "card-pdf.png", work)
        written.append(out / "card-pdf.png")
        response = context.request.get(f"{base}/beheer/kaarten/{ids['seven']}/kaart.pdf")
        if not response.ok:
            raise SystemExit(f"De kaart-PDF met zeven groepen kwam niet: HTTP {response.status}")
        card_page_png(response.body(), out / "card-seven-groups.png", work, SEVEN_DPI)
        written.append(out / "card-seven-groups.png")
        context.close()
        written += shoot_participant(browser, base, app, ids, out)
        written += shoot_public(browser, base, ids, out)
        browser.close()
    return written


def _set_status(app, session_id: int, status: str) -> None:
    from vertelpunt.db import get_session
    from vertelpunt.models import SensemakingSession

    with app.app_context():
        session = get_session()
        session.get(SensemakingSession, session_id).status = status
        session.commit()
        session.close()


def shoot_participant(browser, base: str, app, ids: dict, out: Path) -> list[Path]:
    """A participant's phone at Tafel 1, during the session (the note form first) and after it (the closed
    message at the top). The demo session is closed, so it is opened for a moment to join, then closed again."""
    _set_status(app, ids["session"], "open")
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, device_scale_factor=1)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    tab.goto(f"{base}/s/{ids['code']}")
    tab.fill("#name", "Lotte")
    tab.check("input[name=table_id] >> nth=0")
    tab.click("button:text('Naar mijn tafel')")
    tab.wait_for_selector("#note-form")
    tab.screenshot(path=str(out / "participant-phone.png"))
    _set_status(app, ids["session"], "closed")
    tab.reload()
    tab.screenshot(path=str(out / "participant-closed.png"))
    context.close()
    return [out / "participant-phone.png", out / "participant-closed.png"]


def shoot_public(browser, base: str, ids: dict, out: Path) -> list[Path]:
    """What a teller sees first on a 390 px phone: the project's start page, then the story form's first page."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, device_scale_factor=1)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    tab.goto(f"{base}/v/{ids['project']}/")
    tab.screenshot(path=str(out / "landing-phone.png"))
    tab.click("a.role-button >> nth=1")
    tab.wait_for_selector("form.story-form")
    tab.screenshot(path=str(out / "story-form-phone.png"))
    context.close()
    return [out / "landing-phone.png", out / "story-form-phone.png"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screens", help="folder for the PNG files")
    args = parser.parse_args(argv)
    for tool, hint in ((CHROMIUM, "apt-get install chromium"), (shutil.which("pdftoppm"), "apt-get install poppler-utils")):
        if not tool or not Path(tool).exists():
            raise SystemExit(f"Niet gevonden: {tool or 'pdftoppm'} ({hint})")
    logging.disable(logging.INFO)  # the request log is not what this is for
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vertelpunt-screens-") as temporary:
        work = Path(temporary)
        app, email, password, ids = build_demo(work)
        server, base = serve(app)
        try:
            written = shoot(app, base, email, password, ids, args.out, work)
        finally:
            server.close()
    for path in written:
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  ({path.stat().st_size // 1024} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
