"""A duidingssessie in Chromium: the facilitator plans it, two participants in their own browsers write
notes and see each other's notes appear without reloading, the facilitator clusters the notes (drag and
drop, and the keyboard form) and turns the cluster into an improvement proposal with an owner.
axe-core (WCAG 2.1 A/AA) finds nothing on the participant pages or on the board."""
from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.accessibility import run_axe
from tests.conftest import STRONG_PASSWORD
from vertelpunt.models import CardStory, Cluster, Note, ObservationCard, PatternRun, Proposal, SensemakingSession

CARD_TITLE = "Wie lang wacht, voelt zich minder gehoord"


def published_card(session, project, story) -> ObservationCard:
    run = PatternRun(project_id=project.id, created_by="analist@example.org", form_id=project.form_id, filters={},
                     options={}, n_stories=40, n_notable=1, result={})
    session.add(run)
    session.flush()
    card = ObservationCard(
        project_id=project.id, run_id=run.id, pattern_key="heard|outcome", title=CARD_TITLE,
        observation="Ouders die langer wachten, voelen zich minder gehoord.",
        interpretation_a="Wachten zonder bericht maakt onzeker.", interpretation_b="Wie gehoord wordt, wacht rustiger.",
        n=40, filters={}, content={"stats": []}, status="published", created_by="analist@example.org",
    )
    session.add(card)
    session.flush()
    session.add(CardStory(card_id=card.id, story_id=story.id, position=0, sentence=0))
    session.commit()
    return card


def log_in(page, base, user) -> None:
    page.goto(base + "/beheer/inloggen")
    page.fill("#email", user.email)
    page.fill("#password", STRONG_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/beheer/")


def plan_session(page, base, project) -> SensemakingSession:
    page.goto(base + "/beheer/sessies/")
    page.click("text=Nieuwe sessie plannen")
    page.fill("#name", "Sessie Twente")
    page.fill("#held_on", "2026-05-20")
    page.fill("#place", "Enschede, wijkcentrum")
    page.select_option("#project_id", str(project.id))
    page.click("button:text('Opslaan')")
    page.wait_for_selector("h1:text('Sessie Twente')")
    page.fill("#table_name", "Tafel 1")
    page.fill("#perspectives", "twee ouders, een jongere, een wijkcoach")
    page.click("button:text('Tafel toevoegen')")
    page.click("a:has-text('Tafel inrichten')")
    page.check(f"label:has-text('{CARD_TITLE}') input")
    page.click("button:text('Kaarten opslaan')")
    page.wait_for_selector("text=De tafel is opgeslagen.")
    page.click("text=Terug naar Sessie Twente")
    page.click("button:text('Sessie openen')")
    page.wait_for_selector("text=De sessie is nu open.")


def join(browser, base, code, name, **options):
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844}, **options)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.goto(base + "/s/")
    tab.fill("#code", code.lower())
    tab.click("button:text('Verder')")
    tab.fill("#name", name)
    tab.click("button:text('Naar mijn tafel')")
    tab.wait_for_selector("h1:text('Tafel 1')")
    return context, tab


def drag(page, source: str, target: str) -> None:
    """Drag with the mouse, step by step, as a person would (HTML5 drag and drop needs real moves)."""
    page.set_viewport_size({"width": 1280, "height": 2400})  # source and target both on screen
    page.hover(source)
    page.mouse.down()
    box = page.locator(target).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=10)
    page.mouse.up()


def write_note(tab, kind, text, goal=None) -> None:
    tab.check(f"input[name=kind][value={kind}]")
    tab.fill("#text", text)
    if goal is not None:
        tab.fill("#goal", goal)
    tab.click("button:text('Plak briefje')")
    tab.wait_for_selector(f"#note-list >> text={text}")


def test_session_from_planning_to_proposal(live_server, page, browser, axe, session, project, make_story, make_user):
    facilitator = make_user("facilitator")
    story = make_story(project, text="We wachtten maanden en niemand belde ons terug. Dat voelde alsof niemand luisterde.")
    card = published_card(session, project, story)

    log_in(page, live_server, facilitator)
    plan_session(page, live_server, project)
    item = session.scalars(select(SensemakingSession)).one()
    page.click("text=Deelnemers uitnodigen")
    code = page.inner_text(".join-code").strip()
    assert code == item.join_code
    # The QR code is a separate request: wait until the image has loaded (a busy machine is slow), then check it drew.
    # expect() polls the property from outside the page: a wait_for_function string that is not true at once is
    # evaluated inside it, which this page's CSP (no 'unsafe-eval') refuses.
    expect(page.locator("img.qr")).to_have_js_property("complete", True, timeout=30_000)
    assert page.evaluate("document.querySelector('img.qr').naturalWidth") > 0

    # Two participants, each in their own browser context (A's context lets axe in).
    context_a, tab_a = join(browser, live_server, code, "Sanne", bypass_csp=True)
    context_b, tab_b = join(browser, live_server, code, "Ali")
    try:
        assert CARD_TITLE in tab_a.inner_text("main")
        write_note(tab_a, "zorg", "Ouders horen niets tijdens het wachten")
        tab_b.evaluate("window.stillTheSamePage = true")
        tab_b.wait_for_selector("#note-list >> text=Ouders horen niets tijdens het wachten")
        assert tab_b.evaluate("window.stillTheSamePage === true")  # appeared without reloading

        assert tab_b.is_hidden("#goal")
        tab_b.check("input[name=kind][value=idee]")
        assert tab_b.is_visible("#goal")
        write_note(tab_b, "idee", "elke twee weken bellen", "ouders weten waar ze aan toe zijn")
        tab_a.evaluate("window.stillTheSamePage = true")
        tab_a.wait_for_selector("#note-list >> text=We zouden eigenlijk elke twee weken bellen moeten doen")
        assert tab_a.evaluate("window.stillTheSamePage === true")
        assert "Nieuw briefje van Ali" in tab_a.inner_text("#live")
        assert run_axe(tab_a) == []
    finally:
        context_a.close()
        context_b.close()

    assert axe(live_server + "/s/") == []
    assert axe(live_server + f"/s/?code=ONBEKEND") == []
    assert axe(live_server + f"/s/{code}") == []

    session.expire_all()
    note_a, note_b = session.scalars(select(Note).order_by(Note.id)).all()
    assert (note_a.author_name, note_b.author_name, note_b.goal) == ("Sanne", "Ali", "ouders weten waar ze aan toe zijn")

    # The facilitator clusters both notes: one by drag and drop, one by the keyboard form.
    table_id = item.tables[0].id
    page.goto(live_server + f"/beheer/sessies/{item.id}/bord")
    page.fill(f"#new-cluster-{table_id}", "Contact tijdens het wachten")
    page.click("button:text('Maak cluster')")
    page.wait_for_selector("text=Cluster 'Contact tijdens het wachten' is gemaakt.")
    cluster = session.scalars(select(Cluster)).one()
    page.wait_for_selector(f"#cluster-{cluster.id}")
    drag(page, f"#note-{note_a.id} .note-kind", f"ul[data-drop-cluster='{cluster.id}']")
    page.wait_for_selector(f"#cluster-{cluster.id} #note-{note_a.id}")
    assert page.inner_text("#board-live") == "Briefje verplaatst."
    page.focus(f"#move-{note_b.id}")
    page.select_option(f"#move-{note_b.id}", str(cluster.id))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#cluster-{cluster.id} #note-{note_b.id}")
    session.expire_all()
    assert [n.id for n in session.get(Cluster, cluster.id).notes] == [note_a.id, note_b.id]

    board_context = browser.new_context(bypass_csp=True, storage_state=page.context.storage_state())
    try:
        board_tab = board_context.new_page()
        board_tab.goto(live_server + f"/beheer/sessies/{item.id}/bord")
        assert run_axe(board_tab) == []
    finally:
        board_context.close()

    # ... and makes a proposal with an owner from the cluster.
    page.click(f"#cluster-{cluster.id} > .inline-actions a.proposal-link")
    page.wait_for_selector("h1:text('Nieuw verbetervoorstel')")
    page.fill("#title", "Elke twee weken een belletje tijdens het wachten")
    page.fill("#seen", "In de ervaringen zien we dat ouders die wachten niets horen.")
    page.fill("#solution", "Als oplossing zien we een vaste belafspraak om de twee weken.")
    page.fill("#owner_name", "Fatima de Vries")
    page.fill("#owner_organisation", "Jeugdteam Enschede")
    page.click("button:text('Voorstel opslaan')")
    page.wait_for_selector("text=Het voorstel is opgeslagen.")
    session.expire_all()
    proposal = session.scalars(select(Proposal)).one()
    assert (proposal.cluster_id, proposal.session_id, proposal.owner_name) == (cluster.id, item.id, "Fatima de Vries")
    assert [n.id for n in proposal.notes] == [note_a.id, note_b.id]
    assert card.id in [c.id for c in proposal.cards]


def test_staff_pages_pass_axe_and_the_board_shows_new_notes_live(live_server, page, browser, session, project,
                                                                  make_story, make_user):
    from vertelpunt.facilitate import notes, participants, planning

    facilitator = make_user("facilitator")
    card = published_card(session, project, make_story(project))
    item = planning.create_session(session, planning.SessionInput(
        name="Sessie Hengelo", held_on="2026-06-03", online=True, project_id=str(project.id)), facilitator)
    table = planning.add_table(session, item, "Tafel Ouders", "ouders")
    planning.add_table(session, item, "Tafel Jongeren", "jongeren")
    planning.set_table_cards(session, table, [card.id])
    item.status = "open"
    session.commit()

    log_in(page, live_server, facilitator)
    context = browser.new_context(bypass_csp=True, locale="nl-NL", storage_state=page.context.storage_state())
    try:
        tab = context.new_page()
        for path in ("/beheer/sessies/", "/beheer/sessies/nieuw", f"/beheer/sessies/{item.id}",
                     f"/beheer/sessies/{item.id}/tafels/{table.id}", f"/beheer/sessies/{item.id}/uitnodigen",
                     f"/beheer/sessies/{item.id}/bord"):
            tab.goto(live_server + path)
            assert run_axe(tab) == [], path
        tab.goto(live_server + "/beheer/sessies/nieuw")
        tab.click("button:text('Opslaan')")
        tab.wait_for_selector(".error-summary")
        assert run_axe(tab) == []
    finally:
        context.close()

    page.goto(live_server + f"/beheer/sessies/{item.id}/bord")
    participant, _ = participants.join(session, item, "Noor", table.id)
    note = notes.add_note(session, item, table, "kans", "Ouders samen laten wachten", participant=participant)
    session.commit()
    page.wait_for_selector(f"ul[data-drop-cluster=''][data-table-id='{table.id}'] #note-{note.id} >> text=Ouders samen laten wachten")
    assert page.get_attribute(f"#note-{note.id} form.move-form", "action").endswith(f"/notities/{note.id}/cluster")


def test_participant_page_follows_the_opening_of_voting_without_losing_a_note(live_server, browser, session, project,
                                                                              make_story, make_user):
    """Vote buttons appear when the facilitator opens voting: by a reload for someone who is not writing, and
    by a notice (the half-written note stays) for someone who is."""
    from vertelpunt.facilitate import notes, participants, planning, votes

    facilitator = make_user("facilitator")
    item = planning.create_session(session, planning.SessionInput(
        name="Sessie Almelo", held_on="2026-06-10", online=True, project_id=str(project.id)), facilitator)
    table = planning.add_table(session, item, "Tafel 1", "ouders")
    item.status = "open"
    author, _ = participants.join(session, item, "Noor", table.id)
    notes.add_note(session, item, table, "kans", "Ouders samen laten wachten", participant=author)
    session.commit()

    reader_context, reader = join(browser, live_server, item.join_code, "Sam")
    writer_context, writer = join(browser, live_server, item.join_code, "Lot")
    try:
        assert reader.locator("#stemmen").count() == 0
        writer.check("input[name=kind][value=zorg]")
        writer.fill("#text", "Nog niet af")
        votes.set_voting(item, True, "3")
        session.commit()
        reader.wait_for_selector("#stemmen >> text=Stemmen met stippen")  # reloaded by itself
        assert reader.locator("button:has-text('Geef een stip')").count() >= 1
        writer.wait_for_selector("#state-changed:not([hidden])")
        assert writer.input_value("#text") == "Nog niet af" and writer.locator("#stemmen").count() == 0
    finally:
        reader_context.close()
        writer_context.close()
