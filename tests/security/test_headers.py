"""Security headers on every kind of page, and HTML that works under the strict Content-Security-Policy.

The CSP allows scripts, styles, fonts and connections from our own origin only. That only holds up if the
HTML never needs more: no inline script code, no style attributes or <style> blocks, no on...= handlers,
no javascript: links and nothing loaded from another host. The HTML of every page that the admin, a
participant and an anonymous visitor can open is scanned for exactly that.
"""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.security.matrix import MATRIX
from tests.security.test_access_matrix import ENDPOINTS, _url

HEADER_PAGES = {  # page type -> (actor, path template)
    "public home": ("anonymous", "/"),
    "project page": ("anonymous", "/v/{slug}/"),
    "story form": ("anonymous", "/v/{slug}/vertel/parent"),
    "login": ("anonymous", "/beheer/inloggen"),
    "staff page": ("admin", "/beheer/"),
    "dashboard": ("analyst", "/beheer/analyse/?project={slug}"),
    "participant page": ("participant", "/s/{join_code}/tafel/{table}"),
    "error page 404": ("anonymous", "/bestaat-niet"),
    "error page 403": ("viewer_own", "/beheer/audit/"),
}


def _directives(policy: str) -> dict[str, list[str]]:
    result = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            result[words[0]] = words[1:]
    return result


@pytest.mark.parametrize("page", sorted(HEADER_PAGES))
def test_security_headers_on_every_page_type(world, page):
    actor, template = HEADER_PAGES[page]
    path = template.format(slug=world.slug, join_code=world.join_code, table=world.ids["table"])
    response = world.client(actor).get(path)
    expected_status = {"error page 404": 404, "error page 403": 403}.get(page, 200)
    assert response.status_code == expected_status, f"{path}: {response.status_code}"
    assert response.mimetype == "text/html"
    policy = response.headers.get("Content-Security-Policy", "")
    directives = _directives(policy)
    assert directives.get("default-src") == ["'self'"], policy
    assert directives.get("frame-ancestors") == ["'none'"], policy
    assert directives.get("object-src") == ["'none'"], policy
    for name in ("script-src", "style-src"):
        assert name in directives, f"{name} must be set explicitly: {policy}"
    for name, sources in directives.items():
        for source in sources:
            assert source not in ("*", "'unsafe-inline'", "'unsafe-eval'", "http:", "https:"), f"{name} {source}"
            assert "://" not in source and not source.startswith("*."), f"{name} allows another host: {source}"
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("X-Frame-Options") == "DENY"
    assert response.headers.get("Referrer-Policy") == "no-referrer"


def test_json_and_downloads_carry_the_headers_too(world):
    for actor, path in (("participant", f"/s/{world.join_code}/tafel/{world.ids['table']}/notities.json"),
                        ("facilitator", f"/beheer/sessies/{world.ids['session']}/bord.json"),
                        ("analyst", "/beheer/voorstellen/export.csv")):
        response = world.client(actor).get(path)
        assert response.status_code == 200, path
        assert response.headers.get("X-Content-Type-Options") == "nosniff", path
        assert "frame-ancestors 'none'" in response.headers.get("Content-Security-Policy", ""), path


class _CspScanner(HTMLParser):
    """Collects everything in a page that the strict CSP would block (or that loads from elsewhere)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script_type: str | None = None
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name == "style":
                self.problems.append(f'<{tag} style="{value}">')
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler")
            if name in ("href", "src", "action", "formaction") and value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value}>")
        if tag == "style":
            self.problems.append("<style> block")
        if tag == "script":
            self._in_script = True
            self._script_type = values.get("type")
            src = values.get("src")
            if src is not None and _foreign(src):
                self.problems.append(f"<script src={src}> from another host")
            if src is None and values.get("type") != "application/json":
                self._script_type = "inline"
        if tag == "link" and _foreign(values.get("href") or ""):
            self.problems.append(f"<link href={values.get('href')}> from another host")
        if tag in ("img", "iframe", "source", "video", "audio", "embed", "object") and _foreign(values.get("src") or ""):
            self.problems.append(f"<{tag} src={values.get('src')}> from another host")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and self._script_type == "inline" and data.strip():
            self.problems.append(f"inline <script> code: {data.strip()[:60]!r}")


def _foreign(url: str) -> bool:
    url = url.strip().lower()
    return url.startswith(("http:", "https:", "//"))


def csp_problems(html: str) -> list[str]:
    scanner = _CspScanner()
    scanner.feed(html)
    scanner.close()
    return scanner.problems


def test_the_scanner_finds_what_the_csp_would_block():
    """The scanner itself can fail: it catches each kind of problem in a small page."""
    bad = ('<script>alert(1)</script><script src="https://cdn.example/x.js"></script>'
           '<link rel="stylesheet" href="//fonts.example/a.css"><p style="color:red" onclick="x()">'
           '<a href="javascript:void(0)">x</a><style>p{}</style>')
    assert len(csp_problems(bad)) == 7
    good = ('<script type="application/json" id="f">{"a": 1}</script><script src="/static/js/charts.js"></script>'
            '<link rel="icon" href="data:,"><link rel="stylesheet" href="/static/css/vertelpunt.css">')
    assert csp_problems(good) == []


def _html_pages(actor: str):
    for endpoint, access in sorted(MATRIX.items()):
        if actor in access.allow and "GET" in ENDPOINTS.get(endpoint, ()) and access.content_type is None:
            yield endpoint, access


@pytest.mark.parametrize("actor", ["admin", "participant", "anonymous", "viewer_own"])
def test_every_page_works_under_the_csp(world, actor):
    client = world.client(actor)
    problems, scanned = [], 0
    for endpoint, access in _html_pages(actor):
        url = _url(world, endpoint, access)
        response = client.get(url, follow_redirects=True)
        if response.mimetype != "text/html":
            continue
        scanned += 1
        problems += [f"{url}: {problem}" for problem in csp_problems(response.get_data(as_text=True))]
    assert scanned >= 5, f"only {scanned} pages scanned for {actor}"
    assert not problems, "\n".join(problems)
