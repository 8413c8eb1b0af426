"""TRUSTED_PROXIES: behind a proxy each teller keeps a rate limit of their own; without one, nobody can fake one."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from vertelpunt import create_app
from vertelpunt.config import ConfigError, read_environment


def remote_addr_seen(app, headers: dict, environ: dict | None = None) -> str:
    seen = {}

    @app.get("/_adres")
    def _address():
        from flask import request

        seen["addr"], seen["scheme"] = request.remote_addr, request.scheme
        return ""

    app.test_client().get("/_adres", headers=headers, environ_base=environ or {"REMOTE_ADDR": "10.9.9.9"})
    return seen


def make_app(database_url, tmp_path, proxies):
    return create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "x" * 32,
                       "INSTANCE_PATH": str(tmp_path / "instance"), "TRUSTED_PROXIES": proxies})


def test_without_trusted_proxies_forwarded_headers_are_ignored(database_url, tmp_path):
    app = make_app(database_url, tmp_path, 0)
    seen = remote_addr_seen(app, {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"})
    assert seen == {"addr": "10.9.9.9", "scheme": "http"}


def test_one_trusted_proxy_gives_the_client_address_it_forwarded(database_url, tmp_path):
    app = make_app(database_url, tmp_path, 1)
    # a client may send its own X-Forwarded-For; the proxy appends the address it saw, which is what counts
    seen = remote_addr_seen(app, {"X-Forwarded-For": "198.51.100.1, 203.0.113.7", "X-Forwarded-Proto": "https"})
    assert seen == {"addr": "203.0.113.7", "scheme": "https"}


def test_behind_a_proxy_tellers_do_not_share_one_story_limit(database_url, tmp_path):
    app = make_app(database_url, tmp_path, 1)
    app.config["RATE_LIMIT_STORIES"] = (1, 3600)

    @app.get("/_verhaal")  # a GET: the point is the address, not the CSRF token
    def _story():
        from flask import request

        from vertelpunt.limits.registry import limiter

        return ("", 204) if limiter("story").hit(request.remote_addr) else ("", 429)

    client = app.test_client()
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    statuses = [client.get("/_verhaal", headers={"X-Forwarded-For": teller}, environ_base=proxy).status_code
                for teller in ("203.0.113.7", "203.0.113.7", "203.0.113.8")]
    assert statuses == [204, 429, 204]  # one story each; the second teller is not blocked by the first


@pytest.mark.parametrize("raw", ["ja", "-1", "9", "1.5"])
def test_a_wrong_proxy_count_stops_the_start_with_a_dutch_message(raw):
    with pytest.raises(ConfigError, match="VERTELPUNT_TRUSTED_PROXIES moet een heel getal"):
        read_environment({"VERTELPUNT_TRUSTED_PROXIES": raw})
    assert read_environment({"VERTELPUNT_TRUSTED_PROXIES": " 2 "}) == {"TRUSTED_PROXIES": 2}


def test_the_command_line_reports_a_wrong_proxy_count(tmp_path):
    env = {"VERTELPUNT_INSTANCE_PATH": str(tmp_path), "VERTELPUNT_TRUSTED_PROXIES": "alle", "PATH": "/usr/bin:/bin",
           "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    result = subprocess.run([sys.executable, "-c", "from vertelpunt.cli import main; main()", "regions"],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 1 and "VERTELPUNT_TRUSTED_PROXIES moet een heel getal" in result.stderr
    assert "Traceback" not in result.stderr
