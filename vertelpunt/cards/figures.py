"""Chart specs as figure data for templates: the Plotly JSON (script-safe) next to the spec's numbers."""
from __future__ import annotations

from analysis.charts import to_plotly_json_script_safe


def figure(fig_id: str, spec: dict | None) -> dict | None:
    """What templates/cards/_chart.html needs to draw one chart, or None without a chart."""
    if not spec:
        return None
    return {"id": fig_id, "spec": spec, "json": to_plotly_json_script_safe(spec)}
