"""Small helpers shared by the command modules of the `vertelpunt` CLI."""
from __future__ import annotations

import click


def fail(message: str) -> None:
    """Stop the command with a Dutch message and a non-zero exit code."""
    raise click.ClickException(message)


def project_or_fail(slug: str):
    from vertelpunt.db import get_session
    from vertelpunt.projects.services import get_project

    project = get_project(get_session(), slug)
    if project is None:
        fail(f"Geen project '{slug}'. Zie 'vertelpunt projects'.")
    return project
