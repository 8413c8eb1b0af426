"""The shipped default form and region list follow docs/form-format.md (checked here on the files
themselves with the importer's own key and field rules) and model the national Vertelpunt."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from vertelpunt.forms.schema import COMMON_QUESTION_FIELDS as COMMON
from vertelpunt.forms.schema import FIELDS_BY_TYPE as BY_TYPE
from vertelpunt.forms.schema import FORM_KEY, ITEM_KEY, TOP_FIELDS

DATA = Path(__file__).resolve().parents[2] / "vertelpunt" / "data"
FORM_PATH = DATA / "forms" / "vertelpunt-landelijk.yaml"
REGIONS_PATH = DATA / "regions.yaml"

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class _StrictLoader(yaml.SafeLoader):
    """Refuses a mapping that names the same field twice (plain safe_load keeps the last silently)."""


def _mapping(loader, node):
    keys = [loader.construct_object(k, deep=True) for k, _ in node.value]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        raise yaml.constructor.ConstructorError(None, None, f"duplicate keys {duplicates}", node.start_mark)
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


@pytest.fixture(scope="module")
def form() -> dict:
    return yaml.load(FORM_PATH.read_text(encoding="utf-8"), Loader=_StrictLoader)


@pytest.fixture(scope="module")
def regions() -> list[dict]:
    return yaml.load(REGIONS_PATH.read_text(encoding="utf-8"), Loader=_StrictLoader)["regions"]


def _questions(form):
    return [q for module in form["modules"] for q in module["questions"]]


def test_top_level_fields(form):
    assert set(form) <= TOP_FIELDS
    assert form["format"] == "vertelpunt-form/1"
    assert form["key"] == "vertelpunt-landelijk" and FORM_KEY.match(form["key"])
    assert form["language"] == "nl" and form["title"].strip()
    assert form["completeness"] == {"min_words": 25, "first_questions": 5}


def test_roles_and_prompts(form):
    roles = form["roles"]
    assert [(r["key"], r["label"]) for r in roles] == [
        ("youth", "Ik ben kind of jongere"),
        ("parent", "Ik ben ouder of verzorger"),
        ("professional", "Ik ben professional"),
    ]
    for role in roles:
        assert set(role) <= {"key", "label", "prompts", "translations"}
        keys = [p["key"] for p in role["prompts"]]
        assert keys and len(keys) == len(set(keys))
        for prompt in role["prompts"]:
            assert set(prompt) - {"translations"} == {"key", "text"} and ITEM_KEY.match(prompt["key"])
            assert 40 <= len(prompt["text"]) <= 400
    parent = next(r for r in roles if r["key"] == "parent")
    assert len(parent["prompts"]) >= 2, "the parent role offers a choice between prompts"


def test_modules_and_core(form):
    keys = [m["key"] for m in form["modules"]]
    assert len(keys) == len(set(keys)) and all(FORM_KEY.match(k) for k in keys)
    for module in form["modules"]:
        assert set(module) <= {"key", "title", "core", "questions", "translations"} and module["title"].strip()
    core = [m for m in form["modules"] if m.get("core")]
    assert [m["key"] for m in core] == ["kern"]
    assert 15 <= len(core[0]["questions"]) <= 25
    regional = [m for m in form["modules"] if not m.get("core", False)]
    assert any(2 <= len(m["questions"]) <= 3 for m in regional)


def test_question_rules(form):
    role_keys = {r["key"] for r in form["roles"]}
    questions = _questions(form)
    keys = [q["key"] for q in questions]
    assert len(keys) == len(set(keys)), "question keys are unique across the form"
    for q in questions:
        where = q["key"]
        assert ITEM_KEY.match(q["key"]), where
        assert q["type"] in BY_TYPE, where
        assert set(q) <= COMMON | BY_TYPE[q["type"]], where
        assert q.get("section", "duiding") in {"duiding", "teller", "sharing"}, where
        assert q["text"].strip() and len(q["text"]) <= 120, where
        assert set(q.get("roles") or []) <= role_keys, where
        assert set(q.get("text_by_role") or {}) <= role_keys, where
        if q["type"] == "slider":
            assert q["left"].strip() and q["right"].strip(), where
            assert isinstance(q.get("allow_na", True), bool), where
        if q["type"] in ("single_choice", "multi_choice"):
            options = [o["key"] for o in q["options"]]
            assert 2 <= len(options) <= 30 and len(options) == len(set(options)), where
            assert all(ITEM_KEY.match(o) for o in options), where
            assert all(set(o) - {"translations"} == {"key", "label"} and o["label"].strip() for o in q["options"]), where
            if q["type"] == "multi_choice" and q.get("max_choices") is not None:
                assert 1 <= q["max_choices"] <= len(options), where
        if q["type"] == "triad":
            corners = [c["key"] for c in q["corners"]]
            assert len(corners) == 3 == len(set(corners)), where
        if q["type"] == "text":
            assert 1 <= q.get("max_length", 1000) <= 10_000, where
    assert sum(q["type"] == "place" for q in questions) == 1
    duiding = [q for q in questions if q.get("section", "duiding") == "duiding"]
    assert form["completeness"]["first_questions"] <= len(duiding)


def test_content_models_the_national_vertelpunt(form):
    questions = _questions(form)
    by_key = {q["key"]: q for q in questions}
    duiding = [q["key"] for q in questions if q.get("section", "duiding") == "duiding"]
    assert duiding[:5] == ["outcome", "heard", "help_type", "moment", "right_help"]
    assert not any(q.get("roles") for q in questions if q["key"] in duiding[:5]), "every role gets the first five"
    outcome = by_key["outcome"]
    assert (outcome["left"], outcome["right"]) == ("zeer negatief", "zeer positief")
    assert outcome["text"].startswith("Dit was voor het kind")
    assert outcome["text_by_role"]["youth"] == "Dit was voor mij ..." and "professional" in outcome["text_by_role"]
    for key in ("heard", "right_help", "on_time", "clarity", "involved", "network"):
        q = by_key[key]
        assert q["type"] == "slider" and (q["left"], q["right"]) == ("zeker niet", "zeker wel"), key
        assert q.get("allow_na", True) is True, key
    help_options = {o["key"] for o in by_key["help_type"]["options"]}
    assert {"jeugdhulp", "jeugd_ggz", "ots", "voogdij", "uithuisplaatsing", "jeugdreclassering", "wijkteam",
            "anders"} <= help_options
    assert [c["label"] for c in by_key["mattered"]["corners"]] == [
        "De hulpverlener", "De regels en de organisatie", "Het gezin zelf"]
    assert by_key["moment"]["type"] == "single_choice"
    assert by_key["age"]["roles"] == ["youth"] and by_key["age"]["section"] == "teller"
    assert [o["key"] for o in by_key["age"]["options"]] == ["a8_11", "a12_15", "a16_17", "a18_23"]
    assert set(by_key["child_age"]["roles"]) == {"parent", "professional"}
    assert by_key["org_type"]["roles"] == ["professional"] and by_key["org_type"]["section"] == "teller"
    assert by_key["place"]["section"] == "teller"
    assert any(q.get("section") == "sharing" and q["key"] == "felt" for q in questions)
    assert "title" not in by_key, "the optional story title is handled by the app, not as a question"
    regional = next(m for m in form["modules"] if m["key"] == "regio-extra")
    assert regional["core"] is False and "complaint_known" in {q["key"] for q in regional["questions"]}


def test_app_importer_accepts_the_form_when_available():
    try:
        from vertelpunt.forms.services import read_form_file
    except ImportError:  # the importer is built in parallel
        pytest.skip("vertelpunt.forms.services not available")
    definition = read_form_file(FORM_PATH)
    assert definition["key"] == "vertelpunt-landelijk"


def test_regions_file(regions):
    region_keys = [r["key"] for r in regions]
    assert len(region_keys) == len(set(region_keys)) and all(SLUG.match(k) for k in region_keys)
    municipality_keys = [m["key"] for r in regions for m in r["municipalities"]]
    assert len(municipality_keys) == len(set(municipality_keys)), "a gemeente key names one gemeente"
    assert all(SLUG.match(k) for k in municipality_keys)
    for region in regions:
        assert set(region) == {"key", "name", "municipalities"} and region["name"].strip()
        assert all(set(m) == {"key", "name"} and m["name"].strip() for m in region["municipalities"])
    names = {r["key"]: {m["name"] for m in r["municipalities"]} for r in regions}
    assert names["rijk-van-nijmegen"] == {"Nijmegen", "Berg en Dal", "Beuningen", "Druten", "Heumen",
                                          "Mook en Middelaar", "Wijchen"}
    assert names["midden-holland"] == {"Gouda", "Bodegraven-Reeuwijk", "Krimpenerwaard", "Waddinxveen", "Zuidplas"}
    assert len(names["twente"]) == 14 and {"Enschede", "Hengelo", "Almelo", "Oldenzaal"} <= names["twente"]
    assert "Groningen" in names["groningen"] and "Westerkwartier" in names["groningen"]
    assert 6 <= len(regions) <= 8
