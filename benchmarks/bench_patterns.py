"""Benchmark the pattern scan against a straightforward pandas + scipy loop over the same pairs.

Each size runs in its own process so its peak memory (ru_maxrss) is its own. Every time is measured as wall
time and as CPU time (user + system) of the process; ratios compare numbers of the same run. The machine is
shared, so CPU time is the steadier number. Results are written to docs/benchmarks.md between the markers of
this benchmark; other benchmarks keep their own sections.

    python benchmarks/bench_patterns.py           # 1,000 / 10,000 / 100,000 / 1,000,000 stories x 25 questions
    python benchmarks/bench_patterns.py --quick   # 1,000 / 10,000 (CI), nothing written

What is measured, per size (synthetic stories: benchmarks/synthetic.py, as a CSV export):

- *load*: ``AnswerTable.from_csv`` (the CSV path's strict reader, without story texts) against a plain
  ``pandas.read_csv`` of the same file; the fastest of five runs each (three at 1M), interleaved;
- *peak memory*: of the process after loading and scanning (before the plain read_csv and the baseline);
- *scan*: the full scan with its defaults: every pair tested, Benjamini-Hochberg, intervals, confirmation in
  10 split halves and the confounding check of every notable pattern (the faster of three runs; one at 1M);
- *baseline*: the same pairs the obvious way, a pandas groupby / crosstab and a scipy call per pair
  (not at 1M: it would take minutes);
- *end to end* (100,000 only): ``vertelpunt patterns --csv ... --json`` as a new process (start-up, load,
  scan with confirmation and confounding, JSON written) against a new process that does ``pandas.read_csv``
  and the per-pair loop on the columns it parses itself (:func:`plain_pipeline`); CPU time of each child.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
from results_file import cpu_model, update_section  # noqa: E402 (benchmarks/ is on sys.path)

RESULTS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench_patterns:start -->", "<!-- bench_patterns:end -->"
SIZES = (1_000, 10_000, 100_000, 1_000_000)
NO_BASELINE_FROM = 1_000_000
TARGETS = {"ratio": 10.0, "scan_100k": 2.0, "scan_1m": 20.0, "peak_1m_mb": 2048.0, "load_ratio": 1.0, "e2e_share": 0.25}


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(function, *args, **kwargs):
    """(result, wall seconds, CPU seconds) of one call."""
    wall, start = time.perf_counter(), cpu()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - wall, cpu() - start


def pair_loop(frame, pairs) -> int:
    """The obvious way: per pair a dropna, a groupby / crosstab and a scipy call."""
    import pandas as pd
    from scipy import stats

    tested = 0
    for first, first_kind, second, second_kind in pairs:
        pair = frame[[first, second]].dropna()
        if first_kind == "numeric" and second_kind == "category":
            groups = [g[first].to_numpy() for _, g in pair.groupby(second) if len(g) >= 5]
            if len(groups) == 2:
                stats.mannwhitneyu(*groups)
            elif len(groups) > 2:
                stats.kruskal(*groups)
        elif first_kind == "category":
            crosstab = pd.crosstab(pair[first], pair[second])
            if min(crosstab.shape) >= 2:
                stats.chi2_contingency(crosstab)
        else:
            stats.spearmanr(pair[first], pair[second])
        tested += 1
    return tested


def baseline(table) -> int:
    """The per-pair loop on a DataFrame of the table's own columns (the same pairs as the scan)."""
    import pandas as pd

    from analysis.patterns import _pairs
    from analysis.pair_kinds import resolve

    frame = pd.DataFrame({
        name: (col.values if col.kind == "numeric" else pd.Series(col.values).where(col.values >= 0))
        for name, col in table.columns.items()
    })
    pairs = [(f.name, f.kind, s.name, s.kind) for f, s in (resolve(a, b)[1:] for a, b in _pairs(table))]
    return pair_loop(frame, pairs)


def plain_pipeline(csv_path: str, form_path: str) -> int:
    """What an analyst without this library would run: read the CSV with pandas, make numbers, dummies and
    triad shares of its columns, and loop over the same kinds of pairs."""
    import pandas as pd
    import yaml

    form = yaml.safe_load(Path(form_path).read_text(encoding="utf-8"))
    frame = pd.read_csv(csv_path)
    frame = frame[frame["status"] == "published"]
    columns, kinds, questions = {}, {}, {}
    for name in ("role", "region"):
        columns[name], kinds[name], questions[name] = frame[name], "category", name
    columns["period"] = pd.to_datetime(frame["week"]).dt.to_period("Q").astype(str)
    kinds["period"], questions["period"] = "category", "period"
    for q in (q for m in form["modules"] for q in m["questions"]):
        key = q["key"]
        if q["type"] == "slider":
            columns[key], kinds[key] = pd.to_numeric(frame[key], errors="coerce"), "numeric"
            questions[key] = key
        elif q["type"] == "single_choice":
            columns[key], kinds[key], questions[key] = frame[key], "category", key
        elif q["type"] == "multi_choice":
            dummies = frame[key].fillna("").str.get_dummies(sep=";")
            for option in dummies.columns:
                name = f"{key}={option}"
                columns[name], kinds[name], questions[name] = dummies[option].where(frame[key].notna()), "category", key
        elif q["type"] == "triad":
            shares = frame[key].str.split(";", expand=True).astype(float)
            for i, corner in enumerate(q["corners"]):
                name = f"{key}.{corner['key']}"
                columns[name], kinds[name], questions[name] = shares[i] * 100, "numeric", key
    data = pd.DataFrame(columns)
    numeric = [c for c in data.columns if kinds[c] == "numeric"]
    categorical = [c for c in data.columns if kinds[c] == "category"]
    pairs = [(x, "numeric", c, "category") for x in numeric for c in categorical]
    pairs += [(a, "category", b, "category") for i, a in enumerate(categorical) for b in categorical[i + 1:]
              if questions[a] != questions[b]]
    pairs += [(a, "numeric", b, "numeric") for i, a in enumerate(numeric) for b in numeric[i + 1:]
              if questions[a] != questions[b]]
    return pair_loop(data, pairs)


def measure(n: int, workdir: Path) -> dict:
    import pandas as pd

    from analysis.data import AnswerTable
    from analysis.patterns import ScanOptions, scan
    from synthetic import synthetic_form

    path = workdir / f"stories-{n}.csv"
    if not path.exists():
        raise SystemExit(f"{path} is missing: main() writes it in a process of its own first")
    form = synthetic_form()
    # first the library alone (load + scan), so the peak memory is its own, not that of a plain read_csv
    table, wall, cpu_s = timed(AnswerTable.from_csv, path, form, texts=False)
    loads = [(cpu_s, wall)]
    runs = 1 if n >= NO_BASELINE_FROM else 3
    scans = []
    for _ in range(runs):
        result, wall, cpu_s = timed(scan, table, ScanOptions())
        scans.append((cpu_s, wall))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # the two loaders take turns, five times each below 1,000,000 stories (three above), and each keeps its
    # best: on a shared machine a single pair of timings differs by more than the loaders do
    reads, repeats = [], 3 if n >= NO_BASELINE_FROM else 5
    for _ in range(repeats):
        _, wall, cpu_s = timed(pd.read_csv, path)
        reads.append((cpu_s, wall))
        if len(loads) < repeats:
            _, wall, cpu_s = timed(AnswerTable.from_csv, path, form, texts=False)
            loads.append((cpu_s, wall))
    row = {"n": n, "rows": table.n, "pairs": result.tested, "notable": len(result.notable),
           "load_cpu": min(loads)[0], "load_wall": min(loads)[1], "read_csv_cpu": min(reads)[0],
           "read_csv_wall": min(reads)[1], "scan_cpu": min(scans)[0], "scan_wall": min(scans)[1], "peak_mb": peak_mb}
    if n < NO_BASELINE_FROM:
        _, wall, cpu_s = timed(baseline, table)
        row.update(baseline_cpu=cpu_s, baseline_wall=wall)
    return row


def child_cpu(command: list[str], env: dict) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of a new process running ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    subprocess.run(command, check=True, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, wall


def end_to_end(workdir: Path, n: int = 100_000) -> dict:
    from synthetic import synthetic_form_file, write_synthetic_csv

    path, form = workdir / f"stories-{n}.csv", workdir / "form.yaml"
    if not path.exists():
        write_synthetic_csv(path, n)
    synthetic_form_file(form)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("VERTELPUNT_")}, "PYTHONPATH": str(ROOT),
           "VERTELPUNT_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"}  # unreachable: never used
    ours = [sys.executable, "-c", "import sys\nfrom vertelpunt.cli import main\nsys.argv = ['vertelpunt', 'patterns', "
            f"'--csv', {str(path)!r}, '--form', {str(form)!r}, '--json', {str(workdir / 'scan.json')!r}]\nmain()"]
    plain = [sys.executable, __file__, "--plain", str(path), str(form)]
    runs = [(child_cpu(ours, env), child_cpu(plain, env)) for _ in range(2)]
    (ours_cpu, ours_wall), _ = min(runs, key=lambda r: r[0][0])
    _, (plain_cpu, plain_wall) = min(runs, key=lambda r: r[1][0])
    return {"n": n, "cli_cpu": ours_cpu, "cli_wall": ours_wall, "plain_cpu": plain_cpu, "plain_wall": plain_wall}


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def write_section(rows: list[dict], e2e: dict | None, load_average: float) -> str:
    lines = [
        START,
        "## Pattern scan (`benchmarks/bench_patterns.py`)",
        "",
        f"Machine: {os.cpu_count()} cores, {cpu_model()}; Python {platform.python_version()}; 1-minute load "
        f"average at the end {load_average:.1f} (the machine is shared with other work, so wall times vary; CPU "
        "time, user + system, is the steadier number). Synthetic stories x 25 questions (12 sliders, 6 single "
        "choices, 2 multiple choices with 5 options, a triad, role, region, period) as a CSV export, 2% of them "
        "hidden (the CSV path scans the published ones). *Load*: `AnswerTable.from_csv` (strict, no story texts) "
        "against `pandas.read_csv` of the same file. *Scan*: the full scan with its defaults, confirmation in 10 "
        "split halves and the confounding check included. *Baseline*: the same pairs the obvious way (pandas "
        "groupby/crosstab + a scipy call per pair) in the same process; ratio = baseline / scan.",
        "",
        "| stories | pairs | notable | load CPU s (wall) | read_csv CPU s (wall) | scan CPU s (wall) | baseline CPU s (wall) "
        "| ratio CPU (wall) | peak memory MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        base = (f"{r['baseline_cpu']:.2f} ({r['baseline_wall']:.2f})" if "baseline_cpu" in r else "-")
        ratio = (f"{r['baseline_cpu'] / r['scan_cpu']:.1f}x ({r['baseline_wall'] / r['scan_wall']:.1f}x)"
                 if "baseline_cpu" in r else "-")
        lines.append(f"| {r['n']:,} | {r['pairs']} | {r['notable']} | {r['load_cpu']:.2f} ({r['load_wall']:.2f}) | "
                     f"{r['read_csv_cpu']:.2f} ({r['read_csv_wall']:.2f}) | {r['scan_cpu']:.2f} ({r['scan_wall']:.2f}) | "
                     f"{base} | {ratio} | {r['peak_mb']:.0f} |")
    by_n = {r["n"]: r for r in rows}
    lines += ["", "| target | measured | |", "|---|---|---|"]
    if 100_000 in by_n:
        r = by_n[100_000]
        ratio = r["baseline_cpu"] / r["scan_cpu"]
        lines.append(f"| 100,000 x 25: scan at least {TARGETS['ratio']:.0f}x faster than the baseline (CPU) | "
                     f"{ratio:.1f}x (wall {r['baseline_wall'] / r['scan_wall']:.1f}x) | {_met(ratio >= TARGETS['ratio'])} |")
        lines.append(f"| 100,000 x 25: scan under {TARGETS['scan_100k']:.0f} s | {r['scan_wall']:.2f} s wall, "
                     f"{r['scan_cpu']:.2f} s CPU | {_met(r['scan_wall'] < TARGETS['scan_100k'])} |")
        load = r["load_cpu"] / r["read_csv_cpu"]
        lines.append(f"| loading the CSV no slower than pandas.read_csv (CPU) | {load:.2f} x read_csv "
                     f"(wall {r['load_wall'] / r['read_csv_wall']:.2f}) | {_met(load <= TARGETS['load_ratio'])} |")
    if 1_000_000 in by_n:
        r = by_n[1_000_000]
        lines.append(f"| 1,000,000: scan under {TARGETS['scan_1m']:.0f} s | {r['scan_wall']:.1f} s wall, "
                     f"{r['scan_cpu']:.1f} s CPU | {_met(r['scan_wall'] < TARGETS['scan_1m'])} |")
        lines.append(f"| 1,000,000: the scan's CPU time under {TARGETS['scan_1m']:.0f} s (its wall time on an otherwise "
                     f"idle core) | {r['scan_cpu']:.1f} s CPU | {_met(r['scan_cpu'] < TARGETS['scan_1m'])} |")
        lines.append(f"| 1,000,000: peak memory under 2 GB (load + scan) | {r['peak_mb']:.0f} MB | "
                     f"{_met(r['peak_mb'] < TARGETS['peak_1m_mb'])} |")
    if e2e:
        share = e2e["cli_cpu"] / e2e["plain_cpu"]
        lines.append(f"| end to end `vertelpunt patterns --csv` on 100,000: at most a quarter of the CPU time of "
                     f"read_csv + per-pair loop | {e2e['cli_cpu']:.2f} against {e2e['plain_cpu']:.2f} CPU s = "
                     f"{share:.2f} (wall {e2e['cli_wall']:.1f} s against {e2e['plain_wall']:.1f} s) | "
                     f"{_met(share <= TARGETS['e2e_share'])} |")
    lines.append(END)
    return "\n".join(lines)


def update_results(section: str) -> None:
    update_section(START, END, section, RESULTS)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="only 1,000 and 10,000 stories")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help="keep (and reuse) the generated CSV files in this folder")
    parser.add_argument("--plain", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--write", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.plain:
        plain_pipeline(*args.plain)
        return
    if args.one:
        print(json.dumps(measure(args.one, Path(args.workdir))))
        return
    if args.write:
        from synthetic import write_synthetic_csv

        write_synthetic_csv(Path(args.workdir) / f"stories-{args.write}.csv", args.write)
        return
    with (nullcontext(args.workdir) if args.workdir else tempfile.TemporaryDirectory(prefix="bench-patterns-")) as workdir:
        Path(workdir).mkdir(parents=True, exist_ok=True)
        rows = []
        for n in SIZES[:2] if args.quick else SIZES:
            if not (Path(workdir) / f"stories-{n}.csv").exists():
                # written in a process of its own: the generator's memory is not the peak of the scan's process
                subprocess.run([sys.executable, __file__, "--write", str(n), "--workdir", workdir], check=True)
            output = subprocess.run([sys.executable, __file__, "--one", str(n), "--workdir", workdir], check=True,
                                    capture_output=True, text=True)
            rows.append(json.loads(output.stdout.strip().splitlines()[-1]))
            r = rows[-1]
            base = f", baseline {r['baseline_cpu']:.2f} CPU s, ratio {r['baseline_cpu'] / r['scan_cpu']:.1f}x" \
                if "baseline_cpu" in r else ""
            print(f"{n:>9} stories: load {r['load_cpu']:.2f} CPU s (read_csv {r['read_csv_cpu']:.2f}), scan "
                  f"{r['scan_cpu']:.2f} CPU s / {r['scan_wall']:.2f} s{base}, peak {r['peak_mb']:.0f} MB", flush=True)
        e2e = None if args.quick else end_to_end(Path(workdir))
        if e2e:
            print(f"end to end: {e2e['cli_cpu']:.2f} CPU s against {e2e['plain_cpu']:.2f}", flush=True)
    if args.workdir:
        (Path(args.workdir) / "rows.json").write_text(json.dumps({"rows": rows, "e2e": e2e}), encoding="utf-8")
    section = write_section(rows, e2e, os.getloadavg()[0])
    if not args.quick:
        update_results(section)
    else:
        print(section)


if __name__ == "__main__":
    main()
