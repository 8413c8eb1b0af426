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


def _demo_csv(path, n=300):
    """A CSV export of demo stories made without a database (every fifth one hidden)."""
    import csv

    from vertelpunt.demo.generator import generate_stories
    from vertelpunt.forms.services import read_form_file
    from vertelpunt.geo.services import read_regions

    form = read_form_file(DEFAULT_FORM_PATH)
    questions = [q for m in form["modules"] for q in m["questions"] if q["type"] not in ("text", "place")]
    regions = [r for r in read_regions() if r["key"] in ("twente", "groningen")]
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["public_id", "role", "week", "status", "region"] + [q["key"] for q in questions])
        for i, record in enumerate(generate_stories(form, regions, n=n, seed=3)):
            cells = []
            for q in questions:
                value = record["answers"].get(q["key"])
                cells.append("" if value is None else ";".join(map(str, value)) if isinstance(value, list) else str(value))
            writer.writerow([f"S{i}", record["role"], record["week"], "hidden" if i % 5 == 4 else "published",
                             record.get("region") or ""] + cells)


def test_csv_path_runs_without_a_database_and_loads_neither_flask_nor_sqlalchemy(tmp_path):
    """No configured, reachable or migrated database: `patterns --csv` never builds the app."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    export, out = tmp_path / "demo.csv", tmp_path / "scan.json"
    _demo_csv(export)
    env = {key: value for key, value in os.environ.items() if not key.startswith("VERTELPUNT_")}
    env.update(PYTHONPATH=str(root), VERTELPUNT_DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:1/none",
               VERTELPUNT_INSTANCE_PATH=str(tmp_path / "instance"))
    code = ("import sys\nfrom vertelpunt.cli import main\n"
            f"sys.argv = ['vertelpunt', 'patterns', '--csv', {str(export)!r}, '--form', {str(DEFAULT_FORM_PATH)!r}, "
            f"'--splits', '2', '--json', {str(out)!r}, *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit as done:\n    assert not done.code, done.code\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'flask', 'sqlalchemy', 'psycopg'}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
    assert "240 verhalen" in result.stdout  # the 60 hidden stories are left out
    assert json.loads(out.read_text())["n_stories"] == 240
    everyone = subprocess.run([sys.executable, "-c", code, "--status", "published", "--status", "hidden"],
                              cwd=tmp_path, env=env, capture_output=True, text=True)
    assert everyone.returncode == 0, everyone.stderr
    assert "300 verhalen" in everyone.stdout


def test_csv_path_refuses_a_misspelt_option_with_row_and_column(run, tmp_path):
    export = tmp_path / "demo.csv"
    _demo_csv(export, n=60)
    lines = export.read_text().splitlines()
    header = lines[0].split(",")
    row = lines[3].split(",")
    row[header.index("role")] = "ouder"
    export.write_text("\n".join(lines[:3] + [",".join(row)] + lines[4:]) + "\n")
    output = run("patterns", "--csv", str(export), "--form", str(DEFAULT_FORM_PATH), ok=False)
    assert "rij 4, kolom role: 'ouder' is geen geldige waarde: onbekende rol" in output


def test_the_clis_story_statuses_are_the_models():
    from vertelpunt.cli import STORY_STATUSES
    from vertelpunt.insights.commands import CSV_STATUSES
    from vertelpunt.models.stories import StoryStatus

    assert STORY_STATUSES == CSV_STATUSES == tuple(StoryStatus.values())


def test_cli_scans_stories_with_an_answer_and_refuses_a_wrong_one(run, demo, session):
    output = run("patterns", "--project", "demo", "--answer", "mattered:worker", "--answer", "on_time:0-50",
                 "--splits", "0", "--top", "3")
    assert "Bewaard als scan" in output
    stored = session.scalars(select(PatternRun)).one()
    assert stored.filters["answers"] == ["mattered:worker", "on_time:0-50"]
    everything = run_scan(session, demo, StoryFilter(), ScanOptions(confirm_splits=0), "cli")
    assert 0 < stored.n_stories < everything.n_stories
    refused = run("patterns", "--project", "demo", "--answer", "on_time:0-55", ok=False)
    assert "geen bereik voor" in refused and "tientallen" in refused
