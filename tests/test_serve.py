"""The README's first command: `vertelpunt serve --demo` on a fresh instance folder (SQLite)."""
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(os.environ.get("VERTELPUNT_TEST_DATABASE_URL") is not None, reason="serves the SQLite default")
def test_serve_demo_on_a_fresh_instance(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERTELPUNT_")}
    env["VERTELPUNT_INSTANCE_PATH"] = str(tmp_path / "instance")
    server = subprocess.Popen(
        [sys.executable, "-c", "from vertelpunt.cli import main; main()", "serve", "--demo", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 240  # seeding the demo and its cycle comes first
        while True:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read().decode()
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.5)
        assert "Vertelpunt jeugdhulp (demo)" in page
        landing = urllib.request.urlopen(f"http://127.0.0.1:{port}/v/demo/", timeout=5).read().decode()
        assert "Ik ben ouder of verzorger" in landing
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "960 verhalen" in output and "wachtwoord:" in output
    assert (tmp_path / "instance" / "vertelpunt.sqlite3").exists() and (tmp_path / "instance" / "secret_key").exists()
