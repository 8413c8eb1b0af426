"""`vertelpunt users`: list staff accounts, create one, reset a lost password."""
from __future__ import annotations

import sys

import click
from sqlalchemy import select

from vertelpunt.db import get_session
from vertelpunt.models.accounts import USER_ROLE_VALUES


@click.group(invoke_without_command=True)
@click.pass_context
def users(ctx: click.Context) -> None:
    """Toon de accounts van medewerkers; 'users create' maakt er een."""
    if ctx.invoked_subcommand is not None:
        return
    from vertelpunt.models import User

    for user in get_session().scalars(select(User).order_by(User.email)):
        regions = ", ".join(r.key for r in user.regions) or "-"
        state = "" if user.active else " (uitgeschakeld)"
        click.echo(f"{user.email:<40} {user.role:<12} regio's: {regions}{state}")


@users.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(USER_ROLE_VALUES),
              help="Rol: admin (beheerder), analyst (analist), moderator, facilitator (begeleider) of viewer (kijker).")
@click.option("--region", "regions", multiple=True, help="Regio-sleutel (verplicht voor viewer).")
@click.option("--name", default="", help="Naam van de medewerker.")
@click.option("--password-stdin", is_flag=True, help="Lees het wachtwoord van standaardinvoer.")
def users_create(email: str, role: str, regions: tuple[str, ...], name: str, password_stdin: bool) -> None:
    """Maak een account voor een medewerker (het wachtwoord wordt gevraagd, nooit als argument meegegeven)."""
    from vertelpunt.accounts.services import create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Wachtwoord", hide_input=True, confirmation_prompt="Herhaal wachtwoord")
    user = create_user(get_session(), email, password, role, regions, name=name)
    click.echo(f"Account {user.email} ({user.role}) gemaakt.")


@users.command("reset-password")
@click.argument("email")
def users_reset_password(email: str) -> None:
    """Geef een account een nieuw wachtwoord (bij een kwijt beheerderswachtwoord); het staat alleen hier, één keer."""
    from vertelpunt.accounts.services import get_user, reset_password
    from vertelpunt.cli_helpers import fail

    session = get_session()
    user = get_user(session, email)
    if user is None:
        fail(f"Er is geen account voor {email}.")
    password = reset_password(session, user)
    click.echo(f"Nieuw wachtwoord voor {user.email} (wordt niet nog eens getoond):")
    click.echo(password)
    click.echo("Alle sessies van dit account zijn beëindigd.")
