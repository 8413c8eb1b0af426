"""docs/deploy.md shows every deployment file as it is, and every deployment file is run by tests/deploy/.

An operator copies configuration from the page; CI runs the files in deploy/. This keeps the two the same,
and keeps deploy/ free of files that no test exercises.
"""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEPLOY_FILES = sorted(path for path in (ROOT / "deploy").rglob("*") if path.is_file())


def test_there_are_deployment_files():
    assert {path.name for path in DEPLOY_FILES} >= {"vertelpunt.conf", "vertelpunt@.service", "vertelpunt.env"}


@pytest.mark.parametrize("path", DEPLOY_FILES, ids=lambda path: path.name)
def test_the_deploy_page_shows_the_file_whole(path):
    page = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert path.read_text(encoding="utf-8").strip() in page, f"docs/deploy.md differs from {path.relative_to(ROOT)}"


@pytest.mark.parametrize("path", DEPLOY_FILES, ids=lambda path: path.name)
def test_every_deployment_file_is_used_by_the_deploy_tests(path):
    harness = "\n".join(source.read_text(encoding="utf-8") for source in (ROOT / "tests" / "deploy").glob("*.py"))
    assert path.name in harness, f"{path.relative_to(ROOT)} is not exercised by tests/deploy/"
