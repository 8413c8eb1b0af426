"""Creating staff accounts and checking credentials."""
from __future__ import annotations

import functools
import re
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vertelpunt.accounts.passwords import (
    hash_password,
    password_problems,
    verify_password,
)
from vertelpunt.audit.services import record
from vertelpunt.errors import VertelpuntError
from vertelpunt.geo.services import find_regions
from vertelpunt.models import User, UserRole

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
    acting: User | None = None,
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
    record(session, "user.create", "user", email, acting, {"role": role, "regions": [r.key for r in regions]})
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


def update_user(session: Session, user: User, role: str, region_keys: list[str] | tuple[str, ...],
                acting: User | None = None) -> list[str]:
    """Change an account's role and regions; returns what changed. Checked before anything is assigned.

    An admin cannot take away their own admin role: the last way into these pages must not close by a slip.
    """
    if role not in {r.value for r in UserRole}:
        raise AccountError(f"Onbekende rol '{role}'.")
    regions, unknown = find_regions(session, region_keys)
    if unknown:
        raise AccountError(f"Onbekende regio '{unknown[0]}'.")
    if role == UserRole.VIEWER.value and not regions:
        raise AccountError("Een kijker (viewer) moet aan minstens één regio gekoppeld zijn.")
    if acting is not None and acting.id == user.id and role != user.role:
        raise AccountError("Je kunt je eigen rol niet veranderen; vraag dat aan een andere beheerder.")
    changed = []
    if user.role != role:
        user.role, changed = role, changed + ["role"]
    if {r.id for r in user.regions} != {r.id for r in regions}:
        user.regions, changed = regions, changed + ["regions"]
    if changed:
        record(session, "user.update", "user", user.email, acting,
               {"fields": changed, "role": role, "regions": [r.key for r in regions]})
        end_all_sessions(session, user)  # a new role applies from the next login, not halfway a session
    session.flush()
    return changed


def set_user_active(session: Session, user: User, active: bool, acting: User | None = None) -> bool:
    """Switch an account off (its sessions end at once) or on again; False if it already was so."""
    if acting is not None and acting.id == user.id and not active:
        raise AccountError("Je kunt je eigen account niet uitschakelen.")
    if user.active == active:
        return False
    user.active = active
    record(session, "user.activate" if active else "user.deactivate", "user", user.email, acting)
    if not active:
        end_all_sessions(session, user)
    session.flush()
    return True


def generate_password() -> str:
    """A new password from the OS's secure random source: 20 characters, about 119 bits, none ambiguous."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(20))
        if not password_problems(password):
            return password


def reset_password(session: Session, user: User, acting: User | None = None) -> str:
    """Give the account a freshly generated password and end its sessions; the caller shows it once."""
    password = generate_password()
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.failed_logins_since = None
    record(session, "user.reset_password", "user", user.email, acting)  # never the password itself
    end_all_sessions(session, user)
    return password


def get_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))
