"""Small multiples on a printed card share one y-axis (issue 19.3): the same share is the same height in every
panel, so a region that runs to 30% does not look like one that runs to 20%."""
import re

import pytest

from analysis.svg import to_svg


def _spec(groups):
    return {"kind": "histogram", "title": "Gehoord", "x_label": "Gehoord", "left": None, "right": None,
            "edges": [0, 20, 40, 60, 80, 100], "min_group": 5,
            "groups": [{"key": k, "label": k, "n": sum(c), "counts": c, "suppressed": False, "hidden": None,
                        "shape": None, "bins_hidden": [None] * 5} for k, c in groups]}


def test_the_same_share_has_the_same_height_in_every_panel():
    svg = to_svg(_spec([("Twente", [30, 20, 20, 20, 10]), ("Groningen", [20, 20, 20, 20, 20]),
                        ("Nijmegen", [20, 20, 20, 20, 20])]), width=640, height=320)
    ticks = re.findall(r'text-anchor="end" fill="#595959">([0-9.]+)%<', svg)
    assert set(ticks[2::3]) == {"30"}  # every panel's top tick is the largest share of all panels
    bars = {float(h) for h in re.findall(r'height="([0-9.]+)" fill="#(?!ffffff)', svg)}
    # 30%, 20% and 10% have one height each across the three panels (one panel per region, 20% everywhere else).
    assert len(bars) == 3 and max(bars) / min(bars) == pytest.approx(3, rel=0.01)


def test_a_panel_title_of_an_ordinary_length_is_not_cut_off_with_four_panels():
    label = "Ik ben ouder of verzorger"
    svg = to_svg(_spec([(label, [5, 5, 5, 5, 5]), ("Jongere", [5, 5, 5, 5, 5]), ("Professional", [5, 5, 5, 5, 5]),
                        ("Anders", [5, 5, 5, 5, 5])]), width=640, height=320)
    assert f"{label} (n = 25)" in svg and "…" not in svg
