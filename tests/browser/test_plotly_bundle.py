"""The shipped plotly.js bundle (tools/build_plotly_bundle.sh) in Chromium: it knows exactly the app's trace types
and draws each kind of figure analysis/charts.py makes, under the page's strict CSP."""
from __future__ import annotations

import json

from analysis.charts import TRACE_TYPES, to_plotly
from tests.analysis_lib.test_plotly_figures import SPECS
from tests.browser.conftest import log_in
from tests.browser.test_dashboard import analysis_data  # noqa: F401  (the fixture)
from tests.conftest import STRONG_PASSWORD

DRAW = """async (figures) => {
  const drawn = [];
  for (const figure of figures) {
    const div = document.createElement('div');
    document.body.appendChild(div);
    await window.Plotly.newPlot(div, figure.data, figure.layout);
    drawn.push(div.querySelectorAll('.main-svg').length);
  }
  return drawn;
}"""


def test_bundle_holds_the_apps_trace_types_and_draws_every_kind(live_server, page, analysis_data):  # noqa: F811
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server, analysis_data["analyst"].email, STRONG_PASSWORD)
    page.goto(live_server + "/beheer/analyse/")
    page.wait_for_selector("figure.chart-drawn svg.main-svg")
    registered = set(page.evaluate("Object.keys(window.Plotly.PlotSchema.get().traces)"))
    assert registered == TRACE_TYPES | {"scatter"}  # scatter is always in plotly's core
    figures = [json.loads(json.dumps(to_plotly(make()))) for make in SPECS.values()]
    assert all(count >= 1 for count in page.evaluate(DRAW, figures))
    assert page.locator(".ternarylayer .trace").count() >= 1 and page.evaluate("document.querySelectorAll('g.hm image').length") >= 1
    assert errors == []
