"""Static SVG charts from chart descriptions, for print and PDF (WeasyPrint): no script, no external
references, inline presentation attributes only. Every chart has a <title> and a one-line <desc> with the
numbers, so a screen reader or a PDF text layer carries the same information as the picture.
"""
from __future__ import annotations

import math
from xml.sax.saxutils import escape

from analysis.charts import HIDDEN_GREY, PALETTE, hidden_share, segment_text
from analysis.disclosure import bins_note, hidden_note, segments_note, threshold_of

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
INK, MUTED, GRID = "#1a1a1a", "#595959", "#d9d9d9"


def _e(text) -> str:
    return escape(str(text), {'"': "&quot;"})


def _n(value, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}".replace(".", ",") if digits else f"{value:.0f}"


def _short(text: str, limit: int) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _txt(x, y, text, *, size=12, anchor="start", fill=INK, weight=None, baseline=None, rotate=None) -> str:
    extra = f' font-weight="{weight}"' if weight else ""
    extra += f' dominant-baseline="{baseline}"' if baseline else ""
    extra += f' transform="rotate({rotate} {x:.1f} {y:.1f})"' if rotate else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"{extra}>'
            f"{_e(text)}</text>")


def _line(x1, y1, x2, y2, stroke=MUTED, width=1) -> str:
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}" stroke-width="{width}"/>'


def _rect(x, y, w, h, fill, opacity=None) -> str:
    extra = f' fill-opacity="{opacity}"' if opacity is not None else ""
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" fill="{fill}"{extra}/>'


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    return next(step * magnitude for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if step * magnitude >= value)


def _document(width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'role="img" font-family="{_e(FONT)}"><title>{_e(title)}</title><desc>{_e(desc)}</desc>'
            f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>' + "".join(body) + "</svg>")


def to_svg(spec: dict, *, width: int = 640, height: int = 320) -> str:
    """A standalone SVG document for a chart description.

    ``height`` is the height of one plot: grouped histograms stack one panel per group (taller), bar
    and stacked charts take the height their rows need.

    Parameters
    ----------
    spec : dict
        A chart description (:mod:`analysis.chartspec`).
    width, height : int
        Size of the drawing (``height`` of one plot).

    Returns
    -------
    str
        The SVG document.

    Raises
    ------
    ValueError
        For an unknown chart kind.
    """
    builder = {"histogram": _histogram, "bars": _bars, "stacked": _stacked, "ternary": _ternary, "heatmap": _heatmap}
    if spec.get("kind") not in builder:
        raise ValueError(f"onbekend soort grafiek: {spec.get('kind')!r}")
    return builder[spec["kind"]](spec, width, height)


#: From this many groups on a histogram is drawn as strips (:mod:`analysis.svg_strips`).
STRIPS_FROM = 5


def _histogram(spec: dict, width: int, height: int) -> str:
    """One panel per group; with four groups the panels stand in two columns, so a card stays wide enough to
    read when it is printed at a fixed height; from five on, one strip per group."""
    shown = [g for g in spec["groups"] if not g["suppressed"] and g["counts"] is not None]
    if len(shown) >= STRIPS_FROM:
        import sys

        from analysis.svg_strips import strips

        return strips(spec, width, sys.modules[__name__])
    min_group = threshold_of(spec)
    hidden = "; ".join(note for note in (hidden_note(spec["groups"], min_group), bins_note(spec["groups"], min_group))
                       if note)
    share = len(spec["groups"]) > 1
    edges = spec["edges"]
    left, right, panel_gap, column_gap = 56, 16, 22, 40
    columns = 2 if len(shown) >= 4 else 1
    rows = -(-len(shown) // columns) if shown else 0
    panel = (height - 70) if len(shown) <= 1 else 120
    total_height = max(height, 30 + rows * (panel + panel_gap + 14) + 36 + (18 if hidden else 0))
    body = []
    plot_w = (width - left - right - column_gap * (columns - 1)) / columns
    lo, hi = edges[0], edges[-1]
    y = 16
    def heights(group: dict) -> list[float]:  # a hidden bin is drawn empty, like every bin under the threshold
        n = group["n"] or 0
        return [0 if c is None else 100 * c / n if n else 0 for c in group["counts"]] if share \
            else [c or 0 for c in group["counts"]]

    # Small multiples share one y-axis: a panel that ran to 30% next to one that ran to 20% would make the
    # same bar look different in each.
    top = _nice_max(max((max(heights(g), default=0) for g in shown), default=0))
    for index, group in enumerate(shown):
        column, row = index % columns, index // columns
        x_left = left + column * (plot_w + column_gap)
        top_y = 16 + row * (panel + panel_gap + 14)
        n = group["n"] or 0
        values = heights(group)
        if share or len(shown) > 1:
            # As many characters as the panel is wide (about 6.6 px per character at 12 px): a title is cut only
            # when it would run into the next panel.
            body.append(_txt(x_left, top_y + 4, _short(f"{group['label']} (n = {n})", int(plot_w / 6.6)), size=12,
                             weight="bold"))
            top_y += 14
        base = top_y + panel - 14
        for tick in (0, top / 2, top):
            ty = base - (panel - 14) * tick / top
            body.append(_line(x_left, ty, x_left + plot_w, ty, GRID))
            body.append(_txt(x_left - 6, ty + 4, f"{tick:g}" + ("%" if share else ""), size=10, anchor="end",
                             fill=MUTED))
        for (a, b), value in zip(zip(edges[:-1], edges[1:]), values):
            x0 = x_left + plot_w * (a - lo) / (hi - lo)
            w = plot_w * (b - a) / (hi - lo)
            h = (panel - 14) * value / top
            body.append(_rect(x0 + 1, base - h, w - 2, h, PALETTE[index % len(PALETTE)]))
        body.append(_line(x_left, base, x_left + plot_w, base, INK))
        for tick in edges[::2] if len(edges) > 6 else edges:
            tx = x_left + plot_w * (tick - lo) / (hi - lo)
            body.append(_line(tx, base, tx, base + 4, INK))
            body.append(_txt(tx, base + 15, f"{tick:g}", size=10, anchor="middle", fill=MUTED))
        y = max(y, base + panel_gap + 8)
    plot_w = width - left - right
    poles = f" (0 = {spec['left']}, 100 = {spec['right']})" if spec.get("left") and spec.get("right") else ""
    body.append(_txt(left + plot_w / 2, y + 8, _short(spec["x_label"] + poles, 95), anchor="middle"))
    body.append(_txt(14, 16 + (y - 16) / 2, "% van de groep" if share else "Aantal verhalen", size=11,
                     anchor="middle", fill=MUTED, rotate=-90))
    if hidden:
        body.append(_txt(left, y + 28, hidden, size=11, fill=MUTED))
    parts = [f"{g['label']}: n = {g['n']}, " + (f"gemiddeld {_n(g['mean'], 1)}" if g.get("mean") is not None
                                                 else f"mediaan {_n((g.get('shape') or {}).get('median'))}")
             for g in shown]
    desc = f"{spec['x_label']}. " + "; ".join(parts) + (f". {hidden}." if hidden else ".")
    return _document(width, total_height, spec["title"], desc, body)


def _bars(spec: dict, width: int, height: int) -> str:
    shown = [b for b in spec["bars"] if not b["suppressed"]]
    hidden = hidden_note(spec["bars"], threshold_of(spec))
    label_w, right, row = 210, 48, 26
    total_height = 30 + row * len(shown) + 50 + (18 if hidden else 0)  # sized to its bars
    plot_w = width - label_w - right
    top = _nice_max(max((b["n"] for b in shown), default=0))
    body = []
    y = 16
    base = y + row * len(shown)
    for tick in (0, top / 2, top):
        tx = label_w + plot_w * tick / top
        body.append(_line(tx, y, tx, base, GRID))
        body.append(_txt(tx, base + 15, f"{tick:g}", size=10, anchor="middle", fill=MUTED))
    for index, bar in enumerate(shown):
        ry = y + index * row
        w = plot_w * bar["n"] / top
        body.append(_txt(label_w - 8, ry + row / 2 + 4, _short(bar["label"], 34), size=11, anchor="end"))
        body.append(_rect(label_w, ry + 4, w, row - 8, PALETTE[0]))
        body.append(_txt(label_w + w + 4, ry + row / 2 + 4, str(bar["n"]), size=11))
    body.append(_line(label_w, y, label_w, base, INK))
    body.append(_txt(label_w + plot_w / 2, base + 34, f"Aantal verhalen (van {spec['total']})", anchor="middle"))
    if hidden:
        body.append(_txt(16, base + 52, hidden, size=11, fill=MUTED))
    desc = ", ".join(f"{b['label']}: {b['n']}" for b in shown) + f" (van {spec['total']} verhalen)."
    desc += f" {hidden}." if hidden else ""
    return _document(width, total_height, spec["title"], desc, body)


def _stacked(spec: dict, width: int, height: int) -> str:
    """Hidden segments are one grey part per group, as in :func:`analysis.charts._stacked`."""
    visible = [i for i, g in enumerate(spec["groups"]) if not g["suppressed"]]
    min_group = threshold_of(spec)
    hidden = "; ".join(note for note in (hidden_note(spec["groups"], min_group),
                                         segments_note(spec["groups"], spec["series"], min_group)) if note)
    rest = {i: hidden_share(spec, i) for i in visible}
    legend = [(series["label"], PALETTE[s_index % len(PALETTE)]) for s_index, series in enumerate(spec["series"])]
    if any(rest.values()):
        legend.append(("Niet getoond", HIDDEN_GREY))
    label_w, right, row = 170, 24, 30
    plot_w = width - label_w - right
    legend_rows = math.ceil(len(legend) / 2)
    total_height = 40 + row * len(visible) + 40 + 18 * (legend_rows + 1) + (18 if hidden else 0)
    body, y = [], 16
    base = y + row * len(visible)
    for tick in (0, 25, 50, 75, 100):
        tx = label_w + plot_w * tick / 100
        body.append(_line(tx, y, tx, base, GRID))
        body.append(_txt(tx, base + 15, f"{tick}%", size=10, anchor="middle", fill=MUTED))
    for row_index, i in enumerate(visible):
        group, ry, x = spec["groups"][i], y + row_index * row, label_w
        body.append(_txt(label_w - 8, ry + row / 2 + 4, _short(f"{group['label']} (n = {group['n']})", 30), size=11, anchor="end"))
        for s_index, series in enumerate(spec["series"]):
            if series["shares"][i] is None:
                continue
            w = plot_w * series["shares"][i]
            body.append(_rect(x, ry + 4, w, row - 8, PALETTE[s_index % len(PALETTE)]))
            x += w
        if rest[i]:
            body.append(_rect(x, ry + 4, plot_w * rest[i], row - 8, HIDDEN_GREY))
    body.append(_txt(label_w + plot_w / 2, base + 32, f"% binnen de groep ({spec['x_label']})", anchor="middle", size=11))
    ly = base + 52
    body.append(_txt(16, ly, _short(spec["legend_label"], 90), size=11, weight="bold"))
    for l_index, (label, colour) in enumerate(legend):
        col, line = l_index % 2, l_index // 2
        lx, lyy = 16 + col * (width / 2), ly + 18 * (line + 1)
        body.append(_rect(lx, lyy - 10, 12, 12, colour))
        body.append(_txt(lx + 18, lyy, _short(label, 40), size=11))
    if hidden:
        body.append(_txt(16, ly + 18 * (legend_rows + 1) + 4, hidden, size=11, fill=MUTED))
    parts = []
    for i in visible:
        shares = ", ".join(f"{s['label']} {segment_text(s, i, min_group)}" if s["shares"][i] is None
                           else f"{s['label']} {100 * s['shares'][i]:.0f}%" for s in spec["series"])
        parts.append(f"{spec['groups'][i]['label']} (n = {spec['groups'][i]['n']}): {shares}")
    desc = "; ".join(parts) + "." + (f" {hidden}." if hidden else "")
    return _document(width, total_height, spec["title"], desc, body)


def _ternary(spec: dict, width: int, height: int) -> str:
    side = min(width - 160, (height - 60) * 2 / math.sqrt(3))
    tri_h = side * math.sqrt(3) / 2
    ax, ay = width / 2, 28 + (height - 60 - tri_h) / 2
    corners = [(ax, ay), (ax - side / 2, ay + tri_h), (ax + side / 2, ay + tri_h)]

    def point(shares):
        return (sum(s * c[0] for s, c in zip(shares, corners)), sum(s * c[1] for s, c in zip(shares, corners)))

    body = []
    for level in (0.2, 0.4, 0.6, 0.8):  # grid: lines of equal share for each corner
        for k in range(3):
            ends = []
            for other in ((k + 1) % 3, (k + 2) % 3):
                shares = [0.0, 0.0, 0.0]
                shares[k], shares[other] = level, 1 - level
                ends.append(point(shares))
            body.append(_line(*ends[0], *ends[1], GRID))
    outline = " ".join(f"{x:.1f},{y:.1f}" for x, y in corners)
    body.append(f'<polygon points="{outline}" fill="none" stroke="{INK}" stroke-width="1"/>')
    for x, y in (point(p) for p in spec["points"]):
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{PALETTE[0]}" fill-opacity="0.35"/>')
    if spec["n"] and None not in spec["means"]:
        mx, my = point(spec["means"])
        body.append(f'<polygon points="{mx:.1f},{my - 7:.1f} {mx + 7:.1f},{my:.1f} {mx:.1f},{my + 7:.1f} {mx - 7:.1f},{my:.1f}" '
                    f'fill="{PALETTE[5]}" stroke="{INK}" stroke-width="1"/>')
    labels = spec["corners"]
    body.append(_txt(corners[0][0], corners[0][1] - 10, _short(labels[0], 50), anchor="middle", weight="bold"))
    body.append(_txt(corners[1][0], corners[1][1] + 20, _short(labels[1], 40), anchor="middle", weight="bold"))
    body.append(_txt(corners[2][0], corners[2][1] + 20, _short(labels[2], 40), anchor="middle", weight="bold"))
    body.append(_txt(12, 16, f"n = {spec['n']}; ◆ = gemiddelde", size=10, fill=MUTED))
    means = ", ".join(f"{label} {100 * m:.0f}%" for label, m in zip(labels, spec["means"]) if m is not None)
    desc = f"{spec['n']} verhalen" + (f"; gemiddeld: {means}." if means else ".")
    return _document(width, height, spec["title"], desc, body)


def _heatmap(spec: dict, width: int, height: int) -> str:
    counts = spec["counts"]
    rows, cols = len(counts), len(counts[0]) if counts else 0
    left, bottom, top_margin = 64, 48, 16
    size = min((width - left - 150) / max(cols, 1), (height - bottom - top_margin) / max(rows, 1))
    plot_w, plot_h = size * cols, size * rows
    peak = max((c for row in counts for c in row if c is not None), default=0) or 1
    body = []
    for r, row in enumerate(counts):  # row 0 = lowest y bin, drawn at the bottom
        y = top_margin + plot_h - (r + 1) * size
        for c, count in enumerate(row):
            if count is None:
                continue
            level = round(245 - 200 * count / peak)
            fill = f"#{level:02x}{level:02x}{level:02x}"
            body.append(_rect(left + c * size + 0.5, y + 0.5, size - 1, size - 1, fill))
            if count and size >= 16:
                body.append(_txt(left + (c + 0.5) * size, y + size / 2 + 3.5, str(count), size=9, anchor="middle",
                                 fill="#ffffff" if level < 140 else INK))
    body.append(f'<rect x="{left}" y="{top_margin}" width="{plot_w:.1f}" height="{plot_h:.1f}" fill="none" stroke="{INK}"/>')
    xe, ye = spec["x_edges"], spec["y_edges"]
    for i in range(0, len(xe), 2):
        tx = left + plot_w * (xe[i] - xe[0]) / (xe[-1] - xe[0])
        body.append(_txt(tx, top_margin + plot_h + 14, f"{xe[i]:g}", size=10, anchor="middle", fill=MUTED))
    for i in range(0, len(ye), 2):
        ty = top_margin + plot_h - plot_h * (ye[i] - ye[0]) / (ye[-1] - ye[0])
        body.append(_txt(left - 6, ty + 3.5, f"{ye[i]:g}", size=10, anchor="end", fill=MUTED))
    body.append(_txt(left + plot_w / 2, top_margin + plot_h + 34, _short(spec["x_label"], 60), anchor="middle", size=11))
    body.append(_txt(16, top_margin + plot_h / 2, _short(spec["y_label"], 40), anchor="middle", size=11, rotate=-90))
    notes = [f"n = {spec['n']}", f"rho = {_n(spec['rho'], 2)}", "donkerder = meer verhalen"]
    if any(cell is None for row in counts for cell in row):
        notes.append("leeg vakje = niet getoond (kleine groepen beschermd)")
    for i, note in enumerate(notes):
        body.append(_txt(left + plot_w + 16, top_margin + 14 + 18 * i, note, size=11, fill=MUTED if i > 1 else INK))
    desc = (f"{spec['x_label']} tegen {spec['y_label']}: {spec['n']} verhalen, Spearman rho = {_n(spec['rho'], 2)}.")
    return _document(width, height, spec["title"], desc, body)
