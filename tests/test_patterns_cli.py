"""`vertelpunt patterns` on the database (stores a PatternRun) and on a CSV export (no database)."""
import json

import pytest
from sqlalchemy import select

from vertelpunt.demo.load import seed_demo
from vertelpunt.forms.services import DEFAULT_FORM_PATH
from vertelpunt.insights.records import StoryFilter
from vertelpunt.insights.scans import Comparison, ScanError, run_scan, stored_result
from vertelpunt.models import PatternRun
from analysis.patterns import ScanOptions


@pytest.fixture
def demo(session):
    outcome = seed_demo(session, seed=7, n=400, create_admin=False)
    session.commit()
    return outcome.project


@pytest.fixture
def run(run):
    """The shared command runner (tests/conftest.py), giving the output only."""
    return lambda *args, ok=True: run(*args, ok=ok).output


def test_scan_is_stored_with_its_parameters(session, demo):
    filters = StoryFilter(roles=("parent", "youth"))
    stored = run_scan(session, demo, filters, ScanOptions(confirm_splits=5), actor="analist@example.org")
    session.commit()
    session.expire_all()
    again = session.scalars(select(PatternRun)).one()
    assert again.filters["roles"] == ["parent", "youth"] and again.options["confirm_splits"] == 5
    result = stored_result(again)
    assert result.n_stories == again.n_stories and len(result.notable) == again.n_notable > 0
    assert stored.created_by == "analist@example.org"


def test_comparisons(session, demo):
    region = run_scan(session, demo, StoryFilter(), ScanOptions(confirm_splits=0), "cli", Comparison.parse("region=twente"))
    assert stored_result(region).notable[0].a == "on_time"
    with pytest.raises(ScanError):
        Comparison.parse("schoenmaat=42")
    with pytest.raises(ScanError):
        Comparison.parse("role=youth:parent")
    with pytest.raises(ScanError, match="komt niet voor"):
        run_scan(session, demo, StoryFilter(), ScanOptions(confirm_splits=0), "cli", Comparison.parse("region=atlantis"))


def test_too_few_stories_is_a_clear_error(session, project, make_story):
    make_story(project)
    with pytest.raises(ScanError, match="Te weinig"):
        run_scan(session, project, StoryFilter(), ScanOptions(), "cli")


def test_cli_on_the_database(run, demo, tmp_path):
    out = tmp_path / "scan.json"
    output = run("patterns", "--project", "demo", "--splits", "5", "--json", str(out))
    assert "opvallende patronen" in output and "Bewaard als scan" in output
    assert "outcome x heard" in output or "heard" in output
    data = json.loads(out.read_text())
    assert data["patterns"] and data["family"]["online"]["procedure"] == "LORD++"
    assert "Verwachte verbanden (apart" in output and "feeling x outcome (vragenset)" in output
    assert "Kleinste vindbaar effect" in output and "Over alle scans van het project (LORD++, scan 1" in output
    assert "Twente" in run("patterns", "--project", "demo", "--compare", "region=twente", "--splits", "0", "--top", "3")
    assert "Kies --project" in run("patterns", ok=False)
    assert "region=SLEUTEL" in run("patterns", "--project", "demo", "--compare", "x", ok=False)


def test_cli_on_a_csv_export_without_database(run, demo, tmp_path):
    export = tmp_path / "demo.csv"
    run("stories", "export", "--project", "demo", "--status", "published", "--out", str(export))
    output = run("patterns", "--csv", str(export), "--form", str(DEFAULT_FORM_PATH), "--splits", "0", "--top", "40")
    assert "opvallende patronen" in output and "Bewaard" not in output
    assert "on_time x region" in output
