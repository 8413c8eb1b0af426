"""Two app servers, one installation: deploy/systemd/vertelpunt@.service's ExecStart on two ports, behind
deploy/nginx/vertelpunt.conf (round-robin), on one database (PostgreSQL when VERTELPUNT_TEST_DATABASE_URL
is set, else one SQLite file) and one Redis, after the migrate unit's ExecStart. What a teller or a
member of staff does must not depend on which server answers, and a crash of one server must not lose a
story that was acknowledged.

Requests "directly" to a server carry the headers nginx would add (X-Forwarded-For, -Proto, -Host), since
the env file trusts one proxy; each test uses client addresses of its own.
"""
from __future__ import annotations

import json
import secrets
import threading

import pytest

from tests.deploy import harness
from tests.deploy.harness import STORY_LIMIT, Client

STAFF, FACILITATOR = "analist@example.org", "begeleider@example.org"
LOCKED_VIA_NGINX, LOCKED_DIRECTLY = "doelwit1@example.org", "doelwit2@example.org"
WRONG = "verkeerd-wachtwoord-123"


@pytest.fixture(scope="module")
def site():
    with harness.deployment("vp-deploy-two-") as made:
        for email, role in ((STAFF, "analyst"), (FACILITATOR, "facilitator"), (LOCKED_VIA_NGINX, "analyst"),
                            (LOCKED_DIRECTLY, "analyst")):
            made.create_user(email, role)
        yield made


def both(site, client_address: str) -> tuple[Client, Client]:
    """One client seen by server A and by server B: the same address (as nginx reports it), one cookie jar."""
    first = site.direct(site.servers[0], client_address)
    second = site.direct(site.servers[1], client_address)
    second.cookies = first.cookies
    return first, second


def test_a_login_made_on_one_server_is_valid_on_the_other(site):
    on_a, on_b = both(site, "127.0.0.5")
    assert on_b.get("/beheer/").status == 302  # not logged in yet: to the login page
    assert on_a.login(STAFF) == 302
    page = on_b.get("/beheer/")
    assert page.status == 200 and "Inloggen" not in page.text.split("</title>")[0]
    on_a.close()
    on_b.close()

    through_nginx = site.https("127.0.0.5")
    assert through_nginx.login(STAFF) == 302
    assert [through_nginx.get("/beheer/").status for _ in range(6)] == [200] * 6
    for server in site.servers:  # round-robin: nginx talked to both (its keep-alive connections are open)
        assert harness.established_connections(server.port) > 0


def test_failed_logins_count_across_both_servers(site):
    guesser = site.https("127.0.0.6")
    assert [guesser.login(LOCKED_VIA_NGINX, WRONG) for _ in range(5)] == [400] * 5  # spread over A and B
    assert [site.https("127.0.0.6").login(LOCKED_VIA_NGINX) for _ in range(4)] == [429] * 4

    on_a, on_b = both(site, "127.0.0.7")
    assert [(on_a if n % 2 == 0 else on_b).login(LOCKED_DIRECTLY, WRONG) for n in range(5)] == [400] * 5
    assert on_a.login(LOCKED_DIRECTLY) == 429 and on_b.login(LOCKED_DIRECTLY) == 429
    assert site.https("127.0.0.8").login(LOCKED_DIRECTLY) == 302  # another client is not locked


def test_story_limits_count_across_both_servers(site):
    teller = site.https("127.0.0.9")
    assert [teller.submit_story() for _ in range(STORY_LIMIT)] == [303] * STORY_LIMIT
    assert [teller.submit_story() for _ in range(2)] == [429] * 2  # whichever server nginx picks

    on_a, on_b = both(site, "127.0.0.10")
    statuses = [(on_a if n % 2 == 0 else on_b).submit_story() for n in range(STORY_LIMIT + 2)]
    assert statuses == [303] * STORY_LIMIT + [429] * 2


def test_a_note_posted_through_one_server_is_on_the_board_polled_through_the_other(site):
    plan = site.create_open_session(FACILITATOR)
    _, board = both(site, "127.0.0.11")
    assert board.login(FACILITATOR) == 302
    participant, _ = both(site, "127.0.0.12")
    table_path = participant.join_session(plan["code"], plan["table_id"])
    text = "Lang wachten " + secrets.token_hex(4)
    assert participant.post_note(table_path, text) == 302
    poll = board.get(f"/beheer/sessies/{plan['session_id']}/bord.json?na=0")
    assert poll.status == 200
    assert text in [note["text"] for note in json.loads(poll.body)["notes"]]

    facilitator = site.https("127.0.0.13")
    assert facilitator.login(FACILITATOR) == 302
    for _ in range(4):  # whichever server nginx picks
        poll = facilitator.get(f"/beheer/sessies/{plan['session_id']}/bord.json?na=0")
        assert poll.status == 200 and text in [note["text"] for note in json.loads(poll.body)["notes"]]


def test_a_card_pdf_downloads_from_either_server(site):
    plan = site.create_open_session(FACILITATOR)
    on_a, on_b = both(site, "127.0.0.14")
    assert on_a.login(FACILITATOR) == 302
    path = f"/beheer/kaarten/{plan['card_id']}/kaart.pdf"
    for client in (on_a, on_b, on_a, on_b):
        response = client.get(path)
        assert response.status == 200 and response.body.startswith(b"%PDF"), (response.status, response.body[:80])
    through_nginx = site.https("127.0.0.14")
    assert through_nginx.login(FACILITATOR) == 302
    assert all(through_nginx.get(path).body.startswith(b"%PDF") for _ in range(2))


def test_a_deck_started_on_one_server_is_made_by_the_worker_and_downloads_from_either(site):
    """deploy/systemd/vertelpunt-worker.service makes the deck from the Redis queue; the job and its file are in
    the database, so whichever server nginx picks shows the progress page and hands out the file."""
    import re
    import time

    plan = site.create_open_session(FACILITATOR)
    on_a, on_b = both(site, "127.0.0.15")
    assert on_a.login(FACILITATOR) == 302
    query = f"/beheer/kaarten/deck?project={harness.SLUG}&sessie={plan['session_id']}&format=pdf"
    started = on_a.post(query, {"csrf_token": on_a.csrf(query)})
    assert started.status == 303, (started.status, started.text[:2000])
    job_path = re.sub(r"^https?://[^/]+", "", started.header("Location"))
    deadline = time.monotonic() + harness.HANG_GUARD
    status = {}
    while time.monotonic() < deadline and not status.get("finished"):
        status = json.loads(on_b.get(job_path + "/status.json").body)
        time.sleep(0.2)
    assert status.get("state") == "klaar", (status, site.worker.log()[-3000:])
    for client in (on_a, on_b):
        response = client.get(status["file"])
        assert response.status == 200 and response.body.startswith(b"%PDF"), response.status


# Last in this module: server A stays down afterwards.
THREADS, STORIES_PER_THREAD = 4, 16


def test_killing_one_server_mid_load_loses_no_acknowledged_story(site):
    """4 tellers send stories through nginx; halfway server A gets SIGKILL (its whole process group).
    Every story acknowledged with 303 must be stored exactly once; after the kill server B carries on.
    Each story comes from an address of its own (127.20.<teller>.<n>), as many tellers would, so the story
    limit of these tests (3 per address) never answers."""
    total = THREADS * STORIES_PER_THREAD
    results: list[tuple[str, int | None, bool]] = []  # (token, status or None for no answer, sent after kill)
    lock = threading.Lock()
    halfway, killed = threading.Event(), threading.Event()

    def teller(number: int) -> None:
        for n in range(STORIES_PER_THREAD):
            token = secrets.token_urlsafe(24)
            after_kill = killed.is_set()
            client = site.https(f"127.20.{number}.{n + 1}")
            try:
                status = client.submit_story(token)
            except (OSError, AssertionError, harness.http.client.HTTPException):
                status = None  # no answer, or no form to send: not acknowledged
            finally:
                client.close()
            with lock:
                results.append((token, status, after_kill))
                if len(results) >= total // 2:
                    halfway.set()

    tellers = [threading.Thread(target=teller, args=(n,)) for n in range(THREADS)]
    for thread in tellers:
        thread.start()
    try:
        assert halfway.wait(timeout=harness.HANG_GUARD * 3), "the load did not get halfway"
        site.servers[0].kill()
        killed.set()
    finally:
        for thread in tellers:
            thread.join(timeout=harness.HANG_GUARD * 3)
    assert not any(thread.is_alive() for thread in tellers)
    assert site.servers[0].process.poll() is not None

    acknowledged = [token for token, status, _ in results if status == 303]
    counts = harness.stored_counts(site.database_url, [token for token, _, _ in results])
    assert acknowledged, results
    assert [token for token in acknowledged if counts[token] != 1] == []  # none lost, none stored twice
    assert max(counts.values()) <= 1  # a story sent again after an error is not doubled either
    later = [status for _, status, after_kill in results if after_kill]
    assert later, "no stories were sent after the kill"
    assert sum(status == 303 for status in later) > len(later) / 2, later  # server B carries on
