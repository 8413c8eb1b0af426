"""A pattern scan as a plain-text table for the terminal."""
from __future__ import annotations

from analysis.patterns import ScanResult


def _p(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.1e}" if value < 0.001 else f"{value:.3f}"


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def format_table(result: ScanResult, limit: int = 25) -> str:
    lines = [f"{'#':>3}  {'vragen':<34} {'toets':<15} {'stat':>8} {'p':>8} {'q':>8} {'effect':>14} "
             f"{'95%-interval':>15} {'r':>5} {'n':>6} {'bev.':>5}  beschrijving"]
    for rank, pattern in enumerate(result.patterns[:limit], start=1):
        mark = "*" if pattern.notable else " "
        pair = f"{pattern.a} x {pattern.b}"[:34]
        effect = f"{pattern.effect_size:+.3f} {pattern.effect_class[:6]}"
        interval = "-" if pattern.effect_low is None else f"{pattern.effect_low:+.3f}..{pattern.effect_high:+.3f}"
        confirmed = "-" if pattern.confirmed is None else f"{pattern.confirmed}/{pattern.confirm_splits}"
        explained = f" [verklaard door {', '.join(pattern.explained_by_labels)}]" if pattern.explained_by else ""
        trend = pattern.trend or {}
        if trend.get("notable"):
            explained += f" [trend langs de volgorde: rho {trend['rho']:+.2f}, q {_p(trend['qvalue'])}]"
        lines.append(f"{rank:>3}{mark} {pair:<34} {pattern.test[:15]:<15} {_number(pattern.statistic):>8} {_p(pattern.pvalue):>8} "
                     f"{_p(pattern.qvalue):>8} {effect:>14} {interval:>15} {_number(pattern.strength):>5} {pattern.n:>6} "
                     f"{confirmed:>5}  {pattern.description}{explained}")
    lines.append("")
    lines.append(f"{len(result.notable)} opvallende patronen (*: q < {result.options.alpha} en effect minstens klein) "
                 f"van {result.tested} getoetste paren, {result.n_stories} verhalen.")
    lines.append("bev.: in hoeveel splitsingen in twee helften het patroon in de ene helft gevonden en in de andere "
                 "bevestigd werd; verklaard door: binnen die groepen verdwijnt het (docs/patterns.md).")
    lines.extend(f"Vorm: {note}" for note in result.notes)
    return "\n".join(lines)


def format_family(expected: list | None, power: dict | None, online: dict | None) -> str:
    """What a stored scan adds as part of its project's family: expected links, power, project-wide verdicts."""
    lines = []
    if expected:
        pairs = ", ".join(f"{a} x {b} ({item['source']})" for item in expected for a, b in [item["pair"]])
        lines.append(f"Verwachte verbanden (apart, niet bij de bevindingen): {pairs}.")
    if power:
        sizes = "; ".join(f"{e['shape']}: {e['effect_name']} {e['effect_size']:.3f}" for e in power["effects"])
        lines.append(f"Kleinste vindbaar effect (80% kans, alpha {power['alpha']} / {power['tests']} toetsen, "
                     f"n = {power['n']}): {sizes}.")
        if power["too_few"]:
            lines.append(f"Let op: met {power['n']} verhalen vindt de scan alleen sterke patronen; voor middelgrote "
                         f"zijn er ongeveer {power['minimum_n']} nodig.")
    if online:
        notable = sum(1 for item in online["patterns"].values() if item["notable"])
        lines.append(f"Over alle scans van het project ({online['procedure']}, scan {online['scan']} in de reeks, "
                     f"toetsen {online['tests_before'] + 1}-{online['tests_before'] + online['tests']}): "
                     f"{notable} opvallend.")
    return "\n".join(lines)
