import re

import pytest
from werkzeug.datastructures import MultiDict

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
TOKEN = re.compile(r'name="submission" value="([^"]+)"')


class StoryFlow:
    """Walks the public story form like a browser without JavaScript would: every POST carries the
    hidden fields the page rendered, plus what the person filled in on that page."""

    def __init__(self, client, slug, role, extra_query=""):
        self.client, self.slug, self.role = client, slug, role
        self.url = f"/v/{slug}/vertel/{role}{extra_query}"
        self.response = client.get(self.url)
        assert self.response.status_code == 200, self.response.status_code
        self.page = self.response.get_data(as_text=True)
        self.filled: dict = {}

    def hidden_fields(self) -> list[tuple[str, str]]:
        import html

        fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', self.page)
        return [(name, html.unescape(value)) for name, value in fields]

    def post(self, nav="next", **fields):
        # A browser posts the hidden fields plus the visible ones, which the page shows prefilled with
        # what the person entered before; ``filled`` remembers those, ``fields`` are this page's edits.
        self.filled.update(fields)
        data = self.hidden_fields()
        hidden_names = {name for name, _ in data}
        for name, value in self.filled.items():
            if name in hidden_names and name not in fields:
                continue
            values = value if isinstance(value, list) else [value]
            data = [(n, v) for n, v in data if n != name] + [(name, v) for v in values]
        data.append(("nav", nav))
        self.response = self.client.post(self.url.split("?")[0], data=MultiDict(data))
        self.page = self.response.get_data(as_text=True)
        return self.response

    @property
    def step_title(self) -> str:
        return re.search(r"<h1>([^<]+)</h1>", self.page).group(1)


@pytest.fixture
def flow(client):
    def start(slug="proef", role="parent", extra_query=""):
        return StoryFlow(client, slug, role, extra_query)

    return start
