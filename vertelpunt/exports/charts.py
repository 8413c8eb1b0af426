"""The card's chart as static SVG markup, for pages that are printed or opened from disk.

Exports never run JavaScript, so the chart is drawn as inline SVG (WeasyPrint turns it into vector paths).
The library renderer ``analysis.svg.to_svg`` draws the card's chart spec; a card without a spec (or a
spec the renderer cannot draw) still gets a simple bar chart of the first number column of its table,
so an exported card is never without its picture.
"""
from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 320
BAR_COLOUR = "#1f5f8b"
INK = "#1a1a1a"


def chart_svg(content: dict) -> Markup:
    """Inline SVG for a card's ``content`` (empty markup when there is nothing to draw)."""
    spec = content.get("chart")
    if spec:
        try:
            from analysis.svg import to_svg
        except ImportError:  # the renderer is optional for older installs; fall back below
            to_svg = None
        if to_svg is not None:
            try:
                return Markup(to_svg(spec, width=WIDTH, height=HEIGHT))
            except (KeyError, TypeError, ValueError):
                pass
    return table_bars_svg(content)


def _fmt(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def table_bars_svg(content: dict) -> Markup:
    """Horizontal bars of the first number column of the card's statistics table (suppressed rows skipped)."""
    stats = content.get("stats") or {}
    header = stats.get("header") or []
    rows = [(row.get("label", ""), (row.get("cells") or [None])[0]) for row in stats.get("rows") or []
            if not row.get("suppressed") and isinstance((row.get("cells") or [None])[0], (int, float))]
    if not rows:
        return Markup("")
    title = str(content.get("description") or (header[1] if len(header) > 1 else "Grafiek"))
    axis = str(header[1]) if len(header) > 1 else "Waarde"
    top = max(max(abs(value) for _, value in rows), 1e-9)
    left, right, row_height = 190, 40, min(40, (HEIGHT - 70) // len(rows))
    height = 20 + row_height * len(rows) + 40
    scale = (WIDTH - left - right) / top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="card-chart" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="chart-title">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<line x1="{left}" y1="20" x2="{left}" y2="{20 + row_height * len(rows)}" stroke="{INK}" stroke-width="1"/>',
    ]
    for i, (label, value) in enumerate(rows):
        y = 20 + i * row_height
        width = max(abs(value) * scale, 1)
        parts.append(f'<text x="{left - 8}" y="{y + row_height * 0.62:.1f}" text-anchor="end" font-size="12" '
                     f'fill="{INK}">{escape(str(label)[:30])}</text>')
        parts.append(f'<rect x="{left}" y="{y + 4}" width="{width:.1f}" height="{row_height - 8}" fill="{BAR_COLOUR}"/>')
        parts.append(f'<text x="{left + width + 4:.1f}" y="{y + row_height * 0.62:.1f}" font-size="12" '
                     f'fill="{INK}">{_fmt(value)}</text>')
    parts.append(f'<text x="{left + (WIDTH - left - right) / 2:.0f}" y="{height - 12}" text-anchor="middle" '
                 f'font-size="12" fill="{INK}">{escape(axis)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
