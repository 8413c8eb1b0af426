"""Refuse expensive requests before their body is parsed.

Parsing a form costs time in proportion to its fields: a story POST with 150,000 tiny fields (1.6 MB, under
MAX_CONTENT_LENGTH) cost seconds of server time, and CSRF protection parses the form before any view runs. So
this check runs first of all ``before_request`` functions and only looks at what is cheap to look at:

- a client over its limit for the action of this endpoint is refused (429) before anything is read;
- a urlencoded body is read (bounded by MAX_CONTENT_LENGTH) and refused (413) when it is bigger than
  MAX_FORM_MEMORY_SIZE or has more fields than MAX_FORM_PARTS, counted as separators. werkzeug checks both for
  multipart bodies itself, but for a urlencoded body only the size and only from Content-Length, which a
  chunked upload does not send.

The read body is cached, so parsing it later does not read the stream again.
"""
from __future__ import annotations

from flask import Flask, abort, current_app, request
from flask_login import current_user

from vertelpunt.limits.registry import limiter

URLENCODED = "application/x-www-form-urlencoded"
#: endpoint -> the named limit checked (not counted) before the body is read. Staff are never throttled here.
LIMITS_BEFORE_BODY = {"collect.tell": "story", "collect.withdraw": "withdraw", "collect.my_story": "withdraw"}


def install(app: Flask) -> None:
    """Put the check in front of every other ``before_request`` function (CSRF protection included)."""
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_expensive_requests)


def client_address() -> str:
    return request.remote_addr or "unknown"


#: endpoint -> the setting that replaces MAX_CONTENT_LENGTH for an admin's upload to it (a backup to restore).
LARGER_UPLOADS = {"admin_maintenance.restore_upload": "MAX_BACKUP_UPLOAD_BYTES"}
#: Room for the form's other fields and the multipart framing around the file.
UPLOAD_ROOM = 64 * 1024


def refuse_expensive_requests() -> None:
    if request.method != "POST":
        return
    setting = LARGER_UPLOADS.get(request.endpoint or "")
    if setting and current_user.is_authenticated and current_user.is_admin:
        request.max_content_length = int(current_app.config[setting]) + UPLOAD_ROOM
    name = LIMITS_BEFORE_BODY.get(request.endpoint or "")
    if name and not current_user.is_authenticated and limiter(name).is_limited(client_address()):
        abort(429)
    if request.mimetype == URLENCODED:
        _check_urlencoded_body()


def _check_urlencoded_body() -> None:
    config = current_app.config
    max_bytes, max_fields = config.get("MAX_FORM_MEMORY_SIZE"), config.get("MAX_FORM_PARTS")
    length = request.content_length
    if max_bytes is not None and length is not None and length > max_bytes:
        abort(413)
    body = request.get_data(cache=True)  # a chunked body: read once, at most MAX_CONTENT_LENGTH
    if max_bytes is not None and len(body) > max_bytes:
        abort(413)
    if max_fields is not None and body.count(b"&") >= max_fields:
        abort(413)
