"""The scan page's charts are drawn by the scan and stored with it; a change in the stories behind the scan
has a job draw them again, and no view loads the stories itself (cards/chart_cache.py, insights/scan_charts.py)."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from vertelpunt.cards import chart_cache, runs
from vertelpunt.insights import scan_charts
from vertelpunt.models import Job, PatternRunCharts


@pytest.fixture
def table_loads(monkeypatch):
    """Count how often the stories behind a scan are loaded for its charts."""
    loads = []
    real = runs.run_table

    def counting(session, run):
        loads.append(run.id)
        return real(session, run)

    monkeypatch.setattr(chart_cache, "run_table", counting)
    return loads


def _figures(html: str) -> list[str]:
    return re.findall(r'<script type="application/json" id="patroon-\d+">(.*?)</script>', html)


def test_the_scan_stores_its_charts_and_views_read_them(client, login, session, scanned, analyst, table_loads):
    stored = session.get(PatternRunCharts, scanned.id)
    assert stored is not None and stored.stamp == scan_charts.fingerprint(session, scanned)
    assert set(stored.specs[scan_charts.HIDDEN]) == set(stored.specs[scan_charts.SHOWN]) == {
        runs.pattern_key(p) for p in runs.stored_result(scanned).notable}
    login(analyst)
    url = f"/beheer/patronen/{scanned.id}"
    first = client.get(url).get_data(as_text=True)
    assert _figures(first) and _figures(client.get(url).get_data(as_text=True)) == _figures(first)
    assert table_loads == []  # no view loaded the stories
    assert "opnieuw getekend" not in first


def test_a_moderation_change_has_a_job_draw_the_charts_again(client, login, session, scanned, analyst, planted,
                                                             table_loads):
    login(analyst)
    url = f"/beheer/patronen/{scanned.id}"
    assert _figures(client.get(url).get_data(as_text=True))
    key = runs.pattern_key(runs.stored_result(scanned).notable[0])
    n_before = session.get(PatternRunCharts, scanned.id).specs[scan_charts.SHOWN][key]["n"]
    from vertelpunt.moderate.services import set_status
    set_status(session, planted[0], "hidden", analyst, "test")
    session.commit()
    stale = client.get(url).get_data(as_text=True)  # stale charts are not shown; the suite's queue runs the job
    assert not _figures(stale) and "opnieuw getekend" in stale
    jobs = session.scalars(select(Job).where(Job.kind == chart_cache.JOB_KIND)).all()
    assert [job.params for job in jobs] == [{"run_id": scanned.id}] and table_loads == [scanned.id]
    session.expire_all()
    again = client.get(url).get_data(as_text=True)
    assert _figures(again)
    redrawn = session.get(PatternRunCharts, scanned.id)
    assert redrawn.stamp == scan_charts.fingerprint(session, scanned)
    assert redrawn.specs[scan_charts.SHOWN][key]["n"] == n_before - 1  # drawn from today's stories
    assert table_loads == [scanned.id]


def test_one_redraw_job_at_a_time(session, scanned, analyst):
    session.delete(session.get(PatternRunCharts, scanned.id))  # a run from before stored charts
    session.flush()
    assert chart_cache.page_charts(session, scanned, [], suppress=True) is None
    first = chart_cache.ask_redraw(session, scanned, analyst)
    assert chart_cache.ask_redraw(session, scanned, analyst).id == first.id
    session.rollback()


def test_the_small_group_rule_picks_the_stored_variant(client, login, make_user, session, scanned, analyst):
    login(analyst)
    url = f"/beheer/patronen/{scanned.id}"
    as_analyst = _figures(client.get(url).get_data(as_text=True))
    login(make_user("admin", "beheer@example.org"))
    as_admin = _figures(client.get(url).get_data(as_text=True))
    assert as_analyst and as_admin
    stored = session.get(PatternRunCharts, scanned.id)
    key = runs.pattern_key(runs.stored_result(scanned).notable[0])
    from analysis.chartspec import pattern_chart
    table = runs.run_table(session, scanned)
    pattern = runs.find_pattern(scanned, key)
    import json
    for variant, suppress in ((scan_charts.HIDDEN, True), (scan_charts.SHOWN, False)):
        fresh = pattern_chart(table, pattern, min_group=stored.min_group, suppress_small=suppress)
        assert stored.specs[variant][key] == json.loads(json.dumps(fresh, default=scan_charts._plain))


def test_a_changed_threshold_makes_the_charts_stale(app, session, scanned):
    assert scan_charts.current_charts(session, scanned) is not None
    app.config["SMALL_GROUP_THRESHOLD"] = 7
    try:
        assert scan_charts.current_charts(session, scanned) is None
    finally:
        app.config.pop("SMALL_GROUP_THRESHOLD")


def test_fingerprint_follows_the_selection(session, scanned, planted, analyst):
    before = scan_charts.fingerprint(session, scanned)
    assert before == scan_charts.fingerprint(session, scanned)
    assert before[0] == scanned.n_stories
    from vertelpunt.moderate.services import set_status
    set_status(session, planted[1], "hidden", analyst, "test")
    after = scan_charts.fingerprint(session, scanned)
    assert after[0] == before[0] - 1 and after != before
