"""Benchmark start-up: `vertelpunt --help` and `vertelpunt regions` against `python -c "import flask, sqlalchemy"`.

Each command runs as a whole new process, several times, interleaved so a slow moment of the machine
hits all three alike. Wall time is measured around the process; CPU time (user + system) of the child
comes from ``os.wait4``. The ratio is each command's median wall time over the baseline's. `regions` runs
against a fresh, migrated SQLite instance. The CLI runs from this checkout (not whatever copy is
installed). Results are written to docs/benchmarks.md between the markers of this benchmark.

    python benchmarks/bench_startup.py           # 15 runs of each
    python benchmarks/bench_startup.py --quick   # 5 runs, no docs write (CI)
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
from results_file import cpu_model, update_section  # noqa: E402 (benchmarks/ is on sys.path)

RESULTS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench_startup:start -->", "<!-- bench_startup:end -->"
CLI = "from vertelpunt.cli import main; main()"
COMMANDS = {
    "baseline": ("python -c \"import flask, sqlalchemy\"", ["-c", "import flask, sqlalchemy"]),
    "help": ("vertelpunt --help", ["-c", CLI, "--help"]),
    "regions": ("vertelpunt regions", ["-c", CLI, "regions"]),
}
TARGET_RATIO = 2.0


def run_once(args: list[str], env: dict) -> tuple[float, float]:
    """Wall and CPU seconds of one process, which must succeed."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode()
    process.stderr.close()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {error}")
    return wall, usage.ru_utime + usage.ru_stime


def measure(runs: int) -> dict:
    with tempfile.TemporaryDirectory() as instance:
        env = {key: value for key, value in os.environ.items() if not key.startswith("VERTELPUNT_")}
        env.update(VERTELPUNT_INSTANCE_PATH=instance, PYTHONPATH=str(ROOT))
        run_once(["-c", CLI, "db", "upgrade"], env)
        samples = {name: [] for name in COMMANDS}
        for name, (_, args) in COMMANDS.items():  # one warm-up each: the OS file cache, .pyc files
            run_once(args, env)
        for _ in range(runs):
            for name, (_, args) in COMMANDS.items():
                samples[name].append(run_once(args, env))
    rows = {}
    for name, values in samples.items():
        rows[name] = {"wall": statistics.median(w for w, _ in values), "cpu": statistics.median(c for _, c in values)}
    for row in rows.values():
        row["ratio"] = row["wall"] / rows["baseline"]["wall"]
    return rows


def table(rows: dict) -> list[str]:
    lines = ["| command | median wall (ms) | median CPU (ms) | x baseline |", "|---|---:|---:|---:|"]
    for name, row in rows.items():
        lines.append(f"| `{COMMANDS[name][0]}` | {row['wall'] * 1000:.0f} | {row['cpu'] * 1000:.0f} | {row['ratio']:.2f} |")
    return lines


def too_slow(rows: dict) -> list[str]:
    return [COMMANDS[name][0] for name in ("help", "regions") if rows[name]["ratio"] > TARGET_RATIO]


def verdict(rows: dict) -> str:
    slow = too_slow(rows)
    return "met" if not slow else f"not met by {', '.join(f'`{name}`' for name in slow)}"


def write_section(rows: dict, runs: int) -> str:
    lines = [
        START,
        "## Start-up (`benchmarks/bench_startup.py`)",
        "",
        f"Machine: {os.cpu_count()} cores, {cpu_model()}; Python {platform.python_version()}. Each command is a new "
        f"process, {runs} runs each, interleaved; the median wall time, and the median CPU time (user + system) of "
        "the child. *Baseline* only imports Flask and SQLAlchemy, which every command needs; `regions` reads a "
        "migrated SQLite database. The last column is the median wall time over the baseline's, in the same run.",
        "",
        *table(rows),
        "",
        f"Target: `vertelpunt --help` and `vertelpunt regions` at most {TARGET_RATIO:.0f}x the baseline "
        f"({verdict(rows)}). "
        "scipy, scikit-learn, WeasyPrint and plotly load only in the commands and pages that use them "
        "(`tests/test_startup.py` checks that).",
        END,
    ]
    return "\n".join(lines)


def update_results(section: str) -> None:
    update_section(START, END, section, RESULTS)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="5 runs of each, and no write to docs/benchmarks.md")
    parser.add_argument("--runs", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    runs = args.runs or (5 if args.quick else 15)
    rows = measure(runs)
    print("\n".join(table(rows)))
    print(f"target of {TARGET_RATIO:.0f}x the baseline: {verdict(rows)}")
    if not args.quick:
        update_results(write_section(rows, runs))


if __name__ == "__main__":
    main()
