"""The scan page keeps its charts per process until the stories behind the scan change (cards/chart_cache.py)."""
from __future__ import annotations

import re

import pytest

from vertelpunt.cards import chart_cache, runs


@pytest.fixture
def table_loads(monkeypatch):
    """Count how often the scan page loads the stories behind the scan."""
    loads = []
    real = runs.run_table

    def counting(session, run):
        loads.append(run.id)
        return real(session, run)

    monkeypatch.setattr(chart_cache, "run_table", counting)
    return loads


def _figures(html: str) -> list[str]:
    return re.findall(r'<script type="application/json" id="patroon-\d+">(.*?)</script>', html)


def test_second_view_draws_from_memory_and_a_moderation_change_draws_again(
        client, login, session, scanned, analyst, planted, table_loads):
    login(analyst)
    url = f"/beheer/patronen/{scanned.id}"
    first = client.get(url).get_data(as_text=True)
    assert _figures(first) and table_loads == [scanned.id]
    second = client.get(url).get_data(as_text=True)
    assert _figures(second) == _figures(first) and table_loads == [scanned.id]  # not loaded again
    assert len(client.get(url + "?toon=all").get_data(as_text=True)) > 0 and table_loads == [scanned.id]  # same table

    from vertelpunt.moderate.services import set_status
    set_status(session, planted[0], "hidden", analyst, "test")  # the selection changes: every process sees it
    assert _figures(client.get(url).get_data(as_text=True))
    assert table_loads == [scanned.id, scanned.id]  # drawn again from today's stories
    client.get(url)
    assert table_loads == [scanned.id, scanned.id]


def test_the_small_group_rule_is_part_of_the_key(client, login, make_user, scanned, analyst, table_loads):
    login(analyst)
    url = f"/beheer/patronen/{scanned.id}"
    as_analyst = _figures(client.get(url).get_data(as_text=True))
    login(make_user("admin", "beheer@example.org"))
    as_admin = _figures(client.get(url).get_data(as_text=True))
    assert as_analyst and as_admin
    assert table_loads == [scanned.id]  # the table is shared; the figures are made per rule


def test_fingerprint_follows_the_selection(session, scanned, planted, analyst):
    before = chart_cache.fingerprint(session, scanned)
    assert before == chart_cache.fingerprint(session, scanned)
    assert before[0] == scanned.n_stories
    from vertelpunt.moderate.services import set_status
    set_status(session, planted[1], "hidden", analyst, "test")
    after = chart_cache.fingerprint(session, scanned)
    assert after[0] == before[0] - 1 and after != before
