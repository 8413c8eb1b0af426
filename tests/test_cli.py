"""The `vertelpunt` command, run in-process against the test database."""
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from vertelpunt.cli import cli
from vertelpunt.models import AuditEvent, Story

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def run(run, regions):
    """The shared command runner (tests/conftest.py), with the regions loaded."""
    return run


def test_forms_import_list_export(run, tmp_path):
    assert "geïmporteerd" in run("forms", "import", str(FIXTURES / "mini-form.yaml")).output
    assert "Niets veranderd" in run("forms", "import", str(FIXTURES / "mini-form.yaml")).output
    assert "mini " in run("forms").output
    out = tmp_path / "mini.json"
    run("forms", "export", "mini", "--format", "json", "--out", str(out))
    assert "Niets veranderd" in run("forms", "import", str(out)).output
    exported = run("forms", "export", "mini").output
    assert "format: vertelpunt-form/1" in exported and "left: zeer negatief" in exported


def test_bad_input_exits_non_zero_with_a_dutch_message(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: vertelpunt-form/1\nkey: x\n")
    assert "roles: ontbreekt" in run("forms", "import", str(bad), ok=False).output
    assert "bestaat niet" in run("forms", "import", str(tmp_path / "nope.yaml"), ok=False).output
    assert "Geen vragenset 'nope'" in run("forms", "export", "nope", ok=False).output
    assert "Geen project 'nope'" in run("stories", "export", "--project", "nope", ok=False).output
    assert "Onbekende vragenset" in run("projects", "create", "nieuw", "--title", "N", "--form", "nope", ok=False).output
    assert "geldige korte naam" in run("projects", "create", "X Y", "--title", "N", ok=False).output


def test_users_create_and_list(run):
    out = run("users", "create", "a@example.org", "--role", "analyst", "--password-stdin",
              input="correct-paard-batterij-niet\n").output
    assert "gemaakt" in out
    assert "minstens 12 tekens" in run("users", "create", "b@example.org", "--role", "analyst",
                                       "--password-stdin", input="kort\n", ok=False).output
    assert "minstens één regio" in run("users", "create", "v@example.org", "--role", "viewer",
                                       "--password-stdin", input="correct-paard-batterij-niet\n", ok=False).output
    run("users", "create", "v@example.org", "--role", "viewer", "--region", "twente", "--password-stdin",
        input="correct-paard-batterij-niet\n")
    listing = run("users").output
    assert "a@example.org" in listing and "regio's: twente" in listing


def test_stories_export_import_round_trip_via_files(run, session, project, make_story, tmp_path):
    make_story(project, answers={"outcome": 10.0, "heard": 20.0, "help_type": ["ots"], "mattered": [0.1, 0.2, 0.7]})
    make_story(project, role="youth", answers={"outcome": "nvt", "heard": 55.5, "age": "a12_15", "place": "wijchen"})
    out = tmp_path / "verhalen.csv"
    run("stories", "export", "--project", "proef", "--out", str(out))
    run("projects", "create", "kopie", "--title", "Kopie", "--form", "mini", "--region", "twente",
        "--region", "rijk-van-nijmegen")
    imported = run("stories", "import", "--project", "kopie", "--status", "published", str(out))  # keeps statuses
    assert "2 verhalen geïmporteerd" in imported.output
    again = tmp_path / "kopie.csv"
    run("stories", "export", "--project", "kopie", "--out", str(again))
    strip_ids = lambda text: [line.split(",", 1)[1] for line in text.splitlines()]  # noqa: E731
    assert strip_ids(again.read_text()) == strip_ids(out.read_text())
    listing = run("projects").output
    assert "kopie" in listing and "proef" in listing
    session.expire_all()
    actions = session.scalars(select(AuditEvent.action)).all()
    assert actions.count("stories.export") == 2 and "stories.import" in actions


def test_a_failing_import_leaves_nothing_behind(run, session, project, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("role,text,outcome\nparent,Een goed verhaal,50\nparent,Nog een,500\n", encoding="utf-8")
    result = run("stories", "import", "--project", "proef", str(bad), ok=False)
    assert "rij 3, kolom outcome" in result.output and "niets opgeslagen" in result.output
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Story)) == 0


def test_db_upgrade_is_repeatable(run):
    assert "bijgewerkt" in run("db", "upgrade").output
    assert "bijgewerkt" in run("db", "upgrade").output


def test_an_outdated_database_gets_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("VERTELPUNT_DATABASE_URL", f"sqlite:///{tmp_path / 'leeg.sqlite3'}")
    monkeypatch.setenv("VERTELPUNT_INSTANCE_PATH", str(tmp_path / "instance"))
    result = CliRunner().invoke(cli, ["projects"])
    assert result.exit_code != 0 and "vertelpunt db upgrade" in result.output


ENGLISH = re.compile(r"\b(the|and|with|from|into|List|Write|Create|Import|Export|Delete|Run|Serve|Load|Set|Give|"
                     r"Bring|Find|stories|story|project's|until|only)\b")


def _commands(group, ctx, path="vertelpunt"):
    yield path, group
    if isinstance(group, click.Group):
        for name in group.list_commands(ctx):
            yield from _commands(group.get_command(ctx, name), ctx, f"{path} {name}")


def test_every_command_and_option_explains_itself_in_dutch():
    """`vertelpunt --help` is read by the admin who runs the server: no English, and no option without help."""
    ctx = click.Context(cli)
    seen = 0
    for path, command in _commands(cli, ctx):
        seen += 1
        assert command.help and not ENGLISH.search(command.help), (path, command.help)
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                assert param.help and not ENGLISH.search(param.help), (path, param.opts, param.help)
    assert seen > 25


def test_the_plural_is_right_in_commands_and_pages():
    from vertelpunt.wording import aantal

    assert aantal(1, "kaart", "kaarten") == "1 kaart"
    assert aantal(2, "kaart", "kaarten") == "2 kaarten"
    assert aantal(0, "kaart", "kaarten") == "0 kaarten"
    assert aantal(1250, "verhaal", "verhalen") == "1.250 verhalen"
