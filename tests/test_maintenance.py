"""Backup/restore round trip (every row of every table), retention purge, and forgetting withdrawn stories."""
from datetime import date, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from vertelpunt.cli import cli
from vertelpunt.db import Base, database
from vertelpunt.maintenance.backup import BackupError, restore_backup, write_backup
from vertelpunt.maintenance.retention import RetentionError, forget_story_ids, parse_period, purge_stories
from vertelpunt.models import Answer, AuditEvent, PatternRun, Story


def all_rows(engine) -> dict[str, list[tuple]]:
    with engine.connect() as connection:
        return {table.name: [tuple(row) for row in connection.execute(
                    select(table).order_by(*(table.primary_key.columns or table.columns)))]
                for table in Base.metadata.sorted_tables}


@pytest.fixture
def filled(session, project, make_story, make_user):
    make_user("analyst")
    for index in range(6):
        make_story(project, text=f"Verhaal nummer {index} met 'aanhalingstekens', ë en een regel\nerbij.",
                   answers={"outcome": 10.0 * index, "heard": 50.0, "help_type": ["jeugdhulp", "ots"],
                            "mattered": [0.2, 0.3, 0.5], "place": "hengelo"},
                   week=date(2026, 1, 5) + timedelta(weeks=index))
    session.add(PatternRun(project=project, created_by="cli", form_id=project.form_id, filters={"regions": []},
                           options={"alpha": 0.05}, n_stories=6, n_notable=0, result={"patterns": [], "x": 1.5}))
    session.commit()
    return project


def test_backup_and_restore_round_trip_every_row(app, filled, tmp_path):
    engine = database(app).engine
    before = all_rows(engine)
    path = tmp_path / "backup.jsonl.gz"
    counts = write_backup(engine, path)
    assert counts["stories"] == 6 and counts["answers"] > 6
    with pytest.raises(BackupError, match="bevat al gegevens"):
        restore_backup(engine, path)
    restore_backup(engine, path, replace=True)
    assert all_rows(engine) == before


def test_restore_into_an_empty_database_continues_ids(app, filled, session, tmp_path, make_story):
    engine = database(app).engine
    before = all_rows(engine)
    path = tmp_path / "backup.jsonl.gz"
    write_backup(engine, path)
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in {"regions", "municipalities"}:
                connection.execute(table.delete())
    restore_backup(engine, path)
    assert all_rows(engine) == before
    session.expire_all()
    newest = make_story(filled)  # ids continue after the restored ones (PostgreSQL sequences reset)
    assert newest.id > max(row[0] for row in before["stories"])


def test_restore_refuses_bad_files_and_changes_nothing(app, filled, tmp_path):
    engine = database(app).engine
    before = all_rows(engine)
    not_gzip = tmp_path / "kapot.gz"
    not_gzip.write_bytes(b"dit is geen backup")
    with pytest.raises(BackupError, match="geen leesbare"):
        restore_backup(engine, not_gzip, replace=True)
    import gzip
    import json

    wrong = tmp_path / "ander.gz"
    with gzip.open(wrong, "wt") as handle:
        handle.write(json.dumps({"format": "vertelpunt-backup/1", "revision": "0001", "tables": []}) + "\n")
    with pytest.raises(BackupError, match="schemaversie"):
        restore_backup(engine, wrong, replace=True)
    broken = tmp_path / "half.gz"
    write_backup(engine, broken)
    with gzip.open(broken, "rt") as handle:
        lines = handle.readlines()
    with gzip.open(broken, "wt") as handle:
        handle.writelines(lines[:-3] + ['["te", "kort"]\n'])
    with pytest.raises(BackupError, match="onverwachte regel|past niet"):
        restore_backup(engine, broken, replace=True)
    with gzip.open(broken, "wt") as handle:  # a story whose project is missing
        handle.writelines([line for line in lines if not line.startswith('{"table": "projects"')])
    with pytest.raises(BackupError, match="onverwachte regel|past niet"):
        restore_backup(engine, broken, replace=True)
    assert all_rows(engine) == before


def test_backup_and_restore_commands(app, filled, database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("VERTELPUNT_DATABASE_URL", database_url)
    monkeypatch.setenv("VERTELPUNT_INSTANCE_PATH", str(tmp_path / "cli-instance"))
    monkeypatch.setenv("VERTELPUNT_SECRET_KEY", "cli-test-secret")
    path = tmp_path / "b.gz"
    result = CliRunner().invoke(cli, ["backup", str(path)])
    assert result.exit_code == 0 and "Backup geschreven" in result.output
    result = CliRunner().invoke(cli, ["restore", str(path)])
    assert result.exit_code != 0 and "--replace" in result.output
    result = CliRunner().invoke(cli, ["restore", "--replace", str(path)])
    assert result.exit_code == 0 and "teruggezet" in result.output


@pytest.mark.parametrize("text,days", [("730d", 730), ("104w", 728), ("24m", 720), ("2y", 730), (" 3D ", 3)])
def test_parse_period(text, days):
    assert parse_period(text) == timedelta(days=days)


@pytest.mark.parametrize("text", ["", "0d", "24", "twee jaar", "-5d", "5x"])
def test_parse_period_refuses_nonsense(text):
    with pytest.raises(RetentionError, match="geen geldige periode"):
        parse_period(text)


def test_purge_deletes_old_stories_their_answers_and_run_citations(session, filled):
    old = session.scalars(select(Story).where(Story.week < date(2026, 1, 20))).all()
    assert len(old) == 3
    old_ids = {s.public_id for s in old}
    run = session.scalars(select(PatternRun)).one()
    run.result = {"patterns": [{"a": "x", "b": "y", "story_ids": sorted(old_ids) + ["BLIJFT"]}]}
    session.commit()
    outcome = purge_stories(session, timedelta(days=10), today=date(2026, 1, 30), dry_run=True)
    assert outcome.stories == 3 and session.scalar(select(func.count()).select_from(Story)) == 6
    outcome = purge_stories(session, timedelta(days=10), today=date(2026, 1, 30))
    session.commit()
    assert outcome.cutoff == date(2026, 1, 20) and outcome.stories == 3
    assert session.scalar(select(func.count()).select_from(Story)) == 3
    assert session.scalar(select(func.count()).select_from(Answer).where(Answer.story_id.in_([s.id for s in old]))) == 0
    session.expire_all()
    assert session.get(PatternRun, run.id).result["patterns"][0]["story_ids"] == ["BLIJFT"]


def test_purge_command_is_audited(app, filled, database_url, tmp_path, monkeypatch, session):
    monkeypatch.setenv("VERTELPUNT_DATABASE_URL", database_url)
    monkeypatch.setenv("VERTELPUNT_INSTANCE_PATH", str(tmp_path / "cli-instance"))
    monkeypatch.setenv("VERTELPUNT_SECRET_KEY", "cli-test-secret")
    result = CliRunner().invoke(cli, ["purge", "--older-than", "nooit"])
    assert result.exit_code != 0 and "geen geldige periode" in result.output
    result = CliRunner().invoke(cli, ["purge", "--older-than", "1d"])
    assert result.exit_code == 0 and "6 verhalen" in result.output
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Story)) == 0
    assert session.scalar(select(AuditEvent.action).where(AuditEvent.action == "stories.purge")) == "stories.purge"


def test_forget_story_ids_leaves_other_runs_alone(session, filled):
    run = session.scalars(select(PatternRun)).one()
    assert forget_story_ids(session, {"NIETBESTAAND"}) == 0
    assert forget_story_ids(session, set()) == 0
    assert run.result == {"patterns": [], "x": 1.5}


def test_withdrawal_removes_the_story_from_cards_themes_and_stored_runs(session, filled):
    from vertelpunt.collect.services import withdraw_story
    from vertelpunt.models import CardStory, ObservationCard, ThemeMember, ThemeRun
    from vertelpunt.stories.services import StoryInput, create_story

    story = create_story(session, filled, StoryInput(
        role="parent", text="Een verhaal dat ik later weer intrek.", answers={"outcome": 20.0},
        week=date(2026, 3, 2), status="published"), withdrawal_code="ABCD-EFGH")
    session.flush()
    run = session.scalars(select(PatternRun)).one()
    run.result = {"patterns": [{"a": "outcome", "b": "role", "story_ids": [story.public_id, "ANDER"]}]}
    card = ObservationCard(project=filled, run=run, pattern_key="outcome|role", title="Kaart", n=6, filters={},
                           content={}, created_by="analyst@example.org")
    themes = ThemeRun(project=filled, created_by="analyst@example.org", filters={}, n_stories=7, n_topics=2, topics=[])
    session.add_all([card, themes])
    session.flush()
    session.add_all([CardStory(card_id=card.id, story_id=story.id, position=0, sentence=0),
                     ThemeMember(run_id=themes.id, story_id=story.id, topic=1, weight=0.5)])
    session.commit()

    assert withdraw_story(session, filled, "WRONG-CODE") is False
    assert withdraw_story(session, filled, "ABCD-EFGH") is True
    session.expire_all()
    assert session.get(Story, story.id) is None
    assert session.scalar(select(func.count()).select_from(Answer).where(Answer.story_id == story.id)) == 0
    assert session.scalar(select(func.count()).select_from(CardStory)) == 0
    assert session.scalar(select(func.count()).select_from(ThemeMember)) == 0
    assert session.get(PatternRun, run.id).result["patterns"][0]["story_ids"] == ["ANDER"]
