"""Viewers see their own regions only: on every page they may open, nothing of the other region shows up.

The access matrix proves a viewer cannot open a single object of another region; this proves the lists,
dashboards, reports and exports they *may* open leak nothing either, also when the query string asks for
the other region on purpose.
"""
from __future__ import annotations

import pytest

from tests.security.matrix import MATRIX
from tests.security.test_access_matrix import ENDPOINTS, _url

TWENTE_ONLY = ("Wachttijd laten zien", "Duiding Twente", "Wachten kost vertrouwen", "Gemeente Enschede")
NIJMEGEN_ONLY = ("Gehoord worden helpt",)
SNEAKY_QUERIES = ("", "region=twente", "regio=twente", "region=rijk-van-nijmegen", "project=proef&region=twente")


def _viewer_pages(actor: str):
    for endpoint, access in sorted(MATRIX.items()):
        if actor in access.allow and "GET" in ENDPOINTS.get(endpoint, ()) and not access.content_type == "application/pdf":
            if endpoint.startswith(("public.", "collect.", "proposals_public.", "participate.", "accounts.")):
                continue  # public pages show public things to everyone
            yield endpoint, access


@pytest.mark.parametrize("actor, foreign_region", [("viewer_other", "twente"), ("viewer_own", "nijmegen")])
def test_viewer_pages_show_nothing_of_another_region(world, actor, foreign_region):
    markers = (TWENTE_ONLY if foreign_region == "twente" else NIJMEGEN_ONLY) + tuple(world.public_ids[foreign_region])
    client = world.client(actor)
    leaks, checked = [], 0
    for endpoint, access in _viewer_pages(actor):
        base = _url(world, endpoint, access)
        for extra in SNEAKY_QUERIES:
            url = base + (("&" if "?" in base else "?") + extra if extra else "")
            response = client.get(url)
            if response.status_code >= 400:
                continue  # refused or a filter error: nothing shown
            checked += 1
            body = response.get_data(as_text=True)
            found = [marker for marker in markers if marker in body]
            if found:
                leaks.append(f"{url}: {', '.join(found[:5])}")
    assert checked >= 10, "too few pages were checked to mean anything"
    assert not leaks, f"{actor} sees {foreign_region} things on:\n" + "\n".join(leaks)


def test_the_markers_do_show_for_the_own_region(world):
    """Guard against a test that cannot fail: the same markers do appear for a viewer of Twente."""
    client = world.client("viewer_own")
    assert "Wachttijd laten zien" in client.get("/beheer/voorstellen/").get_data(as_text=True)
    assert "Wachten kost vertrouwen" in client.get("/beheer/kaarten/").get_data(as_text=True)
    stories = client.get("/beheer/analyse/verhalen?project=proef").get_data(as_text=True)
    assert any(public_id in stories for public_id in world.public_ids["twente"])
