"""docs/benchmarks.md: each benchmark owns one section between its own start and end markers, and says which
machine its numbers come from."""
from __future__ import annotations

import platform
from pathlib import Path

RESULTS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
HEADER = "# Benchmarks\n\nWritten by the scripts in benchmarks/.\n"


def update_section(start: str, end: str, section: str, results: Path = RESULTS) -> None:
    """Replace the text from ``start`` to ``end`` (both markers included in ``section``), or append it."""
    text = results.read_text(encoding="utf-8") if results.exists() else HEADER
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    results.parent.mkdir(exist_ok=True)
    results.write_text(text, encoding="utf-8")


def cpu_model() -> str:
    """The processor's name, for the machine line of a section: numbers from another machine do not compare."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"
