"""axe-core, as shipped inside the axe-playwright-python wheel, run on a Playwright page."""
from __future__ import annotations

from pathlib import Path

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: Rules that run whatever tags this axe version gives them (older axe-core filed some under best-practice):
#: a scrolling table wrapper that the keyboard cannot reach is a WCAG 2.1.1 failure for us.
ALWAYS_ON = ["scrollable-region-focusable"]


def axe_script() -> Path:
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).with_name("axe.min.js")


def run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate(
        """async ([tags, always]) => await axe.run(document, {
            runOnly: {type: 'tag', values: tags},
            rules: Object.fromEntries(always.map((id) => [id, {enabled: true}])),
        })""",
        [WCAG_TAGS, ALWAYS_ON],
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "targets": [node["target"] for node in v["nodes"]][:5]}
        for v in result["violations"]
    ]
