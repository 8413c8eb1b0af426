"""Creating staff accounts and checking credentials."""
from __future__ import annotations

import functools
import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vertelpunt.accounts.passwords import hash_password, password_problems, verify_password
from vertelpunt.geo.services import find_regions
from vertelpunt.models import User, UserRole
from vertelpunt.errors import VertelpuntError

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@functools.cache
def _dummy_hash() -> str:
    """Verifying against a real hash when the e-mail is unknown keeps the response time the same, so
    login timing does not reveal which addresses have an account. Made on the first login, not at
    import: hashing takes a noticeable part of a second, which every CLI command would pay."""
    return hash_password("vertelpunt-dummy-password")


class AccountError(VertelpuntError):
    """A request about an account that cannot be carried out; the message is Dutch and user-facing."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(
    session: Session,
    email: str,
    password: str,
    role: str,
    region_keys: list[str] | tuple[str, ...] = (),
    name: str = "",
) -> User:
    """Create a staff account; viewers must be limited to at least one region."""
    email = normalise_email(email)
    if not EMAIL_PATTERN.match(email):
        raise AccountError(f"'{email}' is geen geldig e-mailadres.")
    if role not in {r.value for r in UserRole}:
        allowed = ", ".join(r.value for r in UserRole)
        raise AccountError(f"Onbekende rol '{role}'. Kies uit: {allowed}.")
    problems = password_problems(password, email)
    if problems:
        raise AccountError(" ".join(problems))
    if session.scalar(select(User).where(func.lower(User.email) == email)) is not None:
        raise AccountError(f"Er bestaat al een account voor {email}.")
    regions, unknown = find_regions(session, region_keys)
    if unknown:
        raise AccountError(f"Onbekende regio '{unknown[0]}'.")
    if role == UserRole.VIEWER.value and not regions:
        raise AccountError("Een kijker (viewer) moet aan minstens één regio gekoppeld zijn (--region).")
    user = User(email=email, name=name, password_hash=hash_password(password), role=role, regions=regions)
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with these credentials, or ``None``."""
    dummy = _dummy_hash()  # before the lookup, so the first login costs the same whether the account exists
    user = session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))
    if user is None:
        verify_password(dummy, password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    return user


def end_all_sessions(session: Session, user: User) -> None:
    """Make every session cookie issued to this user so far worthless (logout).

    Sessions live in signed cookies, which cannot be revoked one by one; each carries the user's session
    version from the moment of login, and the user loader refuses a cookie with an older version.
    """
    user.session_version = (user.session_version or 0) + 1
    session.flush()
