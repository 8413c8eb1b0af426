"""How many worker processes `vertelpunt serve` may run, and the gunicorn settings it hands over."""
from __future__ import annotations

import socket

import pytest

from vertelpunt import serving


def test_several_workers_need_a_shared_store_for_their_limits(monkeypatch):
    monkeypatch.setattr(serving, "can_fork", lambda: True)
    monkeypatch.setattr(serving.os, "cpu_count", lambda: 2)
    assert serving.choose_workers(None, shared_limits=True, memory_database=False) == serving.WorkerChoice(2, None)
    assert serving.choose_workers(3, shared_limits=True, memory_database=False).workers == 3
    alone = serving.choose_workers(None, shared_limits=False, memory_database=False)
    assert alone.workers == 1 and "VERTELPUNT_RATELIMIT_STORAGE_URI=redis://" in alone.reason  # how to scale out
    assert serving.choose_workers(4, shared_limits=False, memory_database=False).workers == 1


def test_an_in_memory_database_and_windows_keep_one_process(monkeypatch):
    monkeypatch.setattr(serving, "can_fork", lambda: True)
    memory = serving.choose_workers(2, shared_limits=True, memory_database=True)
    assert memory.workers == 1 and "geheugen" in memory.reason
    monkeypatch.setattr(serving, "can_fork", lambda: False)
    assert serving.choose_workers(2, shared_limits=True, memory_database=False).workers == 1


def test_at_most_four_workers_by_default(monkeypatch):
    monkeypatch.setattr(serving, "can_fork", lambda: True)
    monkeypatch.setattr(serving.os, "cpu_count", lambda: 32)
    assert serving.choose_workers(None, shared_limits=True, memory_database=False).workers == 4


def test_gunicorn_gets_threads_no_access_log_and_no_forwarded_header_trust(app):
    options = serving.gunicorn_options(app, "127.0.0.1", 8123, workers=2, threads=8)
    assert options["bind"] == ["127.0.0.1:8123"] and options["worker_class"] == "gthread"
    assert options["workers"] == 2 and options["threads"] == 8 and options["preload_app"] is True
    assert options["accesslog"] is None and options["control_socket_disable"] is True
    assert options["secure_scheme_headers"] == {}  # X-Forwarded-* only through TRUSTED_PROXIES (ProxyFix)
    assert serving.gunicorn_options(app, "::1", 8123, 1, 1)["bind"] == ["[::1]:8123"]


def test_a_taken_port_is_found_before_gunicorn_starts():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        with pytest.raises(OSError):
            serving.check_port("127.0.0.1", taken.getsockname()[1])
