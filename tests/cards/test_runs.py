"""Rebuilding a run's table (also for comparisons), Dutch filter summaries and Dutch numbers."""
from __future__ import annotations

import numpy as np

from analysis.patterns import ScanOptions
from vertelpunt.cards import services
from vertelpunt.templating import nl_number, nl_pvalue
from vertelpunt.cards.runs import describe_filters, pattern_key
from vertelpunt.insights.records import StoryFilter
from vertelpunt.insights.scans import Comparison, run_scan, stored_result, table_for_run


def test_comparison_run_gets_its_split_column_back(session, project, planted, analyst):
    run = run_scan(session, project, StoryFilter(), ScanOptions(confirm_splits=0), analyst.email,
                   Comparison.parse("region=twente"))
    session.commit()
    table = table_for_run(session, run)
    split = table.columns["vergelijking"]
    twente = sum(1 for story in planted if story.region.key == "twente")
    assert int(np.sum(split.values == 1)) == twente and split.category_labels == ("de rest", "Twente")
    pattern = stored_result(run).patterns[0]
    assert "vergelijking" in (pattern.a, pattern.b)
    card = services.create_card(session, run, pattern_key(pattern), analyst)
    assert card.content["chart"]["kind"] and "vergelijking region twente tegen de rest" in card.content["filters_text"]


def test_filters_in_plain_dutch(session, project, regions):
    text = describe_filters(session, project, StoryFilter(regions=("twente",), roles=("parent",),
                                                           choice_question="help_type", choice_options=("jeugd_ggz",),
                                                           complete_only=False).to_dict())
    assert text == ("alle gepubliceerde verhalen met regio Twente; rol Ik ben ouder of verzorger; "
                    "Om welke hulp ging het?: Jeugd-ggz")
    assert describe_filters(session, project, {}) == "gepubliceerde, complete verhalen, zonder verdere filters"


def test_dutch_numbers():
    assert nl_number(1234.5) == "1.234,50" and nl_number(0.123, 3) == "0,123" and nl_number(931) == "931"
    assert nl_number(12000) == "12.000" and nl_number(None) == "–" and nl_number(25.0, 0) == "25"
    assert nl_pvalue(0.0004) == "< 0,001" and nl_pvalue(0.0312) == "0,031"


def test_suppressed_group_shows_as_under_five(client, login, session, scanned, top_key, analyst):
    card = services.create_card(session, scanned, top_key, analyst)
    stats = dict(card.content["stats"])
    stats["rows"] = [{"label": "Kleine groep", "cells": [None] * 7, "suppressed": True}, *stats["rows"]]
    card.content = {**card.content, "stats": stats}
    session.commit()
    login(analyst)
    page = client.get(f"/beheer/kaarten/{card.id}").get_data(as_text=True)
    row = page[page.index("Kleine groep"):page.index("</tr>", page.index("Kleine groep"))]
    assert "&lt; 5" in row and "None" not in row
