"""Drafting observation cards on planted relations: direction, statistics, stories from the right rows."""
import json

import numpy as np
import pytest

from analysis import text as textlib
from analysis.cards import CardDraft, draft_card, group_rows, propose_stories
from analysis.data import AnswerTable
from analysis.describe import shape
from analysis.patterns import scan
from tests.analysis_lib.helpers import FORM, planted_records, planted_table

CONTENT_KEYS = {"question_a", "question_b", "kind", "test", "statistic", "pvalue", "qvalue", "effect_name",
                "effect_size", "effect_low", "effect_high", "effect_class", "strength", "stability", "n", "description", "data_description", "stats", "chart",
                "keywords", "stories", "hints"}


@pytest.fixture(scope="module")
def planted():
    table = planted_table()
    return table, scan(table)


def find(result, a, b):
    return next(p for p in result.notable if (p.a, p.b) == (a, b))


def eligible_mask(n):
    return np.arange(n) % 4 != 1  # every fourth story is not published / not complete


def test_numeric_by_category_card(planted):
    table, result = planted
    pattern = find(result, "heard", "moment")
    eligible = eligible_mask(table.n)
    draft = draft_card(table, pattern, eligible=eligible)
    content = draft.to_content()
    assert isinstance(draft, CardDraft) and set(content) == CONTENT_KEYS
    json.dumps(content, allow_nan=False)
    assert "'Wachten'" in draft.title and "helemaal niet" in draft.title  # lower: toward the left pole
    assert "mediaan" in draft.observation and "32" in draft.observation and "n = 67" in draft.observation
    assert content["question_a"] == {"key": "heard", "label": "Ik voelde me gehoord"}
    assert content["question_b"]["key"] == "moment" and content["description"] == pattern.description
    assert "ingevuld door 200 mensen; 67 van hen" in content["data_description"]
    assert content["chart"]["kind"] == "histogram" and len(content["chart"]["groups"]) == 3
    assert all("lager" in hint or "tegenovergestelde" in hint for hint in content["hints"]) and len(content["hints"]) == 2

    stats = content["stats"]
    assert stats["header"] == ["Groep", "n", "gemiddelde", "mediaan", "modus", "sd", "scheefheid", "kurtosis"]
    heard, moment = table.columns["heard"], table.columns["moment"]
    for code, row in enumerate(stats["rows"][:3]):
        s = shape(heard.values[moment.values == code])
        assert row["label"] == moment.category_label(code)
        assert row["cells"] == pytest.approx([s.n, s.mean, s.median, s.mode, s.sd, s.skewness, s.kurtosis], abs=0.006)
    assert stats["rows"][-1]["label"] == "Alle verhalen" and stats["rows"][-1]["cells"][0] == 200

    waiting = moment.values == moment.categories.index("wachten")
    ids = {content_id: i for i, content_id in enumerate(table.public_ids)}
    assert len(content["stories"]) == 3
    for story in content["stories"]:
        row = ids[story["public_id"]]
        assert waiting[row] and eligible[row]
        assert story["quote"] in textlib.sentences(table.texts[row])
    assert "maanden" in content["keywords"] and len(content["keywords"]) <= 8


def test_category_by_category_card(planted):
    table, result = planted
    pattern = find(result, "region", "help_type=ggz")
    draft = draft_card(table, pattern, count=5)
    content = draft.to_content()
    assert "vaker 'Jeugd-ggz'" in draft.title and draft.title.startswith("Mensen uit regio 'groningen'")
    assert draft.observation.startswith("100% van de mensen uit regio 'groningen' (n = 100)")
    assert content["stats"]["header"] == ["Groep", "n", "% nee", "% ja"]
    assert content["stats"]["rows"][0] == {"label": "groningen", "cells": [100, None, None], "suppressed": False,
                                           "hidden": None, "hidden_cells": [None, "small", "complement"]}
    # a real 0 "nee" is hidden like a 1-4, and the "ja" with it (100 - the rest); admins see both
    admin = draft_card(table, pattern, count=5, suppress_small=False).to_content()
    assert admin["stats"]["rows"][0] == {"label": "groningen", "cells": [100, 0.0, 100.0], "suppressed": False,
                                         "hidden": None}
    region, ggz = table.columns["region"], table.columns["help_type=ggz"]
    cell = (region.values == region.categories.index("groningen")) & (ggz.values == 1)
    assert len(content["stories"]) == 5 and all(s["score"] >= 0.5 for s in content["stories"])
    assert all(cell[list(table.public_ids).index(s["public_id"])] for s in content["stories"])
    assert content["chart"]["kind"] == "stacked"


def test_numeric_by_numeric_card_and_direction(planted):
    table, result = planted
    pattern = find(result, "outcome", "heard")
    draft = draft_card(table, pattern)
    # rho is a number for analysts: in the card's numbers (stats note), not in the observation people read
    assert draft.title.endswith("meestal ook hoger") and "Dit is een groot verband" in draft.observation
    content = draft.to_content()
    assert content["stats"]["note"].startswith("Spearman rho = 0,9") and len(content["stats"]["rows"]) == 2
    rows, _ = group_rows(table, pattern)
    ids = set(table.public_ids[rows])
    assert content["stories"] and {s["public_id"] for s in content["stories"]} <= ids
    negative = draft_card(table, {**pattern.to_dict(), "effect_size": -0.5, "statistic": -0.5})
    assert negative.title.endswith("meestal juist lager") and "onderste kwart" in negative.observation


def test_propose_stories_skips_excluded_and_ineligible(planted):
    table, result = planted
    pattern = find(result, "heard", "moment")
    first = propose_stories(table, pattern, count=3)
    again = propose_stories(table, pattern, count=3, exclude_ids=[s["public_id"] for s in first])
    assert len(again) == 3 and not {s["public_id"] for s in first} & {s["public_id"] for s in again}
    assert propose_stories(table, pattern, eligible=np.zeros(table.n, dtype=bool)) == []


def test_small_groups_hidden_in_stats_and_no_texts_no_crash():
    records = planted_records(60)
    for record in records[:3]:
        record["answers"]["moment"] = "einde"
    for record in records[3:]:
        if record["answers"]["moment"] == "einde":
            record["answers"]["moment"] = "tijdens"
    records[3]["answers"]["moment"] = "einde"  # 'einde' now has 4 stories
    for record in records:
        record["text"] = ""
    table = AnswerTable.from_records(FORM, records)
    pattern = {"kind": "numeric~category", "a": "heard", "b": "moment", "question_a": "heard", "question_b": "moment",
               "test": "Kruskal-Wallis", "statistic": 1.0, "pvalue": 0.01, "qvalue": 0.02, "effect_name": "epsilon-squared",
               "effect_size": 0.1, "effect_class": "middel", "stability": None, "n": 56,
               "group_ns": {"wachten": 20, "tijdens": 36}, "highlight": {"group": "wachten", "median": 30.0, "median_rest": 60.0},
               "description": "d"}
    content = draft_card(table, pattern).to_content()
    rows = {r["label"]: r for r in content["stats"]["rows"]}
    assert rows["Het einde"] == {"label": "Het einde", "cells": [None] * 7, "suppressed": True, "hidden": "small"}
    # 'Alle verhalen' shows the total, so one more group is hidden: the smallest of the others
    others = [r for label, r in rows.items() if label not in ("Het einde", "Alle verhalen")]
    assert [r["hidden"] for r in others].count("complement") == 1 and rows["Alle verhalen"]["cells"][0] == 60
    hidden_other = next(r for r in others if r["hidden"] == "complement")
    assert hidden_other["cells"] == [None] * 7
    assert content["stories"] == [] and content["keywords"] == []
    admin = draft_card(table, pattern, suppress_small=False).to_content()
    assert next(r for r in admin["stats"]["rows"] if r["label"] == "Het einde")["cells"][0] == 4
    bare = AnswerTable(table.columns, table.public_ids, table.weeks, (), table.meta)
    assert draft_card(bare, pattern).to_content()["stories"] == []


def test_cards_drafted_before_segments_were_hidden_get_them_hidden():
    from analysis.cards import hide_small_segments

    old = {"chart": {"kind": "stacked", "title": "t", "x_label": "x", "legend_label": "l",
                     "groups": [{"key": "p", "label": "P", "n": 6, "suppressed": False, "hidden": None},
                                {"key": "q", "label": "Q", "n": None, "suppressed": True, "hidden": "small"}],
                     "series": [{"key": "ja", "label": "Ja", "counts": [5, None], "shares": [0.833333, None]},
                                {"key": "nee", "label": "Nee", "counts": [1, None], "shares": [0.166667, None]}]},
           "stats": {"header": ["Groep", "n", "% ja", "% nee"],
                     "rows": [{"label": "P", "cells": [6, 83.3, 16.7], "suppressed": False, "hidden": None}]}}
    new = hide_small_segments(old, 5)
    assert [s["counts"][0] for s in new["chart"]["series"]] == [None, None]
    assert [s["hidden"][0] for s in new["chart"]["series"]] == ["complement", "small"]
    assert new["stats"]["rows"][0]["cells"] == [6, None, None] and new["chart"]["min_group"] == 5
    assert old["chart"]["series"][1]["counts"] == [1, None]  # the stored content itself is left alone
    assert hide_small_segments(new, 5) == new  # new drafts carry min_group: nothing to do


TECHNICAL = ("epsilon", "rank-biserial", "Cramer", "rho", "Spearman", "q <", "q =", "p <", "Kruskal", "chi-kwadraat")


@pytest.mark.parametrize("pair", [("heard", "moment"), ("region", "help_type=ggz"), ("outcome", "heard")])
def test_observations_say_how_strong_and_how_certain_in_plain_words(planted, pair):
    """Participants and the public read a card's observation: words, never test names or q-values."""
    table, result = planted
    pattern = find(result, *pair)
    draft = draft_card(table, pattern)
    assert not [word for word in TECHNICAL if word in draft.observation + draft.title], draft.observation
    noun = "verschil" if pattern.kind == "numeric~category" else "verband"
    strength = {"klein": "een klein", "middel": "een duidelijk", "groot": "een groot"}[pattern.effect_class]
    assert f"Dit is {strength} {noun}; het is heel onwaarschijnlijk dat dit toeval is." in draft.observation
    assert pattern.qvalue < 0.001


def test_certainty_and_strength_words_follow_q_and_the_effect_class():
    from analysis import cardtext

    assert cardtext.certainty_phrase(0.0004) == "het is heel onwaarschijnlijk dat dit toeval is"
    assert cardtext.certainty_phrase(0.004) == "het is onwaarschijnlijk dat dit toeval is"
    assert cardtext.certainty_phrase(0.03) == "het is waarschijnlijk geen toeval, maar dat is niet zeker"
    assert cardtext.certainty_phrase(0.2) == "dit kan goed toeval zijn" and cardtext.certainty_phrase(None) == ""
    assert cardtext.strength_phrase("numeric~category", "middel") == "een duidelijk verschil"
    assert cardtext.strength_phrase("category~category", "verwaarloosbaar") == "bijna geen verband"
    assert cardtext.strength_phrase("numeric~numeric", "onbekend") == ""
    assert cardtext.strength_and_certainty("numeric~category", "middel", 0.0001) == (
        "Dit is een duidelijk verschil; het is heel onwaarschijnlijk dat dit toeval is.")
    assert cardtext.strength_and_certainty("numeric~numeric", None, 0.2) == "Dit kan goed toeval zijn."
