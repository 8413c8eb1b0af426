import os
import stat

from sqlalchemy import text

from vertelpunt import create_app
from vertelpunt.config import read_environment
from vertelpunt.db import database


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
