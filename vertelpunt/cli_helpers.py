"""Small helpers shared by the command modules of the `vertelpunt` CLI."""
from __future__ import annotations

import click

from vertelpunt.db import get_session


def fail(message: str) -> None:
    """Stop the command with a Dutch message and a non-zero exit code."""
    raise click.ClickException(message)


def project_or_fail(slug: str):
    from vertelpunt.projects.services import get_project

    project = get_project(get_session(), slug)
    if project is None:
        fail(f"Geen project '{slug}'. Zie 'vertelpunt projects'.")
    return project


def without_password(uri: str) -> str:
    """A storage address as it may be printed: credentials in it are replaced by ***."""
    scheme, sep, rest = uri.partition("://")
    if "@" in rest:
        rest = "***@" + rest.rsplit("@", 1)[1]
    return scheme + sep + rest
