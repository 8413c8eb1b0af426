"""What the two checks on notable patterns cost: confirmation in split halves and the confounding check.

Scans the synthetic tables of bench_patterns.py (25 questions) without the checks, then times each check on
its notable patterns and on the 40 patterns with the smallest p (as if notable: the synthetic data plants
only two relations) (wall and CPU seconds, best of ``--repeat``), with the numeric columns already sorted as
the scan leaves them. Prints only; bench_patterns.py owns docs/benchmarks.md.

    python benchmarks/bench_checks.py                 # 1,000 / 10,000 / 100,000 stories
    python benchmarks/bench_checks.py --sizes 1000000
"""
from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]



def timed(function, repeat: int) -> tuple[float, float]:
    """Best wall and CPU seconds of ``repeat`` calls (the machine is shared; the best is the least disturbed)."""
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        best_wall, best_cpu = min(best_wall, time.perf_counter() - wall), min(best_cpu, time.process_time() - cpu)
    return best_wall, best_cpu


def main() -> None:
    from analysis import patterns
    from analysis.data import AnswerTable
    from analysis.patterns import ScanOptions, scan
    from synthetic import synthetic_form, synthetic_records

    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    options = ScanOptions()
    for n in args.sizes:
        table = AnswerTable.from_records(synthetic_form(), synthetic_records(n))
        plain_options = ScanOptions(confirm_splits=0, strata=())
        result = scan(table, plain_options)  # warm up (imports)
        found = list(result.patterns)
        orders = patterns._Orders(table)
        for column in table.numeric():
            orders[column.name]  # sorted once, as in the scan itself
        scan_wall, scan_cpu = timed(lambda: scan(table, plain_options), args.repeat)
        print(f"{n:>9,} stories, {result.tested} tests: scan without checks {scan_wall:.3f} s ({scan_cpu:.3f} CPU-s)")
        # the checks on the scan's notable patterns, then as if the 40 strongest patterns were notable
        strongest = sorted(found, key=lambda p: p.pvalue)[:40]
        forced = [replace(p, notable=True) if p in strongest else p for p in found]
        for label, checked in (("its notable patterns", found), ("40 patterns", forced)):
            count = sum(p.notable for p in checked)
            confirm_wall, confirm_cpu = timed(lambda: patterns._with_confirmation(table, checked, options, orders), args.repeat)
            strata_wall, strata_cpu = timed(lambda: patterns._with_confounding(table, checked, options, orders, ()), args.repeat)
            print(f"    on {label} ({count}): confirmation ({options.confirm_splits} splits) {confirm_wall:.3f} s "
                  f"({confirm_cpu:.3f} CPU-s, {1000 * confirm_cpu / count:.1f} ms each); confounding "
                  f"({len(options.strata)} stratifiers) {strata_wall:.3f} s ({strata_cpu:.3f} CPU-s, "
                  f"{1000 * strata_cpu / count:.1f} ms each)")


if __name__ == "__main__":
    main()
