"""Configuration: defaults, instance file, environment (generic over Defaults) and the mapping, in that order."""
import os
import stat

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from vertelpunt import create_app
from vertelpunt.config import ConfigError, Defaults, convert_like, environment_settings, read_environment
from vertelpunt.db import database

POSTGRES_URL = "postgresql+psycopg://vertelpunt@127.0.0.1:5432/vertelpunt"


def test_defaults_use_sqlite_in_instance_and_generate_a_persistent_secret(tmp_path, monkeypatch):
    monkeypatch.delenv("VERTELPUNT_DATABASE_URL", raising=False)
    monkeypatch.delenv("VERTELPUNT_SECRET_KEY", raising=False)
    instance = tmp_path / "instance"
    app = create_app({"INSTANCE_PATH": str(instance)})
    assert app.config["DATABASE_URL"] == f"sqlite:///{instance / 'vertelpunt.sqlite3'}"
    key_file = instance / "secret_key"
    assert key_file.exists() and len(app.config["SECRET_KEY"]) >= 40
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    again = create_app({"INSTANCE_PATH": str(instance)})
    assert again.config["SECRET_KEY"] == app.config["SECRET_KEY"]


def test_instance_config_file_then_environment_then_mapping(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text("SECRET_KEY = 'from-file'\nSMALL_GROUP_THRESHOLD = 7\n")
    monkeypatch.delenv("VERTELPUNT_SECRET_KEY", raising=False)
    app = create_app({"INSTANCE_PATH": str(instance)})
    assert app.config["SECRET_KEY"] == "from-file" and app.config["SMALL_GROUP_THRESHOLD"] == 7
    monkeypatch.setenv("VERTELPUNT_SECRET_KEY", "from-env")
    assert create_app({"INSTANCE_PATH": str(instance)}).config["SECRET_KEY"] == "from-env"
    assert create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "x"}).config["SECRET_KEY"] == "x"


def test_environment_booleans():
    assert read_environment({"VERTELPUNT_SESSION_COOKIE_SECURE": "true"}) == {"SESSION_COOKIE_SECURE": True}
    assert read_environment({"VERTELPUNT_SESSION_COOKIE_SECURE": "0"}) == {"SESSION_COOKIE_SECURE": False}
    assert read_environment({"VERTELPUNT_DATABASE_URL": ""}) == {}


def test_sqlite_connections_have_wal_and_foreign_keys(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path / "i"), "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})
    with database(app).engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_session_cookie_flags(app):
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def other_value(key, default):
    """A value of the default's type that differs from it, and how it is written in the environment."""
    if key == "TRUSTED_PROXIES":
        return 2, "2"
    if isinstance(default, bool):
        return (not default), ("false" if default else "true")
    if isinstance(default, int):
        return default + 3, f" {default + 3} "
    if isinstance(default, float):
        return default + 0.5, str(default + 0.5)
    if isinstance(default, tuple):
        value = tuple(item + 1 for item in default)
        return value, ", ".join(str(item) for item in value)
    return "sqlite:///elders.db", "sqlite:///elders.db"  # str and optional str: any text


@pytest.mark.parametrize("key", sorted(environment_settings()))
def test_every_setting_can_come_from_the_environment(key):
    """Iterates over Defaults, so a setting added there later is covered without changing this test."""
    default = environment_settings()[key]
    expected, raw = other_value(key, default)
    values = read_environment({f"VERTELPUNT_{key}": raw})
    assert values == {key: expected}
    assert type(values[key]) is (type(default) if default is not None else str)


def test_defaults_and_the_secret_key_are_all_covered():
    names = {name for name in vars(Defaults) if name.isupper()}
    assert names <= set(environment_settings()) and "SECRET_KEY" in environment_settings()
    assert {"DATABASE_URL", "SMALL_GROUP_THRESHOLD", "RATE_LIMIT_STORIES", "SQL_ECHO"} <= names


def test_a_setting_added_to_defaults_is_read_without_further_code(monkeypatch):
    monkeypatch.setattr(Defaults, "NEW_WINDOW", (3, 60, 9), raising=False)
    monkeypatch.setattr(Defaults, "NEW_URI", None, raising=False)
    assert read_environment({"VERTELPUNT_NEW_WINDOW": "4,120,1", "VERTELPUNT_NEW_URI": "memory://"}) == {
        "NEW_WINDOW": (4, 120, 1), "NEW_URI": "memory://"}


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", "yes", "on", " On "])
def test_true_words(raw):
    assert convert_like(False, "VERTELPUNT_X", raw) is True


@pytest.mark.parametrize("raw", ["0", "false", "False", "no", "off"])
def test_false_words(raw):
    assert convert_like(True, "VERTELPUNT_X", raw) is False


def test_numbers_tuples_and_text():
    assert convert_like(5, "VERTELPUNT_X", "12") == 12
    assert convert_like(5, "VERTELPUNT_X", "0") == 0
    assert convert_like((20, 3600), "VERTELPUNT_X", "10,60") == (10, 60)
    assert convert_like((20, 3600), "VERTELPUNT_X", " 10 , 60 ") == (10, 60)
    assert convert_like("Lax", "VERTELPUNT_X", "Strict") == "Strict"
    assert convert_like(None, "VERTELPUNT_X", "redis://cache:6379/0") == "redis://cache:6379/0"


def test_empty_variables_count_as_unset():
    assert read_environment({"VERTELPUNT_SMALL_GROUP_THRESHOLD": "", "VERTELPUNT_SQL_ECHO": ""}) == {}
    assert read_environment({"SMALL_GROUP_THRESHOLD": "7", "VERTELPUNT_UNKNOWN": "1"}) == {}


@pytest.mark.parametrize(("key", "raw", "message"), [
    ("SQL_ECHO", "misschien", "moet aan of uit zijn"),
    ("SQL_ECHO", "2", "moet aan of uit zijn"),
    ("SESSION_COOKIE_SECURE", "ja", "moet aan of uit zijn"),
    ("SMALL_GROUP_THRESHOLD", "vijf", "moet een heel getal van 0 of meer zijn"),
    ("SMALL_GROUP_THRESHOLD", "-1", "moet een heel getal van 0 of meer zijn"),
    ("SMALL_GROUP_THRESHOLD", "2.5", "moet een heel getal van 0 of meer zijn"),
    ("RATE_LIMIT_STORIES", "20", "moet 2 hele getallen van 0 of meer zijn"),
    ("RATE_LIMIT_STORIES", "20,3600,5", "moet 2 hele getallen van 0 of meer zijn"),
    ("RATE_LIMIT_STORIES", "20/uur", "moet 2 hele getallen van 0 of meer zijn"),
    ("RATE_LIMIT_STORIES", "20,", "moet 2 hele getallen van 0 of meer zijn"),
    ("TRUSTED_PROXIES", "6", "moet een heel getal van 0 tot en met 5 zijn"),
])
def test_bad_values_stop_with_a_dutch_message_naming_the_variable(key, raw, message):
    with pytest.raises(ConfigError, match=message) as caught:
        read_environment({f"VERTELPUNT_{key}": raw})
    assert f"VERTELPUNT_{key}" in str(caught.value) and repr(raw) in str(caught.value)


def test_environment_settings_reach_the_app(tmp_path, monkeypatch):
    monkeypatch.setenv("VERTELPUNT_SMALL_GROUP_THRESHOLD", "8")
    monkeypatch.setenv("VERTELPUNT_RATE_LIMIT_STORIES", "3,60")
    monkeypatch.setenv("VERTELPUNT_SQL_ECHO", "off")
    app = create_app({"INSTANCE_PATH": str(tmp_path / "i"), "DATABASE_URL": "sqlite://"})
    assert app.config["SMALL_GROUP_THRESHOLD"] == 8 and app.config["RATE_LIMIT_STORIES"] == (3, 60)
    assert app.config["SQL_ECHO"] is False


def test_a_bad_value_stops_the_cli_with_its_message(tmp_path, monkeypatch):
    from vertelpunt.cli import cli

    monkeypatch.setenv("VERTELPUNT_INSTANCE_PATH", str(tmp_path / "i"))
    monkeypatch.setenv("VERTELPUNT_SMALL_GROUP_THRESHOLD", "vijf")
    result = CliRunner().invoke(cli, ["regions"])
    assert result.exit_code == 1 and "VERTELPUNT_SMALL_GROUP_THRESHOLD moet een heel getal" in result.output


def test_the_mapping_wins_over_the_instance_path_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("VERTELPUNT_INSTANCE_PATH", str(tmp_path / "from-env"))
    app = create_app({"INSTANCE_PATH": str(tmp_path / "from-mapping"), "DATABASE_URL": "sqlite://"})
    assert app.instance_path == str((tmp_path / "from-mapping").resolve())
    assert (tmp_path / "from-mapping" / "secret_key").exists() and not (tmp_path / "from-env").exists()
    assert create_app({"DATABASE_URL": "sqlite://"}).instance_path == str((tmp_path / "from-env").resolve())


def test_a_server_database_needs_a_configured_secret_key(tmp_path, monkeypatch):
    """Several servers share one database, so they must share one key; a generated one differs per machine."""
    monkeypatch.delenv("VERTELPUNT_SECRET_KEY", raising=False)
    instance = tmp_path / "instance"
    with pytest.raises(ConfigError, match="VERTELPUNT_SECRET_KEY") as caught:
        create_app({"INSTANCE_PATH": str(instance), "DATABASE_URL": POSTGRES_URL})
    assert "dezelfde sleutel" in str(caught.value)
    assert not (instance / "secret_key").exists()
    monkeypatch.setenv("VERTELPUNT_DATABASE_URL", POSTGRES_URL)
    with pytest.raises(ConfigError, match="geheime sleutel"):
        create_app({"INSTANCE_PATH": str(instance)})


def test_a_server_database_takes_the_key_from_environment_file_or_mapping(tmp_path, monkeypatch):
    monkeypatch.delenv("VERTELPUNT_SECRET_KEY", raising=False)
    monkeypatch.setenv("VERTELPUNT_DATABASE_URL", POSTGRES_URL)
    instance = tmp_path / "instance"
    assert create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "k" * 40}).config["SECRET_KEY"] == "k" * 40
    monkeypatch.setenv("VERTELPUNT_SECRET_KEY", "e" * 40)
    assert create_app({"INSTANCE_PATH": str(instance)}).config["SECRET_KEY"] == "e" * 40
    monkeypatch.delenv("VERTELPUNT_SECRET_KEY")
    (instance / "config.py").write_text("SECRET_KEY = 'f' * 40\n")
    assert create_app({"INSTANCE_PATH": str(instance)}).config["SECRET_KEY"] == "f" * 40
    assert not (instance / "secret_key").exists()


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///x.db", "sqlite+pysqlite:///x.db"])
def test_sqlite_still_generates_its_key(tmp_path, monkeypatch, url):
    monkeypatch.delenv("VERTELPUNT_SECRET_KEY", raising=False)
    instance = tmp_path / "instance"
    app = create_app({"INSTANCE_PATH": str(instance), "DATABASE_URL": url.replace("x.db", str(tmp_path / "x.db"))})
    assert (instance / "secret_key").read_text() == app.config["SECRET_KEY"]
