"""Static files: versioned URLs, a year in the cache for the current version, gzip only when asked."""
from __future__ import annotations

import gzip
import re
from pathlib import Path

from flask import url_for

from vertelpunt.static_files import IMMUTABLE, REVALIDATE


def _versioned(app, filename: str) -> str:
    with app.test_request_context():
        return url_for("static", filename=filename)


def test_static_urls_carry_the_hash_of_the_content(app, tmp_path):
    url = _versioned(app, "css/vertelpunt.css")
    assert re.fullmatch(r"/static/css/vertelpunt\.css\?v=[0-9a-f]{16}", url)
    app.static_folder = str(tmp_path)
    (tmp_path / "a.js").write_text("var a = 1;")
    first = _versioned(app, "a.js")
    (tmp_path / "a.js").write_text("var a = 22;")  # another size, so another stamp even on a coarse clock
    assert _versioned(app, "a.js") != first  # a changed file gets a new URL
    assert _versioned(app, "missing.js") == "/static/missing.js"


def test_versioned_file_is_cached_for_a_year_and_gzipped_when_asked(app, client):
    url = _versioned(app, "vendor/plotly.min.js")
    on_disk = (Path(app.static_folder) / "vendor" / "plotly.min.js").read_bytes()
    packed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.status_code == 200 and packed.headers["Content-Encoding"] == "gzip"
    assert packed.headers["Cache-Control"] == IMMUTABLE and "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == on_disk and len(packed.data) < len(on_disk) / 2
    assert client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]}).status_code == 304

    plain = client.get(url)  # no Accept-Encoding: the file as it is
    assert "Content-Encoding" not in plain.headers and plain.data == on_disk
    assert client.get(url, headers={"Accept-Encoding": "gzip;q=0"}).headers.get("Content-Encoding") is None


def test_bare_or_stale_versions_are_revalidated(app, client):
    assert client.get("/static/css/vertelpunt.css").headers["Cache-Control"] == REVALIDATE
    assert client.get("/static/css/vertelpunt.css?v=0123456789abcdef").headers["Cache-Control"] == REVALIDATE


def test_small_and_binary_files_are_not_compressed(app, client, tmp_path):
    app.static_folder = str(tmp_path)
    (tmp_path / "tiny.css").write_text("p{}")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG" + b"\0" * 4000)
    for name in ("tiny.css", "logo.png"):
        response = client.get(_versioned(app, name), headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200 and "Content-Encoding" not in response.headers, name
        assert response.headers["Cache-Control"] == IMMUTABLE


def test_paths_outside_the_folder_are_not_found(client):
    for path in ("/static/../pyproject.toml", "/static/%2e%2e/pyproject.toml", "/static/nope.js", "/static/js"):
        assert client.get(path).status_code == 404, path


def test_pages_are_never_compressed(client):
    response = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and "Content-Encoding" not in response.headers
    assert re.search(r'href="/static/css/vertelpunt\.css\?v=[0-9a-f]{16}"', response.get_data(as_text=True))
