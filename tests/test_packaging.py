"""The distribution carries templates/ and static/ (docs/architecture.md, Assets).

The cheap invariants run in the quick loop; the slow test builds a wheel and serves it (.ci/wheel_check).
"""
from __future__ import annotations

import ast
import glob
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import vertelpunt

ROOT = Path(__file__).resolve().parent.parent
ASSETS = {"vertelpunt.templates": "templates", "vertelpunt.static": "static"}


def setuptools_table() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_pyproject_maps_templates_and_static_into_the_package():
    table = setuptools_table()
    assert table["package-dir"] == ASSETS
    for package in ASSETS:
        assert table["package-data"].get(package), f"{package} has no package-data patterns"
    assert "packages" not in table, "setup.py finds the packages and adds the mapped ones"
    setup_py = (ROOT / "setup.py").read_text(encoding="utf-8")
    assert '["package-dir"]' in setup_py and "find_packages" in setup_py
    test_extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]["test"]
    assert any(requirement.startswith("build") for requirement in test_extra), ".ci/wheel_check runs python -m build"


def test_sdist_manifest_grafts_templates_and_static():
    lines = (ROOT / "MANIFEST.in").read_text(encoding="utf-8").splitlines()
    for folder in ASSETS.values():
        assert f"graft {folder}" in lines


@pytest.mark.parametrize("package", sorted(ASSETS))
def test_every_asset_file_matches_a_package_data_pattern(package):
    """A new subfolder or file type under templates/ or static/ cannot be left out of the wheel unnoticed."""
    folder = ROOT / ASSETS[package]
    shipped = set()
    for pattern in setuptools_table()["package-data"][package]:  # the way setuptools' build_py globs them
        shipped.update(Path(name) for name in glob.glob(str(folder / pattern), recursive=True) if os.path.isfile(name))
    present = {path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts}
    missing = sorted(str(path.relative_to(ROOT)) for path in present - shipped)
    assert present and not missing, f"not matched by package-data for {package}: {missing}"


def test_package_data_ships_the_other_run_time_files():
    patterns = setuptools_table()["package-data"]["vertelpunt"]
    package = ROOT / "vertelpunt"
    shipped = {Path(name) for pattern in patterns for name in glob.glob(str(package / pattern), recursive=True)}
    for folder in ("data", "migrations/versions", "translations"):
        for path in (package / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                assert path in shipped, f"{path.relative_to(ROOT)} is not in package-data"
    assert package / "migrations" / "script.py.mako" in shipped


@pytest.fixture
def fake_install(tmp_path, monkeypatch):
    """A site-packages-like folder: the package beside an unrelated top-level templates/ and static/."""
    site = tmp_path / "site-packages"
    package = site / "vertelpunt"
    for name in ("templates", "static"):
        (site / name).mkdir(parents=True)
    package.mkdir()
    monkeypatch.setattr(vertelpunt, "PACKAGE_DIR", package)
    monkeypatch.setattr(vertelpunt, "PROJECT_DIR", site)
    return site


def test_asset_dir_prefers_the_folder_inside_the_package(fake_install):
    (fake_install / "pyproject.toml").write_text("")  # even when the parent looks like a checkout
    for name in ("templates", "static"):
        (fake_install / "vertelpunt" / name).mkdir()
        assert vertelpunt._asset_dir(name) == str(fake_install / "vertelpunt" / name)


def test_asset_dir_never_picks_up_a_stray_site_packages_folder(fake_install):
    for name in ("templates", "static"):
        assert vertelpunt._asset_dir(name) == str(fake_install / "vertelpunt" / name)


def test_asset_dir_uses_the_repository_folders_in_an_editable_install(fake_install):
    (fake_install / "pyproject.toml").write_text("")
    for name in ("templates", "static"):
        assert vertelpunt._asset_dir(name) == str(fake_install / name)


def test_this_checkout_serves_its_top_level_folders():
    if (Path(vertelpunt.__file__).parent / "templates").is_dir():
        pytest.skip("running against an installed wheel")
    assert vertelpunt._asset_dir("templates") == str(ROOT / "templates")
    assert vertelpunt._asset_dir("static") == str(ROOT / "static")


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("VERTELPUNT_TEST_DATABASE_URL") is not None,
                    reason="serves the SQLite default; CI runs it once, in the SQLite pass")
def test_wheel_serves_every_page_from_a_fresh_venv():
    """Builds the wheel, installs it in a fresh venv under /tmp and serves the demo (about two minutes)."""
    result = subprocess.run([sys.executable, str(ROOT / ".ci" / "wheel_check")], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout
    assert "FAIL" not in result.stdout


def _third_party_imports() -> dict[str, str]:
    """Every top-level module the shipped packages import that is neither the standard library nor their own,
    with one file that imports it."""
    found: dict[str, str] = {}
    for package in ("vertelpunt", "analysis"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                         else [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
                         else [])
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in ("vertelpunt", "analysis"):
                        found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def test_every_imported_library_is_a_declared_dependency():
    """A module the app imports but only the test extras (or another package's requirements) bring along works
    in a checkout and fails after ``pip install .``: pandas did, for ``patterns --csv``."""
    from importlib.metadata import packages_distributions

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")
                for requirement in project["dependencies"]}
    distributions = packages_distributions()
    missing = {module: where for module, where in _third_party_imports().items()
               if not {d.lower().replace("_", "-") for d in distributions.get(module, [module])} & declared}
    assert not missing, f"imported but not in [project] dependencies: {missing}"
