"""Benchmark decks made as background jobs: how soon the progress page moves, how long a deck takes per card,
and what three decks in the making do to the web server's other pages.

Runs the real processes, as the README's production section does: ``vertelpunt serve`` (gunicorn, one
threaded worker: rate limits in the process) with ``--no-worker``, and ``vertelpunt worker --workers 3`` beside
it, on a fresh SQLite database with the default SQLite queue in the instance folder; one project with 17
published cards, each with three linked stories. A member of staff logs in over HTTP and:

- *first progress*: presses "Maak de kaartset" for the 17-card deck (PDF) and polls the job's status JSON
  (every 20 ms) until it shows the job running, and until its first step (the cover) is done and the page
  says "1 van 18 stappen: kaart 1 van 17";
- *per card*: the same deck's time from the button to "klaar", divided by 17 (mean of the repeats);
- *latency under load*: the card list page (``/beheer/kaarten/``), timed idle and then while three 17-card
  decks build at once, p50 and p95 of each; the ratio is loaded p95 / idle p95 in the same run.

Results are written to docs/benchmarks.md between this benchmark's markers.

    python benchmarks/bench_jobs.py            # 3 decks for the timings, writes docs/benchmarks.md
    python benchmarks/bench_jobs.py --quick    # 1 deck, writes nothing
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
from results_file import cpu_model, update_section  # noqa: E402 (benchmarks/ is on sys.path)

START, END = "<!-- bench_jobs:start -->", "<!-- bench_jobs:end -->"
CARDS = 17
EMAIL, PASSWORD = "analist@example.org", "correct-paard-batterij-niet"
CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
CLI = [sys.executable, "-c", "from vertelpunt.cli import main; main()"]
HANG_GUARD = 600  # seconds: give up on a server or job that never answers
STORY = ("We wachtten maanden op hulp voor onze zoon. Toen het eindelijk begon, luisterde de hulpverlener echt "
         "naar ons en maakten we samen een plan. Dat plan werkte, ook al ging niet alles meteen goed.")


def card_content(n: int) -> dict:
    rows = [{"label": label, "cells": [value, count], "suppressed": False}
            for label, value, count in (("Twente", 72.5, 31), ("Rijk van Nijmegen", 48.0, 29))]
    return {
        "question_a": {"key": "heard", "label": "Ik voelde me gehoord"}, "question_b": {"key": "region", "label": "Regio"},
        "kind": "slider_by_group", "test": "Kruskal-Wallis", "statistic": 12.3, "pvalue": 0.0004, "qvalue": 0.004,
        "effect_name": "epsilon²", "effect_size": 0.21, "effect_class": "middel", "stability": 0.9, "n": 60,
        "description": f"Kaart {n}: in Twente voelen tellers zich vaker gehoord dan in Rijk van Nijmegen.",
        "data_description": "Gemiddelde score op 'gehoord' per regio",
        "stats": {"header": ["Regio", "Gemiddelde gehoord", "Verhalen"], "rows": rows, "note": ""},
        "chart": {"kind": "bars", "title": "Gehoord per regio", "total": 60, "bars": [
            {"key": "twente", "label": "Twente", "n": 31, "suppressed": False},
            {"key": "rijk-van-nijmegen", "label": "Rijk van Nijmegen", "n": 29, "suppressed": False}]},
        "keywords": ["luisteren", "wachtlijst"], "stories": [], "hints": ["Wat maakt het verschil?"],
    }


def build_database(folder: Path) -> str:
    from vertelpunt import create_app
    from vertelpunt.accounts.services import create_user
    from vertelpunt.db import database, get_session
    from vertelpunt.forms.services import import_definition, read_form_file
    from vertelpunt.geo.services import sync_regions
    from vertelpunt.migrations import upgrade
    from vertelpunt.models import CardStory, ObservationCard, PatternRun
    from vertelpunt.projects.services import create_project
    from vertelpunt.stories.services import StoryInput, create_story

    url = f"sqlite:///{folder}/bench.sqlite3"
    upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-" + "x" * 32,
                      "INSTANCE_PATH": str(folder / "setup-instance")}, web=False)
    with app.app_context():
        session = get_session()
        sync_regions(session)
        definition = read_form_file(ROOT / "tests" / "fixtures" / "mini-form.yaml")
        import_definition(session, definition)
        session.commit()
        project = create_project(session, "bench", "Bench", definition["key"], ("twente", "rijk-van-nijmegen"))
        session.commit()
        create_user(session, EMAIL, PASSWORD, "analyst", ())
        stories = [create_story(session, project, StoryInput(role="parent", text=f"{STORY} Verhaal {n}.",
                                                             answers={}, prompt_key=None, status="published"))
                   for n in range(3 * CARDS)]
        run = PatternRun(project=project, created_by=EMAIL, form_id=project.form_id, filters={}, options={},
                         n_stories=60, n_notable=CARDS, result={})
        region = next(r for r in project.regions if r.key == "twente")
        for n in range(CARDS):
            card = ObservationCard(project=project, run=run, pattern_key="heard|region", region=region,
                                   title=f"Kaart {n + 1}: gehoord worden verschilt per regio",
                                   observation="Tellers in Twente voelen zich vaker gehoord.",
                                   interpretation_a="Hulpverleners nemen meer tijd.",
                                   interpretation_b="Tellers verwachten minder.", n=60, filters={},
                                   content=card_content(n + 1), status="published", created_by=EMAIL,
                                   published_at=datetime(2026, 4, 1, tzinfo=timezone.utc))
            for position, story in enumerate(stories[3 * n:3 * n + 3]):
                card.stories.append(CardStory(story=story, position=position, sentence=0))
            session.add(card)
        session.commit()
        session.close()
        database(app).engine.dispose()
    return url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """One staff member over HTTP: a keep-alive connection and a cookie jar."""

    def __init__(self, port: int):
        self.port, self.cookies, self.connection = port, {}, None

    def request(self, method: str, path: str, fields: dict | None = None):
        try:
            return self._request(method, path, fields)
        except (http.client.RemoteDisconnected, ConnectionError):  # the server closed an idle keep-alive
            self.connection = None
            return self._request(method, path, fields)

    def _request(self, method: str, path: str, fields: dict | None = None):
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=HANG_GUARD)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        for cookie in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.msg, data

    def csrf(self, path: str) -> str:
        return CSRF.search(self.request("GET", path)[2].decode()).group(1)

    def login(self) -> None:
        status, _, _ = self.request("POST", "/beheer/inloggen", {"csrf_token": self.csrf("/beheer/inloggen"),
                                                                 "email": EMAIL, "password": PASSWORD})
        assert status == 302, status

    def start_deck(self) -> tuple[float, str]:
        path = "/beheer/kaarten/deck?project=bench&region=twente&format=pdf"
        token = self.csrf(path)
        started = time.perf_counter()
        status, headers, _ = self.request("POST", path, {"csrf_token": token})
        assert status == 303, status
        return started, re.sub(r"^https?://[^/]+", "", headers["Location"])

    def status(self, job_path: str) -> dict:
        return json.loads(self.request("GET", job_path + "/status.json")[2])


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    with open(log, "ab") as out:
        return subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def wait_for(condition, what: str):
    deadline = time.monotonic() + HANG_GUARD
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise SystemExit(f"gave up waiting for {what}")


def page_latencies(browser: Browser, count: int, keep_going=lambda: True) -> list[float]:
    times = []
    for _ in range(count):
        if not keep_going():
            break
        started = time.perf_counter()
        status, _, _ = browser.request("GET", "/beheer/kaarten/")
        assert status == 200, status
        times.append((time.perf_counter() - started) * 1000)
        time.sleep(0.05)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(decks: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="bench-jobs-"))
    url = build_database(folder)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERTELPUNT_")}
    env.update({"VERTELPUNT_DATABASE_URL": url, "VERTELPUNT_SECRET_KEY": "bench-" + "x" * 32,
                "VERTELPUNT_INSTANCE_PATH": str(folder / "instance"), "VERTELPUNT_LOG_FORMAT": "text",
                "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))})
    server = start([*CLI, "serve", "--port", str(port), "--no-migrate", "--no-worker"], env, folder / "server.log")
    worker = start([*CLI, "worker", "--workers", "3"], env, folder / "worker.log")
    try:
        browser = Browser(port)

        def answers():
            try:
                return browser.request("GET", "/")[0] == 200
            except OSError:
                browser.connection = None
                return False

        wait_for(answers, "the server")
        browser.login()
        poller = Browser(port)
        poller.cookies = browser.cookies
        time.sleep(3)  # the worker has started and its queue has gone idle (it polls at its slowest)
        running, first_card, per_card = [], [], []
        for _ in range(decks):
            started, job_path = browser.start_deck()
            wait_for(lambda: poller.status(job_path)["state"] != "wachtrij", "the job to start")
            running.append(time.perf_counter() - started)
            wait_for(lambda: poller.status(job_path)["done"] >= 1, "the first step")  # the cover; now "kaart 1 van 17"
            first_card.append(time.perf_counter() - started)
            wait_for(lambda: poller.status(job_path)["finished"], "the deck")
            assert poller.status(job_path)["state"] == "klaar"
            per_card.append((time.perf_counter() - started) / CARDS)
            time.sleep(3)  # idle again before the next
        page_latencies(browser, 5)  # warm
        idle = page_latencies(browser, 40)
        jobs = [browser.start_deck()[1] for _ in range(3)]
        wait_for(lambda: all(poller.status(job)["state"] == "bezig" for job in jobs), "three decks to run")
        building = lambda: not all(poller.status(job)["finished"] for job in jobs)  # noqa: E731
        loaded = page_latencies(browser, 40, building)
        wait_for(lambda: all(poller.status(job)["finished"] for job in jobs), "three decks")
        return {"running": running, "first_card": first_card, "per_card": per_card, "idle": idle, "loaded": loaded}
    finally:
        stop(worker)
        stop(server)


def write_section(result: dict, decks: int) -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    idle_p50, idle_p95 = percentile(result["idle"], 0.5), percentile(result["idle"], 0.95)
    busy_p50, busy_p95 = percentile(result["loaded"], 0.5), percentile(result["loaded"], 0.95)
    ms = lambda seconds: f"{1000 * seconds:.0f}"  # noqa: E731
    lines = [
        START,
        "## Decks as background jobs (`benchmarks/bench_jobs.py`)",
        "",
        f"Machine: {os.cpu_count()} cores, {cpu_model()}; Python {platform.python_version()}; load average "
        f"{load:.1f}. `vertelpunt serve --no-worker` (gunicorn, 1 worker, 8 threads) and `vertelpunt worker "
        f"--workers 3` as separate processes, SQLite database and SQLite queue; a deck of {CARDS} cards (PDF), "
        f"{decks} time(s), each started from idle; requests over HTTP on 127.0.0.1.",
        "",
        "| measure | value | target |",
        "|---|---:|---|",
        f"| button to the page showing the job running (ms, median) | {ms(statistics.median(result['running']))} | |",
        f"| button to the first step done, the page showing \"1 van {CARDS + 1}: kaart 1 van {CARDS}\" (ms, median) | "
        f"{ms(statistics.median(result['first_card']))} | under 1000 |",
        f"| deck time per card (ms, mean) | {ms(statistics.mean(result['per_card']))} | |",
        f"| card list page, idle: p50 / p95 (ms) | {idle_p50:.0f} / {idle_p95:.0f} | |",
        f"| card list page while three decks build: p50 / p95 (ms) | {busy_p50:.0f} / {busy_p95:.0f} | |",
        f"| p95 while three decks build / p95 idle | {busy_p95 / idle_p95:.2f}x | at most 2x |",
        "",
        f"{len(result['idle'])} idle and {len(result['loaded'])} loaded requests. Before jobs, the same deck was "
        "made inside the request that asked for it, holding a server thread for the whole time (22 s for two "
        "cards on a busy machine, issue 16).",
        END,
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="one deck for the timings, and write nothing")
    args = parser.parse_args()
    decks = 1 if args.quick else 3
    result = measure(decks)
    section = write_section(result, decks)
    print(section)
    if not args.quick:
        update_section(START, END, section)


if __name__ == "__main__":
    main()
