"""Benchmark the analysts' pages at 1,000, 10,000 and 100,000 published stories, next to the landing page.

Each size is a demo database (``vertelpunt demo --stories``'s own loader, ``vertelpunt.demo.load.seed_demo``) with
one pattern scan and one observation card, built once and kept in ``instance/bench/pages-<n>.sqlite3`` (building
100,000 stories takes minutes; delete the file to build it again). The pages are requested in-process through
Flask's test client, logged in as an analyst (who sees small groups hidden, the usual case), after two warm-up
requests each (the first is reported as "first view"):

- the landing page ``/`` (the baseline: no data behind it),
- the dashboard ``/beheer/analyse/?project=demo`` (counts and one chart per question),
- a proposal that re-measures two questions, on its staff page and its public page,
- the story lists ``/beheer/analyse/verhalen`` (first page, one clicked bar, a search, page 200) and a story,
- the scan list and the scan page ``/beheer/patronen/<id>`` (the ranked patterns with their stored charts),
- the card list and a card page, the moderation queue, the themes page, proposals, sessions, jobs and the
  staff home: every staff page that lists or counts stories, so "no request over 1 s" is measured.

Wall time and this process's CPU time (``time.process_time``) per request, p50 and p95. The targets (issue 16):
the dashboard, story lists and scan page under 300 ms p95 at 100,000 published stories, and no request (first
views included) over 1 s. Results go to docs/benchmarks.md between this
benchmark's markers.

    python benchmarks/bench_pages.py                 # 1,000, 10,000 and 100,000 stories; writes docs/benchmarks.md
    python benchmarks/bench_pages.py --quick         # 1,000 stories only, writes nothing
    python benchmarks/bench_pages.py --sizes 10000   # chosen sizes, writes nothing
"""
from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
from results_file import cpu_model, update_section  # noqa: E402 (benchmarks/ is on sys.path)

RESULTS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench_pages:start -->", "<!-- bench_pages:end -->"
CACHE = ROOT / "instance" / "bench"
SIZES = (1_000, 10_000, 100_000)
ANALYST, PASSWORD = "analist@bench.vertelpunt.invalid", "bench-wachtwoord-lang-genoeg-42"
SECRET = "bench-pages-" + "x" * 32
TARGET_MS = 300
LIMIT_MS = 1000
JOB_TIMES: list[tuple] = []  # (stories, page, job kind, wall s, CPU s) of jobs that first views queued
SLOW_MS = 10_000  # a first view slower than this is not repeated, and the page is left out at larger sizes


def repeats_for(n: int) -> int:
    return 30 if n <= 1_000 else 20 if n <= 10_000 else 12


def database_for(n: int) -> str:
    """The cached database with ``n`` published stories, a scan and a card; built when missing."""
    from vertelpunt.migrations import upgrade

    CACHE.mkdir(parents=True, exist_ok=True)
    path, ready = CACHE / f"pages-{n}.sqlite3", CACHE / f"pages-{n}.ready"
    url = f"sqlite:///{path}"
    if ready.exists():
        upgrade(url)  # a cached file from before a new migration
        return url
    for leftover in CACHE.glob(f"pages-{n}.sqlite3*"):  # an unfinished build (with its -wal and -shm files)
        leftover.unlink()
    upgrade(url)
    started = time.perf_counter()
    _fill(url, n)
    ready.write_text(f"{n}\n")
    print(f"built {path.name} in {time.perf_counter() - started:.0f} s", flush=True)
    return url


def _fill(url: str, n: int) -> None:
    from vertelpunt import create_app
    from vertelpunt.accounts.services import create_user
    from vertelpunt.cards.drafting import create_card
    from vertelpunt.cards.runs import start_scan
    from vertelpunt.db import get_session
    from vertelpunt.demo.load import PENDING_SHARE, seed_demo
    from vertelpunt.insights.records import StoryFilter

    pending_every = max(int(1 / PENDING_SHARE), 1)
    total = math.ceil(n * pending_every / (pending_every - 1))  # every 33rd story waits for moderation
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET, "INSTANCE_PATH": str(CACHE / "instance")}, web=True)
    with app.app_context(), app.test_request_context():
        session = get_session()
        started = time.perf_counter()
        outcome = seed_demo(session, n=total)
        analyst = create_user(session, ANALYST, PASSWORD, "analyst", name="Bench")
        session.commit()
        print(f"  {total:,} stories in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        run = start_scan(session, outcome.project, StoryFilter(), analyst)
        session.commit()
        print(f"  scan in {time.perf_counter() - started:.0f} s", flush=True)
        from vertelpunt.cards.runs import ranked_patterns

        top = next(row for row in ranked_patterns(session, run, "notable"))
        create_card(session, run, top.key, analyst)
        session.commit()
    from vertelpunt.db import database

    database(app).engine.dispose()  # every connection closed: SQLite folds its write-ahead log into the file


def build_client(url: str):
    import logging

    from vertelpunt import create_app

    logging.disable(logging.INFO)  # the request log line is not what is measured
    from vertelpunt.warm_up import warm_up

    warm_up()  # what every server worker does in the background after it starts (vertelpunt/warm_up.py)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET, "INSTANCE_PATH": str(CACHE / "instance"),
                      "WTF_CSRF_ENABLED": False, "LOG_FORMAT": "text", "RATE_LIMIT_LOGIN": (10**6, 60)})
    client = app.test_client()
    response = client.post("/beheer/inloggen", data={"email": ANALYST, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return app, client


def ensure_scan_charts(app) -> None:
    """The scan's stored charts (the scan job draws them; a database cached before migration 0017 has none, and
    its first view would only start the job): drawn here as the job would, and timed."""
    from sqlalchemy import select

    from vertelpunt.cards import chart_cache
    from vertelpunt.db import get_session
    from vertelpunt.insights.scan_charts import current_charts
    from vertelpunt.models import PatternRun

    with app.app_context():
        session = get_session()
        run = session.scalar(select(PatternRun).order_by(PatternRun.id.desc()))
        if current_charts(session, run) is None:
            started = time.perf_counter()
            chart_cache.redraw(session, run)
            session.commit()
            print(f"  scan charts drawn (the scan_charts job's work) in {time.perf_counter() - started:.0f} s", flush=True)


def ensure_tallies(app) -> None:
    """The dashboard's running tallies (migration 0023): a database cached before them has none, and the worker's
    clean-up counts them once; done here as it would, and timed."""
    from vertelpunt.db import get_session
    from vertelpunt.insights.tallies import refresh_stale

    with app.app_context():
        session = get_session()
        started = time.perf_counter()
        if refresh_stale(session):
            session.commit()
            print(f"  answer tallies counted (the worker's clean-up) in {time.perf_counter() - started:.0f} s", flush=True)


def ensure_measured_proposal(app) -> int:
    """A chosen project-wide proposal that re-measures two sliders in Twente (proposals/measures.py), made once
    per cached database: its staff and public pages count every story of the project in SQL."""
    from sqlalchemy import select

    from vertelpunt.db import get_session
    from vertelpunt.models import Project, Proposal, User
    from vertelpunt.proposals.measures import MeasureInput, save_measure
    from vertelpunt.proposals.services import ProposalInput, Provenance, create_proposal
    from vertelpunt.proposals.status import change_status

    with app.app_context():
        session = get_session()
        found = session.scalar(select(Proposal.id).where(Proposal.title == "Bench: hermeting"))
        if found is not None:
            return found
        user = session.scalar(select(User).where(User.email == ANALYST))
        project = session.scalar(select(Project).where(Project.slug == "demo"))
        proposal = create_proposal(session, Provenance(project=project), ProposalInput(
            title="Bench: hermeting", seen="Gezien in de verhalen.", solution="Een oplossing.", owner_name="Bench",
            owner_organisation="Bench", due_on="2030-01-01", region=""), user)
        change_status(session, proposal, "chosen", user)
        save_measure(session, proposal, MeasureInput([("clarity", "higher"), ("on_time", "higher")], "2026-05-04",
                                                     ["twente"]), user)
        session.commit()
        return proposal.id


def page_urls(app) -> dict[str, str]:
    from sqlalchemy import select

    from vertelpunt.db import get_session
    from vertelpunt.models import ObservationCard, PatternRun, Story, StoryStatus

    with app.app_context():
        session = get_session()
        run_id = session.scalar(select(PatternRun.id).order_by(PatternRun.id.desc()))
        card_id = session.scalar(select(ObservationCard.id).order_by(ObservationCard.id.desc()))
        story = session.scalar(select(Story.public_id).where(Story.status == StoryStatus.PUBLISHED.value)
                               .order_by(Story.id.desc()).limit(1))
    measured = ensure_measured_proposal(app)
    return {
        "landing page (baseline)": "/",
        "staff home": "/beheer/",
        "dashboard": "/beheer/analyse/?project=demo",
        "dashboard, one region": "/beheer/analyse/?project=demo&region=twente",
        "dashboard, from a date": "/beheer/analyse/?project=demo&from=2026-04-06",
        "story list": "/beheer/analyse/verhalen?project=demo",
        "story list, one bar": "/beheer/analyse/verhalen?project=demo&question=role&group=parent",
        "story list, search": "/beheer/analyse/verhalen?project=demo&q=wachten",
        "story list, page 200": "/beheer/analyse/verhalen?project=demo&page=200",
        "story page": f"/beheer/analyse/verhalen/{story}",
        "scan list": "/beheer/patronen/",
        "scan page": f"/beheer/patronen/{run_id}",
        "card list": "/beheer/kaarten/",
        "card page": f"/beheer/kaarten/{card_id}",
        "moderation queue": "/beheer/moderatie/",
        "themes page": "/beheer/themas/",
        "proposals": "/beheer/voorstellen/",
        "proposal, re-measured": f"/beheer/voorstellen/{measured}",
        "public proposal, re-measured": f"/v/demo/opvolging/{measured}",
        "sessions": "/beheer/sessies/",
        "jobs": "/beheer/taken/",
    }


def run_queued_jobs(app, n: int, label: str) -> None:
    """Run the jobs a page view queued, as the worker would (vertelpunt.jobs.runner.run_job), and time them: the
    story page of a list over 2,000 stories asks a ``list_rule`` job for the list's small-group rule once, and
    shows every grouped label hidden until it is kept."""
    from sqlalchemy import select

    from vertelpunt.db import get_session
    from vertelpunt.jobs.runner import run_job
    from vertelpunt.models import Job, JobState

    with app.app_context():
        queued = [(job.id, job.kind) for job in get_session().scalars(
            select(Job).where(Job.state == JobState.QUEUED.value).order_by(Job.id))]
    for job_id, kind in queued:
        wall, cpu = time.perf_counter(), time.process_time()
        with app.app_context():
            run_job(job_id)
        print(f"{n:>7,} {label:<26} its {kind} job: {time.perf_counter() - wall:.1f} s wall, "
              f"{time.process_time() - cpu:.1f} s CPU (once, in the worker)", flush=True)
        JOB_TIMES.append((n, label, kind, time.perf_counter() - wall, time.process_time() - cpu))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def measure(n: int, too_slow: dict[str, tuple[int, float]]) -> list[dict]:
    """The rows of size ``n``. A page whose first view took over ``SLOW_MS`` is only viewed once, and left out
    at the larger sizes (``too_slow``: page -> the size and time that ruled it out; shown in the table)."""
    url = database_for(n)
    app, client = build_client(url)
    ensure_scan_charts(app)
    ensure_tallies(app)
    rows = []
    for label, path in page_urls(app).items():
        if label in too_slow:
            rows.append({"n": n, "page": label, "skipped": too_slow[label]})
            print(f"{n:>7,} {label:<26} left out: {too_slow[label][1] / 1000:.0f} s at {too_slow[label][0]:,}")
            continue
        first = time.perf_counter()
        assert client.get(path).status_code == 200, path  # the first view: nothing kept in memory yet
        first = (time.perf_counter() - first) * 1000
        run_queued_jobs(app, n, label)  # what the first view asked a worker to do (a list's kept rule)
        if first > SLOW_MS:
            too_slow[label] = (n, first)
            rows.append({"n": n, "page": label, "path": path, "repeat": 0, "first": first, "wall_max": first})
            print(f"{n:>7,} {label:<26} first view {first:7.0f} ms: too slow to repeat", flush=True)
            continue
        assert client.get(path).status_code == 200, path
        walls, cpus = [], []
        for _ in range(repeats_for(n)):
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            response.get_data()
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        rows.append({"n": n, "page": label, "path": path, "repeat": len(walls), "first": first,
                     "wall_p50": statistics.median(walls), "wall_max": max(walls), "wall_p95": percentile(walls, 0.95),
                     "cpu_p50": statistics.median(cpus), "cpu_p95": percentile(cpus, 0.95)})
        print(f"{n:>7,} {label:<26} wall p50 {rows[-1]['wall_p50']:7.1f} p95 {rows[-1]['wall_p95']:7.1f} ms   "
              f"cpu p50 {rows[-1]['cpu_p50']:7.1f} p95 {rows[-1]['cpu_p95']:7.1f} ms", flush=True)
    return rows


def write_section(rows: list[dict]) -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        START,
        "## Pages at 1,000 to 100,000 stories (`benchmarks/bench_pages.py`)",
        "",
        f"Machine: {os.cpu_count()} cores, {cpu_model()}; Python {platform.python_version()}; load average {load:.1f} "
        "at the end (the machine is shared, so wall times carry other work; CPU is this process's own time). "
        "In-process (Flask test client), SQLite, the demo generator's stories (n published, 1 in 33 more waiting "
        "for moderation), one scan and one card; logged in as an analyst. p50/p95 over the number of requests "
        f"shown, after two warm-up requests; the first of those is shown apart as the first view (nothing of the "
        "app kept in memory yet). The scan page shows the charts the scan stored with it (migration 0017); a scan "
        "from before that gets them from one scan_charts job, timed above the table when the bench ran it. "
        f"Targets: under {TARGET_MS} ms p95 at 100,000 stories; no request over {LIMIT_MS} ms.",
        "",
        "| stories | page | first view (ms) | requests | wall p50 (ms) | wall p95 (ms) | CPU p50 (ms) | CPU p95 (ms) | "
        f"p95 < {TARGET_MS} ms | all < {LIMIT_MS} ms |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in rows:
        if "skipped" in r:
            size, ms = r["skipped"]
            lines.append(f"| {r['n']:,} | {r['page']} | not measured: {ms / 1000:.0f} s at {size:,} stories | | | | | | no | no |")
            continue
        if not r["repeat"]:
            lines.append(f"| {r['n']:,} | {r['page']} | {r['first']:.0f} | 0 (too slow) | | | | | no | no |")
            continue
        met = "yes" if r["wall_p95"] < TARGET_MS else "no"
        bounded = "yes" if max(r["first"], r["wall_max"]) < LIMIT_MS else "no"
        lines.append(f"| {r['n']:,} | {r['page']} | {r['first']:.0f} | {r['repeat']} | {r['wall_p50']:.0f} | {r['wall_p95']:.0f} | "
                     f"{r['cpu_p50']:.0f} | {r['cpu_p95']:.0f} | {met} | {bounded} |")
    if JOB_TIMES:
        lines += ["", "Jobs that a first view queued, run once as the worker runs them (the page meanwhile shows what "
                  "it can without them):", ""]
        lines += [f"- {n:,} stories, {page}: `{kind}` {wall:.1f} s wall, {cpu:.1f} s CPU" for n, page, kind, wall, cpu in JOB_TIMES]
    lines.append(END)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="1,000 stories only, and write nothing")
    parser.add_argument("--sizes", type=int, nargs="+", help="these sizes only, and write nothing")
    args = parser.parse_args()
    sizes = (1_000,) if args.quick else tuple(args.sizes or SIZES)
    too_slow: dict[str, tuple[int, float]] = {}
    rows = [row for n in sizes for row in measure(n, too_slow)]
    section = write_section(rows)
    if args.quick or args.sizes:
        print(section)
    else:
        update_section(START, END, section, RESULTS)


if __name__ == "__main__":
    main()
