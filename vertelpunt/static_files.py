"""Static files (CSS, JavaScript, the plotly bundle): versioned URLs, a year in every cache, gzip when asked.

``url_for('static', filename=...)`` adds ``?v=<hash of the file's content>``. A request that carries the
current hash is answered with ``Cache-Control: public, max-age=31536000, immutable``: the browser never asks
again, and a changed file gets a new URL, so nobody keeps an old script. A request without the hash (or an
old one) is answered with ``no-cache``, so it is revalidated by ETag. Text files (CSS, JavaScript, JSON, SVG)
are sent gzip-compressed when the client accepts it (``Vary: Accept-Encoding``); the compressed bytes are
made once per process and file version and kept in memory (the folder holds a few MB, plotly is most of it).

Why here and not a library: Flask's own static view sends files uncompressed with one fixed max-age;
Flask-Compress skips streamed file responses (``direct_passthrough``) and so never compresses a static file;
WhiteNoise serves pre-compressed files but knows hashed names only from Django's manifest. What remains is a
content hash, a gzip call and three headers. HTML pages are never compressed here: a compressed page that
holds a CSRF token next to text the visitor chose is open to BREACH-style guessing over TLS.
"""
from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, abort, current_app, request, send_from_directory
from werkzeug.security import safe_join

ONE_YEAR = 31_536_000
IMMUTABLE = f"public, max-age={ONE_YEAR}, immutable"
REVALIDATE = "no-cache"
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "text/javascript")
MIN_COMPRESS_BYTES = 1024
VERSION_ARG = "v"


@dataclass(frozen=True)
class Asset:
    """One version of a static file: its content hash, and its gzip bytes once somebody asked for them."""

    stamp: tuple[int, int]  # (mtime_ns, size): a changed file is read again
    version: str
    compressible: bool


class AssetCache:
    """Hashes and gzip bytes per file version, per process (thread-safe: gunicorn's workers are threaded)."""

    def __init__(self) -> None:
        self._assets: dict[str, Asset] = {}
        self._gzip: dict[tuple[str, str], bytes] = {}
        self._lock = threading.Lock()

    def asset(self, path: str) -> Asset | None:
        try:
            info = os.stat(path)
        except OSError:
            return None
        stamp = (info.st_mtime_ns, info.st_size)
        known = self._assets.get(path)
        if known is not None and known.stamp == stamp:
            return known
        data = Path(path).read_bytes()
        mimetype = mimetypes.guess_type(path)[0] or ""
        asset = Asset(stamp, hashlib.sha256(data).hexdigest()[:16],
                      mimetype.startswith(COMPRESSIBLE) and len(data) >= MIN_COMPRESS_BYTES)
        with self._lock:
            self._assets[path] = asset
        return asset

    def gzipped(self, path: str, asset: Asset) -> bytes:
        key = (path, asset.version)
        found = self._gzip.get(key)
        if found is None:
            found = gzip.compress(Path(path).read_bytes(), compresslevel=9, mtime=0)
            with self._lock:
                self._gzip = {k: v for k, v in self._gzip.items() if k[0] != path}  # drop older versions
                self._gzip[key] = found
        return found


def _cache(app: Flask) -> AssetCache:
    return app.extensions["vertelpunt.assets"]


def _file_path(app: Flask, filename: str) -> str | None:
    path = safe_join(app.static_folder, filename)
    return path if path and os.path.isfile(path) else None


def add_version(endpoint: str, values: dict) -> None:
    """url_defaults: every static URL carries the hash of its file's content."""
    if endpoint != "static" or VERSION_ARG in values or "filename" not in values:
        return
    path = _file_path(current_app, values["filename"])
    asset = _cache(current_app).asset(path) if path else None
    if asset is not None:
        values[VERSION_ARG] = asset.version


def accepts_gzip() -> bool:
    return request.accept_encodings["gzip"] > 0


def send_static(filename: str):
    """The ``static`` endpoint: the file (gzip if accepted and worth it), cached for a year when versioned."""
    app = current_app
    path = _file_path(app, filename)
    asset = _cache(app).asset(path) if path else None
    if asset is None:
        abort(404)
    versioned = request.args.get(VERSION_ARG) == asset.version
    cache_control = IMMUTABLE if versioned else REVALIDATE
    if asset.compressible and accepts_gzip():
        mimetype = mimetypes.guess_type(path)[0]
        response = Response(_cache(app).gzipped(path, asset), mimetype=mimetype)
        response.headers["Content-Encoding"] = "gzip"
        response.set_etag(f"{asset.version}-gzip")
        response.make_conditional(request)
    else:
        response = send_from_directory(app.static_folder, filename, etag=asset.version, max_age=None)
    response.headers["Cache-Control"] = cache_control
    if asset.compressible:
        response.vary.add("Accept-Encoding")
    return response


def register_static(app: Flask) -> None:
    """Take over Flask's static view and version its URLs."""
    app.extensions["vertelpunt.assets"] = AssetCache()
    app.url_defaults(add_version)
    app.view_functions["static"] = send_static
