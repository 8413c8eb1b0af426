"""Benchmark what a hostile story POST costs the server, as a ratio to a normal story POST in the same run.

In-process with Flask's test client (no network, no other server threads), on a fresh SQLite database with the
national form. Each kind of request runs a number of times; the table shows the median wall time and the
median CPU time of this process (time.process_time) per request, and the CPU ratio to a normal story:

- *normal story*: a complete story of the national form (every question answered) that is stored;
- *150,000 fields*: 1.4 MB of tiny fields, sent chunked (no Content-Length, as a WSGI server passes on a
  chunked upload), so only the field count can stop it;
- *over the limit*: a normal story from a client that used up its story limit.

Results are written to docs/benchmarks.md between the markers of this benchmark.

    python benchmarks/bench_cheap_requests.py           # 20 of each, writes docs/benchmarks.md
    python benchmarks/bench_cheap_requests.py --quick   # 5 of each, writes nothing
"""
from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
from results_file import cpu_model, update_section  # noqa: E402 (benchmarks/ is on sys.path)

RESULTS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench_cheap:start -->", "<!-- bench_cheap:end -->"
NATIONAL_FORM = ROOT / "vertelpunt" / "data" / "forms" / "vertelpunt-landelijk.yaml"
STORY = ("We wachtten maanden op hulp voor onze zoon. Toen het eindelijk begon, luisterde de hulpverlener echt naar "
         "ons en maakten we samen een plan. Dat plan werkte, ook al ging niet alles meteen goed. ") * 3
HOSTILE_FIELDS = 150_000


def build_app():
    from vertelpunt import create_app
    from vertelpunt.db import get_session
    from vertelpunt.forms.services import import_definition, read_form_file
    from vertelpunt.geo.services import sync_regions
    from vertelpunt.migrations import upgrade
    from vertelpunt.projects.services import create_project

    folder = tempfile.mkdtemp(prefix="bench-cheap-")
    url = f"sqlite:///{folder}/bench.sqlite3"
    upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-" + "x" * 32, "INSTANCE_PATH": f"{folder}/instance",
                      "WTF_CSRF_ENABLED": False, "RATE_LIMIT_STORIES": (10**6, 3600), "LOG_FORMAT": "text"})
    with app.app_context():
        session = get_session()
        sync_regions(session, [{"key": "bench", "name": "Bench", "municipalities": [
            {"key": "benchstad", "name": "Benchstad"}]}])
        definition = read_form_file(NATIONAL_FORM)
        import_definition(session, definition)
        session.commit()
        create_project(session, "bench", "Bench", definition["key"], ("bench",))
        session.commit()
    return app


def normal_story(app, number: int) -> bytes:
    """The last page of a complete parent story: every answer carried along, as the browser sends it."""
    from vertelpunt.collect.steps import build_steps
    from vertelpunt.db import get_session
    from vertelpunt.forms.snapshot import form_spec
    from vertelpunt.projects.services import get_project
    from vertelpunt.stories.services import questions_for

    with app.app_context():
        form = form_spec(get_project(get_session(), "bench").form)
        steps = build_steps(form, "parent")
        fields = [("submission", f"bench-{number}"), ("step", str(len(steps) - 1)), ("nav", "submit"),
                  ("prompt", "moment"), ("title", "Eindelijk hulp"), ("text", STORY)]
        for question in questions_for(form, "parent"):
            name = f"q_{question.key}"
            if question.type == "slider":
                fields += [(name, "70"), (f"{name}__state", "answer")]
            elif question.type in ("single_choice", "multi_choice"):
                fields.append((name, question.options[0].key))
            elif question.type == "triad":
                fields += [(f"{name}__a", "50"), (f"{name}__b", "25"), (f"{name}__c", "25")]
            elif question.type == "place":
                fields.append((name, "benchstad"))
            else:
                fields.append((name, "Goed"))
    return urlencode(fields).encode()


def hostile_body() -> bytes:
    return "&".join(f"f{i}=x" for i in range(HOSTILE_FIELDS)).encode() + b"&text=hallo&step=3&nav=submit"


def post(client, body: bytes, address: str) -> tuple[int, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.post("/v/bench/vertel/parent", input_stream=io.BytesIO(body),
                           content_type="application/x-www-form-urlencoded", headers={"Transfer-Encoding": "chunked"},
                           environ_overrides={"wsgi.input_terminated": True}, environ_base={"REMOTE_ADDR": address})
    response.close()
    return response.status_code, time.perf_counter() - wall, time.process_time() - cpu


def measure(repeat: int) -> list[dict]:
    import logging

    from vertelpunt.limits.registry import limiter

    logging.disable(logging.INFO)  # the request log line is not what is measured
    app = build_app()
    client = app.test_client()
    hostile = hostile_body()
    with app.app_context():
        app.config["RATE_LIMIT_STORIES"] = (1, 3600)
        limiter("story").hit("10.9.9.9")  # this client has used up its allowance
        app.config["RATE_LIMIT_STORIES"] = (10**6, 3600)
    kinds = {
        "normal story": lambda i: (normal_story(app, i), "10.0.0.1"),
        f"{HOSTILE_FIELDS:,} fields ({len(hostile) / 1e6:.1f} MB, chunked)": lambda i: (hostile, "10.0.0.2"),
        "normal story, client over the limit": lambda i: (normal_story(app, 10_000 + i), "10.9.9.9"),
    }
    rows = []
    for label, make in kinds.items():
        if label.startswith("normal story, client"):
            app.config["RATE_LIMIT_STORIES"] = (1, 3600)
        bodies = [make(i) for i in range(repeat)]
        results = [post(client, body, address) for body, address in bodies]
        rows.append({"kind": label, "status": sorted({r[0] for r in results}),
                     "wall_ms": statistics.median(r[1] for r in results) * 1000,
                     "cpu_ms": statistics.median(r[2] for r in results) * 1000})
    base = rows[0]["cpu_ms"] or 1e-6
    for row in rows:
        row["ratio"] = row["cpu_ms"] / base
    return rows


def write_section(rows: list[dict], repeat: int) -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        START,
        "## Cheap requests stay cheap (`benchmarks/bench_cheap_requests.py`)",
        "",
        f"Machine: {os.cpu_count()} cores, {cpu_model()}; Python {platform.python_version()}; load average "
        f"{load:.1f}. In-process (Flask test client), SQLite, the national form; median of {repeat} requests "
        "of each kind. CPU is this process's time (`time.process_time`); the ratio is CPU time / CPU time of a "
        "normal story in the same run.",
        "",
        "| request | answer | wall (ms) | CPU (ms) | CPU ratio to a normal story |",
        "|---|---|---:|---:|---:|",
    ]
    for r in rows:
        status = ", ".join(str(s) for s in r["status"])
        lines.append(f"| {r['kind']} | {status} | {r['wall_ms']:.1f} | {r['cpu_ms']:.1f} | {r['ratio']:.2f}x |")
    lines += ["", "Target: a hostile or over-the-limit request costs no more than a normal story (ratio at most "
                  "1x); before the fix the 150,000-field request cost seconds.", END]
    return "\n".join(lines)


def update_results(section: str) -> None:
    update_section(START, END, section, RESULTS)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="5 requests of each kind, and write nothing")
    args = parser.parse_args()
    repeat = 5 if args.quick else 20
    rows = measure(repeat)
    for r in rows:
        print(f"{r['kind']:<48} {r['status']} wall {r['wall_ms']:8.1f} ms  cpu {r['cpu_ms']:8.1f} ms  "
              f"ratio {r['ratio']:.2f}x")
    section = write_section(rows, repeat)
    if args.quick:
        print(section)
    else:
        update_results(section)


if __name__ == "__main__":
    main()
