"""A histogram with many groups (five or more) as strips: one row per group, one shared x-axis and one shared
scale, for a printed card (issue 19.3).

Two columns of small panels shrink with every group: seven regions made a chart 700 px high that a card's
chart box (about 56 mm high on landscape A4) printed at under 3 pt. Strips keep the drawing wide and low, so
its text can be drawn larger and still print at 6 pt or more; the group's name stands left of its row, where
a reader looks for it, and is never cut.
"""
from __future__ import annotations

import itertools

from analysis.charts import PALETTE
from analysis.disclosure import bins_note, hidden_note, threshold_of

#: Sizes in SVG pixels of a 640-wide drawing; a card prints it about 100 mm wide (0.156 mm per pixel), so
#: LABEL (15 px) prints at about 6.6 pt and TICK (13 px) at about 5.7 pt.
LABEL, SMALL, TICK, ROW = 15, 12, 13, 38
# Average glyph width per pixel of font size, on the wide side (DejaVu Sans, WeasyPrint's fallback for
# system-ui), for a label's width: an estimate too small cut "Amsterdam-Amstelland" at the page's edge.
CHAR, BOLD = 0.6, 0.68


def text_width(text: str, size: float, bold: bool = False) -> float:
    """About how wide ``text`` is drawn at ``size`` px (for layout, and for the overlap tests).

    Parameters
    ----------
    text : str
    size : float
    bold : bool

    Returns
    -------
    float
    """
    return len(str(text)) * size * (BOLD if bold else CHAR)


def strips(spec: dict, width: int, parts) -> str:
    """The SVG document of a grouped histogram drawn as strips.

    Parameters
    ----------
    spec : dict
        A histogram chart description with two or more groups.
    width : int
        Width of the drawing.
    parts : module
        :mod:`analysis.svg` (its drawing helpers), passed in to avoid an import cycle.

    Returns
    -------
    str
    """
    txt, line, rect, short = parts._txt, parts._line, parts._rect, parts._short
    shown = [g for g in spec["groups"] if not g["suppressed"] and g["counts"] is not None]
    min_group = threshold_of(spec)
    hidden = "; ".join(note for note in (hidden_note(spec["groups"], min_group), bins_note(spec["groups"], min_group))
                       if note)
    edges = spec["edges"]
    lo, hi = edges[0], edges[-1]
    names = [str(g["label"]) for g in shown]
    label_w = min(width * 0.42, max([text_width(n, LABEL, True) for n in names] + [text_width("n = 0000", SMALL)]) + 14)
    right = 16
    plot_w = width - label_w - right

    def shares(group: dict) -> list[float]:
        n = group["n"] or 0
        return [0 if c is None or not n else 100 * c / n for c in group["counts"]]

    top = parts._nice_max(max((max(shares(g), default=0) for g in shown), default=0))
    body, y0 = [], 10
    for index, group in enumerate(shown):
        ry = y0 + index * ROW
        base = ry + ROW - 6
        name = short(group["label"], int((label_w - 14) / (LABEL * BOLD)))
        body.append(txt(label_w - 10, ry + 16, name, size=LABEL, anchor="end", weight="bold"))
        body.append(txt(label_w - 10, ry + 31, f"n = {group['n'] or 0}", size=SMALL, anchor="end",
                        fill=parts.MUTED))
        body.append(line(label_w, ry + 4, label_w + plot_w, ry + 4, parts.GRID))
        for (a, b), value in zip(itertools.pairwise(edges), shares(group)):
            x0 = label_w + plot_w * (a - lo) / (hi - lo)
            w = plot_w * (b - a) / (hi - lo)
            h = (base - ry - 4) * value / top
            body.append(rect(x0 + 1, base - h, w - 2, h, PALETTE[index % len(PALETTE)]))
        body.append(line(label_w, base, label_w + plot_w, base, parts.INK))
    axis = y0 + len(shown) * ROW - 6
    for tick in edges[::2] if len(edges) > 6 else edges:
        tx = label_w + plot_w * (tick - lo) / (hi - lo)
        body.append(line(tx, axis, tx, axis + 4, parts.INK))
        body.append(txt(tx, axis + 18, f"{tick:g}", size=TICK, anchor="middle", fill=parts.MUTED))
    poles = f" (0 = {spec['left']}, 100 = {spec['right']})" if spec.get("left") and spec.get("right") else ""
    y = axis + 40
    body.append(txt(width / 2, y, short(spec["x_label"] + poles, int(width / (TICK * CHAR)) - 2), size=TICK,
                    anchor="middle"))
    scale = f"Staafjes: % van de groep, in elke rij dezelfde schaal (lijn bovenaan = {top:g}%)"
    y += 20
    body.append(txt(width / 2, y, short(scale, int(width / (SMALL * CHAR))), size=SMALL, anchor="middle",
                    fill=parts.MUTED))
    if hidden:
        y += 18
        body.append(txt(width / 2, y, short(hidden, int(width / (SMALL * CHAR))), size=SMALL, anchor="middle",
                        fill=parts.MUTED))
    described = [f"{g['label']}: n = {g['n']}, " + (f"gemiddeld {parts._n(g['mean'], 1)}" if g.get("mean") is not None
                                                     else f"mediaan {parts._n((g.get('shape') or {}).get('median'))}")
                 for g in shown]
    desc = f"{spec['x_label']}. " + "; ".join(described) + (f". {hidden}." if hidden else ".")
    return parts._document(width, int(y + 12), spec["title"], desc, body)
