"""Fixtures for the export tests: cards with a statistics table, a chart spec and linked stories."""
from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from datetime import datetime, timezone

import pytest

from vertelpunt.models import CardStory, ObservationCard, PatternRun


def card_content(title_a="Ik voelde me gehoord", region_labels=("Twente", "Rijk van Nijmegen")) -> dict:
    rows = [{"label": label, "cells": [value, n], "suppressed": False}
            for label, value, n in zip(region_labels, (72.5, 48.0), (31, 29))]
    return {
        "question_a": {"key": "heard", "label": title_a}, "question_b": {"key": "region", "label": "Regio"},
        "kind": "slider_by_group", "test": "Kruskal-Wallis", "statistic": 12.3, "pvalue": 0.0004, "qvalue": 0.004,
        "effect_name": "epsilon²", "effect_size": 0.21, "effect_class": "middel", "stability": 0.9, "n": 60,
        "description": "In Twente voelen tellers zich vaker gehoord dan in Rijk van Nijmegen.",
        "data_description": "Gemiddelde score op 'gehoord' per regio",
        "stats": {"header": ["Regio", "Gemiddelde gehoord", "Verhalen"], "rows": rows + [
            {"label": "Groningen", "cells": [None, None], "suppressed": True}], "note": "Groepen onder 5 verhalen zijn verborgen."},
        "chart": {"kind": "bars", "title": "Gehoord per regio", "total": 60, "bars": [
            {"key": "twente", "label": region_labels[0], "n": 31, "suppressed": False},
            {"key": "rijk-van-nijmegen", "label": region_labels[1], "n": 29, "suppressed": False}]},
        "keywords": ["luisteren", "wachtlijst"], "stories": [], "hints": ["Wat maakt het verschil?", "Wie herkent dit?"],
    }


@pytest.fixture
def make_card(session, project):
    """Factory: an observation card (published by default) for a region of the test project."""

    def factory(title="Gehoord worden verschilt per regio", status="published", region_key="twente", stories=(),
                observation="Tellers in Twente voelen zich vaker gehoord.", target=None):
        target = target or project
        run = PatternRun(project=target, created_by="analyst@example.org", form_id=target.form_id, filters={},
                         options={}, n_stories=60, n_notable=1, result={})
        region = next((r for r in target.regions if r.key == region_key), None) if region_key else None
        card = ObservationCard(
            project=target, run=run, pattern_key="heard|region", region=region, title=title, observation=observation,
            interpretation_a="Hulpverleners in Twente nemen meer tijd.", interpretation_b="Tellers in Twente verwachten minder.",
            n=60, filters={}, content=card_content(), status=status, created_by="analyst@example.org",
            published_at=datetime(2026, 4, 1, tzinfo=timezone.utc) if status == "published" else None)
        for position, story in enumerate(stories):
            card.stories.append(CardStory(story=story, position=position, sentence=0))
        session.add(card)
        session.commit()
        return card

    return factory


def pdf_text(data: bytes, tmp_path) -> str:
    """The text of a PDF through poppler's pdftotext (skips where it is not installed)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def inflated(data: bytes) -> bytes:
    """The PDF with every Flate stream decompressed appended, so object streams and page content are searchable."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            parts.append(zlib.decompressobj().decompress(data[match.end():match.end() + 4_000_000]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def path_operators(data: bytes) -> int:
    """How many vector drawing operators (re, l, c, m) the page content streams hold."""
    return len(re.findall(rb"(?:^|\s)-?[\d.]+ -?[\d.]+ (?:-?[\d.]+ -?[\d.]+ )?(?:re|l|m)\s", inflated(data)))
