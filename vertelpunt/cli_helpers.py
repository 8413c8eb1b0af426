"""Small helpers shared by the command modules of the `vertelpunt` CLI.

:func:`command_transaction` is where a command's transaction ends and where a user error becomes an exit
(docs/architecture.md): ``cli.py`` runs every command's work inside it, so commands and the services they call
never commit and never catch ``VertelpuntError`` just to report it.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from vertelpunt.db import get_session
from vertelpunt.errors import USER_ERRORS, user_message


class CommandError(click.ClickException):
    """A user error as the CLI reports it: ``Error: <Dutch message>`` on stderr, exit code 1, no traceback."""

    exit_code = 1


def fail(message: str) -> None:
    """Stop the command with a Dutch message and a non-zero exit code."""
    raise CommandError(message)


@contextmanager
def command_transaction() -> Iterator[None]:
    """Commit what the block wrote when it ends normally; roll it back on any error.

    A :data:`vertelpunt.errors.USER_ERRORS` error becomes a :class:`CommandError` (its message on stderr,
    exit 1); anything else is rolled back and raised on, so a bug shows its traceback. Blocks may nest
    (``serve`` commits the migration and the demo before it starts serving): each inner one commits what was
    written so far.
    """
    session = get_session()
    try:
        yield
    except USER_ERRORS as error:
        session.rollback()
        raise CommandError(user_message(error)) from None
    except BaseException:
        session.rollback()
        raise
    session.commit()


def project_or_fail(slug: str):
    from vertelpunt.projects.services import get_project

    project = get_project(get_session(), slug)
    if project is None:
        fail(f"Geen project '{slug}'. Zie 'vertelpunt projects'.")
    return project
