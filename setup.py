"""Package discovery only; everything else is in pyproject.toml.

pyproject.toml cannot combine ``packages.find`` with the ``package-dir`` entries that ship the top-level
templates/ and static/ folders as ``vertelpunt.templates`` and ``vertelpunt.static``, so the list is made
here: every package under vertelpunt/ and analysis/, plus each package named in ``[tool.setuptools.package-dir]``.
"""
import tomllib
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).resolve().parent
PACKAGE_DIR = tomllib.loads((HERE / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-dir"]

setup(packages=find_packages(include=["vertelpunt", "vertelpunt.*", "analysis", "analysis.*"]) + sorted(PACKAGE_DIR))
