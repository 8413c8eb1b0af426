"""Quick start-up: the app and the CLI load the heavy libraries only when a command or page needs them,
and every ``--help`` answers without a database."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from vertelpunt.cli import cli

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("scipy", "sklearn", "weasyprint", "plotly")
LOADED_HEAVY = f"import sys; print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))"


def python(code: str, env: dict, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """A fresh interpreter with this worktree first on sys.path (the installed package may be another copy)."""
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.fixture
def env(tmp_path):
    environ = {key: value for key, value in os.environ.items() if not key.startswith("VERTELPUNT_")}
    environ.update(VERTELPUNT_INSTANCE_PATH=str(tmp_path / "instance"), PYTHONPATH=str(ROOT))
    return environ


def heavy_modules(result: subprocess.CompletedProcess) -> list[str]:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_create_app_and_the_cli_load_no_heavy_library(env):
    code = ("import json\nfrom vertelpunt import create_app\n"
            "create_app({'DATABASE_URL': 'sqlite://', 'SECRET_KEY': 'x' * 40})\nimport vertelpunt.cli\n" + LOADED_HEAVY)
    assert heavy_modules(python(code, env)) == []


def test_the_regions_command_loads_no_heavy_library(env):
    run_cli = "from vertelpunt.cli import main\nimport sys\nsys.argv = ['vertelpunt', *{args!r}]\ntry:\n    main()\n" \
              "except SystemExit as done:\n    assert not done.code, done.code\n"
    upgraded = python(run_cli.format(args=["db", "upgrade"]), env)
    assert upgraded.returncode == 0, upgraded.stderr
    result = python("import json\n" + run_cli.format(args=["regions"]) + LOADED_HEAVY, env)
    assert heavy_modules(result) == []
    assert "gemeenten" in result.stdout


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand reachable from the group, as the words that call it."""
    ctx = click.Context(group)
    paths = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths.extend(command_paths(command, (*prefix, name)))
    return paths


def test_the_walk_finds_nested_commands():
    paths = command_paths(cli)
    assert ("users", "create") in paths and ("cards",) in paths and ("db", "upgrade") in paths
    assert any(len(path) == 2 and path[0] == "cards" for path in paths)


@pytest.mark.parametrize("path", [()] + command_paths(cli), ids=lambda path: " ".join(path) or "vertelpunt")
def test_every_help_answers_without_a_database(path, tmp_path, monkeypatch):
    for key in [key for key in os.environ if key.startswith("VERTELPUNT_")]:
        monkeypatch.delenv(key)
    instance = tmp_path / "empty-instance"
    instance.mkdir()
    monkeypatch.setenv("VERTELPUNT_INSTANCE_PATH", str(instance))
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and "niet bijgewerkt" not in result.output
    assert not (instance / "vertelpunt.sqlite3").exists()


def test_an_unmigrated_database_is_still_refused_when_a_command_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("VERTELPUNT_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("VERTELPUNT_DATABASE_URL", raising=False)
    for args in (["regions"], ["users"], ["projects"], ["stories", "export", "--project", "x"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1 and "vertelpunt db upgrade" in result.output, (args, result.output)


def test_an_app_without_pages_has_no_routes_but_the_same_settings(tmp_path):
    """What `vertelpunt regions` and the other page-less commands get: data access, no blueprints."""
    from vertelpunt import create_app

    settings = {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "SECRET_KEY": "s" * 32,
                "INSTANCE_PATH": str(tmp_path / "instance")}
    bare, whole = create_app(settings, web=False), create_app(settings)
    assert {rule.endpoint for rule in bare.url_map.iter_rules()} == {"static"}
    assert len(list(whole.url_map.iter_rules())) > 50
    assert bare.config["DATABASE_URL"] == whole.config["DATABASE_URL"]


def test_a_server_worker_loads_the_page_libraries_in_the_background_after_it_starts(env):
    """gunicorn's post_fork starts the warm-up thread; when it is done scipy and plotly are loaded, so the first
    re-measured proposal does not import them inside its request."""
    code = ("import json, threading\nfrom vertelpunt import create_app\nfrom vertelpunt.serving import gunicorn_options\n"
            "app = create_app({'DATABASE_URL': 'sqlite://', 'SECRET_KEY': 'x' * 40})\n"
            "options = gunicorn_options(app, '127.0.0.1', 0, 1, 2)\n"
            "options['post_fork'](None, None)\n"
            "[t.join() for t in threading.enumerate() if t.name == 'vertelpunt-warm-up']\n" + LOADED_HEAVY)
    assert heavy_modules(python(code, env)) == ["plotly", "scipy"]


def test_a_library_that_fails_to_load_is_logged_and_the_rest_still_load(caplog):
    from vertelpunt.warm_up import warm_up

    assert warm_up(("vertelpunt.no_such_module", "json")) == ["vertelpunt.no_such_module"]
    assert "warm-up import failed" in caplog.text
