"""Benchmark the pattern scan against a straightforward pandas + scipy loop over the same pairs.

Each size runs in its own process so its peak memory (ru_maxrss) is its own. Results are written to
docs/benchmarks.md between the markers of this benchmark; other benchmarks keep their own sections.

    python benchmarks/bench_patterns.py           # 1,000 / 10,000 / 100,000 stories x 25 questions
    python benchmarks/bench_patterns.py --quick   # 1,000 / 10,000 (CI)
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
from results_file import update_section  # noqa: E402 (benchmarks/ is on sys.path)

RESULTS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench_patterns:start -->", "<!-- bench_patterns:end -->"


def baseline(table) -> int:
    """The obvious way: a DataFrame, and per pair a groupby / crosstab and a scipy call."""
    import pandas as pd
    from scipy import stats

    from analysis.patterns import _pairs

    frame = pd.DataFrame({
        name: (col.values if col.kind == "numeric" else pd.Series(col.values).where(col.values >= 0))
        for name, col in table.columns.items()
    })
    tested = 0
    for first, second in _pairs(table):
        pair = frame[[first.name, second.name]].dropna()
        if first.kind == "numeric" and second.kind == "category":
            groups = [g[first.name].to_numpy() for _, g in pair.groupby(second.name) if len(g) >= 5]
            if len(groups) == 2:
                stats.mannwhitneyu(*groups)
            elif len(groups) > 2:
                stats.kruskal(*groups)
        elif first.kind == "category":
            crosstab = pd.crosstab(pair[first.name], pair[second.name])
            if min(crosstab.shape) >= 2:
                stats.chi2_contingency(crosstab)
        else:
            stats.spearmanr(pair[first.name], pair[second.name])
        tested += 1
    return tested


def measure(n: int) -> dict:
    from analysis.data import AnswerTable
    from analysis.patterns import ScanOptions, scan
    from synthetic import synthetic_form, synthetic_records

    records = synthetic_records(n)
    started = time.perf_counter()
    table = AnswerTable.from_records(synthetic_form(), records)
    build = time.perf_counter() - started
    del records
    started = time.perf_counter()
    plain = scan(table, ScanOptions(confirm_splits=0))
    scan_seconds = time.perf_counter() - started
    started = time.perf_counter()
    full = scan(table, ScanOptions())
    full_seconds = time.perf_counter() - started
    started = time.perf_counter()
    pairs = baseline(table)
    baseline_seconds = time.perf_counter() - started
    return {"n": n, "build": build, "scan": scan_seconds, "scan_stability": full_seconds, "baseline": baseline_seconds,
            "pairs": plain.tested, "baseline_pairs": pairs, "notable": len(full.notable),
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def write_section(rows: list[dict]) -> str:
    lines = [
        START,
        "## Pattern scan (`benchmarks/bench_patterns.py`)",
        "",
        f"Machine: {os.cpu_count()} cores, {cpu_model()}; Python {platform.python_version()}. "
        "Synthetic stories x 25 questions (12 sliders, 6 single choices, 2 multiple choices with 5 options, "
        "a triad, role, region, period). *Scan* tests every pair once; *baseline* does the same pairs the "
        "straightforward way (pandas groupby/crosstab + scipy per pair) in the same run; the ratio is "
        "baseline / scan. *With stability* adds 50 half-splits for every notable pattern.",
        "",
        "| stories | pairs | build table (s) | scan (s) | with stability (s) | baseline (s) | ratio | peak memory (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(f"| {r['n']:,} | {r['pairs']} | {r['build']:.2f} | {r['scan']:.2f} | {r['scan_stability']:.2f} | "
                     f"{r['baseline']:.2f} | {r['baseline'] / r['scan']:.1f}x | {r['peak_mb']:.0f} |")
    lines += ["", "Targets: 100,000 x 25 under 10 s, at least 5x faster than the baseline, peak memory under 2 GB.", END]
    return "\n".join(lines)


def update_results(section: str) -> None:
    update_section(START, END, section, RESULTS)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="only 1,000 and 10,000 stories")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    rows = []
    for n in (1_000, 10_000) if args.quick else (1_000, 10_000, 100_000):
        output = subprocess.run([sys.executable, __file__, "--one", str(n)], check=True, capture_output=True, text=True)
        rows.append(json.loads(output.stdout.strip().splitlines()[-1]))
        r = rows[-1]
        print(f"{n:>7} stories: scan {r['scan']:.2f} s (with stability {r['scan_stability']:.2f} s), "
              f"baseline {r['baseline']:.2f} s, ratio {r['baseline'] / r['scan']:.1f}x, peak {r['peak_mb']:.0f} MB")
    section = write_section(rows)
    if not args.quick:
        update_results(section)
    else:
        print(section)


if __name__ == "__main__":
    main()
