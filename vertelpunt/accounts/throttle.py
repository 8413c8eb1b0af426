"""Who may try a password now: failed logins counted so that a guesser stops and nobody else is locked out.

Three counts, each with its reason:

- **account + client** (``login``, in the rate-limit store): five wrong passwords for one account from one
  client lock that pair for 15 minutes. This stops a guesser and locks nobody else: the account's owner,
  on another client, logs in as usual.
- **client** (``login_client``, in the rate-limit store): twenty failures from one client over all accounts
  together lock that client, so one client cannot try five passwords on every account in turn.
- **account** (``users.failed_logins``, in the database, so it holds across worker processes, machines and
  restarts): once an account has twenty failures in the window from anywhere (several clients, so a
  distributed guess), it is *slowed*, not locked: every client then gets one attempt on it a minute
  (``login_slowed``). The owner can still log in, at worst after waiting a minute; a guesser with many
  addresses gets one guess a minute from each, and each address still locks after five.

Keys in the store are keyed hashes (:mod:`vertelpunt.limits.keys`); no address is stored anywhere. The
database count belongs to the staff account, not to a client.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import case, func, or_, select, update
from sqlalchemy.orm import Session

from vertelpunt.accounts.services import normalise_email
from vertelpunt.limits.registry import limiter
from vertelpunt.models import User
from vertelpunt.models.common import utcnow

TOO_MANY_ATTEMPTS = ("Te veel mislukte pogingen om in te loggen. Wacht een kwartier en probeer het dan opnieuw, "
                     "of vraag de beheerder om hulp.")
SLOWED_DOWN = ("Voor dit account is de laatste tijd vaak een verkeerd wachtwoord geprobeerd. Daarom kun je het "
               "nu maar één keer per minuut proberen. Wacht een minuut en probeer het opnieuw.")


def _pair(email: str, client: str) -> str:
    return f"{normalise_email(email or '')}|{client}"


def refusal(session: Session, email: str, client: str) -> str | None:
    """The Dutch reason this attempt is refused before its password is checked, or None to go ahead."""
    if limiter("login").is_limited(_pair(email, client)) or limiter("login_client").is_limited(client):
        return TOO_MANY_ATTEMPTS
    if _account_is_slowed(session, email) and not limiter("login_slowed").hit(_pair(email, client)):
        return SLOWED_DOWN
    return None


def record_failure(session: Session, email: str, client: str) -> None:
    """Count a wrong password for the pair, the client and (when the account exists) the account."""
    limiter("login").hit(_pair(email, client))
    limiter("login_client").hit(client)
    started_over = or_(User.failed_logins_since.is_(None), User.failed_logins_since < _window_start())
    session.execute(
        update(User)
        .where(func.lower(User.email) == normalise_email(email or ""))
        .values(failed_logins=case((started_over, 1), else_=User.failed_logins + 1),
                failed_logins_since=case((started_over, utcnow()), else_=User.failed_logins_since))
        .execution_options(synchronize_session=False)
    )


def record_success(session: Session, user: User, email: str, client: str) -> None:
    """A right password clears the pair's failures and the account's count."""
    limiter("login").clear(_pair(email, client))
    user.failed_logins = 0
    user.failed_logins_since = None


def _window_start():
    _count, seconds = current_app.config["LOGIN_ACCOUNT_FAILURE_LIMIT"]
    return utcnow() - timedelta(seconds=int(seconds))


def _account_is_slowed(session: Session, email: str) -> bool:
    limit, _seconds = current_app.config["LOGIN_ACCOUNT_FAILURE_LIMIT"]
    row = session.execute(
        select(User.failed_logins, User.failed_logins_since).where(func.lower(User.email) == normalise_email(email or ""))
    ).first()
    if row is None or row.failed_logins_since is None or row.failed_logins < int(limit):
        return False
    since = row.failed_logins_since
    if since.tzinfo is None:  # SQLite hands back naive UTC
        since = since.replace(tzinfo=_window_start().tzinfo)
    return since >= _window_start()
