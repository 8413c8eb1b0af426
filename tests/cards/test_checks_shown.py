"""Confirmation and the confounding mark on the pattern page, the card and its export; older runs still render."""
from __future__ import annotations

import copy

from sqlalchemy.orm.attributes import flag_modified

from vertelpunt.cards import services
from vertelpunt.cards.runs import pattern_key
from vertelpunt.insights.scans import stored_result


def _mark_explained(session, run, key):
    """Give the run's pattern ``key`` the checks' results as a scan that found it explained would store them."""
    result = copy.deepcopy(run.result)
    for pattern in result["patterns"]:
        if f"{pattern['a']}|{pattern['b']}" == key:
            pattern.update(confirmed=9, confirm_splits=10, explained_by=["help_type"], within={"help_type": {
                "test": "Cochran-Mantel-Haenszel", "statistic": 0.8, "df": 1, "pvalue": 0.37, "n": 60, "strata": 2,
                "strength": 0.0, "strength_all": 0.31, "label": "soort hulp", "explains": True}})
    run.result = result
    flag_modified(run, "result")
    session.commit()


def test_scan_stores_confirmation_and_checks_within_groups(scanned):
    notable = stored_result(scanned).notable[0]
    assert notable.confirm_splits == 5 and notable.confirmed is not None and 0 <= notable.confirmed <= 5
    assert set(notable.within) <= {"role", "region", "help_type", "period"} and notable.within


def test_explained_pattern_is_marked_on_page_card_and_export(client, login, session, scanned, top_key, analyst):
    _mark_explained(session, scanned, top_key)
    login(analyst)
    page = client.get(f"/beheer/patronen/{scanned.id}").get_data(as_text=True)
    assert "verklaard door soort hulp" in page and "in 9 van 10 splitsingen" in page
    assert "Binnen de groepen van: soort hulp (Cochran-Mantel-Haenszel" in page

    card = services.create_card(session, scanned, top_key, analyst)
    session.commit()
    assert "9 van de 10 keer" in card.observation and "samenhangen met soort hulp" in card.observation
    shown = client.get(f"/beheer/kaarten/{card.id}").get_data(as_text=True)
    assert "verklaard door soort hulp" in shown and "in 9 van 10 splitsingen" in shown
    exported = client.get(f"/beheer/kaarten/{card.id}/kaart.html").get_data(as_text=True)
    assert "verklaard door soort hulp" in exported and "in 9 van 10 splitsingen" in exported


def test_run_stored_before_confirmation_still_renders(client, login, session, scanned, top_key, analyst):
    """A PatternRun from before this change: options with stability_splits, patterns with "stability"."""
    result = copy.deepcopy(scanned.result)
    result["options"] = {k: v for k, v in result["options"].items() if k not in ("confirm_splits", "confirm_max_patterns", "strata")}
    result["options"].update(stability_splits=20, stability_max_patterns=40)
    for pattern in result["patterns"]:
        for key in ("confirmed", "confirm_splits", "within", "explained_by"):
            pattern.pop(key, None)
        pattern["stability"] = 0.95
    scanned.result = result
    flag_modified(scanned, "result")
    session.commit()
    old = stored_result(scanned)
    assert old.options.confirm_splits == 10 and all(p.confirmed is None and not p.explained_by for p in old.patterns)

    login(analyst)
    page = client.get(f"/beheer/patronen/{scanned.id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "<dt>Bevestigd</dt><dd>–</dd>" in text and "tabiliteit" not in text
    card = services.create_card(session, scanned, top_key, analyst)
    session.commit()
    assert client.get(f"/beheer/kaarten/{card.id}").status_code == 200
    assert pattern_key(old.notable[0]) == top_key
